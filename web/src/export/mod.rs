//! Export › AWS SAM / CloudFormation template of a state machine and the functions it calls.

pub mod menu;
pub mod refs;
pub mod template;

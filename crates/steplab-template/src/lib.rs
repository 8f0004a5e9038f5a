//! SAM and CloudFormation templates imported into StepLab (the inverse of the console's Export):
//! the Lambda functions with their code, the state machines with their definitions, and the
//! DynamoDB tables, SQS queues, SNS topics and subscriptions, S3 buckets and EventBridge rules as
//! a list of service calls (the resources seed `steplab_runner::resources::seed` applies).
//! Intrinsic functions and parameters are resolved; what StepLab cannot emulate is listed by
//! logical id, never dropped.
//!
//! Pure: no I/O. The caller passes the template's text and a [`Files`] that reads the files next
//! to it (the `CodeUri` folders, `DefinitionUri` files). A function's files are its whole
//! `CodeUri` folder, as on Lambda, less what [`package`] leaves out.

mod conditions;
mod files;
mod function;
mod globals;
mod import;
mod intrinsics;
mod kinds;
mod locate;
mod model;
mod names;
mod options;
pub mod package;
mod parameters;
mod read;
mod resources;
mod stack;
mod state_machine;
mod sub;
mod values;

pub use files::{Files, NoFiles};
pub use import::import;
pub use model::{Function, Import, Listed, Problem, StateMachine};
pub use options::Options;

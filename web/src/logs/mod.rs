//! CloudWatch Logs: the log groups StepLab's runs write (see [`model`]), and their pages.

pub mod model;
pub mod page;

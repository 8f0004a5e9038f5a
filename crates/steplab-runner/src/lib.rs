//! Runs executions: the one driver ([`Driver`]) that carries the ASL engine ([`steplab_asl`])
//! forward for every host, with ARNs, names and ids formed as AWS forms them.
//!
//! This crate knows nothing of Python or the browser: a host carries out the driver's effects
//! ([`Effect`]): synchronously with [`sync`] and its [`Functions`] (the CLI, the JavaScript API),
//! or asynchronously with [`host::drive`] and its own Workers and timers (the web app). Only the `python` feature
//! (for hosts that run functions in their own thread) brings in `steplab-lambda`, implementing
//! [`Functions`] for its `Environments`.
#![forbid(unsafe_code)]

pub mod arn;
pub mod driver;
pub mod execution_protocol;
pub mod handler_aws;
pub mod host;
pub mod ids;
pub mod integrations;
pub mod lambda;
pub mod names;
pub mod protocol;
#[cfg(feature = "python")]
mod python;
pub mod resources;
pub mod run;
pub mod service;
pub mod sync;
pub mod vended_logs;
pub mod versions;

pub use arn::{FunctionRef, Partition};
pub use driver::{Answer, Driver, Effect, InvokeId, Resume, Setup, StartedExecution};
pub use ids::Ids;
pub use lambda::{Dispatch, LambdaCall, LambdaReply};
pub use run::{Functions, InvocationLog, RunOptions, start};
pub use steplab_services::{ServiceError, Services};

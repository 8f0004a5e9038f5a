//! Runs executions: the ASL engine ([`steplab_asl`]) driven with Lambda functions,
//! with ARNs, names and ids formed as AWS forms them.
//!
//! This crate knows nothing of Python or the browser: a host supplies the functions
//! ([`run::Functions`] for synchronous hosts such as the CLI, or [`lambda::dispatch`] and
//! [`lambda::outcome`] around its own asynchronous call, as the web app does with its Worker).
//! Only the `python` feature (for hosts that run functions in their own thread) brings in
//! `steplab-lambda`, implementing [`run::Functions`] for its `Environments`.
#![forbid(unsafe_code)]

pub mod arn;
pub mod ids;
pub mod lambda;
pub mod names;
pub mod protocol;
#[cfg(feature = "python")]
mod python;
pub mod run;
pub mod service;

pub use arn::{FunctionRef, Partition};
pub use ids::Ids;
pub use lambda::{Dispatch, LambdaCall, LambdaReply};
pub use run::{Functions, InvocationLog, RunOptions, carry_out, run_to_end, start};

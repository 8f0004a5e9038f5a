//! StepLab's JavaScript/wasm API: validate Amazon States Language definitions, run executions
//! whose Task states call Python Lambda functions (RustPython, in the calling thread), step
//! through executions, and evaluate JSONata and JSONPath — all as plain data.
//!
//! Built with `wasm-pack build --target web` (or `--target nodejs`), the package exports
//! `validate`, `run`, `testState`, `evaluateJsonata`, `evaluateJsonPath` and the class
//! `StepLabExecution`,
//! with TypeScript types (see this crate's README). The same API is plain Rust for crates that
//! test their state machines with `wasm_bindgen_test` (or natively):
//!
//! ```
//! use serde_json::json;
//! use steplab_wasm::{FunctionConfig, RunRequest};
//!
//! let definition = r#"{"StartAt": "Hello", "States": {"Hello": {"Type": "Task",
//!     "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:Hello", "End": true}}}"#;
//! let handler = "def lambda_handler(event, context):\n    return {'hello': event['name']}\n";
//! let request = RunRequest::new(definition)
//!     .with_input(json!({"name": "world"}))
//!     .with_function(FunctionConfig::new("Hello", handler));
//! let result = steplab_wasm::run(&request).expect("the request is valid");
//! assert_eq!(result.status, "SUCCEEDED");
//! assert_eq!(result.output, Some(json!({"hello": "world"})));
//! ```
//!
//! `run` and `StepLabExecution` run synchronously: a long handler blocks the thread it runs in
//! (use a Web Worker in a page). `runAsync` also runs Node.js functions, each in an environment
//! of its own (a module Worker in a browser, a `node` child process under Node.js), and returns a
//! Promise. Executions go through [`steplab_runner`] exactly as the CLI's do.

mod clock;
mod diagnostics;
mod expression;
mod functions;
pub mod js;
#[cfg(target_arch = "wasm32")]
mod node_functions;
pub mod request;
mod run;
mod stepping;
mod test_state;

pub use diagnostics::{Diagnostic, Span, validate};
pub use expression::{ExpressionError, evaluate_json_path, evaluate_jsonata};
pub use js::StepLabExecution;
pub use request::{RequestError, RunRequest};
#[cfg(target_arch = "wasm32")]
pub use run::run_async;
pub use run::{FunctionLog, RunResult, run};
pub use steplab_asl::TestStateException;
pub use steplab_function::FunctionConfig;
pub use stepping::{Redriven, StepResult, Stepper};
pub use test_state::test_state;

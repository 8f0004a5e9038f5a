//! The AWS Lambda python3.11 runtime on RustPython, natively and in wasm32.
//!
//! An [`ExecutionEnvironment`] is one Lambda execution environment: the first
//! [`ExecutionEnvironment::invoke`] runs INIT (the module's top-level code), later invokes reuse
//! its globals. Results, errors and logs follow AWS's python3.11 runtime byte for byte where a user
//! can see them; the Python half of the runtime is a frozen bootstrap mirroring awslambdaric.
//!
//! ```
//! use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
//!
//! let code = "def lambda_handler(event, context):\n    return {'hello': event['name']}\n";
//! let mut env = ExecutionEnvironment::new(FunctionConfig::new("Hello", code));
//! let result = env.invoke(r#"{"name": "world"}"#, "8f5e4f3a-0000-4000-8000-000000000001");
//! assert_eq!(result.payload, r#"{"hello": "world"}"#);
//! assert_eq!(result.function_error, None);
//! ```

mod clock;
mod config;
mod environment;
mod report;
mod result;
mod sandbox;
#[cfg(not(target_arch = "wasm32"))]
mod watchdog;

pub use config::FunctionConfig;
pub use environment::ExecutionEnvironment;
pub use result::InvokeResult;

//! A Lambda function's configuration as the Lambda console's Configuration tab holds it: its
//! name, runtime, handler, code, timeout, memory, environment variables, region, account and
//! logging configuration ([`LoggingConfig`]: Text or JSON, application and system log levels).
//!
//! One type, [`FunctionConfig`], for every place that knows a function: the Python runtime
//! (`steplab-lambda`) runs it, the Worker protocol (`steplab-runner`) carries it to the browser's
//! Lambda Worker, the JavaScript API (`steplab-wasm`) reads it from a run request, and the web
//! app's workspace stores it. No RustPython, no browser: only serde.
//!
//! ```
//! use steplab_function::FunctionConfig;
//!
//! let function = FunctionConfig::new("Hello", "def lambda_handler(event, context):\n    return event\n")
//!     .with_handler("hello.lambda_handler");
//! assert_eq!(function.file_name, "hello.py");
//! assert_eq!(function.runtime, "python3.11");
//! assert_eq!(function.function_arn(), "arn:aws:lambda:us-east-1:123456789012:function:Hello");
//! ```

pub mod aws;
mod config;
mod gaps;
pub mod handler;
pub mod logging;
pub mod package;
pub mod platform;
pub mod ready;
pub mod removed_modules;
pub mod runtime;

pub use config::FunctionConfig;
pub use gaps::known_gaps;
pub use logging::{LogFormat, LoggingConfig};

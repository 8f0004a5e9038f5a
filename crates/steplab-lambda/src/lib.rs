//! The AWS Lambda python3.11 runtime on RustPython, natively and in wasm32.
//!
//! An [`ExecutionEnvironment`] is one Lambda execution environment: the first
//! [`ExecutionEnvironment::invoke`] runs INIT (the module's top-level code), later invokes reuse
//! its globals. Results, errors and logs follow AWS's python3.11 runtime byte for byte where a user
//! can see them; the Python half of the runtime is a frozen bootstrap mirroring awslambdaric.
//!
//! The sandbox is the same natively and in wasm32: an in-memory `posix` (environment, `/var/task`
//! read-only, `/tmp` writable), a clock with a virtual offset (`time.sleep` never blocks and counts
//! towards the timeout), the pure-Python `datetime`, an offline `_socket`. Natively a watchdog
//! thread also interrupts code that never sleeps; in the browser the host terminates the Worker
//! and reports [`InvokeResult::timed_out`].
//!
//! Handlers can `import boto3`: StepLab's own faithful subset of boto3/botocore (`sdk/`, frozen by
//! `build.rs`) with the clients `dynamodb`, `s3`, `sqs`, `sns`, `events`, `lambda`,
//! `stepfunctions`, the DynamoDB and S3 resources, botocore's exceptions and response shapes. A call
//! goes to the host's [`AwsHost`], given per invocation with [`ExecutionEnvironment::invoke_with`];
//! without one, calls fail as without a network (`EndpointConnectionError`).
//!
//! Syntax newer than Python 3.11 (found with the parser's 3.11 target) fails as on AWS, with
//! `Runtime.UserCodeSyntaxError`. [`prewarm`] pays the first interpreter's one-time costs early.
//!
//! Known differences from AWS: RustPython implements Python 3.14 (newer *behaviour* is not caught),
//! standard-library and SDK frames in stack traces carry StepLab's line numbers and no source line,
//! `boto3` has only the operations StepLab's services answer (no waiters, no JMESPath `search`,
//! no `s3transfer`, `jmespath` or `dateutil`), there is no `ssl`/HTTPS, only the standard library of
//! `stdlib.txt`, and `Max Memory Used` is an estimate.
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

mod aws;
mod clock;
mod environment;
mod environments;
mod json;
mod logging;
mod python_version;
mod report;
mod result;
mod sandbox;
mod stdlib_source;
mod syntax;
#[cfg(not(target_arch = "wasm32"))]
mod watchdog;

pub use aws::{AwsError, AwsHost, SharedAwsHost};
pub use environment::{ExecutionEnvironment, has_prewarmed, prewarm};
pub use environments::Environments;
pub use result::InvokeResult;
pub use steplab_function::FunctionConfig;
pub use syntax::{SyntaxProblem, check_syntax, check_syntax_for};

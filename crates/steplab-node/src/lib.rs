//! The AWS Lambda Node.js runtimes (`nodejs20.x`, `nodejs22.x`, `nodejs24.x`), run by a real
//! JavaScript engine in every host.
//!
//! The runtime is StepLab's own JavaScript ([`RUNTIME_JS`], the files of `runtime/`), modelled on
//! how AWS's Node.js runtime behaves: ES module and CommonJS handlers, async and callback handlers,
//! the context object, `console.*` lines as the runtime writes them (with its own `util.format`),
//! the `Runtime.*` errors. The same text runs in a browser Worker and in a `node` child process, so
//! a handler gives the same result and log in both. Around it the host adds what the platform
//! writes (`START`, `END`, `REPORT`, timeouts), with [`finish`] (pure Rust, wasm too).
//!
//! Natively a [`NodeEnvironment`] is one `node` process per execution environment, kept warm across
//! invocations and killed at the function's timeout.
//!
//! ```no_run
//! use steplab_node::{NodeEnvironment, function_config};
//!
//! let mut env = NodeEnvironment::new(function_config("Hello", steplab_node::runtimes::DEFAULT_CODE));
//! let result = env.invoke("{}", "8f5e4f3a-0000-4000-8000-000000000001");
//! assert_eq!(result.payload, r#"{"statusCode":200,"body":"\"Hello from Lambda!\""}"#);
//! ```

pub mod finish;
mod javascript;
#[cfg(not(target_arch = "wasm32"))]
mod native;
pub mod protocol;
mod report;
mod result;
pub mod runtimes;
pub mod sdk;
pub mod session;
mod variables;

pub use javascript::{NODE_HOST_JS, RUNTIME_JS, WORKER_HOST_JS};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{NodeEnvironment, NodeNotFound, find_node};
pub use result::InvokeResult;
pub use steplab_function::FunctionConfig;
pub use variables::environment_variables;

/// A Node.js function as the console creates it: `nodejs22.x`, handler `index.handler` in
/// `index.mjs`, 3 s timeout, 128 MB.
pub fn function_config(function_name: &str, code: &str) -> FunctionConfig {
    let mut config = FunctionConfig::new(function_name, code);
    runtimes::DEFAULT_RUNTIME.clone_into(&mut config.runtime);
    runtimes::DEFAULT_HANDLER.clone_into(&mut config.handler);
    runtimes::DEFAULT_FILE_NAME.clone_into(&mut config.file_name);
    config
}

//! The messages a host exchanges with the runtime's `handleMessage` (in a `node` child process
//! natively, in a Worker in the browser): `init` once, then one `invoke` per event, each answered
//! by an outcome of the same `type`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use steplab_function::FunctionConfig;

use crate::javascript::RUNTIME_JS;
use crate::variables::environment_variables;

/// `{type: "init", runtimeSource, code, fileName, files, handler, env}`: INIT of a new environment
/// (`files`: the package's other files, path in `/var/task` → text).
/// `runtimeSource` is what the `node` host imports; a Worker that imports [`RUNTIME_JS`] itself
/// may ignore it.
pub fn init_message(config: &FunctionConfig, log_stream_name: &str) -> Value {
    let env: Map<String, Value> = environment_variables(config, log_stream_name)
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    json!({
        "type": "init",
        "runtimeSource": RUNTIME_JS,
        "code": config.code,
        "fileName": config.file_name,
        "files": config.files,
        "handler": config.handler,
        "env": env,
    })
}

/// `{type: "invoke", event, requestId, deadlineMs, …}`: one invocation (`event` is JSON text,
/// `deadlineMs` milliseconds since the epoch).
pub fn invoke_message(
    config: &FunctionConfig,
    log_stream_name: &str,
    event_json: &str,
    request_id: &str,
    deadline_ms: i64,
) -> Value {
    json!({
        "type": "invoke",
        "event": event_json,
        "requestId": request_id,
        "deadlineMs": deadline_ms,
        "functionName": config.function_name,
        "functionVersion": "$LATEST",
        "invokedFunctionArn": config.function_arn(),
        "memoryLimitInMB": config.memory_size_mb.to_string(),
        "logGroupName": config.log_group_name(),
        "logStreamName": log_stream_name,
    })
}

/// The answer to `init`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InitOutcome {
    /// `ok`, `error` (the handler could not be loaded) or `exit` (`process.exit()` during INIT).
    pub status: String,
    /// The log lines INIT wrote.
    #[serde(default)]
    pub log: String,
    /// How long INIT took.
    #[serde(default)]
    pub init_duration_ms: f64,
    /// The error body (`{"errorType":…,"errorMessage":…,"trace":[…]}`) when INIT failed.
    #[serde(default)]
    pub payload: Option<String>,
    /// Its `errorType` (`Runtime.ImportModuleError`, …).
    #[serde(default)]
    pub error_type: Option<String>,
    /// The code given to `process.exit()`.
    #[serde(default)]
    pub exit_code: Option<i64>,
    /// When INIT started, milliseconds since the epoch.
    #[serde(default)]
    pub started_ms: Option<f64>,
}

/// The answer to `invoke`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InvokeOutcome {
    /// `ok`, `error` or `exit`.
    pub status: String,
    /// The response body, or the error body.
    #[serde(default)]
    pub payload: String,
    /// `Unhandled` when the function failed.
    #[serde(default)]
    pub function_error: Option<String>,
    /// The error body's `errorType`.
    #[serde(default)]
    pub error_type: Option<String>,
    /// The code given to `process.exit()`.
    #[serde(default)]
    pub exit_code: Option<i64>,
    /// Whether the runtime's process would have ended (an exit, an unhandled rejection, an
    /// uncaught exception): the environment must not be reused.
    #[serde(default)]
    pub reset: bool,
    /// The log lines the invocation wrote.
    #[serde(default)]
    pub log: String,
    /// How long the handler ran.
    #[serde(default)]
    pub duration_ms: f64,
    /// When the handler started, milliseconds since the epoch (the time of the JSON system events).
    #[serde(default)]
    pub started_ms: Option<f64>,
}

/// A host's reading of a reply (a JSON line from `node`, a message from a Worker): the outcome,
/// or why there is none (`{type: "fatal"}`: the runtime itself failed; or a reply that is not one).
pub fn read_reply<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("bad reply from the runtime ({e}): {text}"))?;
    if value.get("type").and_then(Value::as_str) == Some("fatal") {
        let message = value.get("message").and_then(Value::as_str).unwrap_or("");
        return Err(format!("the runtime failed: {message}"));
    }
    serde_json::from_value(value).map_err(|e| format!("bad reply from the runtime ({e}): {text}"))
}

//! What one invocation returns. The same fields, names and JSON as `steplab-lambda`'s
//! `InvokeResult` (one to one), so a host shows a Node.js function's result as a Python one's.

use serde::{Deserialize, Serialize};

/// The outcome of an invocation, as the Invoke API and the console show it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InvokeResult {
    /// The raw response body exactly as the runtime produced it (`JSON.stringify`).
    pub payload: String,
    /// `Some("Unhandled")` when the function failed (the `X-Amz-Function-Error` header).
    pub function_error: Option<String>,
    /// The log tail: `START`, the function's output, `END`, `REPORT`.
    pub log: String,
    /// Duration of the invoke phase in milliseconds.
    pub duration_ms: f64,
    /// Billed duration in milliseconds (cold starts bill INIT too).
    pub billed_duration_ms: u64,
    /// Duration of INIT on a cold start.
    pub init_duration_ms: Option<f64>,
    /// The `Max Memory Used` figure of the REPORT line (an estimate, see `report.rs`).
    pub max_memory_used_mb: u32,
    /// The log stream of the execution environment that ran the invocation
    /// (`YYYY/MM/DD/[$LATEST]<32 hex>`), where the host knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_stream_name: Option<String>,
}

impl InvokeResult {
    /// The payload's `errorType` when the function failed (`Error`, `Runtime.HandlerNotFound`, …).
    pub fn error_type(&self) -> Option<String> {
        self.function_error.as_ref()?;
        let value: serde_json::Value = serde_json::from_str(&self.payload).ok()?;
        value.get("errorType")?.as_str().map(str::to_owned)
    }
}

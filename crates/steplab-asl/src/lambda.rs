//! How Step Functions turns a Lambda invocation's response into a state result or an error:
//! the `arn:aws:states:::lambda:invoke` envelope, the bare payload of a direct function ARN, and
//! function errors (`errorType` → Error, raw payload → Cause).

use serde_json::{Map, Value, json};

use crate::errors::StatesError;
use crate::time::rfc1123;

/// A Lambda `Invoke` response, as the driver's runtime produced it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LambdaResponse {
    /// The raw response body exactly as the runtime wrote it (e.g. `{"statusCode": 200}`).
    pub payload: String,
    /// `Some("Unhandled")` when the function raised (the `X-Amz-Function-Error` header).
    pub function_error: Option<String>,
    /// The invocation's request id.
    pub request_id: String,
    /// The version that ran, `$LATEST` unless a version was invoked.
    pub executed_version: String,
    /// The invocation's log (START … REPORT) when the host has it: with `"LogType": "Tail"`,
    /// its last 4 KB come back base64-encoded as `LogResult`.
    pub log: String,
}

/// Lambda's `LogResult`: the last 4 KB of the invocation's log, base64-encoded.
fn log_result(log: &str) -> String {
    use base64::Engine;
    let bytes = log.as_bytes();
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    base64::engine::general_purpose::STANDARD.encode(tail)
}

/// Parses the payload; a body that is not JSON is kept as a string.
fn parse_payload(raw: &str) -> Value {
    serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()))
}

/// The error a function error surfaces as (both Lambda task forms).
pub fn function_error(resp: &LambdaResponse) -> StatesError {
    let error_type = serde_json::from_str::<Value>(&resp.payload)
        .ok()
        .and_then(|v| v.get("errorType").and_then(Value::as_str).map(str::to_owned));
    match error_type {
        Some(t) => StatesError::new(t, resp.payload.clone()),
        None => StatesError::new(
            "Lambda.Unknown",
            format!(
                "The cause could not be determined because Lambda did not return an error type. Returned payload: {}",
                resp.payload
            ),
        ),
    }
}

/// The result of a direct-ARN Lambda task: the payload itself.
pub fn direct_result(resp: &LambdaResponse) -> Value {
    parse_payload(&resp.payload)
}

/// The result of `arn:aws:states:::lambda:invoke`: AWS's envelope, keys in AWS's order; with
/// `log_tail` (`"LogType": "Tail"`), `LogResult` and its `X-Amz-Log-Result` header.
pub fn optimized_result(
    resp: &LambdaResponse,
    now_millis: i64,
    trace_id: &str,
    log_tail: bool,
) -> Value {
    let log = log_tail.then(|| log_result(&resp.log));
    let len = resp.payload.len().to_string();
    let date = rfc1123(now_millis);
    let v = &resp.executed_version;
    let id = &resp.request_id;
    let mut all = Map::new();
    all.insert("X-Amz-Executed-Version".into(), json!([v]));
    // where Lambda's response lists this header among the others is not recorded (verify)
    if let Some(l) = &log {
        all.insert("X-Amz-Log-Result".into(), json!([l]));
    }
    all.insert("x-amzn-Remapped-Content-Length".into(), json!(["0"]));
    all.insert("Connection".into(), json!(["keep-alive"]));
    all.insert("x-amzn-RequestId".into(), json!([id]));
    all.insert("Content-Length".into(), json!([len]));
    all.insert("Date".into(), json!([date]));
    all.insert("X-Amzn-Trace-Id".into(), json!([trace_id]));
    all.insert("Content-Type".into(), json!(["application/json"]));
    let mut headers = Map::new();
    headers.insert("Connection".into(), json!("keep-alive"));
    headers.insert("Content-Length".into(), json!(len));
    headers.insert("Content-Type".into(), json!("application/json"));
    headers.insert("Date".into(), json!(date));
    headers.insert("X-Amz-Executed-Version".into(), json!(v));
    if let Some(l) = &log {
        headers.insert("X-Amz-Log-Result".into(), json!(l));
    }
    headers.insert("x-amzn-Remapped-Content-Length".into(), json!("0"));
    headers.insert("x-amzn-RequestId".into(), json!(id));
    headers.insert("X-Amzn-Trace-Id".into(), json!(trace_id));
    let mut meta = Map::new();
    meta.insert("AllHttpHeaders".into(), Value::Object(all));
    meta.insert("HttpHeaders".into(), Value::Object(headers));
    meta.insert("HttpStatusCode".into(), json!(200));
    let mut out = Map::new();
    out.insert("ExecutedVersion".into(), json!(v));
    // the Invoke response's members in alphabetical order, as Step Functions writes them
    if let Some(l) = log {
        out.insert("LogResult".into(), json!(l));
    }
    out.insert("Payload".into(), parse_payload(&resp.payload));
    out.insert("SdkHttpMetadata".into(), Value::Object(meta));
    out.insert("SdkResponseMetadata".into(), json!({"RequestId": id}));
    out.insert("StatusCode".into(), json!(200));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors() {
        let r = |p: &str| LambdaResponse {
            payload: p.into(),
            function_error: Some("Unhandled".into()),
            request_id: "r".into(),
            executed_version: "$LATEST".into(),
            log: String::new(),
        };
        let e = function_error(&r(r#"{"errorMessage": "x", "errorType": "KeyError"}"#));
        assert_eq!(e.error, "KeyError");
        assert_eq!(e.cause, r#"{"errorMessage": "x", "errorType": "KeyError"}"#);
        assert_eq!(function_error(&r(r#"{"errorMessage": "t"}"#)).error, "Lambda.Unknown");
        let ok = optimized_result(&r("{}"), 0, "t", false);
        assert_eq!(ok["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "2");
        assert_eq!(ok["Payload"], json!({}));
    }

    #[test]
    fn log_tail() {
        let log =
            format!("START RequestId: r Version: $LATEST\n{}END RequestId: r\n", "x".repeat(5000));
        let resp = LambdaResponse {
            payload: "1".into(),
            request_id: "r".into(),
            executed_version: "$LATEST".into(),
            log: log.clone(),
            ..LambdaResponse::default()
        };
        let out = optimized_result(&resp, 0, "t", true);
        let keys: Vec<&str> = out.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "ExecutedVersion",
                "LogResult",
                "Payload",
                "SdkHttpMetadata",
                "SdkResponseMetadata",
                "StatusCode"
            ]
        );
        use base64::Engine;
        let tail = base64::engine::general_purpose::STANDARD
            .decode(out["LogResult"].as_str().unwrap())
            .unwrap();
        assert_eq!(tail, log.as_bytes()[log.len() - 4096..]);
        assert_eq!(out["SdkHttpMetadata"]["HttpHeaders"]["X-Amz-Log-Result"], out["LogResult"]);
        assert!(optimized_result(&resp, 0, "t", false).get("LogResult").is_none());
    }
}

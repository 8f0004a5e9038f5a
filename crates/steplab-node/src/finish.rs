//! From the runtime's outcomes to an [`InvokeResult`] with the platform's lines around the
//! function's own: the same in every host (natively here, in the browser by the Worker's host).

use serde_json::json;
use steplab_function::FunctionConfig;

use crate::protocol::{InitOutcome, InvokeOutcome};
use crate::report::{self, Report};
use crate::result::InvokeResult;

/// The largest synchronous response Lambda returns (6 MB plus the envelope AWS allows).
pub const MAX_RESPONSE_BYTES: usize = 6_291_556;

/// An invocation that ran: `init` is the successful INIT that preceded it on a cold start.
pub fn invoked(
    config: &FunctionConfig,
    request_id: &str,
    init: Option<&InitOutcome>,
    outcome: &InvokeOutcome,
) -> InvokeResult {
    let started_ms = outcome.started_ms.map(epoch_ms);
    let mut log = init.map(|init| init.log.clone()).unwrap_or_default();
    log.push_str(&report::start(&config.logging, started_ms, request_id));
    log.push_str(&outcome.log);
    let (payload, function_error, status) = match outcome.status.as_str() {
        "ok" if outcome.payload.len() > MAX_RESPONSE_BYTES => {
            let payload = json!({
                "errorMessage": format!(
                    "Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
                ),
                "errorType": "Function.ResponseSizeTooLarge",
            });
            (payload.to_string(), true, None)
        }
        "ok" => (outcome.payload.clone(), false, None),
        "exit" => {
            let (payload, line) = exit_error(request_id, outcome.exit_code.unwrap_or(0));
            log.push_str(&line);
            (payload, true, Some(("error", Some("Runtime.ExitError"))))
        }
        _ => (outcome.payload.clone(), true, None),
    };
    finish(
        config,
        Finish {
            request_id,
            log,
            payload,
            function_error,
            duration_ms: outcome.duration_ms,
            init_duration_ms: init.map(|init| init.init_duration_ms),
            status,
            time_ms: outcome.started_ms.map(|ms| epoch_ms(ms + outcome.duration_ms)),
        },
    )
}

/// INIT failed: the error (or the exit) is the invocation's result; the environment is discarded.
pub fn init_failed(config: &FunctionConfig, request_id: &str, init: &InitOutcome) -> InvokeResult {
    let started_ms = init.started_ms.map(epoch_ms);
    let mut log = report::start(&config.logging, started_ms, request_id);
    log.push_str(&init.log);
    let (payload, error_type) = if init.status == "exit" {
        let (payload, line) = exit_error(request_id, init.exit_code.unwrap_or(0));
        log.push_str(&line);
        (payload, "Runtime.ExitError".to_owned())
    } else {
        (init.payload.clone().unwrap_or_default(), init.error_type.clone().unwrap_or_default())
    };
    let mut result = finish(
        config,
        Finish {
            request_id,
            log,
            payload,
            function_error: true,
            duration_ms: init.init_duration_ms,
            init_duration_ms: None,
            status: Some(("error", Some(error_type.as_str()))),
            time_ms: init.started_ms.map(|ms| epoch_ms(ms + init.init_duration_ms)),
        },
    );
    result.init_duration_ms = Some(init.init_duration_ms);
    result
}

/// The handler (or INIT) outlived the function's timeout and its environment was stopped:
/// `Sandbox.Timedout`. `init` is a successful INIT that preceded it on a cold start.
pub fn timed_out(
    config: &FunctionConfig,
    request_id: &str,
    init: Option<&InitOutcome>,
    started_epoch_ms: i64,
) -> InvokeResult {
    let deadline_ms = started_epoch_ms + i64::from(config.timeout_seconds) * 1000;
    let mut log = init.map(|init| init.log.clone()).unwrap_or_default();
    log.push_str(&report::start(&config.logging, Some(started_epoch_ms), request_id));
    log.push_str(&report::timeout_line(deadline_ms, request_id, config.timeout_seconds));
    finish(
        config,
        Finish {
            request_id,
            log,
            payload: timeout_payload(request_id, config.timeout_seconds),
            function_error: true,
            duration_ms: f64::from(config.timeout_seconds) * 1000.0,
            init_duration_ms: init.map(|init| init.init_duration_ms),
            status: Some(("timeout", None)),
            time_ms: Some(deadline_ms),
        },
    )
}

/// The environment's engine failed (no `node`, a crash of the host): like a runtime process that
/// aborted, `Runtime.ExitError` with `signal: aborted`; `detail` is logged.
///
/// Its lines stay text in JSON format too: no time is known for them.
pub fn crashed(config: &FunctionConfig, request_id: &str, detail: &str) -> InvokeResult {
    let mut log = report::start(&config.logging, None, request_id);
    log.push_str(detail);
    if !detail.ends_with('\n') {
        log.push('\n');
    }
    let message =
        format!("RequestId: {request_id} Error: Runtime exited with error: signal: aborted");
    log.push_str(&format!("{message}\nRuntime.ExitError\n"));
    let payload = json!({"errorType": "Runtime.ExitError", "errorMessage": message});
    finish(
        config,
        Finish {
            request_id,
            log,
            payload: payload.to_string(),
            function_error: true,
            duration_ms: 0.0,
            init_duration_ms: None,
            status: Some(("error", Some("Runtime.ExitError"))),
            time_ms: None,
        },
    )
}

struct Finish<'a> {
    request_id: &'a str,
    log: String,
    payload: String,
    function_error: bool,
    duration_ms: f64,
    init_duration_ms: Option<f64>,
    status: Option<(&'a str, Option<&'a str>)>,
    /// The time of the END/REPORT lines (milliseconds since the epoch), when known.
    time_ms: Option<i64>,
}

fn finish(config: &FunctionConfig, args: Finish<'_>) -> InvokeResult {
    let Finish {
        request_id,
        mut log,
        payload,
        function_error,
        duration_ms,
        init_duration_ms,
        status,
        time_ms,
    } = args;
    let billed_duration_ms = report::billed_ms(duration_ms, init_duration_ms);
    let max_memory_used_mb = report::max_memory_used_mb(config.memory_size_mb, payload.len());
    log.push_str(&report::end(&config.logging, time_ms, request_id));
    log.push_str(&report::report(
        &config.logging,
        time_ms,
        &Report {
            request_id,
            duration_ms,
            billed_duration_ms,
            memory_size_mb: config.memory_size_mb,
            max_memory_used_mb,
            init_duration_ms,
            status,
        },
    ));
    InvokeResult {
        payload,
        function_error: function_error.then(|| "Unhandled".to_owned()),
        log,
        duration_ms,
        billed_duration_ms,
        init_duration_ms,
        max_memory_used_mb,
        log_stream_name: None,
    }
}

/// Milliseconds since the epoch as an integer.
#[allow(clippy::cast_possible_truncation, reason = "epoch milliseconds fit in i64")]
fn epoch_ms(ms: f64) -> i64 {
    ms.round() as i64
}

/// `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: … Error: Task timed out after 3.00 seconds"}`
/// (compact JSON, as `steplab-lambda` writes this service-generated body).
fn timeout_payload(request_id: &str, timeout_seconds: u32) -> String {
    json!({
        "errorType": "Sandbox.Timedout",
        "errorMessage": format!(
            "RequestId: {request_id} Error: Task timed out after {timeout_seconds}.00 seconds"
        ),
    })
    .to_string()
}

/// `Runtime.ExitError` payload and its log line for `process.exit(code)`, as for Python's `sys.exit`.
fn exit_error(request_id: &str, exit_code: i64) -> (String, String) {
    let reason = if exit_code == 0 {
        "Runtime exited without providing a reason".to_owned()
    } else {
        format!("Runtime exited with error: exit status {exit_code}")
    };
    let message = format!("RequestId: {request_id} Error: {reason}");
    let payload = json!({"errorType": "Runtime.ExitError", "errorMessage": message});
    (payload.to_string(), format!("{message}\nRuntime.ExitError\n"))
}

//! `StartSyncExecution`'s response for an Express execution that has ended.
//!
//! As recorded against AWS (LocalStack express/test_express_sync.snapshot.json, 2024-06-26 and
//! 2024-07-15) and named in the API reference (StartSyncExecution, Response Elements): the
//! execution's ARN in its express form, `input`, `inputDetails` and `outputDetails` with
//! `included: true` (also when the execution failed), `output` only when it succeeded, `error` and
//! `cause` when it failed, and `billingDetails`: the duration rounded up to the next 100 ms
//! (`100` for a run of a few Pass states, `7600` for one retrying a Lambda function over seconds)
//! and `64` MB of memory. Express executions keep no history that AWS would return
//! (`GetExecutionHistory` is for Standard executions only): the events the engine records are
//! for the driver's own views.

use serde_json::{Map, Value, json};

use crate::exec::{Execution, ExecutionStatus};

/// The body of `StartSyncExecution`'s response for an ended execution (`None` while it runs).
/// Dates are epoch seconds, as the API's JSON protocol writes timestamps; `input` and `output`
/// are JSON text, as the API returns them.
pub fn start_sync_execution_result(exec: &Execution) -> Option<Value> {
    let start = exec.start_info();
    let (status, output, error, cause) = match exec.status() {
        ExecutionStatus::Running => return None,
        ExecutionStatus::Succeeded { output } => ("SUCCEEDED", Some(output), None, None),
        ExecutionStatus::Failed { error, cause } => ("FAILED", None, error.clone(), cause.clone()),
        ExecutionStatus::TimedOut { error, cause } => {
            ("TIMED_OUT", None, error.clone(), cause.clone())
        }
        // the response's status is one of SUCCEEDED, FAILED and TIMED_OUT (API reference), and
        // StopExecution is for Standard executions: an execution the driver aborts is reported
        // as failed with the error and cause it was stopped with (verify)
        ExecutionStatus::Aborted { error, cause } => ("FAILED", None, error.clone(), cause.clone()),
    };
    let stop_millis = exec.history().last().map_or(start.start_millis, |e| e.timestamp_millis);
    let mut m = Map::new();
    m.insert("executionArn".into(), json!(start.execution_arn));
    m.insert("stateMachineArn".into(), json!(start.state_machine_arn));
    m.insert("name".into(), json!(start.name));
    m.insert("startDate".into(), epoch_seconds(start.start_millis));
    m.insert("stopDate".into(), epoch_seconds(stop_millis));
    m.insert("status".into(), json!(status));
    if let Some(e) = error {
        m.insert("error".into(), json!(e));
    }
    if let Some(c) = cause {
        m.insert("cause".into(), json!(c));
    }
    m.insert("input".into(), json!(exec.input().to_string()));
    m.insert("inputDetails".into(), json!({"included": true}));
    if let Some(o) = output {
        m.insert("output".into(), json!(o.to_string()));
    }
    m.insert("outputDetails".into(), json!({"included": true}));
    m.insert(
        "billingDetails".into(),
        json!({
            "billedDurationInMilliseconds": billed_duration_millis(stop_millis - start.start_millis),
            // 64 MB in every recorded run; memory is billed in 64 MB steps of the definition's
            // and the payloads' size, which the engine does not estimate (verify for large ones)
            "billedMemoryUsedInMB": 64
        }),
    );
    Some(Value::Object(m))
}

/// The duration rounded up to the next 100 ms; at least 100 (a run taking no virtual time is
/// billed like the shortest recorded ones) (verify for 0 ms).
pub fn billed_duration_millis(duration_millis: i64) -> i64 {
    let d = duration_millis.max(1);
    (d + 99) / 100 * 100
}

#[allow(clippy::cast_precision_loss)]
fn epoch_seconds(millis: i64) -> Value {
    json!(millis as f64 / 1000.0)
}

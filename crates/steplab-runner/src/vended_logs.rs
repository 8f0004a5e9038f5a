//! An execution's log events as Step Functions writes them to CloudWatch Logs when a state
//! machine's `LoggingConfiguration` asks for them (the "vended" logs: what an Express execution
//! keeps instead of a history, and what a Standard one may add).
//!
//! - Which event types each level logs: the developer guide's table (cloudwatch-log-level.md):
//!   `ALL` every type, `OFF` none, `FATAL` `ExecutionFailed`, `ExecutionAborted` and
//!   `ExecutionTimedOut`, `ERROR` those and the failure types of tasks, Lambda functions, Map,
//!   Parallel and Wait states and `FailStateEntered`. Types the table does not list (it predates
//!   Distributed Map and redrive: `MapRunFailed`, `ExecutionRedriven`, …) are logged at `ERROR`
//!   when they are failures by the table's own pattern (`…Failed`, `…TimedOut`, `…Aborted`):
//!   StepLab's reading, not confirmed from AWS.
//! - A record: `{"id", "type", "details", "previous_event_id", "event_timestamp",
//!   "execution_arn"}`, ids and the timestamp (milliseconds) as strings, `details` the event's
//!   `…EventDetails` object — as a record of an Express execution's `ExecutionStarted` reads
//!   (a subscription-filter sample of 2022 in Datadog's log forwarder tests). Without
//!   `includeExecutionData` the execution data (`input`, `output`, and a task's `parameters`) is
//!   left out of `details` and its `…Details` kept; which members AWS leaves out is not confirmed.
//!   Records of executions AWS has redriven may carry more members than these (not seen).
//! - Names: the log group the console creates, `/aws/vendedlogs/states/<state machine>-Logs`, and
//!   a stream per execution, `states/<state machine>/<YYYY-MM-DD-HH-MM>/<8 hex>` (the same
//!   sample's form; AWS's streams gather many executions and the hex is AWS's own: here it is
//!   drawn from the execution's ARN, so it is the same every time).

use serde_json::{Map, Value, json};

/// A state machine's log level (`LoggingConfiguration.level`).
pub const LEVELS: [&str; 4] = ["ALL", "ERROR", "FATAL", "OFF"];

/// The types `FATAL` logs.
const FATAL: [&str; 3] = ["ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut"];

/// The types `ERROR` logs besides [`FATAL`]'s, as the developer guide's table lists them.
const ERROR: [&str; 21] = [
    "FailStateEntered",
    "LambdaFunctionFailed",
    "LambdaFunctionScheduleFailed",
    "LambdaFunctionStartFailed",
    "LambdaFunctionTimedOut",
    "MapIterationAborted",
    "MapIterationFailed",
    "MapStateAborted",
    "MapStateFailed",
    "ParallelStateAborted",
    "ParallelStateFailed",
    "TaskFailed",
    "TaskStartFailed",
    "TaskStateAborted",
    "TaskSubmitFailed",
    "TaskTimedOut",
    "WaitStateAborted",
    // not in the table, failures by its pattern (see the module's note)
    "MapRunAborted",
    "MapRunFailed",
    "ActivityFailed",
    "ActivityTimedOut",
];

/// Whether a state machine logging at `level` logs events of type `kind`.
pub fn is_logged(kind: &str, level: &str) -> bool {
    let failure = || {
        ERROR.contains(&kind)
            || kind.ends_with("Failed")
            || kind.ends_with("TimedOut")
            || kind.ends_with("Aborted")
    };
    match level {
        "ALL" => true,
        "ERROR" => FATAL.contains(&kind) || failure(),
        "FATAL" => FATAL.contains(&kind),
        _ => false,
    }
}

/// The log group the console creates for a state machine's logs.
pub fn log_group_name(state_machine: &str) -> String {
    format!("/aws/vendedlogs/states/{state_machine}-Logs")
}

/// The log stream an execution started at `start_millis` writes to (see the module's note).
pub fn log_stream_name(state_machine: &str, start_millis: i64, execution_arn: &str) -> String {
    let when = steplab_asl::history::cli_timestamp(start_millis);
    // `YYYY-MM-DDTHH:MM…` → `YYYY-MM-DD-HH-MM`
    let minute = format!("{}-{}-{}", &when[..10], &when[11..13], &when[14..16]);
    // FNV-1a of the ARN: a fixed 8 hex digits per execution
    let hash = execution_arn
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("states/{state_machine}/{minute}/{hash:08x}")
}

/// One log event: its time and its message (the record's JSON text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEvent {
    /// Milliseconds since the Unix epoch.
    pub timestamp_millis: i64,
    /// The record, as JSON text.
    pub message: String,
}

/// The members of an event's details that are execution data.
const DATA: [&str; 3] = ["input", "output", "parameters"];

/// The events of `events` (each as `GetExecutionHistory` returns it) a state machine logging at
/// `level` logs, with their execution data or not: what is kept of an Express execution, which
/// has no history of its own.
pub fn logged_history(events: &[Value], level: &str, include_execution_data: bool) -> Vec<Value> {
    events
        .iter()
        .filter(|e| e.get("type").and_then(Value::as_str).is_some_and(|k| is_logged(k, level)))
        .map(|event| {
            let mut event = event.clone();
            if !include_execution_data && let Value::Object(members) = &mut event {
                for (key, details) in members.iter_mut() {
                    if key.ends_with("EventDetails")
                        && let Value::Object(d) = details
                    {
                        d.retain(|k, _| !DATA.contains(&k.as_str()));
                    }
                }
            }
            event
        })
        .collect()
}

/// The log events of an execution whose history is `events` (each as `GetExecutionHistory`
/// returns it), logged at `level`, with its execution data or not.
pub fn log_events(
    events: &[Value],
    execution_arn: &str,
    level: &str,
    include_execution_data: bool,
) -> Vec<LogEvent> {
    events
        .iter()
        .filter_map(|event| {
            let kind = event.get("type")?.as_str()?;
            if !is_logged(kind, level) {
                return None;
            }
            let timestamp_millis = timestamp_millis(event.get("timestamp")?)?;
            let mut details = event
                .as_object()?
                .iter()
                .find(|(k, _)| k.ends_with("EventDetails"))
                .map_or_else(|| Value::Object(Map::new()), |(_, v)| v.clone());
            if !include_execution_data && let Value::Object(d) = &mut details {
                d.retain(|k, _| !DATA.contains(&k.as_str()));
            }
            let number = |key: &str| event.get(key).and_then(Value::as_u64).unwrap_or(0);
            let record = json!({
                "id": number("id").to_string(),
                "type": kind,
                "details": details,
                "previous_event_id": number("previousEventId").to_string(),
                "event_timestamp": timestamp_millis.to_string(),
                "execution_arn": execution_arn,
            });
            Some(LogEvent { timestamp_millis, message: record.to_string() })
        })
        .collect()
}

/// An event's `timestamp`: the AWS CLI's text (`2024-01-02T03:04:05.678000+00:00`) or epoch
/// seconds (the SDKs' JSON).
fn timestamp_millis(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => steplab_asl::time::parse_timestamp(text),
        #[allow(clippy::cast_possible_truncation)]
        Value::Number(n) => n.as_f64().map(|s| (s * 1000.0).round() as i64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> Vec<Value> {
        vec![
            json!({"timestamp": "2022-11-10T15:52:19.607000+00:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
                   "executionStartedEventDetails": {"input": "{}", "inputDetails": {"truncated": false}, "roleArn": "arn:aws:iam::123456789012:role/R"}}),
            json!({"timestamp": "2022-11-10T15:52:19.650000+00:00", "type": "TaskStateEntered", "id": 2, "previousEventId": 0,
                   "stateEnteredEventDetails": {"name": "Call", "input": "{}", "inputDetails": {"truncated": false}}}),
            json!({"timestamp": "2022-11-10T15:52:20.100000+00:00", "type": "TaskFailed", "id": 3, "previousEventId": 2,
                   "taskFailedEventDetails": {"resource": "invoke", "resourceType": "lambda", "error": "Boom", "cause": "x"}}),
            json!({"timestamp": "2022-11-10T15:52:20.200000+00:00", "type": "ExecutionFailed", "id": 4, "previousEventId": 3,
                   "executionFailedEventDetails": {"error": "Boom", "cause": "x"}}),
        ]
    }

    const ARN: &str = "arn:aws:states:ca-central-1:123456789012:express:M:n:r";

    #[test]
    fn levels_follow_the_table() {
        let kinds = |level| -> Vec<String> {
            log_events(&history(), ARN, level, true)
                .iter()
                .map(|e| serde_json::from_str::<Value>(&e.message).unwrap()["type"].to_string())
                .collect()
        };
        assert_eq!(kinds("ALL").len(), 4);
        assert_eq!(kinds("ERROR"), ["\"TaskFailed\"", "\"ExecutionFailed\""]);
        assert_eq!(kinds("FATAL"), ["\"ExecutionFailed\""]);
        assert!(kinds("OFF").is_empty());
        assert!(is_logged("FailStateEntered", "ERROR") && !is_logged("FailStateEntered", "FATAL"));
        assert!(!is_logged("TaskSucceeded", "ERROR") && is_logged("MapRunFailed", "ERROR"));
        let kept = logged_history(&history(), "ERROR", false);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0]["taskFailedEventDetails"]["error"], "Boom");
        assert_eq!(
            logged_history(&history(), "ALL", false)[0]["executionStartedEventDetails"]
                .get("input"),
            None
        );
    }

    #[test]
    fn a_record_is_the_sample_s_shape() {
        let events = log_events(&history(), ARN, "ALL", true);
        assert_eq!(events[0].timestamp_millis, 1_668_095_539_607);
        assert_eq!(
            events[0].message,
            r#"{"id":"1","type":"ExecutionStarted","details":{"input":"{}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/R"},"previous_event_id":"0","event_timestamp":"1668095539607","execution_arn":"arn:aws:states:ca-central-1:123456789012:express:M:n:r"}"#
        );
        // without the execution data: input and output left out, their details kept
        let bare = log_events(&history(), ARN, "ALL", false);
        let record: Value = serde_json::from_str(&bare[0].message).unwrap();
        assert_eq!(
            record["details"],
            json!({"inputDetails": {"truncated": false}, "roleArn": "arn:aws:iam::123456789012:role/R"})
        );
    }

    #[test]
    fn names() {
        assert_eq!(log_group_name("Hello"), "/aws/vendedlogs/states/Hello-Logs");
        let stream = log_stream_name("Hello", 1_668_095_539_607, ARN);
        assert!(stream.starts_with("states/Hello/2022-11-10-15-52/"), "{stream}");
        assert_eq!(stream.len(), "states/Hello/2022-11-10-15-52/".len() + 8);
        assert_eq!(stream, log_stream_name("Hello", 1_668_095_539_607, ARN));
    }
}

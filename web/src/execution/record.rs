//! An execution record brought up to date by an update of the execution Worker: the events
//! appended since the last one, status, output or error and cause, the functions' logs and the
//! recorded data-flow stages.

use steplab_runner::execution_protocol::Update;

use crate::store::ExecutionRecord;

/// Applies `update` to `record`.
pub fn apply(record: &mut ExecutionRecord, update: Update) {
    record.events.extend(update.events);
    record.events.truncate(update.shown);
    record.logs.extend(update.logs);
    if let Some(stages) = update.stages {
        record.stages = stages;
    }
    record.status = update.status;
    record.output = update.output;
    record.error = update.error;
    record.cause = update.cause;
    if update.stop_millis.is_some() {
        record.stop_millis = update.stop_millis;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deltas_add_up() {
        let mut record: ExecutionRecord = serde_json::from_value(json!({
            "name": "e", "arn": "a", "state_machine": "M", "definition": "{}", "input": "{}",
            "status": "RUNNING", "output": null, "error": null, "cause": null,
            "start_millis": 0, "stop_millis": null, "events": [], "logs": []
        }))
        .expect("a record");
        let update = |events: Vec<serde_json::Value>, shown, status: &str| Update {
            events,
            shown,
            status: status.into(),
            output: (status == "SUCCEEDED").then(|| "1".into()),
            error: None,
            cause: None,
            stop_millis: (status != "RUNNING").then_some(9),
            logs: Vec::new(),
            paused: None,
            stages: None,
        };
        apply(&mut record, update(vec![json!({"id": 1}), json!({"id": 2})], 2, "RUNNING"));
        apply(&mut record, update(vec![json!({"id": 3})], 3, "SUCCEEDED"));
        assert_eq!(record.events, [json!({"id": 1}), json!({"id": 2}), json!({"id": 3})]);
        assert_eq!((record.status.as_str(), record.output.as_deref()), ("SUCCEEDED", Some("1")));
        assert_eq!(record.stop_millis, Some(9));
    }
}

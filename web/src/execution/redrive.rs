//! Redrive as the execution page shows it: `DescribeExecution`'s `redriveCount`, `redriveDate`,
//! `redriveStatus` and `redriveStatusReason`, read from the record (its history holds each
//! `ExecutionRedriven`), so they are kept with the workspace like the events themselves.

use serde_json::Value;
use steplab_asl::{REDRIVABLE_PERIOD_MILLIS, RedriveStatus, redrive_reason as reason};

use crate::execution::record::ExecutionRecord;

/// The redrive fields of an execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redrive {
    /// `redriveCount`.
    pub count: u64,
    /// `redriveDate`, milliseconds since the Unix epoch, if it was redriven.
    pub date_millis: Option<i64>,
    /// `redriveStatus` now, with its reason.
    pub status: RedriveStatus,
}

/// Whether an ARN is an Express execution's (`…:express:…`).
fn is_express(arn: &str) -> bool {
    arn.split(':').nth(5) == Some("express")
}

/// The redrive fields of `record` at time `now_millis`, by the rules the engine applies
/// ([`steplab_asl::Execution::redrive_status`]).
pub fn of(record: &ExecutionRecord, now_millis: i64) -> Redrive {
    let events = record.events.events();
    let redriven: Vec<&Value> = events
        .iter()
        .filter(|e| e.get("type").and_then(Value::as_str) == Some("ExecutionRedriven"))
        .collect();
    let count = redriven.len() as u64;
    let date_millis = redriven.last().and_then(|e| e.get("timestamp")).and_then(timestamp_millis);
    let status = if is_express(&record.arn) {
        RedriveStatus::NotRedrivable(reason::EXPRESS)
    } else {
        match record.status.as_str() {
            "RUNNING" => RedriveStatus::NotRedrivable(reason::RUNNING),
            "SUCCEEDED" => RedriveStatus::NotRedrivable(reason::SUCCEEDED),
            _ if events.len() >= 24_999 => RedriveStatus::NotRedrivable(reason::EVENT_LIMIT),
            _ if now_millis - record.start_millis > 365 * 86_400_000 => {
                RedriveStatus::NotRedrivable(reason::MAX_TIME)
            }
            _ if now_millis - record.stop_millis.unwrap_or(record.start_millis)
                > REDRIVABLE_PERIOD_MILLIS =>
            {
                RedriveStatus::NotRedrivable(reason::PERIOD)
            }
            _ => RedriveStatus::Redrivable,
        }
    };
    Redrive { count, date_millis, status }
}

/// An event's `timestamp` (ISO 8601 text, or milliseconds) in milliseconds.
fn timestamp_millis(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => steplab_asl::time::parse_timestamp(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::execution::event_log::EventLog;

    fn record(status: &str, events: Vec<Value>) -> ExecutionRecord {
        ExecutionRecord {
            name: "e".into(),
            arn: "arn:aws:states:ca-central-1:123456789012:execution:M:e".into(),
            state_machine: "M".into(),
            definition: "{}".into(),
            input: "{}".into(),
            status: status.into(),
            output: None,
            error: None,
            cause: None,
            start_millis: 1_000,
            stop_millis: Some(2_000),
            events: EventLog::new(events),
            logs: Vec::new(),
            seed: None,
            mock_test_case: None,
            mocks: None,
            stages: std::rc::Rc::default(),
            unread: None,
            map_runs: Vec::new(),
            imported: None,
        }
    }

    #[test]
    fn count_date_and_status_from_the_history() {
        let failed = record("FAILED", vec![json!({"type": "ExecutionStarted", "id": 1})]);
        assert_eq!(
            of(&failed, 3_000),
            Redrive { count: 0, date_millis: None, status: RedriveStatus::Redrivable }
        );
        let redriven = record(
            "SUCCEEDED",
            vec![
                json!({"type": "ExecutionStarted", "id": 1}),
                json!({"type": "ExecutionFailed", "id": 2}),
                json!({"type": "ExecutionRedriven", "id": 3, "timestamp": "2026-01-02T03:04:05.678Z",
                       "executionRedrivenEventDetails": {"redriveCount": 1}}),
            ],
        );
        let r = of(&redriven, 3_000);
        assert_eq!((r.count, r.date_millis), (1, Some(1_767_323_045_678)));
        assert_eq!(r.status.reason(), Some("Execution is SUCCEEDED and cannot be redriven"));
        assert_eq!(of(&record("RUNNING", vec![]), 3_000).status.as_str(), "NOT_REDRIVABLE");
        let old = of(&failed, 2_000 + REDRIVABLE_PERIOD_MILLIS + 1);
        assert_eq!(old.status.reason(), Some("Execution redrivable period exceeded"));
        let mut express = failed.clone();
        express.arn = "arn:aws:states:ca-central-1:123456789012:express:M:e:run".into();
        assert_eq!(of(&express, 3_000).status.as_str(), "NOT_REDRIVABLE");
    }
}

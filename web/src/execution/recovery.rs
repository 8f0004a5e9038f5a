//! What becomes of an execution whose page went away.
//!
//! StepLab runs an execution inside the page that started it. While it runs, that page writes a
//! heartbeat (`steplab.running.<execution ARN>` in localStorage, every second). A record still
//! `RUNNING` whose heartbeat is older than [`STALE_AFTER_MILLIS`] was left behind by a page that
//! was closed or reloaded: nothing can continue it (the engine's state lived in that page), so it
//! is closed as StopExecution would close it — status `ABORTED`, an `ExecutionAborted` event with
//! error [`PAGE_CLOSED_ERROR`] and a cause that says why — at the time of the last heartbeat.
//! A record with a fresh heartbeat is being driven by another tab and is left alone.

use serde_json::{Value, json};

use crate::execution::record::ExecutionRecord;

/// A heartbeat older than this means the driving page is gone.
pub const STALE_AFTER_MILLIS: i64 = 3_000;
/// The error of an execution closed because its page went away (StopExecution takes any error name).
pub const PAGE_CLOSED_ERROR: &str = "StepLab.PageClosed";
/// The cause of an execution closed because its page went away.
pub const PAGE_CLOSED_CAUSE: &str = "StepLab runs an execution in the page that started it; that page was closed or reloaded while the execution was running.";

fn key(arn: &str) -> String {
    format!("steplab.running.{arn}")
}

thread_local! {
    /// False on a page that keeps nothing in localStorage (the embed widget).
    static KEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// This page keeps no heartbeats (the embed widget: its executions live in memory only).
pub fn keep_nothing() {
    KEEP.set(false);
}

fn storage() -> Option<web_sys::Storage> {
    if !KEEP.get() {
        return None;
    }
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Records that this page still drives `arn`.
pub fn beat(arn: &str, now_millis: i64) {
    if let Some(s) = storage() {
        let _ = s.set_item(&key(arn), &now_millis.to_string());
    }
}

/// Forgets the heartbeat of an execution that has ended.
pub fn forget(arn: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(arn));
    }
}

/// The last heartbeat of `arn`, if any.
pub fn last_beat(arn: &str) -> Option<i64> {
    storage()?.get_item(&key(arn)).ok().flatten()?.parse().ok()
}

/// Whether `record` was left running by a page that is gone, given its last heartbeat. An
/// imported execution is never one: it runs (or ran) in AWS, and is kept as it was read.
pub fn is_orphan(record: &ExecutionRecord, last_beat: Option<i64>, now_millis: i64) -> bool {
    record.status == "RUNNING"
        && record.imported.is_none()
        && last_beat.is_none_or(|b| now_millis - b > STALE_AFTER_MILLIS)
}

/// Closes an orphaned record: `ABORTED`, with an `ExecutionAborted` event at `at_millis` (the last
/// heartbeat, or the last event when there was none).
pub fn close_orphan(record: &mut ExecutionRecord, last_beat: Option<i64>) {
    let last_event = record.events.last();
    let last_event_millis = last_event
        .as_ref()
        .and_then(crate::execution::history::event_millis)
        .unwrap_or(record.start_millis);
    let at = last_beat.unwrap_or(last_event_millis).max(last_event_millis);
    let id = record.events.len() as u64 + 1;
    record.events.push(json!({
        "timestamp": steplab_asl::history::cli_timestamp(at),
        "type": "ExecutionAborted",
        "id": id,
        "previousEventId": last_event.as_ref().and_then(|e| e.get("id")).and_then(Value::as_u64).unwrap_or(0),
        "executionAbortedEventDetails": {"error": PAGE_CLOSED_ERROR, "cause": PAGE_CLOSED_CAUSE},
    }));
    record.status = "ABORTED".into();
    record.error = Some(PAGE_CLOSED_ERROR.into());
    record.cause = Some(PAGE_CLOSED_CAUSE.into());
    record.stop_millis = Some(at);
}

/// Closes every orphaned record of a workspace just loaded; `now_millis` is the page's clock.
pub fn close_orphans(executions: &mut [ExecutionRecord], now_millis: i64) {
    for record in executions {
        let beat = last_beat(&record.arn);
        if is_orphan(record, beat, now_millis) {
            close_orphan(record, beat);
            forget(&record.arn);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running() -> ExecutionRecord {
        ExecutionRecord {
            name: "e".into(),
            arn: "arn:aws:states:ca-central-1:123456789012:execution:M:e".into(),
            state_machine: "M".into(),
            definition: "{}".into(),
            input: "{}".into(),
            status: "RUNNING".into(),
            output: None,
            error: None,
            cause: None,
            start_millis: 1_700_000_000_000,
            stop_millis: None,
            events: vec![
                json!({"timestamp": "2023-11-14T22:13:21.000000+00:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0}),
            ]
            .into(),
            logs: Vec::new(),
            seed: None,
            mock_test_case: None,
            mocks: None,
            imported: None,
            stages: std::rc::Rc::default(),
            unread: None,
            map_runs: Vec::new(),
        }
    }

    #[test]
    fn fresh_heartbeat_belongs_to_another_tab() {
        let r = running();
        assert!(!is_orphan(&r, Some(10_000), 12_000));
        assert!(is_orphan(&r, Some(10_000), 13_001));
        assert!(is_orphan(&r, None, 0));
        let mut done = running();
        done.status = "SUCCEEDED".into();
        assert!(!is_orphan(&done, None, 0));
    }

    #[test]
    fn orphan_is_aborted_at_its_last_heartbeat() {
        let mut r = running();
        close_orphan(&mut r, Some(1_700_000_005_000));
        assert_eq!(r.status, "ABORTED");
        assert_eq!(r.stop_millis, Some(1_700_000_005_000));
        let last = r.events.last().unwrap_or_default();
        assert_eq!(
            last,
            json!({"timestamp": "2023-11-14T22:13:25.000000+00:00", "type": "ExecutionAborted", "id": 2, "previousEventId": 1,
                "executionAbortedEventDetails": {"error": PAGE_CLOSED_ERROR, "cause": PAGE_CLOSED_CAUSE}})
        );
        // without a heartbeat, at its last event
        let mut r = running();
        close_orphan(&mut r, None);
        assert_eq!(r.stop_millis, Some(1_700_000_001_000));
    }
}

//! Reading GetExecutionHistory events (as the store keeps them: JSON objects).

use serde_json::Value;

/// A member of an event. An event has five members: looking them over is quicker than hashing the
/// name, and views read members of every event of a 25,000-event history at each render.
pub fn member<'a>(event: &'a Value, name: &str) -> Option<&'a Value> {
    event.as_object()?.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// The event's `type`, e.g. `TaskStateEntered`.
pub fn kind(event: &Value) -> &str {
    member(event, "type").and_then(Value::as_str).unwrap_or("")
}

/// The event's `id` (0 when missing).
pub fn id(event: &Value) -> u64 {
    member(event, "id").and_then(Value::as_u64).unwrap_or(0)
}

/// The event's `previousEventId` (0 when missing).
pub fn previous(event: &Value) -> u64 {
    member(event, "previousEventId").and_then(Value::as_u64).unwrap_or(0)
}

/// The event's `<x>EventDetails` object.
pub fn details(event: &Value) -> Option<&Value> {
    event.as_object()?.iter().find(|(k, _)| k.ends_with("EventDetails")).map(|(_, v)| v)
}

/// A string member of the event's details.
pub fn detail<'a>(event: &'a Value, member: &str) -> Option<&'a str> {
    details(event)?.get(member)?.as_str()
}

/// When the event happened, in milliseconds since the Unix epoch: `timestamp` is an ISO 8601
/// string (as the CLI prints it) or epoch seconds (as the API sends it).
pub fn event_millis(event: &Value) -> Option<i64> {
    match member(event, "timestamp")? {
        Value::String(s) => utc_millis(s)
            .or_else(|| chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp_millis())),
        other => {
            #[allow(clippy::cast_possible_truncation)]
            let millis = (other.as_f64()? * 1000.0).round() as i64;
            Some(millis)
        }
    }
}

/// `2023-11-14T22:13:25.123456+00:00` (the form StepLab's histories use) read without a general
/// date parser: a history's view reads the time of each of its events.
fn utc_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 32 || !s.ends_with("+00:00") || b[4] != b'-' || b[10] != b'T' || b[19] != b'.' {
        return None;
    }
    let n = |from: usize, to: usize| -> Option<i64> {
        s.get(from..to)?
            .bytes()
            .try_fold(0i64, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
    };
    let (y, m, d) = (n(0, 4)?, n(5, 7)?, n(8, 10)?);
    let (hh, mm, ss, micros) = (n(11, 13)?, n(14, 16)?, n(17, 19)?, n(20, 26)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // days from the civil date (Howard Hinnant's algorithm)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + micros / 1000)
}

/// The state type an event's name starts with (`TaskStateEntered` → `Task`), for state events.
pub fn state_type(kind: &str) -> Option<&str> {
    kind.strip_suffix("StateEntered").or_else(|| kind.strip_suffix("StateExited"))
}

/// Whether the event reports a failure of the work of a state (a task, an iteration, a branch).
pub fn is_failure(kind: &str) -> bool {
    !kind.starts_with("Execution")
        && (kind.ends_with("Failed")
            || kind.ends_with("TimedOut")
            || kind.ends_with("StartFailed")
            || kind.ends_with("SubmitFailed")
            || kind == "EvaluationFailed")
}

/// Whether the event reports that a state's work succeeded.
pub fn is_success(kind: &str) -> bool {
    !kind.starts_with("Execution") && kind.ends_with("Succeeded")
}

/// The event types present in `events`, in order of first appearance.
pub fn types(events: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let k = kind(e);
        if !out.iter().any(|o| o == k) {
            out.push(k.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_events() {
        let e = json!({"timestamp": "2023-11-14T22:13:20.123000+00:00", "type": "TaskStateEntered", "id": 2, "previousEventId": 1,
            "stateEnteredEventDetails": {"name": "A", "input": "{}"}});
        assert_eq!((kind(&e), id(&e), previous(&e)), ("TaskStateEntered", 2, 1));
        assert_eq!(detail(&e, "name"), Some("A"));
        assert_eq!(event_millis(&e), Some(1_700_000_000_123));
        assert_eq!(event_millis(&json!({"timestamp": 1_700_000_000.5})), Some(1_700_000_000_500));
        assert_eq!(state_type("MapStateExited"), Some("Map"));
        assert_eq!(state_type("TaskScheduled"), None);
        assert!(is_failure("TaskFailed") && is_failure("LambdaFunctionTimedOut"));
        assert!(!is_failure("ExecutionFailed") && !is_failure("TaskSucceeded"));
    }

    #[test]
    fn times_read_quickly_are_the_times_chrono_reads() {
        for t in [
            "2023-11-14T22:13:25.000000+00:00",
            "2024-02-29T23:59:59.999999+00:00",
            "1970-01-01T00:00:00.001000+00:00",
            "2026-12-06T08:05:03.123456+00:00",
        ] {
            let chrono = chrono::DateTime::parse_from_rfc3339(t).map(|d| d.timestamp_millis()).ok();
            assert_eq!(utc_millis(t), chrono, "{t}");
        }
        assert_eq!(utc_millis("2023-11-14T22:13:25.000+00:00"), None);
        let z = json!({"timestamp": "2023-11-14T22:13:25.000Z"});
        assert_eq!(event_millis(&z), Some(1_700_000_005_000));
    }
}

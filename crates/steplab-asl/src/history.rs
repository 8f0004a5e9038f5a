//! History events in the shape of `GetExecutionHistory`: `timestamp`, `type`, `id`,
//! `previousEventId` and one `<x>EventDetails` object.

use std::sync::Arc;

use serde_json::{Map, Value, json};

/// One event of an execution's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in order of occurrence.
    pub id: u64,
    /// The event this one follows in its thread of execution (0 for none).
    pub previous_event_id: u64,
    /// When it happened (the driver's clock), in milliseconds since the Unix epoch.
    pub timestamp_millis: i64,
    /// The `HistoryEventType`, e.g. `TaskStateEntered`.
    pub kind: &'static str,
    /// The contents of the `<x>EventDetails` object, rendered on demand ([`HistoryEvent::details`]).
    pub(crate) details: Details,
    /// The state the event belongs to (not part of AWS's event; `None` for execution events).
    pub state_name: Option<std::sync::Arc<str>>,
}

impl HistoryEvent {
    /// The name of the details member for this event type, e.g. `stateEnteredEventDetails`.
    pub fn details_key(&self) -> String {
        details_key(self.kind)
    }

    /// The contents of the `<x>EventDetails` object (`Value::Null` when the event has none).
    pub fn details(&self) -> Value {
        self.details.render()
    }

    /// One member of the details object, e.g. `name`, `output` (as AWS shows it: payloads are
    /// JSON text).
    pub fn detail(&self, key: &str) -> Option<Value> {
        self.details.member(key)
    }

    /// The event as `GetExecutionHistory` returns it (timestamps rendered as the AWS CLI does,
    /// `2024-01-02T03:04:05.678000+00:00`).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("timestamp".into(), Value::String(cli_timestamp(self.timestamp_millis)));
        m.insert("type".into(), Value::String(self.kind.into()));
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        let details = self.details.render();
        if !details.is_null() {
            m.insert(self.details_key(), details);
        }
        Value::Object(m)
    }
}

/// An event's details as recorded: most are kept as the values the engine had (payloads are
/// shared, not copied) and turned into AWS's shape, with payloads as JSON text, only when read.
/// Recording an event is then cheap, which is what a state transition mostly does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Details {
    /// No details object.
    None,
    /// Built when the event was recorded (boxed: most events are not, and every event is as
    /// large as the largest kind).
    Json(Box<Value>),
    /// Members in AWS's order.
    Fields(Vec<(&'static str, Field)>),
    /// Members in AWS's order, shared by several events (a retried task's `…Scheduled` events).
    Shared(Arc<[(&'static str, Field)]>),
    /// A task's `…Started`/`…Failed` event: `resourceType` and `resource` (integrations), then
    /// `error` and `cause` (failures), recorded without building a list of members.
    Task {
        /// `resourceType`, `resource`.
        resource: Option<(Arc<str>, Arc<str>)>,
        /// `error`, `cause`.
        failure: Option<(Arc<str>, Arc<str>)>,
    },
    /// `MapIteration…`: `{"name": …, "index": …}`.
    Iteration {
        /// The Map state's name.
        name: Arc<str>,
        /// The item's index.
        index: usize,
    },
    /// `…StateEntered` (`name`, `input`, `inputDetails`) or `…StateExited` (`name`, `output`,
    /// `outputDetails`, and `assignedVariables` with its details when the state assigned any):
    /// the two events of every transition, recorded without building anything.
    State {
        /// `true` for `…StateEntered`.
        entered: bool,
        /// The state's name.
        name: Arc<str>,
        /// The state's input or output ([`Field::Text`] or [`Field::Rendered`]).
        payload: Field,
        /// Variables assigned (`…StateExited` only).
        assigned: Option<Arc<Map<String, Value>>>,
    },
}

/// One member of [`Details::Fields`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    /// As is (boxed, as for [`Details::Json`]).
    Value(Box<Value>),
    /// A string (a state name).
    Str(Arc<str>),
    /// A payload, shown as its JSON text.
    Text(Arc<Value>),
    /// A payload's JSON text, written when the event was recorded.
    Rendered(String),
    /// Variables assigned by a state: each value shown as its JSON text.
    Assigned(Arc<Map<String, Value>>),
    /// `{"truncated": false}`
    NotTruncated,
}

impl Field {
    fn render(&self) -> Value {
        match self {
            Field::Value(v) => Value::clone(v),
            Field::Str(s) => Value::String(s.to_string()),
            Field::Text(v) => Value::String(v.to_string()),
            Field::Rendered(t) => Value::String(t.clone()),
            Field::Assigned(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), json!(v.to_string()))).collect())
            }
            Field::NotTruncated => not_truncated(),
        }
    }
}

impl Details {
    pub(crate) fn render(&self) -> Value {
        match self {
            Details::None => Value::Null,
            Details::Json(v) => Value::clone(v),
            Details::Fields(f) => render_fields(f),
            Details::Shared(f) => render_fields(f),
            Details::State { .. } | Details::Iteration { .. } | Details::Task { .. } => {
                Details::Fields(self.state_fields()).render()
            }
        }
    }

    /// The members of a [`Details::State`], [`Details::Iteration`] or [`Details::Task`].
    pub(crate) fn state_fields(&self) -> Vec<(&'static str, Field)> {
        if let Details::Task { resource, failure } = self {
            let mut f = Vec::with_capacity(4);
            if let Some((t, r)) = resource {
                f.push(("resourceType", Field::Str(Arc::clone(t))));
                f.push(("resource", Field::Str(Arc::clone(r))));
            }
            if let Some((e, c)) = failure {
                f.push(("error", Field::Str(Arc::clone(e))));
                f.push(("cause", Field::Str(Arc::clone(c))));
            }
            return f;
        }
        if let Details::Iteration { name, index } = self {
            return vec![
                ("name", Field::Str(Arc::clone(name))),
                ("index", Field::Value(Box::new((*index).into()))),
            ];
        }
        let Details::State { entered, name, payload, assigned } = self else { return Vec::new() };
        let (key, details) =
            if *entered { ("input", "inputDetails") } else { ("output", "outputDetails") };
        let mut f = vec![
            ("name", Field::Str(Arc::clone(name))),
            (key, payload.clone()),
            (details, Field::NotTruncated),
        ];
        if let Some(a) = assigned {
            f.push(("assignedVariables", Field::Assigned(Arc::clone(a))));
            f.push(("assignedVariablesDetails", Field::NotTruncated));
        }
        f
    }

    fn member(&self, key: &str) -> Option<Value> {
        match self {
            Details::None => None,
            Details::Json(v) => v.get(key).cloned(),
            Details::Fields(f) => f.iter().find(|(k, _)| *k == key).map(|(_, v)| v.render()),
            Details::Shared(f) => f.iter().find(|(k, _)| *k == key).map(|(_, v)| v.render()),
            Details::State { .. } | Details::Iteration { .. } | Details::Task { .. } => {
                self.state_fields().iter().find(|(k, _)| *k == key).map(|(_, v)| v.render())
            }
        }
    }
}

fn render_fields(f: &[(&'static str, Field)]) -> Value {
    Value::Object(f.iter().map(|(k, v)| ((*k).to_owned(), v.render())).collect())
}

impl From<Value> for Details {
    fn from(v: Value) -> Details {
        if v.is_null() { Details::None } else { Details::Json(Box::new(v)) }
    }
}

/// The AWS CLI's rendering of an event timestamp (`2024-01-02T03:04:05.678000+00:00`), written
/// without a general date formatter for the years 0–9999: a history writes one per event.
pub fn cli_timestamp(millis: i64) -> String {
    let (days, in_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    // the civil date of a day count (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if !(0..=9999).contains(&y) {
        return chrono::DateTime::from_timestamp_millis(millis).map_or_else(
            || "1970-01-01T00:00:00.000000+00:00".into(),
            |d| d.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string(),
        );
    }
    let (h, min, s, ms) =
        (in_day / 3_600_000, in_day / 60_000 % 60, in_day / 1000 % 60, in_day % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}000+00:00")
}

/// `TaskStateEntered` → `stateEnteredEventDetails`, `TaskScheduled` → `taskScheduledEventDetails`.
pub fn details_key(kind: &str) -> String {
    if kind.ends_with("StateEntered") {
        return "stateEnteredEventDetails".into();
    }
    if kind.ends_with("StateExited") {
        return "stateExitedEventDetails".into();
    }
    let mut s = String::new();
    let mut chars = kind.chars();
    if let Some(c) = chars.next() {
        s.extend(c.to_lowercase());
    }
    s.extend(chars);
    s.push_str("EventDetails");
    s
}

/// `{"truncated": false}`
pub(crate) fn not_truncated() -> Value {
    json!({"truncated": false})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(details_key("TaskStateEntered"), "stateEnteredEventDetails");
        assert_eq!(details_key("MapStateEntered"), "stateEnteredEventDetails");
        assert_eq!(details_key("FailStateEntered"), "stateEnteredEventDetails");
        assert_eq!(details_key("PassStateExited"), "stateExitedEventDetails");
        assert_eq!(details_key("LambdaFunctionScheduled"), "lambdaFunctionScheduledEventDetails");
        assert_eq!(details_key("MapIterationStarted"), "mapIterationStartedEventDetails");
        assert_eq!(cli_timestamp(1_700_000_000_123), "2023-11-14T22:13:20.123000+00:00");
    }
}

#[cfg(test)]
mod timestamp_tests {
    use super::cli_timestamp;

    #[test]
    fn timestamps_are_written_as_the_cli_writes_them() {
        let chrono = |millis| {
            chrono::DateTime::from_timestamp_millis(millis)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string())
        };
        let mut millis = -62_167_219_200_000; // 0000-01-01
        while millis < 253_402_300_800_000 {
            // 9999-12-31 and past it
            assert_eq!(Some(cli_timestamp(millis)), chrono(millis), "{millis}");
            millis += 86_399_999 * 37 + 12_345;
        }
        for millis in
            [0, -1, 1, 951_782_400_000, 1_709_251_199_999, 1_700_000_005_123, 253_402_300_800_000]
        {
            assert_eq!(Some(cli_timestamp(millis)), chrono(millis), "{millis}");
        }
    }
}

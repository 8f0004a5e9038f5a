//! How each stored record is written: JSON text in an envelope that carries the schema version,
//! one record per function, state machine, execution header and history chunk. Each record is
//! read on its own, so one that cannot be read costs only itself.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::store::ExecutionRecord;

/// The schema version records are written with. A record of a newer version is left as it is
/// (a newer StepLab wrote it) and reported, never read as if it were this one.
pub const SCHEMA: u64 = 1;

/// The key of the workspace's partition (region and account) in [`Store::Meta`].
pub const PARTITION_KEY: &str = "partition";
/// The key of the AWS resources' record in the `meta` store.
pub const SERVICES_KEY: &str = "services";

/// The object stores of the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Meta,
    Functions,
    StateMachines,
    /// An execution without its events (with `event_count`), by ARN.
    Executions,
    /// An execution's events in chunks, by `{arn}#{index of the first event}`.
    History,
    /// Records that could not be read, set aside (never overwritten, never dropped).
    Quarantine,
    /// Unsaved Workflow Studio work, by `new` or `edit.{state machine}`.
    Drafts,
}

impl Store {
    pub const ALL: [Store; 7] = [
        Store::Meta,
        Store::Functions,
        Store::StateMachines,
        Store::Executions,
        Store::History,
        Store::Quarantine,
        Store::Drafts,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Store::Meta => "meta",
            Store::Functions => "functions",
            Store::StateMachines => "state_machines",
            Store::Executions => "executions",
            Store::History => "history",
            Store::Quarantine => "quarantine",
            Store::Drafts => "drafts",
        }
    }
}

/// `value` in the record envelope.
pub fn encode(value: &impl Serialize) -> String {
    json!({"schema": SCHEMA, "record": value}).to_string()
}

/// The value in the record envelope `text`, or what is wrong with it.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut envelope: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    let schema = envelope.get("schema").and_then(Value::as_u64).ok_or("no schema version")?;
    if schema > SCHEMA {
        return Err(format!("written by a newer StepLab (schema version {schema})"));
    }
    let record = envelope.get_mut("record").map(Value::take).ok_or("no record")?;
    serde_json::from_value(record).map_err(|e| e.to_string())
}

/// Whether `problem` (from [`decode`]) is a record of a newer schema version.
pub fn is_newer(problem: &str) -> bool {
    problem.starts_with("written by a newer StepLab")
}

/// An execution's header: the record without its events and stages (records of their own), with
/// how many events it had when the header was written (more may be stored since).
pub fn header(record: &ExecutionRecord) -> Value {
    let bare = ExecutionRecord {
        events: Default::default(),
        stages: Default::default(),
        ..record.clone()
    };
    let mut value = serde_json::to_value(bare).unwrap_or_default();
    if let Some(m) = value.as_object_mut() {
        m.remove("events");
        m.remove("stages");
        m.insert("event_count".into(), record.unread.unwrap_or(record.events.len()).into());
    }
    value
}

/// The execution of header `value` (without its events) and how many events it has.
pub fn from_header(mut value: Value) -> Result<(ExecutionRecord, usize), String> {
    let m = value.as_object_mut().ok_or("not an object")?;
    let count = m.remove("event_count").and_then(|c| c.as_u64()).ok_or("no event_count")?;
    m.insert("events".into(), Value::Array(Vec::new()));
    let record = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok((record, usize::try_from(count).unwrap_or(usize::MAX)))
}

/// The key of the history chunk of execution `arn` that starts at event index `from`.
pub fn chunk_key(arn: &str, from: usize) -> String {
    format!("{arn}#{from:010}")
}

/// The key of the recorded data-flow stages of execution `arn` (in [`Store::History`], outside
/// the range of its chunks).
pub fn stages_key(arn: &str) -> String {
    format!("{arn}!stages")
}

/// The first and last possible chunk keys of execution `arn`.
pub fn chunk_range(arn: &str) -> (String, String) {
    (format!("{arn}#"), format!("{arn}#~"))
}

/// The index of the first event of chunk `key` of execution `arn`.
pub fn chunk_start(arn: &str, key: &str) -> Option<usize> {
    key.strip_prefix(arn)?.strip_prefix('#')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_read_on_their_own_terms() {
        assert_eq!(decode::<u32>(&encode(&7)), Ok(7));
        assert!(decode::<u32>("{\"schema\": 1, \"record\": \"x\"}").is_err());
        assert!(decode::<u32>("garbage").unwrap_err().starts_with("not JSON"));
        let newer = decode::<u32>("{\"schema\": 9, \"record\": 1}").unwrap_err();
        assert!(is_newer(&newer), "{newer}");
        assert_eq!(chunk_start("arn:x", &chunk_key("arn:x", 1000)), Some(1000));
        let (lo, hi) = chunk_range("arn:x");
        assert!(lo < chunk_key("arn:x", 0) && chunk_key("arn:x", 99_999) < hi);
        assert!(!(lo..=hi).contains(&stages_key("arn:x")));
    }
}

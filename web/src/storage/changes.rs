//! What a save writes: the records that differ between the workspace as stored and as it is now,
//! and the events each execution appended since its history was last stored. Pure: the writer
//! ([`super::writer`]) carries the writes out in one transaction.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use crate::execution::event_log::EventLog;
use crate::storage::record::{self, Store};
use crate::store::{ExecutionRecord, Workspace};

/// One write of a save.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    /// Puts the record `key` of `store` (its text, in the record envelope).
    Put { store: Store, key: String, text: String },
    /// Deletes the record `key` of `store`.
    Delete { store: Store, key: String },
    /// Deletes every history chunk of execution `arn`.
    DeleteHistory { arn: String },
    /// Appends the events of `events` from index `from` on to the history of execution `arn`
    /// (written as chunks of at most [`CHUNK_EVENTS`], see [`chunks`]).
    AppendHistory { arn: String, from: usize, events: EventLog },
}

/// The most events a history chunk holds: encoding one takes a few milliseconds.
pub const CHUNK_EVENTS: usize = 1000;

/// The chunk records that append `events[from..]` to the history of `arn`, each encoded when it
/// is taken.
pub fn chunks<'a>(
    arn: &'a str,
    from: usize,
    events: &'a EventLog,
) -> impl Iterator<Item = Write> + 'a {
    (from..events.len()).step_by(CHUNK_EVENTS).map(move |start| {
        let end = (start + CHUNK_EVENTS).min(events.len());
        Write::Put {
            store: Store::History,
            key: record::chunk_key(arn, start),
            text: record::encode(&&events.events()[start..end]),
        }
    })
}

/// How many events of each execution (by ARN) are stored.
pub type StoredEvents = BTreeMap<String, usize>;

/// The writes that bring the store from `stored` (with `events` stored per execution) to `now`,
/// and the stored event counts after them.
pub fn changes(
    stored: &Workspace,
    events: &StoredEvents,
    now: &Workspace,
) -> (Vec<Write>, StoredEvents) {
    let mut out = Vec::new();
    if stored.partition != now.partition {
        out.push(put(Store::Meta, record::PARTITION_KEY, &now.partition));
    }
    if stored.services != now.services {
        out.push(put(Store::Meta, record::SERVICES_KEY, &now.services));
    }
    records(&mut out, Store::Functions, &stored.functions, &now.functions, |f| f.name().to_owned());
    records(&mut out, Store::StateMachines, &stored.state_machines, &now.state_machines, |s| {
        s.name.clone()
    });
    let mut counts = StoredEvents::new();
    for e in &now.executions {
        let before = stored.executions.iter().find(|s| s.arn == e.arn);
        let have = events.get(&e.arn).copied().unwrap_or(0);
        if before.is_none_or(|b| !same_header(b, e)) {
            out.push(put(Store::Executions, &e.arn, &record::header(e)));
        }
        if e.unread.is_some() {
            // its history and stages are stored and not read: they stay as they are
            counts.insert(e.arn.clone(), have);
            continue;
        }
        let stages_before = before.map(|b| &b.stages);
        if stages_before.is_none_or(|b| !Rc::ptr_eq(b, &e.stages) && **b != *e.stages) {
            let key = record::stages_key(&e.arn);
            if e.stages.is_empty() {
                if stages_before.is_some_and(|b| !b.is_empty()) {
                    out.push(Write::Delete { store: Store::History, key });
                }
            } else {
                out.push(put(Store::History, &key, &*e.stages));
            }
        }
        let len = e.events.len();
        let from = if len < have {
            // the history was shortened (a debugger step back): written again
            out.push(Write::DeleteHistory { arn: e.arn.clone() });
            0
        } else {
            have
        };
        if len > from {
            out.push(Write::AppendHistory { arn: e.arn.clone(), from, events: e.events.clone() });
        }
        counts.insert(e.arn.clone(), len);
    }
    for gone in stored.executions.iter().filter(|s| !now.executions.iter().any(|e| e.arn == s.arn))
    {
        out.push(Write::Delete { store: Store::Executions, key: gone.arn.clone() });
        out.push(Write::Delete { store: Store::History, key: record::stages_key(&gone.arn) });
        out.push(Write::DeleteHistory { arn: gone.arn.clone() });
    }
    (out, counts)
}

/// What the store holds once `writes` (computed for `target`, with `counts` events per execution)
/// are written: `stored` with exactly the written records taken from `target`. Records the
/// writes did not touch stay as `stored` has them (another tab's, read meanwhile, among them).
pub fn written(
    stored: &mut Workspace,
    events: &mut StoredEvents,
    target: &Workspace,
    counts: &StoredEvents,
    writes: &[Write],
) {
    fn take<T: Clone>(items: &mut Vec<T>, from: &[T], is: impl Fn(&T) -> bool) {
        match (items.iter().position(&is), from.iter().find(|t| is(t))) {
            (Some(i), Some(t)) => items[i] = t.clone(),
            (Some(i), None) => {
                items.remove(i);
            }
            (None, Some(t)) => items.push(t.clone()),
            (None, None) => {}
        }
    }
    for w in writes {
        let (store, key) = match w {
            Write::Put { store, key, .. } | Write::Delete { store, key } => (*store, key.as_str()),
            Write::AppendHistory { arn, .. } | Write::DeleteHistory { arn } => {
                (Store::History, arn.as_str())
            }
        };
        match store {
            Store::Meta if key == record::SERVICES_KEY => {
                stored.services = target.services.clone();
            }
            Store::Meta => stored.partition = target.partition.clone(),
            Store::Functions => take(&mut stored.functions, &target.functions, |f| f.name() == key),
            Store::StateMachines => {
                take(&mut stored.state_machines, &target.state_machines, |s| s.name == key)
            }
            Store::Executions | Store::History => {
                let arn = key.split(['#', '!']).next().unwrap_or(key);
                take(&mut stored.executions, &target.executions, |e| e.arn == arn);
                match counts.get(arn) {
                    Some(n) => events.insert(arn.to_owned(), *n),
                    None => events.remove(arn),
                };
            }
            Store::Quarantine | Store::Drafts => {}
        }
    }
}

fn put(store: Store, key: &str, value: &impl Serialize) -> Write {
    Write::Put { store, key: key.to_owned(), text: record::encode(value) }
}

fn records<T: PartialEq + Serialize>(
    out: &mut Vec<Write>,
    store: Store,
    stored: &[T],
    now: &[T],
    key: impl Fn(&T) -> String,
) {
    for item in now {
        let k = key(item);
        if stored.iter().find(|s| key(s) == k) != Some(item) {
            out.push(put(store, &k, item));
        }
    }
    for gone in stored.iter().filter(|s| !now.iter().any(|n| key(n) == key(s))) {
        out.push(Write::Delete { store, key: key(gone) });
    }
}

/// Whether two records of one execution have the same header: the same fields but their events and
/// stages, stored on their own (compared without copying either; every field is named, so a new
/// one cannot be forgotten).
fn same_header(a: &ExecutionRecord, b: &ExecutionRecord) -> bool {
    let ExecutionRecord {
        name,
        arn,
        state_machine,
        definition,
        input,
        status,
        output,
        error,
        cause,
        start_millis,
        stop_millis,
        events: _,
        logs,
        seed,
        mock_test_case,
        mocks,
        stages: _,
        imported,
        unread: _,
        map_runs,
    } = a;
    (name, arn, state_machine, definition, input, status)
        == (&b.name, &b.arn, &b.state_machine, &b.definition, &b.input, &b.status)
        && (output, error, cause) == (&b.output, &b.error, &b.cause)
        && (start_millis, stop_millis, seed) == (&b.start_millis, &b.stop_millis, &b.seed)
        && (mock_test_case, mocks) == (&b.mock_test_case, &b.mocks)
        && imported == &b.imported
        && map_runs == &b.map_runs
        && logs.len() == b.logs.len()
        && logs == &b.logs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Function;
    use serde_json::json;

    fn execution(arn: &str, events: usize) -> ExecutionRecord {
        let mut r: ExecutionRecord = serde_json::from_value(json!({
            "name": arn, "arn": arn, "state_machine": "M", "definition": "{}", "input": "{}",
            "status": "RUNNING", "output": null, "error": null, "cause": null,
            "start_millis": 0, "stop_millis": null, "events": [], "logs": []
        }))
        .expect("a record");
        r.events.extend((1..=events).map(|id| json!({"id": id})));
        r
    }

    fn kinds(writes: &[Write]) -> Vec<String> {
        writes
            .iter()
            .map(|w| match w {
                Write::Put { store, key, .. } => format!("put {store:?} {key}"),
                Write::Delete { store, key } => format!("delete {store:?} {key}"),
                Write::DeleteHistory { arn } => format!("delete history {arn}"),
                Write::AppendHistory { arn, from, events } => {
                    format!("append history {arn} {from}..{}", events.len())
                }
            })
            .collect()
    }

    #[test]
    fn only_what_changed_is_written_and_histories_are_appended() {
        let empty = Workspace::default();
        let mut now = Workspace::default();
        now.functions.push(Function::new("F", "python3.11", 1));
        now.executions.push(execution("a", 2));
        let (writes, stored) = changes(&empty, &StoredEvents::new(), &now);
        assert_eq!(
            kinds(&writes),
            ["put Functions F", "put Executions a", "append history a 0..2"]
        );
        assert_eq!(stored["a"], 2);
        // nothing changed: nothing written
        assert_eq!(changes(&now, &stored, &now).0, []);
        // two more events: one chunk of them, and nothing else
        let mut later = now.clone();
        later.executions[0].events.extend([json!({"id": 3}), json!({"id": 4})]);
        let (writes, stored) = changes(&now, &stored, &later);
        assert_eq!(kinds(&writes), ["append history a 2..4"]);
        let Write::AppendHistory { arn, from, events } = &writes[0] else { unreachable!() };
        let put: Vec<Write> = chunks(arn, *from, events).collect();
        assert_eq!(kinds(&put), ["put History a#0000000002"]);
        let Write::Put { text, .. } = &put[0] else { unreachable!() };
        let chunk: Vec<serde_json::Value> = record::decode(text).expect("a chunk");
        assert_eq!(chunk, [json!({"id": 3}), json!({"id": 4})]);
        // a long history goes in chunks of CHUNK_EVENTS
        let mut long = later.clone();
        long.executions[0].events.extend((5..=2504).map(|id| json!({"id": id})));
        let (writes, _) = changes(&later, &stored, &long);
        let Write::AppendHistory { arn, from, events } = &writes[0] else { unreachable!() };
        let keys = kinds(&chunks(arn, *from, events).collect::<Vec<_>>());
        assert_eq!(
            keys,
            ["put History a#0000000004", "put History a#0000001004", "put History a#0000002004"]
        );
        // what the store holds after a save is what it wrote, whatever else changed meanwhile
        let mut baseline = later.clone();
        let mut counts = stored.clone();
        baseline.functions[0].draft = Some("read from another tab meanwhile".into());
        let mut target = later.clone();
        target.executions[0].status = "FAILED".into();
        let (writes, after) = changes(&later, &stored, &target);
        written(&mut baseline, &mut counts, &target, &after, &writes);
        assert_eq!(baseline.executions, target.executions);
        assert_eq!(baseline.functions[0].draft.as_deref(), Some("read from another tab meanwhile"));
        // it ends with its stages: its header again, and its stages
        let mut ended = later.clone();
        ended.executions[0].status = "SUCCEEDED".into();
        let mut stages = crate::execution::record::Stages::new();
        stages.insert(2, serde_json::Map::new());
        ended.executions[0].stages = Rc::new(stages);
        let (writes, stored) = changes(&later, &stored, &ended);
        assert_eq!(kinds(&writes), ["put Executions a", "put History a!stages"]);
        // deleted: its record, its stages and its history
        let (writes, _) = changes(&ended, &stored, &Workspace::default());
        assert_eq!(
            kinds(&writes),
            [
                "delete Functions F",
                "delete Executions a",
                "delete History a!stages",
                "delete history a"
            ]
        );
    }
}

//! Loading the workspace: every record decoded on its own (one that cannot be read is set aside
//! in the quarantine store and every other record loads), histories read chunk by chunk, and the
//! workspace an earlier StepLab kept in localStorage migrated on first start — its old copy
//! removed only once the migration has been written and read back.

use idb::Database;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::storage::changes::{StoredEvents, Write, changes};
use crate::storage::database::{self, records};
use crate::storage::record::{self, Store};
use crate::store::{ExecutionRecord, Workspace};

/// The key the workspace was kept under in localStorage before IndexedDB.
pub const OLD_KEY: &str = "steplab.workspace.v1";

/// A record set aside because it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    /// Its key in the quarantine store.
    pub key: String,
    /// Where it was: a store (or `localStorage`) and its key there.
    pub origin: String,
    pub problem: String,
    /// Its text, as it was stored.
    pub text: String,
}

/// The workspace as stored, and what could not be read.
#[derive(Default)]
pub struct Loaded {
    pub workspace: Workspace,
    pub events: StoredEvents,
    pub set_aside: Vec<SetAside>,
    /// Records left where they are (of a newer schema version), said in a sentence each.
    pub problems: Vec<String>,
    /// Unsaved Workflow Studio work (record texts), by key.
    pub drafts: std::collections::BTreeMap<String, String>,
}

/// Reads the workspace, migrating localStorage's first.
pub async fn load() -> Result<Loaded, String> {
    let db = database::open().await?;
    migrate(&db).await?;
    let mut loaded = Loaded::default();
    let mut moves = Vec::new();
    if let Some(text) = database::record(&db, Store::Meta, record::PARTITION_KEY).await? {
        match record::decode(&text) {
            Ok(p) => loaded.workspace.partition = p,
            Err(e) => {
                unreadable(&mut loaded, &mut moves, Store::Meta, record::PARTITION_KEY, &text, e)
            }
        }
    }
    if let Some(text) = database::record(&db, Store::Meta, record::SERVICES_KEY).await? {
        match record::decode(&text) {
            Ok(s) => loaded.workspace.services = s,
            Err(e) => {
                unreadable(&mut loaded, &mut moves, Store::Meta, record::SERVICES_KEY, &text, e)
            }
        }
    }
    loaded.workspace.functions = read_all(&db, Store::Functions, &mut loaded, &mut moves).await?;
    loaded.workspace.state_machines =
        read_all(&db, Store::StateMachines, &mut loaded, &mut moves).await?;
    for (key, text) in records(&db, Store::Executions, None).await? {
        let header = record::decode::<Value>(&text).and_then(record::from_header);
        let (mut execution, count) = match header {
            Ok(h) => h,
            Err(e) => {
                unreadable(&mut loaded, &mut moves, Store::Executions, &key, &text, e);
                continue;
            }
        };
        if execution.status != "RUNNING" {
            // read when a page shows it: the workspace starts without reading every history
            execution.unread = Some(count);
            loaded.events.insert(execution.arn.clone(), count);
            loaded.workspace.executions.push(execution);
            continue;
        }
        // one left running (its page may have been closed) is read now, to be closed properly
        let events = history(&db, &execution.arn, 0, &mut loaded, &mut moves).await?;
        if events.len() < count {
            loaded.problems.push(format!(
                "Execution {}: {} of its {count} events could be read.",
                execution.arn,
                events.len()
            ));
        }
        execution.events.extend(events);
        execution.stages = stages(&db, &execution.arn, &mut loaded, &mut moves).await?;
        loaded.events.insert(execution.arn.clone(), execution.events.len());
        loaded.workspace.executions.push(execution);
    }
    // in the order they were made (the store keeps them by key)
    loaded.workspace.state_machines.sort_by_key(|s| s.creation_millis);
    loaded.workspace.executions.sort_by_key(|e| e.start_millis);
    if !moves.is_empty() {
        crate::storage::writer::write(&moves).await?;
    }
    loaded.drafts = records(&db, Store::Drafts, None).await?.into_iter().collect();
    loaded.set_aside = set_aside(&db).await?;
    Ok(loaded)
}

/// The stored history and stages of execution `arn` (as far as they can be read; what cannot is
/// set aside, and the rest of the workspace is not touched).
pub async fn read_history(
    arn: &str,
) -> Result<
    (crate::execution::event_log::EventLog, std::rc::Rc<crate::execution::record::Stages>),
    String,
> {
    let db = database::open().await?;
    let mut loaded = Loaded::default();
    let mut moves = Vec::new();
    let events = history(&db, arn, 0, &mut loaded, &mut moves).await?;
    let stages = stages(&db, arn, &mut loaded, &mut moves).await?;
    if !moves.is_empty() {
        crate::storage::writer::write(&moves).await?;
    }
    Ok((events.into(), stages))
}

/// The records of `store` that can be read.
async fn read_all<T: DeserializeOwned>(
    db: &Database,
    store: Store,
    loaded: &mut Loaded,
    moves: &mut Vec<Write>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for (key, text) in records(db, store, None).await? {
        match record::decode(&text) {
            Ok(v) => out.push(v),
            Err(e) => unreadable(loaded, moves, store, &key, &text, e),
        }
    }
    Ok(out)
}

/// The events of execution `arn` from index `from` on, as far as its chunks follow each other.
pub async fn history(
    db: &Database,
    arn: &str,
    from: usize,
    loaded: &mut Loaded,
    moves: &mut Vec<Write>,
) -> Result<Vec<Value>, String> {
    let (lo, hi) = record::chunk_range(arn);
    let lo = if from == 0 { lo } else { record::chunk_key(arn, from) };
    let mut events = Vec::new();
    for (key, text) in records(db, Store::History, Some((&lo, &hi))).await? {
        if record::chunk_start(arn, &key) != Some(from + events.len()) {
            break;
        }
        match record::decode::<Vec<Value>>(&text) {
            Ok(chunk) => events.extend(chunk),
            Err(e) => {
                unreadable(loaded, moves, Store::History, &key, &text, e);
                break;
            }
        }
    }
    Ok(events)
}

/// The recorded data-flow stages of execution `arn` (none when they are not stored or cannot be
/// read: the page computes them again).
pub async fn stages(
    db: &Database,
    arn: &str,
    loaded: &mut Loaded,
    moves: &mut Vec<Write>,
) -> Result<std::rc::Rc<crate::execution::record::Stages>, String> {
    let key = record::stages_key(arn);
    let Some(text) = database::record(db, Store::History, &key).await? else {
        return Ok(Default::default());
    };
    match record::decode(&text) {
        Ok(s) => Ok(std::rc::Rc::new(s)),
        Err(e) => {
            unreadable(loaded, moves, Store::History, &key, &text, e);
            Ok(Default::default())
        }
    }
}

/// Sets the record `key` of `store` aside (or, when a newer StepLab wrote it, leaves it be).
fn unreadable(
    loaded: &mut Loaded,
    moves: &mut Vec<Write>,
    store: Store,
    key: &str,
    text: &str,
    problem: String,
) {
    if record::is_newer(&problem) {
        loaded.problems.push(format!("{} {key}: {problem}; it is left as it is.", store.name()));
        return;
    }
    moves.push(quarantine(store.name(), key, text, &problem, crate::clock::now_millis()));
    moves.push(Write::Delete { store, key: key.to_owned() });
}

/// The write that keeps `text` (from `origin`, key `key`) in the quarantine store, under a key of
/// its own.
pub fn quarantine(origin: &str, key: &str, text: &str, problem: &str, at: i64) -> Write {
    Write::Put {
        store: Store::Quarantine,
        key: format!("{origin}/{key}/{at}"),
        text: json!({"origin": format!("{origin} {key}"), "problem": problem, "text": text})
            .to_string(),
    }
}

/// The records in the quarantine store.
pub async fn set_aside(db: &Database) -> Result<Vec<SetAside>, String> {
    Ok(records(db, Store::Quarantine, None)
        .await?
        .into_iter()
        .map(|(key, text)| {
            let v: Value = serde_json::from_str(&text).unwrap_or_default();
            let field = |f: &str| v.get(f).and_then(Value::as_str).unwrap_or_default().to_owned();
            SetAside {
                key,
                origin: field("origin"),
                problem: field("problem"),
                text: field("text"),
            }
        })
        .collect())
}

/// Moves the workspace an earlier StepLab kept in localStorage into the database: each record
/// read on its own (one that cannot be read is set aside), all written in one transaction, read
/// back, and only then removed from localStorage.
async fn migrate(db: &Database) -> Result<(), String> {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Ok(());
    };
    // drafts of Workflow Studio, each an entry of its own
    let mut old_drafts = Vec::new();
    for i in 0..storage.length().unwrap_or(0) {
        if let Ok(Some(k)) = storage.key(i)
            && let Some(draft_key) = k.strip_prefix(crate::studio::drafts::OLD_PREFIX)
            && !draft_key.ends_with(".unreadable")
            && let Ok(Some(text)) = storage.get_item(&k)
        {
            old_drafts.push((k.clone(), draft_key.to_owned(), text));
        }
    }
    let old_workspace = storage.get_item(OLD_KEY).ok().flatten();
    if old_workspace.is_none() && old_drafts.is_empty() {
        return Ok(());
    }
    let mut writes = Vec::new();
    for (_, key, text) in &old_drafts {
        let draft = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
        writes.push(match draft {
            Ok(v) => {
                Write::Put { store: Store::Drafts, key: key.clone(), text: record::encode(&v) }
            }
            Err(e) => quarantine("localStorage", key, text, &e, crate::clock::now_millis()),
        });
    }
    if let Some(text) = &old_workspace {
        let (workspace, aside) = read_old(text, crate::clock::now_millis());
        writes.extend(aside);
        let (records, _) = changes(&Workspace::default(), &StoredEvents::new(), &workspace);
        writes.extend(records);
    }
    crate::storage::writer::write(&writes).await?;
    // read back: every record written is there
    for w in &writes {
        if let Write::Put { store, key, .. } = w
            && database::record(db, *store, key).await?.is_none()
        {
            return Err(format!("the migrated {} {key} could not be read back", store.name()));
        }
    }
    for (k, _, _) in &old_drafts {
        let _ = storage.remove_item(k);
    }
    if old_workspace.is_some() {
        storage.remove_item(OLD_KEY).map_err(|_| "localStorage refused to forget the old copy")?;
    }
    Ok(())
}

/// The workspace in the old format (one JSON text), each record read on its own, and the
/// quarantine writes (at `now`) of those that cannot be.
pub fn read_old(text: &str, now: i64) -> (Workspace, Vec<Write>) {
    let mut workspace = Workspace::default();
    let mut aside = Vec::new();
    let Ok(Value::Object(old)) = serde_json::from_str::<Value>(text) else {
        aside.push(quarantine("localStorage", OLD_KEY, text, "not a JSON object", now));
        return (workspace, aside);
    };
    if let Some(p) = old.get("partition") {
        match serde_json::from_value(p.clone()) {
            Ok(p) => workspace.partition = p,
            Err(e) => aside.push(quarantine(
                "localStorage",
                "partition",
                &p.to_string(),
                &e.to_string(),
                now,
            )),
        }
    }
    fn each<T: DeserializeOwned>(
        old: &serde_json::Map<String, Value>,
        field: &str,
        aside: &mut Vec<Write>,
        now: i64,
    ) -> Vec<T> {
        let items = old.get(field).and_then(Value::as_array).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let text = item.to_string();
            match serde_json::from_value(item) {
                Ok(v) => out.push(v),
                Err(e) => aside.push(quarantine(
                    "localStorage",
                    &format!("{field}[{i}]"),
                    &text,
                    &e.to_string(),
                    now,
                )),
            }
        }
        out
    }
    workspace.functions = each(&old, "functions", &mut aside, now);
    workspace.state_machines = each(&old, "state_machines", &mut aside, now);
    workspace.executions = each::<ExecutionRecord>(&old, "executions", &mut aside, now);
    (workspace, aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_record_of_the_old_format_costs_only_itself() {
        let old = json!({
            "functions": [
                {"name": "Good", "runtime": "python3.11", "handler": "h", "code": "", "last_modified_millis": 1},
                {"name": "Bad", "runtime": 3}
            ],
            "state_machines": [],
            "executions": []
        });
        let (w, aside) = read_old(&old.to_string(), 5);
        assert_eq!(w.functions.len(), 1);
        assert_eq!(w.functions[0].name(), "Good");
        assert_eq!(aside.len(), 1);
        let Write::Put { store, key, text } = &aside[0] else { panic!("{aside:?}") };
        assert_eq!(*store, Store::Quarantine);
        assert_eq!(key, "localStorage/functions[1]/5");
        assert!(text.contains("\\\"runtime\\\":3"), "the record is kept as it was: {text}");
        // not JSON at all: all of it set aside
        let (w, aside) = read_old("{truncated", 5);
        assert_eq!(w, Workspace::default());
        assert_eq!(aside.len(), 1);
    }
}

//! Saving: each change of the workspace is written as the records it changed, in one IndexedDB
//! transaction, one save at a time. What the store holds is known (the workspace as last written
//! and how many events of each execution are stored), so a running execution appends only its
//! new events. A save that fails is reported and tried again with the next change: nothing is
//! taken as saved until IndexedDB says it is.

use std::cell::RefCell;

use rexie::{KeyRange, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use crate::storage::changes::{StoredEvents, Write, changes, chunks, written};
use crate::storage::database::{self, problem};
use crate::storage::record::{self, Store};
use crate::store::Workspace;

#[derive(Default)]
struct Writer {
    /// The workspace as stored.
    stored: Workspace,
    events: StoredEvents,
    /// Whether a save is under way.
    busy: bool,
    /// The workspace to save once the save under way is done.
    next: Option<Workspace>,
    /// Told the outcome of each save (`Some`: why it failed).
    report: Option<yew::Callback<Option<String>>>,
}

thread_local! {
    static WRITER: RefCell<Writer> = RefCell::new(Writer::default());
}

/// The workspace as loaded: what the store holds.
pub fn loaded(stored: Workspace, events: StoredEvents, report: yew::Callback<Option<String>>) {
    WRITER.with_borrow_mut(|w| {
        w.stored = stored;
        w.events = events;
        w.report = Some(report);
    });
}

/// Records read from the store by this page (another tab wrote them): they are stored already.
pub fn read_back(apply: impl FnOnce(&mut Workspace, &mut StoredEvents)) {
    WRITER.with_borrow_mut(|w| apply(&mut w.stored, &mut w.events));
}

/// Reports a problem keeping something (a draft) as a failed save is reported.
pub fn report(problem: String) {
    if let Some(report) = WRITER.with_borrow(|w| w.report.clone()) {
        report.emit(Some(problem));
    }
}

/// Saves `now` (after the save under way, if any).
pub fn save(now: &Workspace) {
    let start = WRITER.with_borrow_mut(|w| {
        w.next = Some(now.clone());
        !std::mem::replace(&mut w.busy, true)
    });
    if start {
        wasm_bindgen_futures::spawn_local(run());
    }
}

async fn run() {
    while let Some(target) = WRITER.with_borrow_mut(|w| w.next.take()) {
        let (writes, counts) = WRITER.with_borrow(|w| changes(&w.stored, &w.events, &target));
        if writes.is_empty() {
            continue;
        }
        let outcome = write_in_steps(&writes).await;
        let report = WRITER.with_borrow_mut(|w| {
            if outcome.is_ok() {
                let Writer { stored, events, .. } = w;
                written(stored, events, &target, &counts, &writes);
            }
            w.report.clone()
        });
        if outcome.is_ok() {
            crate::storage::channel::announce(&writes);
        }
        if let Some(report) = report {
            report.emit(outcome.err().map(|e| {
                format!(
                    "{} could not be saved ({e}); the last saved state is kept and the save is tried again at the next change.",
                    concerned(&writes)
                )
            }));
        }
    }
    WRITER.with_borrow_mut(|w| w.busy = false);
}

/// The records a save writes, named as the console names them (at most three, then how many more).
fn concerned(writes: &[Write]) -> String {
    let mut names: Vec<String> = Vec::new();
    for w in writes {
        let name = match w {
            Write::AppendHistory { arn, .. } | Write::DeleteHistory { arn } => {
                format!("Execution {}", arn.rsplit(':').next().unwrap_or(arn))
            }
            Write::Put { store: Store::Executions, key, .. }
            | Write::Delete { store: Store::Executions, key } => {
                format!("Execution {}", key.rsplit(':').next().unwrap_or(key))
            }
            Write::Put { store: Store::Functions, key, .. }
            | Write::Delete { store: Store::Functions, key } => format!("Function {key}"),
            Write::Put { store: Store::StateMachines, key, .. }
            | Write::Delete { store: Store::StateMachines, key } => format!("State machine {key}"),
            Write::Put { store: Store::Drafts, key, .. }
            | Write::Delete { store: Store::Drafts, key } => format!("Unsaved draft {key}"),
            Write::Put { store: Store::Meta | Store::Quarantine, .. }
            | Write::Delete { store: Store::Meta | Store::Quarantine, .. } => {
                "The workspace".into()
            }
            // a history chunk or an execution's stages: `{arn}#…`, `{arn}!stages`
            Write::Put { key, .. } | Write::Delete { key, .. } => {
                let name = key.rsplit(':').next().unwrap_or(key);
                format!("Execution {}", name.split(['#', '!']).next().unwrap_or(name))
            }
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => "The workspace".into(),
        1..=3 => names.join(", "),
        n => format!("{} and {} more", names[..3].join(", "), n - 3),
    }
}

/// Carries `writes` out: histories first (deleted, then appended a chunk per transaction, so that
/// no task encodes a whole long history), then every other record in one transaction. A header
/// is written after its events, so a stored header never counts events that are not stored.
async fn write_in_steps(writes: &[Write]) -> Result<(), String> {
    let deletes: Vec<Write> =
        writes.iter().filter(|w| matches!(w, Write::DeleteHistory { .. })).cloned().collect();
    if !deletes.is_empty() {
        write(&deletes).await?;
    }
    for w in writes {
        if let Write::AppendHistory { arn, from, events } = w {
            for chunk in chunks(arn, *from, events) {
                write(&[chunk]).await?;
            }
        }
    }
    let rest: Vec<Write> = writes
        .iter()
        .filter(|w| !matches!(w, Write::DeleteHistory { .. } | Write::AppendHistory { .. }))
        .cloned()
        .collect();
    write(&rest).await
}

/// Carries `writes` out in one transaction: all of them or none.
pub async fn write(writes: &[Write]) -> Result<(), String> {
    let db = database::open().await?;
    transaction(&db, writes).await
}

async fn transaction(db: &Rexie, writes: &[Write]) -> Result<(), String> {
    let names: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
    let tx = db.transaction(&names, TransactionMode::ReadWrite).map_err(|e| problem(&e))?;
    for w in writes {
        match w {
            Write::Put { store, key, text } => {
                let s = tx.store(store.name()).map_err(|e| problem(&e))?;
                s.put(&JsValue::from_str(text), Some(&JsValue::from_str(key)))
                    .await
                    .map_err(|e| problem(&e))?;
            }
            Write::Delete { store, key } => {
                let s = tx.store(store.name()).map_err(|e| problem(&e))?;
                s.delete(JsValue::from_str(key)).await.map_err(|e| problem(&e))?;
            }
            Write::AppendHistory { arn, from, events } => {
                let s = tx.store(Store::History.name()).map_err(|e| problem(&e))?;
                for chunk in chunks(arn, *from, events) {
                    if let Write::Put { key, text, .. } = chunk {
                        s.put(&JsValue::from_str(&text), Some(&JsValue::from_str(&key)))
                            .await
                            .map_err(|e| problem(&e))?;
                    }
                }
            }
            Write::DeleteHistory { arn } => {
                let s = tx.store(Store::History.name()).map_err(|e| problem(&e))?;
                let (from, to) = record::chunk_range(arn);
                let range = KeyRange::bound(&from.into(), &to.into(), None, None)
                    .map_err(|e| e.to_string())?;
                for key in s.get_all_keys(Some(range), None).await.map_err(|e| problem(&e))? {
                    s.delete(key).await.map_err(|e| problem(&e))?;
                }
            }
        }
    }
    tx.done().await.map_err(|e| problem(&e))?;
    Ok(())
}

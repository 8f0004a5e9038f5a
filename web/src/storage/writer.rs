//! Saving: each change of the workspace is written as the records it changed, in one IndexedDB
//! transaction, one save at a time. What the store holds is known (the workspace as last written
//! and how many events of each execution are stored), so a running execution appends only its
//! new events. A save that fails is reported and tried again with the next change: nothing is
//! taken as saved until IndexedDB says it is.

use std::cell::RefCell;

use idb::{Database, Query, TransactionMode};
use wasm_bindgen::JsValue;

use crate::storage::changes::{StoredEvents, Write, changes, chunks, written};
use crate::storage::database::{self, problem};
use crate::storage::record::{self, Store};
use crate::storage::unsaved::Unsaved;
use crate::store::Workspace;

#[derive(Default)]
struct Writer {
    /// The workspace as stored.
    stored: Workspace,
    events: StoredEvents,
    /// Whether a save is under way.
    busy: bool,
    /// Whether the last save failed (what it held is not stored).
    failed: bool,
    /// The workspace to save once the save under way is done.
    next: Option<Workspace>,
    /// The workspace last asked to be saved (what Try again saves).
    latest: Option<Workspace>,
    /// Told the outcome of each save (`Some`: what failed).
    report: Option<yew::Callback<Option<Unsaved>>>,
}

thread_local! {
    static WRITER: RefCell<Writer> = RefCell::new(Writer::default());
}

/// The workspace as loaded: what the store holds.
pub fn loaded(stored: Workspace, events: StoredEvents, report: yew::Callback<Option<Unsaved>>) {
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

/// Reports a failed save of something kept apart (a draft).
pub fn report(unsaved: Unsaved) {
    if let Some(report) = WRITER.with_borrow(|w| w.report.clone()) {
        report.emit(Some(unsaved));
    }
}

/// Whether something shown is not stored yet: a save under way or waiting, or one that failed.
pub fn unsaved() -> bool {
    WRITER.with_borrow(|w| w.busy || w.next.is_some() || w.failed)
}

/// Saves again the workspace last asked to be saved (Try again, after a failed save).
pub fn retry() {
    if let Some(latest) = WRITER.with_borrow(|w| w.latest.clone()) {
        save(&latest);
    }
}

/// Saves `now` (after the save under way, if any).
pub fn save(now: &Workspace) {
    let start = WRITER.with_borrow_mut(|w| {
        w.next = Some(now.clone());
        w.latest = Some(now.clone());
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
            // nothing left unsaved
            WRITER.with_borrow_mut(|w| w.failed = false);
            if let Some(report) = WRITER.with_borrow(|w| w.report.clone()) {
                report.emit(None);
            }
            continue;
        }
        let outcome = write_in_steps(&writes).await;
        let report = WRITER.with_borrow_mut(|w| {
            w.failed = outcome.is_err();
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
            report.emit(outcome.err().map(|e| Unsaved::of(&writes, e)));
        }
    }
    WRITER.with_borrow_mut(|w| w.busy = false);
}

/// Carries `writes` out: histories first (deleted, then appended a chunk per transaction, so that
/// no task encodes a whole long history), then every other record in one transaction. A header
/// is written after its events, so a stored header never counts events that are not stored.
pub(crate) async fn write_in_steps(writes: &[Write]) -> Result<(), String> {
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

async fn transaction(db: &Database, writes: &[Write]) -> Result<(), String> {
    let names: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
    let tx = db.transaction(&names, TransactionMode::ReadWrite).map_err(|e| problem(&e))?;
    let put = |store: Store, key: &str, text: &str| -> Result<(), String> {
        let s = tx.object_store(store.name()).map_err(|e| problem(&e))?;
        s.put(&JsValue::from_str(text), Some(&JsValue::from_str(key))).map_err(|e| problem(&e))?;
        Ok(())
    };
    // the requests are made at once and carried out in order; the transaction says how they went
    for w in writes {
        match w {
            Write::Put { store, key, text } => put(*store, key, text)?,
            Write::Delete { store, key } => {
                let s = tx.object_store(store.name()).map_err(|e| problem(&e))?;
                s.delete(JsValue::from_str(key)).map_err(|e| problem(&e))?;
            }
            Write::AppendHistory { arn, from, events } => {
                for chunk in chunks(arn, *from, events) {
                    if let Write::Put { key, text, .. } = chunk {
                        put(Store::History, &key, &text)?;
                    }
                }
            }
            Write::DeleteHistory { arn } => {
                let s = tx.object_store(Store::History.name()).map_err(|e| problem(&e))?;
                let (from, to) = record::chunk_range(arn);
                s.delete(Query::from(database::key_range(&from, &to)?)).map_err(|e| problem(&e))?;
            }
        }
    }
    database::finish(tx, Store::Meta).await
}

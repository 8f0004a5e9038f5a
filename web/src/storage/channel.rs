//! Tabs in step: after each save a tab names the records it wrote on a `BroadcastChannel`; the
//! other tabs read those records (and only the events appended since they last read) and take
//! them into their workspace record by record, so concurrent changes to different records never
//! overwrite each other. An execution a tab runs itself is never taken from another.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::BroadcastChannel;
use yew::prelude::*;

use crate::storage::changes::Write;
use crate::storage::conflict::{self, ConflictAction, Conflicts};
use crate::storage::database;
use crate::storage::load::{Loaded, history, stages};
use crate::storage::record::{self, Store};
use crate::storage::writer;
use crate::store::{Action, ExecutionRecord, Workspace};

const CHANNEL: &str = "steplab.workspace";

/// A record another tab wrote or deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Changed {
    store: String,
    key: String,
    deleted: bool,
}

thread_local! {
    /// The page's one channel object: it sends, and it hears only the other tabs (a
    /// `BroadcastChannel` does not hear its own messages, but would hear another object of this
    /// page).
    static CHANNEL_OF_PAGE: Option<BroadcastChannel> = BroadcastChannel::new(CHANNEL).ok();
}

/// Tells the other tabs which records `writes` changed.
pub fn announce(writes: &[Write]) {
    let mut changed: Vec<Changed> = Vec::new();
    for w in writes {
        let c = match w {
            // a history chunk or an execution's stages: its execution changed
            Write::Put { store: Store::History, key, .. }
            | Write::Delete { store: Store::History, key } => {
                let arn = key.rsplit_once(['#', '!']).map_or(key.as_str(), |(arn, _)| arn);
                Changed { store: Store::Executions.name().into(), key: arn.into(), deleted: false }
            }
            Write::AppendHistory { arn, .. } | Write::DeleteHistory { arn } => {
                Changed { store: Store::Executions.name().into(), key: arn.clone(), deleted: false }
            }
            Write::Put { store, key, .. } => {
                Changed { store: store.name().into(), key: key.clone(), deleted: false }
            }
            Write::Delete { store, key } => {
                Changed { store: store.name().into(), key: key.clone(), deleted: true }
            }
        };
        if !changed.contains(&c) {
            changed.push(c);
        }
    }
    let Ok(text) = serde_json::to_string(&changed) else { return };
    CHANNEL_OF_PAGE.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&text.into());
        }
    });
}

/// Takes the records other tabs write while the app lives.
#[hook]
pub fn use_other_tabs(
    dispatcher: UseReducerDispatcher<Workspace>,
    conflicts: UseReducerDispatcher<Conflicts>,
) {
    use_effect_with((), move |()| {
        let channel = CHANNEL_OF_PAGE.with(Clone::clone);
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(text) = e.data().as_string() else { return };
                let Ok(changed) = serde_json::from_str::<Vec<Changed>>(&text) else { return };
                let (dispatcher, conflicts) = (dispatcher.clone(), conflicts.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    for c in changed {
                        take(&c, &dispatcher, &conflicts).await;
                    }
                });
            });
        if let Some(c) = &channel {
            c.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        }
        move || {
            if let Some(c) = &channel {
                c.set_onmessage(None);
            }
            drop(listener);
        }
    });
}

/// Reads the record `c` names and takes it into the workspace.
async fn take(
    c: &Changed,
    dispatcher: &UseReducerDispatcher<Workspace>,
    conflicts: &UseReducerDispatcher<Conflicts>,
) {
    let Ok(db) = database::open().await else { return };
    let read = |store| {
        let (db, key) = (db.clone(), c.key.clone());
        async move { database::record(&db, store, &key).await.ok().flatten() }
    };
    match (c.store.as_str(), c.deleted) {
        ("functions", true) => {
            writer::read_back(|w, _| w.functions.retain(|f| f.name() != c.key));
            dispatcher.dispatch(Action::DeleteFunction(c.key.clone()));
        }
        ("functions", false) => {
            let Some(f) = read(Store::Functions)
                .await
                .and_then(|t| record::decode::<crate::store::Function>(&t).ok())
            else {
                return;
            };
            // this tab edits it too: its edits stay, and the person chooses
            let mut mine = None;
            writer::read_back(|w, _| {
                mine = w.functions.iter().find(|m| m.name() == f.name()).cloned()
            });
            if mine.is_some_and(|m| conflict::conflicts(&m, &f)) {
                conflicts.dispatch(ConflictAction::Function(Box::new(f)));
                return;
            }
            writer::read_back(|w, _| {
                put(&mut w.functions, &f, |a: &crate::store::Function| a.name().to_owned())
            });
            dispatcher.dispatch(Action::PutFunction(f));
        }
        ("meta", false) if c.key == record::SERVICES_KEY => {
            let Some(s) = read(Store::Meta)
                .await
                .and_then(|t| record::decode::<steplab_services::Services>(&t).ok())
            else {
                return;
            };
            writer::read_back(|w, _| w.services = s.clone());
            dispatcher.dispatch(Action::PutServices(Box::new(s)));
        }
        ("drafts", true) => crate::studio::drafts::heard(&c.key, None),
        ("drafts", false) => {
            let Some(text) = read(Store::Drafts).await else { return };
            if crate::studio::drafts::stored(&c.key).as_ref() == Some(&text) {
                return;
            }
            let Ok(theirs) = record::decode::<crate::studio::drafts::Draft>(&text) else { return };
            crate::studio::drafts::heard(&c.key, Some(text));
            conflicts
                .dispatch(ConflictAction::Draft { key: c.key.clone(), theirs: Box::new(theirs) });
        }
        ("executions", true) => {
            // deleted there (to make room): gone here too, unless this page runs it
            if crate::driver::is_live(&c.key) {
                return;
            }
            writer::read_back(|w, events| {
                w.executions.retain(|e| e.arn != c.key);
                events.remove(&c.key);
            });
            dispatcher.dispatch(Action::DeleteExecution(c.key.clone()));
        }
        ("state_machines", true) => {
            writer::read_back(|w, _| {
                w.state_machines.retain(|s| s.name != c.key);
                w.executions.retain(|e| e.state_machine != c.key);
            });
            dispatcher.dispatch(Action::DeleteStateMachine(c.key.clone()));
        }
        ("state_machines", false) => {
            let Some(s) = read(Store::StateMachines).await.and_then(|t| record::decode(&t).ok())
            else {
                return;
            };
            writer::read_back(|w, _| {
                put(&mut w.state_machines, &s, |a: &crate::store::StateMachine| a.name.clone());
            });
            // a Workflow Studio page open on it here sees their saved version
            let key = crate::studio::drafts::key(Some(&s.name));
            let theirs = Box::new(crate::studio::drafts::Draft::of(&s));
            conflicts.dispatch(ConflictAction::Draft { key, theirs });
            dispatcher.dispatch(Action::PutStateMachine(s));
        }
        ("executions", false) => {
            if crate::driver::is_live(&c.key) {
                return;
            }
            let Some(Ok((header, count))) = read(Store::Executions)
                .await
                .map(|t| record::decode::<Value>(&t).and_then(record::from_header))
            else {
                return;
            };
            let (mut unread, mut have) = (false, 0);
            writer::read_back(|w, events| {
                unread = w.executions.iter().any(|r| r.arn == c.key && r.unread.is_some());
                have = events.get(&c.key).copied().unwrap_or(0);
            });
            if unread {
                // its history is not read here either: only the header is taken
                let record = ExecutionRecord { unread: Some(count), ..header };
                writer::read_back(|w, stored| {
                    stored.insert(record.arn.clone(), count);
                    put(&mut w.executions, &record, |a: &ExecutionRecord| a.arn.clone());
                });
                dispatcher.dispatch(Action::PutExecution(record));
                return;
            }
            let from = if count < have { 0 } else { have };
            let mut ignored = (Loaded::default(), Vec::new());
            let Ok(events) = history(&db, &c.key, from, &mut ignored.0, &mut ignored.1).await
            else {
                return;
            };
            let mut record = with_events(header, from, events);
            if let Ok(s) = stages(&db, &c.key, &mut ignored.0, &mut ignored.1).await {
                record.stages = s;
            }
            writer::read_back(|w, stored| {
                stored.insert(record.arn.clone(), record.events.len());
                put(&mut w.executions, &record, |a: &ExecutionRecord| a.arn.clone());
            });
            dispatcher.dispatch(Action::PutExecution(record));
        }
        _ => {}
    }
}

/// `header` with its first `from` events as read before (shared, not copied) and `events` after.
fn with_events(header: ExecutionRecord, from: usize, events: Vec<Value>) -> ExecutionRecord {
    let mut log = crate::execution::event_log::EventLog::default();
    writer::read_back(|w, _| {
        if let Some(r) = w.executions.iter().find(|r| r.arn == header.arn) {
            log = r.events.prefix(from);
        }
    });
    log.extend(events);
    ExecutionRecord { events: log, ..header }
}

fn put<T: Clone>(items: &mut Vec<T>, item: &T, key: impl Fn(&T) -> String) {
    match items.iter_mut().find(|i| key(i) == key(item)) {
        Some(slot) => slot.clone_from(item),
        None => items.push(item.clone()),
    }
}

//! Unsaved Workflow Studio work, so that a reload or a closed tab loses nothing: one record per
//! state machine being edited (`new` for one not created yet) in the workspace's IndexedDB
//! (`drafts` store). The page reads them all with the workspace, so a page opening reads its
//! draft at once; each change is written as its own record.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Serialize, de::DeserializeOwned};

use crate::storage::changes::Write;
use crate::storage::record::{self, Store};
use crate::store::StateMachine;
use crate::studio::config::MachineConfig;

/// A state machine being edited and not yet saved.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    pub name: String,
    pub kind: String,
    pub definition: String,
    pub config: MachineConfig,
}

impl Draft {
    /// The saved machine, as a draft of it starts.
    pub fn of(machine: &StateMachine) -> Self {
        Self {
            name: machine.name.clone(),
            kind: machine.kind.clone(),
            definition: machine.definition.clone(),
            config: machine.config.clone(),
        }
    }
}

/// The key drafts had in localStorage before IndexedDB (moved at first start).
pub const OLD_PREFIX: &str = "steplab.studio.draft.";

thread_local! {
    /// The drafts as stored (record texts), by key.
    static DRAFTS: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

/// The key of the draft of `existing` (`None`: a new state machine).
pub fn key(existing: Option<&str>) -> String {
    existing.map_or_else(|| "new".to_owned(), |n| format!("edit.{n}"))
}

/// The drafts as read with the workspace.
pub fn loaded(drafts: BTreeMap<String, String>) {
    DRAFTS.with_borrow_mut(|d| *d = drafts);
}

/// The saved draft, if any. An unreadable one is set aside (the quarantine store) and reported.
pub fn load<T: DeserializeOwned>(existing: Option<&str>) -> Result<Option<T>, String> {
    let key = key(existing);
    let Some(text) = DRAFTS.with_borrow(|d| d.get(&key).cloned()) else { return Ok(None) };
    match record::decode(&text) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            DRAFTS.with_borrow_mut(|d| d.remove(&key));
            let aside = crate::storage::load::quarantine(
                Store::Drafts.name(),
                &key,
                &text,
                &e,
                crate::clock::now_millis(),
            );
            write(vec![aside, Write::Delete { store: Store::Drafts, key: key.clone() }]);
            Err(format!(
                "An unsaved draft could not be read ({e}); it was set aside with the records that could not be read"
            ))
        }
    }
}

/// Saves the draft (written in the background; a failure is reported as a save's is).
pub fn save<T: Serialize>(existing: Option<&str>, draft: &T) -> Result<(), String> {
    let (key, text) = (key(existing), record::encode(draft));
    if DRAFTS.with_borrow(|d| d.get(&key) == Some(&text)) {
        return Ok(());
    }
    DRAFTS.with_borrow_mut(|d| d.insert(key.clone(), text.clone()));
    write(vec![Write::Put { store: Store::Drafts, key, text }]);
    Ok(())
}

/// Forgets the draft (after Create / Save, or Discard).
pub fn clear(existing: Option<&str>) {
    let key = key(existing);
    if DRAFTS.with_borrow_mut(|d| d.remove(&key)).is_some() {
        write(vec![Write::Delete { store: Store::Drafts, key }]);
    }
}

/// Another tab wrote the draft `key` (`None`: removed it): this tab's copy follows.
pub fn heard(key: &str, text: Option<String>) {
    DRAFTS.with_borrow_mut(|d| match text {
        Some(text) => d.insert(key.to_owned(), text),
        None => d.remove(key),
    });
}

/// The draft `key` as stored (record text), if any.
pub fn stored(key: &str) -> Option<String> {
    DRAFTS.with_borrow(|d| d.get(key).cloned())
}

fn write(writes: Vec<Write>) {
    wasm_bindgen_futures::spawn_local(async move {
        match crate::storage::writer::write(&writes).await {
            // the other tabs hear of it (one editing the same machine shows the conflict)
            Ok(()) => crate::storage::channel::announce(&writes),
            Err(e) => {
                crate::storage::writer::report(crate::storage::unsaved::Unsaved::of(&writes, e));
            }
        }
    });
}

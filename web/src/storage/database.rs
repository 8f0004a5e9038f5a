//! The IndexedDB database the workspace is kept in (through `idb`, futures over IndexedDB; see
//! ARCHITECTURE.md), opened once per page.

use std::cell::RefCell;
use std::rc::Rc;

use idb::{
    Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, Query, Transaction,
    TransactionMode, TransactionResult,
};
use wasm_bindgen::JsValue;

use crate::storage::record::Store;

/// The database's name.
pub const NAME: &str = "steplab";
/// IndexedDB's version of the database (its object stores: 2 added `drafts`); the records' own
/// schema version is [`crate::storage::record::SCHEMA`].
const VERSION: u32 = 2;

thread_local! {
    static DATABASE: RefCell<Option<Rc<Database>>> = const { RefCell::new(None) };
}

/// What IndexedDB said, in a sentence.
pub fn problem(e: &idb::Error) -> String {
    e.to_string()
}

/// Waits until `tx` ends: `Ok` once it is committed; an aborted transaction (a full store aborts
/// the commit with `QuotaExceededError`) is an error naming the browser's reason.
pub async fn finish(tx: Transaction, store: Store) -> Result<(), String> {
    // another handle on the same transaction, to read its error once it has ended
    let watched = tx.object_store(store.name()).map_err(|e| problem(&e))?.transaction();
    match tx.await.map_err(|e| problem(&e))? {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => Err(watched.error().map_or_else(
            || "the browser aborted the transaction".to_owned(),
            |e| format!("{}: {}", e.name(), e.message()),
        )),
    }
}

/// The database, opened at the first call. A store that is missing (a database made by another
/// StepLab, or damaged) is created empty by an upgrade that removes nothing; a database of a newer
/// version is opened as it is, never downgraded.
pub async fn open() -> Result<Rc<Database>, String> {
    if let Some(db) = DATABASE.with_borrow(Clone::clone) {
        return Ok(db);
    }
    let factory = Factory::new().map_err(|e| problem(&e))?;
    let db = factory.open(NAME, None).map_err(|e| problem(&e))?.await.map_err(|e| problem(&e))?;
    let version = db.version().map_err(|e| problem(&e))?;
    let names = db.store_names();
    let missing: Vec<&str> =
        Store::ALL.iter().map(|s| s.name()).filter(|n| !names.iter().any(|m| m == n)).collect();
    let mut db = if version < VERSION || !missing.is_empty() {
        db.close();
        let to = if version < VERSION { VERSION } else { version + 1 };
        let mut request = factory.open(NAME, Some(to)).map_err(|e| problem(&e))?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in Store::ALL {
                if !names.iter().any(|n| n == store.name()) {
                    // a failure aborts the upgrade, and the open then fails with its reason
                    let _ = db.create_object_store(store.name(), ObjectStoreParams::new());
                }
            }
        });
        request.await.map_err(|e| problem(&e))?
    } else {
        db
    };
    // another tab upgrading the database: this connection steps aside, and the next call opens
    // the database again
    db.on_version_change(|_| {
        if let Some(db) = DATABASE.with_borrow_mut(Option::take) {
            db.close();
        }
    });
    let db = Rc::new(db);
    DATABASE.with_borrow_mut(|d| *d = Some(Rc::clone(&db)));
    Ok(db)
}

/// Forgets the open database, so that the next [`open`] opens it again (through whatever
/// `indexedDB` is then: the quota test opens it in a storage bucket of its own).
#[cfg(all(test, target_arch = "wasm32"))]
pub fn forget() {
    if let Some(db) = DATABASE.with_borrow_mut(Option::take) {
        db.close();
    }
}

/// Every record of `store` whose key is in `from..=to` (all when `None`), as key and text.
pub async fn records(
    db: &Database,
    store: Store,
    range: Option<(&str, &str)>,
) -> Result<Vec<(String, String)>, String> {
    let tx = db.transaction(&[store.name()], TransactionMode::ReadOnly).map_err(|e| problem(&e))?;
    let s = tx.object_store(store.name()).map_err(|e| problem(&e))?;
    let query = match range {
        None => None,
        Some((from, to)) => Some(Query::from(key_range(from, to)?)),
    };
    // keys and values in one transaction, both in key order
    let keys = s.get_all_keys(query.clone(), None).map_err(|e| problem(&e))?;
    let keys = keys.await.map_err(|e| problem(&e))?;
    let values = s.get_all(query, None).map_err(|e| problem(&e))?;
    let values = values.await.map_err(|e| problem(&e))?;
    Ok(keys
        .into_iter()
        .zip(values)
        .map(|(k, v)| (k.as_string().unwrap_or_default(), v.as_string().unwrap_or_default()))
        .collect())
}

/// The keys from `from` to `to`, both included.
pub fn key_range(from: &str, to: &str) -> Result<KeyRange, String> {
    KeyRange::bound(&JsValue::from_str(from), &JsValue::from_str(to), None, None)
        .map_err(|e| problem(&e))
}

/// One record of `store`, when there is one.
pub async fn record(db: &Database, store: Store, key: &str) -> Result<Option<String>, String> {
    let tx = db.transaction(&[store.name()], TransactionMode::ReadOnly).map_err(|e| problem(&e))?;
    let s = tx.object_store(store.name()).map_err(|e| problem(&e))?;
    let value = s.get(JsValue::from_str(key)).map_err(|e| problem(&e))?;
    let value = value.await.map_err(|e| problem(&e))?;
    Ok(value.and_then(|v| v.as_string()))
}

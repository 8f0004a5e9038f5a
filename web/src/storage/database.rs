//! The IndexedDB database the workspace is kept in (through `rexie`, a small futures wrapper of
//! IndexedDB; see ARCHITECTURE.md), opened once per page.

use std::cell::RefCell;
use std::rc::Rc;

use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use crate::storage::record::Store;

/// The database's name.
pub const NAME: &str = "steplab";
/// IndexedDB's version of the database (its object stores: 2 added `drafts`); the records' own
/// schema version is [`crate::storage::record::SCHEMA`].
const VERSION: u32 = 2;

thread_local! {
    static DATABASE: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

/// What IndexedDB said, in a sentence (a full disk reads "… QuotaExceededError …").
pub fn problem(e: &rexie::Error) -> String {
    match e {
        rexie::Error::IdbError(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// The database, opened (and its stores created) at the first call.
pub async fn open() -> Result<Rc<Rexie>, String> {
    if let Some(db) = DATABASE.with_borrow(Clone::clone) {
        return Ok(db);
    }
    let mut builder = Rexie::builder(NAME).version(VERSION);
    for store in Store::ALL {
        builder = builder.add_object_store(ObjectStore::new(store.name()));
    }
    let db = Rc::new(builder.build().await.map_err(|e| problem(&e))?);
    DATABASE.with_borrow_mut(|d| *d = Some(Rc::clone(&db)));
    Ok(db)
}

/// Every record of `store` whose key is in `from..=to` (all when `None`), as key and text.
pub async fn records(
    db: &Rexie,
    store: Store,
    range: Option<(&str, &str)>,
) -> Result<Vec<(String, String)>, String> {
    let tx = db.transaction(&[store.name()], TransactionMode::ReadOnly).map_err(|e| problem(&e))?;
    let s = tx.store(store.name()).map_err(|e| problem(&e))?;
    let range = match range {
        None => None,
        Some((from, to)) => Some(
            KeyRange::bound(&JsValue::from_str(from), &JsValue::from_str(to), None, None)
                .map_err(|e| e.to_string())?,
        ),
    };
    let pairs = s.scan(range, None, None, None).await.map_err(|e| problem(&e))?;
    Ok(pairs
        .into_iter()
        .map(|(k, v)| (k.as_string().unwrap_or_default(), v.as_string().unwrap_or_default()))
        .collect())
}

/// One record of `store`, when there is one.
pub async fn record(db: &Rexie, store: Store, key: &str) -> Result<Option<String>, String> {
    let tx = db.transaction(&[store.name()], TransactionMode::ReadOnly).map_err(|e| problem(&e))?;
    let s = tx.store(store.name()).map_err(|e| problem(&e))?;
    let value = s.get(JsValue::from_str(key)).await.map_err(|e| problem(&e))?;
    Ok(value.and_then(|v| v.as_string()))
}

//! The store in a real browser (`cargo test -p steplab-web --target wasm32-unknown-unknown`,
//! headless Chrome): what is saved is read back, a record that cannot be read is set aside while
//! the rest loads, and the old localStorage workspace is migrated.

use idb::TransactionMode;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use crate::storage::changes::{StoredEvents, Write, changes};
use crate::storage::load::{self, OLD_KEY};
use crate::storage::record::Store;
use crate::storage::{database, writer};
use crate::store::{ExecutionRecord, Function, Workspace};

wasm_bindgen_test_configure!(run_in_browser);

/// Empties every store (the tests share the page's database).
async fn empty() {
    let db = database::open().await.expect("the database opens");
    let names: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
    let tx = db.transaction(&names, TransactionMode::ReadWrite).expect("a transaction");
    for name in names {
        tx.object_store(name).expect("a store").clear().expect("cleared");
    }
    database::finish(tx, Store::Meta).await.expect("done");
}

fn execution(arn: &str, events: usize) -> ExecutionRecord {
    let mut r: ExecutionRecord = serde_json::from_value(json!({
        "name": arn, "arn": arn, "state_machine": "M", "definition": "{}", "input": "{}",
        "status": "SUCCEEDED", "output": "1", "error": null, "cause": null,
        "start_millis": 1, "stop_millis": 2, "events": [], "logs": []
    }))
    .expect("a record");
    r.events.extend((1..=events).map(|id| json!({"id": id, "type": "PassStateEntered"})));
    r
}

async fn save(from: &Workspace, to: &Workspace) {
    let (writes, _) = changes(from, &StoredEvents::new(), to);
    writer::write(&writes).await.expect("written");
}

#[wasm_bindgen_test]
async fn what_is_saved_is_read_back_and_histories_when_asked() {
    empty().await;
    let mut w = Workspace::default();
    w.functions.push(Function::new("F", "python3.11", 1));
    w.executions.push(execution("arn:e", 2_500));
    save(&Workspace::default(), &w).await;
    let loaded = load::load().await.expect("loads");
    assert_eq!(loaded.workspace.functions, w.functions);
    let e = &loaded.workspace.executions[0];
    assert_eq!(e.unread, Some(2_500), "an ended execution's history is read when asked");
    let (events, _) = load::read_history("arn:e").await.expect("read");
    assert_eq!(events, w.executions[0].events);
    assert!(loaded.set_aside.is_empty());
}

#[wasm_bindgen_test]
async fn a_record_that_cannot_be_read_is_set_aside_and_the_rest_loads() {
    empty().await;
    let mut w = Workspace::default();
    w.functions.push(Function::new("Good", "python3.11", 1));
    save(&Workspace::default(), &w).await;
    let garbage =
        Write::Put { store: Store::Functions, key: "Bad".into(), text: "{not json".into() };
    let newer = Write::Put {
        store: Store::Functions,
        key: "Newer".into(),
        text: json!({"schema": 99, "record": {}}).to_string(),
    };
    writer::write(&[garbage, newer]).await.expect("written");
    let loaded = load::load().await.expect("loads");
    assert_eq!(loaded.workspace.functions.len(), 1);
    assert_eq!(loaded.workspace.functions[0].name(), "Good");
    assert_eq!(loaded.set_aside.len(), 1);
    assert_eq!(loaded.set_aside[0].origin, "functions Bad");
    assert_eq!(loaded.set_aside[0].text, "{not json");
    assert!(loaded.problems.iter().any(|p| p.contains("Newer") && p.contains("schema version 99")));
    // set aside, not dropped: it is still there at the next start; the newer one is left alone
    let again = load::load().await.expect("loads");
    assert_eq!(again.set_aside, loaded.set_aside);
    let db = database::open().await.expect("opens");
    assert!(database::record(&db, Store::Functions, "Newer").await.expect("read").is_some());
    assert!(database::record(&db, Store::Functions, "Bad").await.expect("read").is_none());
}

#[wasm_bindgen_test]
async fn the_old_local_storage_workspace_is_migrated_then_removed() {
    empty().await;
    let storage =
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
    let old = json!({
        "functions": [
            {"name": "Old", "runtime": "python3.11", "handler": "lambda_function.lambda_handler", "code": "", "last_modified_millis": 1},
            {"name": "Broken", "runtime": 3}
        ],
        "state_machines": [],
        "executions": [serde_json::to_value(execution("arn:old", 3)).expect("json")]
    });
    storage.set_item(OLD_KEY, &old.to_string()).expect("set");
    let loaded = load::load().await.expect("loads");
    assert_eq!(storage.get_item(OLD_KEY).expect("get"), None, "removed once read back");
    assert_eq!(loaded.workspace.functions.len(), 1);
    assert_eq!(loaded.workspace.executions[0].unread, Some(3));
    let (events, _) = load::read_history("arn:old").await.expect("read");
    assert_eq!(events.len(), 3);
    assert!(loaded.set_aside.iter().any(|s| s.origin == "localStorage functions[1]"));
}

#[wasm_bindgen_test]
async fn workflow_studio_drafts_move_from_local_storage_to_their_own_records() {
    empty().await;
    let storage =
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
    let old = format!("{}edit.Machine", crate::studio::drafts::OLD_PREFIX);
    storage.set_item(&old, r#"{"name": "Machine", "definition": "{}"}"#).expect("set");
    let loaded = load::load().await.expect("loads");
    assert_eq!(storage.get_item(&old).expect("get"), None, "removed once written");
    let text = loaded.drafts.get("edit.Machine").expect("the draft is a record");
    let draft: serde_json::Value = crate::storage::record::decode(text).expect("readable");
    assert_eq!(draft, json!({"name": "Machine", "definition": "{}"}));
    // read again at the next start
    assert_eq!(load::load().await.expect("loads").drafts, loaded.drafts);
}

#[wasm_bindgen(inline_js = r#"
export async function replace_database(name, version, store, key, text) {
  await new Promise((ok, no) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = ok; r.onerror = () => no(r.error); });
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open(name, version);
    r.onupgradeneeded = () => { r.result.createObjectStore(store); r.result.createObjectStore("kept-by-a-newer-steplab"); };
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
  await new Promise((ok, no) => { const tx = db.transaction(store, "readwrite"); tx.objectStore(store).put(text, key); tx.oncomplete = ok; tx.onabort = () => no(tx.error); });
  db.close();
}
export async function stores_of(name) {
  const db = await new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  const out = { version: db.version, stores: [...db.objectStoreNames] };
  db.close();
  return JSON.stringify(out);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn replace_database(
        name: &str,
        version: u32,
        store: &str,
        key: &str,
        text: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn stores_of(name: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen_test]
async fn missing_stores_are_created_and_a_newer_database_is_neither_downgraded_nor_emptied() {
    database::forget();
    let f = Function::new("Kept", "python3.11", 1);
    // a database of a newer version, with only the functions store of ours, and one of its own
    replace_database(database::NAME, 7, "functions", "Kept", &crate::storage::record::encode(&f))
        .await
        .expect("the database is made");
    let loaded = load::load().await.expect("loads");
    assert_eq!(loaded.workspace.functions, vec![f]);
    let mut w = loaded.workspace.clone();
    w.executions.push(execution("arn:new", 3));
    save(&loaded.workspace, &w).await;
    database::forget();
    let shape: serde_json::Value =
        serde_json::from_str(&stores_of(database::NAME).await.expect("read").as_string().unwrap())
            .expect("JSON");
    assert_eq!(shape["version"], 8, "upgraded past the newer version, never below it");
    let stores = shape["stores"].as_array().expect("stores");
    assert!(stores.contains(&json!("kept-by-a-newer-steplab")), "nothing removed: {shape}");
    for store in Store::ALL {
        assert!(stores.contains(&json!(store.name())), "{} created: {shape}", store.name());
    }
    // put back a database of this version for the other tests
    replace_database(database::NAME, 1, "meta", "x", "{}").await.expect("made");
    database::forget();
}

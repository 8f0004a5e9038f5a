//! A store that runs out of room, in a real browser: the workspace is kept in a storage bucket
//! with a quota of 2 MB (`navigator.storageBuckets`, so the browser itself refuses the write with
//! `QuotaExceededError`), filled with executions until a save fails. The save that fails is
//! reported, and everything saved before it is still there, whole, after a reload.

use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use crate::storage::changes::{StoredEvents, changes, written};
use crate::storage::{database, load, writer};
use crate::store::{ExecutionRecord, Function, Workspace};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// `indexedDB` is the window's own property (a global's attributes are): kept, to be put back
let own;
export async function enter_bucket(name, quota) {
  await navigator.storageBuckets.delete(name);
  const bucket = await navigator.storageBuckets.open(name, { quota });
  own = Object.getOwnPropertyDescriptor(globalThis, "indexedDB");
  Object.defineProperty(globalThis, "indexedDB", { value: bucket.indexedDB, configurable: true });
}
export async function leave_bucket(name) {
  Object.defineProperty(globalThis, "indexedDB", own);
  await navigator.storageBuckets.delete(name);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn enter_bucket(name: &str, quota: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn leave_bucket(name: &str) -> Result<JsValue, JsValue>;
}

const BUCKET: &str = "steplab-quota-test";

/// Letters the browser cannot compress much (IndexedDB compresses what it stores).
fn noise(len: usize) -> String {
    (0..len)
        .map(|_| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = (js_sys::Math::random() * 26.0) as u8;
            char::from(b'a' + i)
        })
        .collect()
}

fn execution(name: &str, events: usize) -> ExecutionRecord {
    let arn = format!("arn:aws:states:us-east-1:123456789012:execution:M:{name}");
    let mut r: ExecutionRecord = serde_json::from_value(json!({
        "name": name, "arn": arn, "state_machine": "M", "definition": "{}", "input": "{}",
        "status": "SUCCEEDED", "output": "1", "error": null, "cause": null,
        "start_millis": 1, "stop_millis": 2, "events": [], "logs": []
    }))
    .expect("a record");
    r.events.extend(
        (1..=events).map(|id| json!({"id": id, "type": "PassStateEntered", "n": noise(200)})),
    );
    r
}

/// Saves `target` as the app's writer does (histories a chunk per transaction, then the rest),
/// taking it as stored only when the save succeeds.
async fn save(
    stored: &mut Workspace,
    events: &mut StoredEvents,
    target: &Workspace,
) -> Result<(), String> {
    let (writes, counts) = changes(stored, events, target);
    writer::write_in_steps(&writes).await?;
    written(stored, events, target, &counts, &writes);
    Ok(())
}

#[wasm_bindgen_test]
async fn a_full_store_refuses_the_save_that_does_not_fit_and_keeps_everything_saved_before() {
    enter_bucket(BUCKET, 2_000_000.0).await.expect("a storage bucket with a quota");
    database::forget();

    let (mut stored, mut events) = (Workspace::default(), StoredEvents::new());
    let mut workspace = Workspace::default();
    workspace.functions.push(Function::new("F", "python3.11", 1));
    let mut failure = None;
    for i in 0..100 {
        let mut next = workspace.clone();
        next.executions.push(execution(&format!("e{i}"), 500));
        match save(&mut stored, &mut events, &next).await {
            Ok(()) => workspace = next,
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let failure = failure.expect("2 MB fill up before 100 executions of 100 KB");
    assert!(failure.contains("QuotaExceededError"), "the browser's own error: {failure}");
    assert!(
        workspace.executions.len() >= 5,
        "{} saved before it was full",
        workspace.executions.len()
    );
    assert_eq!(stored, workspace, "the writer takes nothing as saved that is not");

    // a reload reads every record saved before the failed save, and each history whole
    database::forget();
    let loaded = load::load().await.expect("loads");
    assert_eq!(loaded.workspace.functions, workspace.functions);
    let names = |w: &Workspace| {
        let mut names: Vec<String> = w.executions.iter().map(|e| e.name.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&loaded.workspace), names(&workspace), "the executions saved, and only those");
    for e in &workspace.executions {
        let (read, _) = load::read_history(&e.arn).await.expect("a history reads");
        assert_eq!(read, e.events, "{}: the history as saved", e.name);
    }
    assert!(loaded.set_aside.is_empty(), "nothing half-written is taken for a broken record");

    // deleting an execution makes room, and the save goes through
    let mut next = workspace.clone();
    next.executions.remove(0);
    save(&mut stored, &mut events, &next).await.expect("a delete fits");
    next.executions.push(execution("after", 100));
    save(&mut stored, &mut events, &next).await.expect("room was made");

    database::forget();
    leave_bucket(BUCKET).await.expect("the bucket goes");
}

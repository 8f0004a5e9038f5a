//! The reference lab in the browser: the wasm engine and RustPython run in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{DEFINITION, HANDLER, LEGACY_DEFINITION, run};
use serde_json::json;
use steplab_asl::ExecutionStatus;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn lab_runs_in_the_browser() {
    let ran = run(DEFINITION, json!({}), HANDLER);
    assert_eq!(
        ran.status,
        ExecutionStatus::Succeeded {
            output: json!({"statusCode": 200, "message": "Hello from Step Function!"})
        }
    );
    assert_eq!(
        ran.types(),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    // the invocation's log, as Lambda writes it, came back from the interpreter in wasm
    let log: Vec<&str> = ran.logs[0].lines().collect();
    assert!(log[0].starts_with("START RequestId: "), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("REPORT RequestId: ")), "{log:?}");
}

#[wasm_bindgen_test]
fn legacy_lab_runs_in_the_browser() {
    let ran = run(LEGACY_DEFINITION, json!({}), HANDLER);
    assert_eq!(
        ran.status,
        ExecutionStatus::Succeeded {
            output: json!({"statusCode": 200, "message": "Hello from Step Function!"})
        }
    );
    assert_eq!(ran.types()[2], "LambdaFunctionScheduled");
}

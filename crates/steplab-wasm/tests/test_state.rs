//! `test_state` natively: AWS's request JSON in, AWS's response JSON out, and AWS's errors for
//! requests AWS refuses (the browser and Node tests call `testState` the same way from
//! JavaScript). The engine's own cases are `crates/steplab-asl/tests/test_state/`.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::json;

const FLAKY: &str = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
  "Parameters": {"FunctionName": "F"},
  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 3, "MaxAttempts": 2}],
  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}], "End": true}"#;

#[test]
fn a_mocked_task_at_each_inspection_level() {
    let request = |level: &str| {
        json!({"definition": FLAKY, "input": "{\"a\":1}", "inspectionLevel": level,
               "mock": {"result": "{\"StatusCode\":200,\"Payload\":{\"ok\":true}}"}})
    };
    let info = steplab_wasm::test_state(&request("INFO")).expect("valid");
    assert_eq!(
        info,
        json!({"output": "{\"StatusCode\":200,\"Payload\":{\"ok\":true}}", "status": "SUCCEEDED"})
    );
    let debug = steplab_wasm::test_state(&request("DEBUG")).expect("valid");
    assert_eq!(debug["inspectionData"]["afterParameters"], json!("{\"FunctionName\":\"F\"}"));
    assert_eq!(debug["inspectionData"]["input"], json!("{\"a\":1}"));
}

#[test]
fn retriable_then_caught_by_retrier_retry_count() {
    let request = |count: u64| {
        json!({"definition": FLAKY, "inspectionLevel": "DEBUG",
               "mock": {"errorOutput": {"error": "States.TaskFailed", "cause": "no"}},
               "stateConfiguration": {"retrierRetryCount": count}})
    };
    let first = steplab_wasm::test_state(&request(0)).expect("valid");
    assert_eq!(first["status"], "RETRIABLE");
    assert_eq!(
        first["inspectionData"]["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 3})
    );
    let spent = steplab_wasm::test_state(&request(2)).expect("valid");
    assert_eq!(
        (&spent["status"], &spent["nextState"]),
        (&json!("CAUGHT_ERROR"), &json!("Recover"))
    );
    assert_eq!(spent["inspectionData"]["errorDetails"], json!({"catchIndex": 0}));
}

#[test]
fn refused_as_aws_refuses() {
    let e = steplab_wasm::test_state(&json!({"definition": "{\"Type\": \"Pass\", \"End\": true}",
        "inspectionLevel": "ALL"}))
    .expect_err("not an inspection level");
    assert_eq!(e.code, "ValidationException");
    let e =
        steplab_wasm::test_state(&json!({"definition": "{\"Type\": \"Pass\", \"Nxt\": \"A\"}"}))
            .expect_err("invalid definition");
    assert_eq!(e.code, "InvalidDefinition");
    let e = steplab_wasm::test_state(&json!({"definition": "{\"Type\": \"Pass\", \"End\": true}",
        "input": "{"}))
    .expect_err("input not JSON");
    assert_eq!(e.code, "InvalidExecutionInput");
    let e = steplab_wasm::test_state(&json!({"definition": FLAKY,
        "mock": {"result": "{}"}, "stateConfiguration": {"mapIterationFailureCount": 1}}))
    .expect_err("not a Map");
    assert_eq!(e.code, "ValidationException");
    let e = steplab_wasm::test_state(&json!([])).expect_err("not an object");
    assert_eq!(e.code, "ValidationException");
}

//! The reference lab, natively: both definitions run the Python handler and produce AWS's output and events.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{DEFINITION, HANDLER, LEGACY_DEFINITION, run};
use serde_json::json;
use steplab_asl::ExecutionStatus;

fn output(status: &ExecutionStatus) -> &serde_json::Value {
    match status {
        ExecutionStatus::Succeeded { output } => output,
        other => panic!("expected success, got {other:?}"),
    }
}

#[test]
fn lab_definition_runs_the_handler() {
    let ran = run(DEFINITION, json!({}), HANDLER);
    assert_eq!(
        output(&ran.status),
        &json!({"statusCode": 200, "message": "Hello from Step Function!"})
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
    // the task's result is Lambda's envelope; the state's Output keeps the Payload
    let succeeded = &ran.events[4]["taskSucceededEventDetails"];
    let result: serde_json::Value =
        serde_json::from_str(succeeded["output"].as_str().unwrap()).unwrap();
    assert_eq!(
        result["Payload"],
        json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
    assert_eq!(result["StatusCode"], json!(200));
    assert_eq!(result["ExecutedVersion"], json!("$LATEST"));
    assert!(ran.logs[0].starts_with("START RequestId: "), "{}", ran.logs[0]);
}

#[test]
fn legacy_definition_runs_the_handler() {
    let ran = run(LEGACY_DEFINITION, json!({"any": "input"}), HANDLER);
    assert_eq!(
        output(&ran.status),
        &json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
    assert_eq!(
        ran.types(),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn a_raising_handler_fails_the_execution_with_lambdas_error_and_cause() {
    let ran = run(
        DEFINITION,
        json!({}),
        "def lambda_handler(event, context):\n    raise KeyError('missing')\n",
    );
    let ExecutionStatus::Failed { error, cause } = &ran.status else {
        panic!("expected failure, got {:?}", ran.status)
    };
    assert_eq!(error.as_deref(), Some("KeyError"));
    let cause: serde_json::Value = serde_json::from_str(cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["errorType"], json!("KeyError"));
    assert_eq!(cause["errorMessage"], json!("'missing'"));
    assert_eq!(ran.types().last(), Some(&"ExecutionFailed"));
}

#[test]
fn a_missing_function_fails_as_lambda_reports_it() {
    let definition = DEFINITION.replace("function:HelloStepFunction", "function:NoSuchFunction");
    let ran = run(&definition, json!({}), HANDLER);
    let ExecutionStatus::Failed { error, cause } = &ran.status else {
        panic!("expected failure, got {:?}", ran.status)
    };
    assert_eq!(error.as_deref(), Some("Lambda.ResourceNotFoundException"));
    assert!(
        cause.as_deref().unwrap().starts_with(
            "Function not found: arn:aws:lambda:ca-central-1:123456789012:function:NoSuchFunction:$LATEST (Service: AWSLambda; Status Code: 404;"
        ),
        "{cause:?}"
    );
}

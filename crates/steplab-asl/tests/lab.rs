//! The reference lab, end to end on a scripted Lambda: output and the whole event history.

mod common;

use common::{Answer, HELLO, data, event_types, history_json, run, status_json};
use expect_test::expect_file;
use serde_json::json;

#[test]
fn legacy_lab_direct_function_arn() {
    let (exec, reqs) =
        run(&data("simple_lab_legacy.asl.json"), json!({}), &[Answer::Ok(HELLO.into())]);
    assert_eq!(
        status_json(&exec),
        json!({"status": "SUCCEEDED", "output": {"statusCode": 200, "message": "Hello from Step Function!"}})
    );
    assert_eq!(
        event_types(&exec),
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
    assert_eq!(
        reqs[0].invocation,
        steplab_asl::Invocation::Lambda {
            function_name: "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction"
                .into(),
            payload: json!({}).into(),
            optimized: false
        }
    );
    expect_file!["data/simple_lab_legacy.history.json"].assert_eq(&history_json(&exec));
}

#[test]
fn legacy_lab_function_error() {
    let body = r#"{"errorMessage": "boom", "errorType": "ValueError", "requestId": "r1", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 3, in lambda_handler\n    raise ValueError(\"boom\")\n"]}"#;
    let (exec, _) =
        run(&data("simple_lab_legacy.asl.json"), json!({}), &[Answer::FunctionError(body.into())]);
    assert_eq!(
        status_json(&exec),
        json!({"status": "FAILED", "error": "ValueError", "cause": body})
    );
    assert_eq!(
        event_types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionFailed",
            "ExecutionFailed"
        ]
    );
}

/// The lab machine as the console wrote it before JSONata: `Parameters` with `Payload.$` and
/// `OutputPath: $.Payload` (AWS's "AWS Lambda Invoke" JSONPath template).
const LAB_JSONPATH: &str = r#"{
  "Comment": "A description of my state machine",
  "StartAt": "Lambda Invoke",
  "States": {
    "Lambda Invoke": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "OutputPath": "$.Payload",
      "Parameters": {
        "Payload.$": "$",
        "FunctionName": "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST"
      },
      "Retry": [
        {
          "ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
          "IntervalSeconds": 1,
          "MaxAttempts": 3,
          "BackoffRate": 2,
          "JitterStrategy": "FULL"
        }
      ],
      "End": true
    }
  }
}"#;

#[test]
fn optimized_lambda_invoke_envelope_and_history() {
    let (exec, reqs) = run(LAB_JSONPATH, json!({}), &[Answer::Ok(HELLO.into())]);
    assert_eq!(
        status_json(&exec),
        json!({"status": "SUCCEEDED", "output": {"statusCode": 200, "message": "Hello from Step Function!"}})
    );
    assert_eq!(
        reqs[0].invocation,
        steplab_asl::Invocation::Lambda {
            function_name:
                "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST".into(),
            payload: json!({}).into(),
            optimized: true
        }
    );
    assert_eq!(
        event_types(&exec),
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
    expect_file!["data/lab_jsonpath.history.json"].assert_eq(&history_json(&exec));
}

#[test]
fn retry_backs_off_on_the_virtual_clock_then_succeeds() {
    let throttled = Answer::Throw("Lambda.TooManyRequestsException".into(), "Rate exceeded".into());
    let (exec, reqs) = run(
        LAB_JSONPATH,
        json!({"n": 1}),
        &[throttled.clone(), throttled, Answer::Ok(HELLO.into())],
    );
    assert_eq!(reqs.len(), 3);
    assert_eq!(status_json(&exec)["status"], "SUCCEEDED");
    assert_eq!(
        event_types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    // FULL jitter: each back-off lies in [0, 1 s × 2^attempt]
    let h = exec.history();
    let gap1 = h[5].timestamp_millis - h[4].timestamp_millis;
    let gap2 = h[8].timestamp_millis - h[7].timestamp_millis;
    assert!((0..=1000).contains(&gap1), "{gap1}");
    assert!((0..=2000).contains(&gap2), "{gap2}");
    // the same seed replays the same jitter
    let throttled = Answer::Throw("Lambda.TooManyRequestsException".into(), "Rate exceeded".into());
    let (again, _) = run(
        LAB_JSONPATH,
        json!({"n": 1}),
        &[throttled.clone(), throttled, Answer::Ok(HELLO.into())],
    );
    assert_eq!(history_json(&again), history_json(&exec));
}

#[test]
fn retries_exhausted_then_fails() {
    let throttled = Answer::Throw("Lambda.ServiceException".into(), "boom".into());
    let (exec, reqs) = run(LAB_JSONPATH, json!({}), &[throttled]);
    assert_eq!(reqs.len(), 4, "1 attempt + MaxAttempts 3");
    assert_eq!(
        status_json(&exec),
        json!({"status": "FAILED", "error": "Lambda.ServiceException", "cause": "boom"})
    );
}

#[test]
fn function_error_is_not_retried_and_is_caught() {
    let def = r#"{"StartAt": "Call", "States": {
      "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "HelloStepFunction", "Payload.$": "$"},
               "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}],
               "End": true},
      "Handled": {"Type": "Pass", "End": true}
    }}"#;
    let body = r#"{"errorMessage": "'name'", "errorType": "KeyError", "requestId": "r", "stackTrace": []}"#;
    let (exec, reqs) = run(def, json!({"a": 1}), &[Answer::FunctionError(body.into())]);
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        status_json(&exec),
        json!({"status": "SUCCEEDED", "output": {"a": 1, "error": {"Error": "KeyError", "Cause": body}}})
    );
    assert_eq!(
        event_types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn jsonata_lab_optimized_invoke() {
    let (exec, reqs) = run(&data("simple_lab.asl.json"), json!({}), &[Answer::Ok(HELLO.into())]);
    assert_eq!(
        status_json(&exec),
        json!({"status": "SUCCEEDED", "output": {"statusCode": 200, "message": "Hello from Step Function!"}})
    );
    assert_eq!(
        reqs[0].invocation,
        steplab_asl::Invocation::Lambda {
            function_name:
                "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST".into(),
            payload: json!({}).into(),
            optimized: true
        }
    );
    assert_eq!(
        event_types(&exec),
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
    expect_file!["data/simple_lab.history.json"].assert_eq(&history_json(&exec));
}

#[test]
fn jsonata_lab_function_error() {
    let body = r#"{"errorMessage": "boom", "errorType": "Exception", "requestId": "r1", "stackTrace": []}"#;
    let (exec, _) = run(
        &data("simple_lab.asl.json"),
        json!({"Comment": "Insert your JSON here"}),
        &[Answer::FunctionError(body.into())],
    );
    assert_eq!(
        status_json(&exec),
        json!({"status": "FAILED", "error": "Exception", "cause": body})
    );
    assert_eq!(
        event_types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn jsonata_lab_retries_throttling() {
    let throttled = Answer::Throw("Lambda.TooManyRequestsException".into(), "Rate exceeded".into());
    let (exec, reqs) =
        run(&data("simple_lab.asl.json"), json!({}), &[throttled, Answer::Ok(HELLO.into())]);
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        status_json(&exec)["output"],
        json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
}

/// The ids and previous ids of a Map whose iterations time out, as recorded against AWS
/// (LocalStack `timeouts/test_timeouts.snapshot.json`, `test_service_lambda_map_timeout`,
/// 2024-03-10). The four `TaskTimedOut` events come in an arbitrary order there; here in index order.
#[test]
fn map_timeout_event_ids_as_recorded() {
    let def = r#"{"StartAt": "MapWait", "States": {"MapWait": {"Type": "Map", "ItemsPath": "$.Inputs",
      "ItemProcessor": {"StartAt": "LambdaInvoke", "States": {"LambdaInvoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "TimeoutSeconds": 5, "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"}, "End": true}}}, "End": true}}}"#;
    let item = json!({"FunctionName": "F", "Payload": null});
    let (exec, _) = run(def, json!({"Inputs": [item, item, item, item]}), &[Answer::Hang]);
    let got: Vec<(u64, u64, &str)> =
        exec.history().iter().map(|e| (e.id, e.previous_event_id, e.kind)).collect();
    let recorded: Vec<(u64, u64, &str)> = vec![
        (1, 0, "ExecutionStarted"),
        (2, 0, "MapStateEntered"),
        (3, 2, "MapStateStarted"),
        (4, 3, "MapIterationStarted"),
        (5, 3, "MapIterationStarted"),
        (6, 3, "MapIterationStarted"),
        (7, 3, "MapIterationStarted"),
        (8, 4, "TaskStateEntered"),
        (9, 8, "TaskScheduled"),
        (10, 5, "TaskStateEntered"),
        (11, 10, "TaskScheduled"),
        (12, 6, "TaskStateEntered"),
        (13, 12, "TaskScheduled"),
        (14, 7, "TaskStateEntered"),
        (15, 14, "TaskScheduled"),
        (16, 9, "TaskStarted"),
        (17, 11, "TaskStarted"),
        (18, 13, "TaskStarted"),
        (19, 15, "TaskStarted"),
        (20, 16, "TaskTimedOut"),
        (21, 17, "TaskTimedOut"),
        (22, 18, "TaskTimedOut"),
        (23, 19, "TaskTimedOut"),
        (24, 20, "MapIterationFailed"),
        (25, 20, "TaskStateAborted"),
        (26, 20, "MapIterationAborted"),
        (27, 20, "TaskStateAborted"),
        (28, 20, "MapIterationAborted"),
        (29, 20, "TaskStateAborted"),
        (30, 20, "MapIterationAborted"),
        (31, 20, "TaskStateAborted"),
        (32, 20, "MapStateFailed"),
        (33, 32, "ExecutionFailed"),
    ];
    assert_eq!(got, recorded);
    assert_eq!(
        exec.history()[32].to_json()["executionFailedEventDetails"],
        json!({"error": "States.Timeout"})
    );
    assert_eq!(
        exec.history()[19].to_json()["taskTimedOutEventDetails"],
        json!({"resourceType": "lambda", "resource": "invoke", "error": "States.Timeout"})
    );
}

fn ids(exec: &steplab_asl::Execution) -> Vec<(u64, u64, &'static str)> {
    exec.history().iter().map(|e| (e.id, e.previous_event_id, e.kind)).collect()
}

/// A failing iteration caught on the Map state, as recorded against AWS (LocalStack
/// `scenarios/test_base_scenarios.snapshot.json`, `test_map_state_catch`, 2023-07-18).
#[test]
fn map_catch_event_ids_as_recorded() {
    let def = r#"{"StartAt": "StartState", "States": {
      "StartState": {"Type": "Pass", "Result": {"arr": [1]}, "Next": "MapState"},
      "MapState": {"Type": "Map", "ItemsPath": "$.arr",
        "ItemProcessor": {"StartAt": "HandleItemFail", "States": {"HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}}},
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "FinalCaught"}], "End": true},
      "FinalCaught": {"Type": "Pass", "End": true}}}"#;
    let (exec, _) = run(def, json!({}), &[]);
    assert_eq!(
        ids(&exec),
        vec![
            (1, 0, "ExecutionStarted"),
            (2, 0, "PassStateEntered"),
            (3, 2, "PassStateExited"),
            (4, 3, "MapStateEntered"),
            (5, 4, "MapStateStarted"),
            (6, 5, "MapIterationStarted"),
            (7, 6, "FailStateEntered"),
            (8, 7, "MapIterationFailed"),
            (9, 7, "MapStateFailed"),
            (10, 9, "MapStateExited"),
            (11, 10, "PassStateEntered"),
            (12, 11, "PassStateExited"),
            (13, 12, "ExecutionSucceeded"),
        ]
    );
    assert_eq!(
        status_json(&exec)["output"],
        json!({"Error": "HandleItemFailError", "Cause": "HandleItemFailCause"})
    );
}

/// Iterations run one after another: each `MapIterationStarted` follows the previous iteration's
/// last state event, and `MapStateSucceeded` and `MapStateExited` both follow the last
/// `MapIterationSucceeded` (same recording, `test_map_state_break_condition` family, 2023-09-21).
#[test]
fn sequential_map_event_ids_as_recorded() {
    let def = r#"{"StartAt": "MapState", "States": {"MapState": {"Type": "Map", "MaxConcurrency": 1,
        "ItemProcessor": {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}}, "End": true}}}"#;
    let (exec, _) = run(def, json!([1, "Hello"]), &[]);
    assert_eq!(
        ids(&exec),
        vec![
            (1, 0, "ExecutionStarted"),
            (2, 0, "MapStateEntered"),
            (3, 2, "MapStateStarted"),
            (4, 3, "MapIterationStarted"),
            (5, 4, "PassStateEntered"),
            (6, 5, "PassStateExited"),
            (7, 6, "MapIterationSucceeded"),
            (8, 6, "MapIterationStarted"),
            (9, 8, "PassStateEntered"),
            (10, 9, "PassStateExited"),
            (11, 10, "MapIterationSucceeded"),
            (12, 11, "MapStateSucceeded"),
            (13, 11, "MapStateExited"),
            (14, 13, "ExecutionSucceeded"),
        ]
    );
}

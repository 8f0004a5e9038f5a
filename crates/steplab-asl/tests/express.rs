//! An Express execution's identity as the context object shows it.

use serde_json::json;
use steplab_asl::{Execution, ExecutionStatus, StartExecution, Step};

#[test]
fn express_execution_id_carries_a_run_id() {
    let src = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
                       "machine.$": "$$.StateMachine.Id"}, "End": true}}}"#;
    let machine = steplab_asl::parse(src).machine.expect("valid");
    let start = StartExecution::new("Shop", "order-1", "us-east-1", "123456789012", 0, 1)
        .express("0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b");
    let mut exec = Execution::new(machine, json!({}), start);
    while !matches!(exec.step(0), Step::Done) {}
    let ExecutionStatus::Succeeded { output } = exec.status() else {
        panic!("{:?}", exec.status());
    };
    assert_eq!(
        output,
        &json!({
            "id": "arn:aws:states:us-east-1:123456789012:express:Shop:order-1:0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b",
            "name": "order-1",
            "machine": "arn:aws:states:us-east-1:123456789012:stateMachine:Shop"
        })
    );
}

fn run_express(src: &str, input: serde_json::Value) -> Execution {
    let machine = steplab_asl::parse(src).machine.expect("valid");
    let start = StartExecution::new("Shop", "order-1", "us-east-1", "123456789012", 1_000, 1)
        .express("0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b");
    let mut exec = Execution::new(machine, input, start);
    let mut now = 1_000;
    loop {
        match exec.step(now) {
            Step::Done => break,
            Step::Wait { until_millis } => now = until_millis,
            other => panic!("{other:?}"),
        }
    }
    exec
}

/// An Express execution's context object has no `RedriveCount` (Express executions cannot be
/// redriven) and its keys in another order, as recorded against AWS (LocalStack
/// express/test_express_sync.snapshot.json, test_query_runtime_memory, 2024-07-15).
#[test]
fn express_context_object_has_no_redrive_count() {
    let exec = run_express(
        r#"{"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Parameters": {"c.$": "$$"}, "End": true}}}"#,
        json!({"message": "TestMessage"}),
    );
    let ExecutionStatus::Succeeded { output } = exec.status() else {
        panic!("{:?}", exec.status());
    };
    let execution = &output["c"]["Execution"];
    let keys: Vec<&str> =
        execution.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["Id", "Input", "Name", "RoleArn", "StartTime"]);
    assert_eq!(
        output["c"]["State"],
        json!({"Name": "Q", "EnteredTime": "1970-01-01T00:00:01.000Z"})
    );
    assert!(exec.start_info().is_express());
}

/// StartSyncExecution's response: the express ARN, input and output as JSON text, both details
/// `included`, billing rounded up to 100 ms and 64 MB (LocalStack
/// express/test_express_sync.snapshot.json, test_base[BASE_PASS_RESULT], 2024-06-26).
#[test]
fn sync_result_of_a_succeeded_execution() {
    let exec = run_express(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "Next": "P"},
            "P": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": true}}}"#,
        json!({}),
    );
    let got = steplab_asl::start_sync_execution_result(&exec).expect("ended");
    assert_eq!(
        got,
        json!({
            "executionArn": "arn:aws:states:us-east-1:123456789012:express:Shop:order-1:0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b",
            "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Shop",
            "name": "order-1",
            "startDate": 1.0,
            "stopDate": 3.0,
            "status": "SUCCEEDED",
            "input": "{}",
            "inputDetails": {"included": true},
            "output": "{\"Arg1\":\"argument1\"}",
            "outputDetails": {"included": true},
            "billingDetails": {"billedDurationInMilliseconds": 2000, "billedMemoryUsedInMB": 64}
        })
    );
}

/// A failed execution: error and cause, no output, `outputDetails` still given (LocalStack
/// express/test_express_sync.snapshot.json, test_base[BASE_RAISE_FAILURE], 2024-06-26).
#[test]
fn sync_result_of_a_failed_execution() {
    let exec = run_express(
        r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "SomeFailure",
            "Cause": "This state machines raises a 'SomeFailure' failure."}}}"#,
        json!({}),
    );
    let got = steplab_asl::start_sync_execution_result(&exec).expect("ended");
    assert_eq!(got["status"], "FAILED");
    assert_eq!(got["error"], "SomeFailure");
    assert_eq!(got["cause"], "This state machines raises a 'SomeFailure' failure.");
    assert!(got.get("output").is_none());
    assert_eq!(got["outputDetails"], json!({"included": true}));
    assert_eq!(got["billingDetails"]["billedDurationInMilliseconds"], 100);
}

#[test]
fn billed_duration_rounds_up_to_100_ms() {
    use steplab_asl::sync_execution::billed_duration_millis;
    assert_eq!(billed_duration_millis(0), 100);
    assert_eq!(billed_duration_millis(1), 100);
    assert_eq!(billed_duration_millis(100), 100);
    assert_eq!(billed_duration_millis(101), 200);
    assert_eq!(billed_duration_millis(7_512), 7_600);
}

/// A Standard execution keeps `RedriveCount` and its key order.
#[test]
fn standard_context_object_keeps_redrive_count() {
    let machine = steplab_asl::parse(
        r#"{"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Parameters": {"c.$": "$$.Execution"}, "End": true}}}"#,
    )
    .machine
    .expect("valid");
    let start = StartExecution::new("Shop", "order-1", "us-east-1", "123456789012", 0, 1);
    assert!(!start.is_express());
    let mut exec = Execution::new(machine, json!({}), start);
    while !matches!(exec.step(0), Step::Done) {}
    let ExecutionStatus::Succeeded { output } = exec.status() else {
        panic!("{:?}", exec.status());
    };
    let keys: Vec<&str> =
        output["c"].as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]);
}

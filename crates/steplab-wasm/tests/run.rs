//! The Rust API natively (the browser tests run the same through JavaScript): the lab with its
//! handler, mocks, stepping, and requests that cannot start.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Value, json};
use steplab_wasm::{FunctionConfig, RunRequest, Stepper};

const HANDLER: &str = include_str!("../../../tests/data/lab/hello_step_function.py");
const DEFINITION: &str = include_str!("../../../tests/data/lab/simple_lab.asl.json");

fn lab() -> RunRequest {
    let mut request = RunRequest::new(DEFINITION).with_function(
        FunctionConfig::new("HelloStepFunction", HANDLER)
            .with_handler("hello_step_function.lambda_handler"),
    );
    request.seed = Some(7);
    request.start_millis = Some(1_764_072_000_000);
    request.state_machine_name = "SimpleLab".into();
    request
}

fn types(history: &[Value]) -> Vec<&str> {
    history.iter().filter_map(|e| e["type"].as_str()).collect()
}

#[test]
fn lab_runs_and_steps_alike() {
    let ran = steplab_wasm::run(&lab()).expect("valid");
    assert_eq!(ran.status, "SUCCEEDED");
    assert_eq!(
        ran.output,
        Some(json!({"statusCode": 200, "message": "Hello from Step Function!"}))
    );
    assert_eq!(ran.logs.len(), 1);
    // the seed names the execution
    assert_eq!(ran.name, steplab_wasm::run(&lab()).expect("valid").name);

    let mut stepper = Stepper::new(&lab()).expect("valid");
    let mut steps = Vec::new();
    while !stepper.is_done() {
        steps.push(stepper.step());
        assert!(steps.len() <= 20, "the lab ends in a few steps");
    }
    // one event per step, as the app's step debugger shows them
    assert!(steps.iter().all(|s| s.events.len() == 1), "{steps:?}");
    assert_eq!(
        steps.iter().flat_map(|s| types(&s.events)).collect::<Vec<_>>(),
        types(&ran.history)
    );
    // the function is called once the engine needs it: while TaskStarted is shown, it is pending
    let scheduled = steps.iter().position(|s| types(&s.events) == ["TaskStarted"]).unwrap();
    assert_eq!(steps[scheduled].pending, ["Lambda Invoke"]);
    assert_eq!(steps[scheduled].paused.as_ref().map(|p| p.reason), Some("Event"));
    assert_eq!(steps.last().map(|s| (s.done, s.status.as_str())), Some((true, "SUCCEEDED")));
    let stepped = stepper.result();
    assert_eq!(stepped.output, ran.output);
    assert_eq!(
        (stepped.name.as_str(), types(&stepped.history)),
        (ran.name.as_str(), types(&ran.history))
    );
    // a finished execution steps no further
    assert!(stepper.step().events.is_empty());
}

#[test]
fn continue_holds_at_breakpoints() {
    let mut request = lab();
    request.breakpoints.states.insert("Lambda Invoke".into());
    let mut stepper = Stepper::new(&request).expect("valid");
    // the first step shows the first event; Continue runs to the state's breakpoint
    assert_eq!(types(&stepper.step().events), ["ExecutionStarted"]);
    let held = stepper.resume();
    assert_eq!(types(&held.events), ["TaskStateEntered"]);
    let at = held.paused.expect("held");
    assert_eq!((at.reason, at.state_name.as_deref()), ("StateEntered", Some("Lambda Invoke")));
    assert_eq!(stepper.status(), "RUNNING");
    // Continue again runs to the end
    let rest = stepper.resume();
    assert!(rest.done);
    assert_eq!(types(&rest.events).last().copied(), Some("ExecutionSucceeded"));
    assert_eq!(stepper.result().status, "SUCCEEDED");
}

#[test]
fn mocks_answer_tasks() {
    let mut request = lab();
    request.functions.clear();
    request.test_case = Some("HappyPath".into());
    request.mock_config = Some(
        json!({
            "StateMachines": {"SimpleLab": {"TestCases": {"HappyPath": {"Lambda Invoke": "Hello"}}}},
            "MockedResponses": {"Hello": {"0": {"Return": {"Payload": {"mocked": true}}}}}
        })
        .to_string(),
    );
    let ran = steplab_wasm::run(&request).expect("valid");
    assert_eq!(ran.output, Some(json!({"mocked": true})));
    assert!(ran.logs.is_empty(), "no function ran");

    // without the mock, the function does not exist
    request.mock_config = None;
    request.test_case = None;
    let ran = steplab_wasm::run(&request).expect("valid");
    assert_eq!(
        (ran.status.as_str(), ran.error.as_deref()),
        ("FAILED", Some("Lambda.ResourceNotFoundException"))
    );
}

#[test]
fn requests_that_cannot_start() {
    let error = |request: &RunRequest| steplab_wasm::run(request).expect_err("refused");

    let invalid = error(&RunRequest::new(r#"{"StartAt": "A", "States": {}}"#));
    assert!(invalid.message.starts_with("InvalidDefinition"), "{invalid}");
    assert_eq!(invalid.diagnostics[0].code, "MISSING_TRANSITION_TARGET");

    let mut named = lab();
    named.name = Some("run #1".into());
    assert_eq!(
        error(&named).message,
        "name 'run #1': Must be 1-80 characters. Can use alphanumeric characters, dashes, or underscores."
    );

    let mut mocked = lab();
    mocked.mock_config = Some("{}".into());
    assert_eq!(error(&mocked).message, "testCase: missing (mockConfig needs one)");
}

#[test]
fn functions_are_found_by_name_whatever_account_and_region_the_definition_names() {
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:111111111111:function:HelloStepFunction:$LATEST",
        "End": true}}});
    let mut request = RunRequest::new(&definition.to_string()).with_function(
        FunctionConfig::new("HelloStepFunction", HANDLER)
            .with_handler("hello_step_function.lambda_handler"),
    );
    request.account = "999988887777".into();
    request.region = "sa-east-1".into();
    let ran = steplab_wasm::run(&request).expect("valid");
    assert_eq!(ran.status, "SUCCEEDED", "{:?} {:?}", ran.error, ran.cause);
    assert_eq!(
        ran.output,
        Some(json!({"statusCode": 200, "message": "Hello from Step Function!"}))
    );
    assert!(ran.execution_arn.starts_with("arn:aws:states:sa-east-1:999988887777:execution:"));
}

#[test]
fn resources_and_state_machines_carry_over() {
    let request = steplab_wasm::request::from_json(&json!({
        "definition": {"StartAt": "Send", "States": {
            "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                     "Parameters": {"QueueUrl": "https://sqs.ca-central-1.amazonaws.com/123456789012/jobs", "MessageBody.$": "$.job"},
                     "ResultPath": null, "Next": "Child"},
            "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                      "Parameters": {"StateMachineArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:Worker", "Input": {}},
                      "ResultSelector": {"received.$": "$.Output"}, "End": true}}},
        "input": {"job": "build"},
        "resources": [{"service": "sqs", "operation": "CreateQueue", "input": {"QueueName": "jobs"}}],
        "stateMachines": {"Worker": {"StartAt": "Take", "States": {"Take": {"Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:sqs:receiveMessage",
            "Parameters": {"QueueUrl": "https://sqs.ca-central-1.amazonaws.com/123456789012/jobs"},
            "OutputPath": "$.Messages[0].Body", "End": true}}}},
        "seed": 3, "startMillis": 1_764_072_000_000_i64
    }))
    .expect("a valid request");
    let ran = steplab_wasm::run(&request).expect("valid");
    assert_eq!((ran.status.as_str(), ran.error.as_deref()), ("SUCCEEDED", None), "{:?}", ran.cause);
    assert_eq!(ran.output, Some(json!({"received": "build"})));
    assert_eq!(ran.started_executions[0]["Status"], "SUCCEEDED");
    assert!(ran.resources["sqs"].is_object(), "{}", ran.resources);

    // the resources the run left are the next run's
    let mut again = request.clone();
    again.resources = Some(ran.resources.clone());
    again.input = json!({"job": "test"});
    let ran = steplab_wasm::run(&again).expect("valid");
    // the message the child received is invisible for the queue's visibility timeout; the next
    // one is the new job
    assert_eq!(ran.output, Some(json!({"received": "test"})));

    let mut bad = request.clone();
    bad.resources = Some(
        json!([{"service": "s3", "operation": "GetObject", "input": {"Bucket": "x", "Key": "k"}}]),
    );
    let error = steplab_wasm::run(&bad).expect_err("refused");
    assert!(error.message.starts_with("resources[0] s3 GetObject: NoSuchBucket"), "{error}");
}

#[test]
fn a_function_invokes_another_synchronously_and_waits() {
    let caller = "import json\nimport boto3\n\nclient = boto3.client('lambda')\n\ndef lambda_handler(event, context):\n    r = client.invoke(FunctionName='Target', Payload=json.dumps({'x': 1}))\n    return {'status': r['StatusCode'], 'payload': json.loads(r['Payload'].read())}\n";
    let target = "def lambda_handler(event, context):\n    print('target got', event)\n    return {'got': event}\n";
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:Caller", "End": true}}});
    let request = RunRequest::new(&definition.to_string())
        .with_function(FunctionConfig::new("Caller", caller))
        .with_function(FunctionConfig::new("Target", target));
    let ran = steplab_wasm::run(&request).expect("valid");
    assert_eq!(ran.status, "SUCCEEDED", "{:?}", ran.error);
    assert_eq!(ran.output, Some(json!({"status": 200, "payload": {"got": {"x": 1}}})));
    // the target's invocation is logged on its own, before the caller's
    let names: Vec<&str> = ran.logs.iter().map(|l| l.function_name.as_str()).collect();
    assert_eq!(names, ["Target", "Caller"]);
    assert_ne!(ran.logs[0].request_id, ran.logs[1].request_id);
}

/// RedriveExecution: a function that fails until the execution is redriven
/// (`$$.Execution.RedriveCount` in its event) runs again, and only it; the history goes on after
/// `ExecutionRedriven`, stepped one event at a time; a succeeded execution is refused.
#[test]
fn a_failed_execution_is_redriven() {
    let definition = r#"{"StartAt": "Prepare", "States": {
      "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Ship"},
      "Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "Ship", "Payload": {"order.$": "$.order", "redrive.$": "$$.Execution.RedriveCount"}},
               "OutputPath": "$.Payload", "End": true}}}"#;
    let handler = "def lambda_handler(event, context):\n    if event['redrive'] == 0:\n        raise RuntimeError('out of stock')\n    return {'shipped': event['order']}\n";
    let mut request = RunRequest::new(definition)
        .with_function(FunctionConfig::new("Ship", handler).with_handler("ship.lambda_handler"));
    request.seed = Some(7);
    request.start_millis = Some(1_764_072_000_000);
    let mut execution = Stepper::new(&request).expect("valid");
    let failed = execution.run_to_end();
    assert_eq!((failed.status.as_str(), failed.redrive_status), ("FAILED", "REDRIVABLE"));
    assert_eq!(failed.redrive_count, 0);

    let redriven = execution.redrive().expect("redrivable");
    assert_eq!(redriven.redrive_count, 1);
    let first = execution.step();
    assert_eq!(types(&first.events), ["ExecutionRedriven"]);
    assert_eq!(first.events[0]["executionRedrivenEventDetails"], json!({"redriveCount": 1}));
    let done = execution.run_to_end();
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(done.output, Some(json!({"shipped": 7})));
    assert_eq!(done.redrive_count, 1);
    assert_eq!(done.redrive_date.as_deref(), Some(redriven.redrive_date.as_str()));
    assert_eq!(
        (done.redrive_status, done.redrive_status_reason),
        ("NOT_REDRIVABLE", Some("Execution is SUCCEEDED and cannot be redriven"))
    );
    // the Pass state ran once, the function twice
    let history = types(&done.history);
    assert_eq!(history.iter().filter(|t| **t == "PassStateEntered").count(), 1);
    assert_eq!(done.logs.len(), 2);
    let refused = execution.redrive().expect_err("succeeded");
    assert_eq!(refused.message, "Execution is SUCCEEDED and cannot be redriven");
    assert_eq!(execution.result().history.len(), done.history.len());
}

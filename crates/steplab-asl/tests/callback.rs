//! `.waitForTaskToken` tasks: the token in `$$.Task.Token`, `TaskSubmitted` when the call
//! returns, then `SendTaskSuccess` / `SendTaskFailure` / heartbeats on the virtual clock.
//! Event sequences as recorded against AWS (LocalStack `callback/test_callback.snapshot.json`).

use serde_json::{Value, json};
use steplab_asl::{Execution, ExecutionStatus, StartExecution, Step, TaskOutcome, TaskRequest};

const DEF: &str = r#"{"StartAt": "SendMessageWithWait", "States": {"SendMessageWithWait": {
  "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", HEARTBEAT
  "Parameters": {"QueueUrl.$": "$.QueueUrl", "MessageBody": {"Message.$": "$.Message", "TaskToken.$": "$$.Task.Token"}},
  "End": true}}}"#;

fn start(extra: &str) -> (Execution, TaskRequest) {
    let parsed = steplab_asl::parse(&DEF.replace("HEARTBEAT", extra));
    let machine = parsed.machine.unwrap_or_else(|| panic!("{:?}", parsed.diagnostics));
    let mut exec = Execution::new(
        machine,
        json!({"QueueUrl": "https://sqs.example/q", "Message": "test_message_txt"}),
        StartExecution::new("M", "e", "us-east-1", "123456789012", 0, 3),
    );
    let Step::Task(t) = exec.step(0) else { panic!("expected a task") };
    (exec, t)
}

fn types(exec: &Execution) -> Vec<&'static str> {
    exec.history().iter().map(|e| e.kind).collect()
}

#[test]
fn success_after_submission() {
    let (mut exec, t) = start("");
    let token = t.task_token.clone().unwrap();
    let steplab_asl::Invocation::Service { parameters, .. } = &t.invocation else { panic!() };
    assert_eq!(parameters["MessageBody"]["TaskToken"], json!(token));
    exec.complete_task(t.id, TaskOutcome::Succeeded(json!({"MessageId": "m"})), 100);
    assert_eq!(exec.step(100), Step::Pending);
    assert!(exec.send_task_success(&token, json!("test_message_txt"), 5_000));
    assert_eq!(exec.step(5_000), Step::Done);
    assert_eq!(exec.status(), &ExecutionStatus::Succeeded { output: json!("test_message_txt") });
    assert_eq!(
        types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let scheduled = exec.history()[2].to_json();
    assert_eq!(scheduled["taskScheduledEventDetails"]["resource"], "sendMessage.waitForTaskToken");
    assert_eq!(scheduled["taskScheduledEventDetails"]["resourceType"], "sqs");
    assert!(!exec.send_task_success(&token, Value::Null, 6_000), "the token is spent");
}

#[test]
fn failure_callback() {
    let (mut exec, t) = start("");
    let token = t.task_token.clone().unwrap();
    exec.complete_task(t.id, TaskOutcome::Succeeded(json!({})), 0);
    assert!(exec.send_task_failure(
        &token,
        Some("Failure error".into()),
        Some("Failure cause".into()),
        10
    ));
    assert_eq!(exec.step(10), Step::Done);
    assert_eq!(
        exec.status(),
        &ExecutionStatus::Failed {
            error: Some("Failure error".into()),
            cause: Some("Failure cause".into())
        }
    );
    assert_eq!(
        types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn timeout_while_waiting_for_the_callback() {
    let (mut exec, t) = start(r#""TimeoutSeconds": 5,"#);
    exec.complete_task(t.id, TaskOutcome::Succeeded(json!({})), 0);
    assert_eq!(exec.step(0), Step::Wait { until_millis: 5_000 });
    assert_eq!(exec.step(5_000), Step::Done);
    assert_eq!(
        exec.status(),
        &ExecutionStatus::Failed { error: Some("States.Timeout".into()), cause: None }
    );
    assert_eq!(
        types(&exec),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskTimedOut",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn heartbeats_keep_the_task_alive_until_they_stop() {
    let (mut exec, t) = start(r#""TimeoutSeconds": 600, "HeartbeatSeconds": 60,"#);
    let token = t.task_token.clone().unwrap();
    exec.complete_task(t.id, TaskOutcome::Succeeded(json!({})), 0);
    assert_eq!(exec.step(0), Step::Wait { until_millis: 60_000 });
    assert!(exec.send_task_heartbeat(&token, 50_000));
    assert_eq!(exec.step(59_000), Step::Wait { until_millis: 110_000 });
    assert_eq!(exec.step(110_000), Step::Done);
    // as recorded against AWS: a missed heartbeat is a TaskTimedOut with States.Timeout
    // (LocalStack timeouts/test_heartbeats.snapshot.json, 2024-04-18)
    assert_eq!(
        exec.status(),
        &ExecutionStatus::Failed { error: Some("States.Timeout".into()), cause: None }
    );
    let timed_out = exec.history().iter().find(|e| e.kind == "TaskTimedOut").unwrap().to_json();
    assert_eq!(timed_out["taskTimedOutEventDetails"]["error"], "States.Timeout");
    let scheduled = exec.history()[2].to_json();
    assert_eq!(scheduled["taskScheduledEventDetails"]["heartbeatInSeconds"], 60);
    assert_eq!(scheduled["taskScheduledEventDetails"]["timeoutInSeconds"], 600);
}

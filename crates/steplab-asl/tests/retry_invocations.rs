//! What a retried Task hands out on each attempt: the same invocation (shared, not rebuilt) when
//! its arguments cannot differ between attempts, a fresh one when they can (`$$`, random
//! intrinsics).

use serde_json::{Value, json};
use steplab_asl::{Execution, Invocation, StartExecution, Step, TaskOutcome, TaskRequest};

/// Runs `definition` on `input`, failing the first two attempts; returns the requests handed
/// out and the `parameters` of each `TaskScheduled` event.
fn attempts(definition: &Value, input: Value) -> (Vec<TaskRequest>, Vec<Option<Value>>) {
    let machine = steplab_asl::parse(&definition.to_string()).machine.expect("valid definition");
    let start = StartExecution::new("M", "run", "us-east-1", "123456789012", 0, 3);
    let mut exec = Execution::new(machine, input, start);
    let (mut now, mut requests) = (0, Vec::new());
    loop {
        match exec.step(now) {
            Step::Task(t) => {
                let outcome = if requests.len() < 2 {
                    TaskOutcome::Failed { error: "E".into(), cause: "again".into() }
                } else {
                    TaskOutcome::Succeeded(json!({"ok": true}))
                };
                exec.complete_task(t.id, outcome, now);
                requests.push(t);
            }
            Step::Wait { until_millis } => now = until_millis,
            Step::Pending | Step::Done => break,
        }
    }
    assert_eq!(exec.status().as_str(), "SUCCEEDED");
    let scheduled = exec
        .history()
        .iter()
        .filter(|e| e.kind == "TaskScheduled")
        .map(|e| e.detail("parameters"))
        .collect();
    (requests, scheduled)
}

fn task(parameters: Value) -> Value {
    json!({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": parameters,
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "BackoffRate": 1}], "End": true}}})
}

fn payload(r: &TaskRequest) -> &std::sync::Arc<Value> {
    match &r.invocation {
        Invocation::Lambda { payload, .. } => payload,
        Invocation::Service { parameters, .. } => parameters,
        Invocation::MapStorage { input, .. } => input,
    }
}

#[test]
fn fixed_arguments_are_handed_out_again_unchanged() {
    let (requests, scheduled) = attempts(
        &task(json!({"FunctionName": "F", "Payload.$": "$.order"})),
        json!({"order": {"id": 7}}),
    );
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(**payload(r), json!({"id": 7}));
        assert_eq!(&*r.state_name, "T");
        assert!(std::sync::Arc::ptr_eq(payload(r), payload(&requests[0])));
    }
    assert_eq!(scheduled.len(), 3);
    let first = scheduled[0].clone().expect("parameters recorded");
    assert_eq!(
        serde_json::from_str::<Value>(first.as_str().expect("JSON text")).expect("JSON"),
        json!({"FunctionName": "F", "Payload": {"id": 7}})
    );
    assert!(scheduled.iter().all(|p| p.as_ref() == Some(&first)));
}

#[test]
fn random_intrinsics_are_evaluated_on_every_attempt() {
    let (requests, scheduled) = attempts(
        &task(json!({"FunctionName": "F", "Payload": {"id.$": "States.UUID()"}})),
        json!({}),
    );
    let ids: Vec<&Value> = requests.iter().map(|r| &payload(r)["id"]).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|v| v.as_str().is_some_and(|s| s.len() == 36)));
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[1], ids[2]);
    assert_ne!(scheduled[0], scheduled[1]);
}

#[test]
fn the_context_object_is_read_on_every_attempt() {
    let (requests, _) = attempts(
        &task(json!({"FunctionName": "F", "Payload": {"try.$": "$$.State.RetryCount"}})),
        json!({}),
    );
    let tries: Vec<Value> = requests.iter().map(|r| payload(r)["try"].clone()).collect();
    assert_eq!(tries, vec![json!(0), json!(1), json!(2)]);
}

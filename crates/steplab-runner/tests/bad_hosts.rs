//! A host that answers an invocation late, twice or never, or after a stop, gets a defined outcome
//! from the driver: the answer is refused as unexpected, the Task fails with `Lambda.Unknown`, or
//! the execution is aborted, and the execution never stays running for want of an answer.

use std::collections::BTreeMap;

use serde_json::json;
use steplab_asl::ExecutionStatus;
use steplab_runner::driver::{HOST_GRACE_MILLIS, Unexpected};
use steplab_runner::{Answer, Driver, Effect, InvokeId, LambdaReply, Partition, RunOptions, Setup};

const T0: i64 = 1_764_072_000_000;

fn driver(retry: bool) -> Driver {
    let retrier =
        json!([{"ErrorEquals": ["Lambda.Unknown"], "MaxAttempts": 1, "IntervalSeconds": 1}]);
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:F", "End": true});
    if retry {
        task["Retry"] = retrier;
    }
    let definition = json!({"StartAt": "T", "States": {"T": task}}).to_string();
    let machine = steplab_asl::parse(&definition).machine.expect("valid");
    let options = RunOptions {
        partition: Partition::default(),
        name: "e".into(),
        state_machine_name: "M".into(),
        role_name: "r".into(),
        start_millis: T0,
        seed: 1,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = steplab_runner::start(machine, json!({}), &options);
    let setup = Setup {
        functions: BTreeMap::from([("F".to_owned(), 3)]),
        mocks: None,
        partition: Partition::default(),
        seed: 1,
    };
    Driver::new(execution, setup)
}

/// Polls (through waits) until the driver hands out an invocation.
fn invocation(d: &mut Driver, mut now: i64) -> InvokeId {
    for _ in 0..100 {
        match d.poll(now) {
            Effect::Invoke { id, .. } => return id,
            Effect::Appended { .. } => {}
            Effect::WakeAt(t) => now = t,
            other => panic!("expected an invocation, got {other:?}"),
        }
    }
    panic!("no invocation");
}

fn finish(d: &mut Driver, mut now: i64) -> i64 {
    for _ in 0..1000 {
        match d.poll(now) {
            Effect::Finished => return now,
            Effect::WakeAt(t) | Effect::Awaiting(t) => now = t,
            Effect::Appended { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    panic!("the execution did not end");
}

fn reply() -> Answer {
    Answer::Returned(LambdaReply {
        payload: "{\"ok\": 1}".into(),
        function_error: None,
        log: String::new(),
        duration_ms: 1.0,
        aws_calls: Vec::new(),
        invoked: Vec::new(),
        log_stream_name: None,
    })
}

#[test]
fn an_answer_twice_or_for_no_invocation_is_refused() {
    let mut d = driver(false);
    let id = invocation(&mut d, T0);
    assert_eq!(d.invoked(InvokeId(id.0 + 7), reply(), T0), Err(Unexpected(InvokeId(id.0 + 7))));
    assert_eq!(d.invoked(id, reply(), T0 + 5), Ok(()));
    assert_eq!(d.invoked(id, reply(), T0 + 6), Err(Unexpected(id)));
    finish(&mut d, T0 + 6);
    assert_eq!(d.status(), &ExecutionStatus::Succeeded { output: json!({"ok": 1}) });
}

#[test]
fn a_lost_environment_fails_the_task_with_lambda_unknown() {
    let mut d = driver(false);
    let id = invocation(&mut d, T0);
    d.invoked(id, Answer::Lost("the Python worker stopped before answering".into()), T0 + 10)
        .expect("the invocation out");
    finish(&mut d, T0 + 10);
    let ExecutionStatus::Failed { error, cause } = d.status() else { panic!("{:?}", d.status()) };
    assert_eq!(error.as_deref(), Some("Lambda.Unknown"));
    assert!(cause.as_deref().is_some_and(|c| c.contains("stopped before answering")), "{cause:?}");
}

#[test]
fn an_invocation_never_answered_is_given_up_after_its_timeout_and_a_grace() {
    let mut d = driver(true);
    let id = invocation(&mut d, T0);
    // before the deadline the driver waits
    let deadline = T0 + 3000 + HOST_GRACE_MILLIS;
    assert_eq!(d.poll(T0 + 1000), Effect::Awaiting(deadline));
    // past it, the Task fails with Lambda.Unknown, which its retrier retries: a new invocation
    let retried = invocation(&mut d, deadline + 1000);
    assert_ne!(retried, id);
    // the first answer, arriving late, is refused
    assert_eq!(d.invoked(id, reply(), deadline + 2500), Err(Unexpected(id)));
    d.invoked(retried, reply(), deadline + 2600).expect("the retry's answer");
    finish(&mut d, deadline + 2600);
    assert!(matches!(d.status(), ExecutionStatus::Succeeded { .. }), "{:?}", d.status());
    let types: Vec<&str> = d.history().iter().map(|e| e.kind).collect();
    assert!(types.contains(&"LambdaFunctionFailed"), "{types:?}");
}

#[test]
fn an_answer_after_a_stop_is_refused_and_the_execution_stays_aborted() {
    let mut d = driver(false);
    let id = invocation(&mut d, T0);
    d.stop(Some("Stopped".into()), Some("by a person".into()), T0 + 20);
    assert_eq!(d.invoked(id, reply(), T0 + 30), Err(Unexpected(id)));
    finish(&mut d, T0 + 30);
    let ExecutionStatus::Aborted { error, .. } = d.status() else { panic!("{:?}", d.status()) };
    assert_eq!(error.as_deref(), Some("Stopped"));
    assert_eq!(d.history().last().map(|e| e.kind), Some("ExecutionAborted"));
}

//! State statuses for the execution graph, derived from histories.

mod common;

use common::{Answer, HELLO, Hooks, drive, run, run_with};
use serde_json::json;
use steplab_asl::{StateRunStatus as S, state_statuses};

fn statuses(exec: &steplab_asl::Execution) -> Vec<(String, S)> {
    state_statuses(exec.history()).into_iter().collect()
}

#[test]
fn succeeded_caught_failed_in_progress_aborted() {
    let def = r#"{"StartAt": "Call", "States": {
      "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"},
               "Retry": [{"ErrorEquals": ["Throttled"], "MaxAttempts": 1, "IntervalSeconds": 1}],
               "Catch": [{"ErrorEquals": ["Boom"], "Next": "Recover"}], "Next": "Done"},
      "Recover": {"Type": "Pass", "Next": "Wait"},
      "Wait": {"Type": "Wait", "Seconds": 100, "Next": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    // retried then succeeded
    let (exec, _) = run(
        def,
        json!({}),
        &[Answer::Throw("Throttled".into(), "c".into()), Answer::Ok(HELLO.into())],
    );
    assert_eq!(statuses(&exec), [("Call".into(), S::Succeeded), ("Done".into(), S::Succeeded)]);
    // caught, then stopped while waiting
    let (exec, _) = run_with(
        def,
        json!({}),
        &[Answer::Throw("Boom".into(), "c".into())],
        Some(common::T0 + 10_000),
    );
    assert_eq!(
        statuses(&exec),
        [("Call".into(), S::Caught), ("Recover".into(), S::Succeeded), ("Wait".into(), S::Aborted)]
    );
    // uncaught
    let (exec, _) = run(def, json!({}), &[Answer::Throw("Other".into(), "c".into())]);
    assert_eq!(statuses(&exec), [("Call".into(), S::Failed)]);
    // still running: the task never answers before the stop
    let (exec, _) = run_with(def, json!({}), &[Answer::Hang], Some(common::T0 + 1));
    assert_eq!(statuses(&exec), [("Call".into(), S::Aborted)]);
}

#[test]
fn no_choice_matched_fails_the_choice() {
    let def = r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "D"}]}, "D": {"Type": "Succeed"}}}"#;
    let (exec, _) = run(def, json!({"n": 2}), &[]);
    assert_eq!(statuses(&exec), [("C".into(), S::Failed)]);
    // the same from the history as JSON (no engine-side state names)
    let events: Vec<steplab_asl::HistoryEvent> = exec
        .history()
        .iter()
        .cloned()
        .map(|mut e| {
            e.state_name = None;
            e
        })
        .collect();
    assert_eq!(state_statuses(&events).into_iter().collect::<Vec<_>>(), [("C".into(), S::Failed)]);
}

#[test]
fn map_iterations_and_fail_states() {
    let def = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {
      "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Good"},
      "Bad": {"Type": "Fail", "Error": "Two"}, "Good": {"Type": "Succeed"}}}, "End": true}}}"#;
    let (exec, _) = run(def, json!([1, 2]), &[]);
    assert_eq!(
        statuses(&exec),
        [
            ("Bad".into(), S::Failed),
            ("C".into(), S::Succeeded),
            ("Good".into(), S::Succeeded),
            ("M".into(), S::Failed)
        ]
    );
}

#[test]
fn a_redriven_state_shows_its_new_run() {
    let def = r#"{"StartAt": "Call", "States": {
      "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"}, "Next": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    let (mut exec, _) = run(def, json!({}), &[Answer::Throw("Boom".into(), "c".into())]);
    assert_eq!(statuses(&exec), [("Call".into(), S::Failed)]);
    exec.redrive(common::T0 + 60_000).expect("redrivable");
    assert_eq!(statuses(&exec), []);
    drive(&mut exec, common::T0 + 60_000, &[Answer::Ok(HELLO.into())], &Hooks::default());
    assert_eq!(statuses(&exec), [("Call".into(), S::Succeeded), ("Done".into(), S::Succeeded)]);
}

//! `EvaluationFailed`: a JSONata expression that fails records the event (error, cause, the field
//! and the state) before the error is retried, caught or ends the execution; JSONPath states never
//! record it. Shape from the API's `EvaluationFailedEventDetails` ("present in state machines that
//! have QueryLanguage set to JSONata"); its place in the history as LocalStack records it
//! (`EvaluationFailed` then the state's failure handling).

#[path = "common/mod.rs"]
mod common;

use expect_test::{Expect, expect};
use serde_json::{Value, json};

use common::{Answer, run};

/// The `EvaluationFailed` events of a run, and the types of all its events.
fn check(src: &str, input: Value, want_types: &[&str], want_events: Expect) {
    let (exec, _) = run(src, input, &[Answer::Return(json!({}))]);
    let types: Vec<&str> = exec.history().iter().map(|e| e.kind).collect();
    assert_eq!(types, want_types);
    let events: Vec<Value> = exec
        .history()
        .iter()
        .filter(|e| e.kind == "EvaluationFailed")
        .map(|e| {
            let mut j = e.to_json();
            if let Some(m) = j.as_object_mut() {
                m.shift_remove("timestamp");
            }
            j
        })
        .collect();
    want_events.assert_eq(&serde_json::to_string_pretty(&events).unwrap_or_default());
}

#[test]
fn undefined_output_fails_the_execution() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Shape", "States": {
            "Shape": {"Type": "Pass", "Output": {"id": "{% $states.input.missing %}"}, "End": true}}}"#,
        json!({"present": 1}),
        &["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"],
        expect![[r#"
            [
              {
                "type": "EvaluationFailed",
                "id": 3,
                "previousEventId": 2,
                "evaluationFailedEventDetails": {
                  "error": "States.QueryEvaluationError",
                  "cause": "An error occurred while executing the state 'Shape' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/id' returned nothing (undefined).",
                  "location": "Output/id",
                  "state": "Shape"
                }
              }
            ]"#]],
    );
}

#[test]
fn caught_error_in_arguments() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Arguments": {"FunctionName": "F", "Payload": "{% $number('x') %}"},
                     "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Done"}], "End": true},
            "Done": {"Type": "Succeed"}}}"#,
        json!({}),
        &[
            "ExecutionStarted",
            "TaskStateEntered",
            "EvaluationFailed",
            "TaskStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded",
        ],
        expect![[r#"
            [
              {
                "type": "EvaluationFailed",
                "id": 3,
                "previousEventId": 2,
                "evaluationFailedEventDetails": {
                  "error": "States.QueryEvaluationError",
                  "cause": "An error occurred while executing the state 'Call' (entered at the event id #2). The JSONata expression '$number('x')' specified for the field 'Arguments/Payload' threw an error during evaluation. D3030: Unable to cast value to a number: \"x\"",
                  "location": "Arguments/Payload",
                  "state": "Call"
                }
              }
            ]"#]],
    );
}

#[test]
fn choice_condition_not_boolean() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "D"}], "Default": "D"},
            "D": {"Type": "Succeed"}}}"#,
        json!({"n": 5}),
        &["ExecutionStarted", "ChoiceStateEntered", "EvaluationFailed", "ExecutionFailed"],
        expect![[r#"
            [
              {
                "type": "EvaluationFailed",
                "id": 3,
                "previousEventId": 2,
                "evaluationFailedEventDetails": {
                  "error": "States.QueryEvaluationError",
                  "cause": "An error occurred while executing the state 'C' (entered at the event id #2). The Condition of choice rule 0 must evaluate to a boolean, but returned 5",
                  "location": "Choices[0]/Condition",
                  "state": "C"
                }
              }
            ]"#]],
    );
}

#[test]
fn retried_each_time() {
    check(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Arguments": {"FunctionName": "F", "Payload": "{% $states.input.nope %}"},
                     "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], "End": true}}}"#,
        json!({}),
        &[
            "ExecutionStarted",
            "TaskStateEntered",
            "EvaluationFailed",
            "EvaluationFailed",
            "ExecutionFailed",
        ],
        expect![[r#"
            [
              {
                "type": "EvaluationFailed",
                "id": 3,
                "previousEventId": 2,
                "evaluationFailedEventDetails": {
                  "error": "States.QueryEvaluationError",
                  "cause": "An error occurred while executing the state 'Call' (entered at the event id #2). The JSONata expression '$states.input.nope' specified for the field 'Arguments/Payload' returned nothing (undefined).",
                  "location": "Arguments/Payload",
                  "state": "Call"
                }
              },
              {
                "type": "EvaluationFailed",
                "id": 4,
                "previousEventId": 3,
                "evaluationFailedEventDetails": {
                  "error": "States.QueryEvaluationError",
                  "cause": "An error occurred while executing the state 'Call' (entered at the event id #2). The JSONata expression '$states.input.nope' specified for the field 'Arguments/Payload' returned nothing (undefined).",
                  "location": "Arguments/Payload",
                  "state": "Call"
                }
              }
            ]"#]],
    );
}

#[test]
fn jsonpath_states_do_not_record_it() {
    check(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#,
        json!({}),
        &["ExecutionStarted", "PassStateEntered", "ExecutionFailed"],
        expect![[r#"
            []"#]],
    );
}

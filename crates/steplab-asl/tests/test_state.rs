//! TestState on single states: statuses, next state, and the inspection data stages
//! (AWS docs: test-state-isolation.html, "Using TestState" and `InspectionData`).

use serde_json::{Map, Value, json};
use steplab_asl::{
    InspectionLevel, StartExecution, StateConfiguration, TaskOutcome, TestStateRequest,
    TestStateResult, test_state,
};

fn run(definition: &str, input: Value, mock: Option<TaskOutcome>, retries: u64) -> TestStateResult {
    let req = TestStateRequest {
        definition: definition.into(),
        input,
        mock,
        inspection_level: InspectionLevel::Debug,
        state_configuration: StateConfiguration {
            retrier_retry_count: retries,
            ..Default::default()
        },
        ..Default::default()
    };
    test_state(&req, StartExecution::new("M", "t", "us-east-1", "123456789012", 0, 9))
}

#[test]
fn pass_stages_and_next_state() {
    let r = run(
        r#"{"Type": "Pass", "InputPath": "$.payload", "Parameters": {"id.$": "$.id", "kind": "x"}, "ResultPath": "$.shaped", "Next": "Store"}"#,
        json!({"payload": {"id": 7, "junk": true}}),
        None,
        0,
    );
    assert_eq!((r.status, r.next_state.as_deref()), ("SUCCEEDED", Some("Store")));
    // ResultPath places the result into the raw input, not the InputPath selection
    assert_eq!(
        r.output,
        Some(json!({"payload": {"id": 7, "junk": true}, "shaped": {"id": 7, "kind": "x"}}))
    );
    let d = &r.inspection_data;
    assert_eq!(d["input"], json!(r#"{"payload":{"id":7,"junk":true}}"#));
    assert_eq!(d["afterInputPath"], json!(r#"{"id":7,"junk":true}"#));
    assert_eq!(d["afterParameters"], json!(r#"{"id":7,"kind":"x"}"#));
    assert_eq!(
        d["afterResultPath"],
        json!(r#"{"payload":{"id":7,"junk":true},"shaped":{"id":7,"kind":"x"}}"#)
    );
    assert_eq!(d["variables"], json!("{}"));
}

#[test]
fn task_with_mocked_result() {
    let r = run(
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F", "Payload.$": "$"},
            "ResultSelector": {"body.$": "$.Payload.body"}, "ResultPath": "$.out", "Assign": {"seen.$": "$.body"}, "End": true}"#,
        json!({"q": 1}),
        Some(TaskOutcome::Succeeded(json!({"StatusCode": 200, "Payload": {"body": "hi"}}))),
        0,
    );
    assert_eq!((r.status, r.next_state.as_deref()), ("SUCCEEDED", None));
    assert_eq!(r.output, Some(json!({"q": 1, "out": {"body": "hi"}})));
    assert_eq!(r.inspection_data["result"], json!(r#"{"StatusCode":200,"Payload":{"body":"hi"}}"#));
    assert_eq!(r.inspection_data["afterResultSelector"], json!(r#"{"body":"hi"}"#));
    assert_eq!(r.inspection_data["variables"], json!(r#"{"seen":"hi"}"#));
}

const FLAKY: &str = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"},
  "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "NONE"}],
  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}], "End": true}"#;

fn throttled() -> Option<TaskOutcome> {
    Some(TaskOutcome::Failed {
        error: "Lambda.TooManyRequestsException".into(),
        cause: "Rate exceeded".into(),
    })
}

#[test]
fn retriable_then_caught_when_retries_are_spent() {
    let r = run(FLAKY, json!({}), throttled(), 0);
    assert_eq!(r.status, "RETRIABLE");
    assert_eq!(r.error.as_deref(), Some("Lambda.TooManyRequestsException"));
    assert_eq!(
        r.inspection_data["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 2})
    );
    // the second retry waits IntervalSeconds × BackoffRate
    let r = run(FLAKY, json!({}), throttled(), 1);
    assert_eq!(
        r.inspection_data["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 4})
    );
    let r = run(FLAKY, json!({"k": 1}), throttled(), 3);
    assert_eq!((r.status, r.next_state.as_deref()), ("CAUGHT_ERROR", Some("Handle")));
    assert_eq!(
        r.output,
        Some(
            json!({"k": 1, "error": {"Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"}})
        )
    );
    assert_eq!(r.inspection_data["errorDetails"], json!({"catchIndex": 0}));
}

#[test]
fn choice_fail_and_errors() {
    let r = run(
        r#"{"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Big"}], "Default": "Small"}"#,
        json!({"n": 5}),
        None,
        0,
    );
    assert_eq!((r.status, r.next_state.as_deref()), ("SUCCEEDED", Some("Big")));
    let r = run(r#"{"Type": "Fail", "Error": "E", "Cause": "c"}"#, json!({}), None, 0);
    assert_eq!(
        (r.status, r.error.as_deref(), r.cause.as_deref()),
        ("FAILED", Some("E"), Some("c"))
    );
    let r = run(
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"}, "End": true}"#,
        json!({}),
        None,
        0,
    );
    // StepLab calls no AWS service: a Task needs a mock
    assert_eq!(r.exception.as_ref().map(|e| e.code), Some("ValidationException"));
    let r = run(r#"{"Type": "Pass", "Nxt": "A"}"#, json!({}), None, 0);
    // located as AWS locates it: at the state holding the field
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.pointer.is_empty() && d.message == "Field 'Nxt' is not supported"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn a_state_of_a_whole_machine_with_variables() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Pass", "Next": "B"},
      "B": {"Type": "Pass", "Output": "{% $count + $states.input.n %}", "Assign": {"count": "{% $count + 1 %}"}, "Next": "A"}}}"#;
    let mut variables = Map::new();
    variables.insert("count".into(), json!(10));
    let req = TestStateRequest {
        definition: def.into(),
        state_name: Some("B".into()),
        input: json!({"n": 5}),
        variables,
        inspection_level: InspectionLevel::Debug,
        ..Default::default()
    };
    let r = test_state(&req, StartExecution::new("M", "t", "us-east-1", "123456789012", 0, 9));
    assert_eq!(
        (r.status, r.next_state.as_deref(), r.output.clone()),
        ("SUCCEEDED", Some("A"), Some(json!(15)))
    );
    assert_eq!(r.inspection_data["variables"], json!(r#"{"count":11}"#));
}

/// The TestState cases: every `tests/test_state/*.json` is one request as AWS's API takes it and
/// the response (or error) expected:
/// `{"comment", "source", "request": {…TestStateInput…}, "response": {…TestStateOutput…}}` or
/// `"exception": {"code": …, "message": …}` ("message" optional). `UPDATE_EXPECT=1` writes the
/// responses StepLab gives into the files (then read them before committing).
#[test]
fn cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/test_state");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/test_state")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("case file");
        let mut case: Value = serde_json::from_str(&text).expect("case JSON");
        let start = StartExecution::new("M", "t", "us-east-1", "123456789012", 0, 9);
        let got = match steplab_asl::test_state_json(&case["request"], start) {
            Ok(r) => ("response", r),
            Err(e) => ("exception", json!({"code": e.code, "message": e.message})),
        };
        if update {
            let obj = case.as_object_mut().expect("case object");
            obj.remove("response");
            obj.remove("exception");
            obj.insert(got.0.into(), got.1);
            let text = serde_json::to_string_pretty(&case).expect("JSON") + "\n";
            std::fs::write(path, text).expect("write case");
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match (got.0, case.get(got.0)) {
            ("exception", Some(want)) => {
                let code_ok = want.get("code") == got.1.get("code");
                let message_ok =
                    want.get("message").is_none_or(|m| Some(m) == got.1.get("message"));
                if !code_ok || !message_ok {
                    failures.push(format!("{name}: want {want}\n    got {}", got.1));
                }
            }
            (_, Some(want)) if *want == got.1 => {}
            (kind, want) => failures.push(format!(
                "{name}: want {}\n    got {kind} {}",
                want.map_or_else(|| "(the other kind)".into(), ToString::to_string),
                got.1
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

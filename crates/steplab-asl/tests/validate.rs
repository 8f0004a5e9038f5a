//! Definition problems: each bad definition and the diagnostics it gets (code, pointer, the
//! source text the span covers, message).

use expect_test::{Expect, expect};

fn check(src: &str, expect: Expect) {
    let parsed = steplab_asl::parse(src);
    let mut out = String::new();
    for d in &parsed.diagnostics {
        let text = d.span.clone().and_then(|s| src.get(s)).unwrap_or("");
        let text: String = text.chars().take(40).collect();
        out.push_str(&format!(
            "{:?} {} {} `{}`: {}\n",
            d.severity, d.code, d.pointer, text, d.message
        ));
    }
    out.push_str(if parsed.machine.is_some() { "machine: yes\n" } else { "machine: no\n" });
    expect.assert_eq(&out);
}

#[test]
fn invalid_json_has_line_and_column() {
    check(
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}",
        expect![[r#"
            Error INVALID_JSON_DESCRIPTION  ``: Unexpected end-of-input: expected close marker for OBJECT
             at [Source: (String)"{
              "StartAt": "A",
              "States": {
            }"; line: 4, column: 2]
            machine: no
        "#]],
    );
    check(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true,}}}"#,
        expect![[r#"
            Error INVALID_JSON_DESCRIPTION  `}`: Unexpected character ('}' (code 125)): was expecting double-quote to start field name
             at [Source: (String)"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true,}}}"; line: 1, column: 64]
            machine: no
        "#]],
    );
}

#[test]
fn missing_start_at_and_unknown_targets() {
    check(
        r#"{"States": {"A": {"Type": "Pass", "Next": "B"}}}"#,
        expect![[r#"
            Error SCHEMA_VALIDATION_FAILED  `{"States": {"A": {"Type": "Pass", "Next"`: These fields are required: [StartAt]
            Error MISSING_TRANSITION_TARGET /States/A/Next `"B"`: Missing 'Next' target: B
            machine: no
        "#]],
    );
    check(
        r#"{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}"#,
        expect![[r#"
            Error MISSING_TRANSITION_TARGET /StartAt `"Nope"`: Missing 'StartAt' target: Nope
            machine: no
        "#]],
    );
}

#[test]
fn jsonata_fields_under_jsonpath() {
    // the lab definition without "QueryLanguage": "JSONata" (AWS: SCHEMA_VALIDATION_FAILED)
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/simple_lab.asl.json"
    ))
    .unwrap();
    let src = src.replace(",\n  \"QueryLanguage\": \"JSONata\"", "");
    check(
        &src,
        expect![[r#"
            Error SCHEMA_VALIDATION_FAILED /States/Lambda Invoke/Output `"Output"`: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage
            Error SCHEMA_VALIDATION_FAILED /States/Lambda Invoke/Arguments `"Arguments"`: The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage
            machine: no
        "#]],
    );
}

#[test]
fn structure_problems_all_at_once() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Next": "B", "End": true, "Retry": [{"ErrorEquals": ["States.ALL", "X"]}, {"ErrorEquals": ["Y"]}]},
  "B": {"Type": "Bogus"},
  "C": {"Type": "Pass", "End": true, "Foo": 1},
  "D": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "one", "Next": "C"}]}
}}"#,
        expect![[r#"
            Error SCHEMA_VALIDATION_FAILED /States/A `{"Type": "Task", "Next": "B", "End": tru`: Only one of 'Next' or 'End' can be present
            Error SCHEMA_VALIDATION_FAILED /States/A `{"Type": "Task", "Next": "B", "End": tru`: These fields are required: [Resource]
            Error SCHEMA_VALIDATION_FAILED /States/A/Retry/0/ErrorEquals `["States.ALL", "X"]`: 'States.ALL' must appear alone in 'ErrorEquals'
            Error SCHEMA_VALIDATION_FAILED /States/A/Retry/0/ErrorEquals `["States.ALL", "X"]`: 'States.ALL' must be in the last element of the array
            Error SCHEMA_VALIDATION_FAILED /States/B/Type `"Bogus"`: Value is not one of the allowed values ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] ("Bogus")
            Error SCHEMA_VALIDATION_FAILED /States/C `"Foo"`: Field 'Foo' is not supported
            Error SCHEMA_VALIDATION_FAILED /States/D/Choices/0/NumericEquals `"one"`: 'NumericEquals' has an invalid value "one"
            Error MISSING_TRANSITION_TARGET /States/C `"C"`: State "C" is not reachable.
            Error MISSING_TRANSITION_TARGET /States/D `"D"`: State "D" is not reachable.
            machine: no
        "#]],
    );
}

#[test]
fn never_panics_on_odd_input() {
    for src in [
        "",
        "null",
        "[]",
        "\"x\"",
        "{\"StartAt\": 1, \"States\": []}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":1}}",
        "\u{feff}{}",
        "{\"a\":\"\\ud800\"}",
    ] {
        let p = steplab_asl::parse(src);
        assert!(p.machine.is_none(), "{src}");
        assert!(!p.diagnostics.is_empty(), "{src}");
    }
}

#[test]
fn warnings_do_not_reject() {
    check(
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Result": {"x.$": "$.a"}, "Next": "B"},
  "B": {"Type": "Pass", "Parameters": {"x": "$.a"}, "Next": "C"},
  "C": {"Type": "Fail", "Error": "$.error"}
}}"#,
        expect![[r#"
            Warning PASS_RESULT_IS_STATIC /States/A/Result `"Result"`: The Result of a Pass state is static: paths and intrinsic functions in it are not evaluated (use Parameters)
            Warning NO_DOLLAR /States/B/Parameters/x `"x"`: The value of 'x' looks like a JSONPath or an intrinsic function, but the field name does not end with '.$'
            Warning NO_PATH /States/C/Error `"Error"`: The value of 'Error' looks like a path, but the field name does not end with 'Path' (use 'ErrorPath')
            machine: yes
        "#]],
    );
}

/// Messages recorded against AWS's ValidateStateMachineDefinition (LocalStack
/// `test_sfn_api_validation.snapshot.json`, 2025-10-19).
#[test]
fn recorded_aws_messages() {
    let d = steplab_asl::parse("not a definition").diagnostics;
    assert_eq!(d[0].code, "INVALID_JSON_DESCRIPTION");
    assert_eq!(
        d[0].message,
        "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]"
    );
    let d = steplab_asl::parse("").diagnostics;
    assert_eq!(
        (d[0].code.as_str(), d[0].message.as_str()),
        ("SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object")
    );
    let d = steplab_asl::parse("{}").diagnostics;
    assert_eq!(
        (d[0].code.as_str(), d[0].pointer.as_str(), d[0].message.as_str()),
        ("SCHEMA_VALIDATION_FAILED", "", "These fields are required: [States, StartAt]")
    );
    let d = steplab_asl::parse(r#"{"QueryLanguage": "JSONata", "StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"#).diagnostics;
    assert_eq!(
        (d[0].pointer.as_str(), d[0].message.as_str()),
        (
            "/States/Pass",
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
        )
    );
}

#[test]
fn express_machines_cannot_wait_for_callbacks() {
    let src =
        r#"{"StartAt": "SendMessageWithWait", "States": {"SendMessageWithWait": {"Type": "Task",
      "Resource": "arn:aws:sqs:us-east-1:123456789012:q", "End": true}}}"#
            .replace(
                "arn:aws:sqs:us-east-1:123456789012:q",
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            );
    assert!(steplab_asl::parse(&src).machine.is_some());
    let p = steplab_asl::parse_with(&src, steplab_asl::ParseOptions { express: true });
    assert!(p.machine.is_none());
    let d = &p.diagnostics[0];
    // recorded against AWS (LocalStack test_sfn_api_validation, ILLEGAL_WFTT, 2025-10-19)
    assert_eq!(
        (d.code.as_str(), d.pointer.as_str(), d.message.as_str()),
        (
            "SCHEMA_VALIDATION_FAILED",
            "/States/SendMessageWithWait/Resource",
            "Express state machine does not support '.waitForTaskToken' service integration "
        )
    );
}

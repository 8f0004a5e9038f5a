//! The service cases: each file under `tests/cases/` is a list of calls made one after another on
//! the same services, each with the output or the error AWS gives.
//!
//! ```json
//! {"comment": "what the case shows",
//!  "steps": [
//!    {"service": "dynamodb", "operation": "GetItem", "input": {…}, "at": 1700000000000,
//!     "output": {…}},
//!    {"service": "dynamodb", "operation": "PutItem", "input": {…},
//!     "error": {"code": "ConditionalCheckFailedException", "message": "The conditional request failed"}},
//!    {"service": "sns", "operation": "Publish", "input": {…}, "effects": [{…}]}
//!  ]}
//! ```
//! `at` (milliseconds since the epoch) is the call's time, 1,700,000,000,000 when left out. A step
//! without `output` or `error` checks only that the call succeeds. `effects`, when given, must be
//! the call's effects exactly (see `effect_json`).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use steplab_services::{Context, Effect, Services};

const DEFAULT_AT: i64 = 1_700_000_000_000;

fn case_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            case_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "json") {
            found.push(path);
        }
    }
}

fn effect_json(effect: &Effect) -> Value {
    match effect {
        Effect::InvokeFunction { function_arn, payload } => {
            json!({"invokeFunction": {"functionArn": function_arn, "payload": payload}})
        }
        Effect::StartExecution { state_machine_arn, input } => {
            json!({"startExecution": {"stateMachineArn": state_machine_arn, "input": input}})
        }
    }
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let steps = case["steps"].as_array().ok_or("no \"steps\" list")?;
    let mut services = Services::default();
    for (i, step) in steps.iter().enumerate() {
        let service = step["service"].as_str().ok_or(format!("step {i}: no service"))?;
        let operation = step["operation"].as_str().ok_or(format!("step {i}: no operation"))?;
        let context = Context::at(step["at"].as_i64().unwrap_or(DEFAULT_AT));
        let before = services.clone();
        let result = services.call(service, operation, &step["input"], &context);
        let what = format!("step {i} ({service} {operation})");
        match (result, step.get("error")) {
            (Ok(response), None) => {
                if let Some(expected) = step.get("output")
                    && &response.output != expected
                {
                    return Err(format!(
                        "{what}: output\n  expected {expected}\n  got      {}",
                        response.output
                    ));
                }
                if let Some(expected) = step.get("effects") {
                    let got: Vec<Value> = response.effects.iter().map(effect_json).collect();
                    if &Value::Array(got.clone()) != expected {
                        return Err(format!(
                            "{what}: effects\n  expected {expected}\n  got      {}",
                            Value::Array(got)
                        ));
                    }
                }
            }
            (Ok(response), Some(expected)) => {
                return Err(format!(
                    "{what}: expected the error {expected}, got the output {}",
                    response.output
                ));
            }
            (Err(error), None) => return Err(format!("{what}: unexpected error {error}")),
            (Err(error), Some(expected)) => {
                let got = json!({"code": error.code, "message": error.message});
                let expected_code = &expected["code"];
                if &got["code"] != expected_code
                    || expected.get("message").is_some_and(|m| m != &got["message"])
                {
                    return Err(format!("{what}: error\n  expected {expected}\n  got      {got}"));
                }
                // a failed call changes nothing (the ids drawn aside)
                let mut after = services.clone();
                after.ids = before.ids.clone();
                if after != before {
                    return Err(format!("{what}: the failed call changed the services"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files = Vec::new();
    case_files(&dir, &mut files);
    assert!(!files.is_empty(), "no case files under {}", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| run_case(path).err().map(|e| format!("{}: {e}", path.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    eprintln!("{} service cases passed", files.len());
}

#[test]
fn has_resources_once_one_is_created() {
    let mut services = Services::default();
    assert!(!services.has_resources());
    let context = Context::at(DEFAULT_AT);
    services.call("sqs", "CreateQueue", &json!({"QueueName": "q"}), &context).expect("created");
    assert!(services.has_resources());
    let url = "https://sqs.us-east-1.amazonaws.com/123456789012/q";
    services.call("sqs", "DeleteQueue", &json!({"QueueUrl": url}), &context).expect("deleted");
    assert!(!services.has_resources());
}

//! TestState's checks of a request against the tested state: which states take a mock, context
//! and state configuration, and a mocked result against the integration's response shape
//! (`fieldValidationMode`).
//!
//! AWS documents the rules (API reference, `TestState`, `MockInput`, `TestStateConfiguration`)
//! but not the messages of the `ValidationException`s they raise: the messages here are StepLab's.

use serde_json::Value;

use super::{FieldValidationMode, TestStateException, TestStateRequest};
use crate::exec::TaskOutcome;

fn invalid(message: impl Into<String>) -> TestStateException {
    TestStateException::validation(message)
}

/// Whether a Task's resource is one AWS's TestState runs only with a mock: an Activity, or the
/// `.sync` and `.waitForTaskToken` integration patterns (API reference, `TestState`: "TestState
/// only supports the following when a mock is specified: Activity tasks, .sync or
/// .waitForTaskToken service integration patterns, Parallel, or Map states").
fn needs_mock(resource: &str) -> bool {
    resource.contains(":activity:")
        || resource.ends_with(".sync")
        || resource.contains(".sync:")
        || resource.ends_with(".waitForTaskToken")
}

/// The request's problems with the state `state` (its JSON) of type `kind`.
pub(super) fn check(
    request: &TestStateRequest,
    kind: &str,
    state: &Value,
) -> Result<(), TestStateException> {
    let mocked = request.mock.is_some();
    let config = &request.state_configuration;
    // API reference, TestStateInput.context: "This field may only be specified if a mock is
    // specified in the same request."
    if request.context.is_some() && !mocked {
        return Err(invalid("A context may only be specified with a mock."));
    }
    match kind {
        "Task" => {
            let resource = state.get("Resource").and_then(Value::as_str).unwrap_or("");
            if !mocked && needs_mock(resource) {
                return Err(invalid(format!(
                    "A Task state with the resource '{resource}' can only be tested with a mock."
                )));
            }
            if !mocked {
                // StepLab's own limit, not AWS's: AWS would call the service with the request's
                // roleArn
                return Err(invalid(
                    "StepLab does not call AWS: give the Task's result as mock.result, or its error as mock.errorOutput.",
                ));
            }
        }
        "Map" | "Parallel" => {
            if !mocked {
                return Err(invalid(format!("A {kind} state can only be tested with a mock.")));
            }
        }
        _ => {
            if mocked {
                return Err(invalid(format!(
                    "A mock can only be specified for a Task, Map or Parallel state, not for a {kind} state."
                )));
            }
        }
    }
    if config.map_iteration_failure_count.is_some() && kind != "Map" {
        return Err(invalid("mapIterationFailureCount can only be specified for a Map state."));
    }
    if config.map_item_reader_data.is_some() && state.get("ItemReader").is_none() {
        return Err(invalid(
            "mapItemReaderData can only be specified for a Map state with an ItemReader.",
        ));
    }
    if let Some(name) = &config.error_caused_by_state {
        if !matches!(kind, "Map" | "Parallel") {
            return Err(invalid(
                "errorCausedByState can only be specified for a Map or Parallel state.",
            ));
        }
        if !matches!(request.mock, Some(TaskOutcome::Failed { .. })) {
            return Err(invalid(
                "errorCausedByState can only be specified with a mocked errorOutput.",
            ));
        }
        if !super::holds_state(state, name) {
            return Err(invalid(format!(
                "errorCausedByState: the state '{name}' is not a state of the {kind} state."
            )));
        }
    }
    if let Some(TaskOutcome::Succeeded(result)) = &request.mock {
        match kind {
            // one result per branch, in the definition's order, and the Map's result array
            // (AWS's Step Functions skill for agents, validation-and-testing.md: "Mock = JSON array,
            // one element per branch"; a Map's mock is its output array)
            "Parallel" => {
                let branches = state.get("Branches").and_then(Value::as_array).map_or(0, Vec::len);
                if result.as_array().is_none_or(|a| a.len() != branches) {
                    return Err(invalid(format!(
                        "The mocked result of a Parallel state must be an array of {branches} results, one per branch."
                    )));
                }
            }
            "Map" => {
                if !result.is_array() {
                    return Err(invalid("The mocked result of a Map state must be an array."));
                }
            }
            _ => {
                let resource = state.get("Resource").and_then(Value::as_str).unwrap_or("");
                check_shape(resource, result, request.field_validation_mode)?;
            }
        }
    }
    Ok(())
}

/// A mocked Task result against the response shape of the integration, where StepLab knows it:
/// Lambda's `Invoke` (`arn:aws:states:::lambda:invoke`: `StatusCode` an integer, `FunctionError`,
/// `LogResult` and `ExecutedVersion` strings, `Payload` any JSON; the Lambda API model marks
/// none of them required, so STRICT and PRESENT check the same). Other integrations' results are
/// not checked: StepLab does not hold their API models.
fn check_shape(
    resource: &str,
    result: &Value,
    mode: FieldValidationMode,
) -> Result<(), TestStateException> {
    if mode == FieldValidationMode::None || !resource.starts_with("arn:aws:states:::lambda:invoke")
    {
        return Ok(());
    }
    let Some(fields) = result.as_object() else {
        return Err(invalid(
            "The mocked result of lambda:invoke must be an object (Lambda's Invoke response).",
        ));
    };
    for (name, value) in fields {
        let ok = match name.as_str() {
            "StatusCode" => value.is_i64() || value.is_u64(),
            "FunctionError" | "LogResult" | "ExecutedVersion" => value.is_string(),
            "Payload" => true,
            _ => {
                return Err(invalid(format!(
                    "The mocked result has the field '{name}', which Lambda's Invoke response does not have."
                )));
            }
        };
        if !ok {
            return Err(invalid(format!(
                "The mocked result's field '{name}' does not match Lambda's Invoke response."
            )));
        }
    }
    Ok(())
}

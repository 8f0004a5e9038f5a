//! TestState's request and response as AWS's JSON (`TestStateInput`, `TestStateOutput`: the
//! Step Functions API model, botocore/aws-sdk `states-2016-11-23`).
//!
//! AWS's members that carry JSON carry it as text (`definition`, `input`, `variables`,
//! `context`, `mock.result`, `stateConfiguration.mapItemReaderData`, and in the response
//! `output` and the `inspectionData` stages). StepLab also takes the JSON itself where AWS takes
//! text: a string is always read as JSON text.

use serde_json::{Map, Value, json};

use super::{
    FieldValidationMode, InspectionLevel, StateConfiguration, TestStateException, TestStateRequest,
    TestStateResult, test_state,
};
use crate::exec::{StartExecution, TaskOutcome};

const FIELDS: &[&str] = &[
    "definition",
    "roleArn",
    "input",
    "inspectionLevel",
    "revealSecrets",
    "variables",
    "stateName",
    "mock",
    "context",
    "stateConfiguration",
];

fn invalid(message: impl Into<String>) -> TestStateException {
    TestStateException::validation(message)
}

/// AWS's wording of a member that fails its model's constraint (the JSON protocol's
/// `ValidationException`: "1 validation error detected: Value … at '…' failed to satisfy
/// constraint: …").
fn constraint(value: &Value, at: &str, rule: &str) -> TestStateException {
    let shown = match value {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    invalid(format!(
        "1 validation error detected: Value '{shown}' at '{at}' failed to satisfy constraint: {rule}"
    ))
}

/// A member that holds JSON: JSON text (AWS), or the JSON itself (StepLab).
fn json_member(value: &Value, at: &str, code: &'static str) -> Result<Value, TestStateException> {
    match value {
        Value::String(text) => serde_json::from_str(text).map_err(|e| TestStateException {
            code,
            message: format!("{at}: not valid JSON: {e}"),
        }),
        v => Ok(v.clone()),
    }
}

fn count(value: &Value, at: &str) -> Result<u64, TestStateException> {
    value
        .as_u64()
        .filter(|n| i32::try_from(*n).is_ok())
        .ok_or_else(|| constraint(value, at, "Member must have value greater than or equal to 0"))
}

fn string<'a>(value: &'a Value, at: &str) -> Result<&'a str, TestStateException> {
    value.as_str().ok_or_else(|| invalid(format!("{at}: expected a string")))
}

impl TestStateRequest {
    /// Reads AWS's `TestStateInput` JSON. `ValidationException` for a member that is not AWS's
    /// (or of the wrong type), `InvalidExecutionInput` for input that is not JSON.
    pub fn from_json(value: &Value) -> Result<TestStateRequest, TestStateException> {
        let Some(fields) = value.as_object() else {
            return Err(invalid("The request must be a JSON object."));
        };
        if let Some(k) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(invalid(format!("Unknown member '{k}' in the TestState request.")));
        }
        let definition = match fields.get("definition") {
            Some(Value::String(text)) => text.clone(),
            Some(v @ Value::Object(_)) => serde_json::to_string_pretty(v).unwrap_or_default(),
            Some(v) => return Err(invalid(format!("definition: expected JSON text, not {v}"))),
            None => {
                return Err(invalid(
                    "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
                ));
            }
        };
        let mut request = TestStateRequest { definition, ..TestStateRequest::default() };
        if let Some(v) = fields.get("input") {
            // the input AWS's StartExecution refuses as InvalidExecutionInput (the API model lists
            // it among TestState's errors)
            request.input = json_member(v, "input", "InvalidExecutionInput")?;
        }
        if let Some(v) = fields.get("inspectionLevel") {
            request.inspection_level =
                v.as_str().and_then(InspectionLevel::from_name).ok_or_else(|| {
                    constraint(
                        v,
                        "inspectionLevel",
                        "Member must satisfy enum value set: [INFO, DEBUG, TRACE]",
                    )
                })?;
        }
        if let Some(v) = fields.get("revealSecrets") {
            request.reveal_secrets =
                v.as_bool().ok_or_else(|| invalid("revealSecrets: expected true or false"))?;
        }
        if let Some(v) = fields.get("roleArn") {
            // the role AWS would assume; StepLab calls nothing with it
            string(v, "roleArn")?;
        }
        if let Some(v) = fields.get("variables") {
            match json_member(v, "variables", "ValidationException")? {
                Value::Object(m) => request.variables = m,
                _ => return Err(invalid("variables: expected a JSON object of variables")),
            }
        }
        if let Some(v) = fields.get("stateName") {
            let name = string(v, "stateName")?;
            if name.is_empty() || name.chars().count() > 80 {
                return Err(constraint(v, "stateName", "Member must have length between 1 and 80"));
            }
            request.state_name = Some(name.to_owned());
        }
        if let Some(v) = fields.get("context") {
            match json_member(v, "context", "ValidationException")? {
                c @ Value::Object(_) => request.context = Some(c),
                _ => return Err(invalid("context: expected a JSON object (a Context object)")),
            }
        }
        if let Some(v) = fields.get("mock") {
            read_mock(v, &mut request)?;
        }
        if let Some(v) = fields.get("stateConfiguration") {
            request.state_configuration = read_configuration(v)?;
        }
        Ok(request)
    }
}

fn read_mock(v: &Value, request: &mut TestStateRequest) -> Result<(), TestStateException> {
    let Some(m) = v.as_object() else { return Err(invalid("mock: expected an object")) };
    if let Some(k) =
        m.keys().find(|k| !["result", "errorOutput", "fieldValidationMode"].contains(&k.as_str()))
    {
        return Err(invalid(format!("Unknown member '{k}' in mock.")));
    }
    if let Some(mode) = m.get("fieldValidationMode") {
        request.field_validation_mode =
            mode.as_str().and_then(FieldValidationMode::from_name).ok_or_else(|| {
                constraint(
                    mode,
                    "mock.fieldValidationMode",
                    "Member must satisfy enum value set: [STRICT, PRESENT, NONE]",
                )
            })?;
    }
    request.mock = match (m.get("result"), m.get("errorOutput")) {
        (Some(_), Some(_)) => {
            // MockInput holds "a mocked result or errorOutput" (API reference)
            return Err(invalid("A mock has either a result or an errorOutput, not both."));
        }
        (Some(r), None) => {
            Some(TaskOutcome::Succeeded(json_member(r, "mock.result", "ValidationException")?))
        }
        (None, Some(e)) => {
            let Some(e) = e.as_object() else {
                return Err(invalid("mock.errorOutput: expected an object with error and cause"));
            };
            let text = |k: &str| -> Result<String, TestStateException> {
                match e.get(k) {
                    None => Ok(String::new()),
                    Some(v) => string(v, &format!("mock.errorOutput.{k}")).map(str::to_owned),
                }
            };
            Some(TaskOutcome::Failed { error: text("error")?, cause: text("cause")? })
        }
        (None, None) => return Err(invalid("A mock needs a result or an errorOutput.")),
    };
    Ok(())
}

fn read_configuration(v: &Value) -> Result<StateConfiguration, TestStateException> {
    let Some(m) = v.as_object() else {
        return Err(invalid("stateConfiguration: expected an object"));
    };
    let mut c = StateConfiguration::default();
    for (k, v) in m {
        match k.as_str() {
            "retrierRetryCount" => {
                c.retrier_retry_count = count(v, "stateConfiguration.retrierRetryCount")?;
            }
            "mapIterationFailureCount" => {
                c.map_iteration_failure_count =
                    Some(count(v, "stateConfiguration.mapIterationFailureCount")?);
            }
            "errorCausedByState" => {
                let name = string(v, "stateConfiguration.errorCausedByState")?;
                if name.is_empty() || name.chars().count() > 80 {
                    return Err(constraint(
                        v,
                        "stateConfiguration.errorCausedByState",
                        "Member must have length between 1 and 80",
                    ));
                }
                c.error_caused_by_state = Some(name.to_owned());
            }
            "mapItemReaderData" => {
                c.map_item_reader_data = Some(match v {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                });
            }
            _ => return Err(invalid(format!("Unknown member '{k}' in stateConfiguration."))),
        }
    }
    Ok(c)
}

impl TestStateResult {
    /// AWS's `TestStateOutput` JSON: `status`, and as they apply `output` (JSON text), `error`,
    /// `cause`, `nextState`, `inspectionData`.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(o) = &self.output {
            out.insert("output".into(), Value::String(o.to_string()));
        }
        if let Some(e) = &self.error {
            out.insert("error".into(), json!(e));
        }
        if let Some(c) = &self.cause {
            out.insert("cause".into(), json!(c));
        }
        if !self.inspection_data.is_empty() {
            out.insert("inspectionData".into(), Value::Object(self.inspection_data.clone()));
        }
        if let Some(n) = &self.next_state {
            out.insert("nextState".into(), json!(n));
        }
        out.insert("status".into(), json!(self.status));
        Value::Object(out)
    }
}

/// TestState on AWS's request JSON: AWS's response JSON, or the error AWS answers with
/// (`InvalidDefinition` for a definition with problems, with AWS's CreateStateMachine wording;
/// whether TestState words it the same is not confirmed).
pub fn test_state_json(
    request: &Value,
    start: StartExecution,
) -> Result<Value, TestStateException> {
    let request = TestStateRequest::from_json(request)?;
    let result = test_state(&request, start);
    if let Some(e) = result.exception {
        return Err(e);
    }
    if !result.diagnostics.is_empty() {
        let listed: Vec<String> = result
            .diagnostics
            .iter()
            .map(|d| {
                if d.pointer.is_empty() {
                    format!("{}: {}", d.code, d.message)
                } else {
                    format!("{}: {} at {}", d.code, d.message, d.pointer)
                }
            })
            .collect();
        return Err(TestStateException {
            code: "InvalidDefinition",
            message: format!("Invalid State Machine Definition: '{}'", listed.join(", ")),
        });
    }
    Ok(result.to_json())
}

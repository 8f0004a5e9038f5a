//! What the Test state tab's fields hold, made into a TestState request (StepLab's engine,
//! [`steplab_asl::test_state`]): input, inspection level, mocked result or error with its
//! validation mode, context, variables and the state configuration. Plain Rust, tested natively.

use serde_json::{Map, Value, json};
use steplab_asl::{
    FieldValidationMode, InspectionLevel, StartExecution, StateConfiguration, TaskOutcome,
    TestStateRequest, TestStateResult,
};
use steplab_runner::{Ids, Partition};

use crate::studio::edit::{self, StateRef};

/// The mocked result a state starts with in the Test state tab: a Task's integration's default
/// response, a Map's empty result, a Parallel's `{}` per branch; `None` for states without a mock.
pub fn default_mock(state: &Value, partition: &Partition) -> Option<Value> {
    match state.get("Type").and_then(Value::as_str) {
        Some("Map") => return Some(json!([])),
        Some("Parallel") => {
            let n = state.get("Branches").and_then(Value::as_array).map_or(0, Vec::len);
            return Some(Value::Array(vec![json!({}); n]));
        }
        Some("Task") => {}
        _ => return None,
    }
    let resource = state.get("Resource").and_then(Value::as_str).unwrap_or_default();
    if resource.starts_with("arn:aws:states:::lambda:invoke") {
        // the lambda:invoke result envelope, with an empty payload
        return Some(json!({"ExecutedVersion": "$LATEST", "Payload": {}, "StatusCode": 200}));
    }
    if resource.contains(":function:") {
        return Some(json!({}));
    }
    let args =
        state.get("Arguments").or_else(|| state.get("Parameters")).cloned().unwrap_or(Value::Null);
    Some(
        steplab_runner::service::default_response(resource, &args, partition, 0, &mut Ids::new(1))
            .unwrap_or_else(|| json!({})),
    )
}

/// `{"Throw": {"Error": …, "Cause": …}}` is a failure; anything else is the result.
pub fn mock_outcome(mock: Value) -> TaskOutcome {
    match mock.get("Throw") {
        Some(t) if mock.as_object().is_some_and(|m| m.len() == 1) => {
            let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            TaskOutcome::Failed { error: s("Error"), cause: s("Cause") }
        }
        _ => TaskOutcome::Succeeded(mock),
    }
}

/// The mock's fields: a result (JSON text) or an error and cause.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MockForm {
    /// The error and cause are the mock, not the result.
    pub is_error: bool,
    pub result: String,
    pub error: String,
    pub cause: String,
    pub validation: FieldValidationMode,
}

/// The tab's fields, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub input: String,
    pub level: InspectionLevel,
    /// `None` for a state that takes no mock.
    pub mock: Option<MockForm>,
    /// A Context object's JSON text (may be empty).
    pub context: String,
    /// A JSON object's text (may be empty).
    pub variables: String,
    pub retry_count: String,
    pub error_caused_by: String,
    pub map_failures: String,
    pub reader_data: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            input: "{}".into(),
            // the console shows the stages: DEBUG unless the person picks another level
            level: InspectionLevel::Debug,
            mock: None,
            context: String::new(),
            variables: String::new(),
            retry_count: String::new(),
            error_caused_by: String::new(),
            map_failures: String::new(),
            reader_data: String::new(),
        }
    }
}

impl Form {
    /// A new form for `state`: its default mock.
    pub fn for_state(state: &Value, partition: &Partition) -> Form {
        let mock = default_mock(state, partition).map(|m| MockForm {
            result: serde_json::to_string_pretty(&m).unwrap_or_default(),
            ..MockForm::default()
        });
        Form { mock, ..Form::default() }
    }
}

fn located(what: &str, e: &serde_json::Error) -> String {
    format!("The {what} is not valid JSON: {e} (line {}, column {})", e.line(), e.column())
}

fn count(text: &str, what: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>()
        .map(Some)
        .map_err(|_| format!("The {what} must be a whole number of 0 or more"))
}

/// The request the fields of `form` make for the state `at` of `definition`.
pub fn request(definition: &Value, at: &StateRef, form: &Form) -> Result<TestStateRequest, String> {
    let input: Value = serde_json::from_str(&form.input).map_err(|e| located("input", &e))?;
    let mock = match &form.mock {
        None => None,
        Some(m) if m.is_error => {
            Some(TaskOutcome::Failed { error: m.error.clone(), cause: m.cause.clone() })
        }
        Some(m) if m.result.trim().is_empty() => None,
        Some(m) => Some(mock_outcome(
            serde_json::from_str(&m.result).map_err(|e| located("mocked result", &e))?,
        )),
    };
    let variables: Map<String, Value> = if form.variables.trim().is_empty() {
        Map::new()
    } else {
        match serde_json::from_str::<Value>(&form.variables)
            .map_err(|e| located("variables", &e))?
        {
            Value::Object(m) => m,
            _ => return Err("The variables must be a JSON object".into()),
        }
    };
    let context = if form.context.trim().is_empty() {
        None
    } else {
        match serde_json::from_str::<Value>(&form.context).map_err(|e| located("context", &e))? {
            c @ Value::Object(_) => Some(c),
            _ => return Err("The context must be a JSON object (a Context object)".into()),
        }
    };
    let mut state = edit::state(definition, at)
        .cloned()
        .ok_or_else(|| format!("No state named {}", at.name))?;
    // a state tested on its own keeps the machine's query language
    if let (Some(ql), Some(obj)) = (definition.get("QueryLanguage"), state.as_object_mut())
        && !obj.contains_key("QueryLanguage")
    {
        obj.insert("QueryLanguage".into(), ql.clone());
    }
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(TestStateRequest {
        definition: state.to_string(),
        state_name: Some(at.name.clone()),
        input,
        variables,
        field_validation_mode: form.mock.as_ref().map(|m| m.validation).unwrap_or_default(),
        mock,
        context,
        inspection_level: form.level,
        state_configuration: StateConfiguration {
            retrier_retry_count: count(&form.retry_count, "retrier retry count")?.unwrap_or(0),
            error_caused_by_state: text(&form.error_caused_by),
            map_iteration_failure_count: count(&form.map_failures, "Map iteration failure count")?,
            map_item_reader_data: Some(form.reader_data.clone()).filter(|d| !d.trim().is_empty()),
        },
        reveal_secrets: false,
    })
}

/// Runs the state `at` of `definition` with the fields of `form`.
pub fn run(
    definition: &Value,
    at: &StateRef,
    form: &Form,
    start: StartExecution,
) -> Result<TestStateResult, String> {
    let request = request(definition, at, form)?;
    let result = steplab_asl::test_state(&request, start);
    match &result.exception {
        Some(e) => Err(e.to_string()),
        None => Ok(result),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studio::edit::Scope;

    fn start() -> StartExecution {
        StartExecution::new("TestState", "t", "ca-central-1", "123456789012", 0, 1)
    }

    fn form(input: &str, result: Option<&str>) -> Form {
        Form {
            input: input.into(),
            mock: result.map(|r| MockForm { result: r.into(), ..MockForm::default() }),
            ..Form::default()
        }
    }

    #[test]
    fn a_nested_jsonata_task_with_a_mocked_failure_is_caught() {
        let def = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                "Arguments": {"TableName": "T", "Item": "{% $states.input %}"},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "Next": "Done"},
             "Done": {"Type": "Succeed"}}}]}}});
        let at = StateRef::new(Scope::top().child("P", 0), "Put");
        let mock = default_mock(edit::state(&def, &at).unwrap(), &Partition::default()).unwrap();
        assert_eq!(mock["SdkHttpMetadata"]["HttpStatusCode"], 200);
        let ok = run(&def, &at, &form(r#"{"id": 1}"#, Some(&mock.to_string())), start()).unwrap();
        assert_eq!(ok.status, "SUCCEEDED");
        assert_eq!(ok.next_state.as_deref(), Some("Done"));
        let throw =
            r#"{"Throw": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "no"}}"#;
        let failed = run(&def, &at, &form("{}", Some(throw)), start()).unwrap();
        assert_eq!(failed.status, "CAUGHT_ERROR");
        assert_eq!(failed.error.as_deref(), Some("DynamoDB.ConditionalCheckFailedException"));
        // the stages are the tested state's, not those of the state the catcher leads to
        assert_eq!(failed.inspection_data.get("input"), Some(&json!("{}")));
        // the error fields make the same mock
        let mut by_fields = form("{}", Some(""));
        if let Some(m) = &mut by_fields.mock {
            m.is_error = true;
            m.error = "DynamoDB.ConditionalCheckFailedException".into();
            m.cause = "no".into();
        }
        assert_eq!(run(&def, &at, &by_fields, start()).unwrap(), failed);
        let bad = run(&def, &at, &form("{", None), start()).unwrap_err();
        assert!(bad.starts_with("The input is not valid JSON"), "{bad}");
    }

    #[test]
    fn a_pass_state_shows_its_stages_by_level() {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "ResultPath": "$.r", "Next": "Q"}, "Q": {"Type": "Succeed"}}});
        let at = StateRef::new(Scope::top(), "P");
        assert_eq!(default_mock(edit::state(&def, &at).unwrap(), &Partition::default()), None);
        let r = run(&def, &at, &form(r#"{"x": 5}"#, None), start()).unwrap();
        assert_eq!(r.status, "SUCCEEDED");
        assert_eq!(r.output, Some(json!({"x": 5, "r": {"v": 5}})));
        assert_eq!(r.next_state.as_deref(), Some("Q"));
        assert!(r.inspection_data.contains_key("afterParameters"), "{:?}", r.inspection_data);
        let info = Form { level: InspectionLevel::Info, ..form(r#"{"x": 5}"#, None) };
        assert!(run(&def, &at, &info, start()).unwrap().inspection_data.is_empty());
        // a context without a mock: AWS's ValidationException
        let context =
            Form { context: r#"{"Execution": {"Name": "n"}}"#.into(), ..form("{}", None) };
        let refused = run(&def, &at, &context, start()).unwrap_err();
        assert!(refused.starts_with("ValidationException: "), "{refused}");
    }

    #[test]
    fn a_map_takes_its_result_and_iteration_failures() {
        let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Pass", "End": true}}},
            "End": true}}});
        let at = StateRef::new(Scope::top(), "M");
        let mut f = Form::for_state(edit::state(&def, &at).unwrap(), &Partition::default());
        assert_eq!(f.mock.as_ref().map(|m| m.result.as_str()), Some("[]"));
        f.input = r#"{"items": [1, 2]}"#.into();
        if let Some(m) = &mut f.mock {
            m.result = "[3, 4]".into();
        }
        let ok = run(&def, &at, &f, start()).unwrap();
        assert_eq!((ok.status, ok.output), ("SUCCEEDED", Some(json!([3, 4]))));
        assert_eq!(ok.inspection_data.get("toleratedFailureCount"), Some(&json!(1)));
        f.map_failures = "2".into();
        let over = run(&def, &at, &f, start()).unwrap();
        assert_eq!(over.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
        f.map_failures = "two".into();
        assert!(run(&def, &at, &f, start()).unwrap_err().contains("whole number"));
    }
}

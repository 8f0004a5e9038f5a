//! "Test state" in the Inspector: the selected state run on its own with an input, as the TestState
//! API does (StepLab's engine, [`steplab_asl::test_state`]): its status, output or error and cause,
//! next state and the `inspectionData` stages. A Task gets a mocked result instead of a call: the
//! integration's default response, or what the person types (`{"Throw": {"Error", "Cause"}}` for a
//! failure).

use serde_json::{Map, Value, json};
use steplab_asl::{StartExecution, TaskOutcome, TestStateRequest, TestStateResult};
use steplab_runner::{Ids, Partition};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;

use crate::studio::edit::{self, StateRef};

/// The mocked result a Task state starts with in the Test state tab (`None` for other states).
pub fn default_mock(state: &Value, partition: &Partition) -> Option<Value> {
    if state.get("Type").and_then(Value::as_str) != Some("Task") {
        return None;
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

/// Runs the state `at` of `definition` with `input` (JSON text), `mock` (JSON text, for a Task)
/// and `variables` (a JSON object's text, may be empty).
pub fn run(
    definition: &Value,
    at: &StateRef,
    input: &str,
    mock: Option<&str>,
    variables: &str,
    start: StartExecution,
) -> Result<TestStateResult, String> {
    let located = |what: &str, e: serde_json::Error| {
        format!("The {what} is not valid JSON: {e} (line {}, column {})", e.line(), e.column())
    };
    let input: Value = serde_json::from_str(input).map_err(|e| located("input", e))?;
    let mock = mock
        .filter(|m| !m.trim().is_empty())
        .map(|m| serde_json::from_str::<Value>(m).map_err(|e| located("mocked result", e)))
        .transpose()?
        .map(mock_outcome);
    let variables: Map<String, Value> = if variables.trim().is_empty() {
        Map::new()
    } else {
        match serde_json::from_str::<Value>(variables).map_err(|e| located("variables", e))? {
            Value::Object(m) => m,
            _ => return Err("The variables must be a JSON object".into()),
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
    let request = TestStateRequest {
        definition: state.to_string(),
        state_name: Some(at.name.clone()),
        input,
        variables,
        mock,
        inspection_level: steplab_asl::InspectionLevel::Debug,
        ..TestStateRequest::default()
    };
    Ok(steplab_asl::test_state(&request, start))
}

#[derive(Properties, PartialEq)]
pub struct TestStateProps {
    pub definition: Value,
    pub at: StateRef,
    pub partition: Partition,
}

/// The Inspector's Test state tab.
#[component]
pub fn TestStateTab(props: &TestStateProps) -> Html {
    let state = edit::state(&props.definition, &props.at).cloned().unwrap_or(Value::Null);
    let mock_default = default_mock(&state, &props.partition);
    let input = use_state(|| "{}".to_owned());
    let variables = use_state(String::new);
    let mock = {
        let initial =
            mock_default.as_ref().map(|m| serde_json::to_string_pretty(m).unwrap_or_default());
        use_state(move || initial)
    };
    let result = use_state(|| None::<Result<TestStateResult, String>>);
    {
        // another state: start again
        let (result, mock, initial) = (result.clone(), mock.clone(), mock_default.clone());
        use_effect_with(props.at.clone(), move |_| {
            result.set(None);
            mock.set(initial.map(|m| serde_json::to_string_pretty(&m).unwrap_or_default()));
        });
    }
    let text_of = |h: UseStateHandle<String>| Callback::from(move |text: String| h.set(text));
    let on_mock = {
        let mock = mock.clone();
        Callback::from(move |text: String| mock.set(Some(text)))
    };
    let on_run = {
        let (definition, at, input, mock, variables, result) = (
            props.definition.clone(),
            props.at.clone(),
            input.clone(),
            mock.clone(),
            variables.clone(),
            result.clone(),
        );
        let partition = props.partition.clone();
        Callback::from(move |_: MouseEvent| {
            let start = StartExecution::new(
                "TestState",
                &crate::driver::random_uuid(),
                &partition.region,
                &partition.account,
                crate::driver::now_millis(),
                1,
            );
            result.set(Some(run(&definition, &at, &input, mock.as_deref(), &variables, start)));
        })
    };
    let shown = |v: &Value| match v {
        // inspectionData holds JSON text
        Value::String(s) => crate::execution::state_panel::pretty(s),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    html! {
        <div role="tabpanel" class="test-state" id="test-state">
            <p class="hint">{ "Runs this state on its own with the input below, as the TestState API does (no AWS call: a Task gets the mocked result)." }</p>
            <label for="test-state-input">{ "Input" }</label>
            <CodeEditor id={Some(AttrValue::from("test-state-input"))} label="Input" rows={5} value={(*input).clone()} on_change={text_of(input.clone())} />
            if let Some(m) = &*mock {
                <label for="test-state-mock">{ "Mocked result" }</label>
                <CodeEditor id={Some(AttrValue::from("test-state-mock"))} label="Mocked result" rows={5} value={m.clone()} on_change={on_mock} />
                <p class="hint">{ "The task's result, or {\"Throw\": {\"Error\": \"…\", \"Cause\": \"…\"}} for a failure." }</p>
            }
            <label for="test-state-variables">{ "Variables - optional" }</label>
            <CodeEditor id={Some(AttrValue::from("test-state-variables"))} label="Variables - optional" rows={2} value={(*variables).clone()} on_change={text_of(variables.clone())} />
            <button class="button primary" id="test-state-run" onclick={on_run}>{ "Start test" }</button>
            { match &*result {
                None => html! {},
                Some(Err(e)) => html! { <p class="field-error" role="alert" id="test-state-problem">{ e }</p> },
                Some(Ok(r)) => html! {
                    <div id="test-state-result" data-status={r.status}>
                        <dl class="details">
                            <dt>{ "Status" }</dt><dd id="test-state-status">{ r.status }</dd>
                            if let Some(n) = &r.next_state { <dt>{ "Next state" }</dt><dd id="test-state-next">{ n }</dd> }
                            if let Some(e) = &r.error { <dt>{ "Error" }</dt><dd id="test-state-error">{ e }</dd> }
                            if let Some(c) = &r.cause { <dt>{ "Cause" }</dt><dd id="test-state-cause">{ c }</dd> }
                        </dl>
                        if let Some(o) = &r.output {
                            <h4>{ "Output" }</h4>
                            <pre class="json" id="test-state-output">{ serde_json::to_string_pretty(o).unwrap_or_default() }</pre>
                        }
                        if !r.diagnostics.is_empty() {
                            <ul class="diagnostics">{ for r.diagnostics.iter().map(|d| html! { <li>{ format!("{}: {}", d.code, d.message) }</li> }) }</ul>
                        }
                        if !r.inspection_data.is_empty() {
                            <h4>{ "Inspection data" }</h4>
                            <ol class="stages" id="test-state-inspection">
                                { for r.inspection_data.iter().map(|(k, v)| html! {
                                    <li data-stage={k.clone()}><h4>{ k }</h4><pre class="json">{ shown(v) }</pre></li>
                                }) }
                            </ol>
                        }
                    </div>
                },
            } }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studio::edit::Scope;

    fn start() -> StartExecution {
        StartExecution::new("TestState", "t", "ca-central-1", "123456789012", 0, 1)
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
        let ok = run(&def, &at, r#"{"id": 1}"#, Some(&mock.to_string()), "", start()).unwrap();
        assert_eq!(ok.status, "SUCCEEDED");
        assert_eq!(ok.next_state.as_deref(), Some("Done"));
        let failed = run(
            &def,
            &at,
            "{}",
            Some(r#"{"Throw": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "no"}}"#),
            "",
            start(),
        )
        .unwrap();
        assert_eq!(failed.status, "CAUGHT_ERROR");
        assert_eq!(failed.error.as_deref(), Some("DynamoDB.ConditionalCheckFailedException"));
        // the stages are the tested state's, not those of the state the catcher leads to
        assert_eq!(failed.inspection_data.get("input"), Some(&json!("{}")));
        let bad = run(&def, &at, "{", None, "", start()).unwrap_err();
        assert!(bad.starts_with("The input is not valid JSON"), "{bad}");
    }

    #[test]
    fn a_pass_state_shows_its_stages() {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "ResultPath": "$.r", "Next": "Q"}, "Q": {"Type": "Succeed"}}});
        let at = StateRef::new(Scope::top(), "P");
        assert_eq!(default_mock(edit::state(&def, &at).unwrap(), &Partition::default()), None);
        let r = run(&def, &at, r#"{"x": 5}"#, None, "", start()).unwrap();
        assert_eq!(r.status, "SUCCEEDED");
        assert_eq!(r.output, Some(json!({"x": 5, "r": {"v": 5}})));
        assert_eq!(r.next_state.as_deref(), Some("Q"));
        assert!(r.inspection_data.contains_key("afterParameters"), "{:?}", r.inspection_data);
    }
}

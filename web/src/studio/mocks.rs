//! A state machine's mocked task responses (StepLab): a `MockConfigFile` (the format of Step
//! Functions Local and LocalStack) kept with the machine, edited in the Mocks panel of its page, and
//! a starting configuration holding the default response of each AWS service integration it calls.

use serde_json::{Map, Value, json};
use steplab_asl::{Scope, StateType};
use steplab_runner::{Ids, Partition};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;

/// The name of the test case [`default_config`] writes.
pub const DEFAULT_TEST_CASE: &str = "Default";

fn service_tasks(scope: &Scope, out: &mut Vec<(String, String, Value)>) {
    for state in scope.states() {
        if state.state_type == StateType::Task
            && let Some(resource) = state.field("Resource").and_then(Value::as_str)
            && steplab_runner::service::DEFAULT_MOCKED.contains(&resource)
        {
            let args = state
                .field("Arguments")
                .or_else(|| state.field("Parameters"))
                .cloned()
                .unwrap_or(Value::Null);
            out.push((state.name.clone(), resource.to_owned(), args));
        }
        for branch in &state.branches {
            service_tasks(branch, out);
        }
        if let Some(p) = &state.item_processor {
            service_tasks(p, out);
        }
    }
}

/// A mock configuration for machine `name` with `definition`: one test case, [`DEFAULT_TEST_CASE`],
/// giving every Task on a catalogue integration its default response on every attempt; `None`
/// when the definition does not parse.
pub fn default_config(name: &str, definition: &str, seed: u64) -> Option<String> {
    let machine = steplab_asl::parse(definition).machine?;
    let mut tasks = Vec::new();
    service_tasks(machine.scope(), &mut tasks);
    let mut ids = Ids::new(seed);
    let partition = Partition::default();
    let mut case = Map::new();
    let mut responses = Map::new();
    for (state, resource, args) in tasks {
        let response = format!("{state}Response");
        let value =
            steplab_runner::service::default_response(&resource, &args, &partition, 0, &mut ids)
                .unwrap_or_else(|| json!({}));
        case.insert(state, json!(response));
        responses.insert(response, json!({ "0-999": { "Return": value } }));
    }
    let config = json!({
        "StateMachines": { name: { "TestCases": { DEFAULT_TEST_CASE: case } } },
        "MockedResponses": responses,
    });
    serde_json::to_string_pretty(&config).ok()
}

/// What is wrong with `text` as a mock configuration (with its line and column), or `None`.
pub fn problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    steplab_asl::MockConfig::parse(text).err().map(|e| {
        let at = e
            .span
            .as_ref()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(" (line {line}, column {column})")
            })
            .unwrap_or_default();
        format!("{e}{at}")
    })
}

#[derive(Properties, PartialEq)]
pub struct MocksPanelProps {
    pub machine: crate::store::StateMachine,
    /// Saves the edited configuration.
    pub on_save: Callback<String>,
}

/// The Mocks panel of a state machine's page.
#[component]
pub fn MocksPanel(props: &MocksPanelProps) -> Html {
    let text = {
        let initial = props.machine.config.mocks.clone();
        use_state(move || initial)
    };
    let saved = props.machine.config.mocks == *text;
    let problem = problem(&text);
    let cases = if problem.is_none() && !text.trim().is_empty() {
        steplab_asl::MockConfig::parse(&text)
            .map(|c| c.test_cases(&props.machine.name))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let on_change = {
        let text = text.clone();
        Callback::from(move |t: String| text.set(t))
    };
    let on_defaults = {
        let (text, machine) = (text.clone(), props.machine.clone());
        Callback::from(move |_: MouseEvent| {
            #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
            let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
            if let Some(c) = default_config(&machine.name, &machine.definition, seed) {
                text.set(c);
            }
        })
    };
    let on_save = {
        let (text, cb) = (text.clone(), props.on_save.clone());
        Callback::from(move |_: MouseEvent| cb.emit((*text).clone()))
    };
    html! {
        <div class="panel" id="mocks-panel">
            <div class="panel-header">
                <h2>{ "Mocks (StepLab)" }</h2>
                <div class="actions">
                    <button class="button" id="mocks-defaults" onclick={on_defaults}>{ "Insert default responses" }</button>
                    <button class="button primary" id="mocks-save" disabled={saved || problem.is_some()} onclick={on_save}>{ "Save mocks" }</button>
                </div>
            </div>
            <p class="hint">{ "StepLab calls no AWS service. A Task on another integration (SNS, SQS, DynamoDB, ECS, EventBridge, Glue, Step Functions) gets its service's default response, or the response a test case of this MockConfigFile gives its state (Return or Throw per attempt, as Step Functions Local and LocalStack read it); a mocked Lambda Invoke state does not run its function. The Start execution dialog chooses the test case." }</p>
            <CodeEditor id={Some(AttrValue::from("mock-config"))} label="Mock configuration" value={(*text).clone()} on_change={on_change} rows={12} line_numbers=true />
            if let Some(p) = &problem { <p class="field-error" role="alert" id="mocks-problem">{ p }</p> }
            else if !text.trim().is_empty() && cases.is_empty() {
                <p class="flash flash-warning" id="mocks-problem">{ format!("The configuration has no test case for the state machine {}.", props.machine.name) }</p>
            }
            else if !cases.is_empty() {
                <p class="hint" id="mocks-cases">{ format!("Test cases: {}", cases.join(", ")) }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_the_service_tasks() {
        let def = r#"{"StartAt": "Notify", "States": {
            "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message.$": "$"}, "Next": "Both"},
            "Both": {"Type": "Parallel", "Branches": [{"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "T", "Item": {}}, "End": true}}}], "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}"#;
        let text = default_config("M", def, 1).unwrap();
        assert_eq!(problem(&text), None);
        let config = steplab_asl::MockConfig::parse(&text).unwrap();
        assert_eq!(config.test_cases("M"), vec![DEFAULT_TEST_CASE.to_owned()]);
        let mut mocks = config.test_case("M", DEFAULT_TEST_CASE).unwrap();
        assert!(mocks.covers("Notify") && mocks.covers("Put") && !mocks.covers("Call"));
        match mocks.answer("Put") {
            Some(steplab_asl::TaskOutcome::Succeeded(v)) => {
                assert_eq!(v["SdkHttpMetadata"]["HttpStatusCode"], 200);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn problems_have_a_line() {
        assert_eq!(problem(""), None);
        let p =
            problem("{\n  \"StateMachines\": {\"M\": {\"TestCases\": {\"T\": {\"S\": \"R\"}}}}\n}")
                .unwrap();
        assert!(p.contains("line 2"), "{p}");
        assert!(problem("{ nope").unwrap().contains("line"));
    }
}

//! "Test state" in the Inspector: the selected state run on its own, as the TestState API does
//! (StepLab's engine, [`steplab_asl::test_state`]): input, inspection level, a mocked result or
//! error (a Task's, or a Map's or Parallel's whole result) with its validation mode, context,
//! variables and the state configuration (retrier retry count, the state an error comes from,
//! Map iteration failures, what an ItemReader reads); the status, output or error and cause,
//! next state and the `inspectionData` the level shows. The fields become a request in
//! `test_state_form.rs`.

use serde_json::Value;
use steplab_asl::{FieldValidationMode, InspectionLevel, StartExecution, TestStateResult};
use steplab_runner::Partition;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::studio::edit::{self, StateRef};
use crate::studio::test_state_form::{Form, run};

#[derive(Properties, PartialEq)]
pub struct TestStateProps {
    pub definition: Value,
    pub at: StateRef,
    pub partition: Partition,
}

const LEVELS: [InspectionLevel; 3] =
    [InspectionLevel::Info, InspectionLevel::Debug, InspectionLevel::Trace];
const MODES: [FieldValidationMode; 3] =
    [FieldValidationMode::Strict, FieldValidationMode::Present, FieldValidationMode::None];

/// The Inspector's Test state tab.
#[component]
#[allow(clippy::too_many_lines)]
pub fn TestStateTab(props: &TestStateProps) -> Html {
    let state = edit::state(&props.definition, &props.at).cloned().unwrap_or(Value::Null);
    let kind = state.get("Type").and_then(Value::as_str).unwrap_or_default().to_owned();
    let form = {
        let (state, partition) = (state.clone(), props.partition.clone());
        use_state(move || Form::for_state(&state, &partition))
    };
    let result = use_state(|| None::<Result<TestStateResult, String>>);
    {
        // another state: start again
        let (result, form, state, partition) =
            (result.clone(), form.clone(), state.clone(), props.partition.clone());
        use_effect_with(props.at.clone(), move |_| {
            result.set(None);
            form.set(Form::for_state(&state, &partition));
        });
    }
    // one callback per field: the new text into a copy of the form
    let field = |set: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |text: String| {
            let mut f = (*form).clone();
            set(&mut f, text);
            form.set(f);
        })
    };
    let typed = |set: fn(&mut Form, String)| {
        let on = field(set);
        Callback::from(move |e: InputEvent| {
            on.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let picked = |set: fn(&mut Form, String)| {
        let on = field(set);
        Callback::from(move |e: Event| {
            on.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_run = {
        let (definition, at, form, result) =
            (props.definition.clone(), props.at.clone(), form.clone(), result.clone());
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
            result.set(Some(run(&definition, &at, &form, start)));
        })
    };
    let shown = |v: &Value| match v {
        // inspectionData holds JSON text
        Value::String(s) => crate::execution::state_panel::pretty(s),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    let f = (*form).clone();
    html! {
        <div role="tabpanel" class="test-state" id="test-state">
            <p class="hint">{ "Runs this state on its own with the input below, as the TestState API does (no AWS call: a Task, Map or Parallel state gets the mocked result or error)." }</p>
            <label for="test-state-input">{ "Input" }</label>
            <CodeEditor id={Some(AttrValue::from("test-state-input"))} label="Input" rows={5} value={f.input.clone()} on_change={field(|f, t| f.input = t)} />
            <label for="test-state-level">{ "Inspection level" }</label>
            <select id="test-state-level" onchange={picked(|f, t| f.level = InspectionLevel::from_name(&t).unwrap_or_default())}>
                { for LEVELS.iter().map(|l| html! { <option value={l.as_str()} selected={*l == f.level}>{ l.as_str() }</option> }) }
            </select>
            <p class="hint">{ "INFO: the output only. DEBUG: the data after each processing stage. TRACE: also an HTTP Task's request and response (StepLab makes no HTTP calls: as DEBUG)." }</p>
            if let Some(m) = &f.mock {
                <fieldset class="test-state-mock">
                    <legend>{ "Mock" }</legend>
                    <select id="test-state-mock-kind" aria-label="Mock" onchange={picked(|f, t| if let Some(m) = &mut f.mock { m.is_error = t == "error" })}>
                        <option value="result" selected={!m.is_error}>{ "Mocked result" }</option>
                        <option value="error" selected={m.is_error}>{ "Mocked error" }</option>
                    </select>
                    if m.is_error {
                        <label for="test-state-mock-error">{ "Error" }</label>
                        <input id="test-state-mock-error" value={m.error.clone()} oninput={typed(|f, t| if let Some(m) = &mut f.mock { m.error = t })} />
                        <label for="test-state-mock-cause">{ "Cause" }</label>
                        <input id="test-state-mock-cause" value={m.cause.clone()} oninput={typed(|f, t| if let Some(m) = &mut f.mock { m.cause = t })} />
                    } else {
                        <label for="test-state-mock">{ "Mocked result" }</label>
                        <CodeEditor id={Some(AttrValue::from("test-state-mock"))} label="Mocked result" rows={5} value={m.result.clone()} on_change={field(|f, t| if let Some(m) = &mut f.mock { m.result = t })} />
                        <p class="hint">{ if kind == "Task" { "The task's result, or {\"Throw\": {\"Error\": \"…\", \"Cause\": \"…\"}} for a failure." } else { "The state's whole result: an array (a Parallel's: one result per branch)." } }</p>
                        <label for="test-state-validation">{ "Field validation mode" }</label>
                        <select id="test-state-validation" onchange={picked(|f, t| if let Some(m) = &mut f.mock { m.validation = FieldValidationMode::from_name(&t).unwrap_or_default() })}>
                            { for MODES.iter().map(|v| html! { <option value={v.as_str()} selected={*v == m.validation}>{ v.as_str() }</option> }) }
                        </select>
                    }
                    <label for="test-state-context">{ "Context - optional" }</label>
                    <CodeEditor id={Some(AttrValue::from("test-state-context"))} label="Context - optional" rows={3} value={f.context.clone()} on_change={field(|f, t| f.context = t)} />
                </fieldset>
            }
            <label for="test-state-variables">{ "Variables - optional" }</label>
            <CodeEditor id={Some(AttrValue::from("test-state-variables"))} label="Variables - optional" rows={2} value={f.variables.clone()} on_change={field(|f, t| f.variables = t)} />
            <fieldset class="test-state-configuration">
                <legend>{ "State configuration - optional" }</legend>
                if state.get("Retry").is_some() {
                    <label for="test-state-retry-count">{ "Retrier retry count" }</label>
                    <input id="test-state-retry-count" type="number" min="0" value={f.retry_count.clone()} oninput={typed(|f, t| f.retry_count = t)} />
                }
                if matches!(kind.as_str(), "Map" | "Parallel") {
                    <label for="test-state-error-caused-by">{ "Error caused by state" }</label>
                    <input id="test-state-error-caused-by" value={f.error_caused_by.clone()} oninput={typed(|f, t| f.error_caused_by = t)} />
                }
                if kind == "Map" {
                    <label for="test-state-map-failures">{ "Map iteration failure count" }</label>
                    <input id="test-state-map-failures" type="number" min="0" value={f.map_failures.clone()} oninput={typed(|f, t| f.map_failures = t)} />
                }
                if state.get("ItemReader").is_some() {
                    <label for="test-state-reader-data">{ "Map item reader data" }</label>
                    <CodeEditor id={Some(AttrValue::from("test-state-reader-data"))} label="Map item reader data" rows={3} value={f.reader_data.clone()} on_change={field(|f, t| f.reader_data = t)} />
                }
            </fieldset>
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

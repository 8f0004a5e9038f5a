//! The Start execution dialog: a name (a fresh UUID) and the input, checked before anything starts.

use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::modal::Modal;
use crate::pages::input_value;

/// The input the console pre-fills.
pub const DEFAULT_INPUT: &str = "{\n    \"Comment\": \"Insert your JSON here\"\n}";

#[derive(Properties, PartialEq)]
pub struct StartExecutionProps {
    pub on_cancel: Callback<()>,
    /// Gets the name and the input text; answers `Err` with what is wrong (shown in the dialog).
    pub on_start: Callback<(String, String, Callback<String>)>,
}

#[component]
pub fn StartExecution(props: &StartExecutionProps) -> Html {
    let name = use_state(crate::driver::random_uuid);
    let input = use_state(|| DEFAULT_INPUT.to_owned());
    let problem = use_state(|| None::<String>);

    let input_problem = serde_json::from_str::<serde_json::Value>(&input)
        .err()
        .map(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()));
    let name_problem = steplab_runner::names::check_execution_name(&name).err();

    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(input_value(&e)))
    };
    let on_input = {
        let input = input.clone();
        Callback::from(move |t: String| input.set(t))
    };
    let on_format = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&input)
                && let Ok(pretty) = serde_json::to_string_pretty(&v)
            {
                input.set(pretty);
            }
        })
    };
    let on_start = {
        let (name, input, problem, cb) =
            (name.clone(), input.clone(), problem.clone(), props.on_start.clone());
        let blocked = input_problem.is_some() || name_problem.is_some();
        Callback::from(move |_: MouseEvent| {
            if blocked {
                return;
            }
            let problem = problem.clone();
            cb.emit((
                (*name).clone(),
                (*input).clone(),
                Callback::from(move |e: String| problem.set(Some(e))),
            ));
        })
    };
    html! {
        <Modal title="Start execution" wide=true on_close={props.on_cancel.clone()}
            footer={html! { <>
                <button class="button" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button class="button primary" id="start-execution-confirm" disabled={input_problem.is_some() || name_problem.is_some()} onclick={on_start}>{ "Start execution" }</button>
            </> }}>
            <label for="execution-name">{ "Name" }</label>
            <input id="execution-name" type="text" value={(*name).clone()} oninput={on_name} />
            <p class={classes!("hint", name_problem.is_some().then_some("field-error"))}>{ steplab_runner::names::EXECUTION_NAME_RULE }</p>
            <div class="panel-header">
                <label for="execution-input">{ "Input - optional" }</label>
                <div class="actions"><button class="button" onclick={on_format}>{ "Format JSON" }</button></div>
            </div>
            <p class="hint">{ "Enter input values for this execution in JSON format" }</p>
            <CodeEditor id={Some(AttrValue::from("execution-input"))} label="Input - optional" value={(*input).clone()} on_change={on_input} rows={10} />
            if let Some(p) = &input_problem { <p class="field-error" role="alert">{ p }</p> }
            if let Some(p) = &*problem { <p class="field-error" role="alert">{ p }</p> }
        </Modal>
    }
}

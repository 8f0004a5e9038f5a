//! The Inspector: the selected state's settings in the console's tabs — Configuration, Arguments & Output
//! (JSONata) or Input/Output (JSONPath), Error handling, Variables. Every edit is applied to the definition
//! at once; text that is not valid JSON yet stays in its field with the reason shown, and is not applied.

use serde_json::{Value, json};
use steplab_runner::Partition;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::studio::catalog::{QueryLanguage, lambda_default_retry};
use crate::studio::edit::{self, StateRef, format};

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Configuration,
    Arguments,
    Errors,
    Variables,
    Definition,
    Test,
}

/// One change of the definition.
type Edit = Box<dyn Fn(&mut Value) -> Result<(), edit::EditError>>;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub definition: AttrValue,
    pub at: StateRef,
    /// The Lambda functions of the workspace, by name.
    pub functions: Vec<String>,
    pub partition: Partition,
    /// Gets the new definition text.
    pub on_edit: Callback<String>,
    /// The state was renamed (so the selection follows it).
    pub on_renamed: Callback<StateRef>,
}

/// A JSON value typed as text: a JSONata `{% … %}` or anything that is not JSON stays a string.
fn loose_value(text: &str) -> Value {
    let t = text.trim();
    if t.starts_with("{%") {
        return json!(text);
    }
    serde_json::from_str(t).unwrap_or_else(|_| json!(text))
}

fn loose_text(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct JsonFieldProps {
    id: AttrValue,
    label: AttrValue,
    /// The current value (`None`: the field is absent).
    value: Option<Value>,
    /// Gets the parsed value, or `None` when the text is emptied.
    on_change: Callback<Option<Value>>,
    #[prop_or(6)]
    rows: u32,
}

/// A JSON code editor that applies its value only while it parses.
#[component]
fn JsonField(props: &JsonFieldProps) -> Html {
    let pretty = |v: &Option<Value>| {
        v.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default()
    };
    let text = use_state(|| pretty(&props.value));
    let problem = use_state(|| None::<String>);
    {
        let (text, problem) = (text.clone(), problem.clone());
        use_effect_with(props.value.clone(), move |v| {
            let local: Option<Value> =
                if text.trim().is_empty() { None } else { serde_json::from_str(&text).ok() };
            if local != *v {
                text.set(
                    v.as_ref()
                        .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                        .unwrap_or_default(),
                );
                problem.set(None);
            }
        });
    }
    let on_edit = {
        let (text, problem, cb) = (text.clone(), problem.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            if value.trim().is_empty() {
                problem.set(None);
                cb.emit(None);
            } else {
                match serde_json::from_str::<Value>(&value) {
                    Ok(v) => {
                        problem.set(None);
                        cb.emit(Some(v));
                    }
                    Err(e) => problem.set(Some(format!("Not applied: invalid JSON ({e})"))),
                }
            }
            text.set(value);
        })
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <crate::components::code_editor::CodeEditor id={Some(props.id.clone())} label={props.label.clone()} rows={props.rows}
                value={AttrValue::from((*text).clone())} on_change={on_edit} />
            if let Some(p) = &*problem { <p class="field-error" role="alert">{ p }</p> }
        </div>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let tab = use_state(|| Tab::Configuration);
    let name_text = use_state(|| props.at.name.clone());
    let name_problem = use_state(|| None::<String>);
    {
        let (name_text, name_problem) = (name_text.clone(), name_problem.clone());
        use_effect_with(props.at.clone(), move |at| {
            name_text.set(at.name.clone());
            name_problem.set(None);
        });
    }
    let Ok(definition) = serde_json::from_str::<Value>(&props.definition) else {
        return html! { <aside class="inspector"><p>{ "The definition is not valid JSON." }</p></aside> };
    };
    let Some(state) = edit::state(&definition, &props.at).cloned() else {
        return html! { <aside class="inspector"><p>{ "Select a state to see its settings." }</p></aside> };
    };
    let ql = if state.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata") {
        QueryLanguage::Jsonata
    } else {
        QueryLanguage::of(&definition)
    };
    let kind = state.get("Type").and_then(Value::as_str).unwrap_or("?").to_owned();
    let is_lambda = state
        .get("Resource")
        .and_then(Value::as_str)
        .is_some_and(|r| r.starts_with("arn:aws:states:::lambda:invoke"));
    let siblings: Vec<String> = edit::machine(&definition, &props.at.scope)
        .and_then(|m| m.get("States"))
        .and_then(Value::as_object)
        .map(|s| s.keys().filter(|k| **k != props.at.name).cloned().collect())
        .unwrap_or_default();

    // one edit of the parsed definition, applied at once
    let apply = {
        let (definition, cb) = (definition.clone(), props.on_edit.clone());
        move |f: Edit| {
            let mut next = definition.clone();
            if f(&mut next).is_ok() {
                cb.emit(format(&next));
            }
        }
    };
    let set = {
        let (apply, at) = (apply.clone(), props.at.clone());
        move |key: &'static str| {
            let (apply, at) = (apply.clone(), at.clone());
            Callback::from(move |v: Option<Value>| {
                let at = at.clone();
                apply(Box::new(move |d| edit::set_field(d, &at, key, v.clone())));
            })
        }
    };
    let set_text = |key: &'static str| {
        set(key).reform(|e: InputEvent| {
            let t = e.target_unchecked_into::<HtmlInputElement>().value();
            (!t.is_empty()).then(|| loose_value(&t))
        })
    };
    let tab_button = |t: Tab, label: &'static str| {
        let active = *tab == t;
        let tab = tab.clone();
        html! { <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))} onclick={Callback::from(move |_| tab.set(t))}>{ label }</button> }
    };

    let on_name = {
        let (name_text, name_problem, apply_at, definition, cb, renamed) = (
            name_text.clone(),
            name_problem.clone(),
            props.at.clone(),
            definition.clone(),
            props.on_edit.clone(),
            props.on_renamed.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let new = e.target_unchecked_into::<HtmlInputElement>().value();
            name_text.set(new.clone());
            let mut next = definition.clone();
            match edit::rename(&mut next, &apply_at, &new) {
                Ok(()) => {
                    name_problem.set(None);
                    renamed.emit(StateRef::new(apply_at.scope.clone(), new));
                    cb.emit(format(&next));
                }
                Err(e) => name_problem.set(Some(e.0)),
            }
        })
    };

    // the fields particular to each state type (a number or JSON is typed as such, other text as a string)
    let type_fields: Vec<(&'static str, &'static str)> = match kind.as_str() {
        "Wait" => vec![
            ("Seconds", "Seconds to wait: a number, or a JSONata expression."),
            ("Timestamp", "Or wait until this time, e.g. 2026-01-01T00:00:00Z."),
        ],
        "Fail" => vec![("Error", "The error name."), ("Cause", "A description of the cause.")],
        "Map" => vec![
            if ql == QueryLanguage::Jsonata {
                ("Items", "The array to iterate over (JSONata); empty: the state input.")
            } else {
                ("ItemsPath", "The path to the array to iterate over; empty: the state input.")
            },
            ("MaxConcurrency", "How many iterations at once; 0 or empty: no limit."),
        ],
        "Task" => vec![
            ("TimeoutSeconds", "Fails with States.Timeout after this many seconds."),
            ("HeartbeatSeconds", "Fails with States.Timeout without a heartbeat this often."),
        ],
        _ => Vec::new(),
    };
    let configuration = {
        let function_arn = edit::lambda_function(&state).unwrap_or("").to_owned();
        let pick_function = {
            let (apply, at, partition) = (apply.clone(), props.at.clone(), props.partition.clone());
            Callback::from(move |e: Event| {
                let name = e.target_unchecked_into::<HtmlSelectElement>().value();
                if name.is_empty() {
                    return;
                }
                let (at, arn) = (at.clone(), edit::latest_arn(&partition, &name));
                apply(Box::new(move |d| edit::set_lambda_function(d, &at, &arn)));
            })
        };
        let type_function = {
            let (apply, at) = (apply.clone(), props.at.clone());
            Callback::from(move |e: InputEvent| {
                let arn = e.target_unchecked_into::<HtmlInputElement>().value();
                let at = at.clone();
                apply(Box::new(move |d| edit::set_lambda_function(d, &at, &arn)));
            })
        };
        let picked = props
            .functions
            .iter()
            .find(|f| function_arn == edit::latest_arn(&props.partition, f))
            .cloned();
        let payload_key = if ql == QueryLanguage::Jsonata { "Arguments" } else { "Parameters" };
        let payload_field = if ql == QueryLanguage::Jsonata { "Payload" } else { "Payload.$" };
        let payload = state.get(payload_key).and_then(|a| a.get(payload_field)).cloned();
        let set_payload = {
            let (apply, at) = (apply.clone(), props.at.clone());
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                let at = at.clone();
                apply(Box::new(move |d| {
                    let mut args = edit::state(d, &at)
                        .and_then(|s| s.get(payload_key))
                        .cloned()
                        .unwrap_or_else(|| json!({}));
                    if let Some(m) = args.as_object_mut() {
                        if text.is_empty() {
                            m.shift_remove(payload_field);
                        } else {
                            m.insert(payload_field.into(), loose_value(&text));
                        }
                    }
                    edit::set_field(d, &at, payload_key, Some(args))
                }))
            })
        };
        let has_next = state.get("Next").is_some() || state.get("End").is_some();
        let next_value = state.get("Next").and_then(Value::as_str).unwrap_or("").to_owned();
        let pick_next = {
            let (apply, at) = (apply.clone(), props.at.clone());
            Callback::from(move |e: Event| {
                let next = e.target_unchecked_into::<HtmlSelectElement>().value();
                let at = at.clone();
                apply(Box::new(move |d| {
                    if next.is_empty() {
                        edit::set_field(d, &at, "End", Some(json!(true)))?;
                        edit::set_field(d, &at, "Next", None)
                    } else {
                        edit::set_field(d, &at, "Next", Some(json!(next.clone())))?;
                        edit::set_field(d, &at, "End", None)
                    }
                }))
            })
        };
        let choices = state.get("Choices").and_then(Value::as_array).cloned().unwrap_or_default();
        let set_rule = |i: usize, key: &'static str| {
            let (apply, at) = (apply.clone(), props.at.clone());
            Callback::from(move |text: String| {
                let at = at.clone();
                apply(Box::new(move |d| {
                    let mut choices = edit::state(d, &at)
                        .and_then(|s| s.get("Choices"))
                        .cloned()
                        .unwrap_or_else(|| json!([]));
                    if let Some(rule) = choices.get_mut(i).and_then(Value::as_object_mut) {
                        rule.insert(key.into(), json!(text));
                    }
                    edit::set_field(d, &at, "Choices", Some(choices))
                }))
            })
        };
        // None: add a rule (to the Default's target, or the first other state); Some(i): remove rule i
        let rule_change = |remove: Option<usize>| {
            let (apply, at) = (apply.clone(), props.at.clone());
            let target = state
                .get("Default")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| siblings.first().cloned())
                .unwrap_or_default();
            let rule = if ql == QueryLanguage::Jsonata {
                json!({ "Condition": "{% true %}", "Next": target })
            } else {
                json!({ "Variable": "$", "IsPresent": true, "Next": target })
            };
            Callback::from(move |_: MouseEvent| {
                let (at, rule) = (at.clone(), rule.clone());
                apply(Box::new(move |d| {
                    let mut choices = edit::state(d, &at)
                        .and_then(|s| s.get("Choices"))
                        .cloned()
                        .unwrap_or_else(|| json!([]));
                    if let Some(list) = choices.as_array_mut() {
                        match remove {
                            Some(i) if i < list.len() => {
                                list.remove(i);
                            }
                            Some(_) => {}
                            None => list.push(rule.clone()),
                        }
                    }
                    edit::set_field(d, &at, "Choices", Some(choices))
                }))
            })
        };
        let sibling_options = |current: &str| html! { <>{ for siblings.iter().map(|s| html! { <option value={s.clone()} selected={s == current}>{ s }</option> }) }</> };
        html! {
            <div class="form" role="tabpanel">
                <label for="inspector-state-name">{ "State name" }</label>
                <input id="inspector-state-name" type="text" value={(*name_text).clone()} oninput={on_name} />
                if let Some(p) = &*name_problem { <p class="field-error" role="alert">{ p }</p> }
                <p class="hint">{ format!("Type: {kind}") }</p>
                if is_lambda {
                    <label for="inspector-function">{ "Function name" }</label>
                    <select id="inspector-function" onchange={pick_function}>
                        <option value="" selected={picked.is_none()}>{ if props.functions.is_empty() { "No functions yet: create one in Lambda" } else { "Choose a function" } }</option>
                        { for props.functions.iter().map(|f| html! { <option value={f.clone()} selected={picked.as_deref() == Some(f.as_str())}>{ f }</option> }) }
                    </select>
                    <label for="inspector-function-arn">{ "Function ARN" }</label>
                    <input id="inspector-function-arn" type="text" placeholder="Enter function name or ARN" value={function_arn.clone()} oninput={type_function} />
                    <label for="inspector-payload">{ "Payload" }</label>
                    <input id="inspector-payload" type="text" value={loose_text(payload.as_ref())} oninput={set_payload} />
                    <p class="hint">{ if ql == QueryLanguage::Jsonata { "{% $states.input %} uses the state input as payload." } else { "$ uses the state input as payload." } }</p>
                }
                if kind == "Choice" {
                    <h4>{ "Choice rules" }</h4>
                    { for choices.iter().enumerate().map(|(i, rule)| {
                        let condition = rule.get("Condition").and_then(Value::as_str).map(str::to_owned);
                        let next = rule.get("Next").and_then(Value::as_str).unwrap_or("").to_owned();
                        let on_cond = set_rule(i, "Condition").reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
                        let on_next = set_rule(i, "Next").reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
                        html! {
                            <fieldset class="rule">
                                <legend>{ format!("Rule #{}", i + 1) }</legend>
                                if let Some(c) = condition {
                                    <label for={format!("inspector-rule-{i}-condition")}>{ "Condition" }</label>
                                    <input id={format!("inspector-rule-{i}-condition")} type="text" value={c} oninput={on_cond} />
                                }
                                <label for={format!("inspector-rule-{i}-next")}>{ "Then next state is" }</label>
                                <select id={format!("inspector-rule-{i}-next")} onchange={on_next}>{ sibling_options(&next) }</select>
                                if choices.len() > 1 {
                                    <button class="button" onclick={rule_change(Some(i))}>{ format!("Remove rule #{}", i + 1) }</button>
                                }
                            </fieldset>
                        }
                    }) }
                    <button class="button" onclick={rule_change(None)}>{ "Add new choice rule" }</button>
                    <label for="inspector-default">{ "Default rule: next state" }</label>
                    <select id="inspector-default" onchange={set("Default").reform(|e: Event| { let v = e.target_unchecked_into::<HtmlSelectElement>().value(); (!v.is_empty()).then(|| json!(v)) })}>
                        <option value="">{ "No default" }</option>
                        { sibling_options(state.get("Default").and_then(Value::as_str).unwrap_or("")) }
                    </select>
                }
                { for type_fields.iter().map(|(key, hint)| {
                    let id = format!("inspector-{}", key.to_lowercase());
                    html! { <>
                        <label for={id.clone()}>{ *key }</label>
                        <input id={id} type="text" value={loose_text(state.get(*key))} oninput={set_text(key)} />
                        <p class="hint">{ *hint }</p>
                    </> }
                }) }
                if has_next {
                    <label for="inspector-next">{ "Next state" }</label>
                    <select id="inspector-next" onchange={pick_next}>
                        <option value="" selected={next_value.is_empty()}>{ "Go to end" }</option>
                        { sibling_options(&next_value) }
                    </select>
                }
                <label for="inspector-comment">{ "Comment - optional" }</label>
                <textarea id="inspector-comment" rows="2" value={loose_text(state.get("Comment"))} oninput={set("Comment").reform(|e: InputEvent| { let t = e.target_unchecked_into::<HtmlTextAreaElement>().value(); (!t.is_empty()).then(|| json!(t)) })} />
            </div>
        }
    };
    let key = props.at.name.clone();
    let arguments = if ql == QueryLanguage::Jsonata {
        html! {
            <div class="form" role="tabpanel">
                if !matches!(kind.as_str(), "Choice" | "Succeed" | "Fail" | "Wait") {
                    <JsonField key={format!("{key}/Arguments")} id="inspector-arguments" label="Arguments" value={state.get("Arguments").cloned()} on_change={set("Arguments")} />
                }
                if kind != "Fail" {
                    <label for="inspector-output">{ "Output" }</label>
                    <input id="inspector-output" type="text" value={loose_text(state.get("Output"))} oninput={set_text("Output")} />
                    <p class="hint">{ "A JSONata expression in {% %}, or JSON. Empty: the state's result." }</p>
                }
            </div>
        }
    } else {
        html! {
            <div class="form" role="tabpanel">
                { for ["InputPath", "ResultPath", "OutputPath"].into_iter().map(|k| html! { <>
                    <label for={format!("inspector-{k}")}>{ k }</label>
                    <input id={format!("inspector-{k}")} type="text" value={loose_text(state.get(k))} oninput={set_text(k)} />
                </> }) }
                <JsonField key={format!("{key}/Parameters")} id="inspector-parameters" label="Parameters" value={state.get("Parameters").cloned()} on_change={set("Parameters")} />
                <JsonField key={format!("{key}/ResultSelector")} id="inspector-result-selector" label="ResultSelector" value={state.get("ResultSelector").cloned()} on_change={set("ResultSelector")} rows={4} />
            </div>
        }
    };
    let retriable = matches!(kind.as_str(), "Task" | "Parallel" | "Map");
    let add = |key: &'static str, item: Value| {
        let (apply, at) = (apply.clone(), props.at.clone());
        Callback::from(move |_: MouseEvent| {
            let (at, item) = (at.clone(), item.clone());
            apply(Box::new(move |d| {
                let mut list = edit::state(d, &at)
                    .and_then(|s| s.get(key))
                    .cloned()
                    .unwrap_or_else(|| json!([]));
                if let Some(a) = list.as_array_mut() {
                    a.push(item.clone());
                }
                edit::set_field(d, &at, key, Some(list))
            }))
        })
    };
    let first_sibling = siblings.first().cloned().unwrap_or_default();
    let errors = html! {
        <div class="form" role="tabpanel">
            if retriable {
                <JsonField key={format!("{key}/Retry")} id="inspector-retry" label="Retry" value={state.get("Retry").cloned()} on_change={set("Retry")} rows={10} />
                <button class="button" onclick={add("Retry", if is_lambda { lambda_default_retry()[0].clone() } else { json!({ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2 }) })}>{ "Add new retrier" }</button>
                <JsonField key={format!("{key}/Catch")} id="inspector-catch" label="Catch" value={state.get("Catch").cloned()} on_change={set("Catch")} rows={8} />
                <button class="button" onclick={add("Catch", json!({ "ErrorEquals": ["States.ALL"], "Next": first_sibling }))}>{ "Add new catcher" }</button>
            } else {
                <p>{ format!("A {kind} state has no error handling.") }</p>
            }
        </div>
    };
    let variables = html! {
        <div class="form" role="tabpanel">
            if kind == "Fail" {
                <p>{ "A Fail state cannot assign variables." }</p>
            } else {
                <JsonField key={format!("{key}/Assign")} id="inspector-assign" label="Assign" value={state.get("Assign").cloned()} on_change={set("Assign")} />
                <p class="hint">{ "Variables set when the state completes, e.g. {\"count\": \"{% $states.input.count %}\"}." }</p>
            }
        </div>
    };
    // the selected state's own JSON, as it is in the definition
    let definition_tab = html! {
        <div role="tabpanel">
            <pre class="json" aria-label="State definition">{ serde_json::to_string_pretty(&json!({ props.at.name.clone(): state.clone() })).unwrap_or_default() }</pre>
        </div>
    };
    html! {
        <aside class="inspector" aria-label="Inspector">
            <h3>{ &props.at.name }</h3>
            <div class="tabs" role="tablist" aria-label="Inspector tabs">
                { tab_button(Tab::Configuration, "Configuration") }
                { tab_button(Tab::Arguments, if ql == QueryLanguage::Jsonata { "Arguments & Output" } else { "Input/Output" }) }
                { tab_button(Tab::Errors, "Error handling") }
                { tab_button(Tab::Variables, "Variables") }
                { tab_button(Tab::Definition, "Definition") }
                { tab_button(Tab::Test, "Test state") }
            </div>
            { match *tab {
                Tab::Configuration => configuration,
                Tab::Arguments => arguments,
                Tab::Errors => errors,
                Tab::Variables => variables,
                Tab::Definition => definition_tab,
                Tab::Test => html! { <crate::studio::test_state::TestStateTab definition={definition.clone()} at={props.at.clone()} partition={props.partition.clone()} /> },
            } }
        </aside>
    }
}

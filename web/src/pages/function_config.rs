//! A function's Configuration tab: handler, timeout, memory and environment variables, with the
//! Lambda console's limits and wording.

use steplab_function::FunctionConfig;
use yew::prelude::*;

use crate::pages::input_value;
use crate::store::WorkspaceContext;
use crate::store::{Action, Function};

#[derive(Properties, PartialEq)]
pub struct FunctionConfigurationProps {
    pub function: Function,
}

/// The problems with a configuration, worded as the console words them.
pub fn problems(
    handler: &str,
    timeout: &str,
    memory: &str,
    environment: &[(String, String)],
) -> Vec<String> {
    let mut out = Vec::new();
    if handler.is_empty() || !handler.contains('.') {
        out.push(
            "Handler: use the format module.function, e.g. lambda_function.lambda_handler.".into(),
        );
    }
    if !timeout.parse::<u32>().is_ok_and(|t| (1..=900).contains(&t)) {
        out.push(
            "Timeout: the value must be between 1 second and 15 minutes (900 seconds).".into(),
        );
    }
    if !memory.parse::<u32>().is_ok_and(|m| (128..=10_240).contains(&m)) {
        out.push("Memory: the value must be between 128 MB and 10240 MB.".into());
    }
    for (key, _) in environment {
        let ok = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            out.push(format!("Environment variable '{key}': keys start with a letter and have only letters, numbers and underscores."));
        }
    }
    out
}

#[component]
pub fn FunctionConfiguration(props: &FunctionConfigurationProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let f = &props.function;
    let handler = use_state(|| f.config.handler.clone());
    let timeout = use_state(|| f.config.timeout_seconds.to_string());
    let memory = use_state(|| f.config.memory_size_mb.to_string());
    let environment = use_state(|| f.config.environment.clone());
    let saved = use_state(|| false);
    let found = problems(&handler, &timeout, &memory, &environment);

    let text = |state: &UseStateHandle<String>| {
        let (state, saved) = (state.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            saved.set(false);
            state.set(input_value(&e));
        })
    };
    let edit_var = |i: usize, key: bool| {
        let (environment, saved) = (environment.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            let mut vars = (*environment).clone();
            if let Some(slot) = vars.get_mut(i) {
                if key { slot.0 = input_value(&e) } else { slot.1 = input_value(&e) }
            }
            saved.set(false);
            environment.set(vars);
        })
    };
    let add_var = {
        let e = environment.clone();
        Callback::from(move |_: MouseEvent| {
            let mut v = (*e).clone();
            v.push((String::new(), String::new()));
            e.set(v);
        })
    };
    let remove_var = |i: usize| {
        let e = environment.clone();
        Callback::from(move |_: MouseEvent| {
            let mut v = (*e).clone();
            v.remove(i);
            e.set(v);
        })
    };
    let on_save = {
        let (workspace, f, handler, timeout, memory, environment, saved) = (
            workspace.clone(),
            f.clone(),
            handler.clone(),
            timeout.clone(),
            memory.clone(),
            environment.clone(),
            saved.clone(),
        );
        let ok = found.is_empty();
        Callback::from(move |_: MouseEvent| {
            if !ok {
                return;
            }
            workspace.dispatch(Action::PutFunction(Function {
                config: FunctionConfig {
                    handler: (*handler).clone(),
                    timeout_seconds: timeout.parse().unwrap_or(3),
                    memory_size_mb: memory.parse().unwrap_or(128),
                    environment: (*environment).clone(),
                    ..f.config.clone()
                },
                last_modified_millis: crate::driver::now_millis(),
                ..f.clone()
            }));
            saved.set(true);
        })
    };
    html! {
        <div class="panel form">
            <h2>{ "General configuration" }</h2>
            <label for="handler">{ "Handler" }</label>
            <input id="handler" type="text" value={(*handler).clone()} oninput={text(&handler)} />
            <label for="timeout">{ "Timeout (seconds)" }</label>
            <input id="timeout" type="text" value={(*timeout).clone()} oninput={text(&timeout)} />
            <label for="memory">{ "Memory (MB)" }</label>
            <input id="memory" type="text" value={(*memory).clone()} oninput={text(&memory)} />
            <h2>{ "Environment variables" }</h2>
            { for environment.iter().enumerate().map(|(i, (k, v))| html! {
                <div class="env-row">
                    <input type="text" aria-label={format!("Key {}", i + 1)} value={k.clone()} oninput={edit_var(i, true)} />
                    <input type="text" aria-label={format!("Value {}", i + 1)} value={v.clone()} oninput={edit_var(i, false)} />
                    <button class="button" onclick={remove_var(i)}>{ "Remove" }</button>
                </div>
            }) }
            <div><button class="button" onclick={add_var}>{ "Add environment variable" }</button></div>
            { for found.iter().map(|p| html! { <p class="field-error" role="alert">{ p }</p> }) }
            if *saved { <p class="flash flash-success" role="status">{ format!("Successfully updated the function {}.", f.config.function_name) }</p> }
            <div class="form-actions"><button class="button primary" disabled={!found.is_empty()} onclick={on_save}>{ "Save" }</button></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::problems;

    #[test]
    fn console_limits() {
        assert!(problems("lambda_function.lambda_handler", "3", "128", &[]).is_empty());
        assert_eq!(problems("nodot", "0", "64", &[("1BAD".into(), String::new())]).len(), 4);
        assert!(problems("a.b", "900", "10240", &[("GOOD_KEY1".into(), "x".into())]).is_empty());
    }
}

//! Export and import of the whole workspace (functions, state machines, executions) as one JSON file.

use yew::prelude::*;

use crate::store::WorkspaceContext;
use crate::store::{Action, Workspace};

/// The workspace in a file, or why the file is not one (with its line and column).
pub fn parse_workspace(text: &str) -> Result<Workspace, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "The file is not valid JSON: {} at line {}, column {}",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        )
    })?;
    if !value.is_object()
        || !["functions", "state_machines", "executions"].iter().any(|k| value.get(k).is_some())
    {
        return Err("The file is not a StepLab workspace: it has none of functions, state_machines, executions".into());
    }
    serde_json::from_value(value).map_err(|e| format!("The file is not a StepLab workspace: {e}"))
}

/// The workspace file in parts: the partition, the AWS resources, the functions and state
/// machines, then each execution.
async fn export_parts(workspace: &Workspace) -> Result<Vec<String>, String> {
    let mut parts = vec![format!(
        "{{\"partition\": {}, \"services\": {}, \"functions\": {}, \"state_machines\": {}, \"executions\": [",
        json(&workspace.partition),
        json(&workspace.services),
        json(&workspace.functions),
        json(&workspace.state_machines)
    )];
    for (i, e) in workspace.executions.iter().enumerate() {
        let mut e = e.clone();
        if e.unread.is_some() {
            let (events, stages) = crate::storage::load::read_history(&e.arn).await?;
            e.events = events;
            e.stages = stages;
            e.unread = None;
        }
        parts.push(format!("{}{}", if i == 0 { "" } else { ", " }, json(&e)));
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
    parts.push("]}".to_owned());
    Ok(parts)
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// serde_json's message without its own " at line … column …" (given separately).
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// "Export workspace" and "Import workspace" buttons, with the outcome.
#[component]
pub fn WorkspaceFile() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let message = use_state(|| None::<Result<String, String>>);
    let input = use_node_ref();
    let export = {
        let (workspace, message) = (workspace.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let (workspace, message) = (workspace.clone(), message.clone());
            // written an execution at a time, each with its history read from the store when it
            // is not read yet, with a pause between them: a workspace of twenty long runs never
            // makes one long task nor one string of its whole size
            wasm_bindgen_futures::spawn_local(async move {
                match export_parts(&workspace).await {
                    Ok(parts) => {
                        if let Err(e) = crate::execution::files::download_parts(
                            "steplab-workspace.json",
                            &parts,
                            "application/json",
                        ) {
                            message.set(Some(Err(e)));
                        }
                    }
                    Err(e) => message.set(Some(Err(e))),
                }
            });
        })
    };
    let choose = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let (workspace, message, input) = (workspace.clone(), message.clone(), input.clone());
        Callback::from(move |_: Event| {
            let Some(i) = input.cast::<web_sys::HtmlInputElement>() else { return };
            let (workspace, message) = (workspace.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match crate::execution::files::read_chosen(&i).await {
                    Err(e) => Err(e),
                    Ok((name, text)) => parse_workspace(&text).map(|w| {
                        let summary = format!(
                            "Imported {name}: {} functions, {} state machines, {} executions.",
                            w.functions.len(),
                            w.state_machines.len(),
                            w.executions.len()
                        );
                        workspace
                            .dispatch(Action::Adopt { other: w, live: crate::driver::live_arns() });
                        summary
                    }),
                };
                i.set_value("");
                message.set(Some(outcome));
            });
        })
    };
    html! {
        <div class="workspace-file">
            <button class="button" onclick={export}>{ "Export workspace" }</button>
            <button class="button" onclick={choose}>{ "Import workspace" }</button>
            <input ref={input} type="file" accept="application/json,.json" hidden=true aria-label="Workspace file" onchange={on_file} />
            { match &*message {
                Some(Ok(m)) => html! { <span class="hint" role="status">{ m }</span> },
                Some(Err(e)) => html! { <span class="field-error" role="alert">{ e }</span> },
                None => Html::default(),
            } }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_clear_errors() {
        let w = Workspace::default();
        let text = serde_json::to_string(&w).unwrap();
        assert_eq!(parse_workspace(&text).unwrap(), w);
        assert_eq!(
            parse_workspace("{\n  \"functions\": [\n}").unwrap_err(),
            "The file is not valid JSON: expected value at line 3, column 1"
        );
        assert_eq!(
            parse_workspace("[1]").unwrap_err(),
            "The file is not a StepLab workspace: it has none of functions, state_machines, executions"
        );
        assert!(
            parse_workspace(r#"{"functions": [{"name": 3, "last_modified_millis": 0}]}"#)
                .unwrap_err()
                .starts_with("The file is not a StepLab workspace: invalid type")
        );
    }
}

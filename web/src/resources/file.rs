//! The workspace's AWS resources as a file, and a fresh start: "Load seed file" (a JSON list of
//! service calls in AWS's shapes, as `steplab run --resources` reads it, or the resources a run or
//! this page saved), "Download resources" (what `steplab run --resources` and the JavaScript API's
//! `resources` take back) and "Reset resources" (every table, queue, topic, bucket and rule gone,
//! once confirmed).

use serde_json::Value;
use steplab_runner::handler_aws::{AwsCall, MadeCall};
use steplab_services::Services;
use yew::prelude::*;

use crate::components::modal::Modal;
use crate::store::{Action, Workspace, WorkspaceContext};

/// What loading `text` does to `workspace`'s resources: the calls to make (a seed list, checked
/// on a copy: the calls that fail are named and left out) or the saved resources to add (those
/// whose names the workspace uses are kept as they are); the message says what happens.
pub fn load(text: &str, workspace: &Workspace, now: i64) -> Result<(Action, String), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!("The file is not valid JSON: {e} (line {}, column {}).", e.line(), e.column())
    })?;
    match value {
        Value::Array(calls) => {
            let mut scratch = workspace.services.clone();
            let context = steplab_services::Context {
                now_millis: now,
                region: workspace.partition.region.clone(),
                account: workspace.partition.account.clone(),
            };
            let mut made = Vec::new();
            let mut failed = Vec::new();
            for (i, c) in calls.iter().enumerate() {
                let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
                let (Some(service), Some(operation)) = (s("service"), s("operation")) else {
                    return Err(format!(
                        "[{i}]: expected {{\"service\", \"operation\", \"input\"}}; nothing was loaded."
                    ));
                };
                let input = c.get("input").cloned().unwrap_or(Value::Object(Default::default()));
                match scratch.call(&service, &operation, &input, &context) {
                    Ok(_) => made.push(MadeCall {
                        now_millis: now,
                        call: AwsCall { service, operation, input },
                    }),
                    Err(e) => failed.push(format!("[{i}] {service} {operation}: {e}")),
                }
            }
            let mut message = format!("{} call(s) made.", made.len());
            if !failed.is_empty() {
                message.push_str(&format!(" Not made: {}.", failed.join("; ")));
            }
            Ok((Action::MakeServiceCalls(made), message))
        }
        Value::Object(_) => {
            let saved: Services = serde_json::from_value(value)
                .map_err(|e| format!("The file is not StepLab's saved resources: {e}."))?;
            let kept = workspace.services.clone().add_missing(&saved);
            let mut message = format!("Loaded: {}.", saved.resource_names().join(", "));
            if !kept.is_empty() {
                message.push_str(&format!(" Kept as they were: {}.", kept.join(", ")));
            }
            Ok((Action::AddServices(Box::new(saved)), message))
        }
        _ => Err("Expected a list of service calls or saved resources (an object).".into()),
    }
}

/// "Load seed file", "Download resources" and "Reset resources", with the outcome.
#[component]
pub fn ResourcesFile() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let message = use_state(|| None::<Result<String, String>>);
    let confirm = use_state(|| false);
    let input = use_node_ref();
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
                    Ok((_, text)) => load(&text, &workspace, crate::clock::now_millis()).map(
                        |(action, summary)| {
                            workspace.dispatch(action);
                            summary
                        },
                    ),
                };
                i.set_value("");
                message.set(Some(outcome));
            });
        })
    };
    let download = {
        let (workspace, message) = (workspace.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&workspace.services).unwrap_or_default();
            if let Err(e) = crate::execution::files::download(
                "steplab-resources.json",
                &text,
                "application/json",
            ) {
                message.set(Some(Err(e)));
            }
        })
    };
    let reset = {
        let (workspace, message, confirm) = (workspace.clone(), message.clone(), confirm.clone());
        Callback::from(move |_: MouseEvent| {
            workspace.dispatch(Action::PutServices(Box::default()));
            confirm.set(false);
            message.set(Some(Ok("Every table, queue, topic, bucket and rule was deleted.".into())));
        })
    };
    let ask = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(true))
    };
    let keep = {
        let confirm = confirm.clone();
        Callback::from(move |()| confirm.set(false))
    };
    html! {
        <div class="workspace-file" id="resources-file">
            <button class="button" id="load-seed" onclick={choose}>{ "Load seed file" }</button>
            <button class="button" id="download-resources" onclick={download}>{ "Download resources" }</button>
            <button class="button" id="reset-resources" onclick={ask}>{ "Reset resources" }</button>
            <input ref={input} type="file" accept="application/json,.json" hidden=true aria-label="Seed file" onchange={on_file} />
            { match &*message {
                Some(Ok(m)) => html! { <span class="hint" role="status" id="resources-file-message">{ m }</span> },
                Some(Err(e)) => html! { <span class="field-error" role="alert" id="resources-file-message">{ e }</span> },
                None => Html::default(),
            } }
            if *confirm {
                <Modal title="Reset resources" on_close={keep.clone()} footer={html! { <>
                    <button class="button" onclick={keep.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                    <button class="button primary" id="reset-confirm" onclick={reset}>{ "Reset" }</button>
                </> }}>
                    <p>{ format!("Delete every table, queue, topic, bucket and rule of this workspace ({})? Functions, state machines and executions stay.", workspace.services.resource_names().len()) }</p>
                </Modal>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_list_is_checked_call_by_call_and_saved_resources_add_what_is_missing() {
        let workspace = Workspace::default();
        let seed = r#"[{"service": "sqs", "operation": "CreateQueue", "input": {"QueueName": "jobs"}},
                       {"service": "sqs", "operation": "SendMessage", "input": {"QueueUrl": "nope", "MessageBody": "x"}}]"#;
        let (action, message) = load(seed, &workspace, 1).unwrap();
        let Action::MakeServiceCalls(made) = action else { panic!("calls") };
        assert_eq!(made.len(), 1);
        assert!(message.starts_with("1 call(s) made. Not made: [1] sqs SendMessage:"), "{message}");
        let mut services = Services::default();
        steplab_runner::handler_aws::make_again(&mut services, &made, &workspace.partition);
        let saved = serde_json::to_string(&services).unwrap();
        let (action, message) = load(&saved, &workspace, 2).unwrap();
        assert!(matches!(action, Action::AddServices(_)));
        assert_eq!(message, "Loaded: queue jobs.");
        let refused = |text: &str| load(text, &workspace, 3).err().unwrap_or_default();
        assert!(refused("[1]").starts_with("[0]: expected"));
        assert!(refused("{").contains("line 1"));
    }
}

//! The console pages of the AWS resources the workspace keeps in memory (`steplab-services`):
//! DynamoDB tables, SQS queues, SNS topics, S3 buckets and EventBridge rules. Each page works
//! through the services' own API (`ListTables`, `PutItem`, `SendMessage`, …), as the AWS console
//! does, so what it shows is what a handler or a state machine would get.

pub mod dynamodb;
pub mod events;
pub mod file;
pub mod s3;
pub mod sns;
pub mod sqs;

use serde_json::Value;
use steplab_services::{Context, ServiceError};
use yew::prelude::*;

use crate::store::{Action, Workspace};

/// Calls `operation` of `service` with `input` on the workspace's resources, now; a call that
/// changes them is kept (the reducer takes the new state, and the store saves it). What the call
/// sets off beyond the service (an SNS message for a Lambda subscriber) is not carried out from
/// the console.
pub fn call(
    workspace: &UseReducerHandle<Workspace>,
    service: &str,
    operation: &str,
    input: Value,
) -> Result<Value, ServiceError> {
    let mut services = workspace.services.clone();
    let response = services.call(service, operation, &input, &context(workspace))?;
    if services != workspace.services {
        workspace.dispatch(Action::PutServices(Box::new(services)));
    }
    Ok(response.output)
}

/// A read-only call (`Scan`, `ListQueues`): its output, or the error as text.
pub fn read(
    workspace: &Workspace,
    service: &str,
    operation: &str,
    input: Value,
) -> Result<Value, String> {
    let mut services = workspace.services.clone();
    services
        .call(service, operation, &input, &context(workspace))
        .map(|r| r.output)
        .map_err(|e| e.to_string())
}

/// A call now, in the workspace's region and account.
fn context(workspace: &Workspace) -> Context {
    Context {
        now_millis: crate::clock::now_millis(),
        region: workspace.partition.region.clone(),
        account: workspace.partition.account.clone(),
    }
}

/// The outcome of the last action on a page: a success to confirm, or AWS's error.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done(String),
    Failed(String),
}

impl Outcome {
    /// `done` when the call succeeded, else the error (`Code: message`).
    pub fn of<T>(result: &Result<T, ServiceError>, done: impl Into<String>) -> Self {
        match result {
            Ok(_) => Self::Done(done.into()),
            Err(e) => Self::Failed(e.to_string()),
        }
    }

    /// The flash that shows it.
    pub fn view(outcome: &Option<Self>) -> Html {
        match outcome {
            None => html! {},
            Some(Self::Done(text)) => {
                html! { <div class="flash flash-success" role="status">{ text }</div> }
            }
            Some(Self::Failed(text)) => {
                html! { <div class="flash flash-error" role="alert">{ text }</div> }
            }
        }
    }
}

/// A text field's value from its event (inputs and text areas).
pub fn field(e: &InputEvent) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else { return String::new() };
    if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.value();
    }
    target
        .dyn_ref::<web_sys::HtmlInputElement>()
        .map(web_sys::HtmlInputElement::value)
        .unwrap_or_default()
}

/// A setter for a text state, for `oninput`.
/// Keeps a code editor's text in `state`.
pub fn bind_text(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |text: String| state.set(text))
}

pub fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(field(&e)))
}

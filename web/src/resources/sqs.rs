//! Amazon SQS › Queues: the queues (create, delete) and a queue's messages (send, poll, delete,
//! purge).

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Outcome, bind, bind_text, call, read};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn queue_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

#[component]
pub fn Queues() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let name = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
    let on_create = {
        let (workspace, name, outcome) = (workspace.clone(), name.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let mut input = json!({"QueueName": *name});
            if name.ends_with(".fifo") {
                input["Attributes"] = json!({"FifoQueue": "true"});
            }
            let result = call(&workspace, "sqs", "CreateQueue", input);
            outcome.set(Some(Outcome::of(&result, format!("Queue {} was created.", *name))));
        })
    };
    let urls: Vec<String> = read(&workspace, "sqs", "ListQueues", json!({}))
        .ok()
        .and_then(|v| v["QueueUrls"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|u| u.as_str().map(str::to_owned))
        .collect();
    html! {
        <section>
            <Breadcrumbs trail={vec![("Amazon SQS".into(), None), ("Queues".into(), None)]} />
            <div class="page-header"><h1>{ format!("Queues ({})", urls.len()) }</h1></div>
            <crate::resources::file::ResourcesFile />
            { Outcome::view(&outcome) }
            <table class="table" id="sqs-queues">
                <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Messages available" }</th><th>{ "Messages in flight" }</th><th>{ "URL" }</th></tr></thead>
                <tbody>
                    if urls.is_empty() { <tr><td colspan="5" class="empty">{ "No queues" }</td></tr> }
                    { for urls.iter().map(|url| {
                        let a = read(&workspace, "sqs", "GetQueueAttributes", json!({"QueueUrl": url, "AttributeNames": ["All"]})).unwrap_or_default();
                        let a = &a["Attributes"];
                        let name = queue_name(url).to_owned();
                        html! {
                            <tr>
                                <td><Link<Route> to={Route::Queue { name: name.clone() }}>{ &name }</Link<Route>></td>
                                <td>{ if name.ends_with(".fifo") { "FIFO" } else { "Standard" } }</td>
                                <td>{ a["ApproximateNumberOfMessages"].as_str().unwrap_or("0") }</td>
                                <td>{ a["ApproximateNumberOfMessagesNotVisible"].as_str().unwrap_or("0") }</td>
                                <td><code>{ url }</code></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="panel">
                <h2>{ "Create queue" }</h2>
                <label for="queue-name">{ "Name (a FIFO queue's ends in .fifo)" }</label>
                <input id="queue-name" type="text" value={(*name).clone()} oninput={bind(&name)} />
                <button class="button primary" id="create-queue" onclick={on_create}>{ "Create queue" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct QueueProps {
    pub name: AttrValue,
}

/// A queue: send a message, poll for messages (they stay in flight for the visibility timeout,
/// as in the console), delete one, purge.
#[component]
pub fn QueuePage(props: &QueueProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let body = use_state(|| "Hello from StepLab".to_owned());
    let group = use_state(String::new);
    let received = use_state(Vec::<Value>::new);
    let outcome = use_state(|| None::<Outcome>);
    let navigator = use_navigator();
    let name = props.name.to_string();
    let trail: Vec<(AttrValue, Option<Route>)> = vec![
        ("Amazon SQS".into(), None),
        ("Queues".into(), Some(Route::Queues)),
        (name.clone().into(), None),
    ];
    let url = match read(&workspace, "sqs", "GetQueueUrl", json!({"QueueName": name})) {
        Ok(v) => v["QueueUrl"].as_str().unwrap_or_default().to_owned(),
        Err(e) => {
            return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error" role="alert">{ e }</div></section> };
        }
    };
    let fifo = name.ends_with(".fifo");
    let on_send = {
        let (workspace, body, group, outcome, url) =
            (workspace.clone(), body.clone(), group.clone(), outcome.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            let mut input = json!({"QueueUrl": url, "MessageBody": *body});
            if fifo {
                input["MessageGroupId"] =
                    json!(if group.is_empty() { "default" } else { group.as_str() });
                input["MessageDeduplicationId"] = json!(crate::clock::now_millis().to_string());
            }
            let result = call(&workspace, "sqs", "SendMessage", input);
            let id = result
                .as_ref()
                .ok()
                .and_then(|v| v["MessageId"].as_str())
                .unwrap_or_default()
                .to_owned();
            outcome.set(Some(Outcome::of(
                &result,
                format!("Your message has been sent and is ready to be received. Message ID: {id}"),
            )));
        })
    };
    let on_poll = {
        let (workspace, received, outcome, url) =
            (workspace.clone(), received.clone(), outcome.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            let input = json!({"QueueUrl": url, "MaxNumberOfMessages": 10, "MessageSystemAttributeNames": ["All"]});
            match call(&workspace, "sqs", "ReceiveMessage", input) {
                Ok(v) => received.set(v["Messages"].as_array().cloned().unwrap_or_default()),
                Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
            }
        })
    };
    let delete = |message: &Value| {
        let handle = message["ReceiptHandle"].clone();
        let id = message["MessageId"].clone();
        let (workspace, received, outcome, url) =
            (workspace.clone(), received.clone(), outcome.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(
                &workspace,
                "sqs",
                "DeleteMessage",
                json!({"QueueUrl": url, "ReceiptHandle": handle}),
            );
            if result.is_ok() {
                received.set(received.iter().filter(|m| m["MessageId"] != id).cloned().collect());
            }
            outcome.set(Some(Outcome::of(&result, "The message was deleted.")));
        })
    };
    let simple = |operation: &'static str, done: &'static str, leave: bool| {
        let (workspace, outcome, url, navigator, received) =
            (workspace.clone(), outcome.clone(), url.clone(), navigator.clone(), received.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(&workspace, "sqs", operation, json!({"QueueUrl": url}));
            if result.is_ok() {
                received.set(Vec::new());
                if leave && let Some(n) = &navigator {
                    return n.push(&Route::Queues);
                }
            }
            outcome.set(Some(Outcome::of(&result, done)));
        })
    };
    let attributes = read(
        &workspace,
        "sqs",
        "GetQueueAttributes",
        json!({"QueueUrl": url, "AttributeNames": ["All"]}),
    )
    .unwrap_or_default();
    html! {
        <section>
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1>{ &name }</h1>
                <div class="actions">
                    <button class="button" id="purge-queue" onclick={simple("PurgeQueue", "The queue was purged.", false)}>{ "Purge" }</button>
                    <button class="button" id="delete-queue" onclick={simple("DeleteQueue", "", true)}>{ "Delete" }</button>
                </div>
            </div>
            { Outcome::view(&outcome) }
            <dl class="details">
                <dt>{ "URL" }</dt><dd><code>{ &url }</code></dd>
                <dt>{ "ARN" }</dt><dd><code>{ attributes["Attributes"]["QueueArn"].as_str().unwrap_or_default() }</code></dd>
                <dt>{ "Messages available" }</dt><dd id="messages-available">{ attributes["Attributes"]["ApproximateNumberOfMessages"].as_str().unwrap_or("0") }</dd>
            </dl>
            <div class="panel">
                <h2>{ "Send message" }</h2>
                <label for="message-body">{ "Message body" }</label>
                <CodeEditor id={Some(AttrValue::from("message-body"))} label="Message body" rows={4} language={Language::Text} value={AttrValue::from((*body).clone())} on_change={bind_text(&body)} line_numbers={false} />
                if fifo {
                    <label for="message-group">{ "Message group ID" }</label>
                    <input id="message-group" type="text" value={(*group).clone()} oninput={bind(&group)} />
                }
                <button class="button primary" id="send-message" onclick={on_send}>{ "Send message" }</button>
            </div>
            <div class="panel">
                <div class="panel-header">
                    <h2>{ format!("Receive messages ({})", received.len()) }</h2>
                    <button class="button" id="poll-messages" onclick={on_poll}>{ "Poll for messages" }</button>
                </div>
                <table class="table" id="messages">
                    <thead><tr><th>{ "ID" }</th><th>{ "Body" }</th><th>{ "Receive count" }</th><th>{ "Actions" }</th></tr></thead>
                    <tbody>
                        { for received.iter().map(|m| html! {
                            <tr>
                                <td><code>{ m["MessageId"].as_str().unwrap_or_default() }</code></td>
                                <td><pre class="json">{ m["Body"].as_str().unwrap_or_default() }</pre></td>
                                <td>{ m["Attributes"]["ApproximateReceiveCount"].as_str().unwrap_or("-") }</td>
                                <td><button class="link" onclick={delete(m)}>{ "Delete" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

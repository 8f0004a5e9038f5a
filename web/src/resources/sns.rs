//! Amazon SNS › Topics: the topics (create, delete), a topic's subscriptions (SQS queues and
//! Lambda functions) and Publish message.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Outcome, bind, bind_text, call, read};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn topic_arns(workspace: &crate::store::Workspace) -> Vec<String> {
    read(workspace, "sns", "ListTopics", json!({}))
        .ok()
        .and_then(|v| v["Topics"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t["TopicArn"].as_str().map(str::to_owned))
        .collect()
}

#[component]
pub fn Topics() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let name = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
    let on_create = {
        let (workspace, name, outcome) = (workspace.clone(), name.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let mut input = json!({"Name": *name});
            if name.ends_with(".fifo") {
                input["Attributes"] = json!({"FifoTopic": "true"});
            }
            let result = call(&workspace, "sns", "CreateTopic", input);
            outcome
                .set(Some(Outcome::of(&result, format!("Topic {} created successfully.", *name))));
        })
    };
    let arns = topic_arns(&workspace);
    html! {
        <section>
            <Breadcrumbs trail={vec![("Amazon SNS".into(), None), ("Topics".into(), None)]} />
            <div class="page-header"><h1>{ format!("Topics ({})", arns.len()) }</h1></div>
            <crate::resources::file::ResourcesFile />
            { Outcome::view(&outcome) }
            <table class="table" id="sns-topics">
                <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "ARN" }</th></tr></thead>
                <tbody>
                    if arns.is_empty() { <tr><td colspan="3" class="empty">{ "No topics" }</td></tr> }
                    { for arns.iter().map(|arn| {
                        let name = arn.rsplit(':').next().unwrap_or(arn).to_owned();
                        html! {
                            <tr>
                                <td><Link<Route> to={Route::Topic { name: name.clone() }}>{ &name }</Link<Route>></td>
                                <td>{ if name.ends_with(".fifo") { "FIFO" } else { "Standard" } }</td>
                                <td><code>{ arn }</code></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="panel">
                <h2>{ "Create topic" }</h2>
                <label for="topic-name">{ "Name" }</label>
                <input id="topic-name" type="text" value={(*name).clone()} oninput={bind(&name)} />
                <button class="button primary" id="create-topic" onclick={on_create}>{ "Create topic" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TopicProps {
    pub name: AttrValue,
}

#[component]
pub fn TopicPage(props: &TopicProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let (protocol, endpoint) = (use_state(|| "sqs".to_owned()), use_state(String::new));
    let (subject, message) =
        (use_state(String::new), use_state(|| "Hello from StepLab".to_owned()));
    let outcome = use_state(|| None::<Outcome>);
    let navigator = use_navigator();
    let name = props.name.to_string();
    let trail: Vec<(AttrValue, Option<Route>)> = vec![
        ("Amazon SNS".into(), None),
        ("Topics".into(), Some(Route::Topics)),
        (name.clone().into(), None),
    ];
    let Some(arn) =
        topic_arns(&workspace).into_iter().find(|a| a.rsplit(':').next() == Some(name.as_str()))
    else {
        return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error" role="alert">{ format!("NotFound: Topic does not exist: {name}") }</div></section> };
    };
    let subscriptions: Vec<Value> =
        read(&workspace, "sns", "ListSubscriptionsByTopic", json!({"TopicArn": arn}))
            .ok()
            .and_then(|v| v["Subscriptions"].as_array().cloned())
            .unwrap_or_default();
    let on_subscribe = {
        let (workspace, protocol, endpoint, outcome, arn) =
            (workspace.clone(), protocol.clone(), endpoint.clone(), outcome.clone(), arn.clone());
        Callback::from(move |_: MouseEvent| {
            let input = json!({"TopicArn": arn, "Protocol": *protocol, "Endpoint": *endpoint, "ReturnSubscriptionArn": true});
            let result = call(&workspace, "sns", "Subscribe", input);
            outcome.set(Some(Outcome::of(&result, "Subscription created successfully.")));
        })
    };
    let on_publish = {
        let (workspace, subject, message, outcome, arn) =
            (workspace.clone(), subject.clone(), message.clone(), outcome.clone(), arn.clone());
        Callback::from(move |_: MouseEvent| {
            let mut input = json!({"TopicArn": arn, "Message": *message});
            if !subject.is_empty() {
                input["Subject"] = json!(*subject);
            }
            if arn.ends_with(".fifo") {
                input["MessageGroupId"] = json!("default");
                input["MessageDeduplicationId"] = json!(crate::clock::now_millis().to_string());
            }
            let result = call(&workspace, "sns", "Publish", input);
            let id = result
                .as_ref()
                .ok()
                .and_then(|v| v["MessageId"].as_str())
                .unwrap_or_default()
                .to_owned();
            outcome.set(Some(Outcome::of(
                &result,
                format!(
                    "Message published to topic {} successfully. Message ID: {id}",
                    arn.rsplit(':').next().unwrap_or_default()
                ),
            )));
        })
    };
    let unsubscribe = |s: &Value| {
        let sub = s["SubscriptionArn"].clone();
        let (workspace, outcome) = (workspace.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(&workspace, "sns", "Unsubscribe", json!({"SubscriptionArn": sub}));
            outcome.set(Some(Outcome::of(&result, "Subscription deleted.")));
        })
    };
    let on_delete = {
        let (workspace, outcome, arn) = (workspace.clone(), outcome.clone(), arn.clone());
        Callback::from(move |_: MouseEvent| {
            match call(&workspace, "sns", "DeleteTopic", json!({"TopicArn": arn})) {
                Ok(_) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::Topics);
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
            }
        })
    };
    let pick_protocol = {
        let protocol = protocol.clone();
        Callback::from(move |e: Event| {
            use yew::TargetCast;
            protocol.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        })
    };
    html! {
        <section>
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1>{ &name }</h1>
                <div class="actions"><button class="button" id="delete-topic" onclick={on_delete}>{ "Delete" }</button></div>
            </div>
            { Outcome::view(&outcome) }
            <dl class="details"><dt>{ "ARN" }</dt><dd><code>{ &arn }</code></dd></dl>
            <div class="panel">
                <h2>{ format!("Subscriptions ({})", subscriptions.len()) }</h2>
                <table class="table" id="subscriptions">
                    <thead><tr><th>{ "ID" }</th><th>{ "Protocol" }</th><th>{ "Endpoint" }</th><th>{ "Actions" }</th></tr></thead>
                    <tbody>
                        { for subscriptions.iter().map(|s| html! {
                            <tr>
                                <td><code>{ s["SubscriptionArn"].as_str().unwrap_or_default().rsplit(':').next().unwrap_or_default() }</code></td>
                                <td>{ s["Protocol"].as_str().unwrap_or_default() }</td>
                                <td><code>{ s["Endpoint"].as_str().unwrap_or_default() }</code></td>
                                <td><button class="link" onclick={unsubscribe(s)}>{ "Delete" }</button></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <label for="subscription-protocol">{ "Protocol" }</label>
                <select id="subscription-protocol" onchange={pick_protocol}>
                    <option value="sqs" selected={*protocol == "sqs"}>{ "Amazon SQS" }</option>
                    <option value="lambda" selected={*protocol == "lambda"}>{ "AWS Lambda" }</option>
                </select>
                <label for="subscription-endpoint">{ "Endpoint (the queue's or the function's ARN)" }</label>
                <input id="subscription-endpoint" type="text" value={(*endpoint).clone()} oninput={bind(&endpoint)} />
                <button class="button primary" id="create-subscription" onclick={on_subscribe}>{ "Create subscription" }</button>
            </div>
            <div class="panel">
                <h2>{ "Publish message" }</h2>
                <label for="message-subject">{ "Subject - optional" }</label>
                <input id="message-subject" type="text" value={(*subject).clone()} oninput={bind(&subject)} />
                <label for="message-body">{ "Message body" }</label>
                <CodeEditor id={Some(AttrValue::from("message-body"))} label="Message body" rows={4} language={Language::Text} value={AttrValue::from((*message).clone())} on_change={bind_text(&message)} line_numbers={false} />
                <button class="button primary" id="publish-message" onclick={on_publish}>{ "Publish message" }</button>
            </div>
        </section>
    }
}

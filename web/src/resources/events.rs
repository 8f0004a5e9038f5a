//! Amazon EventBridge › Rules: the rules of the default bus (create with an event pattern,
//! delete), a rule's targets (Lambda functions, SQS queues, state machines) and Send events.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Outcome, bind, bind_text, call, read};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn rules(workspace: &crate::store::Workspace) -> Vec<Value> {
    read(workspace, "events", "ListRules", json!({}))
        .ok()
        .and_then(|v| v["Rules"].as_array().cloned())
        .unwrap_or_default()
}

#[component]
pub fn Rules() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let name = use_state(String::new);
    let pattern = use_state(|| "{\n  \"source\": [\"my.app\"]\n}".to_owned());
    let (source, detail_type, detail) = (
        use_state(|| "my.app".to_owned()),
        use_state(|| "Order placed".to_owned()),
        use_state(|| "{\"orderId\": \"1\"}".to_owned()),
    );
    let outcome = use_state(|| None::<Outcome>);
    let on_create = {
        let (workspace, name, pattern, outcome) =
            (workspace.clone(), name.clone(), pattern.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(
                &workspace,
                "events",
                "PutRule",
                json!({"Name": *name, "EventPattern": *pattern, "State": "ENABLED"}),
            );
            outcome.set(Some(Outcome::of(
                &result,
                format!("Rule {} was created successfully.", *name),
            )));
        })
    };
    let on_send = {
        let (workspace, source, detail_type, detail, outcome) = (
            workspace.clone(),
            source.clone(),
            detail_type.clone(),
            detail.clone(),
            outcome.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let entry = json!({"Source": *source, "DetailType": *detail_type, "Detail": *detail, "EventBusName": "default"});
            let result = call(&workspace, "events", "PutEvents", json!({"Entries": [entry]}));
            let failed =
                result.as_ref().ok().and_then(|v| v["FailedEntryCount"].as_u64()).unwrap_or(0);
            outcome.set(Some(Outcome::of(&result, format!("Event sent ({failed} failed).  Deliveries to Lambda functions and state machines run only from executions."))));
        })
    };
    let all = rules(&workspace);
    html! {
        <section>
            <Breadcrumbs trail={vec![("Amazon EventBridge".into(), None), ("Rules".into(), None)]} />
            <div class="page-header"><h1>{ format!("Rules ({})", all.len()) }</h1></div>
            <crate::resources::file::ResourcesFile />
            { Outcome::view(&outcome) }
            <table class="table" id="events-rules">
                <thead><tr><th>{ "Name" }</th><th>{ "Status" }</th><th>{ "Event bus" }</th><th>{ "Event pattern" }</th></tr></thead>
                <tbody>
                    if all.is_empty() { <tr><td colspan="4" class="empty">{ "No rules" }</td></tr> }
                    { for all.iter().map(|r| {
                        let name = r["Name"].as_str().unwrap_or_default().to_owned();
                        html! {
                            <tr>
                                <td><Link<Route> to={Route::Rule { name: name.clone() }}>{ &name }</Link<Route>></td>
                                <td>{ r["State"].as_str().unwrap_or_default() }</td>
                                <td>{ r["EventBusName"].as_str().unwrap_or("default") }</td>
                                <td><code>{ r["EventPattern"].as_str().unwrap_or_default() }</code></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="panel">
                <h2>{ "Create rule" }</h2>
                <label for="rule-name">{ "Name" }</label>
                <input id="rule-name" type="text" value={(*name).clone()} oninput={bind(&name)} />
                <label for="rule-pattern">{ "Event pattern" }</label>
                <CodeEditor id={Some(AttrValue::from("rule-pattern"))} label="Event pattern" rows={5} language={Language::Json} value={AttrValue::from((*pattern).clone())} on_change={bind_text(&pattern)} line_numbers={false} />
                <button class="button primary" id="create-rule" onclick={on_create}>{ "Create rule" }</button>
            </div>
            <div class="panel">
                <h2>{ "Send events" }</h2>
                <label for="event-source">{ "Event source" }</label>
                <input id="event-source" type="text" value={(*source).clone()} oninput={bind(&source)} />
                <label for="event-detail-type">{ "Detail type" }</label>
                <input id="event-detail-type" type="text" value={(*detail_type).clone()} oninput={bind(&detail_type)} />
                <label for="event-detail">{ "Event detail" }</label>
                <CodeEditor id={Some(AttrValue::from("event-detail"))} label="Event detail" rows={3} language={Language::Json} value={AttrValue::from((*detail).clone())} on_change={bind_text(&detail)} line_numbers={false} />
                <button class="button primary" id="send-event" onclick={on_send}>{ "Send" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RuleProps {
    pub name: AttrValue,
}

#[component]
pub fn RulePage(props: &RuleProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let target = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
    let navigator = use_navigator();
    let name = props.name.to_string();
    let trail: Vec<(AttrValue, Option<Route>)> = vec![
        ("Amazon EventBridge".into(), None),
        ("Rules".into(), Some(Route::Rules)),
        (name.clone().into(), None),
    ];
    let rule = match read(&workspace, "events", "DescribeRule", json!({"Name": name})) {
        Ok(r) => r,
        Err(e) => {
            return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error" role="alert">{ e }</div></section> };
        }
    };
    let targets: Vec<Value> =
        read(&workspace, "events", "ListTargetsByRule", json!({"Rule": name}))
            .ok()
            .and_then(|v| v["Targets"].as_array().cloned())
            .unwrap_or_default();
    let on_add = {
        let (workspace, target, outcome, name, n) =
            (workspace.clone(), target.clone(), outcome.clone(), name.clone(), targets.len());
        Callback::from(move |_: MouseEvent| {
            let id = format!("Target{}", n + 1);
            let result = call(
                &workspace,
                "events",
                "PutTargets",
                json!({"Rule": name, "Targets": [{"Id": id, "Arn": *target}]}),
            );
            outcome.set(Some(Outcome::of(&result, "The target was added.")));
        })
    };
    let remove = |t: &Value| {
        let id = t["Id"].clone();
        let (workspace, outcome, name) = (workspace.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let result =
                call(&workspace, "events", "RemoveTargets", json!({"Rule": name, "Ids": [id]}));
            outcome.set(Some(Outcome::of(&result, "The target was removed.")));
        })
    };
    let on_delete = {
        let (workspace, outcome, name, targets) =
            (workspace.clone(), outcome.clone(), name.clone(), targets.clone());
        Callback::from(move |_: MouseEvent| {
            // as the console does: the targets go first, then the rule
            let ids: Vec<Value> = targets.iter().map(|t| t["Id"].clone()).collect();
            if !ids.is_empty() {
                let _ =
                    call(&workspace, "events", "RemoveTargets", json!({"Rule": name, "Ids": ids}));
            }
            match call(&workspace, "events", "DeleteRule", json!({"Name": name})) {
                Ok(_) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::Rules);
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
            }
        })
    };
    html! {
        <section>
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1>{ &name }</h1>
                <div class="actions"><button class="button" id="delete-rule" onclick={on_delete}>{ "Delete" }</button></div>
            </div>
            { Outcome::view(&outcome) }
            <dl class="details">
                <dt>{ "ARN" }</dt><dd><code>{ rule["Arn"].as_str().unwrap_or_default() }</code></dd>
                <dt>{ "Event pattern" }</dt><dd><pre class="json">{ rule["EventPattern"].as_str().unwrap_or_default() }</pre></dd>
            </dl>
            <div class="panel">
                <h2>{ format!("Targets ({})", targets.len()) }</h2>
                <table class="table" id="targets">
                    <thead><tr><th>{ "ID" }</th><th>{ "ARN" }</th><th>{ "Actions" }</th></tr></thead>
                    <tbody>
                        { for targets.iter().map(|t| html! {
                            <tr><td>{ t["Id"].as_str().unwrap_or_default() }</td><td><code>{ t["Arn"].as_str().unwrap_or_default() }</code></td>
                            <td><button class="link" onclick={remove(t)}>{ "Remove" }</button></td></tr>
                        }) }
                    </tbody>
                </table>
                <label for="target-arn">{ "Target ARN (a Lambda function, an SQS queue or a state machine)" }</label>
                <input id="target-arn" type="text" value={(*target).clone()} oninput={bind(&target)} />
                <button class="button primary" id="add-target" onclick={on_add}>{ "Add target" }</button>
            </div>
        </section>
    }
}

//! CloudWatch › Log groups, a log group's streams, a stream's events ([`super::model`]).

use yew::prelude::*;
use yew_router::prelude::*;

use super::model::{self, Source};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn trail(group: Option<&str>, stream: Option<&str>) -> Vec<(AttrValue, Option<Route>)> {
    let mut trail =
        vec![("CloudWatch".into(), None), ("Log groups".into(), group.map(|_| Route::LogGroups))];
    if let Some(g) = group {
        let to = stream.map(|_| Route::LogGroup { group: model::encode(g) });
        trail.push((g.to_owned().into(), to));
    }
    if let Some(s) = stream {
        trail.push((s.to_owned().into(), None));
    }
    trail
}

fn time(millis: i64) -> String {
    steplab_asl::time::iso_millis(millis)
}

#[component]
pub fn LogGroups() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let groups = model::log_groups(&workspace);
    html! {
        <section>
            <Breadcrumbs trail={trail(None, None)} />
            <h1>{ format!("Log groups ({})", groups.len()) }</h1>
            <p class="hint">{ "The log groups StepLab's runs write: each Lambda function's invocations, and the execution logs of state machines whose logging is on (Config mode › Logging)." }</p>
            <table class="table" id="log-groups">
                <thead><tr><th>{ "Log group" }</th><th>{ "Log streams" }</th></tr></thead>
                <tbody>
                    { for groups.iter().map(|g| html! {
                        <tr>
                            <td><Link<Route> to={Route::LogGroup { group: model::encode(&g.name) }}>{ &g.name }</Link<Route>></td>
                            <td>{ g.streams.len() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LogGroupProps {
    /// The group's name as [`model::encode`] wrote it.
    pub group: AttrValue,
}

#[component]
pub fn LogGroupPage(props: &LogGroupProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let name = model::decode(&props.group);
    let group = model::log_groups(&workspace).into_iter().find(|g| g.name == name);
    html! {
        <section>
            <Breadcrumbs trail={trail(Some(&name), None)} />
            <h1>{ &name }</h1>
            { match group {
                None => html! { <div class="flash flash-error" role="alert">{ format!("The specified log group does not exist: {name}") }</div> },
                Some(g) => html! {
                    <table class="table" id="log-streams">
                        <thead><tr><th>{ "Log stream" }</th><th>{ "Last event time" }</th></tr></thead>
                        <tbody>
                            { for g.streams.iter().map(|s| html! {
                                <tr>
                                    <td><Link<Route> to={Route::LogStream { group: model::encode(&g.name), stream: model::encode(&s.name) }}>{ &s.name }</Link<Route>></td>
                                    <td>{ time(s.last_event_millis) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LogStreamProps {
    pub group: AttrValue,
    pub stream: AttrValue,
}

#[component]
pub fn LogStreamPage(props: &LogStreamProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let (group, stream) = (model::decode(&props.group), model::decode(&props.stream));
    let filter = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let source = model::log_groups(&workspace)
        .into_iter()
        .find(|g| g.name == group)
        .and_then(|g| g.streams.into_iter().find(|s| s.name == stream))
        .map(|s| s.source);
    let record = match &source {
        Some(Source::Execution { arn }) => workspace.executions.iter().find(|r| &r.arn == arn),
        _ => None,
    };
    // an execution's records are read from its history, which may not be read yet
    let reading = crate::storage::history_reader::use_history(record, problem.clone());
    let events = match &source {
        Some(Source::Lambda { function }) => model::lambda_events(&workspace, function, &stream),
        Some(Source::Execution { .. }) => {
            record.map(|r| model::execution_events(&workspace, r)).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let needle = filter.to_lowercase();
    let shown: Vec<_> = events
        .iter()
        .filter(|e| needle.is_empty() || e.message.to_lowercase().contains(&needle))
        .collect();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
        })
    };
    html! {
        <section>
            <Breadcrumbs trail={trail(Some(&group), Some(&stream))} />
            <h1>{ "Log events" }</h1>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert">{ p }</div> }
            if source.is_none() {
                <div class="flash flash-error" role="alert">{ format!("The specified log stream does not exist: {stream}") }</div>
            }
            if reading { <div class="flash flash-info" role="status">{ "Reading the execution's history…" }</div> }
            <input type="search" id="log-filter" aria-label="Filter events" placeholder="Filter events" value={(*filter).clone()} oninput={on_filter} />
            <table class="table log-events" id="log-events">
                <thead><tr><th>{ "Timestamp" }</th><th>{ "Message" }</th></tr></thead>
                <tbody>
                    { for shown.iter().map(|e| html! {
                        <tr><td class="nowrap">{ time(e.timestamp_millis) }</td><td><code class="log-message">{ &e.message }</code></td></tr>
                    }) }
                </tbody>
            </table>
            if shown.is_empty() && !reading { <p class="hint">{ "No events." }</p> }
        </section>
    }
}

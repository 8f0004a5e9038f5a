//! A child execution of a Map Run: its details, input and output, the graph of the Map's
//! `ItemProcessor` with the child's own history, and its events.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::json_text::JsonText;
use crate::components::status::Status;
use crate::execution::event_log::EventLog;
use crate::execution::events_view::EventsView;
use crate::execution::map_run::{child, find, item_processor};
use crate::execution::view::{SharedView, View};
use crate::graph::Graph;
use crate::pages::format_date;
use crate::route::Route;
use crate::store::WorkspaceContext;

#[derive(Properties, PartialEq)]
pub struct MapRunExecutionProps {
    pub state_machine: AttrValue,
    pub name: AttrValue,
    pub id: AttrValue,
    pub child: AttrValue,
}

#[allow(clippy::cast_possible_truncation)]
fn millis(v: &Value) -> Option<i64> {
    v.as_f64().map(|s| (s * 1000.0).round() as i64)
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

#[component]
pub fn MapRunExecutionPage(props: &MapRunExecutionProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let selected = use_state(|| None::<String>);
    let (sm, name, id) =
        (props.state_machine.to_string(), props.name.to_string(), props.id.to_string());
    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        (props.state_machine.clone(), Some(Route::StateMachine { name: sm.clone() })),
        (
            format!("Execution: {name}").into(),
            Some(Route::Execution { state_machine: sm.clone(), name: name.clone() }),
        ),
        (
            format!("Map Run: {id}").into(),
            Some(Route::MapRun { state_machine: sm.clone(), name: name.clone(), id: id.clone() }),
        ),
        (props.child.clone(), None),
    ];
    let record = workspace.execution(&sm, &name);
    let found = record.and_then(|r| {
        let run = find(r, &id)?;
        let (d, history) = child(run, &props.child)?;
        let state = text(&run["stateName"]);
        Some((r, d.clone(), history, item_processor(&r.definition, &state).unwrap_or_default()))
    });
    let Some((_, d, history, definition)) = found else {
        return html! { <section><Breadcrumbs {trail} />
            <div class="flash flash-error" role="alert">{ format!("Execution Does Not Exist: '{}'", props.child) }</div>
        </section> };
    };
    let status = text(&d["status"]);
    let start = millis(&d["startDate"]).unwrap_or(0);
    let view = SharedView(Rc::new(View::new(EventLog::new(history), None, &status)));
    let on_select = {
        let s = selected.clone();
        Callback::from(move |n: String| s.set(Some(n)))
    };
    let output = d.get("output").map(text).unwrap_or_default();
    html! {
        <section class="execution-page map-run-execution-page">
            <Breadcrumbs {trail} />
            <div class="page-header"><h1 id="child-execution-name">{ &props.child }</h1></div>
            <div class={format!("banner banner-{}", status.to_ascii_lowercase().replace('_', "-"))} role="status" id="execution-status">
                { format!("Execution status: {}", crate::components::status::label(&status)) }
                if let Some(e) = d.get("error").and_then(Value::as_str) {
                    <div class="banner-detail"><strong>{ "Error: " }</strong><span class="error">{ e }</span>
                        if let Some(c) = d.get("cause").and_then(Value::as_str) { <div><strong>{ "Cause: " }</strong><span class="cause">{ c }</span></div> }
                    </div>
                }
            </div>
            <div class="panel">
                <dl class="details" id="execution-details">
                    <dt>{ "Execution ARN" }</dt><dd id="execution-arn">{ text(&d["executionArn"]) }</dd>
                    <dt>{ "State machine ARN" }</dt><dd id="child-state-machine-arn">{ text(&d["stateMachineArn"]) }</dd>
                    <dt>{ "Map Run ARN" }</dt><dd><Link<Route> to={Route::MapRun { state_machine: sm.clone(), name: name.clone(), id: id.clone() }}>{ text(&d["mapRunArn"]) }</Link<Route>></dd>
                    <dt>{ "Status" }</dt><dd><Status status={status.clone()} /></dd>
                    <dt>{ "Start time" }</dt><dd>{ format_date(start) }</dd>
                    <dt>{ "End time" }</dt><dd>{ millis(&d["stopDate"]).map(format_date).unwrap_or_else(|| "-".into()) }</dd>
                    <dt>{ "Redrive count" }</dt><dd id="child-redrive-count">{ d["redriveCount"].as_u64().unwrap_or(0) }</dd>
                </dl>
            </div>
            <div class="side-by-side">
                <div><h3>{ "Input" }</h3><JsonText id="execution-input-view" text={AttrValue::from(text(&d["input"]))} /></div>
                <div><h3>{ "Output" }</h3><JsonText id="execution-output" text={AttrValue::from(output)} /></div>
            </div>
            <div class="panel">
                <Graph definition={definition} events={view.0.shown()} execution_status={Some(AttrValue::from(status.clone()))}
                    selected={(*selected).clone().map(AttrValue::from)} {on_select} />
            </div>
            <EventsView view={view} start_millis={start} on_go_to={Callback::from(|_: usize| ())} />
        </section>
    }
}

//! An execution's page: status, details, input and output, the graph, and the event history.

use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::WorkspaceContext;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::status::{Status, label};
use crate::graph::Graph;
use crate::pages::format_date;
use crate::route::Route;
use crate::store::ExecutionRecord;

#[derive(Properties, PartialEq)]
pub struct ExecutionProps {
    pub state_machine: AttrValue,
    pub name: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Details,
    InputOutput,
    Definition,
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

#[component]
pub fn ExecutionPage(props: &ExecutionProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let tab = use_state(|| Tab::Details);
    let selected = use_state(|| None::<String>);
    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        (
            props.state_machine.clone(),
            Some(Route::StateMachine { name: props.state_machine.to_string() }),
        ),
        (format!("Execution: {}", props.name).into(), None),
    ];
    let Some(execution) = workspace.execution(&props.state_machine, &props.name).cloned() else {
        return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error">{ format!("Execution Does Not Exist: '{}'", workspace.partition.execution_arn(&props.state_machine, &props.name)) }</div></section> };
    };
    let tab_button = |t: Tab, text: &'static str| {
        let tab = tab.clone();
        html! { <button role="tab" aria-selected={(*tab == t).to_string()} class={classes!("tab", (*tab == t).then_some("active"))} onclick={Callback::from(move |_| tab.set(t))}>{ text }</button> }
    };
    let on_select = {
        let s = selected.clone();
        Callback::from(move |n: String| s.set(Some(n)))
    };
    let duration = execution
        .stop_millis
        .map(|stop| format!("{:.3} s", (stop - execution.start_millis) as f64 / 1000.0));
    #[allow(clippy::cast_precision_loss)]
    let transitions = execution
        .events
        .iter()
        .filter(|e| {
            e.get("type").and_then(Value::as_str).is_some_and(|t| t.ends_with("StateEntered"))
        })
        .count();

    html! {
        <section>
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1>{ &execution.name }</h1>
                <div class="actions">
                    <Link<Route> to={Route::EditStateMachine { name: execution.state_machine.clone() }} classes="button">{ "Edit state machine" }</Link<Route>>
                </div>
            </div>
            <div class={format!("banner banner-{}", execution.status.to_ascii_lowercase().replace('_', "-"))} role="status" id="execution-status">
                { format!("Execution status: {}", label(&execution.status)) }
                if let (Some(error), cause) = (&execution.error, &execution.cause) {
                    <div class="banner-detail"><strong>{ "Error: " }</strong>{ error }
                        if let Some(c) = cause { <div><strong>{ "Cause: " }</strong><span class="cause">{ c }</span></div> }
                    </div>
                }
            </div>
            <div class="tabs" role="tablist">
                { tab_button(Tab::Details, "Details") }
                { tab_button(Tab::InputOutput, "Execution input and output") }
                { tab_button(Tab::Definition, "Definition") }
            </div>
            <div class="panel">
                { match *tab {
                    Tab::Details => html! {
                        <dl class="details">
                            <dt>{ "Execution ARN" }</dt><dd>{ &execution.arn }</dd>
                            <dt>{ "Status" }</dt><dd><Status status={execution.status.clone()} /></dd>
                            <dt>{ "Start time" }</dt><dd>{ format_date(execution.start_millis) }</dd>
                            <dt>{ "End time" }</dt><dd>{ execution.stop_millis.map(format_date).unwrap_or_else(|| "-".into()) }</dd>
                            <dt>{ "Duration" }</dt><dd>{ duration.unwrap_or_else(|| "-".into()) }</dd>
                            <dt>{ "State machine ARN" }</dt><dd>{ workspace.partition.state_machine_arn(&execution.state_machine) }</dd>
                            <dt>{ "State transitions" }</dt><dd>{ transitions }</dd>
                        </dl>
                    },
                    Tab::InputOutput => html! {
                        <div class="side-by-side">
                            <div><h3>{ "Input" }</h3><pre class="json" id="execution-input-view">{ pretty(&execution.input) }</pre></div>
                            <div><h3>{ "Output" }</h3><pre class="json" id="execution-output">{ execution.output.as_deref().map(pretty).unwrap_or_default() }</pre></div>
                        </div>
                    },
                    Tab::Definition => html! { <pre class="json">{ &execution.definition }</pre> },
                } }
            </div>
            <div class="execution-body">
                <div class="panel">
                    <h2>{ "Graph view" }</h2>
                    <Graph definition={execution.definition.clone()} events={execution.events.clone()}
                        execution_status={Some(AttrValue::from(execution.status.clone()))}
                        selected={(*selected).clone().map(AttrValue::from)} {on_select} />
                </div>
                if let Some(state) = &*selected {
                    <StatePanel execution={execution.clone()} state={state.clone()} />
                }
            </div>
            <Events execution={execution} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StatePanelProps {
    execution: ExecutionRecord,
    state: String,
}

/// The selected state's input and output, from its entered and exited events.
#[component]
fn StatePanel(props: &StatePanelProps) -> Html {
    let find = |suffix: &str, details: &str| {
        props.execution.events.iter().rev().find_map(|e| {
            let t = e.get("type")?.as_str()?;
            let d = e.get(details)?;
            (t.ends_with(suffix) && d.get("name")?.as_str()? == props.state).then(|| d.clone())
        })
    };
    let input = find("StateEntered", "stateEnteredEventDetails")
        .and_then(|d| d.get("input").and_then(Value::as_str).map(pretty));
    let output = find("StateExited", "stateExitedEventDetails")
        .and_then(|d| d.get("output").and_then(Value::as_str).map(pretty));
    html! {
        <div class="panel state-panel">
            <h2>{ &props.state }</h2>
            <h3>{ "Input" }</h3><pre class="json">{ input.unwrap_or_default() }</pre>
            <h3>{ "Output" }</h3><pre class="json">{ output.unwrap_or_default() }</pre>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EventsProps {
    execution: ExecutionRecord,
}

/// When an event happened: its `timestamp` is an ISO 8601 string (or epoch seconds, as the API sends it).
fn event_millis(event: &Value) -> Option<i64> {
    let t = event.get("timestamp")?;
    let millis = match t {
        Value::String(s) => js_sys::Date::parse(s),
        other => other.as_f64()? * 1000.0,
    };
    #[allow(clippy::cast_possible_truncation)]
    let millis = (!millis.is_nan()).then_some(millis.round() as i64);
    millis
}

fn details_of(event: &Value) -> Option<(&str, &Value)> {
    event
        .as_object()?
        .iter()
        .find(|(k, _)| k.ends_with("EventDetails"))
        .map(|(k, v)| (k.as_str(), v))
}

/// The event history table: ID, Type, Step, Resource, Started after, Date and time.
#[component]
fn Events(props: &EventsProps) -> Html {
    let open = use_state(Vec::<u64>::new);
    let start = props.execution.start_millis;
    let mut step = String::new();
    html! {
        <div class="panel">
            <h2>{ format!("Events ({})", props.execution.events.len()) }</h2>
            <table class="table events" id="events">
                <thead><tr><th>{ "ID" }</th><th>{ "Type" }</th><th>{ "Step" }</th><th>{ "Resource" }</th><th>{ "Started after" }</th><th>{ "Date and time" }</th></tr></thead>
                <tbody>
                    { for props.execution.events.iter().map(|e| {
                        let id = e.get("id").and_then(Value::as_u64).unwrap_or(0);
                        let kind = e.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
                        let details = details_of(e).map(|(_, d)| d.clone());
                        if let Some(name) = details.as_ref().and_then(|d| d.get("name")).and_then(Value::as_str) { step = name.to_owned(); }
                        if kind.starts_with("Execution") { step.clear(); }
                        let resource = details.as_ref().and_then(|d| d.get("resource")).and_then(Value::as_str).map(str::to_owned).unwrap_or_default();
                        #[allow(clippy::cast_possible_truncation)]
                        let millis = event_millis(e).unwrap_or(start);
                        let is_open = open.contains(&id);
                        let toggle = { let open = open.clone(); Callback::from(move |_: MouseEvent| { let mut v = (*open).clone(); if let Some(i) = v.iter().position(|x| *x == id) { v.remove(i); } else { v.push(id); } open.set(v); }) };
                        html! {
                            <>
                                <tr class="event-row" data-type={kind.clone()}>
                                    <td><button class="icon-button" aria-expanded={is_open.to_string()} onclick={toggle}>{ if is_open { "▾" } else { "▸" } }</button>{ id }</td>
                                    <td>{ &kind }</td><td>{ step.clone() }</td><td>{ resource }</td>
                                    <td>{ format!("{} ms", millis - start) }</td><td>{ format_date(millis) }</td>
                                </tr>
                                if is_open {
                                    <tr class="event-details"><td colspan="6"><pre class="json">{ serde_json::to_string_pretty(e).unwrap_or_default() }</pre></td></tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
            if !props.execution.logs.is_empty() {
                <h3>{ "Function logs" }</h3>
                { for props.execution.logs.iter().map(|l| html! { <pre class="logs">{ &l.log }</pre> }) }
            }
        </div>
    }
}

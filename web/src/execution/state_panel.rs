//! The panel of the state selected in the graph or the table: its input and output with the data
//! flow stages in between, its details, its definition, its events and its function logs; a state
//! run several times (loops, Map iterations, Parallel branches) lists each run.

use serde_json::Value;
use steplab_asl::StartExecution;
use steplab_runner::InvocationLog;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::execution::debugger::BreakKind;
use crate::execution::history;
use crate::execution::stages::{STAGE_NAMES, Stages, find_state, reached, stages};
use crate::execution::view::SharedView;
use crate::execution::visits::{Visit, variables};
use crate::graph::StateStatus;
use crate::route::Route;

/// JSON text pretty-printed (or as is when it is not JSON).
pub fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

/// Milliseconds as the console shows durations.
pub fn duration_text(millis: i64) -> String {
    if millis < 1000 {
        format!("{millis} ms")
    } else {
        #[allow(clippy::cast_precision_loss)]
        let s = millis as f64 / 1000.0;
        format!("{s:.3} s")
    }
}

#[derive(Properties, PartialEq)]
pub struct StatePanelProps {
    pub view: SharedView,
    pub state: AttrValue,
    /// The definition the execution ran.
    pub definition: AttrValue,
    /// Identity of the execution (for the recomputed stages' context).
    pub state_machine: AttrValue,
    pub execution: AttrValue,
    pub region: AttrValue,
    pub account: AttrValue,
    pub start_millis: i64,
    pub logs: Vec<InvocationLog>,
    /// Whether the debugger stops at this state, at its retriers, at its catchers.
    pub breakpoint: bool,
    #[prop_or_default]
    pub retry_breakpoint: bool,
    #[prop_or_default]
    pub catch_breakpoint: bool,
    pub on_breakpoint: Callback<(BreakKind, String)>,
    /// The data-flow stages recorded during the run, by the visit's entered event id.
    #[prop_or_default]
    pub recorded_stages:
        std::rc::Rc<std::collections::BTreeMap<u64, serde_json::Map<String, Value>>>,
    /// Starts a new execution from this state with this input (JSON text).
    pub on_rerun: Callback<(String, String)>,
    pub on_close: Callback<()>,
}

#[derive(Clone, Copy, PartialEq)]
enum PanelTab {
    InputOutput,
    Details,
    Definition,
    Events,
    Logs,
}

#[component]
pub fn StatePanel(props: &StatePanelProps) -> Html {
    let tab = use_state(|| PanelTab::InputOutput);
    let chosen = use_state(|| None::<usize>);
    let timeline = &props.view.timeline;
    let runs: Vec<(usize, &Visit)> = timeline.visits_of(&props.state).collect();
    // the chosen run, or the latest one
    let current = (*chosen)
        .filter(|c| runs.iter().any(|(i, _)| i == c))
        .or_else(|| runs.last().map(|(i, _)| *i));
    let tab_button = |t: PanelTab, text: &'static str, shown: PanelTab| {
        let tab = tab.clone();
        html! { <button role="tab" aria-selected={(shown == t).to_string()} class={classes!("tab", (shown == t).then_some("active"))} onclick={Callback::from(move |_| tab.set(t))}>{ text }</button> }
    };
    let on_run = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            chosen.set(v.parse().ok());
        })
    };
    let visit = current.map(|i| &timeline.visits[i]);
    let has_logs = visit.is_some_and(|v| {
        v.resource.as_deref().is_some_and(|r| r.contains("lambda") || r.contains(":function:"))
    });
    // the Logs tab of a state without logs shows its input and output
    let shown_tab = if *tab == PanelTab::Logs && !has_logs { PanelTab::InputOutput } else { *tab };
    let definition: Option<Value> = serde_json::from_str(&props.definition).ok();
    let state_json = definition
        .as_ref()
        .and_then(|d| find_state(d, &props.state))
        .map(|(s, _)| serde_json::to_string_pretty(s).unwrap_or_default());
    let body = match visit {
        None => html! { <p class="empty">{ "This state has not run." }</p> },
        Some(visit) => match shown_tab {
            PanelTab::InputOutput => input_output(props, visit),
            PanelTab::Details => details(props, visit),
            PanelTab::Definition => {
                html! { <pre class="json" id="state-definition">{ state_json.clone().unwrap_or_default() }</pre> }
            }
            PanelTab::Events => events(props, visit),
            PanelTab::Logs => logs(props, visit),
        },
    };
    let iterations: Vec<(String, Vec<usize>)> = visit
        .map(|v| {
            // the iterations or branches this Map / Parallel run opened
            let me = timeline.visits.iter().position(|x| std::ptr::eq(x, v));
            timeline
                .threads
                .iter()
                .enumerate()
                .filter(|(_, t)| t.parent.is_some() && t.parent == me)
                .map(|(ti, t)| {
                    let inner = timeline
                        .visits
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| x.thread == ti)
                        .map(|(i, _)| i)
                        .collect();
                    (t.label.clone(), inner)
                })
                .collect()
        })
        .unwrap_or_default();
    let toggle = |kind: BreakKind| {
        let (cb, name) = (props.on_breakpoint.clone(), props.state.to_string());
        Callback::from(move |_: Event| cb.emit((kind, name.clone())))
    };
    let toggle_break = toggle(BreakKind::State);
    let has = |field: &str| {
        definition
            .as_ref()
            .and_then(|d| find_state(d, &props.state))
            .and_then(|(s, _)| s.get(field))
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let (has_retry, has_catch) = (has("Retry"), has("Catch"));
    html! {
        <aside class="panel state-panel" aria-label={format!("State {}", props.state)} id="state-panel">
            <div class="panel-header">
                <h2>{ props.state.clone() }</h2>
                <button class="icon-button" aria-label="Close the state panel" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </div>
            <label class="checkbox">
                <input type="checkbox" id="state-breakpoint" checked={props.breakpoint} onchange={toggle_break} />
                { "Breakpoint: the debugger stops when this state is entered" }
            </label>
            if has_retry {
                <label class="checkbox">
                    <input type="checkbox" id="retry-breakpoint" checked={props.retry_breakpoint} onchange={toggle(BreakKind::Retry)} />
                    { "Breakpoint on its retriers: stop when one is about to retry" }
                </label>
            }
            if has_catch {
                <label class="checkbox">
                    <input type="checkbox" id="catch-breakpoint" checked={props.catch_breakpoint} onchange={toggle(BreakKind::Catch)} />
                    { "Breakpoint on its catchers: stop when one matches" }
                </label>
            }
            if runs.len() > 1 {
                <label for="state-run">{ format!("Runs of this state ({})", runs.len()) }</label>
                <select id="state-run" onchange={on_run}>
                    { for runs.iter().enumerate().map(|(n, (i, v))| {
                        let path = timeline.thread_path(v.thread);
                        let label = if path.is_empty() { format!("#{} ({})", n + 1, v.status.label()) } else { format!("#{} {path} ({})", n + 1, v.status.label()) };
                        html! { <option value={i.to_string()} selected={Some(*i) == current}>{ label }</option> }
                    }) }
                </select>
            }
            if !iterations.is_empty() {
                <div class="iterations">
                    <h3>{ format!("Iterations ({})", iterations.len()) }</h3>
                    <ul id="state-iterations">
                        { for iterations.iter().map(|(label, inner)| html! {
                            <li><span class="iteration-label">{ label }</span>
                                { for inner.iter().map(|&i| {
                                    let v = &timeline.visits[i];
                                    html! { <span class={classes!("iteration-state", format!("state-{}", status_class(v.status)))} title={v.status.label()}>{ &v.state }</span> }
                                }) }
                            </li>
                        }) }
                    </ul>
                </div>
            }
            <div class="tabs" role="tablist" aria-label="State panel">
                { tab_button(PanelTab::InputOutput, "Input and output", shown_tab) }
                { tab_button(PanelTab::Details, "Details", shown_tab) }
                { tab_button(PanelTab::Definition, "Definition", shown_tab) }
                { tab_button(PanelTab::Events, "Events", shown_tab) }
                if has_logs {
                    { tab_button(PanelTab::Logs, "Logs", shown_tab) }
                }
            </div>
            { body }
        </aside>
    }
}

/// The CSS suffix of a status.
pub fn status_class(s: StateStatus) -> &'static str {
    match s {
        StateStatus::NotRun => "not-run",
        StateStatus::InProgress => "in-progress",
        StateStatus::Succeeded => "succeeded",
        StateStatus::Failed => "failed",
        StateStatus::CaughtError => "caught-error",
        StateStatus::Cancelled => "cancelled",
    }
}

fn input_output(props: &StatePanelProps, visit: &Visit) -> Html {
    let start = StartExecution::new(
        &props.state_machine,
        &props.execution,
        &props.region,
        &props.account,
        props.start_millis,
        0,
    );
    let shown = props.view.events();
    let before = &shown[..visit.entered.min(shown.len())];
    let entered_id = props.view.all.events().get(visit.entered).map(history::id);
    let recorded = entered_id.and_then(|id| props.recorded_stages.get(&id)).map(|m| Stages {
        stages: STAGE_NAMES
            .iter()
            .filter_map(|n| {
                m.get(*n).map(|v| (*n, serde_json::to_string_pretty(v).unwrap_or_default()))
            })
            .collect(),
        error_details: None,
        matches_recorded: true,
    });
    let was_recorded = recorded.is_some();
    let computed = match recorded {
        Some(r) => Ok(r),
        None => stages(&props.definition, visit, variables(before), start),
    }
    // back in time (or stepping a live run), only the stages reached by the event shown
    .map(|mut s| {
        s.stages.retain(|(name, _)| reached(visit, name));
        s
    });
    let rerun = {
        let (cb, state, input) =
            (props.on_rerun.clone(), visit.state.clone(), visit.input.clone().unwrap_or_default());
        Callback::from(move |_: MouseEvent| cb.emit((state.clone(), input.clone())))
    };
    html! {
        <div class="state-io">
            <div class="side-by-side">
                <div><h3>{ "Input" }</h3><pre class="json" id="state-input">{ visit.input.as_deref().map(pretty).unwrap_or_default() }</pre></div>
                <div><h3>{ "Output" }</h3><pre class="json" id="state-output">{ visit.output.as_deref().map(pretty).unwrap_or_else(|| "-".into()) }</pre></div>
            </div>
            if let (Some(error), cause) = (&visit.error, &visit.cause) {
                <div class={classes!("state-error", format!("state-{}", status_class(visit.status)))} id="state-error">
                    <div><strong>{ "Error: " }</strong><span class="error">{ error }</span></div>
                    if let Some(c) = cause { <div><strong>{ "Cause: " }</strong><pre class="cause">{ pretty(c) }</pre></div> }
                </div>
            }
            <h3>{ "Data flow" }</h3>
            <p class="hint" id="stages-source">{ if was_recorded { "Recorded during the run." } else { "Recomputed from the recorded input (this execution did not record its stages)." } }</p>
            { match computed {
                Ok(s) => html! {
                    <>
                        if !s.matches_recorded {
                            <p class="hint">{ "Recomputed on their own, the stages end with another output than the run recorded (the state reads the time or the context): the recorded input and output above are the run's." }</p>
                        }
                        <ol class="stages" id="state-stages">
                            { for s.stages.iter().enumerate().map(|(i, (name, text))| {
                                // a stage that left the data as it was says so (a diff of one step)
                                let same = i > 0 && serde_json::from_str::<Value>(text).ok() == serde_json::from_str::<Value>(&s.stages[i - 1].1).ok();
                                html! {
                                    <li data-stage={*name}><h4>{ *name }</h4>
                                        if same { <span class="hint stage-unchanged">{ " unchanged" }</span> }
                                        <pre class="json">{ pretty(text) }</pre></li>
                                }
                            }) }
                            if let Some(d) = &s.error_details {
                                <li data-stage="errorDetails"><h4>{ "errorDetails" }</h4><pre class="json">{ serde_json::to_string_pretty(d).unwrap_or_default() }</pre></li>
                            }
                        </ol>
                    </>
                },
                Err(e) => html! { <p class="hint">{ e }</p> },
            } }
            if visit.input.is_some() {
                <button class="button" id="rerun-from-here" onclick={rerun}>{ "Re-run from here…" }</button>
            }
        </div>
    }
}

/// The page of what the visit's Task touched (its last scheduling's parameters).
fn touched(props: &StatePanelProps, visit: &Visit) -> Option<(Route, String)> {
    let all = props.view.events();
    visit.events.iter().rev().find_map(|&i| {
        let e = &all[i];
        let d = history::details(e)?;
        let text = |k: &str| d.get(k).and_then(serde_json::Value::as_str);
        match history::kind(e) {
            "TaskScheduled" => {
                let resource =
                    format!("arn:aws:states:::{}:{}", text("resourceType")?, text("resource")?);
                let parameters = text("parameters")
                    .and_then(|p| serde_json::from_str(p).ok())
                    .unwrap_or(serde_json::Value::Null);
                crate::execution::touched::touched(&resource, &parameters)
            }
            "LambdaFunctionScheduled" => {
                crate::execution::touched::touched(text("resource")?, &serde_json::Value::Null)
            }
            _ => None,
        }
    })
}

fn details(props: &StatePanelProps, visit: &Visit) -> Html {
    let exec_start = props.start_millis;
    let touched = touched(props, visit);
    // a Distributed Map's visit: the Map Run it started (or redrove)
    let all = props.view.events();
    let map_run = visit.events.iter().find_map(|&i| {
        let e = all.get(i)?;
        let d =
            e.get("mapRunStartedEventDetails").or_else(|| e.get("mapRunRedrivenEventDetails"))?;
        let arn = d.get("mapRunArn")?.as_str()?;
        Some(crate::execution::map_run::id_of(arn).to_owned())
    });
    html! {
        <dl class="details" id="state-details">
            if let Some(id) = map_run {
                <dt>{ "Map Run" }</dt><dd id="state-map-run"><Link<Route> to={Route::MapRun { state_machine: props.state_machine.to_string(), name: props.execution.to_string(), id: id.clone() }}>{ id }</Link<Route>></dd>
            }
            <dt>{ "Status" }</dt><dd class={format!("state-text-{}", status_class(visit.status))}>{ visit.status.label() }</dd>
            <dt>{ "Type" }</dt><dd>{ &visit.state_type }</dd>
            <dt>{ "Resource" }</dt><dd>{ visit.resource.clone().unwrap_or_else(|| "-".into()) }</dd>
            if let Some((route, label)) = touched {
                <dt>{ "Touched" }</dt><dd id="state-touched"><Link<Route> to={route}>{ label }</Link<Route>></dd>
            }
            <dt>{ "Started after" }</dt><dd>{ duration_text(visit.start_millis - exec_start) }</dd>
            <dt>{ "Duration" }</dt><dd>{ visit.duration_millis().map(duration_text).unwrap_or_else(|| "-".into()) }</dd>
            <dt>{ "Retries" }</dt><dd id="state-retries">{ visit.retries() }</dd>
            if let Some(e) = &visit.error { <dt>{ "Error" }</dt><dd>{ e }</dd> }
            if let Some(c) = &visit.cause { <dt>{ "Cause" }</dt><dd><pre class="cause">{ pretty(c) }</pre></dd> }
            if !visit.assigned.is_empty() {
                <dt>{ "Assigned variables" }</dt><dd><pre class="json">{ serde_json::to_string_pretty(&visit.assigned).unwrap_or_default() }</pre></dd>
            }
        </dl>
    }
}

fn events(props: &StatePanelProps, visit: &Visit) -> Html {
    let all = props.view.events();
    html! {
        <table class="table" id="state-events">
            <thead><tr><th>{ "ID" }</th><th>{ "Type" }</th><th>{ "Details" }</th></tr></thead>
            <tbody>
                { for visit.events.iter().map(|&i| {
                    let e = &all[i];
                    html! { <tr data-type={history::kind(e).to_owned()}>
                        <td>{ history::id(e) }</td><td>{ history::kind(e) }</td>
                        <td><pre class="json">{ history::details(e).map(|d| serde_json::to_string_pretty(d).unwrap_or_default()).unwrap_or_default() }</pre></td>
                    </tr> }
                }) }
            </tbody>
        </table>
    }
}

fn logs(props: &StatePanelProps, visit: &Visit) -> Html {
    // an invocation's log belongs to the visit whose events name its request id
    let shown = props.view.events();
    let text: String = visit.events.iter().map(|&i| shown[i].to_string()).collect();
    let mine: Vec<&InvocationLog> =
        props.logs.iter().filter(|l| text.contains(&l.request_id)).collect();
    html! {
        <div id="state-logs">
            if mine.is_empty() { <p class="empty">{ "No function log for this state (the function was not run by StepLab, or its answer does not name its request)." }</p> }
            { for mine.iter().map(|l| html! { <pre class="logs">{ &l.log }</pre> }) }
        </div>
    }
}

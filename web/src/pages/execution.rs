//! An execution's page, as the console's Execution details: breadcrumb, status banner, actions
//! (New execution, Edit state machine, Stop execution, Redrive, Export), the Details / Execution input and
//! output / Definition tabs, the Graph and Table views with the selected state's panel, the step
//! debugger, and the event history.

use std::rc::Rc;

use crate::storage::unsaved::{Concerned, UnsavedNotice};
use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::json_text::JsonText;
use crate::components::modal::Modal;
use crate::components::status::{Status, label};
use crate::execution::debugger::{BreakKind, Debugger, describe_pause};
use crate::execution::events_view::EventsView;
use crate::execution::state_panel::{StatePanel, duration_text, pretty};
use crate::execution::table_view::TableView;
use crate::execution::view::{SharedView, View};
use crate::execution::{launch, recovery};
use crate::graph::Graph;
use crate::pages::format_date;
use crate::pages::start_execution::{ExecutionMocks, StartExecution, StartRequest};
use crate::route::Route;
use crate::store::Action;
use crate::store::WorkspaceContext;

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
    /// With tracing on (Config mode): the X-Ray-style trace.
    Trace,
}

#[derive(Clone, Copy, PartialEq)]
enum ViewMode {
    Graph,
    Table,
}

/// The lines (first, last; 0-based) of state `name`'s object in `pretty`, a pretty-printed definition.
pub fn state_lines(pretty: &str, name: &str) -> Option<(usize, usize)> {
    let key = format!("{}: {{", Value::String(name.to_owned()));
    let lines: Vec<&str> = pretty.lines().collect();
    let first = lines.iter().position(|l| l.trim_start() == key)?;
    let indent = lines[first].len() - lines[first].trim_start().len();
    let last = (first + 1..lines.len()).find(|&i| {
        let l = lines[i];
        l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
    })?;
    Some((first, last))
}

/// The scope (an object with `States`) holding state `name`: the definition itself, or a Map's
/// `ItemProcessor` / `Iterator` or a Parallel's branch, however deep.
fn scope_of<'a>(scope: &'a Value, name: &str) -> Option<&'a Value> {
    let states = scope.get("States")?.as_object()?;
    if states.contains_key(name) {
        return Some(scope);
    }
    states.values().find_map(|s| {
        ["ItemProcessor", "Iterator"]
            .iter()
            .find_map(|k| s.get(*k).and_then(|p| scope_of(p, name)))
            .or_else(|| s.get("Branches")?.as_array()?.iter().find_map(|b| scope_of(b, name)))
    })
}

/// A definition with `StartAt` moved to `state` and the states it cannot reach left out (a
/// definition with unreachable states is not valid): "re-run from here". A state inside a Map
/// iteration or a Parallel branch re-runs that iteration's (branch's) states from it, as a state
/// machine of its own (with the machine's query language); what only a Map gives its iterations
/// (`$$.Map.Item`) is not there.
pub fn starting_at(definition: &str, state: &str) -> Result<String, String> {
    let top: Value = serde_json::from_str(definition).map_err(|e| e.to_string())?;
    if top.get("States").and_then(Value::as_object).is_none() {
        return Err("The definition has no States.".into());
    }
    let scope =
        scope_of(&top, state).ok_or_else(|| format!("The definition has no state '{state}'."))?;
    let mut d = if std::ptr::eq(scope, &top) {
        top.clone()
    } else {
        let mut d = serde_json::Map::new();
        // the state machine's query language (a processor or branch has none of its own)
        if let Some(ql) = top.get("QueryLanguage") {
            d.insert("QueryLanguage".into(), ql.clone());
        }
        d.insert("StartAt".into(), Value::String(state.to_owned()));
        d.insert("States".into(), scope["States"].clone());
        Value::Object(d)
    };
    let Some(Value::Object(states)) = d.get("States") else {
        return Err("The definition has no States.".into());
    };
    let mut reachable = vec![state.to_owned()];
    let mut at = 0;
    while at < reachable.len() {
        let s = &states[&reachable[at]];
        let mut next: Vec<&Value> = vec![];
        next.extend(s.get("Next"));
        next.extend(s.get("Default"));
        for key in ["Choices", "Catch"] {
            if let Some(Value::Array(items)) = s.get(key) {
                next.extend(items.iter().filter_map(|i| i.get("Next")));
            }
        }
        for n in next.into_iter().filter_map(Value::as_str) {
            if states.contains_key(n) && !reachable.iter().any(|r| r == n) {
                reachable.push(n.to_owned());
            }
        }
        at += 1;
    }
    let kept: serde_json::Map<String, Value> = states
        .iter()
        .filter(|(k, _)| reachable.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    d["States"] = Value::Object(kept);
    d["StartAt"] = Value::String(state.to_owned());
    serde_json::to_string_pretty(&d).map_err(|e| e.to_string())
}

/// A New execution dialog: its pre-filled input and, for "re-run from here", the definition to run.
#[derive(Clone, PartialEq)]
struct NewExecution {
    input: Option<String>,
    definition: Option<String>,
    from_state: Option<String>,
    /// The seed to pre-fill (a re-run replays the execution's random choices).
    seed: Option<u64>,
}

#[component]
pub fn ExecutionPage(props: &ExecutionProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let live_executions = use_context::<crate::execution::live::LiveContext>();
    let tab = use_state(|| Tab::Details);
    let mode = use_state(|| ViewMode::Graph);
    let selected = use_state(|| None::<String>);
    let cursor = use_state(|| None::<usize>);
    let breakpoints = {
        let sm = props.state_machine.to_string();
        use_state(move || crate::driver::breakpoints(&sm))
    };
    let new_execution = use_state(|| None::<NewExecution>);
    let confirm_stop = use_state(|| false);
    let confirm_redrive = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let record = workspace.execution(&props.state_machine, &props.name).cloned();
    let reading = crate::storage::history_reader::use_history(record.as_ref(), problem.clone());

    // an execution a Start execution dialog asked this tab to run
    {
        let (workspace, problem) = (workspace.clone(), problem.clone());
        let (sm, name) = (props.state_machine.to_string(), props.name.to_string());
        let exists = record.is_some();
        use_effect_with((sm.clone(), name.clone()), move |_| {
            if !exists
                && let Some(pending) = launch::take_pending(&sm, &name)
                && let Err(e) = crate::driver::start_with_mocks(
                    &workspace,
                    workspace.dispatcher(),
                    &sm,
                    &name,
                    &pending.input,
                    None,
                    pending.seed,
                    pending.mock_test_case.as_deref(),
                    pending.mock_config.as_deref(),
                    pending.qualifier.as_deref(),
                )
            {
                problem.set(Some(e));
            }
        });
    }
    // a RUNNING record no page drives any more is closed (see `recovery`)
    {
        let dispatcher = workspace.dispatcher();
        let watched = record.clone().filter(|r| r.status == "RUNNING");
        use_effect_with(watched.as_ref().map(|r| (r.arn.clone(), r.events.len())), move |_| {
            let interval = watched.map(|record| {
                gloo::timers::callback::Interval::new(1000, move || {
                    // `record` may be older than the workspace (an execution that has just ended
                    // and not been re-rendered yet): the reducer decides on the record it holds
                    let beat = recovery::last_beat(&record.arn);
                    let now = crate::driver::now_millis();
                    let live = crate::driver::is_live(&record.arn);
                    if !live && recovery::is_orphan(&record, beat, now) {
                        let arn = record.arn.clone();
                        dispatcher.dispatch(Action::CloseOrphan { arn, live, beat, now });
                        recovery::forget(&record.arn);
                    }
                })
            });
            move || drop(interval)
        });
    }
    // the view model is built again only when the history, the cursor or the status changed
    let view = {
        let status = record.as_ref().map(|r| r.status.clone()).unwrap_or_default();
        let events = record.as_ref().map(|r| r.events.clone()).unwrap_or_default();
        use_memo((events, *cursor, status), move |(all, at, status)| {
            SharedView(Rc::new(View::new(all.clone(), *at, status)))
        })
    };

    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        (
            props.state_machine.clone(),
            Some(Route::StateMachine { name: props.state_machine.to_string() }),
        ),
        (format!("Execution: {}", props.name).into(), None),
    ];
    let Some(execution) = record else {
        let waiting = problem.is_none();
        return html! { <section><Breadcrumbs {trail} />
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert">{ p }</div> }
            else if !waiting { <></> }
            <div class="flash flash-error">{ format!("Execution Does Not Exist: '{}'", workspace.partition.execution_arn(&props.state_machine, &props.name)) }</div>
        </section> };
    };
    let view = (*view).clone();
    let state_machine_arn = workspace.partition.state_machine_arn(&execution.state_machine);
    let live = live_executions.as_ref().is_some_and(|l| l.is_live(&execution.arn));
    let paused_at = live_executions.as_ref().and_then(|l| l.paused_at(&execution.arn).cloned());
    let running = execution.status == "RUNNING";
    let tracing = workspace
        .state_machines
        .iter()
        .any(|m| m.name == execution.state_machine && m.config.tracing);
    let express_machine = workspace
        .state_machines
        .iter()
        .find(|m| m.name == execution.state_machine && m.kind == "EXPRESS")
        .cloned();
    let recorded_stages = Rc::clone(&execution.stages);

    let tab_button = |t: Tab, text: &'static str| {
        let tab = tab.clone();
        html! { <button role="tab" aria-selected={(*tab == t).to_string()} class={classes!("tab", (*tab == t).then_some("active"))} onclick={Callback::from(move |_| tab.set(t))}>{ text }</button> }
    };
    let mode_button = |m: ViewMode, text: &'static str, id: &'static str| {
        let mode = mode.clone();
        html! { <button role="tab" {id} aria-selected={(*mode == m).to_string()} class={classes!("tab", (*mode == m).then_some("active"))} onclick={Callback::from(move |_| mode.set(m))}>{ text }</button> }
    };
    let on_select = {
        let s = selected.clone();
        Callback::from(move |n: String| s.set(Some(n)))
    };
    let on_move = {
        let cursor = cursor.clone();
        Callback::from(move |c: Option<usize>| cursor.set(c))
    };
    let on_go_to = {
        let cursor = cursor.clone();
        Callback::from(move |i: usize| cursor.set(Some(i + 1)))
    };
    let on_breakpoint = {
        let (breakpoints, sm) = (breakpoints.clone(), execution.state_machine.clone());
        Callback::from(move |(kind, name): (BreakKind, String)| {
            let mut b = (*breakpoints).clone();
            let set = match kind {
                BreakKind::State => &mut b.states,
                BreakKind::Retry => &mut b.retriers,
                BreakKind::Catch => &mut b.catchers,
            };
            if !set.remove(&name) {
                set.insert(name);
            }
            crate::driver::set_breakpoints(&sm, b.clone());
            breakpoints.set(b);
        })
    };
    let on_rerun = {
        let (new_execution, problem, definition, seed) =
            (new_execution.clone(), problem.clone(), execution.definition.clone(), execution.seed);
        Callback::from(move |(state, input): (String, String)| {
            match starting_at(&definition, &state) {
                Ok(d) => new_execution.set(Some(NewExecution {
                    input: Some(pretty(&input)),
                    definition: Some(d),
                    from_state: Some(state),
                    seed,
                })),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let on_export = {
        let (problem, workspace, arn) =
            (problem.clone(), workspace.clone(), state_machine_arn.clone());
        let (sm, name) = (execution.state_machine.clone(), execution.name.clone());
        Callback::from(move |_: MouseEvent| {
            // the record is read when asked, not copied on every render
            let Some(record) = workspace.execution(&sm, &name) else { return };
            let doc = crate::execution::export::export(record, &arn);
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            if let Err(e) = crate::execution::files::download(
                &format!("{}.json", record.name),
                &text,
                "application/json",
            ) {
                problem.set(Some(e));
            }
        })
    };
    let on_stop = {
        let (confirm_stop, arn, problem) =
            (confirm_stop.clone(), execution.arn.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            confirm_stop.set(false);
            if !crate::driver::stop(&arn, None, None) {
                problem.set(Some("This execution is run by another tab: stop it there.".into()));
            }
        })
    };
    let on_redrive = {
        let (confirm_redrive, arn, problem) =
            (confirm_redrive.clone(), execution.arn.clone(), problem.clone());
        let workspace = workspace.clone();
        Callback::from(move |_: MouseEvent| {
            confirm_redrive.set(false);
            match crate::driver::redrive(&workspace, workspace.dispatcher(), &arn) {
                Ok(()) => problem.set(None),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let redrive = crate::execution::redrive::of(&execution, crate::driver::now_millis());
    let redrivable = redrive.status == steplab_asl::RedriveStatus::Redrivable;
    let redrive_refused =
        live_executions.as_ref().and_then(|l| l.redrive_refused(&execution.arn).map(str::to_owned));
    let on_fast_forward = {
        let arn = execution.arn.clone();
        Callback::from(move |_: MouseEvent| {
            crate::driver::fast_forward(&arn);
        })
    };
    let duration = execution.stop_millis.map(|stop| duration_text(stop - execution.start_millis));
    let transitions = execution
        .events
        .events()
        .iter()
        .filter(|e| {
            e.get("type").and_then(Value::as_str).is_some_and(|t| t.ends_with("StateEntered"))
        })
        .count();
    let pretty_definition = pretty(&execution.definition);
    let highlight = selected.as_deref().and_then(|s| state_lines(&pretty_definition, s));
    let (region, account) =
        (workspace.partition.region.clone(), workspace.partition.account.clone());

    html! {
        <section class="execution-page">
            <Breadcrumbs {trail} />
            <UnsavedNotice record={Concerned::Execution(execution.arn.clone())} />
            <div class="page-header">
                <h1>{ &execution.name }</h1>
                <div class="actions">
                    if running && live {
                        <button class="button" id="fast-forward" title="End the current wait (Wait state, retry back-off) on the virtual clock" onclick={on_fast_forward}>{ "Skip wait" }</button>
                        <button class="button" id="stop-execution" onclick={{ let c = confirm_stop.clone(); Callback::from(move |_| c.set(true)) }}>{ "Stop execution" }</button>
                    }
                    if redrivable && !live {
                        <button class="button" id="redrive-execution" onclick={{ let c = confirm_redrive.clone(); Callback::from(move |_| c.set(true)) }}>{ "Redrive" }</button>
                    }
                    <Link<Route> to={Route::EditStateMachine { name: execution.state_machine.clone() }} classes="button">{ "Edit state machine" }</Link<Route>>
                    <button class="button" id="export-execution" onclick={on_export}>{ "Export" }</button>
                    <button class="button primary" id="new-execution" onclick={{ let n = new_execution.clone(); let input = execution.input.clone(); Callback::from(move |_| n.set(Some(NewExecution { input: Some(pretty(&input)), definition: None, from_state: None, seed: None }))) }}>{ "New execution" }</button>
                </div>
            </div>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert">{ p }</div> }
            if let Some(r) = &redrive_refused {
                <div class="flash flash-error" role="alert" id="redrive-refused">{ r }</div>
            }
            if reading { <div class="flash flash-info" id="history-reading" role="status">{ "Reading the execution's history…" }</div> }
            <div class={format!("banner banner-{}", execution.status.to_ascii_lowercase().replace('_', "-"))} role="status" id="execution-status">
                { format!("Execution status: {}", label(&execution.status)) }
                if let (Some(error), cause) = (&execution.error, &execution.cause) {
                    <div class="banner-detail"><strong>{ "Error: " }</strong><span class="error">{ error }</span>
                        if let Some(c) = cause { <div><strong>{ "Cause: " }</strong><span class="cause">{ c }</span></div> }
                    </div>
                }
                if running && !live && execution.imported.is_none() {
                    <div class="banner-detail">{ "Another tab runs this execution." }</div>
                }
                if let Some(i) = &execution.imported {
                    <div class="banner-detail" id="imported-note">{ imported_note(i, running) }</div>
                }
            </div>
            if let Some(machine) = express_machine.as_ref() {
                <div class="flash flash-info" id="express-logs" role="note">
                    { format!("An Express workflow keeps no execution history: what is shown here is what its logging recorded (level {}{}). ", machine.config.log_level, if machine.config.include_execution_data { ", with execution data" } else { ", without execution data" }) }
                    if machine.config.log_level != "OFF" {
                        <Link<Route> to={Route::LogStream { group: crate::logs::model::encode(&steplab_runner::vended_logs::log_group_name(&machine.name)), stream: crate::logs::model::encode(&crate::logs::model::stream_of(&execution)) }}>{ "View in CloudWatch Logs" }</Link<Route>>
                    }
                </div>
            }
            if let Some(pause) = paused_at {
                <div class="flash flash-info" id="paused" role="status">
                    <span id="paused-reason">{ describe_pause(&pause) }</span>{ " " }
                    <button class="button" id="resume-execution" onclick={{ let arn = execution.arn.clone(); Callback::from(move |_: MouseEvent| { crate::driver::resume(&arn, false); }) }}>{ "Continue" }</button>
                    <button class="button" id="step-execution" onclick={{ let arn = execution.arn.clone(); Callback::from(move |_: MouseEvent| { crate::driver::resume(&arn, true); }) }}>{ "Step" }</button>
                </div>
            }
            <div class="tabs" role="tablist">
                { tab_button(Tab::Details, "Details") }
                { tab_button(Tab::InputOutput, "Execution input and output") }
                { tab_button(Tab::Definition, "Definition") }
                if tracing { { tab_button(Tab::Trace, "Trace") } }
            </div>
            <div class="panel">
                { match *tab {
                    Tab::Details => html! {
                        <dl class="details" id="execution-details">
                            <dt>{ "Execution ARN" }</dt><dd id="execution-arn">{ crate::logs::model::execution_arn(&workspace, &execution) }</dd>
                            <dt>{ "State machine ARN" }</dt><dd>{ &state_machine_arn }</dd>
                            // DescribeExecution's stateMachineAliasArn and stateMachineVersionArn, read from ExecutionStarted
                            if let Some(arn) = started_arn(&execution.events, "stateMachineAliasArn") {
                                <dt>{ "State machine alias ARN" }</dt><dd id="execution-alias-arn">{ arn }</dd>
                            }
                            if let Some(arn) = started_arn(&execution.events, "stateMachineVersionArn") {
                                <dt>{ "State machine version ARN" }</dt><dd id="execution-version-arn">{ arn }</dd>
                            }
                            <dt>{ "Status" }</dt><dd><Status status={execution.status.clone()} /></dd>
                            <dt>{ "Start time" }</dt><dd>{ format_date(execution.start_millis) }</dd>
                            <dt>{ "End time" }</dt><dd>{ execution.stop_millis.map(format_date).unwrap_or_else(|| "-".into()) }</dd>
                            <dt>{ "Duration" }</dt><dd>{ duration.unwrap_or_else(|| "-".into()) }</dd>
                            <dt>{ "State transitions" }</dt><dd id="state-transitions">{ transitions }</dd>
                            if let Some(i) = &execution.imported {
                                <dt>{ "Imported from AWS (StepLab)" }</dt>
                                <dd id="imported-execution-arn">{ i.execution_arn.clone().unwrap_or_else(|| "-".into()) }</dd>
                                <dt>{ "Imported on (StepLab)" }</dt><dd>{ format_date(i.imported_millis) }</dd>
                            }
                            <dt>{ "Redrive count" }</dt><dd id="redrive-count">{ redrive.count }</dd>
                            <dt>{ "Redrive date" }</dt><dd id="redrive-date">{ redrive.date_millis.map(format_date).unwrap_or_else(|| "-".into()) }</dd>
                            <dt>{ "Redrive status" }</dt><dd id="redrive-status">{ redrive.status.as_str() }
                                if let Some(reason) = redrive.status.reason() { <div class="muted" id="redrive-status-reason">{ reason }</div> }
                            </dd>
                            if let Some(seed) = execution.seed {
                                <dt>{ "Seed (StepLab)" }</dt><dd id="execution-seed-value">{ seed }</dd>
                            }
                            if let Some(case) = &execution.mock_test_case {
                                <dt>{ "Mock test case (StepLab)" }</dt><dd id="execution-mock-test-case">{ case }</dd>
                                <dt>{ "Mocked responses (StepLab)" }</dt>
                                <dd>{ mocked_responses(&execution) }</dd>
                            }
                        </dl>
                    },
                    Tab::InputOutput => html! {
                        <div class="side-by-side">
                            <div><h3>{ "Input" }</h3><JsonText id="execution-input-view" text={AttrValue::from(execution.input.clone())} /></div>
                            <div><h3>{ "Output" }</h3><JsonText id="execution-output" text={AttrValue::from(execution.output.clone().unwrap_or_default())} /></div>
                        </div>
                    },
                    Tab::Trace => html! {
                        <crate::execution::trace_view::TraceView segments={crate::execution::trace::segments(&execution.events.events(), &execution.logs, execution.start_millis)} />
                    },
                    Tab::Definition => html! {
                        <pre class="json definition" id="execution-definition">
                            { for pretty_definition.lines().enumerate().map(|(i, line)| {
                                let lit = highlight.is_some_and(|(a, b)| (a..=b).contains(&i));
                                html! { <span class={classes!("line", lit.then_some("highlight"))}>{ line }{ "\n" }</span> }
                            }) }
                        </pre>
                    },
                } }
            </div>
            <Debugger view={view.clone()} breakpoints={(*breakpoints).clone()} {on_move} />
            <div class="tabs" role="tablist" aria-label="Views">
                { mode_button(ViewMode::Graph, "Graph view", "graph-view-tab") }
                { mode_button(ViewMode::Table, "Table view", "table-view-tab") }
            </div>
            <div class="execution-body">
                <div class="panel">
                    { match *mode {
                        ViewMode::Graph => html! {
                            <Graph definition={execution.definition.clone()} events={view.shown()}
                                execution_status={Some(AttrValue::from(view.status.clone()))}
                                selected={(*selected).clone().map(AttrValue::from)} on_select={on_select.clone()} />
                        },
                        ViewMode::Table => html! {
                            <TableView view={view.clone()} start_millis={execution.start_millis} on_select={on_select.clone()} />
                        },
                    } }
                </div>
                if let Some(state) = &*selected {
                    <StatePanel view={view.clone()} state={state.clone()} definition={execution.definition.clone()}
                        state_machine={execution.state_machine.clone()} execution={execution.name.clone()}
                        region={region} account={account} start_millis={execution.start_millis}
                        logs={execution.logs.clone()} breakpoint={breakpoints.states.contains(state)}
                        retry_breakpoint={breakpoints.retriers.contains(state)} catch_breakpoint={breakpoints.catchers.contains(state)}
                        recorded_stages={recorded_stages.clone()} {on_breakpoint} {on_rerun}
                        on_close={{ let s = selected.clone(); Callback::from(move |()| s.set(None)) }} />
                }
            </div>
            if !execution.map_runs.is_empty() {
                <MapRuns record={execution.clone()} />
            }
            <EventsView view={view} start_millis={execution.start_millis} {on_go_to} />
            if !execution.logs.is_empty() {
                <div class="panel">
                    <h2>{ "Function logs" }</h2>
                    { for execution.logs.iter().map(|l| html! { <pre class="logs">{ &l.log }</pre> }) }
                </div>
            }
            if *confirm_stop {
                <Modal title="Stop execution" on_close={{ let c = confirm_stop.clone(); Callback::from(move |()| c.set(false)) }}
                    footer={html! { <>
                        <button class="button" onclick={{ let c = confirm_stop.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                        <button class="button primary" id="stop-execution-confirm" onclick={on_stop}>{ "Stop execution" }</button>
                    </> }}>
                    <p>{ format!("Stop the execution {}? It ends with the status Aborted.", execution.name) }</p>
                </Modal>
            }
            if *confirm_redrive {
                // StepLab's wording: the console's own dialog text is not confirmed
                <Modal title="Redrive execution" on_close={{ let c = confirm_redrive.clone(); Callback::from(move |()| c.set(false)) }}
                    footer={html! { <>
                        <button class="button" onclick={{ let c = confirm_redrive.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                        <button class="button primary" id="redrive-execution-confirm" onclick={on_redrive}>{ "Redrive execution" }</button>
                    </> }}>
                    <p>{ format!("Redrive the execution {}? It continues from the states that did not succeed, with the input they had; the states that succeeded keep their results and are not run again.", execution.name) }</p>
                </Modal>
            }
            if let Some(n) = &*new_execution {
                <NewExecutionDialog state_machine={execution.state_machine.clone()} request={n.clone()}
                    execution_mocks={execution_mocks(&execution)} test_case={execution.mock_test_case.clone()}
                    on_close={{ let s = new_execution.clone(); Callback::from(move |()| s.set(None)) }} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MapRunsProps {
    record: crate::store::ExecutionRecord,
}

/// The execution's Map Runs (its Distributed Map states' runs), each linking to its page.
#[component]
fn MapRuns(props: &MapRunsProps) -> Html {
    let r = &props.record;
    html! {
        <div class="panel" id="map-runs">
            <h2>{ "Map Runs" }</h2>
            <table class="table">
                <thead><tr><th>{ "Map Run" }</th><th>{ "State" }</th><th>{ "Status" }</th><th>{ "Succeeded" }</th><th>{ "Failed" }</th><th>{ "Total" }</th></tr></thead>
                <tbody>
                    { for crate::execution::map_run::runs(r).into_iter().map(|m| {
                        let count = |key: &str| m.item_counts.iter().find(|c| c.1 == key).map_or(0, |c| c.2);
                        html! { <tr>
                            <td><Link<Route> to={Route::MapRun { state_machine: r.state_machine.clone(), name: r.name.clone(), id: m.id.clone() }}>{ &m.id }</Link<Route>></td>
                            <td>{ &m.state_name }</td>
                            <td><Status status={m.status.clone()} /></td>
                            <td>{ count("succeeded") }</td><td>{ count("failed") }</td><td>{ count("total") }</td>
                        </tr> }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// What the page says of an imported execution.
fn imported_note(imported: &crate::execution::record::Imported, running: bool) -> String {
    let arn = imported.execution_arn.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let running = if running { " It was still running when its history was read." } else { "" };
    format!(
        "Imported: this execution ran in AWS{arn}; StepLab shows its history as it was read.{running} Re-run from here (a state's panel) runs it in StepLab with the definition it ran."
    )
}

/// The mocks `execution` ran with, as the New execution dialog offers them.
fn execution_mocks(execution: &crate::store::ExecutionRecord) -> Option<ExecutionMocks> {
    Some(ExecutionMocks {
        execution: execution.name.clone(),
        test_case: execution.mock_test_case.clone()?,
        config: execution.mocks.clone()?,
    })
}

/// The mocked responses kept with `execution`: for each state its test case mocks, the
/// response's name and its answers by attempt.
fn mocked_responses(execution: &crate::store::ExecutionRecord) -> Html {
    let (Some(case), Some(config)) = (&execution.mock_test_case, &execution.mocks) else {
        return html! { <span class="hint">{ "Not kept: the execution ran before StepLab kept the mocks of its executions." }</span> };
    };
    let states =
        crate::execution::mock_snapshot::mocked_states(config, &execution.state_machine, case);
    html! {
        <table class="table" id="execution-mocks">
            <thead><tr><th>{ "State" }</th><th>{ "Mocked response" }</th><th>{ "Answers by attempt" }</th></tr></thead>
            <tbody>
                { for states.iter().map(|s| html! {
                    <tr data-state={s.state.clone()}>
                        <td>{ &s.state }</td><td>{ &s.response }</td>
                        <td><pre class="json">{ serde_json::to_string_pretty(&s.answers).unwrap_or_default() }</pre></td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct NewExecutionDialogProps {
    state_machine: String,
    request: NewExecution,
    /// The mocks the execution ran with.
    execution_mocks: Option<ExecutionMocks>,
    /// The test case the execution ran with (by name, when its mocks were not kept).
    test_case: Option<String>,
    on_close: Callback<()>,
}

#[component]
fn NewExecutionDialog(props: &NewExecutionDialogProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let mock_test_cases = workspace
        .state_machine(&props.state_machine)
        .map(crate::driver::mock_test_cases)
        .unwrap_or_default();
    let on_start = {
        let (sm, close) = (props.state_machine.clone(), props.on_close.clone());
        Callback::from(move |(request, report): (StartRequest, Callback<String>)| {
            let result = match request.definition.clone() {
                None => launch::launch(&workspace, navigator.as_ref(), &sm, request),
                Some(_) if request.new_tab => {
                    Err("A re-run from a state starts in this tab.".to_owned())
                }
                Some(d) => crate::driver::start_with_mocks(
                    &workspace,
                    workspace.dispatcher(),
                    &sm,
                    &request.name,
                    &request.input,
                    Some(&d),
                    request.seed,
                    request.mock_test_case.as_deref(),
                    request.mock_config.as_deref(),
                    None,
                )
                .map(|()| {
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Execution {
                            state_machine: sm.clone(),
                            name: request.name.clone(),
                        });
                    }
                }),
            };
            match result {
                Ok(()) => close.emit(()),
                Err(e) => report.emit(e),
            }
        })
    };
    html! {
        <>
            <StartExecution on_cancel={props.on_close.clone()} {on_start}
                initial_input={props.request.input.clone().map(AttrValue::from)}
                initial_seed={props.request.seed}
                definition={props.request.definition.clone().map(AttrValue::from)}
                {mock_test_cases} from_execution=true
                execution_mocks={props.execution_mocks.clone()}
                initial_test_case={props.test_case.clone()}
                from_state={props.request.from_state.clone().map(AttrValue::from)} />
        </>
    }
}

/// A member of the execution's `ExecutionStarted` details (`stateMachineVersionArn`,
/// `stateMachineAliasArn`), which name the version or alias a qualified ARN started.
fn started_arn(events: &crate::execution::event_log::EventLog, member: &str) -> Option<String> {
    let events = events.events();
    let first = events.first()?;
    first.get("executionStartedEventDetails")?.get(member)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn state_lines_and_rerun() {
        let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}, "End": true}}}"#;
        let p = pretty(def);
        let lines: Vec<&str> = p.lines().collect();
        let (a, b) = state_lines(&p, "A").unwrap_or((0, 0));
        assert_eq!(lines[a].trim(), "\"A\": {");
        assert_eq!(lines[b].trim(), "},");
        assert_eq!(b - a, 3);
        assert!(state_lines(&p, "C").is_some());
        assert_eq!(state_lines(&p, "Z"), None);
        let rerun: Value =
            serde_json::from_str(&starting_at(def, "B").unwrap_or_default()).unwrap_or_default();
        assert_eq!(rerun["StartAt"], "B");
        // A cannot be reached from B any more
        assert_eq!(
            rerun["States"].as_object().map(|s| s.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["B".to_owned()])
        );
        assert_eq!(starting_at(def, "Z"), Err("The definition has no state 'Z'.".to_owned()));
    }

    #[test]
    fn rerun_inside_map_and_parallel() {
        let def = json!({"QueryLanguage": "JSONata", "Comment": "c", "StartAt": "M", "States": {
            "M": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Pass", "Next": "D"}, "D": {"Type": "Parallel", "Branches": [
                    {"StartAt": "E", "States": {"E": {"Type": "Pass", "Next": "F"}, "F": {"Type": "Succeed"}}},
                    {"StartAt": "G", "States": {"G": {"Type": "Pass", "End": true}}}
                ], "End": true}}}, "End": true}}})
        .to_string();
        let at = |s: &str| -> Value {
            serde_json::from_str(&starting_at(&def, s).unwrap_or_default()).unwrap_or_default()
        };
        // the iteration's states from D, in the machine's query language
        let d = at("D");
        assert_eq!(d["StartAt"], "D");
        assert_eq!(d["QueryLanguage"], "JSONata");
        assert_eq!(d["States"].as_object().map(|s| s.len()), Some(1));
        // a branch's, two levels down
        let f = at("F");
        assert_eq!(
            f,
            json!({"QueryLanguage": "JSONata", "StartAt": "F", "States": {"F": {"Type": "Succeed"}}})
        );
        // each is a valid state machine
        for s in ["C", "D", "E", "F", "G"] {
            let text = starting_at(&def, s).unwrap_or_default();
            let parsed = steplab_asl::parse(&text);
            assert!(parsed.machine.is_some(), "{s}: {:?}", parsed.diagnostics);
        }
    }
}

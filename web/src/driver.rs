//! Executions in the browser: the engine and its driver ([`steplab_runner::Driver`]) run in a
//! Web Worker of their own (`crates/steplab-execution-worker`), off the page's thread. This page
//! starts them, relays what a person asks (stop, skip a wait, breakpoints, Continue, Step), and
//! records the deltas the execution Worker sends in the workspace, so the execution page updates
//! live. Lambda functions run in Workers the execution Worker starts and reaches directly.

use std::cell::RefCell;
use std::collections::HashMap;

use steplab_asl::{Breakpoints, Pause};
use steplab_runner::driver::MAX_RECORDED_VISITS;
use steplab_runner::execution_protocol::{
    Control, FromExecutions, MockCase, StartRequest, ToExecutions, Update,
};
use steplab_runner::{Ids, RunOptions};
use yew::UseReducerDispatcher;

use crate::execution::executions_worker;
use crate::execution::live::{self, LiveAction};
use crate::lambda_host;
use crate::store::{Action, ExecutionRecord, Workspace};

pub use crate::clock::now_millis;

/// An execution this page started, as far as the execution Worker has told.
struct Run {
    record: ExecutionRecord,
    dispatcher: UseReducerDispatcher<Workspace>,
    /// Tells other tabs, once a second, that this page still drives the execution.
    _heartbeat: gloo::timers::callback::Interval,
    /// The pending showing of deltas received since the last one.
    show: Option<gloo::timers::callback::Timeout>,
    /// Where the debugger holds it, as last reported to the pages.
    held: Option<Pause>,
    /// An Express execution's log level and whether it logs execution data: it keeps no
    /// history, only the events its logging records, once it has ended.
    express_log: Option<(String, bool)>,
}

/// How long deltas of a running execution gather before the page shows them: a run that
/// appends thousands of events a second is shown ten times a second, not once per delta.
const SHOW_EVERY_MS: u32 = 100;

thread_local! {
    /// Where the pages learn which executions run here and where they are held.
    static LIVE: RefCell<Option<UseReducerDispatcher<live::Live>>> = const { RefCell::new(None) };
    /// The executions this page is driving, by execution ARN.
    static RUNNING: RefCell<HashMap<String, Run>> = RefCell::new(HashMap::new());
    /// The step debugger's breakpoints, by state machine.
    static BREAKPOINTS: RefCell<HashMap<String, Breakpoints>> = RefCell::new(HashMap::new());
}

/// Tells the pages, through `dispatcher`, which executions run here and where they are held.
pub fn report_to(dispatcher: UseReducerDispatcher<live::Live>) {
    LIVE.with_borrow_mut(|l| *l = Some(dispatcher));
}

fn report(action: LiveAction) {
    if let Some(d) = LIVE.with_borrow(Clone::clone) {
        d.dispatch(action);
    }
}

fn control(arn: &str, control: Control) -> bool {
    if !is_live(arn) {
        return false;
    }
    executions_worker::post(&ToExecutions::Control { arn: arn.to_owned(), control });
    true
}

/// Sets the breakpoints of `state_machine`'s executions, running ones included: an execution
/// stops once a state named in `states` is entered (before its work), when a retrier of a state
/// in `retriers` is about to retry, and when a catcher of a state in `catchers` matches.
pub fn set_breakpoints(state_machine: &str, breakpoints: Breakpoints) {
    let arns: Vec<String> = RUNNING.with_borrow(|r| {
        r.values()
            .filter(|l| l.record.state_machine == state_machine)
            .map(|l| l.record.arn.clone())
            .collect()
    });
    for arn in arns {
        control(&arn, Control::Breakpoints((&breakpoints).into()));
    }
    BREAKPOINTS.with(|b| b.borrow_mut().insert(state_machine.to_owned(), breakpoints));
}

/// The breakpoints of `state_machine`'s executions.
pub fn breakpoints(state_machine: &str) -> Breakpoints {
    BREAKPOINTS.with(|b| b.borrow().get(state_machine).cloned().unwrap_or_default())
}

/// Lets execution `arn` go on from its pause, to the next breakpoint, or (`step`) by one event:
/// the next event of the history is shown, and the engine goes on by one transition once all
/// the events it recorded are.
pub fn resume(arn: &str, step: bool) -> bool {
    control(arn, Control::Resume { step })
}

/// Whether this page is driving the execution `arn` (a RUNNING record may belong to another tab).
pub fn is_live(arn: &str) -> bool {
    RUNNING.with_borrow(|r| r.contains_key(arn))
}

/// The ARNs of the executions this page drives.
pub fn live_arns() -> Vec<String> {
    RUNNING.with_borrow(|r| r.keys().cloned().collect())
}

/// StopExecution: the execution ends ABORTED at once (an invocation out is forgotten).
/// Returns false when this page is not driving it.
pub fn stop(arn: &str, error: Option<String>, cause: Option<String>) -> bool {
    control(arn, Control::Stop { error, cause })
}

/// Ends the wait the execution is in now (Wait state, retry back-off) on its virtual clock.
pub fn fast_forward(arn: &str) -> bool {
    control(arn, Control::FastForward)
}

/// A fresh random UUID (the console pre-fills execution names with one).
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| Ids::new(js_sys::Math::random().to_bits()).uuid())
}

/// The test cases of a state machine's mock configuration (none when it has none or it does not
/// parse).
pub fn mock_test_cases(machine: &crate::store::StateMachine) -> Vec<String> {
    if machine.config.mocks.trim().is_empty() {
        return Vec::new();
    }
    steplab_asl::MockConfig::parse(&machine.config.mocks)
        .map(|c| c.test_cases(&machine.name))
        .unwrap_or_default()
}

/// [`start_with_mocks`] with the first test case of the machine's mock configuration, if any.
#[allow(dead_code)] // the entry of pages that offer no choice of test case
pub fn start_with(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    state_machine: &str,
    name: &str,
    input: &str,
    definition: Option<&str>,
    seed: Option<u64>,
) -> Result<(), String> {
    let test_case =
        workspace.state_machine(state_machine).and_then(|m| mock_test_cases(m).into_iter().next());
    start_with_mocks(
        workspace,
        dispatcher,
        state_machine,
        name,
        input,
        definition,
        seed,
        test_case.as_deref(),
        None,
        None,
    )
}

/// Starts an execution of state machine `state_machine` named `name` with `input` (JSON text),
/// running `definition` instead of the state machine's own when given (the debugger's
/// "re-run from here": the same machine started at another state, or edited), with `seed` when
/// given (the same seed makes the same random choices). Tasks on states that `mock_test_case` of
/// the machine's mock configuration (or of `mock_config`, a `MockConfigFile` given instead: the
/// mocks an earlier execution ran with) covers get their mocked responses; other AWS service
/// integrations get their default responses ([`steplab_runner::service`]). The execution keeps
/// a snapshot of the mocks it runs with ([`crate::execution::mock_snapshot`]).
#[allow(clippy::too_many_arguments)]
pub fn start_with_mocks(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    state_machine: &str,
    name: &str,
    input: &str,
    definition: Option<&str>,
    seed: Option<u64>,
    mock_test_case: Option<&str>,
    mock_config: Option<&str>,
    qualifier: Option<&str>,
) -> Result<(), String> {
    let machine_record = workspace
        .state_machine(state_machine)
        .ok_or_else(|| format!("State machine {state_machine} does not exist"))?;
    let overridden = definition.is_some();
    let definition = definition.unwrap_or(&machine_record.definition);
    #[allow(clippy::cast_sign_loss)]
    let seed = seed.unwrap_or_else(|| (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64);
    // a version or alias ARN runs the version's definition and role (an alias's version drawn
    // from the seed); nothing is stored when it names nothing
    let machine_arn = workspace.partition.state_machine_arn(state_machine);
    let qualified = qualifier.map(|q| steplab_runner::versions::alias_arn(&machine_arn, q));
    let resolved = machine_record
        .versions
        .resolve(&machine_arn, qualified.as_deref().unwrap_or(&machine_arn), seed)
        .map_err(|e| e.to_string())?;
    let (definition, role_name) = match resolved.version {
        Some(v) if !overridden => (
            v.definition.as_str(),
            v.role_arn.rsplit('/').next().unwrap_or(&machine_record.role_name).to_owned(),
        ),
        _ => (definition, machine_record.role_name.clone()),
    };
    if let Some(existing) = workspace.execution(state_machine, name) {
        // StartExecution is idempotent for a running execution started with the same input
        if existing.status == "RUNNING" && existing.input == input && is_live(&existing.arn) {
            return Ok(());
        }
        // StartExecution's error for a name in use
        return Err(format!(
            "ExecutionAlreadyExists: Execution Already Exists: '{}'",
            workspace.partition.execution_arn(state_machine, name)
        ));
    }
    let express = machine_record.kind == "EXPRESS";
    let parsed = steplab_asl::parse_with(definition, steplab_asl::ParseOptions { express });
    if parsed.machine.is_none() {
        let first = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        return Err(format!("The state machine definition is not valid: {first}"));
    }
    // the definition, input and mocks are checked here, so that Start execution says what is wrong
    let _: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    // the snapshot's reading checks the file, the test case and its responses
    let mock_snapshot = match mock_test_case {
        None => None,
        Some(case) => {
            let config = mock_config.unwrap_or(&machine_record.config.mocks);
            Some(crate::execution::mock_snapshot::snapshot(config, state_machine, case)?)
        }
    };

    let start_millis = now_millis();
    let options = RunOptions {
        partition: workspace.partition.clone(),
        name: name.to_owned(),
        state_machine_name: state_machine.to_owned(),
        role_name,
        start_millis,
        seed,
        express,
        version_arn: resolved.version_arn,
        alias_arn: resolved.alias_arn,
    };
    let start = StartRequest {
        definition: definition.to_owned(),
        input: input.to_owned(),
        options,
        functions: workspace.functions.iter().map(|f| f.deployed(&workspace.partition)).collect(),
        mocks: mock_test_case.map(|case| MockCase {
            config: mock_config.unwrap_or(&machine_record.config.mocks).to_owned(),
            state_machine: state_machine.to_owned(),
            test_case: case.to_owned(),
        }),
        breakpoints: (&breakpoints(state_machine)).into(),
        stage_limit: MAX_RECORDED_VISITS,
        // the workspace's resources: Task states and functions call them
        services: Some(workspace.services.clone()),
        // the workspace's state machines, which `states:startExecution` runs as child executions
        state_machines: workspace
            .state_machines
            .iter()
            .map(|s| (s.name.clone(), s.definition.clone()))
            .collect(),
    };
    let record = ExecutionRecord {
        name: name.to_owned(),
        arn: workspace.partition.execution_arn(state_machine, name),
        state_machine: state_machine.to_owned(),
        definition: definition.to_owned(),
        input: input.to_owned(),
        status: "RUNNING".into(),
        output: None,
        error: None,
        cause: None,
        start_millis,
        stop_millis: None,
        events: crate::execution::event_log::EventLog::default(),
        logs: Vec::new(),
        seed: Some(seed),
        mock_test_case: mock_test_case.map(str::to_owned),
        mocks: mock_snapshot,
        stages: std::rc::Rc::default(),
        imported: None,
        unread: None,
        map_runs: Vec::new(),
    };
    let arn = record.arn.clone();
    let heartbeat = {
        let arn = arn.clone();
        gloo::timers::callback::Interval::new(1000, move || {
            crate::execution::recovery::beat(&arn, now_millis());
        })
    };
    crate::execution::recovery::beat(&arn, now_millis());
    dispatcher.dispatch(Action::PutExecution(record.clone()));
    let express_log = express.then(|| {
        (machine_record.config.log_level.clone(), machine_record.config.include_execution_data)
    });
    let run =
        Run { record, dispatcher, _heartbeat: heartbeat, show: None, held: None, express_log };
    RUNNING.with_borrow_mut(|r| r.insert(arn.clone(), run));
    report(LiveAction::Started(arn.clone()));
    executions_worker::post(&ToExecutions::Start { arn, start: Box::new(start) });
    Ok(())
}

/// RedriveExecution of execution `arn` (Actions › Redrive): an execution that ended `FAILED`,
/// `ABORTED` or `TIMED_OUT` goes on from the states that did not succeed, in the execution Worker
/// that ran it, and this page drives it again; its record follows as when it started.
/// `Err` with AWS's `ExecutionNotRedrivable` reason when it cannot be redriven (nothing changes).
pub fn redrive(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    arn: &str,
) -> Result<(), String> {
    let Some(record) = workspace.executions.iter().find(|e| e.arn == arn) else {
        return Err(format!("ExecutionDoesNotExist: Execution Does Not Exist: '{arn}'"));
    };
    if record.unread.is_some() {
        return Err("The execution's history is still being read: redrive it once it shows".into());
    }
    let now = now_millis();
    if let Some(reason) = crate::execution::redrive::of(record, now).status.reason() {
        return Err(format!("ExecutionNotRedrivable: {reason}"));
    }
    if is_live(arn) {
        return Err(format!("ExecutionNotRedrivable: {}", steplab_asl::redrive_reason::RUNNING));
    }
    let mut record = record.clone();
    // the updates of the redriven run follow the events the record holds
    record.stop_millis = None;
    let heartbeat = {
        let arn = arn.to_owned();
        gloo::timers::callback::Interval::new(1000, move || {
            crate::execution::recovery::beat(&arn, now_millis());
        })
    };
    crate::execution::recovery::beat(arn, now);
    // an Express execution cannot be redriven (refused above): it keeps its whole history
    let run = Run {
        record,
        dispatcher,
        _heartbeat: heartbeat,
        show: None,
        held: None,
        express_log: None,
    };
    RUNNING.with_borrow_mut(|r| r.insert(arn.to_owned(), run));
    report(LiveAction::Started(arn.to_owned()));
    executions_worker::post(&ToExecutions::Redrive { arn: arn.to_owned() });
    Ok(())
}

/// What the execution Worker said (the handler [`executions_worker::start`] is given).
pub(crate) fn on_message(message: FromExecutions) {
    match message {
        FromExecutions::Loaded => {}
        FromExecutions::Update { arn, update } => updated(&arn, *update),
        FromExecutions::Invoked { id, answer } => lambda_host::invoked(id, answer),
        FromExecutions::Checked { id, problem } => lambda_host::checked(id, problem),
        FromExecutions::Warmed { boot_ms } => lambda_host::warmed(boot_ms),
        FromExecutions::Validated { id, diagnostics, layout } => {
            crate::studio::validation::validated(id, diagnostics, layout);
        }
        FromExecutions::RedriveRefused { arn, message } => {
            crate::execution::recovery::forget(&arn);
            RUNNING.with_borrow_mut(|r| r.remove(&arn));
            report(LiveAction::Ended(arn.clone()));
            report(LiveAction::RedriveRefused(arn, message));
        }
        FromExecutions::Refused { arn, message } => {
            let update = Update {
                events: Default::default(),
                shown: 0,
                status: "FAILED".into(),
                output: None,
                error: Some("States.Runtime".into()),
                cause: Some(message),
                stop_millis: Some(now_millis()),
                logs: Vec::new(),
                paused: None,
                stages: None,
                services_made: Vec::new(),
                map_runs: None,
            };
            updated(&arn, update);
        }
    }
}

/// Records an update of execution `arn`: applied to the execution at once (its events are
/// appended, not copied), shown in the workspace at once when the run ends or is held, and
/// otherwise at most every [`SHOW_EVERY_MS`].
fn updated(arn: &str, mut update: Update) {
    let done = update.status != "RUNNING";
    // the run's calls on the resources (it ran with a copy of the workspace's), made again on
    // the workspace's, which the console or another execution may have changed meanwhile
    if !update.services_made.is_empty()
        && let Some(dispatcher) =
            RUNNING.with_borrow(|r| r.get(arn).map(|run| run.dispatcher.clone()))
    {
        dispatcher.dispatch(Action::MakeServiceCalls(std::mem::take(&mut update.services_made)));
    }
    let held = update.paused.clone().map(Pause::from);
    let applied = RUNNING.with_borrow_mut(|r| {
        let run = r.get_mut(arn)?;
        crate::execution::record::apply(&mut run.record, update);
        if done && let Some((level, data)) = &run.express_log {
            let kept = steplab_runner::vended_logs::logged_history(
                &run.record.events.events(),
                level,
                *data,
            );
            run.record.events = crate::execution::event_log::EventLog::new(kept);
            run.record.stages = std::rc::Rc::default();
        }
        let hold_changed = run.held != held;
        run.held.clone_from(&held);
        let now = hold_changed || done;
        if now {
            run.show = None;
        } else if run.show.is_none() {
            let arn = arn.to_owned();
            run.show = Some(gloo::timers::callback::Timeout::new(SHOW_EVERY_MS, move || {
                show(&arn);
            }));
        }
        Some(now)
    });
    let Some(now) = applied else { return };
    if !now {
        crate::execution::recovery::beat(arn, now_millis());
        return;
    }
    show(arn);
    // reported once nothing is borrowed: a dispatch may render at once
    report(LiveAction::Held(arn.to_owned(), held));
    if done {
        crate::execution::recovery::forget(arn);
        RUNNING.with_borrow_mut(|r| r.remove(arn));
        report(LiveAction::Ended(arn.to_owned()));
    }
}

/// Shows execution `arn` in the workspace as the deltas received so far leave it.
fn show(arn: &str) {
    let shown = RUNNING.with_borrow_mut(|r| {
        let run = r.get_mut(arn)?;
        run.show = None;
        Some((run.record.clone(), run.dispatcher.clone()))
    });
    if let Some((record, dispatcher)) = shown {
        dispatcher.dispatch(Action::PutExecution(record));
    }
}

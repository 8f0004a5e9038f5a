//! Drives an execution in the browser: the engine steps on the UI thread (it is fast and never blocks),
//! Python functions run in the worker, Waits and retry back-offs take real time, and every change is
//! recorded in the workspace as it happens, so the execution page updates live.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use steplab_asl::{
    Breakpoints, DebugStep, Execution, ExecutionStatus, Invocation, Mocks, Pause, Step,
    TaskOutcome, TaskRequest,
};
use steplab_runner::{Dispatch, Ids, InvocationLog, Partition, RunOptions};
use yew::UseReducerDispatcher;

use crate::execution::reveal::Reveal;
use crate::lambda_host;
use crate::store::{Action, ExecutionRecord, Function, Workspace};

pub fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// What a page can ask of a running execution (the execution itself lives in its driving task).
#[derive(Default)]
struct Controls {
    /// StopExecution's error and cause, once asked.
    stop: RefCell<Option<(Option<String>, Option<String>)>>,
    /// Skip the current wait (Wait state, retry back-off): the virtual clock jumps to its end.
    fast_forward: Cell<bool>,
    /// Tells other tabs, once a second, that this page still drives the execution.
    _heartbeat: Option<gloo::timers::callback::Interval>,
    /// Where the debugger holds the execution.
    paused: RefCell<Option<Pause>>,
    /// Continue from a pause.
    resume: Cell<bool>,
    /// Stop again after the next event (the debugger's Step).
    stepping: Cell<bool>,
}

thread_local! {
    /// The executions this page is driving, by execution ARN.
    static RUNNING: RefCell<HashMap<String, Rc<Controls>>> = RefCell::new(HashMap::new());
    /// The step debugger's breakpoints, by state machine.
    static BREAKPOINTS: RefCell<HashMap<String, Breakpoints>> = RefCell::new(HashMap::new());
}

/// Sets the breakpoints of `state_machine`'s executions, running ones included: an execution
/// stops once a state named in `states` is entered (before its work), when a retrier of a state
/// in `retriers` is about to retry, and when a catcher of a state in `catchers` matches.
pub fn set_breakpoints(state_machine: &str, breakpoints: Breakpoints) {
    BREAKPOINTS.with(|b| b.borrow_mut().insert(state_machine.to_owned(), breakpoints));
}

/// The breakpoints of `state_machine`'s executions.
pub fn breakpoints(state_machine: &str) -> Breakpoints {
    BREAKPOINTS.with(|b| b.borrow().get(state_machine).cloned().unwrap_or_default())
}

/// Where the debugger holds execution `arn`, if it does.
pub fn paused_at(arn: &str) -> Option<Pause> {
    controls(arn).and_then(|c| c.paused.borrow().clone())
}

/// Lets execution `arn` go on from its pause, to the next breakpoint, or (`step`) by one event:
/// the next event of the history is shown, and the engine goes on by one transition once all
/// the events it recorded are.
pub fn resume(arn: &str, step: bool) -> bool {
    controls(arn).is_some_and(|c| {
        c.stepping.set(step);
        c.resume.set(true);
        true
    })
}

/// The most state visits whose data-flow stages an execution records (the first ones; the
/// execution page recomputes those of later visits).
const MAX_RECORDED_VISITS: usize = 2000;

fn controls(arn: &str) -> Option<Rc<Controls>> {
    RUNNING.with(|r| r.borrow().get(arn).cloned())
}

/// Whether this page is driving the execution `arn` (a RUNNING record may belong to another tab).
pub fn is_live(arn: &str) -> bool {
    controls(arn).is_some()
}

/// StopExecution: the execution ends ABORTED (at once, or when the invocation in flight returns).
/// Returns false when this page is not driving it.
pub fn stop(arn: &str, error: Option<String>, cause: Option<String>) -> bool {
    controls(arn).is_some_and(|c| {
        *c.stop.borrow_mut() = Some((error, cause));
        true
    })
}

/// Ends the wait the execution is in now (Wait state, retry back-off) on its virtual clock.
pub fn fast_forward(arn: &str) -> bool {
    controls(arn).is_some_and(|c| {
        c.fast_forward.set(true);
        true
    })
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
) -> Result<(), String> {
    let machine_record = workspace
        .state_machine(state_machine)
        .ok_or_else(|| format!("State machine {state_machine} does not exist"))?;
    let definition = definition.unwrap_or(&machine_record.definition);
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
    let parsed = steplab_asl::parse(definition);
    let Some(machine) = parsed.machine else {
        let first = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        return Err(format!("The state machine definition is not valid: {first}"));
    };
    let input_value: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    let (mocks, mock_snapshot) = match mock_test_case {
        None => (None, None),
        Some(case) => {
            let config = mock_config.unwrap_or(&machine_record.config.mocks);
            let mocks = steplab_asl::MockConfig::parse(config)
                .map_err(|e| format!("The mock configuration is not valid: {e}"))?
                .test_case(state_machine, case)
                .map_err(|e| format!("The mock configuration has {e}"))?;
            let snapshot = crate::execution::mock_snapshot::snapshot(config, state_machine, case)?;
            (Some(mocks), Some(snapshot))
        }
    };

    let start_millis = now_millis();
    #[allow(clippy::cast_sign_loss)]
    let seed = seed.unwrap_or_else(|| (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64);
    let options = RunOptions {
        partition: workspace.partition.clone(),
        name: name.to_owned(),
        state_machine_name: state_machine.to_owned(),
        role_name: machine_record.role_name.clone(),
        start_millis,
        seed,
    };
    let execution = steplab_runner::start(machine, input_value, &options);
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
        events: Vec::new(),
        logs: Vec::new(),
        seed: Some(seed),
        mock_test_case: mock_test_case.map(str::to_owned),
        mocks: mock_snapshot,
        stages: std::collections::BTreeMap::new(),
    };
    let heartbeat = {
        let arn = record.arn.clone();
        gloo::timers::callback::Interval::new(1000, move || {
            crate::execution::recovery::beat(&arn, now_millis());
        })
    };
    let controls = Rc::new(Controls { _heartbeat: Some(heartbeat), ..Controls::default() });
    RUNNING.with(|r| r.borrow_mut().insert(record.arn.clone(), Rc::clone(&controls)));
    let run = Run {
        execution,
        controls,
        clock_offset: 0,
        record,
        functions: workspace.functions.clone(),
        partition: workspace.partition.clone(),
        ids: Ids::new(seed ^ 0x5DEE_CE66),
        dispatcher,
        mocks,
        reveal: Reveal::default(),
    };
    wasm_bindgen_futures::spawn_local(run.drive());
    Ok(())
}

struct Run {
    execution: Execution,
    controls: Rc<Controls>,
    /// How far the virtual clock is ahead of the real one (fast-forwarded waits).
    clock_offset: i64,
    record: ExecutionRecord,
    functions: Vec<Function>,
    partition: Partition,
    ids: Ids,
    dispatcher: UseReducerDispatcher<Workspace>,
    /// The test case's mocked responses, counting attempts per state.
    mocks: Option<Mocks>,
    /// How much of the history the page is shown while the debugger steps one event at a time.
    reveal: Reveal,
}

/// What a person did at a hold of the debugger.
enum Resume {
    Continue,
    Step,
    Stop,
}

impl Run {
    fn now(&self) -> i64 {
        now_millis() + self.clock_offset
    }

    /// Carries out a stop asked by a page; true when the execution is over.
    fn stopped(&mut self) -> bool {
        let asked = self.controls.stop.borrow_mut().take();
        if let Some((error, cause)) = asked {
            self.reveal.release();
            self.execution.stop(error, cause, self.now());
            self.publish();
            return true;
        }
        false
    }

    /// Sleeps until `until` on the virtual clock, in short slices so that Stop and fast-forward
    /// take effect at once; false when a stop was asked.
    async fn sleep_until(&mut self, until: i64) -> bool {
        loop {
            if self.controls.stop.borrow().is_some() {
                return false;
            }
            if self.controls.fast_forward.replace(false) {
                self.clock_offset += (until - self.now()).max(0);
            }
            let left = until - self.now();
            if left <= 0 {
                return true;
            }
            crate::execution::recovery::beat(&self.record.arn, now_millis());
            let ms = u32::try_from(left.min(100)).unwrap_or(100);
            gloo::timers::future::TimeoutFuture::new(ms).await;
        }
    }

    /// Holds the execution at `pause` until resumed or stopped.
    async fn hold(&mut self, pause: Pause) -> Resume {
        *self.controls.paused.borrow_mut() = Some(pause);
        self.controls.resume.set(false);
        self.publish();
        let held_since = now_millis();
        let resumed = loop {
            if self.controls.stop.borrow().is_some() {
                break Resume::Stop;
            }
            if self.controls.resume.replace(false) {
                break if self.controls.stepping.get() { Resume::Step } else { Resume::Continue };
            }
            gloo::timers::future::TimeoutFuture::new(100).await;
        };
        *self.controls.paused.borrow_mut() = None;
        // the time spent at the breakpoint does not count: the virtual clock stood still
        self.clock_offset -= now_millis() - held_since;
        resumed
    }

    /// The engine paused at `engine`: holds the execution there (stepping, first at each event
    /// of the transition not shown yet, one per press of Step); false when it was stopped.
    async fn held(&mut self, engine: Pause) -> bool {
        self.controls.stepping.set(false);
        let mut at = self.reveal.paused(self.execution.history(), &engine);
        loop {
            // an execution over with every event shown is not held (no one could resume it)
            if !matches!(self.execution.status(), ExecutionStatus::Running)
                && self.reveal.all_shown(self.execution.history())
            {
                break;
            }
            match self.hold(at).await {
                Resume::Stop => {
                    self.reveal.release();
                    if self.stopped() {
                        return false;
                    }
                    break;
                }
                Resume::Continue => match self.reveal.resume(self.execution.history(), &engine) {
                    // a breakpoint among the events not shown yet: hold there
                    Some(breakpoint) => at = breakpoint,
                    None => break,
                },
                Resume::Step => match self.reveal.step(self.execution.history(), &engine) {
                    Some(next) => at = next,
                    None => {
                        // every event is shown: the engine goes on by one transition
                        self.controls.stepping.set(true);
                        break;
                    }
                },
            }
        }
        self.publish();
        true
    }

    fn publish(&mut self) {
        let record = &mut self.record;
        // the stages are copied while they are few, at a pause and at the end (not at every step)
        let due = record.stages.len() < 50
            || self.controls.paused.borrow().is_some()
            || !matches!(self.execution.status(), ExecutionStatus::Running);
        if due
            && let Some(stages) = self.execution.recorded_stages()
            && stages.len() >= record.stages.len()
        {
            record.stages = stages.clone();
        }
        let history = self.execution.history();
        // stepping, the page is shown the events one at a time (see `Reveal`)
        let shown = self.reveal.shown().map_or(history.len(), |n| n.min(history.len()));
        record.events = history[..shown].iter().map(steplab_asl::HistoryEvent::to_json).collect();
        let (status, output, error, cause) = match self.execution.status() {
            _ if shown < history.len() => ("RUNNING", None, None, None),
            ExecutionStatus::Running => ("RUNNING", None, None, None),
            ExecutionStatus::Succeeded { output } => {
                ("SUCCEEDED", Some(output.to_string()), None, None)
            }
            ExecutionStatus::Failed { error, cause } => {
                ("FAILED", None, error.clone(), cause.clone())
            }
            ExecutionStatus::TimedOut { error, cause } => {
                ("TIMED_OUT", None, error.clone(), cause.clone())
            }
            ExecutionStatus::Aborted { error, cause } => {
                ("ABORTED", None, error.clone(), cause.clone())
            }
        };
        record.status = status.into();
        record.output = output;
        record.error = error;
        record.cause = cause;
        if status != "RUNNING" {
            record.stop_millis = history.last().map(|e| e.timestamp_millis);
        }
        if status == "RUNNING" {
            crate::execution::recovery::beat(&record.arn, now_millis());
        } else {
            crate::execution::recovery::forget(&record.arn);
            RUNNING.with(|r| r.borrow_mut().remove(&record.arn));
        }
        self.dispatcher.dispatch(Action::PutExecution(record.clone()));
    }

    async fn drive(mut self) {
        let mut queued: VecDeque<TaskRequest> = VecDeque::new();
        self.execution.set_debug(breakpoints(&self.record.state_machine), true);
        self.execution.set_stage_limit(MAX_RECORDED_VISITS);
        loop {
            if self.stopped() {
                return;
            }
            let mut wanted = breakpoints(&self.record.state_machine);
            wanted.every_event = self.controls.stepping.get();
            self.execution.set_breakpoints(wanted);
            let step = match self.execution.debug_step(self.now()) {
                DebugStep::Step(step) => step,
                DebugStep::Paused(pause) => {
                    if !self.held(pause).await {
                        return;
                    }
                    continue;
                }
            };
            self.publish();
            match step {
                Step::Task(request) => queued.push_back(request),
                Step::Wait { until_millis } => match queued.pop_front() {
                    Some(request) => self.carry_out(request).await,
                    None => {
                        if !self.sleep_until(until_millis).await && self.stopped() {
                            return;
                        }
                    }
                },
                Step::Pending => match queued.pop_front() {
                    Some(request) => self.carry_out(request).await,
                    None => {
                        self.execution.stop(
                            Some("States.Runtime".into()),
                            Some("the execution waits on a task that was never handed out".into()),
                            self.now(),
                        );
                        self.publish();
                        return;
                    }
                },
                Step::Done => return,
            }
        }
    }

    async fn carry_out(&mut self, request: TaskRequest) {
        if let Some(outcome) = self
            .mocks
            .as_mut()
            .filter(|m| m.covers(&request.state_name))
            .and_then(|m| m.answer(&request.state_name))
        {
            self.execution.complete_task(request.id, outcome, self.now());
            return;
        }
        if let Invocation::Service { resource, parameters } = &request.invocation {
            let outcome = match steplab_runner::service::default_response(
                resource,
                parameters,
                &self.partition,
                self.now(),
                &mut self.ids,
            ) {
                Some(v) => TaskOutcome::Succeeded(v),
                None => TaskOutcome::Failed {
                    error: "States.Runtime".into(),
                    cause: steplab_runner::service::unmocked_cause(resource, &request.state_name),
                },
            };
            self.execution.complete_task(request.id, outcome, self.now());
            return;
        }
        let request_id = self.ids.uuid();
        let outcome = match steplab_runner::lambda::dispatch(
            &request.invocation,
            &self.partition,
            request_id,
        ) {
            Dispatch::Done(outcome) => outcome,
            Dispatch::Lambda(call) => {
                match self.functions.iter().find(|f| f.name == call.function_name) {
                    None => steplab_runner::lambda::not_found(&call.function_arn, &call.request_id),
                    Some(function) => {
                        let code = function.deployed(&self.partition);
                        let reply = match lambda_host::invoke(code, call.clone()).await {
                        Ok(reply) => reply,
                        Err(e) => steplab_runner::LambdaReply {
                            payload: serde_json::json!({"errorType": "Lambda.ServiceException", "errorMessage": e}).to_string(),
                            function_error: Some("Unhandled".into()),
                            log: String::new(),
                            duration_ms: 0.0,
                        },
                    };
                        self.record.logs.push(InvocationLog {
                            request_id: call.request_id.clone(),
                            function_name: call.function_name.clone(),
                            log: reply.log.clone(),
                        });
                        steplab_runner::lambda::outcome(&call, &reply)
                    }
                }
            }
        };
        self.execution.complete_task(request.id, outcome, self.now());
    }
}

//! Running a state machine, sans-IO: an [`Execution`] advances as far as it can on each
//! [`Execution::step`] and hands every Task invocation and every wait back to its driver.
//!
//! Inside, each thread of control (the machine, a Parallel branch, a Map iteration) is a *fiber*
//! moving from state to state; a fiber blocks on a task, a timer (Wait state, retry back-off) or
//! its child fibers.

mod children;
mod debug;
mod fiber;
mod item_reader;
mod map_fields;
mod map_run;
mod redrive;
mod result_writer;
mod states;
mod storage;
mod task;

pub use debug::{Breakpoints, DebugStep, Pause, PauseReason};
pub use map_run::{ChildExecution, ChildStatus, MapRunCounts, MapRunRecord, MapRunStatus};
pub use redrive::{ExecutionNotRedrivable, REDRIVABLE_PERIOD_MILLIS, RedriveStatus, reason};

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::errors::StatesError;
use crate::history::{Details, Field, HistoryEvent};
use crate::lambda::LambdaResponse;
use crate::model::StateMachine;
use crate::rng::Rng;

use fiber::{Fiber, Run};

/// The most events a history may hold; reaching it fails the execution.
pub const MAX_HISTORY_EVENTS: usize = 25_000;
/// The largest state input or output, in bytes of UTF-8 JSON.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

/// Identity and settings of a new execution (what `StartExecution` knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartExecution {
    /// `arn:aws:states:{region}:{account}:execution:{machine}:{name}`
    pub execution_arn: String,
    /// The execution's name.
    pub name: String,
    /// `arn:aws:states:{region}:{account}:stateMachine:{machine}`
    pub state_machine_arn: String,
    /// The state machine's name.
    pub state_machine_name: String,
    /// The execution role.
    pub role_arn: String,
    /// e.g. `us-east-1`
    pub region: String,
    /// 12-digit account id.
    pub account: String,
    /// Start time, milliseconds since the Unix epoch.
    pub start_millis: i64,
    /// Seed of every random choice the execution makes.
    pub seed: u64,
    /// The version ARN the execution was started with, or the version its alias chose
    /// (`ExecutionStarted`'s `stateMachineVersionArn`); `None` for an unqualified ARN.
    pub version_arn: Option<String>,
    /// The alias ARN the execution was started with (`ExecutionStarted`'s `stateMachineAliasArn`).
    pub alias_arn: Option<String>,
}

impl StartExecution {
    /// Fills the ARNs from names, region and account (role `StepFunctions-{machine}-role`).
    pub fn new(
        state_machine_name: &str,
        name: &str,
        region: &str,
        account: &str,
        start_millis: i64,
        seed: u64,
    ) -> StartExecution {
        StartExecution {
            execution_arn: format!(
                "arn:aws:states:{region}:{account}:execution:{state_machine_name}:{name}"
            ),
            name: name.to_owned(),
            state_machine_arn: format!(
                "arn:aws:states:{region}:{account}:stateMachine:{state_machine_name}"
            ),
            state_machine_name: state_machine_name.to_owned(),
            role_arn: format!(
                "arn:aws:iam::{account}:role/service-role/StepFunctions-{state_machine_name}-role"
            ),
            region: region.to_owned(),
            account: account.to_owned(),
            start_millis,
            seed,
            version_arn: None,
            alias_arn: None,
        }
    }

    /// The same start as an Express execution, whose ARN carries a run id after the name:
    /// `arn:aws:states:{region}:{account}:express:{machine}:{name}:{run_id}` (the form LocalStack,
    /// whose tests are recorded against AWS, builds in its provider for express executions;
    /// `$$.Execution.Id` is this ARN).
    #[must_use]
    pub fn express(mut self, run_id: &str) -> StartExecution {
        self.execution_arn = format!(
            "arn:aws:states:{}:{}:express:{}:{}:{run_id}",
            self.region, self.account, self.state_machine_name, self.name
        );
        self
    }

    /// Whether this is an Express execution: its ARN has the `express` form
    /// (see [`StartExecution::express`]).
    pub fn is_express(&self) -> bool {
        self.execution_arn.split(':').nth(5) == Some("express")
    }
}

/// Identifies an invocation handed to the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(pub u64);

/// What the driver should do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Start this invocation, then report it with [`Execution::complete_task`].
    Task(TaskRequest),
    /// Nothing to do before this time, unless a task completes.
    Wait {
        /// Milliseconds since the Unix epoch.
        until_millis: i64,
    },
    /// Waiting only on outstanding tasks.
    Pending,
    /// The execution has ended; see [`Execution::status`].
    Done,
}

/// An invocation to perform.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRequest {
    /// Pass back to [`Execution::complete_task`].
    pub id: TaskId,
    /// The Task state asking.
    pub state_name: Arc<str>,
    /// What to invoke.
    pub invocation: Invocation,
    /// The state's `TimeoutSeconds`, if any (the engine enforces it on its own clock).
    pub timeout_seconds: Option<u64>,
    /// For a `.waitForTaskToken` resource, the token (`$$.Task.Token`): when the call returns the
    /// task waits for [`Execution::send_task_success`] / [`Execution::send_task_failure`].
    pub task_token: Option<String>,
}

/// The kinds of invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    /// A Lambda function.
    Lambda {
        /// As given: a name, a partial or full ARN, possibly with a qualifier (`:$LATEST`).
        function_name: Arc<str>,
        /// The event (shared: a retried task hands out the same one again).
        payload: Arc<Value>,
        /// `true` for `arn:aws:states:::lambda:invoke`, `false` for a function ARN as `Resource`.
        optimized: bool,
    },
    /// Any other integration; the driver mocks it.
    Service {
        /// The `Resource` ARN.
        resource: Arc<str>,
        /// The effective parameters (shared with the `TaskScheduled` event).
        parameters: Arc<Value>,
    },
    /// A Distributed Map's `ItemReader` or `ResultWriter` calling Amazon S3 (`GetObject`,
    /// `ListObjectsV2`, `PutObject`): not a Task, no events. Answer with the operation's output
    /// as the SDKs give it (`TaskOutcome::Succeeded`) or the service's error code and message
    /// (`TaskOutcome::Failed { error: code, cause: message }`).
    MapStorage {
        /// The S3 operation, PascalCase.
        operation: &'static str,
        /// Its input, as the SDKs send it (`Bucket`, `Key`, …).
        input: Arc<Value>,
    },
}

/// How an invocation ended.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskOutcome {
    /// A Lambda response; the engine builds AWS's result or error from it.
    Lambda(LambdaResponse),
    /// The task's result, used as is.
    Succeeded(Value),
    /// The task failed with this error and cause.
    Failed {
        /// Error name.
        error: String,
        /// Cause text.
        cause: String,
    },
}

/// Where an execution stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecutionStatus {
    /// Still running.
    Running,
    /// `SUCCEEDED` with its output.
    Succeeded {
        /// The execution's output.
        output: Value,
    },
    /// `FAILED`
    Failed {
        /// Error name.
        error: Option<String>,
        /// Cause text.
        cause: Option<String>,
    },
    /// `TIMED_OUT`
    TimedOut {
        /// Error name.
        error: Option<String>,
        /// Cause text.
        cause: Option<String>,
    },
    /// `ABORTED` (StopExecution)
    Aborted {
        /// Error given to StopExecution.
        error: Option<String>,
        /// Cause given to StopExecution.
        cause: Option<String>,
    },
}

impl ExecutionStatus {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ExecutionStatus::Running => "RUNNING",
            ExecutionStatus::Succeeded { .. } => "SUCCEEDED",
            ExecutionStatus::Failed { .. } => "FAILED",
            ExecutionStatus::TimedOut { .. } => "TIMED_OUT",
            ExecutionStatus::Aborted { .. } => "ABORTED",
        }
    }
}

/// One run of a state machine.
#[derive(Debug)]
pub struct Execution {
    machine: Arc<StateMachine>,
    start: StartExecution,
    input: Arc<Value>,
    history: Vec<HistoryEvent>,
    status: ExecutionStatus,
    rng: Rng,
    fibers: Vec<Fiber>,
    ready: VecDeque<usize>,
    timers: BTreeSet<(i64, usize)>,
    outbox: VecDeque<TaskRequest>,
    tasks: HashMap<u64, usize, std::hash::BuildHasherDefault<crate::payload::Fnv>>,
    /// The last task failure's `error` and `cause` as recorded in history (a retried task
    /// usually fails the same way again: its events share the text).
    last_failure: Option<(Arc<str>, Arc<str>)>,
    /// `region` of the `TaskScheduled` events, made once.
    region_text: Option<Arc<str>>,
    tokens: HashMap<String, u64>,
    next_task: u64,
    now: i64,
    started: bool,
    deadline: Option<i64>,
    /// TestState: the stages of the first state, and how its error was handled.
    pub(crate) inspection: Option<Map<String, Value>>,
    pub(crate) handled: Option<Handled>,
    pub(crate) initial_vars: Map<String, Value>,
    pub(crate) initial_retry_count: u64,
    /// TestState: the context object given with the request, laid over the tested state's.
    pub(crate) test_context: Option<Value>,
    /// TestState: a Map or Parallel state's mocked result (or error) in place of its children,
    /// and `mapIterationFailureCount`.
    pub(crate) test_children: Option<(Result<Value, StatesError>, Option<u64>)>,
    /// State names handed out by [`Execution::intern`].
    names: crate::payload::TextMap<Arc<str>>,
    /// The step debugger, when on (StepLab's).
    pub(crate) debug: Option<Box<debug::Debug>>,
    /// The record of a state that was left, kept for the next state entered.
    spare: Option<Box<fiber::Active>>,
    /// `redriveCount` and `redriveDate` (see `redrive.rs`).
    redrive_count: u64,
    redrive_millis: Option<i64>,
    /// The Map Runs of the execution's Distributed Map states (see `map_run.rs`).
    map_runs: Vec<map_run::MapRunRecord>,
}

/// How the tested state's error was handled (TestState's `errorDetails`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Handled {
    Caught { index: usize },
    Retried { index: usize, backoff_seconds: f64 },
}

fn opt(s: &str) -> Option<String> {
    if s.is_empty() { None } else { Some(s.to_owned()) }
}

impl Execution {
    /// A new execution of `machine` with `input`; nothing happens before the first [`Execution::step`].
    pub fn new(
        machine: impl Into<Arc<StateMachine>>,
        input: Value,
        start: StartExecution,
    ) -> Execution {
        let machine = machine.into();
        let deadline = machine.timeout_seconds.map(|s| {
            start.start_millis.saturating_add(i64::try_from(s).unwrap_or(i64::MAX / 2) * 1000)
        });
        Execution {
            rng: Rng::new(start.seed),
            now: start.start_millis,
            machine,
            start,
            input: Arc::new(input),
            history: Vec::new(),
            status: ExecutionStatus::Running,
            fibers: Vec::new(),
            ready: VecDeque::new(),
            timers: BTreeSet::new(),
            outbox: VecDeque::new(),
            tasks: HashMap::default(),
            last_failure: None,
            region_text: None,
            tokens: HashMap::new(),
            next_task: 1,
            started: false,
            deadline,
            inspection: None,
            handled: None,
            initial_vars: Map::new(),
            initial_retry_count: 0,
            test_context: None,
            test_children: None,
            names: crate::payload::TextMap::default(),
            debug: None,
            spare: None,
            redrive_count: 0,
            redrive_millis: None,
            map_runs: Vec::new(),
        }
    }

    /// The event history so far.
    pub fn history(&self) -> &[HistoryEvent] {
        &self.history
    }

    /// The status.
    pub fn status(&self) -> &ExecutionStatus {
        &self.status
    }

    /// The machine being run.
    pub fn machine(&self) -> &StateMachine {
        &self.machine
    }

    /// What the execution was started with.
    pub fn start_info(&self) -> &StartExecution {
        &self.start
    }

    /// The execution's input.
    pub fn input(&self) -> &Value {
        &self.input
    }

    /// A fresh UUID from the execution's seeded generator (for request ids the driver needs).
    pub fn uuid(&mut self) -> String {
        self.rng.uuid_v4()
    }

    fn running(&self) -> bool {
        matches!(self.status, ExecutionStatus::Running)
    }

    /// Appends an event; `fiber` is the thread it belongs to (its chain gives `previousEventId`).
    pub(crate) fn emit(
        &mut self,
        fiber: Option<usize>,
        kind: &'static str,
        details: impl Into<Details>,
    ) -> u64 {
        if let Some(x) = fiber.and_then(|f| self.fibers.get_mut(f))
            && x.silent
        {
            x.silent_events += 1;
            // a child execution of a Map Run records in its own history, without the parent's
            // MapIteration… events
            let Some(sink) = x.sink else { return 0 };
            if x.exec_root && kind.starts_with("MapIteration") {
                return 0;
            }
            let prev = x.prev;
            let state_name =
                if kind.starts_with("Execution") { None } else { x.current_state.clone() };
            let id = self.emit_child(sink, prev, kind, details.into(), state_name);
            if let Some(x) = fiber.and_then(|f| self.fibers.get_mut(f)) {
                x.prev = id;
            }
            return id;
        }
        let id = self.history.len() as u64 + 1;
        let prev = match fiber.and_then(|f| self.fibers.get(f)) {
            Some(f) => f.prev,
            None => self.history.last().map_or(0, |e| e.id),
        };
        let state_name = if kind.starts_with("Execution") {
            None
        } else {
            fiber.and_then(|f| self.fibers.get(f)).and_then(|x| x.current_state.clone())
        };
        self.history.push(HistoryEvent {
            id,
            previous_event_id: prev,
            timestamp_millis: self.now,
            kind,
            details: details.into(),
            state_name,
        });
        if let Some(f) = fiber.and_then(|f| self.fibers.get_mut(f)) {
            f.prev = id;
        }
        if self.debug.is_some() {
            self.debug_event();
        }
        if self.history.len() >= MAX_HISTORY_EVENTS && self.running() {
            self.finish_failed(
                Some(fiber.unwrap_or(0)),
                StatesError::runtime(format!(
                    "The execution reached the maximum number of history events ({MAX_HISTORY_EVENTS})."
                )),
            );
        }
        id
    }

    /// The shared copy of a state name (names are few; each transition would allocate one).
    pub(crate) fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(n) = self.names.get(name) {
            return Arc::clone(n);
        }
        let n: Arc<str> = Arc::from(name);
        self.names.insert(name.to_owned(), Arc::clone(&n));
        n
    }

    /// Records a TestState inspection stage of the first state.
    pub(crate) fn inspect(&mut self, f: usize, stage: &str, v: &Value) {
        // only the tested state's stages: it is the first state entered (event 2), and the
        // states a transition leads to after it must not overwrite them
        if f == 0
            && self.fibers.first().is_some_and(|x| x.entered_id == 2)
            && let Some(m) = &mut self.inspection
            && !m.contains_key("afterResultPath")
        {
            m.insert(stage.to_owned(), Value::String(v.to_string()));
        }
        if self.debug.is_some() {
            self.debug_stage(f, stage, v);
        }
    }

    /// Records a TestState inspection value of the first state as it is (`toleratedFailureCount`,
    /// `maxConcurrency`: numbers, not JSON text).
    pub(crate) fn inspect_value(&mut self, f: usize, key: &str, v: Value) {
        if f == 0
            && self.fibers.first().is_some_and(|x| x.entered_id == 2)
            && let Some(m) = &mut self.inspection
            && !m.contains_key("afterResultPath")
        {
            m.insert(key.to_owned(), v);
        }
    }

    /// Appends an event that follows `prev` outside any fiber's chain.
    pub(crate) fn emit_after(
        &mut self,
        fiber: usize,
        prev: u64,
        kind: &'static str,
        state_name: Option<Arc<str>>,
    ) -> u64 {
        if let Some(x) = self.fibers.get(fiber)
            && x.silent
        {
            return match x.sink {
                Some(sink) => self.emit_child(sink, prev, kind, Details::None, state_name),
                None => 0,
            };
        }
        let id = self.history.len() as u64 + 1;
        self.history.push(HistoryEvent {
            id,
            previous_event_id: prev,
            timestamp_millis: self.now,
            kind,
            details: Details::None,
            state_name,
        });
        id
    }

    fn begin(&mut self) {
        self.started = true;
        let input = Arc::clone(&self.input);
        self.emit(
            None,
            "ExecutionStarted",
            Details::Fields(
                vec![
                    ("input", Field::Text(Arc::clone(&input))),
                    ("inputDetails", Field::NotTruncated),
                    ("roleArn", Field::Str(self.start.role_arn.as_str().into())),
                ]
                .into_iter()
                // the members of ExecutionStartedEventDetails, in the order botocore lists them
                .chain(
                    self.start
                        .alias_arn
                        .as_deref()
                        .map(|arn| ("stateMachineAliasArn", Field::Str(arn.into()))),
                )
                .chain(
                    self.start
                        .version_arn
                        .as_deref()
                        .map(|arn| ("stateMachineVersionArn", Field::Str(arn.into()))),
                )
                .collect(),
            ),
        );
        if fiber::exceeds(&input, MAX_PAYLOAD_BYTES) {
            self.finish_failed(
                None,
                StatesError::new(
                    crate::errors::DATA_LIMIT_EXCEEDED,
                    "The input exceeds the maximum number of bytes service limit.",
                ),
            );
            return;
        }
        let scope = Arc::clone(&self.machine.root);
        let start_at = self.intern(&scope.start_at);
        let vars = std::mem::take(&mut self.initial_vars);
        let enter = Run::Enter { name: start_at, input, checked: true };
        let root = Fiber::new(scope, vars, 0, None, 0, None, enter);
        self.fibers.push(root);
        self.ready.push_back(0);
    }

    /// Advances the execution as far as it can at time `now_millis` and says what it needs next.
    pub fn step(&mut self, now_millis: i64) -> Step {
        self.now = self.now.max(now_millis);
        if !self.started {
            self.begin();
        }
        if let Some(d) = self.deadline
            && self.running()
            && self.now >= d
        {
            self.time_out();
        }
        while self.running() && !self.pausing() {
            self.fire_timers();
            let Some(f) = self.ready.pop_front() else { break };
            self.run_fiber(f);
        }
        if self.running() && self.pausing() {
            // the debugger stops here (see `debug_step`); the run goes on from the same point
            return Step::Wait { until_millis: self.now };
        }
        if !self.running() {
            // tasks already handed out no longer matter
            self.outbox.clear();
            return Step::Done;
        }
        if let Some(t) = self.outbox.pop_front() {
            // AWS records TaskStarted when the invocation actually starts
            self.task_handed_out(t.id.0);
            if !self.running() {
                return Step::Done;
            }
            return Step::Task(t);
        }
        // drop timers that no longer matter (a task answered before its deadline, a heartbeat
        // moved the deadline) so the driver is never told to wait for nothing
        while let Some(&(t, f)) = self.timers.first() {
            if self.timer_live(f, t) {
                break;
            }
            self.timers.pop_first();
        }
        let next_timer = self.timers.first().map(|(t, _)| *t);
        let next = match (next_timer, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            Some(until) if next_timer.is_some() || !self.tasks.is_empty() => {
                Step::Wait { until_millis: until }
            }
            _ if !self.tasks.is_empty() => Step::Pending,
            _ => {
                // nothing can make progress: should not happen; fail rather than hang
                self.finish_failed(
                    None,
                    StatesError::runtime("The execution cannot make progress."),
                );
                Step::Done
            }
        }
    }

    fn fire_timers(&mut self) {
        while let Some(&(t, f)) = self.timers.first() {
            if t > self.now {
                break;
            }
            self.timers.pop_first();
            self.timer_fired(f, t);
        }
    }

    /// Reports the end of an invocation handed out by [`Execution::step`].
    pub fn complete_task(&mut self, id: TaskId, outcome: TaskOutcome, now_millis: i64) {
        self.now = self.now.max(now_millis);
        if !self.running() {
            return;
        }
        let Some(f) = self.tasks.remove(&id.0) else { return };
        self.outbox.retain(|t| t.id != id);
        if self.storage_answered(f, id.0, &outcome) {
            return;
        }
        self.task_completed(f, id.0, outcome);
    }

    /// A `.sync` or `.sync:2` integration has started its job (`StartExecution` returned
    /// `output`): records `TaskSubmitted` with that output; the task waits on for the job's end
    /// ([`Execution::complete_task`]). Returns false when no such task waits.
    pub fn task_submitted(&mut self, id: TaskId, output: &Value, now_millis: i64) -> bool {
        self.now = self.now.max(now_millis);
        self.running() && self.submit(id.0, output)
    }

    /// `SendTaskSuccess`: completes the `.waitForTaskToken` task holding `token` with `output`.
    /// Returns false when no task waits on that token (AWS: `TaskDoesNotExist`/`InvalidToken`).
    pub fn send_task_success(&mut self, token: &str, output: Value, now_millis: i64) -> bool {
        self.now = self.now.max(now_millis);
        self.running() && self.callback(token, TaskOutcome::Succeeded(output))
    }

    /// `SendTaskFailure`: fails the `.waitForTaskToken` task holding `token`.
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
        now_millis: i64,
    ) -> bool {
        self.now = self.now.max(now_millis);
        let outcome = TaskOutcome::Failed {
            error: error.unwrap_or_default(),
            cause: cause.unwrap_or_default(),
        };
        self.running() && self.callback(token, outcome)
    }

    /// Whether a `.waitForTaskToken` task still holds `token` (a callback would reach it).
    pub fn waits_for_callback(&self, token: &str) -> bool {
        self.running() && self.callback_target(token).is_some()
    }

    /// `SendTaskHeartbeat`: restarts the `HeartbeatSeconds` clock of the task holding `token`.
    pub fn send_task_heartbeat(&mut self, token: &str, now_millis: i64) -> bool {
        self.now = self.now.max(now_millis);
        match self.callback_target(token) {
            Some((f, id)) if self.running() => {
                self.arm_heartbeat(f, id);
                true
            }
            _ => false,
        }
    }

    /// `StopExecution`: the execution ends `ABORTED`.
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>, now_millis: i64) {
        self.now = self.now.max(now_millis);
        if !self.running() {
            return;
        }
        if !self.started {
            self.begin();
        }
        self.abort_states();
        let mut d = Map::new();
        if let Some(e) = &error {
            d.insert("error".into(), json!(e));
        }
        if let Some(c) = &cause {
            d.insert("cause".into(), json!(c));
        }
        let details = if d.is_empty() { Value::Null } else { Value::Object(d) };
        self.emit(None, "ExecutionAborted", details);
        self.status = ExecutionStatus::Aborted { error, cause };
        self.end_all();
    }

    fn time_out(&mut self) {
        self.abort_states();
        // ExecutionTimedOutEventDetails has `error` and `cause`; what AWS fills in for a machine
        // timeout is not recorded in our sources, so only the error name is given. LocalStack
        // records the event with empty details, but no recorded AWS history shows either (verify)
        self.emit(None, "ExecutionTimedOut", json!({"error": crate::errors::TIMEOUT}));
        self.status =
            ExecutionStatus::TimedOut { error: Some(crate::errors::TIMEOUT.into()), cause: None };
        self.end_all();
    }

    fn end_all(&mut self) {
        self.ready.clear();
        self.timers.clear();
        self.tasks.clear();
        self.outbox.clear();
    }

    pub(crate) fn finish_succeeded(&mut self, fiber: usize, output: Value) {
        if !self.running() {
            return;
        }
        self.emit(
            Some(fiber),
            "ExecutionSucceeded",
            Details::Fields(vec![
                ("output", Field::Text(Arc::new(output.clone()))),
                ("outputDetails", Field::NotTruncated),
            ]),
        );
        self.status = ExecutionStatus::Succeeded { output };
        self.end_all();
    }

    pub(crate) fn finish_failed(&mut self, fiber: Option<usize>, err: StatesError) {
        if !self.running() {
            return;
        }
        let mut d = Map::new();
        if !err.error.is_empty() {
            d.insert("error".into(), json!(err.error));
        }
        if !err.cause.is_empty() {
            d.insert("cause".into(), json!(err.cause));
        }
        self.status = ExecutionStatus::Failed { error: opt(&err.error), cause: opt(&err.cause) };
        self.emit(fiber, "ExecutionFailed", Value::Object(d));
        self.end_all();
    }

    fn abort_states(&mut self) {
        let trigger = self.history.last().map_or(0, |e| e.id);
        if matches!(self.fibers.first().map(|f| &f.run), Some(Run::Active(_))) {
            self.cancel(0, trigger);
        }
    }
}

//! Fibers: threads of control moving through the states of one scope, and what they wait on.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Execution;
use crate::errors::{self, StatesError};
use crate::history::{Details, Field};
use crate::model::{Scope, StateType};

pub(crate) struct Fiber {
    pub scope: Arc<Scope>,
    pub vars: Map<String, Value>,
    /// Id of the last event of this thread.
    pub prev: u64,
    pub parent: Option<usize>,
    /// Branch or item index within the parent.
    pub slot: usize,
    /// `(Map state name, index)` for a Map iteration.
    pub iteration: Option<(Arc<str>, usize)>,
    /// A child execution of a distributed Map: its events are not in this history.
    pub silent: bool,
    /// Events a silent fiber would have recorded (its own history limit).
    pub silent_events: usize,
    /// The child execution of a Map Run whose history a silent fiber records in.
    pub sink: Option<super::map_run::Sink>,
    /// The fiber is a child execution of a Map Run (not a branch or iteration inside one).
    pub exec_root: bool,
    /// The state the fiber is in (for [`HistoryEvent::state_name`](crate::HistoryEvent)).
    pub current_state: Option<Arc<str>>,
    /// The id of the `…StateEntered` event of the state the fiber is in (the debugger's key).
    pub entered_id: u64,
    /// Its end has been reported to the parent (or the execution).
    pub reported: bool,
    /// The type of the state the fiber failed in, when it ended with an uncaught error.
    pub failed_in: Option<StateType>,
    /// The input of the state the fiber is in (or ended in): what a redrive enters it with.
    pub state_input: Option<Arc<Value>>,
    /// The branches or iterations of the Parallel or inline Map state the fiber failed or was
    /// stopped in: a redrive keeps the results of those that succeeded (see `redrive.rs`).
    pub stopped_kids: Option<Box<Kids>>,
    /// Set by a redrive for the state's next launch of its children.
    pub redrive_kids: Option<Box<Kids>>,
    pub run: Run,
}

impl std::fmt::Debug for Fiber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fiber")
            .field("prev", &self.prev)
            .field("parent", &self.parent)
            .field("slot", &self.slot)
            .finish_non_exhaustive()
    }
}

impl Fiber {
    pub(crate) fn new(
        scope: Arc<Scope>,
        vars: Map<String, Value>,
        prev: u64,
        parent: Option<usize>,
        slot: usize,
        iteration: Option<(Arc<str>, usize)>,
        run: Run,
    ) -> Fiber {
        Fiber {
            scope,
            vars,
            prev,
            parent,
            slot,
            iteration,
            silent: false,
            silent_events: 0,
            sink: None,
            exec_root: false,
            current_state: None,
            entered_id: 0,
            reported: false,
            failed_in: None,
            state_input: None,
            stopped_kids: None,
            redrive_kids: None,
            run,
        }
    }
}

pub(crate) enum Run {
    /// Enter a state; `checked` when the input's size is known to be within the limit.
    Enter {
        name: Arc<str>,
        input: Arc<Value>,
        checked: bool,
    },
    Active(Box<Active>),
    Done(Result<Value, StatesError>),
    Cancelled,
    Idle,
}

pub(crate) struct Active {
    pub name: Arc<str>,
    /// The state's index in its scope (`Scope::states`).
    pub index: usize,
    pub state_type: StateType,
    /// The state's raw input (shared with its `…StateEntered` event).
    pub input: Arc<Value>,
    pub entered_id: u64,
    pub entered_millis: i64,
    pub retry_count: u64,
    pub attempts: Vec<u64>,
    /// `$$.Task.Token` of a `.waitForTaskToken` task (new for each attempt).
    pub task_token: Option<String>,
    /// A Task state's invocation, kept for its retries when they cannot differ from the first
    /// attempt (see [`Execution::schedule`]).
    pub plan: Option<Arc<super::task::Plan>>,
    pub wait: Wait,
}

impl std::fmt::Debug for Active {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Active").field("name", &self.name).finish_non_exhaustive()
    }
}

pub(crate) enum Wait {
    /// Do (or redo) the state's work.
    Start,
    /// A Wait state's timer has fired.
    Resume,
    Task(Box<super::task::Pending>),
    Retry {
        until: i64,
    },
    Timer {
        until: i64,
    },
    Children(Box<Kids>),
    /// A Distributed Map's reading of its items or writing of its results: an S3 call is out.
    Storage(Box<super::storage::Storage>),
}

pub(crate) struct Kids {
    pub parallel: bool,
    pub ids: Vec<usize>,
    pub results: Vec<Option<Value>>,
    /// Map iterations not started yet: `(index, input)`.
    pub pending: VecDeque<(usize, Arc<Value>)>,
    /// The inputs are the state's own input or parts of it, so within the payload limit (the
    /// state's input was measured on the way in).
    pub inputs_checked: bool,
    pub running: usize,
    pub max: usize,
    pub started_id: u64,
    /// A distributed Map: children are silent, failures may be tolerated.
    pub distributed: bool,
    pub failures: usize,
    pub tolerated_count: Option<u64>,
    pub tolerated_percentage: Option<f64>,
    /// A distributed Map's Map Run.
    pub map_run: Option<MapRun>,
    /// What `ResultWriter` writes of each child execution (only when the state has one).
    pub log: Option<Box<super::result_writer::ChildLog>>,
}

/// A distributed Map's Map Run: its ARN and the id that ends it.
#[derive(Debug, Clone)]
pub(crate) struct MapRun {
    pub arn: String,
    pub id: String,
    /// Its record in `Execution::map_runs`.
    pub index: usize,
    /// `{state machine name}/{Label}`: the child executions' state machine.
    pub machine: String,
}

/// What running a state produced.
pub(crate) enum Flow {
    /// Blocked: put the state back and wait.
    Block(Box<Active>),
    /// The state is done: emit its Exited event and move on.
    Exit {
        active: Box<Active>,
        output: Arc<Value>,
        assigned: Option<Map<String, Value>>,
        next: Option<Arc<str>>,
    },
    /// The state failed: retry, catch or fail the fiber.
    Error { active: Box<Active>, err: StatesError },
    /// The fiber ends without an Exited event (Fail state, uncatchable error).
    Finish(Result<Value, StatesError>),
}

/// The `<Type>StateAborted` event of a state type, for those that have one.
pub(crate) fn aborted_event(t: StateType) -> Option<&'static str> {
    match t {
        StateType::Task => Some("TaskStateAborted"),
        StateType::Wait => Some("WaitStateAborted"),
        StateType::Map => Some("MapStateAborted"),
        StateType::Parallel => Some("ParallelStateAborted"),
        _ => None,
    }
}

fn state_event(t: StateType, suffix: &str) -> &'static str {
    match (t, suffix) {
        (StateType::Task, "Entered") => "TaskStateEntered",
        (StateType::Task, _) => "TaskStateExited",
        (StateType::Pass, "Entered") => "PassStateEntered",
        (StateType::Pass, _) => "PassStateExited",
        (StateType::Choice, "Entered") => "ChoiceStateEntered",
        (StateType::Choice, _) => "ChoiceStateExited",
        (StateType::Wait, "Entered") => "WaitStateEntered",
        (StateType::Wait, _) => "WaitStateExited",
        (StateType::Succeed, "Entered") => "SucceedStateEntered",
        (StateType::Succeed, _) => "SucceedStateExited",
        (StateType::Fail, _) => "FailStateEntered",
        (StateType::Parallel, "Entered") => "ParallelStateEntered",
        (StateType::Parallel, _) => "ParallelStateExited",
        (StateType::Map, "Entered") => "MapStateEntered",
        (StateType::Map, _) => "MapStateExited",
    }
}

impl Execution {
    pub(crate) fn run_fiber(&mut self, f: usize) {
        loop {
            if !self.running() {
                return;
            }
            // a child execution of a distributed Map has its own 25,000-event limit
            if let Some(x) = self.fibers.get_mut(f)
                && x.silent
                && x.silent_events >= super::MAX_HISTORY_EVENTS
                && !matches!(x.run, Run::Done(_))
            {
                x.silent_events = 0;
                x.run = Run::Done(Err(StatesError::runtime(format!(
                    "The execution reached the maximum number of history events ({}).",
                    super::MAX_HISTORY_EVENTS
                ))));
            }
            if self.pausing() {
                // the step debugger stops between transitions; this fiber goes on first
                self.ready.push_front(f);
                return;
            }
            let Some(fiber) = self.fibers.get_mut(f) else { return };
            let run = std::mem::replace(&mut fiber.run, Run::Idle);
            match run {
                Run::Enter { name, input, checked } => self.enter(f, name, input, checked),
                Run::Active(a) => match a.wait {
                    Wait::Start | Wait::Resume => {
                        let flow = self.execute(f, a);
                        self.apply(f, flow);
                    }
                    _ => {
                        self.set_run(f, Run::Active(a));
                        return;
                    }
                },
                Run::Done(r) => {
                    self.set_run(f, Run::Done(r));
                    self.fiber_done(f);
                    return;
                }
                other => {
                    self.set_run(f, other);
                    return;
                }
            }
        }
    }

    pub(crate) fn set_run(&mut self, f: usize, run: Run) {
        if let Some(fiber) = self.fibers.get_mut(f) {
            fiber.run = run;
        }
    }

    fn enter(&mut self, f: usize, name: Arc<str>, input: Arc<Value>, checked: bool) {
        let Some(scope) = self.fibers.get(f).map(|x| Arc::clone(&x.scope)) else { return };
        // a few states: comparing names beats hashing one
        let found = if scope.states.len() <= 8 {
            scope.states.iter().enumerate().find(|(_, s)| *s.name == *name)
        } else {
            scope.index.get(&*name).and_then(|&i| Some((i, scope.states.get(i)?)))
        };
        let Some((index, state)) = found else {
            self.set_run(
                f,
                Run::Done(Err(StatesError::runtime(format!("The state '{name}' does not exist")))),
            );
            return;
        };
        let t = state.state_type;
        let state_name = Arc::clone(&name);
        if let Some(x) = self.fibers.get_mut(f) {
            x.current_state = Some(Arc::clone(&state_name));
            x.state_input = Some(Arc::clone(&input));
            x.stopped_kids = None;
            if !matches!(t, StateType::Map | StateType::Parallel) {
                x.redrive_kids = None;
            }
        }
        let entered_id = self.emit(
            Some(f),
            state_event(t, "Entered"),
            Details::State {
                entered: true,
                name: state_name,
                payload: Field::Text(Arc::clone(&input)),
                assigned: None,
            },
        );
        if let Some(x) = self.fibers.get_mut(f) {
            x.entered_id = entered_id;
        }
        if !checked && exceeds(&input, super::MAX_PAYLOAD_BYTES) {
            self.set_run(
                f,
                Run::Done(Err(StatesError::new(
                    errors::DATA_LIMIT_EXCEEDED,
                    format!("The state '{name}' received an input with a size exceeding the maximum number of bytes service limit."),
                ))),
            );
            return;
        }
        let active = Active {
            name,
            index,
            state_type: t,
            input,
            entered_id,
            entered_millis: self.now,
            retry_count: if f == 0 { self.initial_retry_count } else { 0 },
            attempts: vec![if f == 0 { self.initial_retry_count } else { 0 }; state.retry.len()],
            task_token: None,
            plan: None,
            wait: Wait::Start,
        };
        // the record of the state the last transition left, reused: one allocation less per
        // transition
        let boxed = match self.spare.take() {
            Some(mut b) => {
                *b = active;
                b
            }
            None => Box::new(active),
        };
        self.set_run(f, Run::Active(boxed));
    }

    pub(crate) fn apply(&mut self, f: usize, flow: Flow) {
        match flow {
            Flow::Block(a) => self.set_run(f, Run::Active(a)),
            Flow::Finish(mut r) => {
                if let Err(e) = &mut r {
                    self.evaluation_failed(f, e);
                }
                self.set_run(f, Run::Done(r));
            }
            Flow::Error { active, mut err } => {
                self.evaluation_failed(f, &mut err);
                let flow = self.handle_error(f, active, err);
                self.apply(f, flow);
            }
            Flow::Exit { active, output, assigned, next } => {
                // The last state of a branch or iteration hands its output on to the parent
                // state: when nothing else holds it, the event shows it as JSON text written now
                // and the value itself moves on (one allocation, where a copy would take one
                // per member, key and string)
                let last = next.is_none()
                    && Arc::strong_count(&output) == 1
                    && self.fibers.get(f).is_some_and(|x| x.parent.is_some() && !x.silent);
                let text = last.then(|| serde_json::to_string(&*output).unwrap_or_default());
                // an output that is the state's input unchanged was measured on the way in
                let too_big = match &text {
                    Some(t) => t.len() > super::MAX_PAYLOAD_BYTES,
                    None => {
                        !Arc::ptr_eq(&output, &active.input)
                            && exceeds(&output, super::MAX_PAYLOAD_BYTES)
                    }
                };
                if too_big {
                    let err = StatesError::new(
                        errors::DATA_LIMIT_EXCEEDED,
                        format!(
                            "The state/task '{}' returned a result with a size exceeding the maximum number of bytes service limit.",
                            active.name
                        ),
                    );
                    self.set_run(f, Run::Done(Err(err)));
                    return;
                }
                let name = self
                    .fibers
                    .get(f)
                    .and_then(|x| x.current_state.clone())
                    .unwrap_or_else(|| Arc::clone(&active.name));
                let assigned = assigned.map(Arc::new);
                let d = Details::State {
                    entered: false,
                    name,
                    payload: match text {
                        Some(t) => Field::Rendered(t),
                        None => Field::Text(Arc::clone(&output)),
                    },
                    assigned: assigned.clone(),
                };
                self.emit(Some(f), state_event(active.state_type, "Exited"), d);
                if let Some(vars) = assigned
                    && let Some(fiber) = self.fibers.get_mut(f)
                {
                    for (k, v) in Arc::unwrap_or_clone(vars) {
                        fiber.vars.insert(k, v);
                    }
                }
                self.spare = Some(active);
                match next {
                    Some(name) => {
                        self.set_run(f, Run::Enter { name, input: output, checked: true });
                    }
                    None => self.set_run(f, Run::Done(Ok(Arc::unwrap_or_clone(output)))),
                }
            }
        }
    }

    /// A JSONata expression failed: AWS records `EvaluationFailed` (error, cause, the field and
    /// the state) before the error is retried, caught or ends the execution. Member order as in
    /// the API's `EvaluationFailedEventDetails`; the `location` spelling is StepLab's field path
    /// (`Output`, `Arguments/x`, `Choices[0]/Condition`) (verify against a recorded history).
    fn evaluation_failed(&mut self, f: usize, err: &mut StatesError) {
        let Some(location) = err.location.take() else { return };
        let state = self
            .fibers
            .get(f)
            .and_then(|x| x.current_state.clone())
            .unwrap_or_else(|| Arc::from(""));
        let d = vec![
            ("error", Field::Str(err.error.as_str().into())),
            ("cause", Field::Str(err.cause.as_str().into())),
            ("location", Field::Str(location.into())),
            ("state", Field::Str(state)),
        ];
        self.emit(Some(f), "EvaluationFailed", Details::Fields(d));
    }

    /// A fiber has ended: end the execution, or tell the parent state.
    fn fiber_done(&mut self, f: usize) {
        let Some(fiber) = self.fibers.get_mut(f) else { return };
        // the result moves on to the parent; an error stays (aborts look at it)
        let result = match &mut fiber.run {
            Run::Done(Ok(v)) => Ok(std::mem::take(v)),
            Run::Done(Err(e)) => Err(e.clone()),
            _ => return,
        };
        let Some(parent) = fiber.parent else {
            match result {
                Ok(v) => self.finish_succeeded(f, v),
                Err(e) => self.finish_failed(Some(f), e),
            }
            return;
        };
        let slot = fiber.slot;
        let iteration = fiber.iteration.clone();
        let exec_root = fiber.exec_root;
        let mut trigger = fiber.prev;
        if let Some(x) = self.fibers.get_mut(f) {
            x.reported = true;
        }
        if exec_root {
            // a child execution of a Map Run: its end is in its own history; the parent's events
            // go on from its own last one
            self.child_ended(f, Some(&result));
            trigger = self.fibers.get(parent).map_or(0, |p| p.prev);
        } else {
            if let Some((name, index)) = &iteration {
                let kind =
                    if result.is_ok() { "MapIterationSucceeded" } else { "MapIterationFailed" };
                self.emit(Some(f), kind, iteration_details(name, *index));
            }
            let last = self.fibers.get(f).map_or(0, |x| x.prev);
            if let Some(p) = self.fibers.get_mut(parent) {
                p.prev = p.prev.max(last);
            }
        }
        self.child_done(parent, slot, result, f, trigger);
    }

    pub(crate) fn arm_timer(&mut self, f: usize, until: i64) {
        self.timers.insert((until, f));
    }

    /// Is the timer `(t, f)` still what the fiber waits for?
    pub(crate) fn timer_live(&self, f: usize, t: i64) -> bool {
        let Some(Run::Active(a)) = self.fibers.get(f).map(|x| &x.run) else { return false };
        match &a.wait {
            Wait::Retry { until } | Wait::Timer { until } => *until == t,
            Wait::Task(p) => p.deadline == Some(t) || p.heartbeat_deadline == Some(t),
            _ => false,
        }
    }

    pub(crate) fn timer_fired(&mut self, f: usize, t: i64) {
        let Some(fiber) = self.fibers.get_mut(f) else { return };
        let Run::Active(a) = &mut fiber.run else { return };
        match &a.wait {
            Wait::Retry { until } if *until == t => {
                a.wait = Wait::Start;
                self.ready.push_back(f);
            }
            Wait::Timer { until } if *until == t => {
                a.wait = Wait::Resume;
                self.ready.push_back(f);
            }
            Wait::Task(p) if p.deadline == Some(t) => {
                let id = p.id;
                self.task_timed_out(f, id, crate::errors::TIMEOUT);
            }
            Wait::Task(p) if p.heartbeat_deadline == Some(t) => {
                // AWS records a missed heartbeat as TaskTimedOut with States.Timeout, not
                // States.HeartbeatTimeout (LocalStack timeouts/test_heartbeats, 2024-04-18)
                let id = p.id;
                self.task_timed_out(f, id, crate::errors::TIMEOUT);
            }
            _ => {}
        }
    }

    /// Aborts a fiber and everything under it (a sibling branch or iteration failed, or the
    /// execution stopped), with AWS's events: `MapIterationAborted` for an iteration, then
    /// `<Type>StateAborted` for the state it was in, all following the event `trigger`.
    pub(crate) fn cancel(&mut self, f: usize, trigger: u64) {
        let Some(fiber) = self.fibers.get_mut(f) else { return };
        if fiber.reported {
            return;
        }
        fiber.reported = true;
        let run = std::mem::replace(&mut fiber.run, Run::Cancelled);
        let iteration = fiber.iteration.clone();
        // a fiber of a Map Run's child execution goes on in that child's history
        let own_chain = fiber.sink.is_some();
        let exec_root = fiber.exec_root;
        if !own_chain {
            fiber.prev = trigger;
        }
        let mut aborted = None;
        let mut not_entered = None;
        match run {
            Run::Enter { name, input, .. } => not_entered = Some((name, input)),
            Run::Done(Err(_)) => aborted = self.fibers.get(f).and_then(|x| x.failed_in),
            Run::Done(Ok(_)) => {}
            Run::Active(a) => {
                aborted = Some(a.state_type);
                match a.wait {
                    Wait::Task(p) => {
                        self.tasks.remove(&p.id);
                        self.outbox.retain(|t| t.id.0 != p.id);
                    }
                    Wait::Children(k) => {
                        for &c in &k.ids {
                            self.cancel(c, trigger);
                        }
                        if k.distributed {
                            self.map_run_ended(f, super::map_run::MapRunStatus::Aborted);
                        }
                        if let Some(x) = self.fibers.get_mut(f) {
                            x.stopped_kids = Some(k);
                        }
                    }
                    Wait::Storage(s) => {
                        self.tasks.remove(&s.id);
                        self.outbox.retain(|t| t.id.0 != s.id);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        if let Some((name, index)) = iteration {
            self.emit(Some(f), "MapIterationAborted", iteration_details(&name, index));
        }
        if let Some(kind) = aborted.and_then(aborted_event) {
            if let Some(x) = self.fibers.get_mut(f)
                && !own_chain
            {
                x.prev = trigger;
            }
            self.emit(Some(f), kind, Value::Null);
        }
        if exec_root {
            self.child_ended(f, None);
        }
        // a redrive enters the state this fiber was about to enter
        if let Some((name, input)) = not_entered
            && let Some(x) = self.fibers.get_mut(f)
        {
            x.current_state = Some(name);
            x.state_input = Some(input);
        }
    }

    /// The `$$` context object for a state (`null` when the state never reads it).
    pub(crate) fn context(&self, f: usize, a: &Active) -> Value {
        let needed = self
            .fibers
            .get(f)
            .and_then(|x| x.scope.states.get(a.index))
            .is_none_or(|s| s.needs_context);
        if !needed {
            return Value::Null;
        }
        // RetryCount only where a Retry can apply: a Pass state's context has none, as recorded
        // against AWS (LocalStack context_object/test_context_object.snapshot.json, test_input_path
        // [$$], 2024-09-11); Choice, Wait, Succeed and Fail are taken to be like Pass (verify)
        let state = if matches!(
            a.state_type,
            StateType::Task | StateType::Map | StateType::Parallel
        ) {
            json!({"Name": &*a.name, "EnteredTime": crate::time::iso_millis(a.entered_millis), "RetryCount": a.retry_count})
        } else {
            json!({"Name": &*a.name, "EnteredTime": crate::time::iso_millis(a.entered_millis)})
        };
        let mut execution = if self.start.is_express() {
            // an Express execution cannot be redriven: no RedriveCount, and the keys in this order,
            // as recorded against AWS (LocalStack express/test_express_sync.snapshot.json,
            // test_query_runtime_memory, 2024-07-15)
            json!({
                "Id": self.start.execution_arn,
                "Input": null,
                "Name": self.start.name,
                "RoleArn": self.start.role_arn,
                "StartTime": crate::time::iso_millis(self.start.start_millis)
            })
        } else {
            json!({
                "Id": self.start.execution_arn,
                "Input": null,
                "StartTime": crate::time::iso_millis(self.start.start_millis),
                "Name": self.start.name,
                "RoleArn": self.start.role_arn,
                "RedriveCount": self.redrive_count
            })
        };
        // `RedriveTime` is in the context object's documented fields (input-output-contextobject);
        // given here only once redriven, after `RedriveCount` (presence and place: verify)
        if let (Some(t), Value::Object(m)) = (self.redrive_millis, &mut execution) {
            m.insert("RedriveTime".into(), json!(crate::time::iso_millis(t)));
        }
        let mut ctx = json!({
            // key order as recorded against AWS (LocalStack assign/test_assign_base, 2024-11-04)
            "Execution": execution,
            "StateMachine": {"Id": self.start.state_machine_arn, "Name": self.start.state_machine_name},
            "State": state
        });
        // a copy, not a re-serialization, of the execution's input
        if let Some(input) = ctx.pointer_mut("/Execution/Input") {
            *input = Value::clone(&self.input);
        }
        if let (Some(token), Value::Object(m)) = (&a.task_token, &mut ctx) {
            m.insert("Task".into(), json!({"Token": token}));
        }
        // TestState's `context`: the given Context object's members replace the tested state's
        if f == 0
            && let Some(given) = &self.test_context
        {
            overlay(&mut ctx, given);
        }
        ctx
    }

    /// Retry, catch, or end the fiber with the error.
    pub(crate) fn handle_error(&mut self, f: usize, mut a: Box<Active>, err: StatesError) -> Flow {
        let Some(scope) = self.fibers.get(f).map(|x| Arc::clone(&x.scope)) else {
            return Flow::Finish(Err(err));
        };
        let Some(state) = scope.states.get(a.index) else { return Flow::Finish(Err(err)) };
        if err.error == errors::RUNTIME {
            self.mark_failed_in(f, a.state_type);
            return Flow::Finish(Err(err));
        }
        if let Some((i, r)) = state
            .retry
            .iter()
            .enumerate()
            .find(|(_, r)| errors::matches(&r.error_equals, &err.error))
        {
            let n = a.attempts.get(i).copied().unwrap_or(0);
            if n < r.max_attempts {
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
                let mut delay = if n == 0 || r.backoff_rate == 1.0 {
                    // the same value, without calling `pow` on every retry
                    r.interval_seconds
                } else {
                    r.interval_seconds * r.backoff_rate.powf(n as f64)
                };
                if let Some(m) = r.max_delay_seconds {
                    delay = delay.min(m);
                }
                if r.jitter_full {
                    delay *= self.rng.next_f64();
                }
                #[allow(clippy::cast_possible_truncation)]
                let ms = (delay * 1000.0).round().clamp(0.0, 1.0e15) as i64;
                if let Some(x) = a.attempts.get_mut(i) {
                    *x += 1;
                }
                a.retry_count += 1;
                // a retry starts the state's children anew
                if let Some(x) = self.fibers.get_mut(f) {
                    x.stopped_kids = None;
                }
                if f == 0 && self.inspection.is_some() && self.handled.is_none() {
                    #[allow(clippy::cast_precision_loss)]
                    let backoff_seconds = ms as f64 / 1000.0;
                    self.handled = Some(super::Handled::Retried { index: i, backoff_seconds });
                }
                if self.debug.is_some() {
                    let name = a.name.clone();
                    self.debug_retry(&name, i, &err.error, a.retry_count, ms);
                }
                let until = self.now + ms;
                a.wait = Wait::Retry { until };
                self.arm_timer(f, until);
                return Flow::Block(a);
            }
        }
        if let Some((ci, c)) = state
            .catch
            .iter()
            .enumerate()
            .find(|(_, c)| errors::matches(&c.error_equals, &err.error))
        {
            if f == 0 && self.inspection.is_some() && self.handled.is_none() {
                self.handled = Some(super::Handled::Caught { index: ci });
            }
            if self.debug.is_some() {
                let name = a.name.clone();
                self.debug_catch(&name, ci, &err.error, &c.next);
            }
            // In JSONata states AWS hands the catcher a Cause that is JSON re-serialized
            // compactly (recorded: LocalStack states_variables/test_error_output, 2024-11-12);
            // JSONPath catchers get the cause as the task produced it.
            let cause = if state.query_language == crate::QueryLanguage::Jsonata {
                serde_json::from_str::<Value>(&err.cause)
                    .ok()
                    .filter(|v| v.is_object() || v.is_array())
                    .map_or_else(|| err.cause.clone(), |v| v.to_string())
            } else {
                err.cause.clone()
            };
            let error_output = json!({"Error": err.error, "Cause": cause});
            let c = c.clone();
            return match self.catch_output(f, &a, &c, state.query_language, error_output) {
                Ok((output, assigned)) => Flow::Exit {
                    active: a,
                    output: Arc::new(output),
                    assigned,
                    next: Some(self.intern(&c.next)),
                },
                Err(e) => Flow::Finish(Err(e)),
            };
        }
        self.mark_failed_in(f, a.state_type);
        Flow::Finish(Err(err))
    }

    pub(crate) fn mark_failed_in(&mut self, f: usize, t: StateType) {
        if let Some(x) = self.fibers.get_mut(f) {
            x.failed_in = Some(t);
        }
    }
}

/// `{"name": …, "index": …}` of the `MapIteration…` events.
pub(crate) fn iteration_details(name: &Arc<str>, index: usize) -> Details {
    Details::Iteration { name: Arc::clone(name), index }
}

/// Is `v` as compact JSON text longer than `limit` bytes? Most payloads are far below the limit:
/// a quick upper bound of the length settles those without writing the text.
pub(crate) fn exceeds(v: &Value, limit: usize) -> bool {
    let mut budget = limit;
    if within(v, &mut budget) { false } else { json_size(v) > limit }
}

/// Takes an upper bound of `v`'s compact JSON length from `budget`; `false` once it runs out.
fn within(v: &Value, budget: &mut usize) -> bool {
    let take = |budget: &mut usize, n: usize| match budget.checked_sub(n) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    };
    // a string's bytes at worst each escaped as `\u00XX`, plus its quotes
    let text = |s: &str| s.len().saturating_mul(6).saturating_add(2);
    match v {
        // `null`, `false`; a number is at most 24 characters (`-1.7976931348623157e308`)
        Value::Null | Value::Bool(_) => take(budget, 5),
        Value::Number(_) => take(budget, 24),
        Value::String(s) => take(budget, text(s)),
        // brackets and a comma after each element
        Value::Array(a) => take(budget, 2 + a.len()) && a.iter().all(|x| within(x, budget)),
        // braces, and a colon and comma per member
        Value::Object(m) => {
            take(budget, 2 + 2 * m.len())
                && m.iter().all(|(k, x)| take(budget, text(k)) && within(x, budget))
        }
    }
}

/// The length of `v` as compact JSON text, without building the text.
pub(crate) fn json_size(v: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    // writing a Value to a counter cannot fail
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// Lays `given`'s members over `base`'s, object members recursively (TestState's `context`).
fn overlay(base: &mut Value, given: &Value) {
    match (base, given) {
        (Value::Object(b), Value::Object(g)) => {
            for (k, v) in g {
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => overlay(slot, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, g) => *b = g.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{exceeds, json_size};
    use serde_json::json;

    #[test]
    fn size_limit_is_exact() {
        let big = "x".repeat(300);
        for v in [
            json!(null),
            json!(-1.797_693_134_862_315_7e308),
            json!(i64::MIN),
            json!("quote \" control \u{1} é"),
            json!({"a": [1, true, null, {"b": "\n"}], "": {}}),
            json!([big, {"k\u{7f}": [[], {}]}]),
        ] {
            let n = json_size(&v);
            assert!(!exceeds(&v, n), "{v}");
            assert!(exceeds(&v, n - 1), "{v}");
            assert!(!exceeds(&v, n + 1000), "{v}");
        }
    }
}

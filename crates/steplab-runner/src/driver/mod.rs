//! The one run loop: an execution carried forward for its host, sans-IO.
//!
//! A [`Driver`] holds the execution, the functions it may call, the mocked and default service
//! responses, the breakpoints and where the step debugger holds. Its host calls
//! [`Driver::poll`] with the host's clock and carries out the [`Effect`] it gets (invoke this
//! function, wake me at this time, these events were appended, held here, finished), then hands
//! back what happened ([`Driver::invoked`], [`Driver::resume`], [`Driver::stop`],
//! [`Driver::fast_forward`]). The CLI and the JavaScript API carry out effects synchronously on a
//! virtual clock ([`crate::sync`]); the web app carries them out with Web Workers and timers.
//! Every host therefore runs the same loop, with the same Task dispatch, the same default
//! responses and the same debugger.

mod callbacks;
mod nested;
pub mod reveal;
mod tasks;

use std::collections::{BTreeMap, VecDeque};

use steplab_asl::{
    Breakpoints, DebugStep, Execution, ExecutionNotRedrivable, ExecutionStatus, HistoryEvent,
    Mocks, Pause, Step, TaskOutcome, TaskRequest,
};

use crate::arn::Partition;
use crate::ids::Ids;
use crate::lambda::{LambdaCall, LambdaReply};
use crate::run::InvocationLog;
pub use nested::StartedExecution;
use reveal::Reveal;
use steplab_services::Services;

/// Identifies one invocation handed to the host, so that its answer finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvokeId(pub u64);

/// What the host must do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// The execution (or one it started) waits for a task token's callback
    /// ([`Driver::send_task_success`], [`Driver::send_task_failure`], or a function calling
    /// `SendTaskSuccess` through [`Driver::call_service`]) and has nothing else to do before this
    /// time on the host's clock (a timeout, a heartbeat's end, a Wait elsewhere; `None`: no end):
    /// send it, or poll then.
    AwaitingCallback(Option<i64>),
    /// Events `from..to` of [`Driver::history`] were appended: show or store them.
    Appended {
        /// The first new event's index.
        from: usize,
        /// One past the last new event's index.
        to: usize,
    },
    /// Invoke a Lambda function, then answer with [`Driver::invoked`].
    Invoke {
        /// Pass back to [`Driver::invoked`].
        id: InvokeId,
        /// The call.
        call: LambdaCall,
        /// The function's timeout, in seconds.
        timeout_seconds: u32,
    },
    /// Nothing to do before this time on the host's clock (a Wait, a retry back-off): poll then,
    /// or sooner after a stop or a fast-forward.
    WakeAt(i64),
    /// An invocation is out: nothing to do until it is answered ([`Driver::invoked`]), or until
    /// this time on the host's clock, when the driver gives up on it (poll then).
    Awaiting(i64),
    /// The step debugger holds the execution here until [`Driver::resume`] or [`Driver::stop`].
    Paused(Pause),
    /// The execution has ended and every event has been handed out.
    Finished,
}

/// How an invocation ended, as the host saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The function's runtime answered (a result or a function error).
    Returned(LambdaReply),
    /// The environment running the function was lost before it answered (a Worker that died,
    /// a page that closed): the Task fails with `Lambda.Unknown`.
    Lost(String),
}

/// What the debugger was told at a hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Run to the next breakpoint.
    Continue,
    /// Show one more event.
    Step,
}

/// An answer that does not belong to the invocation out (late, twice, or after a stop): ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unexpected(pub InvokeId);

/// How long past a function's timeout the driver waits for its host before giving up.
pub const HOST_GRACE_MILLIS: i64 = 10_000;

/// The most engine turns an execution takes: far beyond the 25,000 events it may have.
const TURN_LIMIT: u64 = 1_000_000;

/// The most state visits whose data-flow stages the debugger records by default.
pub const MAX_RECORDED_VISITS: usize = 500;

/// What the driver may call besides the engine: functions, mocks, the partition.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// The Lambda functions by name, with their timeouts in seconds. A function named with any
    /// region, account or qualifier is served by the function of that name.
    pub functions: BTreeMap<String, u32>,
    /// The mocked responses of a `MockConfigFile` test case.
    pub mocks: Option<Mocks>,
    /// Where the execution runs (forms the ARNs of the calls).
    pub partition: Partition,
    /// The seed of the driver's own ids (Lambda request ids, service response ids).
    pub seed: u64,
}

struct InFlight {
    id: InvokeId,
    owner: Owner,
    call: LambdaCall,
    /// On the execution's clock.
    deadline: i64,
}

/// Whose invocation is out.
enum Owner {
    /// A Task state of this execution.
    Task(TaskRequest),
    /// An asynchronous invocation (`InvocationType: Event`) a service set off (an SNS
    /// subscription, an EventBridge target): its answer is logged and otherwise ignored.
    Async,
    /// An invocation of the execution started as child `.0`, its id there `.1`.
    Child(usize, InvokeId),
}

struct Hold {
    /// Where the engine paused.
    engine: Pause,
    /// Where the page is held (an earlier event while stepping through a transition).
    at: Pause,
    /// The host time the hold began (the execution's clock stands still while held).
    since: i64,
}

/// An execution and what carrying it forward needs. See the module's documentation.
pub struct Driver {
    execution: Execution,
    setup: Setup,
    ids: Ids,
    breakpoints: Breakpoints,
    stepping: bool,
    reveal: Reveal,
    queued: VecDeque<TaskRequest>,
    in_flight: Option<InFlight>,
    hold: Option<Hold>,
    /// The execution's clock minus the host's (fast-forwarded waits, time held).
    offset: i64,
    /// The end of the wait the execution is in, on its clock.
    waiting_until: Option<i64>,
    /// Events handed out as [`Effect::Appended`].
    published: usize,
    next_invoke: u64,
    turns: u64,
    logs: Vec<InvocationLog>,
    /// The AWS services the Task states and functions call (shared with the executions this one
    /// starts: they borrow it while they run).
    services: Services,
    /// The calls made on `services` so far (this execution's, its children's, its functions').
    made: Vec<crate::handler_aws::MadeCall>,
    /// The state machines `states:startExecution` may start, by name: their definitions.
    state_machines: BTreeMap<String, String>,
    /// The executions this one started (nested executions, EventBridge targets).
    children: Vec<nested::Child>,
    /// A child was started since the children were last carried forward.
    fresh_children: bool,
    /// How deep in nested executions this one runs (0: the host's).
    depth: u32,
    /// Lambda invocations set off by the services, handed to the host one at a time.
    async_invokes: VecDeque<LambdaCall>,
    /// The task tokens this execution handed out.
    tokens: std::collections::BTreeSet<String>,
    /// Callbacks of a nested execution for tokens it does not know, for its parent to deliver.
    outbox: Vec<(String, callbacks::Callback)>,
}

static RUNNING: ExecutionStatus = ExecutionStatus::Running;

impl Driver {
    /// Drives `execution` (started, nothing run yet) with what `setup` provides.
    pub fn new(mut execution: Execution, setup: Setup) -> Driver {
        execution.set_debug(Breakpoints::default(), false);
        let ids = Ids::new(setup.seed ^ 0x5DEE_CE66);
        Driver {
            execution,
            setup,
            ids,
            breakpoints: Breakpoints::default(),
            stepping: false,
            reveal: Reveal::default(),
            queued: VecDeque::new(),
            in_flight: None,
            hold: None,
            offset: 0,
            waiting_until: None,
            published: 0,
            next_invoke: 0,
            turns: 0,
            logs: Vec::new(),
            services: Services::default(),
            made: Vec::new(),
            state_machines: BTreeMap::new(),
            children: Vec::new(),
            fresh_children: false,
            depth: 0,
            async_invokes: VecDeque::new(),
            tokens: std::collections::BTreeSet::new(),
            outbox: Vec::new(),
        }
    }

    /// The AWS services the run starts with (none by default): Task states on
    /// `arn:aws:states:::dynamodb:putItem`, `aws-sdk:s3:getObject` and the like call them, as do
    /// the functions' AWS SDK calls and the executions it starts. A table, queue, topic or bucket
    /// that is not there fails the call as AWS fails it.
    pub fn set_services(&mut self, services: Services) {
        self.services = services;
    }

    /// The services as they stand (the end state once the run is over).
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// The calls made on the services so far, in order (see [`crate::handler_aws::make_again`]).
    pub fn services_made(&self) -> &[crate::handler_aws::MadeCall] {
        &self.made
    }

    /// Registers a state machine that `states:startExecution` (and an EventBridge target) may
    /// start, by its name (a `StateMachineArn` is matched by its last part). Starting one that
    /// is not registered fails with `StateMachineDoesNotExist`, as in AWS.
    pub fn register_state_machine(&mut self, name: &str, definition: &str) {
        self.state_machines.insert(name.to_owned(), definition.to_owned());
    }

    /// Records each state visit's data-flow stages (the first `visits` ones), for the debugger.
    pub fn record_stages(&mut self, visits: usize) {
        self.execution.set_debug(self.breakpoints.clone(), true);
        self.execution.set_stage_limit(visits);
    }

    /// The breakpoints, changed at any time (a running execution stops at the next one).
    pub fn set_breakpoints(&mut self, breakpoints: Breakpoints) {
        self.breakpoints = breakpoints;
    }

    /// Holds the execution before its first event and then after every event, as the
    /// debugger's Step does ([`Driver::resume`] goes on).
    pub fn step_from_start(&mut self) {
        self.stepping = true;
        self.reveal = Reveal::from_start();
    }

    /// Holds after the first `shown` events, then after every event, as the debugger's Step
    /// does (a redriven execution stepped from where it ended).
    pub fn step_from(&mut self, shown: usize) {
        self.stepping = true;
        self.reveal = Reveal::from_event(shown.min(self.execution.history().len()));
    }

    /// The execution's clock at host time `host_now`.
    pub fn now(&self, host_now: i64) -> i64 {
        host_now + self.offset
    }

    /// The execution.
    pub fn execution(&self) -> &Execution {
        &self.execution
    }

    /// The Map Runs of the execution's Distributed Map states, each with its child executions
    /// and their histories ([`steplab_asl::MapRunRecord::to_json`]).
    pub fn map_runs(&self) -> Vec<serde_json::Value> {
        self.execution.map_runs_json()
    }

    /// The events handed out so far (while stepping, those revealed).
    pub fn history(&self) -> &[HistoryEvent] {
        &self.execution.history()[..self.shown()]
    }

    /// The status as far as the events handed out tell (running while some are held back).
    pub fn status(&self) -> &ExecutionStatus {
        if self.shown() < self.execution.history().len() {
            &RUNNING
        } else {
            self.execution.status()
        }
    }

    /// The functions' logs, in call order.
    pub fn logs(&self) -> &[InvocationLog] {
        &self.logs
    }

    /// Where the debugger holds the execution, if it does.
    pub fn paused(&self) -> Option<&Pause> {
        self.hold.as_ref().map(|h| &h.at)
    }

    /// The Task states whose invocations are waiting to be carried out, in order.
    pub fn pending(&self) -> Vec<String> {
        let out = self.in_flight.iter().filter_map(|f| match &f.owner {
            Owner::Task(request) => Some(request.state_name.to_string()),
            _ => None,
        });
        out.chain(self.queued.iter().map(|r| r.state_name.to_string())).collect()
    }

    fn shown(&self) -> usize {
        let all = self.execution.history().len();
        self.reveal.shown().map_or(all, |n| n.min(all))
    }

    fn running(&self) -> bool {
        matches!(self.execution.status(), ExecutionStatus::Running)
    }

    /// Carries the execution forward to the next thing its host must do.
    pub fn poll(&mut self, host_now: i64) -> Effect {
        loop {
            let shown = self.shown();
            if shown > self.published {
                let from = self.published;
                self.published = shown;
                return Effect::Appended { from, to: shown };
            }
            let over = !self.running() && self.reveal.all_shown(self.execution.history());
            if over {
                self.hold = None;
                if matches!(self.in_flight, Some(InFlight { owner: Owner::Task(_), .. })) {
                    self.in_flight = None;
                }
                if self.in_flight.is_none()
                    && self.async_invokes.is_empty()
                    && self.children.iter().all(|c| c.done)
                {
                    return Effect::Finished;
                }
            }
            if let Some(hold) = &self.hold {
                return Effect::Paused(hold.at.clone());
            }
            let now = self.now(host_now);
            if let Some(out) = &self.in_flight {
                if now < out.deadline {
                    return Effect::Awaiting(out.deadline - self.offset);
                }
                let lost = format!(
                    "the function's environment did not answer within its timeout and {} s",
                    HOST_GRACE_MILLIS / 1000
                );
                self.answer(Answer::Lost(lost), now);
                continue;
            }
            if let Some(call) = self.async_invokes.pop_front() {
                return self.hand_out(Owner::Async, call, now);
            }
            let (effect, child_wake) = self.carry_children(now);
            if let Some(effect) = effect {
                return effect;
            }
            if over {
                // only started executions are left: wait for them; those that wait for a
                // callback no one can send any more end the run
                match child_wake {
                    Some(t) if self.callback_open() => {
                        return Effect::AwaitingCallback(Some(t - self.offset));
                    }
                    Some(t) => return Effect::WakeAt(t - self.offset),
                    None if self.fresh_children => continue,
                    None => {
                        for c in &mut self.children {
                            c.done = true;
                        }
                        continue;
                    }
                }
            }
            if let Some(effect) = self.turn(host_now, now, child_wake) {
                return effect;
            }
        }
    }

    /// Whether a task of this execution (or of one it started) waits for a callback.
    fn callback_open(&self) -> bool {
        self.tokens.iter().any(|t| self.execution.waits_for_callback(t))
            || self.children.iter().any(|c| !c.done && c.driver.callback_open())
    }

    /// Hands the host `call` for `owner`.
    fn hand_out(&mut self, owner: Owner, call: LambdaCall, now: i64) -> Effect {
        let timeout_seconds = self.setup.functions.get(&call.function_name).copied().unwrap_or(3);
        self.next_invoke += 1;
        let id = InvokeId(self.next_invoke);
        let deadline = now + i64::from(timeout_seconds) * 1000 + HOST_GRACE_MILLIS;
        self.in_flight = Some(InFlight { id, owner, call: call.clone(), deadline });
        Effect::Invoke { id, call, timeout_seconds }
    }

    /// One engine turn; an effect when the host has something to do.
    fn turn(&mut self, host_now: i64, now: i64, child_wake: Option<i64>) -> Option<Effect> {
        self.turns += 1;
        if self.turns > TURN_LIMIT {
            self.execution.stop(
                Some("States.Runtime".into()),
                Some(format!("the run took more than {TURN_LIMIT} steps")),
                now,
            );
            return None;
        }
        let wanted = Breakpoints { every_event: self.stepping, ..self.breakpoints.clone() };
        self.execution.set_breakpoints(wanted);
        let step = match self.execution.debug_step(now) {
            DebugStep::Paused(pause) => {
                self.paused_at(pause, host_now);
                return None;
            }
            DebugStep::Step(step) => step,
        };
        self.waiting_until = None;
        let request = match step {
            Step::Task(request) => {
                self.queued.push_back(request);
                return None;
            }
            Step::Done => return None,
            Step::Wait { until_millis } => match self.queued.pop_front() {
                Some(request) => request,
                None if until_millis <= now || self.fresh_children => return None,
                None => {
                    self.waiting_until = Some(until_millis);
                    let wake =
                        child_wake.map_or(until_millis, |t| t.min(until_millis)) - self.offset;
                    return Some(if self.callback_open() {
                        Effect::AwaitingCallback(Some(wake))
                    } else {
                        Effect::WakeAt(wake)
                    });
                }
            },
            Step::Pending => match self.queued.pop_front() {
                Some(request) => request,
                None if self.fresh_children => return None,
                None if self.callback_open() => {
                    return Some(Effect::AwaitingCallback(child_wake.map(|t| t - self.offset)));
                }
                None if child_wake.is_some() => {
                    return child_wake.map(|t| Effect::WakeAt(t - self.offset));
                }
                None if self.children.iter().any(|c| !c.done) => {
                    return Some(Effect::AwaitingCallback(None));
                }
                None => {
                    self.execution.stop(
                        Some("States.Runtime".into()),
                        Some("the execution waits on a task that was never handed out".into()),
                        now,
                    );
                    return None;
                }
            },
        };
        self.carry_out(request, now)
    }

    /// The engine paused at `engine`: hold there, or (stepping) first at each event of the
    /// transition not shown yet.
    fn paused_at(&mut self, engine: Pause, host_now: i64) {
        self.stepping = false;
        let at = self.reveal.paused(self.execution.history(), &engine);
        self.hold_at(engine, at, host_now);
    }

    fn hold_at(&mut self, engine: Pause, at: Pause, host_now: i64) {
        // an execution over with every event shown is not held (no one could resume it)
        if !self.running() && self.reveal.all_shown(self.execution.history()) {
            return;
        }
        self.hold = Some(Hold { engine, at, since: host_now });
    }

    /// Goes on from a hold of the debugger; false when the execution is not held.
    pub fn resume(&mut self, how: Resume, host_now: i64) -> bool {
        let Some(hold) = self.hold.take() else { return false };
        // the time spent held does not count: the execution's clock stood still
        self.offset -= (host_now - hold.since).max(0);
        let history = self.execution.history();
        let next = match how {
            Resume::Continue => self.reveal.resume(history, &hold.engine),
            Resume::Step => {
                let next = self.reveal.step(history, &hold.engine);
                // every event is shown: the engine goes on by one transition
                self.stepping = next.is_none();
                next
            }
        };
        if let Some(at) = next {
            self.hold_at(hold.engine, at, host_now);
        }
        true
    }

    /// StopExecution: the execution ends `ABORTED` at once; an invocation out is forgotten (its
    /// answer, if it comes, is [`Unexpected`]).
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>, host_now: i64) {
        if !self.running() {
            return;
        }
        self.reveal.release();
        self.hold = None;
        self.in_flight = None;
        self.queued.clear();
        self.async_invokes.clear();
        let now = self.now(host_now);
        for c in &mut self.children {
            c.driver.stop(None, None, now);
        }
        self.execution.stop(error, cause, now);
    }

    /// RedriveExecution: an execution that ended `FAILED`, `ABORTED` or `TIMED_OUT` goes on from
    /// the states that did not succeed (see `steplab_asl`'s `redrive.rs`); [`Driver::poll`]
    /// carries it forward again. Refused with AWS's reason, nothing changed, when it cannot be
    /// redriven (still running, succeeded, Express, past the 14 days or the event limit).
    pub fn redrive(&mut self, host_now: i64) -> Result<u64, ExecutionNotRedrivable> {
        // events still held back by the debugger's Step: the execution has not ended for the host
        if self.shown() < self.execution.history().len() {
            return Err(ExecutionNotRedrivable { message: steplab_asl::redrive_reason::RUNNING });
        }
        let now = self.now(host_now);
        let count = self.execution.redrive(now)?;
        self.reveal.release();
        self.hold = None;
        self.in_flight = None;
        self.queued.clear();
        self.waiting_until = None;
        self.turns = 0;
        Ok(count)
    }

    /// Ends the wait the execution is in (a Wait state, a retry back-off) on its clock;
    /// false when it is not waiting.
    pub fn fast_forward(&mut self, host_now: i64) -> bool {
        let Some(until) = self.waiting_until.take() else { return false };
        self.offset += (until - self.now(host_now)).max(0);
        true
    }

    /// The host's answer to [`Effect::Invoke`] `id`, at host time `host_now`.
    pub fn invoked(
        &mut self,
        id: InvokeId,
        answer: Answer,
        host_now: i64,
    ) -> Result<(), Unexpected> {
        if self.in_flight.as_ref().is_none_or(|f| f.id != id) {
            return Err(Unexpected(id));
        }
        let now = self.now(host_now);
        self.answer(answer, now);
        Ok(())
    }

    fn answer(&mut self, answer: Answer, now: i64) {
        let Some(out) = self.in_flight.take() else { return };
        if let Answer::Returned(reply) = &answer {
            // the function's AWS SDK calls land on the run before its result does
            self.take_calls(&reply.aws_calls, now);
            // what it invoked synchronously returned before it did
            self.logs.extend(reply.invoked.iter().cloned());
            self.logs.push(InvocationLog {
                request_id: out.call.request_id.clone(),
                function_name: out.call.function_name.clone(),
                log: reply.log.clone(),
                log_stream_name: reply.log_stream_name.clone(),
                #[allow(clippy::cast_possible_truncation)]
                start_millis: Some(now - reply.duration_ms.ceil().max(0.0) as i64),
            });
        }
        let request = match out.owner {
            Owner::Task(request) => request,
            Owner::Async => return,
            Owner::Child(i, id) => {
                self.child_invoked(i, id, answer, now);
                return;
            }
        };
        let outcome = match answer {
            Answer::Returned(reply) => crate::lambda::outcome(&out.call, &reply),
            Answer::Lost(detail) => TaskOutcome::Failed {
                error: "Lambda.Unknown".into(),
                // StepLab's words: AWS reports environments lost this way as Lambda.Unknown
                cause: format!(
                    "StepLab: the invocation {} got no answer: {detail}",
                    out.call.request_id
                ),
            },
        };
        self.execution.complete_task(request.id, outcome, now);
    }
}

//! Stepping through an execution: each [`Stepper::step`] runs the engine until it needs the outside
//! world (a Task's invocation, the end of a wait) and returns the events that appeared.
//!
//! The loop is [`steplab_runner::run_to_end`]'s, one turn at a time: Task requests are queued while
//! the engine can go on, then carried out one by one with the runner's
//! [`dispatch`](steplab_runner::lambda::dispatch) (or the mock); waits pass at once on the
//! virtual clock.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;
use steplab_asl::{HistoryEvent, Step, TaskRequest};
use steplab_runner::InvocationLog;

use crate::request::{RequestError, RunRequest};
use crate::run::{RunResult, Started, result};

/// The most engine turns one step takes: a step ends when events appear, so this only stops a
/// loop of waits that produce nothing.
const TURN_LIMIT: usize = 100_000;

/// What one step did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    /// The events that appeared, as `GetExecutionHistory` returns them.
    pub events: Vec<Value>,
    /// The execution's status after the step.
    pub status: String,
    /// Whether the execution has ended (further steps do nothing).
    pub done: bool,
    /// The Task states whose invocations the next steps carry out, in order.
    pub pending: Vec<String>,
}

/// An execution driven one step at a time.
pub struct Stepper {
    started: Started,
    clock: i64,
    queued: VecDeque<TaskRequest>,
    logs: Vec<InvocationLog>,
    seen: usize,
}

impl Stepper {
    /// Starts the execution `request` describes; nothing runs before the first [`Stepper::step`].
    pub fn new(request: &RunRequest) -> Result<Stepper, RequestError> {
        let started = Started::new(request)?;
        let clock = started.start_millis;
        Ok(Stepper { started, clock, queued: VecDeque::new(), logs: Vec::new(), seen: 0 })
    }

    /// Runs until new events appear or the execution ends, and returns them.
    pub fn step(&mut self) -> StepResult {
        let mut turns = 0;
        while self.started.execution.history().len() == self.seen && !self.is_done() {
            if turns == TURN_LIMIT {
                self.started.execution.stop(
                    Some("States.Runtime".into()),
                    Some(format!("the execution took {TURN_LIMIT} steps without an event")),
                    self.clock,
                );
                break;
            }
            self.turn();
            turns += 1;
        }
        let history = self.started.execution.history();
        let events =
            history[self.seen.min(history.len())..].iter().map(HistoryEvent::to_json).collect();
        self.seen = history.len();
        StepResult {
            events,
            status: self.status().to_owned(),
            done: self.is_done(),
            pending: self.queued.iter().map(|r| r.state_name.to_string()).collect(),
        }
    }

    /// Steps until the execution ends, and returns its result.
    pub fn run_to_end(&mut self) -> RunResult {
        while !self.step().done {}
        self.result()
    }

    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub fn status(&self) -> &'static str {
        self.started.execution.status().as_str()
    }

    /// Whether the execution has ended.
    pub fn is_done(&self) -> bool {
        self.status() != "RUNNING"
    }

    /// The result so far: status, output or error and cause, the whole history, the logs.
    pub fn result(&self) -> RunResult {
        result(&self.started.execution, &self.logs)
    }

    /// Ends the execution as `StopExecution` does (`ABORTED`).
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        self.started.execution.stop(error, cause, self.clock);
    }

    /// One turn of the engine: take what it asks for, or carry out one queued invocation.
    fn turn(&mut self) {
        let request = match self.started.execution.step(self.clock) {
            Step::Task(request) => {
                self.queued.push_back(request);
                return;
            }
            Step::Done => return,
            Step::Wait { until_millis } => match self.queued.pop_front() {
                Some(request) => request,
                None => {
                    self.clock = self.clock.max(until_millis);
                    return;
                }
            },
            Step::Pending => match self.queued.pop_front() {
                Some(request) => request,
                None => {
                    self.started.execution.stop(
                        Some("States.Runtime".into()),
                        Some("the execution waits on a task that was never handed out".into()),
                        self.clock,
                    );
                    return;
                }
            },
        };
        self.carry_out(request);
    }

    fn carry_out(&mut self, request: TaskRequest) {
        let s = &mut self.started;
        self.clock = steplab_runner::carry_out(
            &mut s.execution,
            request,
            &mut s.functions,
            &s.partition,
            &mut s.ids,
            self.clock,
            &mut self.logs,
            s.mocks.as_mut(),
        );
    }
}

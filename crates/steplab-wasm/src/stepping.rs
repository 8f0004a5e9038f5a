//! Stepping through an execution with the app's step debugger: each [`Stepper::step`] shows one
//! more event of the history (the app's Step), [`Stepper::resume`] runs to the next breakpoint
//! (the app's Continue). The loop is [`steplab_runner::Driver`]'s; this host carries out its
//! effects with [`steplab_runner::sync`] (functions in this thread, waits at once on the virtual
//! clock).

use serde::Serialize;
use serde_json::Value;
use steplab_asl::{ExecutionNotRedrivable, HistoryEvent, Pause, PauseReason};
use steplab_runner::{Effect, Resume};

use crate::request::{RequestError, RunRequest};
use crate::run::{RunResult, Started};

/// What one step did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    /// The events that appeared, as `GetExecutionHistory` returns them.
    pub events: Vec<Value>,
    /// The execution's status after the step, as far as the events shown tell.
    pub status: String,
    /// Whether the execution has ended and every event is shown (further steps do nothing).
    pub done: bool,
    /// The Task states whose invocations the next steps carry out, in order.
    pub pending: Vec<String>,
    /// Where the execution is held, unless it is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<Held>,
}

/// What `RedriveExecution` answered (its `redriveDate`), with the new `redriveCount`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redriven {
    /// How many times the execution has been redriven, this time included.
    pub redrive_count: u64,
    /// When (ISO 8601).
    pub redrive_date: String,
}

/// Where the debugger holds the execution.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Held {
    /// The last event shown.
    pub event_id: u64,
    /// The state it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
    /// `Event` (one event shown), `StateEntered`, `Retry` or `Catch` (a breakpoint).
    pub reason: &'static str,
}

impl From<&Pause> for Held {
    fn from(p: &Pause) -> Self {
        let reason = match p.reason {
            PauseReason::Event => "Event",
            PauseReason::StateEntered => "StateEntered",
            PauseReason::Retry { .. } => "Retry",
            PauseReason::Catch { .. } => "Catch",
        };
        Held { event_id: p.event_id, state_name: p.state_name.clone(), reason }
    }
}

/// An execution driven with the step debugger, held before its first event.
pub struct Stepper {
    started: Started,
    seen: usize,
    begun: bool,
}

impl Stepper {
    /// Starts the execution `request` describes; nothing runs before the first [`Stepper::step`].
    pub fn new(request: &RunRequest) -> Result<Stepper, RequestError> {
        let mut started = Started::new(request)?;
        started.python_only()?;
        started.driver.set_breakpoints(request.breakpoints.clone());
        started.driver.step_from_start();
        Ok(Stepper { started, seen: 0, begun: false })
    }

    /// Shows one more event (the debugger's Step), or nothing once the execution is done.
    pub fn step(&mut self) -> StepResult {
        self.go(Resume::Step)
    }

    /// Runs to the next breakpoint or to the end (the debugger's Continue), showing every event
    /// on the way.
    pub fn resume(&mut self) -> StepResult {
        self.go(Resume::Continue)
    }

    fn go(&mut self, how: Resume) -> StepResult {
        let s = &mut self.started;
        // the first step runs up to the first hold (the first event); later ones go on from it
        if self.begun {
            s.driver.resume(how, s.clock);
        }
        self.begun = true;
        let held = steplab_runner::sync::carry_out(&mut s.driver, &mut s.functions, &mut s.clock);
        let history = s.driver.history();
        let events =
            history[self.seen.min(history.len())..].iter().map(HistoryEvent::to_json).collect();
        self.seen = history.len();
        StepResult {
            events,
            status: self.status().to_owned(),
            done: matches!(held, Effect::Finished),
            pending: self.started.driver.pending(),
            paused: self.started.driver.paused().map(Held::from),
        }
    }

    /// Steps until the execution ends, and returns its result.
    pub fn run_to_end(&mut self) -> RunResult {
        let s = &mut self.started;
        s.driver.set_breakpoints(steplab_asl::Breakpoints::default());
        if self.begun {
            s.driver.resume(Resume::Continue, s.clock);
        }
        self.begun = true;
        steplab_runner::sync::run_to_end(&mut s.driver, &mut s.functions, &mut s.clock);
        self.seen = s.driver.history().len();
        self.result()
    }

    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`, as far as the events shown tell.
    pub fn status(&self) -> &'static str {
        self.started.driver.status().as_str()
    }

    /// Whether the execution has ended and every event is shown.
    pub fn is_done(&self) -> bool {
        self.status() != "RUNNING"
    }

    /// The result so far: status, output or error and cause, the events shown, the logs.
    pub fn result(&self) -> RunResult {
        let driver = &self.started.driver;
        let mut result = crate::run::result_of(driver);
        result.status = self.status().to_owned();
        if self.is_done() {
            return result;
        }
        result.output = None;
        result.error = None;
        result.cause = None;
        result.history.truncate(driver.history().len());
        result
    }

    /// Ends the execution as `StopExecution` does (`ABORTED`).
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        let s = &mut self.started;
        s.driver.stop(error, cause, s.clock);
    }

    /// `RedriveExecution`: an execution that ended `FAILED`, `ABORTED` or `TIMED_OUT` goes on
    /// from the states that did not succeed; the next steps run it. Refused with AWS's reason
    /// (nothing changes) otherwise.
    pub fn redrive(&mut self) -> Result<Redriven, ExecutionNotRedrivable> {
        let s = &mut self.started;
        let ended = s.driver.history().len();
        let redrive_count = s.driver.redrive(s.clock)?;
        // the redrive is an event like any other: the next step shows it first
        s.driver.step_from(ended);
        self.begun = false;
        let redrive_date = s
            .driver
            .execution()
            .redrive_millis()
            .map(steplab_asl::time::iso_millis)
            .unwrap_or_default();
        Ok(Redriven { redrive_count, redrive_date })
    }
}

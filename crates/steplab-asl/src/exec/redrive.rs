//! Redrive (`RedriveExecution`): a Standard execution that ended `FAILED`, `ABORTED` or
//! `TIMED_OUT` continues from the states that did not succeed, with the input they had; the
//! states that succeeded keep their results and are not run again, and a Parallel or inline Map
//! state reruns only its branches or iterations that failed or were aborted.
//!
//! What is AWS's (API reference `RedriveExecution`, `DescribeExecution`,
//! `ExecutionRedrivenEventDetails`; developer guide "Redriving executions", "Redriving Map
//! Runs"): the history goes on after `ExecutionRedriven` (`redriveCount`) with the event ids
//! continuing; the states redriven are those with a `…StateEntered` and no `…StateExited`; the
//! state machine's `TimeoutSeconds` counts again from the redrive; the eligibility rules and the
//! `redriveStatusReason` texts below.
//!
//! Not confirmed, StepLab's choices (verify against a recorded AWS history):
//! - the state redriven is entered again (a new `…StateEntered`), and a rerun iteration records
//!   `MapIterationStarted` again;
//! - its retriers start again from 0 attempts (`$$.State.RetryCount` 0);
//! - the message of the `ExecutionNotRedrivable` error is the `redriveStatusReason` text;
//! - an Express execution is refused with `ExecutionNotRedrivable` and the API reference's
//!   sentence (AWS may answer otherwise for an Express ARN);
//! - failed iterations beyond the Map's `MaxConcurrency` are all rerun at once;
//! - a Distributed Map whose Map Run did not succeed redrives that Map Run ("Redriving Map
//!   Runs"): the parent records `MapRunRedriven` (`mapRunArn`, `redriveCount`) where the first
//!   run recorded `MapRunStarted`, the child executions that failed, timed out or were aborted
//!   go on in their own histories after `ExecutionRedriven` (Standard children), those never
//!   started start, and those that succeeded keep their results; the Map Run's failures are
//!   counted anew against its tolerated threshold. Express children rerun with
//!   `StartExecution` in AWS: StepLab runs every child as a Standard one (see `map_run.rs`).

use std::sync::Arc;

use serde_json::json;

use super::fiber::{Active, Fiber, Flow, Kids, Run, Wait, iteration_details};
use super::{Execution, ExecutionStatus};
use crate::model::State;

/// How long after its end an execution can be redriven: 14 days (`RedriveExecution`).
pub const REDRIVABLE_PERIOD_MILLIS: i64 = 14 * 86_400_000;
/// An execution's maximum open time, one year ("The workflow execution has not exceeded the
/// maximum open time of one year"; taken as 365 days).
const MAX_OPEN_MILLIS: i64 = 365 * 86_400_000;
/// A history must have fewer events than this to be redriven, to leave room for
/// `ExecutionRedriven` and one more event (`RedriveExecution`: "less than 24,999").
const MAX_EVENTS_TO_REDRIVE: usize = 24_999;

/// `redriveStatusReason` texts (`DescribeExecution`).
pub mod reason {
    /// The execution has not ended.
    pub const RUNNING: &str = "Execution is RUNNING and cannot be redriven";
    /// The execution succeeded.
    pub const SUCCEEDED: &str = "Execution is SUCCEEDED and cannot be redriven";
    /// The history has no room for more events.
    pub const EVENT_LIMIT: &str = "Execution history event limit exceeded";
    /// Open for more than a year.
    pub const MAX_TIME: &str = "Execution has exceeded the max execution time";
    /// Ended more than 14 days ago.
    pub const PERIOD: &str = "Execution redrivable period exceeded";
    /// Not a `redriveStatusReason`: the API reference's note on `RedriveExecution` ("This API
    /// action is not supported by EXPRESS state machines."); which error and message AWS gives
    /// for an Express execution's ARN is not confirmed.
    pub const EXPRESS: &str = "This API action is not supported by EXPRESS state machines.";
}

/// `redriveStatus` of `DescribeExecution`, with `redriveStatusReason` when not redrivable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedriveStatus {
    /// `REDRIVABLE`
    Redrivable,
    /// `NOT_REDRIVABLE`, with the reason.
    NotRedrivable(&'static str),
}

impl RedriveStatus {
    /// `REDRIVABLE` or `NOT_REDRIVABLE`.
    pub fn as_str(self) -> &'static str {
        match self {
            RedriveStatus::Redrivable => "REDRIVABLE",
            RedriveStatus::NotRedrivable(_) => "NOT_REDRIVABLE",
        }
    }

    /// `redriveStatusReason`: only when not redrivable.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            RedriveStatus::Redrivable => None,
            RedriveStatus::NotRedrivable(r) => Some(r),
        }
    }
}

/// `RedriveExecution`'s `ExecutionNotRedrivable` error; nothing about the execution changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionNotRedrivable {
    /// Why, in AWS's words (see [`reason`]).
    pub message: &'static str,
}

impl ExecutionNotRedrivable {
    /// The error code, `ExecutionNotRedrivable`.
    pub const CODE: &'static str = "ExecutionNotRedrivable";
}

impl std::fmt::Display for ExecutionNotRedrivable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", Self::CODE, self.message)
    }
}

impl Execution {
    /// `redriveCount`: how many times the execution was redriven.
    pub fn redrive_count(&self) -> u64 {
        self.redrive_count
    }

    /// `redriveDate`: when it was last redriven (milliseconds since the Unix epoch), if ever.
    pub fn redrive_millis(&self) -> Option<i64> {
        self.redrive_millis
    }

    /// `redriveStatus` (and its reason) at time `now_millis`.
    pub fn redrive_status(&self, now_millis: i64) -> RedriveStatus {
        use RedriveStatus::NotRedrivable;
        if self.start.is_express() {
            return NotRedrivable(reason::EXPRESS);
        }
        match self.status {
            ExecutionStatus::Running => return NotRedrivable(reason::RUNNING),
            ExecutionStatus::Succeeded { .. } => return NotRedrivable(reason::SUCCEEDED),
            _ => {}
        }
        if self.history.len() >= MAX_EVENTS_TO_REDRIVE {
            return NotRedrivable(reason::EVENT_LIMIT);
        }
        if now_millis.saturating_sub(self.start.start_millis) > MAX_OPEN_MILLIS {
            return NotRedrivable(reason::MAX_TIME);
        }
        let ended = self.history.last().map_or(self.start.start_millis, |e| e.timestamp_millis);
        if now_millis.saturating_sub(ended) > REDRIVABLE_PERIOD_MILLIS {
            return NotRedrivable(reason::PERIOD);
        }
        RedriveStatus::Redrivable
    }

    /// `RedriveExecution` at time `now_millis`: records `ExecutionRedriven` and continues from
    /// the states that did not succeed; [`Execution::step`] runs it on. Returns the new
    /// `redriveCount`, or the refusal (the execution unchanged).
    pub fn redrive(&mut self, now_millis: i64) -> Result<u64, ExecutionNotRedrivable> {
        if let RedriveStatus::NotRedrivable(message) = self.redrive_status(now_millis) {
            return Err(ExecutionNotRedrivable { message });
        }
        self.now = self.now.max(now_millis);
        self.redrive_count += 1;
        self.redrive_millis = Some(self.now);
        self.status = ExecutionStatus::Running;
        // "the state machine level timeout, if defined, is reset to 0"
        let now = self.now;
        self.deadline = self.machine.timeout_seconds.map(|s| {
            now.saturating_add(i64::try_from(s).unwrap_or(i64::MAX / 2).saturating_mul(1000))
        });
        let id = self.emit(None, "ExecutionRedriven", json!({"redriveCount": self.redrive_count}));
        if self.fibers.is_empty() {
            // the execution failed before its first state (its input was too large)
            let scope = Arc::clone(&self.machine.root);
            let start_at = self.intern(&scope.start_at);
            let input = Arc::clone(&self.input);
            let enter = Run::Enter { name: start_at, input, checked: false };
            self.fibers.push(Fiber::new(scope, serde_json::Map::new(), id, None, 0, None, enter));
            self.ready.push_back(0);
        } else {
            self.revive(0, id);
        }
        Ok(self.redrive_count)
    }

    /// Starts fiber `f` again in the state it did not get through, its events following `prev`;
    /// false when it had succeeded (it keeps its result).
    pub(crate) fn revive(&mut self, f: usize, prev: u64) -> bool {
        let execution_input = Arc::clone(&self.input);
        let Some(x) = self.fibers.get_mut(f) else { return false };
        let run = std::mem::replace(&mut x.run, Run::Idle);
        let mut kids = x.stopped_kids.take();
        match run {
            Run::Done(Ok(v)) => {
                x.run = Run::Done(Ok(v));
                x.stopped_kids = kids;
                return false;
            }
            Run::Active(a) => {
                // an execution that ended while this state ran (history limit)
                if let Wait::Children(k) = a.wait {
                    kids = Some(k);
                }
            }
            _ => {}
        }
        let start_at = Arc::clone(&x.scope).start_at.clone();
        let (name, input) = match (x.current_state.clone(), x.state_input.clone()) {
            (Some(n), Some(i)) => (n, i),
            // never entered a state: its first one, with what it was to start with
            (_, input) => {
                let input = input.unwrap_or(execution_input);
                (self.intern(&start_at), input)
            }
        };
        let Some(x) = self.fibers.get_mut(f) else { return false };
        x.reported = false;
        x.failed_in = None;
        x.prev = prev;
        if x.exec_root {
            // a child execution of a Map Run goes on in its own history
            self.child_redriven(f);
        }
        let Some(x) = self.fibers.get_mut(f) else { return false };
        x.redrive_kids = kids;
        // as for an iteration just started: its events name no state before its first
        x.current_state = None;
        x.run = Run::Enter { name, input, checked: true };
        if let Some((map, index)) = x.iteration.clone() {
            self.emit(Some(f), "MapIterationStarted", iteration_details(&map, index));
        }
        self.ready.push_back(f);
        true
    }

    /// A redriven Parallel or inline Map state's children: those that succeeded keep their
    /// results, the others start again where they stopped, those never started start.
    pub(crate) fn relaunch(
        &mut self,
        f: usize,
        mut a: Box<Active>,
        state: &State,
        mut kids: Box<Kids>,
        started_id: u64,
    ) -> Flow {
        kids.started_id = started_id;
        kids.running = 0;
        // the children that failed run again: the tolerated failures count anew
        kids.failures = 0;
        for c in std::mem::take(&mut kids.ids) {
            if self.revive(c, started_id) {
                kids.running += 1;
            }
            kids.ids.push(c);
        }
        self.spawn_more(f, &Arc::clone(&a.name), state, &mut kids, started_id);
        if kids.running == 0 && kids.pending.is_empty() {
            return self.children_succeeded(f, a, state, *kids);
        }
        a.wait = Wait::Children(kids);
        Flow::Block(a)
    }
}

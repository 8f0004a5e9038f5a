//! The step debugger's hooks (StepLab's, not AWS's): breakpoints on entering any state, on a
//! retrier about to retry and on a catcher matching, a pause after every event, and the data-flow
//! stages of every state visit recorded as the run computes them (TestState's `inspectionData`
//! names). Off unless [`Execution::set_debug`] is called: the engine then only tests one `Option`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Execution, Step};

/// Where a debugged execution stops.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakpoints {
    /// Stop once one of these states is entered (after its `…StateEntered` event, before its work).
    pub states: BTreeSet<String>,
    /// Stop when a retrier of one of these states is about to retry (after the failure's event,
    /// before the back-off).
    pub retriers: BTreeSet<String>,
    /// Stop when a catcher of one of these states matches (before the state's `…StateExited`).
    pub catchers: BTreeSet<String>,
    /// Stop after every new event.
    pub every_event: bool,
}

/// Why a debugged execution stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PauseReason {
    /// A new event (stepping one event at a time).
    Event,
    /// A state with a breakpoint was entered.
    StateEntered,
    /// The state's retrier number `retrier` (from 0) matched `error` and retries after `backoff_millis`.
    Retry {
        retrier: usize,
        error: String,
        /// The retry count of the state once this retry starts (1 for the first retry).
        retry_count: u64,
        backoff_millis: i64,
    },
    /// The state's catcher number `catcher` (from 0) matched `error` and goes to `next`.
    Catch { catcher: usize, error: String, next: String },
}

/// Where a debugged execution stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Pause {
    /// The last event recorded when it stopped (0 before the first).
    pub event_id: u64,
    /// The state the pause belongs to (none for execution-level events).
    pub state_name: Option<String>,
    pub reason: PauseReason,
}

/// What [`Execution::debug_step`] says.
#[derive(Debug, Clone, PartialEq)]
pub enum DebugStep {
    /// The execution stopped here; call [`Execution::debug_step`] again to go on.
    Paused(Pause),
    /// As [`Execution::step`].
    Step(Step),
}

#[derive(Debug, Default)]
pub(crate) struct Debug {
    breakpoints: Breakpoints,
    record_stages: bool,
    pending: Option<Pause>,
    /// Within [`Execution::debug_step`]: a pending pause stops the run.
    stepping: bool,
    /// Data-flow stages by the id of the `…StateEntered` event of the visit.
    stages: BTreeMap<u64, Map<String, Value>>,
    /// The most visits whose stages are recorded (`None`: all).
    stage_limit: Option<usize>,
}

impl Execution {
    /// Turns the debugger on with `breakpoints`, recording the data-flow stages of every state
    /// visit when `record_stages` (see [`Execution::recorded_stages`]).
    pub fn set_debug(&mut self, breakpoints: Breakpoints, record_stages: bool) {
        let d = self.debug.get_or_insert_with(Box::default);
        d.breakpoints = breakpoints;
        d.record_stages = record_stages;
    }

    /// Records the stages of the first `visits` state visits only (later ones are not kept).
    pub fn set_stage_limit(&mut self, visits: usize) {
        self.debug.get_or_insert_with(Box::default).stage_limit = Some(visits);
    }

    /// Changes the breakpoints of a debugged execution (turning the debugger on if needed).
    pub fn set_breakpoints(&mut self, breakpoints: Breakpoints) {
        self.debug.get_or_insert_with(Box::default).breakpoints = breakpoints;
    }

    /// The data-flow stages recorded so far, by the id of the `…StateEntered` event of each state
    /// visit: `input`, `afterInputPath`, `afterParameters` / `afterArguments`, `result`,
    /// `afterResultSelector`, `afterResultPath` (as the run reached them).
    pub fn recorded_stages(&self) -> Option<&BTreeMap<u64, Map<String, Value>>> {
        self.debug.as_ref().filter(|d| d.record_stages).map(|d| &d.stages)
    }

    /// [`Execution::step`], stopping where the breakpoints say. A pause is reported once; a
    /// [`Step::Task`] is always handed out (a pause noticed with it is reported by the next call).
    pub fn debug_step(&mut self, now_millis: i64) -> DebugStep {
        if let Some(p) = self.debug.as_mut().and_then(|d| d.pending.take()) {
            return DebugStep::Paused(p);
        }
        if let Some(d) = &mut self.debug {
            d.stepping = true;
        }
        let step = self.step(now_millis);
        let Some(d) = &mut self.debug else { return DebugStep::Step(step) };
        d.stepping = false;
        match (&step, d.pending.take()) {
            (Step::Task(_), p) => {
                d.pending = p;
                DebugStep::Step(step)
            }
            (_, Some(p)) => DebugStep::Paused(p),
            (_, None) => DebugStep::Step(step),
        }
    }

    /// True when a pause waits to be reported inside [`Execution::debug_step`]: the run stops.
    pub(crate) fn pausing(&self) -> bool {
        self.debug.as_ref().is_some_and(|d| d.stepping && d.pending.is_some())
    }

    fn pause(&mut self, state_name: Option<&str>, reason: PauseReason) {
        let event_id = self.history.last().map_or(0, |e| e.id);
        let Some(d) = &mut self.debug else { return };
        // a specific reason replaces a plain event stop; the first specific one wins
        if d.pending.as_ref().is_none_or(|p| p.reason == PauseReason::Event) {
            d.pending = Some(Pause { event_id, state_name: state_name.map(str::to_owned), reason });
        } else if let Some(p) = &mut d.pending {
            p.event_id = event_id;
        }
    }

    /// After each event: stop when stepping by event or entering a state with a breakpoint.
    pub(crate) fn debug_event(&mut self) {
        let Some(d) = &self.debug else { return };
        let Some(e) = self.history.last() else { return };
        let name = e.state_name.clone();
        let entered = e.kind.ends_with("StateEntered")
            && name.as_deref().is_some_and(|n| d.breakpoints.states.contains(n));
        if entered {
            self.pause(name.as_deref(), PauseReason::StateEntered);
        } else if d.breakpoints.every_event {
            self.pause(name.as_deref(), PauseReason::Event);
        }
    }

    /// A retrier of `state` is about to retry.
    pub(crate) fn debug_retry(
        &mut self,
        state: &str,
        retrier: usize,
        error: &str,
        retry_count: u64,
        backoff_millis: i64,
    ) {
        if self.debug.as_ref().is_some_and(|d| d.breakpoints.retriers.contains(state)) {
            let error = error.to_owned();
            self.pause(
                Some(state),
                PauseReason::Retry { retrier, error, retry_count, backoff_millis },
            );
        }
    }

    /// A catcher of `state` matched.
    pub(crate) fn debug_catch(&mut self, state: &str, catcher: usize, error: &str, next: &str) {
        if self.debug.as_ref().is_some_and(|d| d.breakpoints.catchers.contains(state)) {
            let (error, next) = (error.to_owned(), next.to_owned());
            self.pause(Some(state), PauseReason::Catch { catcher, error, next });
        }
    }

    /// Records a data-flow stage of the state visit fiber `f` is in.
    pub(crate) fn debug_stage(&mut self, f: usize, stage: &str, v: &Value) {
        let Some(entered) = self.fibers.get(f).map(|x| x.entered_id) else { return };
        if let Some(d) = &mut self.debug
            && d.record_stages
        {
            let room = d.stage_limit.is_none_or(|n| d.stages.len() < n);
            if let Some(m) = d.stages.get_mut(&entered) {
                m.insert(stage.to_owned(), v.clone());
            } else if room {
                d.stages.entry(entered).or_default().insert(stage.to_owned(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StartExecution, TaskOutcome};
    use serde_json::json;

    fn start(def: Value) -> Execution {
        let machine = crate::parse(&def.to_string()).machine.expect("valid");
        Execution::new(machine, json!({"x": 1}), StartExecution::new("M", "e", "r", "1", 0, 1))
    }

    /// Runs to the end, failing every task, and lists the pauses as short strings.
    fn pauses(exec: &mut Execution) -> Vec<String> {
        let mut out = Vec::new();
        let mut clock = 0;
        for _ in 0..1000 {
            match exec.debug_step(clock) {
                DebugStep::Paused(p) => out.push(format!(
                    "{} {} {:?}",
                    p.event_id,
                    p.state_name.unwrap_or_default(),
                    p.reason
                )),
                DebugStep::Step(Step::Task(t)) => exec.complete_task(
                    t.id,
                    TaskOutcome::Failed { error: "Boom".into(), cause: "c".into() },
                    clock,
                ),
                DebugStep::Step(Step::Done) => return out,
                DebugStep::Step(Step::Wait { until_millis }) => clock = clock.max(until_millis),
                DebugStep::Step(Step::Pending) => {}
            }
        }
        panic!("no end: {out:?}")
    }

    const DEF: &str = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"y.$": "$.x"}, "ResultPath": "$.p", "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"},
              "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "C"}], "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "S"}], "Default": "S"},
        "S": {"Type": "Succeed"}}}"#;

    #[test]
    fn breakpoints_on_states_retriers_and_catchers() {
        let mut exec = start(serde_json::from_str(DEF).unwrap());
        let mut b = Breakpoints::default();
        b.states.extend(["P".to_owned(), "C".to_owned(), "S".to_owned()]);
        b.retriers.insert("T".into());
        b.catchers.insert("T".into());
        exec.set_debug(b, true);
        let got = pauses(&mut exec);
        expect_test::expect![[r#"
            [
                "2 P StateEntered",
                "7 T Retry { retrier: 0, error: \"Boom\", retry_count: 1, backoff_millis: 1000 }",
                "10 T Catch { catcher: 0, error: \"Boom\", next: \"C\" }",
                "12 C StateEntered",
                "14 S StateEntered",
            ]
        "#]]
        .assert_debug_eq(&got);
        assert_eq!(exec.status().as_str(), "SUCCEEDED");
        let stages = exec.recorded_stages().expect("recorded");
        assert_eq!(stages[&2]["afterParameters"], json!({"y": 1}));
        assert_eq!(stages[&2]["afterResultPath"], json!({"x": 1, "p": {"y": 1}}));
        assert_eq!(stages[&4]["afterParameters"], json!({"Message": "m"}));

        // with a limit, only the first visits are kept, each with all its stages
        let mut exec = start(serde_json::from_str(DEF).unwrap());
        exec.set_debug(Breakpoints::default(), true);
        exec.set_stage_limit(1);
        pauses(&mut exec);
        let stages = exec.recorded_stages().expect("recorded");
        assert_eq!(stages.keys().copied().collect::<Vec<_>>(), vec![2]);
        assert!(stages[&2].contains_key("afterResultPath"));
    }

    #[test]
    fn one_event_at_a_time() {
        let mut exec = start(serde_json::from_str(DEF).unwrap());
        exec.set_debug(Breakpoints { every_event: true, ..Breakpoints::default() }, false);
        let got = pauses(&mut exec);
        let ids: Vec<u64> = got.iter().filter_map(|p| p.split(' ').next()?.parse().ok()).collect();
        // a pause after every transition (one event, or the few one transition records), in
        // order, up to the last event
        assert!(ids.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 3), "{got:#?}");
        assert_eq!(ids.last().copied(), exec.history().last().map(|e| e.id));
        assert!(ids.len() * 3 >= exec.history().len() * 2, "{got:#?}");
        assert!(exec.recorded_stages().is_none());
        // the same run without the debugger has the same history
        let mut plain = start(serde_json::from_str(DEF).unwrap());
        let mut clock = 0;
        loop {
            match plain.step(clock) {
                Step::Task(t) => plain.complete_task(
                    t.id,
                    TaskOutcome::Failed { error: "Boom".into(), cause: "c".into() },
                    clock,
                ),
                Step::Done => break,
                Step::Wait { until_millis } => clock = clock.max(until_millis),
                Step::Pending => {}
            }
        }
        let kinds = |e: &Execution| e.history().iter().map(|h| h.kind).collect::<Vec<_>>();
        assert_eq!(kinds(&plain), kinds(&exec));
    }
}

//! The step debugger's Step in a live run: one more event of the history per press. The engine
//! stops after a whole transition (with [`steplab_asl::Breakpoints::every_event`]), and one
//! transition can record several events (`TaskScheduled` and `TaskStarted`, `…StateExited` and
//! the next `…StateEntered`): the page is shown the events of the transition one at a time, each
//! press revealing the next, and the engine goes on only once all of them are shown.

use steplab_asl::{HistoryEvent, Pause, PauseReason};

/// How much of the history the page is shown while the debugger holds a live run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// `Some(n)`: only the first `n` events (stepping); `None`: all of them.
    shown: Option<usize>,
}

/// Where the page holds once it shows the first `n` of `history`'s events: at the engine's pause
/// once all are shown, else just after event `n`.
fn hold_at(history: &[HistoryEvent], n: usize, engine: &Pause) -> Pause {
    match history.get(n.wrapping_sub(1)).filter(|_| n < history.len()) {
        Some(e) => Pause {
            event_id: e.id,
            state_name: e.state_name.as_deref().map(str::to_owned),
            reason: PauseReason::Event,
        },
        None => engine.clone(),
    }
}

impl Reveal {
    /// Stepping from the start: no event shown yet, each hold shows one more.
    pub fn from_start() -> Self {
        Self { shown: Some(0) }
    }

    /// Holds after the first `shown` events (a redriven execution goes on from its end).
    pub fn from_event(shown: usize) -> Self {
        Self { shown: Some(shown) }
    }

    /// How many events the page is shown (`None`: all of them).
    pub fn shown(&self) -> Option<usize> {
        self.shown
    }

    /// The engine paused at `engine` with `history`: where the page holds. Stepping, it shows
    /// one more event than before; else (a breakpoint hit while running) all of them.
    pub fn paused(&mut self, history: &[HistoryEvent], engine: &Pause) -> Pause {
        let n = self.shown.map_or(history.len(), |s| (s + 1).min(history.len()));
        if self.shown.is_some() {
            self.shown = Some(n);
        }
        hold_at(history, n, engine)
    }

    /// Step was pressed while held (the engine paused at `engine`): the next hold when an event
    /// recorded is not shown yet, or `None` when all are and the engine must step on (one
    /// transition at a time).
    pub fn step(&mut self, history: &[HistoryEvent], engine: &Pause) -> Option<Pause> {
        let n = self.shown.unwrap_or(history.len()).min(history.len());
        if n < history.len() {
            self.shown = Some(n + 1);
            Some(hold_at(history, n + 1, engine))
        } else {
            self.shown = Some(n);
            None
        }
    }

    /// Continue was pressed while held (the engine paused at `engine`): every event is shown
    /// again; when the engine's pause is a breakpoint among the events not shown yet, the run is
    /// held there (returned), as Continue runs to the next breakpoint.
    pub fn resume(&mut self, history: &[HistoryEvent], engine: &Pause) -> Option<Pause> {
        let hidden = !self.all_shown(history);
        self.shown = None;
        (hidden && engine.reason != PauseReason::Event).then(|| engine.clone())
    }

    /// Stop: the page is shown every event again.
    pub fn release(&mut self) {
        self.shown = None;
    }

    /// Whether every event of `history` is shown.
    pub fn all_shown(&self, history: &[HistoryEvent]) -> bool {
        self.shown.is_none_or(|n| n >= history.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use steplab_asl::{Breakpoints, DebugStep, Execution, StartExecution, Step, TaskOutcome};

    fn start(def: &serde_json::Value) -> Execution {
        let machine = steplab_asl::parse(&def.to_string()).machine.expect("valid");
        let start = StartExecution::new("M", "e", "ca-central-1", "123456789012", 1_000, 7);
        Execution::new(machine, json!({}), start)
    }

    /// Drives `def` as the app's driver does, with a breakpoint on `at` and then Step pressed
    /// at every hold; gives, for each hold, the number of events shown and the pause.
    fn step_through(def: &serde_json::Value, at: &str) -> (Vec<(usize, Pause)>, Execution) {
        let mut exec = start(def);
        let mut b = Breakpoints::default();
        b.states.insert(at.to_owned());
        exec.set_debug(b.clone(), false);
        let (mut reveal, mut stepping, mut holds, mut now) =
            (Reveal::default(), false, Vec::new(), 1_000);
        let mut queued = Vec::new();
        for _ in 0..10_000 {
            exec.set_breakpoints(Breakpoints { every_event: stepping, ..b.clone() });
            match exec.debug_step(now) {
                DebugStep::Paused(engine) => {
                    stepping = false;
                    let mut hold = reveal.paused(exec.history(), &engine);
                    loop {
                        let len = exec.history().len();
                        if exec.status().as_str() != "RUNNING" && reveal.all_shown(exec.history()) {
                            // the run is over: no hold, the page shows the end
                            holds.push((len, engine.clone()));
                            break;
                        }
                        holds.push((reveal.shown().unwrap_or(len), hold));
                        // Step
                        match reveal.step(exec.history(), &engine) {
                            Some(next) => hold = next,
                            None => {
                                stepping = true;
                                break;
                            }
                        }
                    }
                }
                DebugStep::Step(Step::Task(r)) => queued.push(r),
                DebugStep::Step(Step::Wait { until_millis }) => match queued.pop() {
                    Some(r) => {
                        now += 10;
                        exec.complete_task(r.id, TaskOutcome::Succeeded(json!({"ok": 1})), now);
                    }
                    None => now = now.max(until_millis),
                },
                DebugStep::Step(Step::Pending) => match queued.pop() {
                    Some(r) => {
                        now += 10;
                        exec.complete_task(r.id, TaskOutcome::Succeeded(json!({"ok": 1})), now);
                    }
                    None => break,
                },
                DebugStep::Step(Step::Done) => break,
            }
        }
        (holds, exec)
    }

    #[test]
    fn step_reveals_one_event_per_press() {
        let def = json!({"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"}, "Next": "Q"},
            "Q": {"Type": "Pass", "End": true}}});
        let (holds, exec) = step_through(&def, "T");
        let history = exec.history();
        assert_eq!(exec.status().as_str(), "SUCCEEDED");
        // the first hold is the breakpoint, with the history up to TaskStateEntered
        assert_eq!(holds[0].1.reason, PauseReason::StateEntered);
        assert_eq!(history[holds[0].0 - 1].kind, "TaskStateEntered");
        // then one more event per press, up to the last, each hold just after its event
        let shown: Vec<usize> = holds.iter().map(|h| h.0).collect();
        assert!(shown.windows(2).all(|w| w[1] == w[0] + 1), "{shown:?}");
        assert_eq!(shown.last().copied(), Some(history.len()));
        for (n, pause) in &holds[1..holds.len() - 1] {
            assert_eq!(pause.event_id, history[n - 1].id);
            assert_eq!(pause.reason, PauseReason::Event);
        }
        let kinds: Vec<&str> = holds.iter().map(|(n, _)| history[n - 1].kind).collect();
        expect_test::expect![[r#"
            [
                "TaskStateEntered",
                "TaskScheduled",
                "TaskStarted",
                "TaskSucceeded",
                "TaskStateExited",
                "PassStateEntered",
                "PassStateExited",
                "ExecutionSucceeded",
            ]
        "#]]
        .assert_debug_eq(&kinds);
    }

    #[test]
    fn continue_shows_everything() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}});
        let mut exec = start(&def);
        exec.set_debug(Breakpoints { every_event: true, ..Breakpoints::default() }, false);
        let DebugStep::Paused(engine) = exec.debug_step(1_000) else { panic!("no pause") };
        let mut reveal = Reveal::default();
        // a pause of a run that was not stepping shows all the events
        let hold = reveal.paused(exec.history(), &engine);
        assert_eq!(hold, engine);
        assert_eq!(reveal.shown(), None);
        assert!(reveal.all_shown(exec.history()));
        // stepping from a hold with every event shown asks the engine to go on
        assert_eq!(reveal.step(exec.history(), &engine), None);
        assert_eq!(reveal.shown(), Some(exec.history().len()));
        reveal.release();
        assert_eq!(reveal.shown(), None);
    }

    #[test]
    fn continue_stops_at_a_breakpoint_not_shown_yet() {
        // the task fails at once: TaskStarted and TaskFailed come in one transition, and a
        // retrier with a breakpoint handles the failure
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}], "End": true}}});
        let mut exec = start(&def);
        let mut b = Breakpoints { every_event: true, ..Breakpoints::default() };
        b.retriers.insert("T".into());
        exec.set_debug(b, false);
        let mut reveal = Reveal::default();
        let _ = reveal.step(
            exec.history(),
            &Pause { event_id: 0, state_name: None, reason: PauseReason::Event },
        );
        let mut failed = false;
        for _ in 0..100 {
            match exec.debug_step(1_000) {
                DebugStep::Paused(engine) => {
                    let hold = reveal.paused(exec.history(), &engine);
                    if matches!(engine.reason, PauseReason::Retry { .. }) {
                        // TaskStarted is shown first; Continue holds at the retrier
                        assert_eq!(hold.reason, PauseReason::Event);
                        assert_eq!(
                            exec.history()[reveal.shown().unwrap_or(0) - 1].kind,
                            "TaskStarted"
                        );
                        assert_eq!(reveal.resume(exec.history(), &engine), Some(engine.clone()));
                        assert!(reveal.all_shown(exec.history()));
                        // Continue at the retrier itself goes on
                        assert_eq!(reveal.resume(exec.history(), &engine), None);
                        return;
                    }
                    while reveal.step(exec.history(), &engine).is_some() {}
                }
                DebugStep::Step(Step::Task(r)) => {
                    let outcome = if failed {
                        TaskOutcome::Succeeded(json!(1))
                    } else {
                        TaskOutcome::Failed { error: "E".into(), cause: "c".into() }
                    };
                    failed = true;
                    exec.complete_task(r.id, outcome, 1_000);
                }
                DebugStep::Step(_) => {}
            }
        }
        panic!("no pause at the retrier");
    }
}

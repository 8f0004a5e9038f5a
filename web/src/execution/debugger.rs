//! The step debugger (beyond the console): a cursor over the event history. The page shows the
//! execution as it was after the event under the cursor — graph colours, table, state panel,
//! variables — and the cursor steps one event back or forth, jumps to the previous or next
//! breakpoint (a state being entered, a retrier retrying, a catcher catching: where a live run
//! with the same breakpoints pauses), or returns to the latest event.

use serde_json::Value;
use steplab_asl::{Breakpoints, Pause, PauseReason};
use yew::prelude::*;

use crate::execution::history;
use crate::execution::view::SharedView;
use crate::execution::visits::{Timeline, variables};

/// The cursors (numbers of events shown, ascending) at which the breakpoints of `breakpoints`
/// are hit in `events` (whose view model is `timeline`), where a live run with them pauses:
/// - a state with a breakpoint: at its `…StateEntered` event;
/// - a retrier breakpoint: at the failure event a retrier handles (the failure followed, in the
///   same state visit, by another attempt: `…Scheduled`, `MapStateStarted`, `ParallelStateStarted`,
///   or another failure);
/// - a catcher breakpoint: at the failure event a catcher handles (the visit's last failure, when
///   the visit exits after it).
pub fn breakpoint_positions(
    events: &[Value],
    timeline: &Timeline,
    breakpoints: &Breakpoints,
) -> Vec<usize> {
    let mut out = Vec::new();
    for visit in &timeline.visits {
        if breakpoints.states.contains(&visit.state) {
            out.push(visit.entered + 1);
        }
        let (retry, catch) = (
            breakpoints.retriers.contains(&visit.state),
            breakpoints.catchers.contains(&visit.state),
        );
        if !retry && !catch {
            continue;
        }
        let mut failure = None;
        for &i in &visit.events {
            let kind = history::kind(&events[i]);
            // the iterations of a Map are not its attempts
            if kind.starts_with("MapIteration") || kind.starts_with("MapRun") {
                continue;
            }
            if history::is_failure(kind) {
                // a failure after a failure: the first was retried (an attempt that fails before
                // its work is scheduled, e.g. `EvaluationFailed`, records no other event)
                if let Some(f) = failure.replace(i)
                    && retry
                {
                    out.push(f + 1);
                }
            } else if history::is_success(kind) {
                failure = None;
            } else if kind.ends_with("Scheduled")
                || kind == "MapStateStarted"
                || kind == "ParallelStateStarted"
            {
                if let Some(f) = failure.take()
                    && retry
                {
                    out.push(f + 1);
                }
            } else if kind.ends_with("StateExited")
                && let Some(f) = failure.take()
                && catch
            {
                out.push(f + 1);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The next (`forward`) or previous breakpoint position of `positions` (ascending) after (before)
/// the cursor `upto`.
pub fn breakpoint_hit(positions: &[usize], upto: usize, forward: bool) -> Option<usize> {
    if forward {
        positions.iter().copied().find(|&p| p > upto)
    } else {
        positions.iter().copied().rev().find(|&p| p < upto)
    }
}

/// What a breakpoint is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakKind {
    /// Entering the state.
    State,
    /// A retrier of the state about to retry.
    Retry,
    /// A catcher of the state matching.
    Catch,
}

/// What the banner of a paused execution says.
pub fn describe_pause(p: &Pause) -> String {
    let state = p.state_name.as_deref().unwrap_or("the execution");
    match &p.reason {
        PauseReason::StateEntered => format!(
            "Paused at the breakpoint on {state}: the state is entered (event {}), its work has not started.",
            p.event_id
        ),
        PauseReason::Retry { retrier, error, retry_count, backoff_millis } => format!(
            "Paused at a retrier of {state}: Retry #{} matched {error} (event {}); retry {retry_count} starts after {backoff_millis} ms.",
            retrier + 1,
            p.event_id
        ),
        PauseReason::Catch { catcher, error, next } => format!(
            "Paused at a catcher of {state}: Catch #{} matched {error} (event {}); the execution goes on at {next}.",
            catcher + 1,
            p.event_id
        ),
        PauseReason::Event => format!("Paused after event {} ({state}).", p.event_id),
    }
}

#[derive(Properties, PartialEq)]
pub struct DebuggerProps {
    pub view: SharedView,
    pub breakpoints: Breakpoints,
    /// A new cursor: the number of events shown (`None`: follow the latest event).
    pub on_move: Callback<Option<usize>>,
}

#[component]
pub fn Debugger(props: &DebuggerProps) -> Html {
    let total = props.view.all.len();
    let upto = props.view.upto;
    let to = |n: usize| {
        let cb = props.on_move.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Some(n.clamp(1, total.max(1)))))
    };
    let live = props.on_move.reform(|_: MouseEvent| None);
    let on_scrub = {
        let cb = props.on_move.clone();
        Callback::from(move |e: InputEvent| {
            let v = crate::pages::input_value(&e);
            cb.emit(v.parse::<usize>().ok().map(|n| n.clamp(1, total.max(1))));
        })
    };
    // computed again only when the history or the breakpoints change
    let positions = {
        let view = props.view.clone();
        let b = props.breakpoints.clone();
        use_memo((view.all.clone(), b), move |(all, b)| {
            let none = b.states.is_empty() && b.retriers.is_empty() && b.catchers.is_empty();
            let events = all.events();
            if none {
                Vec::new()
            } else if view.is_past() {
                breakpoint_positions(&events, &Timeline::new(&events, "RUNNING"), b)
            } else {
                breakpoint_positions(&events, &view.timeline, b)
            }
        })
    };
    let next_break = breakpoint_hit(&positions, upto, true);
    let prev_break = breakpoint_hit(&positions, upto, false);
    let current = upto.checked_sub(1).and_then(|i| props.view.all.events().get(i).cloned());
    let describe = current.as_ref().map(|e| {
        let step = props
            .view
            .timeline
            .event_visit
            .get(upto - 1)
            .copied()
            .flatten()
            .map(|v| format!(" · {}", props.view.timeline.visits[v].state))
            .unwrap_or_default();
        format!("Event {} of {total} · {}{step}", history::id(e), history::kind(e))
    });
    let vars = use_memo(props.view.shown(), |shown| variables(&shown.events()));
    html! {
        <div class="panel debugger" id="debugger" aria-label="Step debugger">
            <div class="panel-header">
                <h2>{ "Step debugger" }</h2>
                <span class="hint">{ if props.view.is_past() { "Showing the execution as it was at this event" } else { "Following the latest event" } }</span>
            </div>
            <div class="debugger-controls">
                <button class="button" aria-label="First event" disabled={upto <= 1} onclick={to(1)}>{ "|◀ First" }</button>
                <button class="button" aria-label="Previous breakpoint" disabled={prev_break.is_none()} onclick={to(prev_break.unwrap_or(1))}>{ "◀ Breakpoint" }</button>
                <button class="button" id="step-back" aria-label="Step back" disabled={upto <= 1} onclick={to(upto.saturating_sub(1))}>{ "◀ Step back" }</button>
                <input type="range" id="debugger-scrubber" aria-label="Event history" min="1" max={total.max(1).to_string()} value={upto.to_string()} oninput={on_scrub} />
                <button class="button" id="step-forward" aria-label="Step forward" disabled={upto >= total} onclick={to(upto + 1)}>{ "Step forward ▶" }</button>
                <button class="button" aria-label="Next breakpoint" id="next-breakpoint" disabled={next_break.is_none()} onclick={to(next_break.unwrap_or(total))}>{ "Breakpoint ▶" }</button>
                <button class="button" aria-label="Latest event" disabled={!props.view.is_past()} onclick={live}>{ "Latest ▶|" }</button>
            </div>
            <div class="debugger-position" id="debugger-position">{ describe.unwrap_or_else(|| "No events yet".into()) }</div>
            <details class="debugger-variables">
                <summary>{ format!("Variables ({})", vars.len()) }</summary>
                <pre class="json" id="debugger-variables">{ serde_json::to_string_pretty(&*vars).unwrap_or_default() }</pre>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Runs `def` with the debugger on `breakpoints`; the task of a state answers
    /// `task(state, attempt)`. Gives the history and the event ids of the pauses.
    fn debugged(
        def: &Value,
        breakpoints: &Breakpoints,
        task: impl Fn(&str, u32) -> steplab_asl::TaskOutcome,
    ) -> (Vec<Value>, Vec<usize>) {
        use steplab_asl::{DebugStep, Execution, StartExecution, Step};
        let machine = steplab_asl::parse(&def.to_string()).machine.expect("valid");
        let start = StartExecution::new("M", "e", "ca-central-1", "123456789012", 1_000, 7);
        let mut exec = Execution::new(machine, json!({}), start);
        exec.set_debug(breakpoints.clone(), false);
        let mut attempts = std::collections::HashMap::<String, u32>::new();
        let (mut now, mut pauses) = (1_000, Vec::new());
        for _ in 0..10_000 {
            match exec.debug_step(now) {
                DebugStep::Paused(p) => pauses.push(usize::try_from(p.event_id).unwrap_or(0)),
                DebugStep::Step(Step::Task(r)) => {
                    let n = attempts.entry(r.state_name.to_string()).or_default();
                    let outcome = task(&r.state_name, *n);
                    *n += 1;
                    now += 10;
                    exec.complete_task(r.id, outcome, now);
                }
                DebugStep::Step(Step::Wait { until_millis }) => now = now.max(until_millis),
                DebugStep::Step(Step::Pending | Step::Done) => break,
            }
        }
        let events = exec.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
        (events, pauses)
    }

    fn on(states: &[&str], retriers: &[&str], catchers: &[&str]) -> Breakpoints {
        let set = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        Breakpoints {
            states: set(states),
            retriers: set(retriers),
            catchers: set(catchers),
            every_event: false,
        }
    }

    fn positions(events: &[Value], b: &Breakpoints) -> Vec<usize> {
        breakpoint_positions(events, &Timeline::new(events, "RUNNING"), b)
    }

    #[test]
    fn breakpoints_on_states_in_history() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}});
        let b = on(&["B", "A"], &[], &[]);
        let (events, pauses) =
            debugged(&def, &b, |_, _| steplab_asl::TaskOutcome::Succeeded(json!(1)));
        // events: 1 ExecutionStarted, 2 A entered, 3 A exited, 4 B entered, 5 B exited, 6 A2 entered …
        let p = positions(&events, &b);
        assert_eq!(p, vec![2, 4]);
        assert_eq!(p, pauses);
        assert_eq!(breakpoint_hit(&p, 0, true), Some(2));
        assert_eq!(breakpoint_hit(&p, 2, true), Some(4));
        assert_eq!(breakpoint_hit(&p, 4, true), None);
        assert_eq!(breakpoint_hit(&p, 4, false), Some(2));
        assert_eq!(breakpoint_hit(&p, 2, false), None);
    }

    /// The scrubber's breakpoints are where a live run with the same breakpoints pauses: on
    /// retriers and catchers of Task (service and legacy Lambda), Parallel and Map states.
    #[test]
    fn retry_and_catch_points_match_live_pauses() {
        let boom = |error: &str| steplab_asl::TaskOutcome::Failed {
            error: error.into(),
            cause: "c".into(),
        };
        let retry = json!([{"ErrorEquals": ["Busy"], "MaxAttempts": 2, "IntervalSeconds": 1}]);
        let catch = |next: &str| json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": next}]);
        let def = json!({"StartAt": "S", "States": {
            "S": {"Type": "Pass", "Result": {"items": [1, 2]}, "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"},
                  "Retry": retry, "Catch": catch("L"), "ResultPath": "$.r", "Next": "L"},
            "L": {"Type": "Task", "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:f",
                  "Retry": retry, "Catch": catch("P"), "ResultPath": "$.r", "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "b"}, "End": true}}}],
                  "Retry": retry, "Catch": catch("M"), "ResultPath": "$.r", "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "i"}, "End": true}}},
                  "Retry": retry, "Catch": catch("Z"), "ResultPath": "$.r", "Next": "Z"},
            "Z": {"Type": "Succeed"}}});
        // T: busy, busy, then an error only the catcher takes; L: busy once, then succeeds;
        // B (in P): busy, then fails for good; I (in M): always busy
        let task = move |state: &str, attempt: u32| match (state, attempt) {
            ("T", 0 | 1) | ("L", 0) | ("B", 0) | ("I", _) => boom("Busy"),
            ("T" | "B", _) => boom("Other"),
            _ => steplab_asl::TaskOutcome::Succeeded(json!({"ok": true})),
        };
        let all = ["S", "T", "L", "P", "M", "Z"];
        // a JSONata Task whose Arguments fail before any work: EvaluationFailed only, retried
        // twice, then caught
        let jsonata = json!({"QueryLanguage": "JSONata", "StartAt": "E", "States": {
            "E": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Arguments": {"Message": "{% $number('x') %}"},
                  "Retry": [{"ErrorEquals": ["States.QueryEvaluationError"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}], "End": true},
            "Z": {"Type": "Succeed"}}});
        let b = on(&["Z"], &["E"], &["E"]);
        let (events, pauses) = debugged(&jsonata, &b, task);
        let p = positions(&events, &b);
        assert_eq!(p.len(), 4, "{events:#?}");
        assert_eq!(p, pauses);
        for b in [
            on(&[], &all, &[]),
            on(&[], &[], &all),
            on(&[], &all, &all),
            on(&["Z", "B"], &["P", "L"], &["T", "M"]),
        ] {
            let (events, pauses) = debugged(&def, &b, task);
            let p = positions(&events, &b);
            assert!(!p.is_empty(), "{b:?}");
            assert_eq!(p, pauses, "{b:?}");
        }
        // what the positions are: the failure events handled
        let b = on(&[], &all, &all);
        let (events, _) = debugged(&def, &b, task);
        let kinds: Vec<String> = positions(&events, &b)
            .iter()
            .map(|&p| {
                let e = &events[p - 1];
                format!("{} {}", history::id(e), history::kind(e))
            })
            .collect();
        expect_test::expect![[r#"
            [
                "7 TaskFailed",
                "10 TaskFailed",
                "13 TaskFailed",
                "18 LambdaFunctionFailed",
                "30 ParallelStateFailed",
                "37 ParallelStateFailed",
                "53 MapStateFailed",
                "67 MapStateFailed",
                "81 MapStateFailed",
            ]
        "#]]
        .assert_debug_eq(&kinds);
    }

    #[test]
    fn pauses_described() {
        let p = |reason| Pause { event_id: 7, state_name: Some("T".into()), reason };
        assert_eq!(
            describe_pause(&p(PauseReason::Retry {
                retrier: 0,
                error: "Boom".into(),
                retry_count: 1,
                backoff_millis: 1000
            })),
            "Paused at a retrier of T: Retry #1 matched Boom (event 7); retry 1 starts after 1000 ms."
        );
        assert_eq!(
            describe_pause(&p(PauseReason::Catch {
                catcher: 1,
                error: "States.ALL".into(),
                next: "C".into()
            })),
            "Paused at a catcher of T: Catch #2 matched States.ALL (event 7); the execution goes on at C."
        );
    }
}

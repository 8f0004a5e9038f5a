//! The step debugger (beyond the console): a cursor over the event history. The page shows the
//! execution as it was after the event under the cursor — graph colours, table, state panel,
//! variables — and the cursor steps one event back or forth, jumps to the previous or next
//! breakpoint (a state being entered), or returns to the latest event.

use serde_json::Value;
use steplab_asl::{Pause, PauseReason};
use yew::prelude::*;

use crate::execution::history;
use crate::execution::view::SharedView;
use crate::execution::visits::variables;

/// The cursor (a number of events shown) at the next (or previous) entry into a breakpointed state
/// after (before) `upto`.
pub fn breakpoint_hit(
    events: &[Value],
    upto: usize,
    breakpoints: &[String],
    forward: bool,
) -> Option<usize> {
    let hit = |i: &usize| {
        let e = &events[*i];
        history::kind(e).ends_with("StateEntered")
            && history::detail(e, "name").is_some_and(|n| breakpoints.iter().any(|b| b == n))
    };
    if forward {
        (upto..events.len()).find(hit).map(|i| i + 1)
    } else {
        (0..upto.saturating_sub(1)).rev().find(hit).map(|i| i + 1)
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
    pub breakpoints: Vec<String>,
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
    let next_break = breakpoint_hit(&props.view.all, upto, &props.breakpoints, true);
    let prev_break = breakpoint_hit(&props.view.all, upto, &props.breakpoints, false);
    let current = upto.checked_sub(1).and_then(|i| props.view.all.get(i));
    let describe = current.map(|e| {
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
    let vars = variables(props.view.events());
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
                <pre class="json" id="debugger-variables">{ serde_json::to_string_pretty(&vars).unwrap_or_default() }</pre>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn breakpoints_in_history() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}});
        let (events, _) = crate::execution::visits::tests::run(&def, json!({}), |_| {
            steplab_asl::TaskOutcome::Succeeded(json!(1))
        });
        // events: 1 ExecutionStarted, 2 A entered, 3 A exited, 4 B entered, 5 B exited, 6 A2 entered …
        let bp = vec!["B".to_owned(), "A".to_owned()];
        assert_eq!(breakpoint_hit(&events, 0, &bp, true), Some(2));
        assert_eq!(breakpoint_hit(&events, 2, &bp, true), Some(4));
        assert_eq!(breakpoint_hit(&events, 4, &bp, true), None);
        assert_eq!(breakpoint_hit(&events, 4, &bp, false), Some(2));
        assert_eq!(breakpoint_hit(&events, 2, &bp, false), None);
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

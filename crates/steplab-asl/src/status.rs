//! Where each state stands after a history: what the console's graph colours (in progress,
//! succeeded, failed, caught, aborted), derived from the events alone.

use std::collections::BTreeMap;

use crate::history::HistoryEvent;

/// A state's outcome as the execution graph shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateRunStatus {
    /// Entered and not yet left.
    InProgress,
    /// Left normally.
    Succeeded,
    /// Failed and the error was not caught (or the execution ended there).
    Failed,
    /// Failed and a `Catch` took over.
    Caught,
    /// Stopped because the execution or a sibling branch ended.
    Aborted,
}

fn is_failure(kind: &str) -> bool {
    matches!(
        kind,
        "TaskFailed"
            | "TaskTimedOut"
            | "TaskSubmitFailed"
            | "TaskStartFailed"
            | "LambdaFunctionFailed"
            | "LambdaFunctionTimedOut"
            | "LambdaFunctionStartFailed"
            | "LambdaFunctionScheduleFailed"
            | "ActivityFailed"
            | "ActivityTimedOut"
            | "ActivityScheduleFailed"
            | "MapStateFailed"
            | "ParallelStateFailed"
            | "ExecutionFailed"
            | "ExecutionTimedOut"
            | "EvaluationFailed"
    )
}

/// The status of every state that appears in `events`, by state name (names are unique in a
/// state machine). A state run many times (loops, Map iterations) shows its latest run, except
/// that a failure sticks.
pub fn state_statuses(events: &[HistoryEvent]) -> BTreeMap<String, StateRunStatus> {
    // the state each event belongs to, following previousEventId back to a `…StateEntered`
    let mut owner: Vec<Option<String>> = vec![None; events.len() + 1];
    let mut out: BTreeMap<String, StateRunStatus> = BTreeMap::new();
    let mut unresolved: BTreeMap<String, bool> = BTreeMap::new();
    for e in events {
        let Ok(id) = usize::try_from(e.id) else { continue };
        // the engine records the state of each event; for histories read back from JSON, the
        // chain of previous events leads to it (exact except for Map/Parallel ends and aborts)
        let mine = if e.kind.starts_with("Execution") {
            // an execution that fails ends the state it was in
            let last = usize::try_from(e.previous_event_id)
                .ok()
                .and_then(|p| owner.get(p).cloned().flatten());
            // a redrive runs the states that failed or were aborted again: their latest run
            // shows from here on
            if e.kind == "ExecutionRedriven" {
                out.retain(|_, s| !matches!(s, StateRunStatus::Failed | StateRunStatus::Aborted));
            }
            if matches!(e.kind, "ExecutionFailed" | "ExecutionTimedOut")
                && let Some(st) = last
                && out.get(&st) == Some(&StateRunStatus::InProgress)
            {
                out.insert(st, StateRunStatus::Failed);
            }
            None
        } else if let Some(n) = &e.state_name {
            Some(n.to_string())
        } else if e.kind.ends_with("StateEntered") || e.kind.ends_with("StateExited") {
            e.detail("name").and_then(|v| v.as_str().map(str::to_owned))
        } else {
            usize::try_from(e.previous_event_id).ok().and_then(|p| owner.get(p).cloned().flatten())
        };
        if let Some(slot) = owner.get_mut(id) {
            slot.clone_from(&mine);
        }
        let Some(state) = mine else { continue };
        let failed_before = out.get(&state) == Some(&StateRunStatus::Failed);
        if e.kind == "FailStateEntered" {
            out.insert(state, StateRunStatus::Failed);
        } else if e.kind.ends_with("StateEntered") {
            if !failed_before {
                out.insert(state.clone(), StateRunStatus::InProgress);
            }
            unresolved.insert(state, false);
        } else if e.kind.ends_with("StateExited") {
            let caught = unresolved.get(&state).copied().unwrap_or(false);
            if !failed_before {
                out.insert(
                    state.clone(),
                    if caught { StateRunStatus::Caught } else { StateRunStatus::Succeeded },
                );
            }
            unresolved.insert(state, false);
        } else if e.kind.ends_with("StateAborted") || e.kind == "MapIterationAborted" {
            if !failed_before && e.kind.ends_with("StateAborted") {
                out.insert(state, StateRunStatus::Aborted);
            }
        } else if is_failure(e.kind) {
            unresolved.insert(state, true);
        } else if matches!(
            e.kind,
            "TaskScheduled"
                | "LambdaFunctionScheduled"
                | "ActivityScheduled"
                | "MapStateStarted"
                | "ParallelStateStarted"
        ) {
            // a retry starts the work again
            unresolved.insert(state, false);
        }
    }
    for (state, pending) in unresolved {
        if pending && out.get(&state) == Some(&StateRunStatus::InProgress) {
            out.insert(state, StateRunStatus::Failed);
        }
    }
    out
}

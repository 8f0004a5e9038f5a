//! Whether an imported history is whole and of one state machine, and what it says about its
//! execution (input, status, output or error, times).

use serde_json::Value;

use super::documents::{Definition, History, ImportedDescription, Located};
use super::{ImportProblem, ImportedExecution, ProblemKind};

/// The event types that end an execution, and the status each gives it.
const ENDS: [(&str, &str); 4] = [
    ("ExecutionSucceeded", "SUCCEEDED"),
    ("ExecutionFailed", "FAILED"),
    ("ExecutionTimedOut", "TIMED_OUT"),
    ("ExecutionAborted", "ABORTED"),
];

fn end_status(kind: &str) -> Option<&'static str> {
    ENDS.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s)
}

/// The history has every page and every event: no `nextToken`, `ExecutionStarted` first with id
/// 1, ids one after another, each following an earlier event, and the end `describe-execution`
/// reports.
pub(super) fn whole(
    history: &History<'_>,
    description: Option<&(ImportedDescription, Located<'_>)>,
    problems: &mut Vec<ImportProblem>,
) {
    let at = |i: usize| history.pointers.get(i).map_or("", String::as_str);
    let problem =
        |kind, pointer: &str, message: String| history.located.problem(kind, pointer, message);
    if let Some(token) = &history.next_token {
        problems.push(problem(
            ProblemKind::Truncated,
            &format!("/{token}"),
            format!("The history is one page of several (\"{token}\" is there): fetch every page (the AWS CLI does unless given --max-items or --no-paginate) and import them as one."),
        ));
    }
    let Some(first) = history.events.first() else {
        problems.push(problem(ProblemKind::Truncated, "", "The history has no events.".into()));
        return;
    };
    if first.id != 1 || first.kind != "ExecutionStarted" {
        problems.push(problem(
            ProblemKind::Truncated,
            at(0),
            format!(
                "The history does not start with ExecutionStarted (id 1): its first event is {} (id {}). Events before it are missing.",
                first.kind, first.id
            ),
        ));
    }
    for (i, pair) in history.events.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if b.id == a.id {
            problems.push(problem(
                ProblemKind::Shape,
                at(i + 1),
                format!("Two events have the id {}.", b.id),
            ));
        } else if b.id != a.id + 1 {
            let missing = if b.id == a.id + 2 {
                format!("event {} is", a.id + 1)
            } else {
                format!("events {} to {} are", a.id + 1, b.id.saturating_sub(1))
            };
            problems.push(problem(
                ProblemKind::Truncated,
                at(i + 1),
                format!(
                    "The history is not whole: {missing} missing (the next event is {}).",
                    b.id
                ),
            ));
        }
    }
    for (i, e) in history.events.iter().enumerate() {
        if e.previous_event_id >= e.id {
            problems.push(problem(
                ProblemKind::Shape,
                &format!("{}/previousEventId", at(i)),
                format!(
                    "Event {}: \"previousEventId\" {} is not an earlier event.",
                    e.id, e.previous_event_id
                ),
            ));
        }
    }
    let last = &history.events[history.events.len() - 1];
    if let Some((d, located)) = description
        && d.status != "RUNNING"
    {
        match end_status(&last.kind) {
            None => problems.push(problem(
                ProblemKind::Truncated,
                at(history.events.len() - 1),
                format!(
                    "describe-execution says the execution ended ({}), but the history stops at event {} ({}): its last events are missing.",
                    d.status, last.id, last.kind
                ),
            )),
            Some(s) if s != d.status => problems.push(located.problem(
                ProblemKind::OtherMachine,
                "/status",
                format!(
                    "describe-execution says {}, but the history ends with {}: they are not of the same execution.",
                    d.status, last.kind
                ),
            )),
            Some(_) => {}
        }
    }
}

/// An ARN without a version or alias qualifier (`arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`).
fn unqualified(arn: &str) -> String {
    arn.splitn(8, ':').take(7).collect::<Vec<_>>().join(":")
}

/// The history, the execution and the definition are of one state machine: every state the events
/// name is in the definition, `describe-execution`'s state machine is `describe-state-machine`'s,
/// and the history's input is `describe-execution`'s.
pub(super) fn one_machine(
    history: &History<'_>,
    description: Option<&(ImportedDescription, Located<'_>)>,
    definition: &Definition,
    problems: &mut Vec<ImportProblem>,
) {
    let strangers: Vec<(usize, &str)> = history
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.state_name().map(|n| (i, n)))
        .filter(|(_, n)| !definition.state_names.contains(*n))
        .collect();
    if let Some((i, name)) = strangers.first() {
        let mut names: Vec<&str> = strangers.iter().map(|(_, n)| *n).collect();
        names.dedup();
        names.sort_unstable();
        names.dedup();
        let e = &history.events[*i];
        problems.push(history.located.problem(
            ProblemKind::OtherMachine,
            &format!("{}/{}/name", history.pointers[*i], crate::history::details_key(&e.kind)),
            format!(
                "Event {} is of the state '{name}', which the definition does not have ({} such: {}): the history is of another state machine, or of another version of this one.",
                e.id,
                names.len(),
                names.join(", ")
            ),
        ));
    }
    let Some((d, located)) = description else { return };
    if let Some(arn) = definition.machine.as_ref().and_then(|m| m.state_machine_arn.as_deref())
        && unqualified(arn) != unqualified(&d.state_machine_arn)
    {
        problems.push(located.problem(
            ProblemKind::OtherMachine,
            "/stateMachineArn",
            format!("The execution ran {}, but the definition is {arn}'s.", d.state_machine_arn),
        ));
    }
    let started_input = history
        .events
        .first()
        .filter(|e| e.kind == "ExecutionStarted")
        .and_then(|e| e.detail("input"));
    if let (Some(a), Some(b)) = (started_input, d.input.as_deref()) {
        let same = match (serde_json::from_str::<Value>(a), serde_json::from_str::<Value>(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        if !same {
            problems.push(located.problem(
                ProblemKind::OtherMachine,
                "/input",
                "The history's input (ExecutionStarted) is not describe-execution's: they are not of the same execution.".into(),
            ));
        }
    }
}

/// What the documents say of the execution: the history first (it ends the way the execution
/// did), then `describe-execution`.
pub(super) fn summary(
    history: History<'_>,
    description: Option<ImportedDescription>,
    definition: Definition,
) -> Result<ImportedExecution, ImportProblem> {
    let events = history.events;
    let started = events.first().filter(|e| e.kind == "ExecutionStarted");
    let input = started
        .and_then(|e| e.detail("input"))
        .map(str::to_owned)
        .or_else(|| description.as_ref().and_then(|d| d.input.clone()));
    let Some(input) = input else {
        // AWS leaves payloads out when asked to (`--no-include-execution-data`); StepLab does
        // not make one up
        return Err(history.located.problem(
            ProblemKind::Shape,
            history.pointers.first().map_or("", String::as_str),
            "The history has no execution input (it was fetched with --no-include-execution-data?) and no describe-execution with one was given.".into(),
        ));
    };
    let last = events.last();
    let ended = last.and_then(|e| end_status(&e.kind).map(|s| (e, s)));
    let (status, output, error, cause, stop_millis) = match ended {
        Some((e, status)) => (
            status.to_owned(),
            e.detail("output").map(str::to_owned),
            e.detail("error").map(str::to_owned),
            e.detail("cause").map(str::to_owned),
            Some(e.timestamp_millis),
        ),
        None => ("RUNNING".to_owned(), None, None, None, None),
    };
    // a history fetched without execution data has no output: describe-execution's, if given
    let output = output.or_else(|| {
        (status == "SUCCEEDED").then(|| description.as_ref().and_then(|d| d.output.clone()))?
    });
    let start_millis = started
        .map(|e| e.timestamp_millis)
        .or_else(|| description.as_ref().map(|d| d.start_millis))
        .unwrap_or_default();
    Ok(ImportedExecution {
        name: description.as_ref().map(|d| d.name.clone()),
        events,
        input,
        status,
        output,
        error,
        cause,
        start_millis,
        stop_millis,
        description,
        definition: definition.text,
        machine: definition.machine,
    })
}

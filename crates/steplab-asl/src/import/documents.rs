//! The three documents taken apart: `get-execution-history`, `describe-execution`,
//! `describe-state-machine(-for-execution)` (or the ASL definition itself), each located.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Document, ImportProblem, ImportedEvent, ProblemKind};
use crate::source::{SourceMap, line_col};

/// A document's text and where each of its values is.
pub(super) struct Located<'a> {
    pub(super) src: &'a str,
    map: SourceMap,
    pub(super) document: Document,
}

impl Located<'_> {
    /// A problem at `pointer` (the nearest enclosing value that has a place).
    pub(super) fn problem(
        &self,
        kind: ProblemKind,
        pointer: &str,
        message: String,
    ) -> ImportProblem {
        let (line, column) = self.map.span(pointer).map_or((1, 1), |r| line_col(self.src, r.start));
        ImportProblem {
            document: self.document,
            kind,
            pointer: pointer.to_owned(),
            line,
            column,
            message,
        }
    }
}

/// Parses `src` as JSON, or says where it is not.
fn parse<'a>(
    src: &'a str,
    document: Document,
    problems: &mut Vec<ImportProblem>,
) -> Option<(Value, Located<'a>)> {
    if src.trim().is_empty() {
        problems.push(ImportProblem {
            document,
            kind: ProblemKind::NotJson,
            pointer: String::new(),
            line: 1,
            column: 1,
            message: "The text is empty.".into(),
        });
        return None;
    }
    match crate::source::parse(src) {
        Ok((value, map)) => Some((value, Located { src, map, document })),
        Err(e) => {
            problems.push(ImportProblem {
                document,
                kind: ProblemKind::NotJson,
                pointer: String::new(),
                line: e.line,
                column: e.column,
                message: format!("Not JSON: {}.", e.message),
            });
            None
        }
    }
}

/// When a `timestamp` or date happened, in milliseconds since the Unix epoch: an ISO 8601 string
/// with its offset as the AWS CLI prints it (`2024-01-02T03:04:05.678000+00:00`, also `Z` and the
/// `2024-01-02 03:04:05.678000+00:00` of Python's `str` of a boto3 `datetime`), or epoch seconds
/// as the API's JSON sends them (`1704164645.678`).
pub(super) fn millis(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => {
            let t = if s.as_bytes().get(10) == Some(&b' ') {
                format!("{}T{}", &s[..10], &s[11..])
            } else {
                s.clone()
            };
            chrono::DateTime::parse_from_rfc3339(&t).ok().map(|d| d.timestamp_millis())
        }
        Value::Number(n) => {
            let secs = n.as_f64()?;
            if !secs.is_finite() || secs.abs() > 1.0e13 {
                return None;
            }
            #[allow(clippy::cast_possible_truncation)]
            Some((secs * 1000.0).round() as i64)
        }
        _ => None,
    }
}

/// `get-execution-history`'s output, taken apart.
pub(super) struct History<'a> {
    /// In order of `id`.
    pub(super) events: Vec<ImportedEvent>,
    /// The JSON Pointer of each event (same order).
    pub(super) pointers: Vec<String>,
    /// The member that says more pages follow (`nextToken`, or `NextToken` as the CLI writes its
    /// own token under `--max-items`), if any.
    pub(super) next_token: Option<String>,
    pub(super) located: Located<'a>,
}

/// Reads a history: `{"events": [...]}` (or the bare list of events).
pub(super) fn read_history<'a>(
    src: &'a str,
    problems: &mut Vec<ImportProblem>,
) -> Option<History<'a>> {
    let (value, located) = parse(src, Document::History, problems)?;
    let (list, base, next_token) = match &value {
        Value::Array(list) => (list, String::new(), None),
        Value::Object(o) => {
            let Some(Value::Array(list)) = o.get("events") else {
                problems.push(located.problem(
                    ProblemKind::Shape,
                    "",
                    "This is not the output of get-execution-history: it has no list \"events\"."
                        .into(),
                ));
                return None;
            };
            let token = ["nextToken", "NextToken"]
                .into_iter()
                .find(|k| o.get(*k).is_some_and(|t| !t.is_null()))
                .map(str::to_owned);
            (list, "/events".to_owned(), token)
        }
        _ => {
            problems.push(located.problem(
                ProblemKind::Shape,
                "",
                "This is not the output of get-execution-history: it is not an object with \"events\"."
                    .into(),
            ));
            return None;
        }
    };
    let before = problems.len();
    let mut events: Vec<(ImportedEvent, String)> = Vec::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        let pointer = format!("{base}/{i}");
        if let Some(event) = read_event(e, &pointer, &located, problems) {
            events.push((event, pointer));
        }
    }
    if problems.len() > before {
        return None;
    }
    // `--reverse-order` lists the latest first
    if events.len() > 1 && events[0].0.id > events[events.len() - 1].0.id {
        events.reverse();
    }
    let (events, pointers) = events.into_iter().unzip();
    Some(History { events, pointers, next_token, located })
}

fn read_event(
    e: &Value,
    pointer: &str,
    located: &Located<'_>,
    problems: &mut Vec<ImportProblem>,
) -> Option<ImportedEvent> {
    let Value::Object(o) = e else {
        problems.push(located.problem(
            ProblemKind::Shape,
            pointer,
            "An event is not an object.".into(),
        ));
        return None;
    };
    let id = o.get("id").and_then(Value::as_u64).filter(|id| *id > 0);
    let Some(id) = id else {
        let at = if o.contains_key("id") { format!("{pointer}/id") } else { pointer.to_owned() };
        problems.push(located.problem(
            ProblemKind::Shape,
            &at,
            "An event has no \"id\" (a positive whole number).".into(),
        ));
        return None;
    };
    let mut bad = |field: &str, what: &str| {
        let at =
            if o.contains_key(field) { format!("{pointer}/{field}") } else { pointer.to_owned() };
        problems.push(located.problem(
            ProblemKind::Shape,
            &at,
            format!("Event {id}: \"{field}\" {what}."),
        ));
    };
    let previous_event_id = match o.get("previousEventId") {
        None | Some(Value::Null) => Some(0),
        Some(v) => v.as_u64(),
    };
    let Some(previous_event_id) = previous_event_id else {
        bad("previousEventId", "is not a whole number");
        return None;
    };
    let Some(kind) = o.get("type").and_then(Value::as_str) else {
        bad("type", "is missing or not a string");
        return None;
    };
    let Some(timestamp_millis) = o.get("timestamp").and_then(millis) else {
        bad(
            "timestamp",
            "is missing or not a date (an ISO 8601 date with its offset, or epoch seconds)",
        );
        return None;
    };
    let details = o.iter().find(|(k, _)| k.ends_with("EventDetails"));
    if let Some((k, v)) = details
        && !v.is_object()
    {
        bad(k, "is not an object");
        return None;
    }
    Some(ImportedEvent {
        id,
        previous_event_id,
        timestamp_millis,
        kind: kind.to_owned(),
        details: details.map(|(_, v)| v.clone()),
    })
}

/// `describe-execution`'s output.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedDescription {
    /// `executionArn`.
    pub execution_arn: String,
    /// `stateMachineArn`.
    pub state_machine_arn: String,
    /// `name` (or the last part of the execution's ARN).
    pub name: String,
    /// `status`.
    pub status: String,
    /// `startDate`, `stopDate` (milliseconds since the Unix epoch).
    pub start_millis: i64,
    /// See `start_millis`.
    pub stop_millis: Option<i64>,
    /// `input`, `output`, `error`, `cause`, as given.
    pub input: Option<String>,
    /// See `input`.
    pub output: Option<String>,
    /// See `input`.
    pub error: Option<String>,
    /// See `input`.
    pub cause: Option<String>,
}

/// The execution statuses `DescribeExecution` returns.
pub(super) const STATUSES: [&str; 5] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/// Reads `describe-execution`'s output.
pub(super) fn read_description<'a>(
    src: &'a str,
    problems: &mut Vec<ImportProblem>,
) -> Option<(ImportedDescription, Located<'a>)> {
    let (value, located) = parse(src, Document::Execution, problems)?;
    let Value::Object(o) = &value else {
        problems.push(located.problem(
            ProblemKind::Shape,
            "",
            "This is not the output of describe-execution: it is not an object.".into(),
        ));
        return None;
    };
    let before = problems.len();
    let mut text = |field: &str, required: bool| -> Option<String> {
        match o.get(field) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) if !required => None,
            other => {
                let at = if other.is_some() { format!("/{field}") } else { String::new() };
                problems.push(located.problem(
                    ProblemKind::Shape,
                    &at,
                    format!("describe-execution: \"{field}\" is missing or not a string."),
                ));
                None
            }
        }
    };
    let execution_arn = text("executionArn", true);
    let state_machine_arn = text("stateMachineArn", true);
    let status = text("status", true);
    let name = text("name", false);
    let (input, output, error, cause) =
        (text("input", false), text("output", false), text("error", false), text("cause", false));
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        problems.push(located.problem(
            ProblemKind::Shape,
            "/status",
            format!("describe-execution: \"status\" {s} is not one of {}.", STATUSES.join(", ")),
        ));
    }
    let start_millis = o.get("startDate").and_then(millis);
    if start_millis.is_none() {
        let at = if o.contains_key("startDate") { "/startDate" } else { "" };
        problems.push(located.problem(
            ProblemKind::Shape,
            at,
            "describe-execution: \"startDate\" is missing or not a date.".into(),
        ));
    }
    let stop_millis = match o.get("stopDate") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let m = millis(v);
            if m.is_none() {
                problems.push(located.problem(
                    ProblemKind::Shape,
                    "/stopDate",
                    "describe-execution: \"stopDate\" is not a date.".into(),
                ));
            }
            m
        }
    };
    if problems.len() > before {
        return None;
    }
    let execution_arn = execution_arn?;
    let name =
        name.unwrap_or_else(|| execution_arn.rsplit(':').next().unwrap_or_default().to_owned());
    Some((
        ImportedDescription {
            execution_arn,
            state_machine_arn: state_machine_arn?,
            name,
            status: status?,
            start_millis: start_millis?,
            stop_millis,
            input,
            output,
            error,
            cause,
        },
        located,
    ))
}

/// `describe-state-machine(-for-execution)`'s output.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedMachine {
    /// `stateMachineArn`, if given.
    pub state_machine_arn: Option<String>,
    /// `name`, if given.
    pub name: Option<String>,
    /// `definition`: the ASL text.
    pub definition: String,
}

/// The definition read: its text, the state machine it came with, every state name in it (nested
/// ones too).
pub(super) struct Definition {
    pub(super) text: String,
    pub(super) machine: Option<ImportedMachine>,
    pub(super) state_names: BTreeSet<String>,
}

/// Reads `describe-state-machine(-for-execution)`'s output, or an ASL definition, and parses the
/// definition.
pub(super) fn read_definition(src: &str, problems: &mut Vec<ImportProblem>) -> Option<Definition> {
    let (value, located) = parse(src, Document::Definition, problems)?;
    let string =
        |o: &Map<String, Value>, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
    let (text, machine) = match &value {
        Value::Object(o) if o.contains_key("definition") => {
            let Some(definition) = string(o, "definition") else {
                problems.push(located.problem(
                    ProblemKind::Shape,
                    "/definition",
                    "describe-state-machine: \"definition\" is not a string.".into(),
                ));
                return None;
            };
            let machine = ImportedMachine {
                state_machine_arn: string(o, "stateMachineArn"),
                name: string(o, "name"),
                definition: definition.clone(),
            };
            (definition, Some(machine))
        }
        Value::Object(o) if o.contains_key("States") => (src.to_owned(), None),
        _ => {
            problems.push(located.problem(
                ProblemKind::Shape,
                "",
                "This is neither the output of describe-state-machine (with \"definition\") nor a state machine definition (with \"States\").".into(),
            ));
            return None;
        }
    };
    let parsed = crate::parse(&text);
    let Some(m) = parsed.machine else {
        // located in the definition's own text (for describe-state-machine's, the string's)
        for d in parsed.diagnostics.iter().filter(|d| d.severity == crate::Severity::Error).take(3)
        {
            let (line, column) = d.span.as_ref().map_or((1, 1), |s| line_col(&text, s.start));
            let within = if machine.is_some() { "In \"definition\": " } else { "" };
            problems.push(ImportProblem {
                document: Document::Definition,
                kind: if d.code == "INVALID_JSON_DESCRIPTION" {
                    ProblemKind::NotJson
                } else {
                    ProblemKind::Shape
                },
                pointer: d.pointer.clone(),
                line,
                column,
                message: format!("{within}{}", d.aws_message()),
            });
        }
        return None;
    };
    let mut state_names = BTreeSet::new();
    collect_names(m.scope(), &mut state_names);
    Some(Definition { text, machine, state_names })
}

fn collect_names(scope: &crate::Scope, out: &mut BTreeSet<String>) {
    for s in scope.states() {
        out.insert(s.name.clone());
        for b in &s.branches {
            collect_names(b, out);
        }
        if let Some(p) = &s.item_processor {
            collect_names(p, out);
        }
    }
}

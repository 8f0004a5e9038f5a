//! A real execution read back: the JSON the AWS CLI (or an SDK) prints for
//! `get-execution-history`, `describe-execution` and `describe-state-machine` /
//! `describe-state-machine-for-execution`, checked and turned into one [`ImportedExecution`].
//!
//! Problems are data ([`ImportProblem`]): which document, where (a JSON Pointer and the line and
//! column in the pasted text), and what: not JSON, not the shape AWS returns, a history that is
//! not whole, or a history from another state machine. Nothing here fails on any input.
//!
//! What AWS documents (the `GetExecutionHistory`, `DescribeExecution` and
//! `DescribeStateMachine(ForExecution)` API references): a history is `{"events": [...],
//! "nextToken"?}`, each event `timestamp`, `type`, `id`, `previousEventId` and one
//! `…EventDetails` object; `nextToken` means more pages; `reverseOrder` lists the latest first.
//! `describe-execution` has `executionArn`, `stateMachineArn`, `name`, `status`, `startDate`,
//! `stopDate`, `input`, `output`, `error`, `cause`; `describe-state-machine(-for-execution)` has
//! `stateMachineArn`, `name` and `definition` (the ASL as a JSON string).

mod checks;
mod documents;

use serde_json::{Map, Value, json};

pub use documents::{ImportedDescription, ImportedMachine};

/// One event of an imported history, as `GetExecutionHistory` returned it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEvent {
    /// 1-based, in order of occurrence.
    pub id: u64,
    /// The event this one follows (0 for none).
    pub previous_event_id: u64,
    /// When it happened, in milliseconds since the Unix epoch.
    pub timestamp_millis: i64,
    /// The `HistoryEventType`, e.g. `TaskStateEntered`.
    pub kind: String,
    /// The `<x>EventDetails` object, if the event had one (its key is
    /// [`crate::history::details_key`] of the type).
    pub details: Option<Value>,
}

impl ImportedEvent {
    /// The event in the shape of [`crate::HistoryEvent::to_json`] (the timestamp as StepLab and
    /// the CLI write it, in UTC).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "timestamp".into(),
            Value::String(crate::history::cli_timestamp(self.timestamp_millis)),
        );
        m.insert("type".into(), Value::String(self.kind.clone()));
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        if let Some(d) = &self.details {
            m.insert(crate::history::details_key(&self.kind), d.clone());
        }
        Value::Object(m)
    }

    /// The state a `…StateEntered` / `…StateExited` event names.
    pub fn state_name(&self) -> Option<&str> {
        if !(self.kind.ends_with("StateEntered") || self.kind.ends_with("StateExited")) {
            return None;
        }
        self.details.as_ref()?.get("name")?.as_str()
    }

    /// A string member of the details.
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details.as_ref()?.get(key)?.as_str()
    }
}

/// Which pasted document a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// `get-execution-history`'s output.
    History,
    /// `describe-execution`'s output.
    Execution,
    /// `describe-state-machine(-for-execution)`'s output, or an ASL definition.
    Definition,
}

impl Document {
    /// `history`, `execution` or `definition`.
    pub fn as_str(self) -> &'static str {
        match self {
            Document::History => "history",
            Document::Execution => "execution",
            Document::Definition => "definition",
        }
    }
}

/// What kind of problem an import has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not JSON.
    NotJson,
    /// JSON, but not in the shape AWS returns.
    Shape,
    /// The history is not whole (more pages, events missing at the start or in the middle, no end
    /// where `describe-execution` says it ended).
    Truncated,
    /// The history, the execution and the definition are not of one state machine.
    OtherMachine,
}

impl ProblemKind {
    /// `not-json`, `shape`, `truncated`, `other-machine`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::NotJson => "not-json",
            ProblemKind::Shape => "shape",
            ProblemKind::Truncated => "truncated",
            ProblemKind::OtherMachine => "other-machine",
        }
    }
}

/// One problem of an import, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The document it is in.
    pub document: Document,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// JSON Pointer to the offending value (empty for the whole document).
    pub pointer: String,
    /// 1-based line in the document's text (for a definition given as `describe-state-machine`'s
    /// `definition` string: in that string's text).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}:{}: {}", self.document.as_str(), self.line, self.column, self.message)
    }
}

/// The texts a person pasted or opened.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportInput<'a> {
    /// `get-execution-history`'s output (required).
    pub history: &'a str,
    /// `describe-execution`'s output, if given.
    pub execution: Option<&'a str>,
    /// `describe-state-machine(-for-execution)`'s output or the ASL definition itself (required:
    /// the console passes the state machine's own definition when none was pasted).
    pub definition: &'a str,
}

/// An execution read from AWS's JSON, checked whole and of one state machine.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedExecution {
    /// The events, in order of `id` (a history listed latest first is put back in order).
    pub events: Vec<ImportedEvent>,
    /// `describe-execution`, if given.
    pub description: Option<ImportedDescription>,
    /// The definition's text (ASL JSON).
    pub definition: String,
    /// The state machine, when `describe-state-machine` was given.
    pub machine: Option<ImportedMachine>,
    /// The execution's name (`describe-execution`'s), if known.
    pub name: Option<String>,
    /// The execution's input (JSON text).
    pub input: String,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: String,
    /// The output (JSON text), for a succeeded execution.
    pub output: Option<String>,
    /// The error and cause, for one that failed, timed out or was aborted.
    pub error: Option<String>,
    /// See `error`.
    pub cause: Option<String>,
    /// When it started and stopped (milliseconds since the Unix epoch).
    pub start_millis: i64,
    /// See `start_millis`.
    pub stop_millis: Option<i64>,
}

/// Reads and checks the three documents. Every problem found is returned (not only the first),
/// each located in its document.
pub fn read_execution(input: ImportInput<'_>) -> Result<ImportedExecution, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let history = documents::read_history(input.history, &mut problems);
    let description = input.execution.map(|t| documents::read_description(t, &mut problems));
    let definition = documents::read_definition(input.definition, &mut problems);
    let (Some(history), Some(definition)) = (history, definition) else {
        return Err(problems);
    };
    let description = match description {
        None => None,
        Some(Some(d)) => Some(d),
        Some(None) => return Err(problems),
    };
    checks::whole(&history, description.as_ref(), &mut problems);
    checks::one_machine(&history, description.as_ref(), &definition, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    checks::summary(history, description.map(|(d, _)| d), definition).map_err(|p| vec![p])
}

//! TestState: run one state on its own, with its input, variables and a mocked task result, and
//! report what AWS's `TestState` API reports (status, output or error, next state, and the data
//! after each stage of the state's input/output processing).

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::exec::{Execution, ExecutionStatus, Handled, StartExecution, Step, TaskOutcome};
use crate::source;

/// A `TestState` request.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateRequest {
    /// One state's definition, or a whole state machine (then `state_name` picks the state).
    pub definition: String,
    /// The state to test within a whole state machine; also the name a lone state is given.
    pub state_name: Option<String>,
    /// The state's input.
    pub input: Value,
    /// Workflow variables visible to the state.
    pub variables: Map<String, Value>,
    /// The result of the state's task (and of every task in a Map or Parallel state).
    pub mock: Option<TaskOutcome>,
    /// `stateConfiguration.retrierRetryCount`: retries already made.
    pub retrier_retry_count: u64,
}

/// A `TestState` result.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateResult {
    /// `SUCCEEDED`, `FAILED`, `RETRIABLE` or `CAUGHT_ERROR`.
    pub status: &'static str,
    /// The state's output (also for a caught error).
    pub output: Option<Value>,
    /// Error name when the state failed.
    pub error: Option<String>,
    /// Cause when the state failed.
    pub cause: Option<String>,
    /// The state a transition would go to.
    pub next_state: Option<String>,
    /// `inspectionData`: `input`, `afterInputPath`, `afterParameters`, `afterArguments`, `result`,
    /// `afterResultSelector`, `afterResultPath`, `variables`, `errorDetails` (values are JSON text,
    /// as AWS returns them).
    pub inspection_data: Map<String, Value>,
    /// Problems with the definition (then nothing ran).
    pub diagnostics: Vec<Diagnostic>,
}

const SYNTHETIC_PREFIX: &str = "\u{2192}";

fn fail(diagnostics: Vec<Diagnostic>) -> TestStateResult {
    TestStateResult {
        status: "FAILED",
        output: None,
        error: None,
        cause: None,
        next_state: None,
        inspection_data: Map::new(),
        diagnostics,
    }
}

fn problem(message: String) -> Diagnostic {
    Diagnostic {
        code: "SCHEMA_VALIDATION_FAILED".into(),
        severity: Severity::Error,
        pointer: String::new(),
        span: None,
        message,
    }
}

/// Runs `request`'s state once, on a virtual clock (Wait states and back-offs do not wait).
pub fn test_state(request: &TestStateRequest, start: StartExecution) -> TestStateResult {
    let (value, _) = match source::parse(&request.definition) {
        Ok(v) => v,
        Err(e) => {
            return fail(vec![Diagnostic {
                code: "INVALID_JSON_DESCRIPTION".into(),
                severity: Severity::Error,
                pointer: String::new(),
                span: Some(e.offset..e.offset),
                message: e.message,
            }]);
        }
    };
    // the state and the machine-level query language
    let (name, mut state, query_language) = if let Some(states) =
        value.get("States").and_then(Value::as_object)
    {
        let Some(name) = request
            .state_name
            .clone()
            .or_else(|| value.get("StartAt").and_then(Value::as_str).map(str::to_owned))
        else {
            return fail(vec![problem(
                "A state name is required to test a state of a state machine".into(),
            )]);
        };
        let Some(state) = states.get(&name).cloned() else {
            return fail(vec![problem(format!("The state '{name}' is not in the state machine"))]);
        };
        (name, state, value.get("QueryLanguage").cloned())
    } else {
        (request.state_name.clone().unwrap_or_else(|| "TestState".into()), value.clone(), None)
    };
    let Some(obj) = state.as_object_mut() else {
        return fail(vec![problem("A state must be a JSON object".into())]);
    };
    // every transition goes to a synthetic Succeed state named after its target
    let mut targets: Vec<String> = Vec::new();
    let redirect = |v: &mut Value, targets: &mut Vec<String>| {
        if let Some(t) = v.as_str() {
            let synthetic = format!("{SYNTHETIC_PREFIX}{t}");
            if !targets.contains(&synthetic) {
                targets.push(synthetic.clone());
            }
            *v = Value::String(synthetic);
        }
    };
    if let Some(n) = obj.get_mut("Next") {
        redirect(n, &mut targets);
    }
    if let Some(d) = obj.get_mut("Default") {
        redirect(d, &mut targets);
    }
    for key in ["Choices", "Catch"] {
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            for it in items {
                if let Some(n) = it.get_mut("Next") {
                    redirect(n, &mut targets);
                }
            }
        }
    }
    let mut states = Map::new();
    states.insert(name.clone(), state);
    for t in &targets {
        states.insert(t.clone(), json!({"Type": "Succeed"}));
    }
    let mut machine = Map::new();
    if let Some(ql) = query_language {
        machine.insert("QueryLanguage".into(), ql);
    }
    machine.insert("StartAt".into(), Value::String(name.clone()));
    machine.insert("States".into(), Value::Object(states));
    let parsed = crate::parse::from_value(Value::Object(machine));
    let diagnostics: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .filter(|d| {
            d.code != "MISSING_TRANSITION_TARGET" || !d.message.contains("is not reachable")
        })
        .map(|mut d| {
            d.pointer =
                d.pointer.replacen(&format!("/States/{}", source::escape_token(&name)), "", 1);
            d.message = d.message.replace(SYNTHETIC_PREFIX, "");
            d
        })
        .collect();
    let Some(machine) = parsed.machine else { return fail(diagnostics) };
    let mut exec = Execution::new(machine, request.input.clone(), start);
    exec.inspection = Some(Map::new());
    exec.initial_vars = request.variables.clone();
    exec.initial_retry_count = request.retrier_retry_count;
    let mut now = exec.start_info().start_millis;
    let mut retried = false;
    for _ in 0..100_000 {
        if matches!(exec.handled, Some(Handled::Retried { .. })) {
            retried = true;
            break;
        }
        match exec.step(now) {
            Step::Done => break,
            Step::Task(t) => match &request.mock {
                Some(m) => exec.complete_task(t.id, m.clone(), now),
                None => {
                    return fail(vec![problem(format!(
                        "The state '{}' calls a task: give its result as a mock (StepLab does not call AWS)",
                        t.state_name
                    ))]);
                }
            },
            Step::Wait { until_millis } => now = until_millis,
            Step::Pending => break,
        }
    }
    let mut inspection = exec.inspection.take().unwrap_or_default();
    // the variables after the state
    let mut vars = request.variables.clone();
    let mut next_state = None;
    let mut output: Option<Value> = None;
    for e in exec.history() {
        if e.kind.ends_with("StateEntered")
            && let Some(n) = e.detail("name").and_then(|v| {
                v.as_str().and_then(|n| n.strip_prefix(SYNTHETIC_PREFIX)).map(str::to_owned)
            })
        {
            next_state = Some(n);
        }
        if e.kind.ends_with("StateExited")
            && e.detail("name").as_ref().and_then(Value::as_str) == Some(name.as_str())
        {
            output = e
                .detail("output")
                .as_ref()
                .and_then(Value::as_str)
                .and_then(|s| serde_json::from_str(s).ok());
            if let Some(Value::Object(a)) = e.detail("assignedVariables") {
                for (k, v) in a {
                    if let Some(text) = v.as_str() {
                        vars.insert(k.clone(), serde_json::from_str(text).unwrap_or(Value::Null));
                    }
                }
            }
        }
    }
    inspection.insert("variables".into(), Value::String(Value::Object(vars).to_string()));
    let (mut status, mut error, mut cause) = ("SUCCEEDED", None, None);
    match exec.status() {
        ExecutionStatus::Failed { error: e, cause: c }
        | ExecutionStatus::TimedOut { error: e, cause: c } => {
            status = "FAILED";
            error.clone_from(e);
            cause.clone_from(c);
            next_state = None;
            output = None;
        }
        _ => {}
    }
    match &exec.handled {
        Some(Handled::Caught { index }) => {
            status = "CAUGHT_ERROR";
            if let Some(o) = &output {
                error = o.get("Error").and_then(Value::as_str).map(str::to_owned);
                cause = o.get("Cause").and_then(Value::as_str).map(str::to_owned);
            }
            inspection.insert("errorDetails".into(), json!({"catchIndex": index}));
        }
        Some(Handled::Retried { index, backoff_seconds }) if retried => {
            status = "RETRIABLE";
            // the error that would be retried is the last failure in the history
            if let Some(e) = exec.history().iter().rev().find(|e| e.detail("error").is_some()) {
                error = e.detail("error").as_ref().and_then(Value::as_str).map(str::to_owned);
                cause = e.detail("cause").as_ref().and_then(Value::as_str).map(str::to_owned);
            }
            next_state = None;
            output = None;
            inspection.insert(
                "errorDetails".into(),
                json!({"retryIndex": index, "retryBackoffIntervalSeconds": backoff_seconds}),
            );
        }
        _ => {}
    }
    TestStateResult {
        status,
        output,
        error,
        cause,
        next_state,
        inspection_data: inspection,
        diagnostics,
    }
}

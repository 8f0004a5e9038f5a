//! TestState: run one state on its own, with its input, variables, context and a mocked result
//! or error, and report what AWS's `TestState` API reports (status, output or error, next state,
//! and by inspection level the data after each stage of the state's input/output processing).
//!
//! `request.rs` reads AWS's request JSON and writes its response JSON; `checks.rs` holds the
//! rules on which states take which options.

mod checks;
mod request;

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::errors::StatesError;
use crate::exec::{
    Execution, ExecutionStatus, Handled, Invocation, StartExecution, Step, TaskOutcome,
};
use crate::source;

pub use request::test_state_json;

/// `inspectionLevel`: what `inspectionData` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InspectionLevel {
    /// The final output only (AWS's default): no `inspectionData`.
    #[default]
    Info,
    /// The data after each input/output processing stage.
    Debug,
    /// DEBUG plus an HTTP Task's HTTP request and response; StepLab makes no HTTP calls, so its
    /// TRACE shows what DEBUG shows.
    Trace,
}

impl InspectionLevel {
    /// AWS's name: `INFO`, `DEBUG`, `TRACE`.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionLevel::Info => "INFO",
            InspectionLevel::Debug => "DEBUG",
            InspectionLevel::Trace => "TRACE",
        }
    }

    /// The level AWS's name names.
    pub fn from_name(name: &str) -> Option<InspectionLevel> {
        match name {
            "INFO" => Some(InspectionLevel::Info),
            "DEBUG" => Some(InspectionLevel::Debug),
            "TRACE" => Some(InspectionLevel::Trace),
            _ => None,
        }
    }
}

/// `mock.fieldValidationMode`: how strictly a mocked result is checked against the
/// integration's API model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldValidationMode {
    /// Required fields present, present fields conforming (AWS's default).
    #[default]
    Strict,
    /// Present fields conforming.
    Present,
    /// No check.
    None,
}

impl FieldValidationMode {
    /// AWS's name: `STRICT`, `PRESENT`, `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldValidationMode::Strict => "STRICT",
            FieldValidationMode::Present => "PRESENT",
            FieldValidationMode::None => "NONE",
        }
    }

    /// The mode AWS's name names.
    pub fn from_name(name: &str) -> Option<FieldValidationMode> {
        match name {
            "STRICT" => Some(FieldValidationMode::Strict),
            "PRESENT" => Some(FieldValidationMode::Present),
            "NONE" => Some(FieldValidationMode::None),
            _ => None,
        }
    }
}

/// `stateConfiguration`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateConfiguration {
    /// `retrierRetryCount`: retries the matching retrier has already made.
    pub retrier_retry_count: u64,
    /// `errorCausedByState`: the state inside a Map or Parallel a mocked error comes from.
    pub error_caused_by_state: Option<String>,
    /// `mapIterationFailureCount`: iterations of the Map that failed.
    pub map_iteration_failure_count: Option<u64>,
    /// `mapItemReaderData`: what a Distributed Map's `ItemReader` reads, as in its source.
    pub map_item_reader_data: Option<String>,
}

/// A `TestState` request.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateRequest {
    /// One state's definition, or a whole state machine (then `state_name` picks the state).
    pub definition: String,
    /// The state to test within a whole state machine (also one inside a Map or Parallel); also
    /// the name a lone state is given.
    pub state_name: Option<String>,
    /// The state's input.
    pub input: Value,
    /// Workflow variables visible to the state.
    pub variables: Map<String, Value>,
    /// `mock`: the Task's result or error (`Succeeded` / `Failed`), or a Map's or Parallel's
    /// whole result (an array) or error; the state's work is not done.
    pub mock: Option<TaskOutcome>,
    /// `mock.fieldValidationMode`.
    pub field_validation_mode: FieldValidationMode,
    /// `context`: a Context object whose members replace the tested state's (`$$`,
    /// `$states.context`); only with a mock.
    pub context: Option<Value>,
    /// `inspectionLevel`.
    pub inspection_level: InspectionLevel,
    /// `stateConfiguration`.
    pub state_configuration: StateConfiguration,
    /// `revealSecrets`: secrets an EventBridge connection adds to an HTTP Task's request;
    /// StepLab has neither, so it changes nothing.
    pub reveal_secrets: bool,
}

impl Default for TestStateRequest {
    fn default() -> Self {
        TestStateRequest {
            definition: String::new(),
            state_name: None,
            input: json!({}),
            variables: Map::new(),
            mock: None,
            field_validation_mode: FieldValidationMode::default(),
            context: None,
            inspection_level: InspectionLevel::default(),
            state_configuration: StateConfiguration::default(),
            reveal_secrets: false,
        }
    }
}

/// An error AWS's TestState answers with instead of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateException {
    /// `ValidationException`, `InvalidDefinition` or `InvalidExecutionInput`.
    pub code: &'static str,
    /// The message.
    pub message: String,
}

impl TestStateException {
    pub(crate) fn validation(message: impl Into<String>) -> Self {
        TestStateException { code: "ValidationException", message: message.into() }
    }
}

impl std::fmt::Display for TestStateException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for TestStateException {}

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
    /// `inspectionData` at the request's level: `input`, `afterInputPath`, `afterParameters`,
    /// `afterArguments`, `afterItemsPath`, `afterItemSelector`, `afterItemBatcher`, `result`,
    /// `afterResultSelector`, `afterResultPath`, `variables` (JSON text, as AWS returns them),
    /// `toleratedFailureCount`, `toleratedFailurePercentage`, `maxConcurrency` (numbers) and
    /// `errorDetails`. Empty at INFO.
    pub inspection_data: Map<String, Value>,
    /// Problems with the definition (then nothing ran).
    pub diagnostics: Vec<Diagnostic>,
    /// The request is not one TestState takes (then nothing ran).
    pub exception: Option<TestStateException>,
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
        exception: None,
    }
}

fn refuse(exception: TestStateException) -> TestStateResult {
    TestStateResult { exception: Some(exception), ..fail(Vec::new()) }
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

/// A state found by name in a state machine: the state, whether it is a top-level state, and
/// whether it runs inside a Map's iterations.
struct Found<'a> {
    state: &'a Value,
    top_level: bool,
    in_map: bool,
}

/// The state named `name` in the scope `scope` (a value with `States`), in its Map and Parallel
/// states' scopes too.
fn find_state<'a>(scope: &'a Value, name: &str, in_map: bool) -> Option<Found<'a>> {
    let states = scope.get("States")?.as_object()?;
    if let Some(state) = states.get(name) {
        return Some(Found { state, top_level: false, in_map });
    }
    states.values().find_map(|s| {
        ["ItemProcessor", "Iterator"]
            .iter()
            .find_map(|k| s.get(*k).and_then(|p| find_state(p, name, true)))
            .or_else(|| {
                s.get("Branches")?.as_array()?.iter().find_map(|b| find_state(b, name, in_map))
            })
    })
}

/// Whether the Map or Parallel state `state` holds a state named `name`.
fn holds_state(state: &Value, name: &str) -> bool {
    ["ItemProcessor", "Iterator"]
        .iter()
        .filter_map(|k| state.get(*k))
        .chain(state.get("Branches").and_then(Value::as_array).into_iter().flatten())
        .any(|scope| find_state(scope, name, false).is_some())
}

/// Runs `request`'s state once, on a virtual clock (Wait states and back-offs do not wait).
#[allow(clippy::too_many_lines)]
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
    // the state, the machine-level query language, and whether it runs inside a Map
    let (name, mut state, query_language, in_map) = if value.get("States").is_some() {
        let Some(name) = request
            .state_name
            .clone()
            .or_else(|| value.get("StartAt").and_then(Value::as_str).map(str::to_owned))
        else {
            return fail(vec![problem(
                "A state name is required to test a state of a state machine".into(),
            )]);
        };
        let found = value
            .get("States")
            .and_then(Value::as_object)
            .and_then(|s| s.get(&name))
            .map(|state| Found { state, top_level: true, in_map: false })
            .or_else(|| find_state(&value, &name, false));
        let Some(found) = found else {
            return fail(vec![problem(format!("The state '{name}' is not in the state machine"))]);
        };
        let mut state = found.state.clone();
        let ql = value.get("QueryLanguage").cloned();
        if !found.top_level
            && let (Some(obj), Some(ql)) = (state.as_object_mut(), &ql)
            && !obj.contains_key("QueryLanguage")
        {
            // a nested state is tested alone, in the machine's query language unless it names
            // its own
            obj.insert("QueryLanguage".into(), ql.clone());
        }
        (name, state, ql, found.in_map)
    } else {
        (
            request.state_name.clone().unwrap_or_else(|| "TestState".into()),
            value.clone(),
            None,
            false,
        )
    };
    let kind = state.get("Type").and_then(Value::as_str).unwrap_or("").to_owned();
    if let Err(e) = checks::check(request, &kind, &state) {
        return refuse(e);
    }
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
    exec.initial_retry_count = request.state_configuration.retrier_retry_count;
    let mut context = request.context.clone();
    if in_map {
        // a state inside a Map's iterations reads `Map.Item` (AWS's skill for agents,
        // validation-and-testing.md: "--state-name auto-populates $$.Map.Item.Index,
        // $$.Map.Item.Value"). The values AWS gives are not documented: StepLab gives index 0
        // and the state's input (verify); a given context's Map.Item replaces them.
        let mut base = json!({"Map": {"Item": {"Index": 0, "Value": request.input}}});
        if let (Some(Value::Object(given)), Value::Object(b)) = (&context, &mut base) {
            for (k, v) in given {
                b.insert(k.clone(), v.clone());
            }
        }
        context = Some(base);
    }
    exec.test_context = context;
    if matches!(kind.as_str(), "Map" | "Parallel") {
        let outcome = match &request.mock {
            Some(TaskOutcome::Failed { error, cause }) => {
                Err(StatesError::new(error.clone(), cause.clone()))
            }
            Some(TaskOutcome::Succeeded(v)) => Ok(v.clone()),
            _ => Ok(json!([])),
        };
        exec.test_children =
            Some((outcome, request.state_configuration.map_iteration_failure_count));
    }
    let mut now = exec.start_info().start_millis;
    let mut retried = false;
    for _ in 0..100_000 {
        if matches!(exec.handled, Some(Handled::Retried { .. })) {
            retried = true;
            break;
        }
        match exec.step(now) {
            Step::Done => break,
            Step::Task(t) => {
                if let Invocation::MapStorage { operation, .. } = &t.invocation {
                    let Some(data) = &request.state_configuration.map_item_reader_data else {
                        return refuse(TestStateException::validation(
                            "StepLab does not call Amazon S3: give what the ItemReader reads as stateConfiguration.mapItemReaderData.",
                        ));
                    };
                    let outcome = reader_answer(operation, data);
                    exec.complete_task(t.id, outcome, now);
                    continue;
                }
                match &request.mock {
                    // a .waitForTaskToken task's mock is what its callback sends: the call is
                    // taken as answered, then the token answered with the mock
                    Some(m) if t.task_token.is_some() => {
                        exec.complete_task(t.id, TaskOutcome::Succeeded(json!({})), now);
                        let token = t.task_token.clone().unwrap_or_default();
                        match m {
                            TaskOutcome::Failed { error, cause } => {
                                exec.send_task_failure(
                                    &token,
                                    Some(error.clone()),
                                    Some(cause.clone()),
                                    now,
                                );
                            }
                            TaskOutcome::Succeeded(v) => {
                                exec.send_task_success(&token, v.clone(), now);
                            }
                            TaskOutcome::Lambda(_) => {}
                        }
                    }
                    Some(m) => exec.complete_task(t.id, m.clone(), now),
                    None => {
                        return refuse(TestStateException::validation(format!(
                            "StepLab does not call AWS: give the result of '{}' as mock.result, or its error as mock.errorOutput.",
                            t.state_name
                        )));
                    }
                }
            }
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
            // an integer in AWS's API model (RetryBackoffIntervalSeconds); how AWS rounds a
            // back-off with a fraction (jitter, MaxDelaySeconds aside) is not documented: StepLab
            // rounds to the nearest second
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let backoff = backoff_seconds.round().max(0.0) as u64;
            inspection.insert(
                "errorDetails".into(),
                json!({"retryIndex": index, "retryBackoffIntervalSeconds": backoff}),
            );
        }
        _ => {}
    }
    if request.inspection_level == InspectionLevel::Info {
        // INFO "shows the final state output" (API reference, TestStateInput.inspectionLevel):
        // no inspectionData. Whether AWS still gives errorDetails at INFO is not documented;
        // StepLab leaves it out with the rest.
        inspection.clear();
    }
    TestStateResult {
        status,
        output,
        error,
        cause,
        next_state,
        inspection_data: inspection,
        diagnostics,
        exception: None,
    }
}

/// The answer to an `ItemReader`'s Amazon S3 call from `mapItemReaderData` ("the data read by
/// ItemReader in Distributed Map states as found in its original source", API reference,
/// `TestStateConfiguration`): a `GetObject` reads it as the object's body; a `ListObjectsV2`
/// takes it as the JSON array of the objects listed (how AWS reads it for a listing is not
/// documented).
fn reader_answer(operation: &str, data: &str) -> TaskOutcome {
    if operation == "ListObjectsV2" {
        let contents = serde_json::from_str::<Value>(data).unwrap_or(Value::Null);
        return TaskOutcome::Succeeded(json!({"Contents": contents, "IsTruncated": false}));
    }
    TaskOutcome::Succeeded(json!({"Body": data, "ContentLength": data.len()}))
}

//! A scripted driver: runs an execution on a virtual clock, answering each task from a script.

#![allow(dead_code, unreachable_pub)]

use serde_json::{Value, json};
use steplab_asl::{
    Execution, ExecutionNotRedrivable, LambdaResponse, StartExecution, Step, TaskOutcome,
    TaskRequest,
};

/// The lab's start time: 2026-01-02T03:04:05.678Z.
pub const T0: i64 = 1_767_323_045_678;

/// How long each scripted task takes on the virtual clock.
pub const TASK_MILLIS: i64 = 250;

/// A scripted answer to a task.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A Lambda response body (raw text) that succeeded.
    Ok(String),
    /// A Lambda function error with this raw body.
    FunctionError(String),
    /// A task result used as is (mocks).
    Return(Value),
    /// A task failure.
    Throw(String, String),
    /// Never answer (the task times out or the execution is stopped).
    Hang,
}

impl Answer {
    /// From the case-file form: `{"Payload": "raw"}`, `{"FunctionError": "raw"}`, `{"Return": v}`,
    /// `{"Throw": {"Error", "Cause"}}`, `"Hang"`.
    pub fn from_json(v: &Value) -> Answer {
        if v == "Hang" {
            return Answer::Hang;
        }
        if let Some(p) = v.get("Payload") {
            return Answer::Ok(p.as_str().map_or_else(|| p.to_string(), str::to_owned));
        }
        if let Some(p) = v.get("FunctionError") {
            return Answer::FunctionError(p.as_str().map_or_else(|| p.to_string(), str::to_owned));
        }
        if let Some(r) = v.get("Return") {
            return Answer::Return(r.clone());
        }
        if let Some(t) = v.get("Throw") {
            let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            return Answer::Throw(s("Error"), s("Cause"));
        }
        panic!("bad scripted answer {v}");
    }
}

/// Runs `src` on `input`, answering tasks in order from `script` (the last answer repeats).
pub fn run(src: &str, input: Value, script: &[Answer]) -> (Execution, Vec<TaskRequest>) {
    run_with(src, input, script, None)
}

/// As [`run`]; `stop_at` stops the execution at that virtual time.
pub fn run_with(
    src: &str,
    input: Value,
    script: &[Answer],
    stop_at: Option<i64>,
) -> (Execution, Vec<TaskRequest>) {
    let mut exec = new_execution(src, input, false);
    let requests = drive(&mut exec, T0, script, &Hooks { stop_at, redrive_at: None }).0;
    (exec, requests)
}

/// A new execution of `src` started at [`T0`] (Express: with the run id `run-1`).
pub fn new_execution(src: &str, input: Value, express: bool) -> Execution {
    let parsed = steplab_asl::parse(src);
    let machine =
        parsed.machine.unwrap_or_else(|| panic!("invalid definition: {:?}", parsed.diagnostics));
    let mut start =
        StartExecution::new("SimpleLab", "lab-run", "ca-central-1", "123456789012", T0, 7);
    if express {
        start = start.express("run-1");
    }
    Execution::new(machine, input, start)
}

/// What a person does while [`drive`] runs an execution, at virtual times.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hooks {
    /// StopExecution at this time.
    pub stop_at: Option<i64>,
    /// RedriveExecution at this time (while the execution runs).
    pub redrive_at: Option<i64>,
}

/// Runs `exec` on from `now` until it ends, answering tasks in order from `script` (the last
/// answer repeats). Returns the tasks handed out, the time it ended and what a redrive asked
/// by `hooks` answered.
pub fn drive(
    exec: &mut Execution,
    mut now: i64,
    script: &[Answer],
    hooks: &Hooks,
) -> (Vec<TaskRequest>, i64, Option<Result<u64, ExecutionNotRedrivable>>) {
    let stop_at = hooks.stop_at;
    let mut redrive_at = hooks.redrive_at;
    let mut redriven = None;
    let mut requests = Vec::new();
    let mut pending: Vec<(i64, TaskRequest, Answer)> = Vec::new();
    let mut n = 0;
    for _ in 0..1_000_000 {
        if let Some(s) = stop_at
            && now >= s
        {
            exec.stop(Some("Stopped".into()), Some("by the test".into()), now);
            break;
        }
        if let Some(r) = redrive_at
            && now >= r
        {
            redriven = Some(exec.redrive(now));
            redrive_at = None;
        }
        // the next time something happens by itself (a stop, a redrive)
        let hook = [stop_at, redrive_at].into_iter().flatten().min();
        match exec.step(now) {
            Step::Task(t) => {
                let answer = script.get(n).or(script.last()).cloned().unwrap_or(Answer::Hang);
                n += 1;
                requests.push(t.clone());
                pending.push((now + TASK_MILLIS, t, answer));
            }
            Step::Wait { until_millis } => {
                let next_done =
                    pending.iter().filter(|p| !matches!(p.2, Answer::Hang)).map(|p| p.0).min();
                match next_done {
                    Some(d) if d <= until_millis => now = complete(exec, &mut pending, d),
                    _ => now = hook.map_or(until_millis, |s| s.min(until_millis)),
                }
            }
            Step::Pending => {
                let next_done =
                    pending.iter().filter(|p| !matches!(p.2, Answer::Hang)).map(|p| p.0).min();
                match (next_done, hook) {
                    (Some(d), _) => now = complete(exec, &mut pending, d),
                    (None, Some(s)) => now = s,
                    (None, None) => panic!("execution waits on tasks that never end"),
                }
            }
            Step::Done => break,
        }
    }
    (requests, now, redriven)
}

fn complete(exec: &mut Execution, pending: &mut Vec<(i64, TaskRequest, Answer)>, at: i64) -> i64 {
    let Some(i) = pending.iter().position(|p| p.0 == at && !matches!(p.2, Answer::Hang)) else {
        return at;
    };
    let (_, t, answer) = pending.remove(i);
    let request_id = exec.uuid();
    let lambda = |payload: String, err: Option<String>| {
        TaskOutcome::Lambda(LambdaResponse {
            payload,
            function_error: err,
            request_id: request_id.clone(),
            executed_version: "$LATEST".into(),
            log: String::new(),
        })
    };
    let outcome = match answer {
        Answer::Ok(p) => lambda(p, None),
        Answer::FunctionError(p) => lambda(p, Some("Unhandled".into())),
        Answer::Return(v) => TaskOutcome::Succeeded(v),
        Answer::Throw(e, c) => TaskOutcome::Failed { error: e, cause: c },
        Answer::Hang => return at,
    };
    exec.complete_task(t.id, outcome, at);
    at
}

/// The history as pretty JSON, one event per entry.
pub fn history_json(exec: &Execution) -> String {
    let events: Vec<Value> = exec.history().iter().map(|e| e.to_json()).collect();
    // the event written as text directly is the event built as a value, written
    for (e, v) in exec.history().iter().zip(&events) {
        assert_eq!(serde_json::to_string(e).expect("text"), v.to_string());
    }
    serde_json::to_string_pretty(&Value::Array(events)).unwrap_or_default()
}

/// The event types in order.
pub fn event_types(exec: &Execution) -> Vec<&'static str> {
    exec.history().iter().map(|e| e.kind).collect()
}

/// The status as one JSON object, like `steplab run --json`.
pub fn status_json(exec: &Execution) -> Value {
    use steplab_asl::ExecutionStatus as S;
    match exec.status() {
        S::Running => json!({"status": "RUNNING"}),
        S::Succeeded { output } => json!({"status": "SUCCEEDED", "output": output}),
        S::Failed { error, cause } | S::TimedOut { error, cause } | S::Aborted { error, cause } => {
            json!({"status": exec.status().as_str(), "error": error, "cause": cause})
        }
    }
}

/// The lab's handler response, byte for byte as the Python 3.11 runtime writes it.
pub const HELLO: &str = r#"{"statusCode": 200, "message": "Hello from Step Function!"}"#;

/// Reads a file from `tests/data`.
pub fn data(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

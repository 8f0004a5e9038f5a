//! An X-Ray-style trace of an execution whose state machine has tracing on (pure, tested
//! natively): the execution's segment, a subsegment per state visit (entered to exited), and
//! for each Lambda invocation a segment of the function with Lambda's three subsegments —
//! `Initialization` (a cold start's INIT, the `REPORT` line's `Init Duration`), `Invocation` (its
//! `Duration`) and `Overhead` (the rest of the Task's time between scheduling and its answer).
//! Errors are marked as X-Ray marks them: a state or function that failed is an `Error`, a
//! Lambda throttle (`…TooManyRequestsException`) a `Throttle`, a timeout a `Fault`.
//!
//! StepLab writes no X-Ray segments: the timeline is read from the history and the functions'
//! logs. An invocation is matched to its Task by order (the n-th `TaskScheduled` /
//! `LambdaFunctionScheduled` of a function with the n-th invocation of that function); the
//! invocations a function made of others (synchronous `Invoke`) are not placed.

use serde_json::Value;
use steplab_runner::InvocationLog;

/// What a segment stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Execution,
    State,
    Function,
    Initialization,
    Invocation,
    Overhead,
}

/// How X-Ray marks a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Ok,
    Error,
    Fault,
    Throttle,
}

/// One bar of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub name: String,
    pub kind: Kind,
    /// Milliseconds since the execution started.
    pub start_ms: f64,
    pub end_ms: f64,
    pub mark: Mark,
    /// How deep it sits (the execution 0, its states 1, a function 2, its subsegments 3).
    pub depth: usize,
}

fn millis(event: &Value) -> Option<i64> {
    steplab_asl::time::parse_timestamp(event.get("timestamp")?.as_str()?)
}

fn kind_of(event: &Value) -> &str {
    event.get("type").and_then(Value::as_str).unwrap_or("")
}

fn details(event: &Value) -> Option<&Value> {
    event.as_object()?.iter().find(|(k, _)| k.ends_with("EventDetails")).map(|(_, v)| v)
}

/// Whether an event schedules a Lambda invocation (`TaskScheduled` of a Lambda `invoke`,
/// `LambdaFunctionScheduled`), and of which function when the event says (a log without
/// execution data leaves a Task's `parameters` out).
fn lambda_task(event: &Value) -> Option<Option<String>> {
    let d = details(event)?;
    let name = match kind_of(event) {
        "LambdaFunctionScheduled" => d.get("resource").and_then(Value::as_str).map(str::to_owned),
        "TaskScheduled" if d.get("resourceType").and_then(Value::as_str) == Some("lambda") => d
            .get("parameters")
            .and_then(Value::as_str)
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
            .and_then(|p| p.get("FunctionName")?.as_str().map(str::to_owned)),
        _ => return None,
    };
    Some(name.and_then(|n| steplab_runner::FunctionRef::parse(&n).ok().map(|f| f.name)))
}

/// `Duration` and `Init Duration` (ms) of an invocation's `REPORT` line (text or JSON format).
pub fn report(log: &str) -> Option<(f64, Option<f64>)> {
    for line in log.lines().rev() {
        if let Some(rest) = line.strip_prefix("REPORT ") {
            let field = |name: &str| {
                rest.split('\t')
                    .find_map(|f| f.trim().strip_prefix(name))
                    .and_then(|v| v.trim().trim_end_matches("ms").trim().parse::<f64>().ok())
            };
            return Some((field("Duration:")?, field("Init Duration:")));
        }
        if line.contains("\"platform.report\"")
            && let Ok(v) = serde_json::from_str::<Value>(line)
        {
            let metrics = &v["record"]["metrics"];
            return Some((metrics["durationMs"].as_f64()?, metrics["initDurationMs"].as_f64()));
        }
    }
    None
}

fn mark_of_error(error: &str) -> Mark {
    if error.ends_with("TooManyRequestsException") || error.contains("Throttl") {
        Mark::Throttle
    } else if error.contains("Timeout") || error.contains("TimedOut") {
        Mark::Fault
    } else {
        Mark::Error
    }
}

/// The trace of an execution that started at `start_millis`, from its `events` (as
/// `GetExecutionHistory` returns them) and its functions' `logs`.
#[allow(clippy::cast_precision_loss)]
pub fn segments(events: &[Value], logs: &[InvocationLog], start_millis: i64) -> Vec<Segment> {
    let at = |e: &Value| millis(e).map_or(0.0, |m| (m - start_millis) as f64);
    let end = events.last().map_or(0.0, at);
    let failed = events.iter().rev().find_map(|e| match kind_of(e) {
        "ExecutionFailed" | "ExecutionAborted" => Some(Mark::Error),
        "ExecutionTimedOut" => Some(Mark::Fault),
        _ => None,
    });
    let mut out = vec![Segment {
        name: "Execution".into(),
        kind: Kind::Execution,
        start_ms: 0.0,
        end_ms: end,
        mark: failed.unwrap_or(Mark::Ok),
        depth: 0,
    }];
    // the invocations of each function, in the order they ran
    let mut runs: Vec<&InvocationLog> = logs.iter().filter(|l| l.start_millis.is_some()).collect();
    runs.sort_by_key(|l| l.start_millis);
    let mut used = vec![false; runs.len()];
    // open state visits by the id of their …StateEntered event
    let mut open: Vec<(u64, String, f64)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let kind = kind_of(event);
        let id = event.get("id").and_then(Value::as_u64).unwrap_or(0);
        let name = details(event).and_then(|d| d.get("name")).and_then(Value::as_str);
        if kind.ends_with("StateEntered") {
            open.push((id, name.unwrap_or_default().to_owned(), at(event)));
        } else if kind.ends_with("StateExited")
            && let Some(pos) = open.iter().rposition(|(_, n, _)| Some(n.as_str()) == name)
        {
            let (_, state, start) = open.remove(pos);
            out.push(Segment {
                name: state,
                kind: Kind::State,
                start_ms: start,
                end_ms: at(event),
                mark: Mark::Ok,
                depth: 1,
            });
        } else if let Some(named) = lambda_task(event) {
            // the Task's answer: the next event of this visit that ends it
            let answer = events[i + 1..].iter().find(|e| {
                matches!(
                    kind_of(e),
                    "TaskSucceeded"
                        | "TaskFailed"
                        | "TaskTimedOut"
                        | "LambdaFunctionSucceeded"
                        | "LambdaFunctionFailed"
                        | "LambdaFunctionTimedOut"
                ) && e.get("previousEventId").and_then(Value::as_u64).is_some_and(|p| p >= id)
            });
            let (start, stop) = (at(event), answer.map_or(end, at));
            let error = answer
                .and_then(|a| details(a)?.get("error")?.as_str().map(str::to_owned))
                .filter(|_| answer.is_some_and(|a| !kind_of(a).ends_with("Succeeded")));
            let mark = error.as_deref().map_or(Mark::Ok, mark_of_error);
            // the function's next invocation (any function's, when the event does not name it)
            let run = runs
                .iter()
                .enumerate()
                .find(|(k, l)| !used[*k] && named.as_ref().is_none_or(|f| &l.function_name == f))
                .map(|(k, l)| (k, *l));
            let function = named
                .or_else(|| run.map(|(_, l)| l.function_name.clone()))
                .unwrap_or_else(|| "Lambda".into());
            out.push(Segment {
                name: function,
                kind: Kind::Function,
                start_ms: start,
                end_ms: stop,
                mark,
                depth: 2,
            });
            if let Some((k, log)) = run
                && let Some((duration, init)) = report(&log.log)
            {
                used[k] = true;
                let init = init.unwrap_or(0.0);
                let mut t = start;
                if init > 0.0 {
                    out.push(sub("Initialization", Kind::Initialization, t, t + init, Mark::Ok));
                    t += init;
                }
                out.push(sub("Invocation", Kind::Invocation, t, t + duration, mark));
                t += duration;
                out.push(sub("Overhead", Kind::Overhead, t, stop.max(t), Mark::Ok));
            }
        } else if kind.ends_with("Failed") || kind.ends_with("TimedOut") {
            // a state visit that failed: the visit still open is marked when it closes; a visit
            // the failure ends (no StateExited) closes here
            let error = details(event).and_then(|d| d.get("error")).and_then(Value::as_str);
            if (kind.starts_with("Execution") || kind == "FailStateEntered")
                && let Some((_, state, start)) = open.pop()
            {
                out.push(Segment {
                    name: state,
                    kind: Kind::State,
                    start_ms: start,
                    end_ms: at(event),
                    mark: error.map_or(Mark::Error, mark_of_error),
                    depth: 1,
                });
            }
        }
    }
    out
}

fn sub(name: &str, kind: Kind, start_ms: f64, end_ms: f64, mark: Mark) -> Segment {
    Segment { name: name.into(), kind, start_ms, end_ms, mark, depth: 3 }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ev(id: u64, prev: u64, ms: i64, kind: &str, details: Value) -> Value {
        let key = steplab_asl::history::details_key(kind);
        let mut e = json!({"timestamp": steplab_asl::history::cli_timestamp(1_000_000 + ms), "type": kind, "id": id, "previousEventId": prev});
        e[key] = details;
        e
    }

    #[test]
    fn a_lambda_task_has_its_three_subsegments() {
        let events = vec![
            ev(1, 0, 0, "ExecutionStarted", json!({})),
            ev(2, 1, 1, "TaskStateEntered", json!({"name": "Call"})),
            ev(
                3,
                2,
                2,
                "TaskScheduled",
                json!({"resourceType": "lambda", "resource": "invoke", "parameters": "{\"FunctionName\":\"arn:aws:lambda:ca-central-1:123456789012:function:Greet\"}"}),
            ),
            ev(4, 3, 3, "TaskStarted", json!({})),
            ev(5, 4, 402, "TaskSucceeded", json!({"output": "{}"})),
            ev(6, 5, 403, "TaskStateExited", json!({"name": "Call"})),
            ev(7, 2, 410, "TaskStateEntered", json!({"name": "Again"})),
            ev(
                8,
                7,
                411,
                "TaskScheduled",
                json!({"resourceType": "lambda", "resource": "invoke", "parameters": "{\"FunctionName\":\"Greet\"}"}),
            ),
            ev(
                9,
                8,
                500,
                "TaskFailed",
                json!({"error": "Lambda.TooManyRequestsException", "cause": "x"}),
            ),
            ev(10, 9, 501, "ExecutionFailed", json!({"error": "Lambda.TooManyRequestsException"})),
        ];
        let logs = vec![InvocationLog {
            request_id: "r".into(),
            function_name: "Greet".into(),
            log: "START RequestId: r Version: $LATEST\nREPORT RequestId: r\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 250.00 ms\t\n".into(),
            log_stream_name: None,
            start_millis: Some(1_000_002),
        }];
        let trace = segments(&events, &logs, 1_000_000);
        let named: Vec<(&str, Kind, f64, f64, Mark)> =
            trace.iter().map(|s| (s.name.as_str(), s.kind, s.start_ms, s.end_ms, s.mark)).collect();
        assert_eq!(
            named,
            vec![
                ("Execution", Kind::Execution, 0.0, 501.0, Mark::Error),
                ("Greet", Kind::Function, 2.0, 402.0, Mark::Ok),
                ("Initialization", Kind::Initialization, 2.0, 252.0, Mark::Ok),
                ("Invocation", Kind::Invocation, 252.0, 352.0, Mark::Ok),
                ("Overhead", Kind::Overhead, 352.0, 402.0, Mark::Ok),
                ("Call", Kind::State, 1.0, 403.0, Mark::Ok),
                ("Greet", Kind::Function, 411.0, 500.0, Mark::Throttle),
                ("Again", Kind::State, 410.0, 501.0, Mark::Throttle),
            ]
        );
    }

    #[test]
    fn reports_in_both_formats() {
        assert_eq!(
            report("REPORT RequestId: r\tDuration: 1.50 ms\tBilled Duration: 2 ms\t"),
            Some((1.5, None))
        );
        let json = r#"{"time":"t","type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":3.0,"billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":40,"initDurationMs":9.5},"status":"success"}}"#;
        assert_eq!(report(json), Some((3.0, Some(9.5))));
        assert_eq!(report("no report"), None);
    }
}

//! The case suite: every `tests/cases/**/*.json` is one state machine run (or one definition to
//! validate) with its expected outcome. Prints one line per failure and the closing line
//! `N passed, M failed`; exits non-zero when any case fails.
//!
//! A case file:
//! ```json
//! { "comment": "what it shows", "source": "where the expected values come from",
//!   "definition": { … },            // or "definition_text": "…" for text that is not JSON
//!   "input": { … },
//!   "tasks": [ {"Payload": "raw body"} | {"FunctionError": "raw body"} | {"Return": v} | {"Throw": {"Error", "Cause"}} | "Hang" ],
//!   "stop_at_seconds": 10,          // optional: StopExecution at that virtual time
//!   "express": true,                // optional: an Express execution
//!   "redrive": { "at_seconds": 1,   // optional: RedriveExecution, that long after the end
//!                                   // ("while_running_at_seconds": 1: while it runs, from T0)
//!                "tasks": [ … ],    // the answers after the redrive
//!                "refused": {"error": …, "message": …},  // nothing changed; or:
//!                "expect": { …, "redrive_count": 1, "redrive_status": "REDRIVABLE" } },
//!   "expect": { "status": "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "INVALID",
//!               "output": …, "error": …, "cause": …, "events": ["ExecutionStarted", …],
//!               "duration_seconds": 5, "tasks": [invocation, …],
//!               "map_runs": [{"status": "FAILED", "itemCounts": {…}, "executionCounts": {…},
//!                             "executions": ["SUCCEEDED", "FAILED", "PENDING", …],
//!                             "redriveCount": 1, "child_events": {"1": ["ExecutionStarted", …]}}],
//!                             // each member optional; children by item index
//!               "diagnostics": [{"code": …, "pointer": …, "message": …, "at": "source text of the span"}] } }
//!               // ("message" and "at" optional)
//! ```

#[path = "common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use common::{Answer, Hooks, T0, drive, event_types, new_execution, status_json};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn invocation_json(i: &steplab_asl::Invocation) -> Value {
    match i {
        steplab_asl::Invocation::Lambda { function_name, payload, optimized } => {
            json!({"Lambda": {"function_name": &**function_name, "payload": &**payload, "optimized": optimized}})
        }
        steplab_asl::Invocation::Service { resource, parameters } => {
            json!({"Service": {"resource": &**resource, "parameters": &**parameters}})
        }
        steplab_asl::Invocation::MapStorage { operation, input } => {
            json!({"MapStorage": {"operation": operation, "input": &**input}})
        }
    }
}

fn check(case: &Value) -> Result<(), String> {
    let expect = case.get("expect").ok_or("no \"expect\"")?;
    let src = match (case.get("definition_text"), case.get("definition")) {
        (Some(Value::String(t)), _) => t.clone(),
        (_, Some(d)) => serde_json::to_string_pretty(d).map_err(|e| e.to_string())?,
        _ => return Err("no definition".into()),
    };
    if expect.get("status") == Some(&json!("INVALID")) {
        let parsed = steplab_asl::parse(&src);
        let want = expect.get("diagnostics").cloned().unwrap_or(json!([]));
        // "message" and "at" (the source text the span covers) are compared when a case gives them
        let got: Vec<Value> = parsed
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut g = json!({"code": d.code, "pointer": d.pointer});
                let w = want.get(i);
                if w.is_some_and(|w| w.get("message").is_some()) {
                    g["message"] = json!(d.message);
                }
                if w.is_some_and(|w| w.get("at").is_some()) {
                    g["at"] = json!(d.span.clone().and_then(|r| src.get(r)));
                }
                g
            })
            .collect();
        if parsed.machine.is_some() {
            return Err(format!("expected the definition to be rejected; diagnostics {got:?}"));
        }
        if Value::Array(got.clone()) != want {
            return Err(format!("diagnostics\n   want {want}\n    got {}", Value::Array(got)));
        }
        return Ok(());
    }
    let input = case.get("input").cloned().unwrap_or(json!({}));
    let script: Vec<Answer> = case
        .get("tasks")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(Answer::from_json).collect())
        .unwrap_or_default();
    let stop = case.get("stop_at_seconds").and_then(Value::as_i64).map(|s| T0 + s * 1000);
    let parsed = steplab_asl::parse(&src);
    if parsed.machine.is_none() {
        return Err(format!(
            "definition rejected: {:?}",
            parsed.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>()
        ));
    }
    let express = case.get("express") == Some(&json!(true));
    let mut exec = new_execution(&src, input, express);
    let redrive = case.get("redrive");
    let redrive_at = redrive
        .and_then(|r| r.get("while_running_at_seconds"))
        .and_then(Value::as_i64)
        .map(|s| T0 + s * 1000);
    let (reqs, end, redriven) = drive(&mut exec, T0, &script, &Hooks { stop_at: stop, redrive_at });
    // every event written as text directly is the event built as a value, written
    for e in exec.history() {
        let text = serde_json::to_string(e).map_err(|e| e.to_string())?;
        let want = e.to_json().to_string();
        if text != want {
            return Err(format!("event {} as text\n   want {want}\n    got {text}", e.id));
        }
    }
    let got = status_json(&exec);
    for key in ["status", "output", "error", "cause"] {
        if let Some(want) = expect.get(key)
            && got.get(key) != Some(want)
        {
            return Err(format!(
                "{key}\n   want {want}\n    got {}",
                got.get(key).unwrap_or(&Value::Null)
            ));
        }
    }
    if let Some(want) = expect.get("events") {
        let got = json!(event_types(&exec));
        if &got != want {
            return Err(format!("events\n   want {want}\n    got {got}"));
        }
    }
    if let Some(want) = expect.get("duration_seconds") {
        let end = exec.history().last().map_or(T0, |e| e.timestamp_millis);
        let got = json!((end - T0) / 1000);
        if &got != want {
            return Err(format!("duration_seconds\n   want {want}\n    got {got}"));
        }
    }
    if let Some(want) = expect.get("tasks") {
        let got = Value::Array(reqs.iter().map(|r| invocation_json(&r.invocation)).collect());
        if &got != want {
            return Err(format!("tasks\n   want {want}\n    got {got}"));
        }
    }
    check_map_runs(expect, &exec)?;
    match redrive {
        Some(r) => check_redrive(r, &mut exec, end, redriven),
        None => Ok(()),
    }
}

/// The `"redrive"` part of a case: RedriveExecution refused (nothing changed) or run to its end.
fn check_redrive(
    r: &Value,
    exec: &mut steplab_asl::Execution,
    end: i64,
    redriven: Option<Result<u64, steplab_asl::ExecutionNotRedrivable>>,
) -> Result<(), String> {
    let before = (status_json(exec), exec.history().len(), exec.map_runs_json());
    let at = end + r.get("at_seconds").and_then(Value::as_i64).unwrap_or(60) * 1000;
    let answer = match redriven {
        Some(a) => a,
        None => exec.redrive(at),
    };
    if let Some(want) = r.get("refused") {
        let Err(e) = answer else {
            return Err(format!("redrive\n   want refused {want}\n    got redriven"));
        };
        let got = json!({"error": steplab_asl::ExecutionNotRedrivable::CODE, "message": e.message});
        if &got != want {
            return Err(format!("redrive refused\n   want {want}\n    got {got}"));
        }
        if (status_json(exec), exec.history().len(), exec.map_runs_json()) != before {
            return Err("a refused redrive changed the execution".into());
        }
        return Ok(());
    }
    let count = answer.map_err(|e| format!("redrive refused: {e}"))?;
    let script: Vec<Answer> = r
        .get("tasks")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(Answer::from_json).collect())
        .unwrap_or_default();
    let (reqs, end, _) = drive(exec, at, &script, &Hooks::default());
    let expect = r.get("expect").ok_or("redrive: no \"expect\"")?;
    let mut got = status_json(exec);
    got["redrive_count"] = json!(count);
    got["redrive_status"] = json!(exec.redrive_status(end).as_str());
    for key in ["status", "output", "error", "cause", "redrive_count", "redrive_status"] {
        if let Some(want) = expect.get(key)
            && got.get(key) != Some(want)
        {
            return Err(format!(
                "after redrive: {key}\n   want {want}\n    got {}",
                got.get(key).unwrap_or(&Value::Null)
            ));
        }
    }
    if let Some(want) = expect.get("events") {
        let got = json!(event_types(exec));
        if &got != want {
            return Err(format!("after redrive: events\n   want {want}\n    got {got}"));
        }
    }
    if let Some(want) = expect.get("tasks") {
        let got = Value::Array(reqs.iter().map(|r| invocation_json(&r.invocation)).collect());
        if &got != want {
            return Err(format!("after redrive: tasks\n   want {want}\n    got {got}"));
        }
    }
    check_map_runs(expect, exec).map_err(|e| format!("after redrive: {e}"))?;
    for (i, e) in exec.history().iter().enumerate() {
        if e.id != i as u64 + 1 {
            return Err(format!("event ids do not continue at {i}: {}", e.id));
        }
        let text = serde_json::to_string(e).map_err(|e| e.to_string())?;
        let want = e.to_json().to_string();
        if text != want {
            return Err(format!("event {} as text\n   want {want}\n    got {text}", e.id));
        }
    }
    Ok(())
}

/// The Map Runs against `expect`'s `"map_runs"` (the members a case gives), and every child's
/// history well formed: ids from 1 one after another, `ExecutionStarted` first, written as text
/// as it renders.
fn check_map_runs(expect: &Value, exec: &steplab_asl::Execution) -> Result<(), String> {
    for run in exec.map_runs() {
        for c in &run.children {
            for (i, e) in c.history.iter().enumerate() {
                if e.id != i as u64 + 1 {
                    return Err(format!("child {} event ids do not continue at {i}", c.index));
                }
                let text = serde_json::to_string(e).map_err(|e| e.to_string())?;
                let want = e.to_json().to_string();
                if text != want {
                    return Err(format!("child {} event {} as text differs", c.index, e.id));
                }
            }
            if c.history.first().is_some_and(|e| e.kind != "ExecutionStarted") {
                return Err(format!("child {} does not start with ExecutionStarted", c.index));
            }
        }
    }
    let Some(want) = expect.get("map_runs") else { return Ok(()) };
    let got: Vec<Value> = exec
        .map_runs()
        .iter()
        .map(|r| {
            let d = r.describe("x");
            let events: serde_json::Map<String, Value> = r
                .children
                .iter()
                .map(|c| {
                    (
                        c.index.to_string(),
                        json!(c.history.iter().map(|e| e.kind).collect::<Vec<_>>()),
                    )
                })
                .collect();
            json!({
                "status": r.status.as_str(),
                "itemCounts": d["itemCounts"],
                "executionCounts": d["executionCounts"],
                "executions": r.children.iter().map(|c| c.status.as_str()).collect::<Vec<_>>(),
                "redriveCount": r.redrive_count,
                "child_events": events,
            })
        })
        .collect();
    let Some(want) = want.as_array() else { return Err("map_runs: not an array".into()) };
    if want.len() != got.len() {
        return Err(format!("map_runs: want {} got {}: {}", want.len(), got.len(), json!(got)));
    }
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        for (k, wv) in w.as_object().into_iter().flatten() {
            let gv = match (k.as_str(), wv) {
                // counts and child events: only the members the case gives
                ("itemCounts" | "executionCounts" | "child_events", Value::Object(m)) => {
                    json!(
                        m.keys()
                            .map(|n| (n.clone(), g[k][n].clone()))
                            .collect::<serde_json::Map<_, _>>()
                    )
                }
                _ => g[k].clone(),
            };
            if &gv != wv {
                return Err(format!("map_runs[{i}].{k}\n   want {wv}\n    got {gv}"));
            }
        }
    }
    Ok(())
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let mut all = Vec::new();
    files(&root, &mut all);
    let (mut passed, mut failed) = (0, 0);
    for path in all {
        let rel = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        if filter.as_ref().is_some_and(|f| !rel.contains(f.as_str())) {
            continue;
        }
        let result = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Value>(&t).map_err(|e| format!("not JSON: {e}")))
            .and_then(|case| {
                std::panic::catch_unwind(|| check(&case)).unwrap_or_else(|_| Err("panicked".into()))
            });
        match result {
            Ok(()) => passed += 1,
            Err(e) => {
                failed += 1;
                println!("FAIL {rel}: {e}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        std::process::exit(1);
    }
}

//! Importing real executions (`steplab_asl::import`): the cases of `tests/import/*.json`, and
//! StepLab's own histories (every case of the suite, run) read back equal.
//!
//! A case file:
//! ```json
//! { "comment": "…",
//!   "history": { … } | "text",       // get-execution-history's output (text: as pasted, byte for byte)
//!   "execution": { … } | "text",     // optional: describe-execution's output
//!   "definition": { … } | "text",    // describe-state-machine's output or the ASL definition
//!   "expect": { "name", "status", "events": 7, "start": "ISO time", "output", "error", "cause" }
//!           | { "problems": [{"document", "kind", "pointer", "line", "column", "message"}] } }
//!           // (a problem's members other than document and kind are compared when given)
//! ```

mod common;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use steplab_asl::import::{ImportInput, read_execution};

use common::{Answer, T0, run_with};

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn check(case: &Value) -> Result<(), String> {
    let history = text(&case["history"]);
    let execution = case.get("execution").map(text);
    let definition = text(&case["definition"]);
    let got = read_execution(ImportInput {
        history: &history,
        execution: execution.as_deref(),
        definition: &definition,
    });
    let expect = &case["expect"];
    if let Some(want) = expect.get("problems").and_then(Value::as_array) {
        let problems = match got {
            Ok(_) => return Err("imported; expected problems".into()),
            Err(p) => p,
        };
        let got: Vec<Value> = problems
            .iter()
            .zip(want.iter().chain(std::iter::repeat(&json!({}))))
            .map(|(p, w)| {
                let mut g = json!({"document": p.document.as_str(), "kind": p.kind.as_str()});
                for (k, v) in [
                    ("pointer", json!(p.pointer)),
                    ("line", json!(p.line)),
                    ("column", json!(p.column)),
                    ("message", json!(p.message)),
                ] {
                    if w.get(k).is_some() {
                        g[k] = v;
                    }
                }
                g
            })
            .collect();
        if got != *want {
            let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(format!(
                "problems\n   want {}\n    got {}\n    {all:?}",
                json!(want),
                json!(got)
            ));
        }
        return Ok(());
    }
    let imported = got.map_err(|p| {
        format!("problems: {:?}", p.iter().map(ToString::to_string).collect::<Vec<_>>())
    })?;
    let summary = json!({
        "name": imported.name,
        "status": imported.status,
        "events": imported.events.len(),
        "start": steplab_asl::history::cli_timestamp(imported.start_millis),
        "output": imported.output,
        "error": imported.error,
        "cause": imported.cause,
    });
    for (k, w) in expect.as_object().into_iter().flatten() {
        if summary[k] != *w {
            return Err(format!("{k}: want {w}, got {}", summary[k]));
        }
    }
    // the events are in order, each as StepLab writes its own
    let ids: Vec<u64> = imported.events.iter().map(|e| e.id).collect();
    if ids != (1..=ids.len() as u64).collect::<Vec<_>>() {
        return Err(format!("ids out of order: {ids:?}"));
    }
    Ok(())
}

#[test]
fn import_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let mut failed = Vec::new();
    let cases = files(&dir);
    assert!(cases.len() >= 10, "the import cases are there");
    for p in &cases {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if let Err(e) = check(&case) {
            failed.push(format!("{}: {e}", p.file_name().unwrap_or_default().to_string_lossy()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// Every run of the case suite, its history written as `GetExecutionHistory` (`to_json`) and read
/// back: the same events (id, previous id, time, type, details), the same status and output.
#[test]
fn steplab_histories_read_back_equal() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut runs = 0;
    for p in files(&dir) {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_default())
            .unwrap_or_default();
        let Some(definition) = case.get("definition") else { continue };
        if case["expect"]["status"] == "INVALID" {
            continue;
        }
        let src = serde_json::to_string_pretty(definition).unwrap_or_default();
        if steplab_asl::parse(&src).machine.is_none() {
            continue;
        }
        let input = case.get("input").cloned().unwrap_or(json!({}));
        let script: Vec<Answer> = case
            .get("tasks")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(Answer::from_json).collect())
            .unwrap_or_default();
        let stop = case.get("stop_at_seconds").and_then(Value::as_i64).map(|s| T0 + s * 1000);
        let (exec, _) = run_with(&src, input, &script, stop);
        let history: Vec<Value> = exec.history().iter().map(|e| e.to_json()).collect();
        let text = json!({"events": history}).to_string();
        let name = p.display();
        let imported =
            read_execution(ImportInput { history: &text, execution: None, definition: &src })
                .unwrap_or_else(|e| {
                    panic!("{name}: {:?}", e.iter().map(ToString::to_string).collect::<Vec<_>>())
                });
        assert_eq!(imported.events.len(), exec.history().len(), "{name}");
        for (mine, read) in exec.history().iter().zip(&imported.events) {
            assert_eq!(
                (mine.id, mine.previous_event_id, mine.timestamp_millis, mine.kind),
                (read.id, read.previous_event_id, read.timestamp_millis, read.kind.as_str()),
                "{name}"
            );
            let details = Some(mine.details()).filter(|d| !d.is_null());
            assert_eq!(details, read.details, "{name}: event {}", mine.id);
            assert_eq!(mine.to_json(), read.to_json(), "{name}: event {}", mine.id);
        }
        assert_eq!(imported.status, exec.status().as_str(), "{name}");
        if let steplab_asl::ExecutionStatus::Succeeded { output } = exec.status() {
            let read: Value = serde_json::from_str(imported.output.as_deref().unwrap_or("null"))
                .unwrap_or_default();
            assert_eq!(&read, output, "{name}");
        }
        runs += 1;
    }
    assert!(runs > 300, "only {runs} runs read back");
}

/// Any text, cut anywhere or with any character changed, gives an execution or problems (never a
/// panic), and a problem's place is in the text.
#[test]
fn never_fails_on_any_input() {
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import/cli_lab.json"),
        )
        .unwrap_or_default(),
    )
    .unwrap_or_default();
    let (history, execution, definition) =
        (text(&case["history"]), text(&case["execution"]), text(&case["definition"]));
    let read = |h: &str, e: &str, d: &str| {
        if let Err(problems) =
            read_execution(ImportInput { history: h, execution: Some(e), definition: d })
        {
            assert!(!problems.is_empty());
            for p in problems {
                let lines = match p.document {
                    steplab_asl::import::Document::History => h.split('\n').count(),
                    steplab_asl::import::Document::Execution => e.split('\n').count(),
                    steplab_asl::import::Document::Definition => usize::MAX,
                };
                assert!(p.line >= 1 && p.line <= lines.max(1), "{p}");
            }
        }
    };
    for cut in (0..history.len()).step_by(13).filter(|c| history.is_char_boundary(*c)) {
        read(&history[..cut], &execution, &definition);
    }
    for at in (0..history.len()).step_by(17).filter(|c| history.is_char_boundary(*c)) {
        for with in ["0", "\"", "}", "x", "-1"] {
            let mut h = history.clone();
            h.replace_range(at..at + 1, with);
            read(&h, &execution, &definition);
        }
    }
    for cut in (0..execution.len()).step_by(7) {
        read(&history, &execution[..cut], &definition);
    }
}

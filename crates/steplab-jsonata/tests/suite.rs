//! The jsonata-js test suite (`../shared/jsonata-suite`), run against this crate.
//!
//! Prints `jsonata-suite: N passed, M failed, K skipped`, lists skipped cases with
//! their reasons, and fails when a case that is not in the baseline of known
//! failures (`tests/suite-known-failures.txt`) fails. Set `JSONATA_SUITE_BLESS=1`
//! to rewrite the baseline from the current results; `JSONATA_SUITE_VERBOSE=1`
//! prints every failure with its details.

use std::collections::BTreeSet;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use steplab_jsonata::{Environment, Expression};

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/jsonata-suite");
const BASELINE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suite-known-failures.txt");
const SKIPS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suite-skips.txt");

struct Case {
    id: String,
    dir: PathBuf,
    spec: Json,
    /// Why the case cannot be run at all (its file cannot be read as JSON text).
    unreadable: Option<String>,
}

enum Outcome {
    Pass,
    Fail(String),
}

fn main() {
    let suite = Path::new(SUITE);
    if !suite.join("groups").is_dir() {
        println!("jsonata-suite: 0 passed, 0 failed, 0 skipped (suite not found at {SUITE})");
        std::process::exit(1);
    }
    let cases = load_cases(suite);
    let skips = read_skips();
    let baseline: BTreeSet<String> = fs::read_to_string(BASELINE)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let verbose = std::env::var_os("JSONATA_SUITE_VERBOSE").is_some();
    std::panic::set_hook(Box::new(|_| {}));

    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut skipped_list = Vec::new();
    for case in &cases {
        let reason = case
            .unreadable
            .as_ref()
            .or_else(|| skips.iter().find(|(id, _)| *id == case.id).map(|(_, r)| r));
        if let Some(reason) = reason {
            skipped += 1;
            skipped_list.push(format!("  skipped {}: {reason}", case.id));
            continue;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| run_case(suite, case)))
            .unwrap_or_else(|_| Outcome::Fail("panicked".to_owned()));
        match outcome {
            Outcome::Pass => passed += 1,
            Outcome::Fail(why) => {
                failed += 1;
                if verbose {
                    println!("FAIL {}: {why}", case.id);
                }
                failures.push((case.id.clone(), why));
            }
        }
    }
    let _ = std::panic::take_hook();

    println!("jsonata-suite: {passed} passed, {failed} failed, {skipped} skipped");
    for line in &skipped_list {
        println!("{line}");
    }

    if std::env::var_os("JSONATA_SUITE_BLESS").is_some() {
        let mut text = String::from(
            "# jsonata-suite cases known to fail (one id per line); tests/suite.rs fails on any other failure.\n",
        );
        for (id, _) in &failures {
            text.push_str(id);
            text.push('\n');
        }
        fs::write(BASELINE, text).expect("write baseline");
        println!("baseline rewritten: {} known failures", failures.len());
        return;
    }

    let failing: BTreeSet<&str> = failures.iter().map(|(id, _)| id.as_str()).collect();
    let regressions: Vec<&(String, String)> =
        failures.iter().filter(|(id, _)| !baseline.contains(id)).collect();
    let fixed: Vec<&String> = baseline.iter().filter(|id| !failing.contains(id.as_str())).collect();
    if !fixed.is_empty() {
        println!(
            "{} known failures now pass; tighten the baseline (JSONATA_SUITE_BLESS=1):",
            fixed.len()
        );
        for id in &fixed {
            println!("  now passing: {id}");
        }
    }
    if !regressions.is_empty() {
        println!("{} cases fail that are not in the baseline:", regressions.len());
        for (id, why) in &regressions {
            println!("  REGRESSION {id}: {why}");
        }
        std::process::exit(1);
    }
}

fn read_skips() -> Vec<(String, String)> {
    fs::read_to_string(SKIPS)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(' ') {
            Some((id, reason)) => (id.to_owned(), reason.trim().to_owned()),
            None => (l.to_owned(), "no reason given".to_owned()),
        })
        .collect()
}

fn load_cases(suite: &Path) -> Vec<Case> {
    let mut groups: Vec<PathBuf> = fs::read_dir(suite.join("groups"))
        .expect("groups")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    groups.sort();
    let mut cases = Vec::new();
    for group in groups {
        let gname = group.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&group)
            .expect("group")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let text = fs::read_to_string(&file).expect("case file");
            let id = format!("{gname}/{stem}");
            match serde_json::from_str::<Json>(&text) {
                Ok(Json::Array(items)) => {
                    for (i, spec) in items.into_iter().enumerate() {
                        cases.push(Case { id: format!("{id}[{i}]"), dir: group.clone(), spec, unreadable: None });
                    }
                }
                Ok(spec) => cases.push(Case { id, dir: group.clone(), spec, unreadable: None }),
                Err(e) => cases.push(Case {
                    id,
                    dir: group.clone(),
                    spec: Json::Null,
                    unreadable: Some(format!(
                        "the case holds text a Rust string cannot represent (a lone UTF-16 surrogate): {e}"
                    )),
                }),
            }
        }
    }
    cases
}

fn run_case(suite: &Path, case: &Case) -> Outcome {
    let spec = &case.spec;
    let expr_text = match (spec.get("expr"), spec.get("expr-file")) {
        (Some(Json::String(e)), _) => e.clone(),
        (_, Some(Json::String(f))) => match fs::read_to_string(case.dir.join(f)) {
            Ok(t) => t,
            Err(e) => return Outcome::Fail(format!("cannot read {f}: {e}")),
        },
        _ => return Outcome::Fail("no expression".to_owned()),
    };
    let input: Option<Json> = match (spec.get("data"), spec.get("dataset")) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(Json::String(name))) => {
            let path = suite.join("datasets").join(format!("{name}.json"));
            match fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok()) {
                Some(d) => Some(d),
                None => return Outcome::Fail(format!("cannot read dataset {name}")),
            }
        }
        _ => None,
    };
    let mut env = Environment::default();
    // the suite runs on the main thread (8 MiB of stack); its own `depth` limits apply
    env.max_stack_bytes = 6 * 1024 * 1024;
    if let Some(Json::Object(b)) = spec.get("bindings") {
        for (k, v) in b {
            env.bind(k, v.clone());
        }
    }
    if let Some(d) = spec.get("depth").and_then(Json::as_u64) {
        env.max_depth = d as usize;
    }
    if let Some(t) = spec.get("timelimit").and_then(Json::as_u64) {
        env.max_steps = t * 10_000;
    }
    let expected_code = spec
        .get("code")
        .and_then(Json::as_str)
        .or_else(|| spec.get("error").and_then(|e| e.get("code")).and_then(Json::as_str));

    let result = Expression::parse(&expr_text).and_then(|e| e.evaluate(input.as_ref(), &env));
    match result {
        Err(err) => match expected_code {
            Some(code) if code == err.code => Outcome::Pass,
            Some(code) => {
                Outcome::Fail(format!("expected error {code}, got {}: {}", err.code, err.message))
            }
            None => Outcome::Fail(format!(
                "unexpected error {}: {} (at {})",
                err.code, err.message, err.position
            )),
        },
        Ok(value) => {
            if let Some(code) = expected_code {
                return Outcome::Fail(format!("expected error {code}, got {}", show(&value)));
            }
            if spec.get("undefinedResult") == Some(&Json::Bool(true)) {
                return match value {
                    None => Outcome::Pass,
                    Some(v) => Outcome::Fail(format!("expected undefined, got {v}")),
                };
            }
            let Some(expected) = spec.get("result") else {
                return Outcome::Fail("case has no expectation".to_owned());
            };
            let unordered = spec.get("unordered") == Some(&Json::Bool(true));
            match value {
                Some(v) if same(&v, expected, unordered) => Outcome::Pass,
                other => Outcome::Fail(format!("expected {expected}, got {}", show(&other))),
            }
        }
    }
}

fn show(v: &Option<Json>) -> String {
    v.as_ref().map(Json::to_string).unwrap_or_else(|| "undefined".to_owned())
}

/// JSON equality with numbers compared by value and object keys in any order.
fn same(a: &Json, b: &Json, unordered: bool) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if unordered {
                let mut used = vec![false; y.len()];
                x.iter().all(|xi| {
                    let found =
                        y.iter().enumerate().position(|(j, yj)| !used[j] && same(xi, yj, true));
                    if let Some(j) = found {
                        used[j] = true;
                    }
                    found.is_some()
                })
            } else {
                x.iter().zip(y).all(|(p, q)| same(p, q, false))
            }
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w, unordered)))
        }
        _ => a == b,
    }
}

//! Never panics: every case definition, mutated many ways (bytes cut and spliced, values swapped
//! for odd JSON), is parsed, and whatever parses is run with odd task answers and inputs.

mod common;

use serde_json::{Value, json};
use steplab_asl::rng::Rng;

const ODD: &[&str] = &[
    "null",
    "0",
    "-1",
    "1e400",
    "99999999999",
    "0.5",
    "\"\"",
    "\"$\"",
    "\"$$\"",
    "\"$.x\"",
    "\"$..*\"",
    "\"$[?(@.a>1)]\"",
    "\"States.ALL\"",
    "\"States.Format('{}')\"",
    "\"States.ArrayRange(1,1000000,1)\"",
    "\"{% $states.input %}\"",
    "\"{% ( %}\"",
    "[]",
    "{}",
    "[null]",
    "true",
    "\"A\"",
    "\"S0\"",
    "\"2016-03-14T01:59:00Z\"",
    "\"JSONata\"",
];

fn mutate_value(v: &mut Value, rng: &mut Rng, depth: usize) {
    let pick =
        |rng: &mut Rng, n: usize| usize::try_from(rng.next_u64() % n.max(1) as u64).unwrap_or(0);
    match v {
        Value::Object(m) if !m.is_empty() && depth < 12 => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = keys[pick(rng, keys.len())].clone();
            match pick(rng, 6) {
                0 => {
                    m.shift_remove(&k);
                }
                1 => {
                    let odd = ODD[pick(rng, ODD.len())];
                    m.insert(k, serde_json::from_str(odd).unwrap_or(Value::Null));
                }
                _ => {
                    if let Some(x) = m.get_mut(&k) {
                        mutate_value(x, rng, depth + 1);
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() && depth < 12 => {
            let i = pick(rng, a.len());
            if pick(rng, 5) == 0 {
                a.remove(i);
            } else {
                mutate_value(&mut a[i], rng, depth + 1);
            }
        }
        _ => *v = serde_json::from_str(ODD[pick(rng, ODD.len())]).unwrap_or(Value::Null),
    }
}

fn definitions() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let case: Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                if let Some(d) = case.get("definition").filter(|d| !d.is_null()) {
                    out.push(serde_json::to_string_pretty(d).unwrap());
                }
            }
        }
    }
    out.sort();
    out
}

fn run_any(src: &str, rng: &mut Rng) {
    let parsed = steplab_asl::parse(src);
    for d in &parsed.diagnostics {
        if let Some(s) = &d.span {
            assert!(
                s.start <= s.end && s.end <= src.len() && src.is_char_boundary(s.start),
                "{d:?}"
            );
        }
    }
    if parsed.machine.is_none() {
        return;
    }
    let inputs = [
        json!({}),
        json!([1, 2]),
        json!({"a": {"b": [1, "x", null]}, "n": 5, "s": "b"}),
        json!(null),
        json!("text"),
    ];
    let input = inputs[usize::try_from(rng.next_u64() % 5).unwrap_or(0)].clone();
    let answers = [
        common::Answer::Ok("{\"a\": 1}".into()),
        common::Answer::Ok("not json".into()),
        common::Answer::FunctionError("{}".into()),
        common::Answer::Return(json!([1])),
        common::Answer::Throw("E".into(), "c".into()),
        common::Answer::Throw("States.Timeout".into(), String::new()),
    ];
    let script: Vec<common::Answer> =
        (0..4).map(|_| answers[usize::try_from(rng.next_u64() % 6).unwrap_or(0)].clone()).collect();
    let (exec, _) = common::run_with(src, input, &script, Some(common::T0 + 86_400_000));
    assert!(exec.history().len() <= steplab_asl::MAX_HISTORY_EVENTS + 2);
    for e in exec.history() {
        let _ = e.to_json();
    }
}

#[test]
fn mutated_definitions_never_panic() {
    let mut rng = Rng::new(2026);
    let defs = definitions();
    assert!(defs.len() > 100);
    for src in &defs {
        // structural mutations
        let v: Value = serde_json::from_str(src).unwrap();
        for _ in 0..40 {
            let mut m = v.clone();
            for _ in 0..=(rng.next_u64() % 3) {
                mutate_value(&mut m, &mut rng, 0);
            }
            run_any(&serde_json::to_string(&m).unwrap(), &mut rng);
        }
        // byte-level mutations
        let bytes = src.as_bytes();
        for _ in 0..6 {
            let n = bytes.len();
            let a = usize::try_from(rng.next_u64()).unwrap_or(0) % n;
            let b = (a + usize::try_from(rng.next_u64() % 8).unwrap_or(0)).min(n);
            let mut m = bytes[..a].to_vec();
            m.extend_from_slice(&bytes[b..]);
            if let Ok(s) = String::from_utf8(m) {
                run_any(&s, &mut rng);
            }
        }
    }
}

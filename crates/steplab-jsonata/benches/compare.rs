//! Benchmark: this evaluator against jsonata-js on the same expressions and data,
//! in one run. Not a test: `cargo bench -p steplab-jsonata --bench compare`.
//!
//! jsonata-js is looked up as `$JSONATA_JS` (a directory holding `node_modules/jsonata`,
//! e.g. after `npm install jsonata@2.0.6` there); without it only this crate is timed.
//! With `-- --json` it prints `{"data": …, "workloads": [{name, expr, ms, result}]}` instead of
//! the table: `bench/jsonata/run.mjs` times the same workloads in wasm and in jsonata-js.

// A native test tool: it measures its own running time (never built for wasm).
#![allow(clippy::disallowed_methods)]

use std::process::Command;
use std::time::Instant;

use serde_json::{Value as Json, json};
use steplab_jsonata::{Document, Environment, Expression};

/// The first workload times the one-shot [`Expression::evaluate`], which converts the input
/// each time; the others evaluate against a [`Document`] converted once, as jsonata-js
/// evaluates against a JavaScript object built once.
const WORKLOADS: &[(&str, &str)] = &[
    ("one-shot evaluate(1)", "1"),
    ("path navigation", "items[price > 50].tags[0]"),
    ("group-by", "items{category: {'total': $sum(price), 'count': $count(id)}}"),
    (
        "$map/$filter 10k",
        "$map($filter(items, function($v){$v.price > 50}), function($v){$v.id * 2})",
    ),
    (
        "string functions",
        "$join(items.($uppercase(name) & '-' & $substring(category, 1) & $string(id)), ',')",
    ),
    ("order-by", "items^(>price, id).id"),
];

fn data() -> Json {
    let items: Vec<Json> = (0..10_000)
        .map(|i| {
            json!({
                "id": i,
                "name": format!("item {i}"),
                "price": f64::from(i % 100) * 1.5,
                "category": format!("c{}", i % 10),
                "tags": [format!("t{}", i % 7), format!("u{}", i % 3)]
            })
        })
        .collect();
    json!({ "items": items })
}

/// Milliseconds per evaluation: the best of 15 rounds of 5.
fn time_ours(index: usize, src: &str, input: &Json, env: &Environment) -> (f64, Json) {
    let expr = Expression::parse(src).expect("parse");
    let document = Document::from_json(input);
    let mut result = Json::Null;
    let mut best = f64::MAX;
    for _ in 0..15 {
        let start = Instant::now();
        let iterations = 5;
        for _ in 0..iterations {
            let r = if index == 0 {
                expr.evaluate(Some(input), env)
            } else {
                expr.evaluate_document(Some(&document), env, &[], &[])
            };
            result = r.expect("evaluate").unwrap_or(Json::Null);
        }
        best = best.min(start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations));
    }
    (best, result)
}

const NODE_SCRIPT: &str = r#"
const jsonata = require(process.argv[2] + '/node_modules/jsonata');
const fs = require('fs');
const input = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const exprs = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
(async () => {
  const out = [];
  for (const src of exprs) {
    const expr = jsonata(src);
    let best = Infinity, result;
    for (let r = 0; r < 5; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 10; i++) result = await expr.evaluate(input);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / 10);
    }
    out.push({ ms: best, result: JSON.stringify(result) });
  }
  console.log(JSON.stringify(out));
})();
"#;

fn time_js(dir: &str, input: &Json) -> Option<Vec<(f64, String)>> {
    let tmp = std::env::temp_dir().join("steplab-jsonata-bench");
    std::fs::create_dir_all(&tmp).ok()?;
    let script = tmp.join("bench.js");
    let data = tmp.join("data.json");
    let exprs = tmp.join("exprs.json");
    std::fs::write(&script, NODE_SCRIPT).ok()?;
    std::fs::write(&data, input.to_string()).ok()?;
    let list: Vec<&str> = WORKLOADS.iter().map(|(_, e)| *e).collect();
    std::fs::write(&exprs, serde_json::to_string(&list).ok()?).ok()?;
    let out = Command::new("node").arg(&script).arg(dir).arg(&data).arg(&exprs).output().ok()?;
    if !out.status.success() {
        eprintln!("node failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let parsed: Json = serde_json::from_slice(&out.stdout).ok()?;
    Some(
        parsed
            .as_array()?
            .iter()
            .map(|r| {
                (r["ms"].as_f64().unwrap_or(0.0), r["result"].as_str().unwrap_or("").to_owned())
            })
            .collect(),
    )
}

fn main() {
    let input = data();
    let env = Environment::default();
    if std::env::args().any(|a| a == "--json") {
        let workloads: Vec<Json> = WORKLOADS
            .iter()
            .enumerate()
            .map(|(i, (name, src))| {
                let (ms, result) = time_ours(i, src, &input, &env);
                json!({"name": name, "expr": src, "ms": ms, "result": result})
            })
            .collect();
        println!("{}", json!({"data": input, "workloads": workloads}));
        return;
    }
    let js = std::env::var("JSONATA_JS").ok().and_then(|dir| time_js(&dir, &input));
    println!(
        "{:<20} {:>12} {:>14} {:>8}  same result",
        "workload", "ours (ms)", "jsonata-js (ms)", "ratio"
    );
    for (i, (name, src)) in WORKLOADS.iter().enumerate() {
        let (ours, result) = time_ours(i, src, &input, &env);
        match js.as_ref().and_then(|j| j.get(i)) {
            Some((theirs, their_result)) => {
                let same =
                    serde_json::from_str::<Json>(their_result).ok().as_ref() == Some(&result);
                println!("{name:<20} {ours:>12.3} {theirs:>14.3} {:>7.1}x  {same}", theirs / ours);
            }
            None => println!("{name:<20} {ours:>12.3} {:>14} {:>8}", "-", "-"),
        }
    }
}

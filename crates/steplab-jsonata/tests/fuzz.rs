//! A mutation fuzzer for parse + evaluate: expressions from the jsonata-js suite
//! are mutated (characters and tokens inserted, deleted, replaced; fragments of
//! other expressions spliced in) and run against the suite's datasets. Any panic
//! fails the test and prints the expression.
//!
//! By default it runs a fixed number of cases (so `cargo test` stays quick);
//! `JSONATA_FUZZ_SECONDS=600` runs it for ten minutes, `JSONATA_FUZZ_SEED` picks the seed.

// A native test tool: it measures its own running time (never built for wasm).
#![allow(clippy::disallowed_methods)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use steplab_jsonata::{Environment, Expression};

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/jsonata-suite");

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ".",
    ",",
    ";",
    ":",
    "?",
    "+",
    "-",
    "*",
    "/",
    "%",
    "|",
    "=",
    "<",
    ">",
    "^",
    "&",
    "!",
    "~",
    "@",
    "#",
    "$",
    "$$",
    "**",
    "..",
    ":=",
    "!=",
    "<=",
    ">=",
    "~>",
    "??",
    "?:",
    " and ",
    " or ",
    " in ",
    "true",
    "false",
    "null",
    "0",
    "1",
    "-1",
    "2.5",
    "1e3",
    "'a'",
    "\"b\"",
    "`c d`",
    "/a+/i",
    "$x",
    "$i",
    "%",
    "function($v){$v}",
    "$string",
    "$map",
    "$sort",
    "$reduce",
    "$formatNumber(",
    "$fromMillis(",
    "$match(",
    "$replace(",
    "$split(",
    "$substring(",
    "$pad(",
    "$formatInteger(",
    "$toMillis(",
    "$eval(",
    "$sum(",
    "$keys(",
    "$spread(",
    "$each(",
    "|$|{}|",
    "[1..3]",
    "{'k': $}",
    "\\u",
    "\\",
    "λ",
    "é",
    "😀",
    "\u{0}",
    " ",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn load(suite: &Path) -> (Vec<String>, Vec<Json>) {
    let mut exprs = Vec::new();
    let mut datasets = vec![Json::Null];
    let Ok(groups) = std::fs::read_dir(suite.join("groups")) else { return (exprs, datasets) };
    let mut files: Vec<_> = groups
        .filter_map(|g| g.ok())
        .flat_map(|g| std::fs::read_dir(g.path()).into_iter().flatten().filter_map(|f| f.ok()))
        .map(|f| f.path())
        .collect();
    files.sort();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        if f.extension().is_some_and(|e| e == "jsonata") {
            exprs.push(text);
            continue;
        }
        let Ok(json) = serde_json::from_str::<Json>(&text) else { continue };
        let cases = match json {
            Json::Array(items) => items,
            other => vec![other],
        };
        for c in cases {
            if let Some(Json::String(e)) = c.get("expr") {
                exprs.push(e.clone());
            }
            if let Some(d) = c.get("data") {
                datasets.push(d.clone());
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(suite.join("datasets")) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Some(j) =
                std::fs::read_to_string(p).ok().and_then(|t| serde_json::from_str(&t).ok())
            {
                datasets.push(j);
            }
        }
    }
    (exprs, datasets)
}

fn mutate(rng: &mut Rng, exprs: &[String]) -> String {
    let mut chars: Vec<char> = exprs[rng.below(exprs.len())].chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(4) + 1).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 | 2 => {
                let tok = TOKENS[rng.below(TOKENS.len())];
                chars.splice(at..at, tok.chars());
            }
            3 => {
                let other: Vec<char> = exprs[rng.below(exprs.len())].chars().collect();
                let s = rng.below(other.len() + 1);
                let e = (s + rng.below(20)).min(other.len());
                chars.splice(at..at, other[s..e].iter().copied());
            }
            _ if at < chars.len() => {
                let tok = TOKENS[rng.below(TOKENS.len())];
                chars.splice(at..at + 1, tok.chars());
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn main() {
    let (exprs, datasets) = load(Path::new(SUITE));
    if exprs.is_empty() {
        println!("jsonata-fuzz: suite not found at {SUITE}; nothing to run");
        return;
    }
    let seconds: Option<u64> =
        std::env::var("JSONATA_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok());
    let seed: u64 =
        std::env::var("JSONATA_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let deadline = seconds.map(|s| start + Duration::from_secs(s));
    let budget = if deadline.is_some() { u64::MAX } else { 3000 };
    let log = std::env::var_os("JSONATA_FUZZ_LOG");
    std::panic::set_hook(Box::new(|_| {}));
    let (mut runs, mut parsed, mut panics) = (0u64, 0u64, Vec::new());
    while runs < budget && deadline.is_none_or(|d| Instant::now() < d) {
        runs += 1;
        let src = mutate(&mut rng, &exprs);
        let data = &datasets[rng.below(datasets.len())];
        if let Some(log) = &log {
            // the case about to run, for crashes that cannot be caught (stack overflow)
            let _ = std::fs::write(log, &src);
        }
        let mut env = Environment::default();
        env.max_steps = 200_000;
        env.now_millis = 1_700_000_000_000;
        if rng.below(2) == 0 {
            env.aws_dialect = true;
        }
        env.bind("x", Json::from(3));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let expr = Expression::parse(&src)?;
            expr.evaluate(Some(data), &env)
        }));
        match outcome {
            Ok(Ok(_)) | Ok(Err(_)) => parsed += u64::from(Expression::parse(&src).is_ok()),
            Err(_) => panics.push(src),
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "jsonata-fuzz: {runs} cases ({parsed} parsed) in {:.1}s, {} panics",
        start.elapsed().as_secs_f64(),
        panics.len()
    );
    if !panics.is_empty() {
        for p in panics.iter().take(20) {
            println!("  PANIC on: {p:?}");
        }
        std::process::exit(1);
    }
}

//! Transitions per second on the shared benchmark workloads (a figure, not a test):
//! `cargo run --release -p steplab-asl --example throughput -- ../shared/bench/workloads`

use std::time::Instant;

use serde_json::{Value, json};
use steplab_asl::{Execution, StartExecution, Step};

fn run(src: &str, input: Value) -> (usize, f64, Value) {
    let machine = steplab_asl::parse(src).machine.expect("valid workload");
    #[allow(clippy::disallowed_methods)] // a native measuring tool, never built for wasm
    let t = Instant::now();
    let mut exec = Execution::new(
        machine,
        input,
        StartExecution::new("Bench", "run", "us-east-1", "123456789012", 0, 1),
    );
    let mut now = 0;
    loop {
        match exec.step(now) {
            Step::Done => break,
            Step::Wait { until_millis } => now = until_millis,
            Step::Task(_) | Step::Pending => panic!("workloads have no tasks"),
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let transitions = exec.history().iter().filter(|e| e.kind.ends_with("StateEntered")).count();
    let out = match exec.status() {
        steplab_asl::ExecutionStatus::Succeeded { output } => output.clone(),
        other => json!(format!("{other:?}")),
    };
    (transitions, secs, out)
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/bench/workloads".into());
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).expect("workload file");
    let n = 5000;
    let (t, s, out) = run(&read("loop.asl.json"), json!({"i": 0, "n": n}));
    println!(
        "loop  N={n}: {t} transitions in {:.1} ms = {:.0}/s, output {out}",
        s * 1000.0,
        t as f64 / s
    );
    let items: Vec<Value> = (0..n).map(|i| json!({"id": i})).collect();
    let (t, s, out) = run(&read("map.asl.json"), json!({"items": items}));
    println!(
        "map   N={n}: {t} transitions in {:.1} ms = {:.0}/s, output {out}",
        s * 1000.0,
        t as f64 / s
    );
}

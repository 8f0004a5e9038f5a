//! `steplab-bench DEFINITION INPUT [--mocks FILE --test-case NAME] [--repeat N | --serve]`: runs a
//! workload on the native engine N times and prints one JSON line per run (time in ms,
//! transitions, events, status, output). Only the run itself is timed. With `--serve` it runs
//! once for each line read from stdin (the harness interleaves the engines' runs that way).

use std::time::Instant;

use steplab_bench::{Workload, outcome_json};

fn main() {
    if let Err(e) = real_main() {
        eprintln!("steplab-bench: {e}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut files = Vec::new();
    let (mut mocks, mut test_case, mut repeat, mut serve) = (None, String::new(), 1usize, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mocks" => mocks = Some(args.next().ok_or("--mocks needs a file")?),
            "--test-case" => test_case = args.next().ok_or("--test-case needs a name")?,
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--repeat needs a positive number")?;
            }
            "--serve" => serve = true,
            _ => files.push(a),
        }
    }
    let [definition, input] = files.as_slice() else {
        return Err(
            "usage: steplab-bench DEFINITION INPUT [--mocks FILE --test-case NAME] [--repeat N | --serve]"
                .into(),
        );
    };
    let read = |f: &str| std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"));
    let mock_src = mocks.as_deref().map(read).transpose()?;
    let workload = Workload::new(
        &read(definition)?,
        &read(input)?,
        mock_src.as_deref().map(|m| (m, test_case.as_str())),
    )?;
    if serve {
        let mut line = String::new();
        let mut run = 0;
        while std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())? > 0 {
            line.clear();
            once(&workload, run)?;
            run += 1;
        }
        return Ok(());
    }
    for run in 0..repeat {
        once(&workload, run)?;
    }
    Ok(())
}

/// One timed run, printed as a JSON line.
fn once(workload: &Workload, run: usize) -> Result<(), String> {
    use std::io::Write as _;
    let mut prepared = workload.prepare();
    #[allow(clippy::disallowed_methods)] // a native measuring tool, never built for wasm
    let t = Instant::now();
    prepared.run();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut line = outcome_json(&prepared.outcome());
    if let Some(m) = line.as_object_mut() {
        m.insert("engine".into(), "steplab (native)".into());
        m.insert("run".into(), run.into());
        m.insert("ms".into(), ms.into());
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).map_err(|e| e.to_string())
}

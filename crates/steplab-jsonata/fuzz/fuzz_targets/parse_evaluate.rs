//! Parsing and evaluating any JSONata expression against any JSON input never panics and
//! never hangs: it gives a value, undefined or an error.
//!
//! An input is the expression, then (after a NUL byte) the JSON input; without a NUL byte or
//! with invalid JSON, a small built-in document is the input. `seed-corpus.sh` writes the
//! jsonata-js suite's cases in this form.
#![no_main]

use serde_json::{Value as Json, json};
use steplab_jsonata::{Environment, Expression};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (expr, rest) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(src) = std::str::from_utf8(expr) else { return };
    let Ok(expression) = Expression::parse(src) else { return };
    let _ = expression.top_level_input_reference();
    let input: Json = serde_json::from_slice(rest).unwrap_or_else(
        |_| json!({"a": [1, {"b": "x", "c": [2.5, null, true]}], "s": "Hello World", "n": -3}),
    );
    // the AWS dialect (as Step Functions runs it), with a smaller step budget so that
    // runaway expressions stop quickly; a value, undefined or an error are all fine
    let mut env = Environment::aws();
    env.max_steps = 2_000_000;
    env.now_millis = 1_700_000_000_000;
    env.random_seed = 7;
    env.bind("states", json!({"input": input.clone(), "context": {"Execution": {"Id": "x"}}}));
    if let Ok(Some(value)) = expression.evaluate(Some(&input), &env) {
        // whatever it gives serialises (no NaN or infinities escape)
        let _ = serde_json::to_string(&value);
    }
});

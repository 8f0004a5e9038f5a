//! Parsing and evaluating any JSONata expression against any JSON input never panics and
//! never hangs: it gives a value, undefined or an error.
//!
//! An input is the expression, then (after a NUL byte) the JSON input; without a NUL byte or
//! with invalid JSON, a small built-in document is the input. `seed-corpus.sh` writes the
//! jsonata-js suite's cases in this form.
#![no_main]

use serde_json::{Value as Json, json};
use steplab_jsonata::{Document, Environment, Expression};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (expr, rest) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let Ok(src) = std::str::from_utf8(expr) else { return };
    let Ok(expression) = Expression::parse(src) else { return };
    let _ = (expression.top_level_references(), expression.states_fields());
    let input: Json = serde_json::from_slice(rest).unwrap_or_else(
        |_| json!({"a": [1, {"b": "x", "c": [2.5, null, true]}], "s": "Hello World", "n": -3}),
    );
    // the AWS dialect (as Step Functions runs it), with a smaller step budget so that
    // runaway expressions stop quickly; a value, undefined or an error are all fine
    let mut env = Environment::aws();
    env.max_steps = 300_000;
    env.now_millis = 1_700_000_000_000;
    env.random_seed = 7;
    let states = json!({"input": input.clone(), "context": {"Execution": {"Id": "x"}}});
    // half the inputs go through the one-shot API, half through the converted-once one
    let result = if data.len() % 2 == 0 {
        env.bind("states", states);
        expression.evaluate(Some(&input), &env)
    } else {
        let document = Document::from_json(&input);
        expression.evaluate_document(Some(&document), &env, &[("states", &states)], &[])
    };
    if let Ok(Some(value)) = result {
        // whatever it gives serialises (no NaN or infinities escape)
        let _ = serde_json::to_string(&value);
    }
});

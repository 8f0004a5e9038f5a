//! Evaluating one JSONata expression (Step Functions' dialect) or one JSONPath, as a state's
//! fields are evaluated: for docs, playgrounds and tests of the expressions a definition uses.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::clock;

/// Why an expression could not be evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpressionError {
    /// JSONata's code (`S0201`, `T2001`, … as jsonata-js reports it) or `INVALID_JSON_PATH`.
    pub code: String,
    /// The character position the error refers to, when it has one.
    pub position: Option<usize>,
    /// The message, as jsonata-js words it for JSONata.
    pub message: String,
}

impl std::fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(position) = self.position {
            write!(f, " (at character {position})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExpressionError {}

/// Evaluates the JSONata `expression` (without `{% %}`) against `input` (`$`; `None` is
/// undefined) with `bindings` as variables (`{"states": {…}}` binds `$states`). Step Functions'
/// dialect is on (`$partition`, `$uuid`, `$hash`, …; no `$eval`); `$now()` is the host's clock.
/// `Ok(None)` is JSONata's `undefined`.
pub fn evaluate_jsonata(
    expression: &str,
    input: Option<&Value>,
    bindings: &Map<String, Value>,
) -> Result<Option<Value>, ExpressionError> {
    let parsed = steplab_jsonata::Expression::parse(expression).map_err(jsonata_error)?;
    let mut env = steplab_jsonata::Environment::aws();
    env.now_millis = clock::now_millis();
    #[allow(clippy::cast_possible_wrap)]
    let seed = clock::random_seed() as i64;
    env.random_seed = seed;
    for (name, value) in bindings {
        env.bind(name.strip_prefix('$').unwrap_or(name), value.clone());
    }
    parsed.evaluate(input, &env).map_err(jsonata_error)
}

fn jsonata_error(e: steplab_jsonata::Error) -> ExpressionError {
    ExpressionError { code: e.code.to_owned(), position: Some(e.position), message: e.message }
}

/// Selects `path` from `input` (`$…`) or from `context` (`$$…`, the context object) with Step
/// Functions' JSONPath: a reference path gives its value, a path with wildcards, filters, slices
/// or `..` gives the array of matches. `Ok(None)` when a reference path matches nothing (a state
/// would fail with `States.Runtime` there).
pub fn evaluate_json_path(
    path: &str,
    input: &Value,
    context: Option<&Value>,
) -> Result<Option<Value>, ExpressionError> {
    let (root, text) = match path.strip_prefix("$$") {
        Some(rest) => (context, format!("${rest}")),
        None => (Some(input), path.to_owned()),
    };
    let parsed = steplab_asl::path::Path::parse(&text).map_err(|message| ExpressionError {
        code: "INVALID_JSON_PATH".into(),
        position: None,
        message,
    })?;
    let empty = Value::Object(Map::new());
    Ok(parsed.select(root.unwrap_or(&empty)))
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use serde_json::{Map, Value, json};

    fn show(r: Result<Option<Value>, super::ExpressionError>) -> String {
        match r {
            Ok(Some(v)) => v.to_string(),
            Ok(None) => "undefined".into(),
            Err(e) => format!("error {e}"),
        }
    }

    fn jsonata(expr: &str, input: Value, bindings: Value, expect: Expect) {
        let bindings: Map<String, Value> = bindings.as_object().cloned().unwrap_or_default();
        expect.assert_eq(&show(super::evaluate_jsonata(expr, Some(&input), &bindings)));
    }

    fn json_path(path: &str, input: Value, context: Value, expect: Expect) {
        expect.assert_eq(&show(super::evaluate_json_path(path, &input, Some(&context))));
    }

    #[test]
    fn jsonata_expressions() {
        jsonata(
            "$sum(items.price)",
            json!({"items": [{"price": 2}, {"price": 3.5}]}),
            json!({}),
            expect!["5.5"],
        );
        jsonata(
            "$states.input.name & '!'",
            json!(null),
            json!({"states": {"input": {"name": "Hi"}}}),
            expect![[r#""Hi!""#]],
        );
        jsonata("$x + 1", json!({}), json!({"$x": 41}), expect!["42"]);
        jsonata("missing", json!({}), json!({}), expect!["undefined"]);
        jsonata("$partition([1, 2, 3], 2)", json!({}), json!({}), expect!["[[1,2],[3]]"]);
        jsonata(
            "1 +",
            json!({}),
            json!({}),
            expect!["error S0207: Unexpected end of expression (at character 3)"],
        );
        jsonata(
            "$eval('1')",
            json!({}),
            json!({}),
            expect!["error T1006: Attempted to invoke a non-function (at character 6)"],
        );
    }

    #[test]
    fn json_paths() {
        let input = json!({"a": {"b": [1, 2, 3]}, "items": [{"n": 1}, {"n": 5}]});
        json_path("$.a.b[1]", input.clone(), json!({}), expect!["2"]);
        json_path("$.items[?(@.n > 2)].n", input.clone(), json!({}), expect!["[5]"]);
        json_path("$..n", input.clone(), json!({}), expect!["[1,5]"]);
        json_path("$.nothing", input.clone(), json!({}), expect!["undefined"]);
        json_path(
            "$$.Execution.Name",
            input.clone(),
            json!({"Execution": {"Name": "run-1"}}),
            expect![[r#""run-1""#]],
        );
        json_path(
            "a.b",
            input,
            json!({}),
            expect!["error INVALID_JSON_PATH: path 'a.b' must start with '$'"],
        );
    }
}

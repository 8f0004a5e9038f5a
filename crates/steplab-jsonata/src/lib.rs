//! JSONata 2.0.6 in Rust, with the AWS Step Functions dialect.
//!
//! ```
//! use serde_json::json;
//! let expr = steplab_jsonata::Expression::parse("$states.input.a").unwrap();
//! let mut env = steplab_jsonata::Environment::default();
//! env.bind("states", json!({"input": {"a": 1}}));
//! assert_eq!(expr.evaluate(None, &env).unwrap(), Some(json!(1)));
//! ```
#![forbid(unsafe_code)]

use serde_json::Value;

/// A parsed JSONata expression.
#[derive(Debug, Clone)]
pub struct Expression {
    src: String,
}

/// Variables and host settings an expression is evaluated with.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    bindings: Vec<(String, Value)>,
    /// The time `$now()` and `$millis()` report, in milliseconds since the Unix epoch.
    pub now_millis: i64,
}

impl Environment {
    /// Binds `$name` to `value`.
    pub fn bind(&mut self, name: &str, value: Value) {
        self.bindings.push((name.to_owned(), value));
    }
}

/// A JSONata error, as jsonata-js reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// The jsonata-js error code, e.g. `S0201` or `T2001`.
    pub code: &'static str,
    /// The character position the error refers to.
    pub position: usize,
    /// The message, as jsonata-js words it.
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

impl Expression {
    /// Parses `src`.
    pub fn parse(src: &str) -> Result<Self, Error> {
        Ok(Self { src: src.to_owned() })
    }

    /// Evaluates the expression against `input` (`$`); `None` is JSONata's `undefined`.
    pub fn evaluate(&self, _input: Option<&Value>, _env: &Environment) -> Result<Option<Value>, Error> {
        Err(Error { code: "D0000", position: 0, message: format!("not yet evaluated: {}", self.src) })
    }
}

//! JSONata 2.0.6 in Rust, with the AWS Step Functions dialect.
//!
//! ```
//! use serde_json::json;
//! let expr = steplab_jsonata::Expression::parse("$states.input.a").unwrap();
//! let mut env = steplab_jsonata::Environment::default();
//! env.bind("states", json!({"input": {"a": 1}}));
//! assert_eq!(expr.evaluate(None, &env).unwrap(), Some(json!(1)));
//! ```
//!
//! The crate reads no clock and no OS randomness: `$now()`/`$millis()` report
//! [`Environment::now_millis`], and `$random()`/`$uuid()`/`$shuffle()` draw from a
//! generator seeded with [`Environment::random_seed`].
#![forbid(unsafe_code)]

mod apply;
mod ast;
mod error;
mod eval;
mod functions;
mod inspect;
mod jsregex;
mod lex;
mod ops;
mod parse;
mod process;
mod signature;
mod value;

use std::rc::Rc;
use std::sync::Arc;

use serde_json::Value as Json;

pub use crate::error::Error;
use crate::eval::{Evaluator, Frame};
pub use crate::functions::builtins;
pub use crate::inspect::Reference;
use crate::value::{Flags, Value};

/// A parsed JSONata expression.
#[derive(Debug, Clone)]
pub struct Expression {
    root: Arc<ast::Node>,
}

/// A JSON value converted once into the evaluator's form, for evaluating several expressions
/// (or one many times) against it: see [`Expression::evaluate_document`].
#[derive(Debug, Clone)]
pub struct Document(Value);

impl Document {
    /// Converts `json`.
    pub fn from_json(json: &Json) -> Self {
        Self(Value::from_json(json))
    }
}

/// Variables and host settings an expression is evaluated with.
#[derive(Debug, Clone)]
pub struct Environment {
    bindings: Vec<(String, Json)>,
    /// The time `$now()` and `$millis()` report, in milliseconds since the Unix epoch.
    pub now_millis: i64,
    /// Enables the AWS Step Functions dialect: `$partition`, `$range`, `$hash`,
    /// `$random([seed])`, `$uuid`, `$parse`; and removes `$eval`.
    pub aws_dialect: bool,
    /// Seed of the generator behind unseeded `$random()`, `$uuid()` and `$shuffle()`.
    pub random_seed: i64,
    /// Maximum nesting of evaluation (error `U1001` beyond it).
    pub max_depth: usize,
    /// Maximum stack the evaluation may use, in bytes (error `U1001` beyond it):
    /// keeps deep recursion from overflowing the native stack.
    pub max_stack_bytes: usize,
    /// Maximum number of evaluation steps (error `U1001` beyond it): stops runaway loops.
    pub max_steps: u64,
}

impl Default for Environment {
    fn default() -> Self {
        Self {
            bindings: Vec::new(),
            now_millis: 0,
            aws_dialect: false,
            random_seed: 0,
            max_depth: 1000,
            max_stack_bytes: 1024 * 1024,
            max_steps: 10_000_000,
        }
    }
}

impl Environment {
    /// An environment with AWS Step Functions' dialect enabled.
    pub fn aws() -> Self {
        Self { aws_dialect: true, ..Self::default() }
    }

    /// Binds `$name` to `value`.
    pub fn bind(&mut self, name: &str, value: Json) {
        self.bindings.push((name.to_owned(), value));
    }
}

impl Expression {
    /// Parses `src`.
    pub fn parse(src: &str) -> Result<Self, Error> {
        let raw = parse::Parser::parse(src)?;
        let root = process::process(raw)?;
        Ok(Self { root: Arc::new(root) })
    }

    /// The character position where the expression reads its input at the top
    /// level (`$`, `$$`, a field name, `*`, `**` or `%`), or `None` when it only
    /// uses variables, literals and functions. Step Functions rejects such
    /// expressions in JSONata fields (`UNSUPPORTED_JSONATA_EXPRESSION`).
    pub fn top_level_input_reference(&self) -> Option<usize> {
        inspect::first_input_read(&self.root)
    }

    /// Every place where the expression reads its input at the top level (`$`, `$$`, a field
    /// name, `*`, `**`, `%`), in source order: what Step Functions refuses with
    /// `UNSUPPORTED_JSONATA_EXPRESSION` ("Reference to 'name' at the top level is not supported.").
    /// A name inside a later step, a predicate, a group-by or a sort is not one.
    pub fn top_level_references(&self) -> Vec<Reference> {
        inspect::top_level_references(&self.root)
    }

    /// Every `$states.<field>` the expression reads, anywhere in it (lambdas and predicates
    /// included), in source order: lets a host check that `result`/`errorOutput` are only used
    /// where they exist.
    pub fn states_fields(&self) -> Vec<Reference> {
        inspect::states_fields(&self.root)
    }

    /// The first `??` or `?:` operator (JSONata 2.1), as `(operator, position)`: Step Functions
    /// implements JSONata 2.0.6, which has neither.
    pub fn newer_operator(&self) -> Option<(&'static str, usize)> {
        inspect::newer_operator(&self.root)
    }

    pub(crate) fn root(&self) -> &ast::Node {
        &self.root
    }

    /// Evaluates the expression against `input` (`$`); `None` is JSONata's `undefined`.
    ///
    /// Parse once, evaluate many times: an `Expression` is immutable and cheap to share
    /// (`Clone` shares the tree). Variables are converted only when the expression reads them.
    pub fn evaluate(&self, input: Option<&Json>, env: &Environment) -> Result<Option<Json>, Error> {
        self.evaluate_with(input, env, &[])
    }

    /// [`Expression::evaluate`] with more variables, borrowed rather than copied into the
    /// [`Environment`]: `$name` reads `bindings` (the later of two with one name wins, and
    /// they win over [`Environment::bind`]). Only the variables the expression reads are
    /// converted, once per evaluation, so a host can pass all its variables and a large
    /// `$states` at no cost for the ones an expression does not use.
    pub fn evaluate_with(
        &self,
        input: Option<&Json>,
        env: &Environment,
        bindings: &[(&str, &Json)],
    ) -> Result<Option<Json>, Error> {
        let input = input.map(Value::from_json).unwrap_or(Value::Undefined);
        self.run(input, env, bindings, &[])
    }

    /// [`Expression::evaluate_with`] on values converted beforehand: evaluating several
    /// expressions, or one many times, against the same data converts it once. `documents`
    /// win over `bindings` of the same name.
    pub fn evaluate_document(
        &self,
        input: Option<&Document>,
        env: &Environment,
        bindings: &[(&str, &Json)],
        documents: &[(&str, &Document)],
    ) -> Result<Option<Json>, Error> {
        let input = input.map_or(Value::Undefined, |d| d.0.clone());
        self.run(input, env, bindings, documents)
    }

    fn run(
        &self,
        mut input: Value,
        env: &Environment,
        bindings: &[(&str, &Json)],
        documents: &[(&str, &Document)],
    ) -> Result<Option<Json>, Error> {
        let frame = Rc::new(Frame::default());
        // `$$` is the input itself; `$` sees an array input wrapped as one item
        frame.bind("$", input.clone());
        if input.is_array() {
            input = Value::array_with(
                vec![input],
                Flags { sequence: true, outer_wrapper: true, ..Flags::default() },
            );
        }
        let mut ev = Evaluator::new(env, bindings, &frame);
        ev.documents = documents;
        let result =
            ev.eval(&self.root, &input, &frame).map(|v| v.to_json()).map_err(|f| f.finish());
        ev.finish_frames();
        result
    }
}

#[cfg(test)]
mod tests;

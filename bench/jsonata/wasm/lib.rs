//! The evaluator as a tiny wasm module for `bench/jsonata/run.mjs`: the input is parsed and the
//! expressions compiled once, then `run` evaluates one of them `n` times (timed by the caller).
#![forbid(unsafe_code)]

use serde_json::Value as Json;
use steplab_jsonata::{Document, Environment, Expression};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Bench {
    input: Json,
    document: Document,
    env: Environment,
    exprs: Vec<Expression>,
    last: Option<Json>,
}

#[wasm_bindgen]
impl Bench {
    /// `input`: the JSON document every expression is evaluated against.
    #[wasm_bindgen(constructor)]
    pub fn new(input: &str) -> Result<Bench, JsError> {
        let input = serde_json::from_str(input).map_err(|e| JsError::new(&e.to_string()))?;
        let document = Document::from_json(&input);
        Ok(Bench { input, document, env: Environment::default(), exprs: Vec::new(), last: None })
    }

    /// Compiles `src`; returns its handle for [`Bench::run`].
    pub fn compile(&mut self, src: &str) -> Result<usize, JsError> {
        let e = Expression::parse(src).map_err(|e| JsError::new(&e.message))?;
        self.exprs.push(e);
        Ok(self.exprs.len() - 1)
    }

    /// Evaluates expression `handle` `n` times: against the input converted once, or with
    /// `one_shot` by `Expression::evaluate`, which converts the JSON input each time.
    pub fn run(&mut self, handle: usize, n: u32, one_shot: bool) -> Result<(), JsError> {
        let e = self.exprs.get(handle).ok_or_else(|| JsError::new("no such expression"))?;
        for _ in 0..n {
            let r = if one_shot {
                e.evaluate(Some(&self.input), &self.env)
            } else {
                e.evaluate_document(Some(&self.document), &self.env, &[], &[])
            };
            self.last = r.map_err(|e| JsError::new(&e.message))?;
        }
        Ok(())
    }

    /// The last result, as JSON text (`undefined` when there was none).
    pub fn last_result(&self) -> String {
        self.last.as_ref().map_or_else(|| "undefined".to_owned(), Json::to_string)
    }
}

//! Definition-time checks of `{% … %}` JSONata templates: the expression parses
//! (`INVALID_JSONATA_EXPRESSION`), reads no input at the top level and reads only the
//! `$states` fields the field can see (`UNSUPPORTED_JSONATA_EXPRESSION`).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use super::{Cx, join, jsonata_body};
use crate::diagnostic::{Diagnostic, Severity};

/// Which `$states` fields exist where an expression is evaluated, besides `input` and
/// `context` (every JSONata field has those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StatesFields {
    /// `input` and `context` only.
    Plain,
    /// Also `result`: `Output` and `Assign` of a Task, Map or Parallel state.
    Result,
    /// Also `errorOutput`: `Output` and `Assign` of a Catcher.
    ErrorOutput,
}

impl StatesFields {
    fn has(self, field: &str) -> bool {
        match field {
            "input" | "context" => true,
            "result" => self == StatesFields::Result,
            "errorOutput" => self == StatesFields::ErrorOutput,
            _ => false,
        }
    }
}

impl Cx<'_> {
    /// Checks every `{% … %}` string in `v` (a field's value, at `ptr`).
    pub(super) fn check_jsonata_template(&mut self, v: &Value, ptr: &str, fields: StatesFields) {
        match v {
            Value::String(s) => {
                if let Some(body) = jsonata_body(s) {
                    self.check_jsonata_expression(body, ptr, fields);
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    self.check_jsonata_template(x, &join(ptr, k), fields);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.check_jsonata_template(x, &format!("{ptr}/{i}"), fields);
                }
            }
            _ => {}
        }
    }

    fn check_jsonata_expression(&mut self, body: &str, ptr: &str, fields: StatesFields) {
        let e = match steplab_jsonata::Expression::parse(body) {
            Ok(e) => e,
            Err(e) => {
                self.error(
                    "INVALID_JSONATA_EXPRESSION",
                    ptr,
                    format!(
                        "The JSONata expression '{body}' is invalid: {} (position {})",
                        e.message, e.position
                    ),
                );
                return;
            }
        };
        // AWS implements JSONata 2.0.6 ("all built-in JSONata functions and operators in the
        // 2.0.6 specification", docs: transforming-data.html); `??` and `?:` came with 2.1 and
        // AWS does not take them (re:Post "Which version of JSONata does AWS StepFunctions
        // support?"). 2.0.6 reads them as `?` followed by a symbol with no unary meaning, so its
        // parser fails with S0211 on the second symbol; AWS's wording is not recorded (verify).
        if let Some((op, position)) = e.newer_operator() {
            let symbol = &op[1..];
            self.error(
                "INVALID_JSONATA_EXPRESSION",
                ptr,
                format!(
                    "The JSONata expression '{body}' is invalid: The symbol {symbol} cannot be used as a unary operator (position {position})"
                ),
            );
            return;
        }
        // AWS evaluates with no context item: a top-level `$`, `$$` or field name reads
        // nothing. Wording measured on AWS for a field name (floci-io/floci#2670:
        // "Reference to 'phone' at the top level is not supported." at the field's pointer,
        // one per distinct name) and for `$` (the same sentence with '$', as AWS printed it to
        // a user, quoted in a public lab write-up). AWS refuses `$$` too, but with another
        // sentence (floci's check, measured against AWS, says so without giving it): the `$$`
        // message below is ours (verify).
        let mut seen = HashSet::new();
        for r in e.top_level_references() {
            if seen.insert(r.name.clone()) {
                let span = self.token_span(ptr, body, r.position, &r.name);
                self.unsupported(
                    ptr,
                    span,
                    format!("Reference to '{}' at the top level is not supported.", r.name),
                );
            }
        }
        // `$states.errorOutput` outside a Catcher: AWS says "Field '$states.errorOutput' does
        // not exist." (anomalyco/sst#6110, an Arguments field). The same sentence is assumed
        // for `$states.result` where there is no result and for unknown fields (verify).
        let mut seen = HashSet::new();
        for r in e.states_fields() {
            if !fields.has(&r.name) && seen.insert(r.name.clone()) {
                let text = format!("$states.{}", r.name);
                let span = self.token_span(ptr, body, r.position, &text);
                self.unsupported(ptr, span, format!("Field '{text}' does not exist."));
            }
        }
        self.exprs.entry(body.to_owned()).or_insert_with(|| Arc::new(e));
    }

    fn unsupported(&mut self, ptr: &str, span: Option<Range<usize>>, message: String) {
        self.diags.push(Diagnostic {
            code: "UNSUPPORTED_JSONATA_EXPRESSION".into(),
            severity: Severity::Error,
            pointer: ptr.into(),
            span,
            message,
        });
    }

    /// The bytes of the source that hold `token`, which ends at character `end` of the
    /// expression `body` of the string at `ptr`; the whole string when the string has escapes
    /// (its text is not the expression's) or the token is not found there.
    fn token_span(&self, ptr: &str, body: &str, end: usize, token: &str) -> Option<Range<usize>> {
        let whole = self.map.span(ptr)?;
        let exact = || {
            let literal = self.src.get(whole.clone())?;
            let raw = literal.strip_prefix('"')?.strip_suffix('"')?;
            if raw.contains('\\') {
                return None;
            }
            // the raw text is `{%` + body + `%}`
            let body_start = whole.start + 1 + raw.find(body)?;
            let end_byte = body.char_indices().nth(end).map_or(body.len(), |(i, _)| i);
            let start_byte = end_byte.checked_sub(token.len())?;
            (body.get(start_byte..end_byte)? == token)
                .then(|| body_start + start_byte..body_start + end_byte)
        };
        exact().or(Some(whole))
    }
}

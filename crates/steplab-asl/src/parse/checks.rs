//! Checks of the parts of states: `Retry` and `Catch` (error names, `States.ALL` placement),
//! paths and `.$` payload templates (JSONata templates: `jsonata.rs`).

use serde_json::{Map, Value};

use super::jsonata::StatesFields;
use super::{Cx, is_variable_ref, join, type_name};
use crate::diagnostic::Severity;
use crate::model::{Catcher, QueryLanguage, Retrier};
use crate::path;

impl Cx<'_> {
    pub(super) fn error_equals(&mut self, o: &Map<String, Value>, ptr: &str) -> Vec<String> {
        let mut out = Vec::new();
        match o.get("ErrorEquals") {
            Some(Value::Array(a)) if !a.is_empty() => {
                for (i, e) in a.iter().enumerate() {
                    match e.as_str() {
                        // names beginning with `States.` that AWS does not define are reserved
                        // by the ASL specification, but AWS accepts them (AWS's sample
                        // collection deploys `States.QuorumMet`, `States.FauxFailure1`)
                        Some(s) => out.push(s.to_owned()),
                        None => self.schema(
                            &format!("{ptr}/ErrorEquals/{i}"),
                            "Expected value of type 'string'".into(),
                        ),
                    }
                }
                if out.iter().any(|e| e == "States.ALL") && out.len() > 1 {
                    self.schema(
                        &join(ptr, "ErrorEquals"),
                        "'States.ALL' must appear alone in 'ErrorEquals'".into(),
                    );
                }
            }
            Some(_) => self.schema(
                &join(ptr, "ErrorEquals"),
                "'ErrorEquals' must be a non-empty array of strings".into(),
            ),
            None => self.schema(ptr, "These fields are required: [ErrorEquals]".into()),
        }
        out
    }

    pub(super) fn check_all_last(&mut self, lists: &[Vec<String>], ptr: &str) {
        for (i, l) in lists.iter().enumerate() {
            if l.iter().any(|e| e == "States.ALL") && i + 1 != lists.len() {
                self.schema(
                    &format!("{ptr}/{i}/ErrorEquals"),
                    "'States.ALL' must be in the last element of the array".into(),
                );
            }
        }
    }

    pub(super) fn retriers(&mut self, v: &Value, ptr: &str) -> Vec<Retrier> {
        let Some(a) = v.as_array() else {
            self.schema(ptr, "Expected value of type 'array'".into());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, r) in a.iter().enumerate() {
            let rp = format!("{ptr}/{i}");
            let Some(o) = r.as_object() else {
                self.schema(&rp, "Expected value of type 'object'".into());
                continue;
            };
            for k in o.keys() {
                if !matches!(
                    k.as_str(),
                    "ErrorEquals"
                        | "IntervalSeconds"
                        | "MaxAttempts"
                        | "BackoffRate"
                        | "MaxDelaySeconds"
                        | "JitterStrategy"
                        | "Comment"
                ) {
                    self.unsupported_field(&rp, k);
                }
            }
            let error_equals = self.error_equals(o, &rp);
            let num = |cx: &mut Self, key: &str, default: f64, min: f64, int: bool| -> f64 {
                match o.get(key) {
                    None => default,
                    Some(v) => match v.as_f64() {
                        Some(n) if n >= min && (!int || v.is_u64()) => n,
                        _ => {
                            cx.schema(&join(&rp, key), format!("'{key}' has an invalid value {v}"));
                            default
                        }
                    },
                }
            };
            let interval_seconds = num(self, "IntervalSeconds", 1.0, 1.0, true);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let max_attempts = num(self, "MaxAttempts", 3.0, 0.0, true) as u64;
            let backoff_rate = num(self, "BackoffRate", 2.0, 1.0, false);
            let max_delay_seconds =
                o.get("MaxDelaySeconds").map(|_| num(self, "MaxDelaySeconds", 1.0, 1.0, true));
            let jitter_full = match o.get("JitterStrategy") {
                None => false,
                Some(Value::String(s)) if s == "FULL" => true,
                Some(Value::String(s)) if s == "NONE" => false,
                Some(v) => {
                    self.schema(
                        &join(&rp, "JitterStrategy"),
                        format!("Value is not one of the allowed values ['FULL', 'NONE'] ({v})"),
                    );
                    false
                }
            };
            out.push(Retrier {
                error_equals,
                interval_seconds,
                max_attempts,
                backoff_rate,
                max_delay_seconds,
                jitter_full,
            });
        }
        let lists: Vec<Vec<String>> = out.iter().map(|r| r.error_equals.clone()).collect();
        self.check_all_last(&lists, ptr);
        out
    }

    pub(super) fn catchers(&mut self, v: &Value, ptr: &str, ql: QueryLanguage) -> Vec<Catcher> {
        let Some(a) = v.as_array() else {
            self.schema(ptr, "Expected value of type 'array'".into());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, c) in a.iter().enumerate() {
            let cp = format!("{ptr}/{i}");
            let Some(o) = c.as_object() else {
                self.schema(&cp, "Expected value of type 'object'".into());
                continue;
            };
            for k in o.keys() {
                let ok = match k.as_str() {
                    "ErrorEquals" | "Next" | "Comment" | "Assign" => true,
                    "ResultPath" => ql == QueryLanguage::JsonPath,
                    "Output" => ql == QueryLanguage::Jsonata,
                    _ => false,
                };
                if !ok {
                    if matches!(k.as_str(), "ResultPath" | "Output") {
                        let other =
                            if ql == QueryLanguage::Jsonata { "JSONPath" } else { "JSONata" };
                        self.push(
                            "SCHEMA_VALIDATION_FAILED",
                            Severity::Error,
                            &join(&cp, k),
                            format!("The QueryLanguage is set to '{}', but field '{k}' is only supported for the '{other}' QueryLanguage", ql.as_str()),
                            true,
                        );
                    } else {
                        self.unsupported_field(&cp, k);
                    }
                }
            }
            let error_equals = self.error_equals(o, &cp);
            let next = match o.get("Next") {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    self.schema(&cp, "These fields are required: [Next]".into());
                    continue;
                }
            };
            if ql == QueryLanguage::JsonPath {
                if let Some(rp) = o.get("ResultPath") {
                    self.check_path(rp, &join(&cp, "ResultPath"), "ResultPath", true, true);
                }
            } else {
                for k in ["Output", "Assign"] {
                    if let Some(v) = o.get(k) {
                        self.check_jsonata_template(v, &join(&cp, k), StatesFields::ErrorOutput);
                    }
                }
            }
            if let Some(v) = o.get("Assign") {
                self.check_variable_names(v, &join(&cp, "Assign"), ql);
            }
            out.push(Catcher { error_equals, next, def: o.clone() });
        }
        let lists: Vec<Vec<String>> = out.iter().map(|r| r.error_equals.clone()).collect();
        self.check_all_last(&lists, ptr);
        out
    }

    pub(super) fn check_path(
        &mut self,
        v: &Value,
        ptr: &str,
        key: &str,
        nullable: bool,
        reference_only: bool,
    ) {
        match v {
            Value::Null if nullable => {}
            Value::String(s) => {
                let body = s.strip_prefix("$$").map_or_else(|| s.clone(), |r| format!("${r}"));
                let parsed = path::Path::parse(&body);
                let ok = s.starts_with('$') && (is_variable_ref(s) || parsed.is_ok());
                if !ok {
                    self.schema(
                        ptr,
                        format!("The value for the field '{key}' must be a valid JSONPath"),
                    );
                } else if reference_only && parsed.is_ok_and(|p| !p.is_definite()) {
                    self.schema(
                        ptr,
                        format!("The value for the field '{key}' must be a valid ReferencePath"),
                    );
                }
            }
            _ => self.schema(
                ptr,
                format!("Expected value of type 'string' at '{key}' but got '{}'", type_name(v)),
            ),
        }
    }

    /// A `.$` field whose value is neither a path nor a valid intrinsic call. AWS's wording and
    /// location, quoted from real deploy failures: "SCHEMA_VALIDATION_FAILED: The value for the
    /// field 'outputPath.$' must be a valid JSONPath or a valid intrinsic function call at
    /// /States/TestTask/Parameters" (serverless-operations/serverless-step-functions#399), "… for
    /// the field 'Variable.$' … at /States/Pass/Assign" (aws-cloudformation/cfn-lint#4085): the
    /// pointer is the object holding the field; the span marks the field's value
    fn not_a_reference(&mut self, ptr: &str, k: &str) {
        let span = self.map.span(&join(ptr, k));
        self.diags.push(crate::diagnostic::Diagnostic {
            code: "SCHEMA_VALIDATION_FAILED".into(),
            severity: Severity::Error,
            pointer: ptr.into(),
            span,
            message: format!(
                "The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call"
            ),
        });
    }

    pub(super) fn check_payload_template(&mut self, v: &Value, ptr: &str) {
        match v {
            Value::Object(m) => {
                for (k, val) in m {
                    let p = join(ptr, k);
                    if k.ends_with(".$") {
                        match val.as_str() {
                            Some(s) if s.starts_with("States.") => {
                                if crate::intrinsics::parse(s).is_err() {
                                    self.not_a_reference(ptr, k);
                                }
                            }
                            Some(s) if s.starts_with('$') => {
                                let body = s
                                    .strip_prefix("$$")
                                    .map_or_else(|| s.to_owned(), |r| format!("${r}"));
                                if path::Path::parse(&body).is_err() && !is_variable_ref(s) {
                                    self.schema(&p, format!("The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call"));
                                }
                            }
                            _ => self.not_a_reference(ptr, k),
                        }
                    } else {
                        if let Value::String(text) = val
                            && (text.starts_with("$.")
                                || text.starts_with("$$.")
                                || text.starts_with("States."))
                        {
                            self.push(
                                "NO_DOLLAR",
                                Severity::Warning,
                                &p,
                                format!("The value of '{k}' looks like a JSONPath or an intrinsic function, but the field name does not end with '.$'"),
                                true,
                            );
                        }
                        self.check_payload_template(val, &p);
                    }
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.check_payload_template(x, &format!("{ptr}/{i}"));
                }
            }
            _ => {}
        }
    }

    /// Variable names in `Assign`: a letter or `_`, then letters, digits or `_`; at most 80
    /// characters; `states` is reserved (AWS docs: workflow-variables.html, "Variable names").
    pub(super) fn check_variable_names(&mut self, assign: &Value, ptr: &str, ql: QueryLanguage) {
        let Some(m) = assign.as_object() else { return };
        for key in m.keys() {
            let name = if ql == QueryLanguage::JsonPath {
                key.strip_suffix(".$").unwrap_or(key)
            } else {
                key.as_str()
            };
            let mut chars = name.chars();
            let well_formed = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
                && name.chars().count() <= 80;
            if !well_formed || name == "states" {
                self.push(
                    "SCHEMA_VALIDATION_FAILED",
                    Severity::Error,
                    &join(ptr, key),
                    format!("The variable name '{name}' is invalid: a variable name starts with a letter or '_', continues with letters, digits or '_', has at most 80 characters and is not 'states'"),
                    true,
                );
            }
        }
    }
}

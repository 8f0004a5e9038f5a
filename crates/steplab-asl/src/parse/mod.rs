//! `&str` → [`Parsed`]: the JSON is read with spans, then the definition is checked against the
//! Amazon States Language rules and built into a [`StateMachine`]. Never fails: every problem is
//! a [`Diagnostic`] with a JSON Pointer and a byte span, and all problems are reported at once.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{QueryLanguage, StateMachine};
use crate::source::{self, SourceMap, escape_token};

mod checks;
mod jsonata;
mod state;

/// The result of [`parse`]: the machine when there are no errors, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// `Some` only when `diagnostics` holds no error.
    pub machine: Option<StateMachine>,
    /// All problems found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// True when the definition has no error-severity diagnostic.
    pub fn is_ok(&self) -> bool {
        self.machine.is_some()
    }
}

/// Options of [`parse_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Validate for an Express state machine (no `.waitForTaskToken`, no `.sync`).
    pub express: bool,
}

/// Parses and validates a state machine definition (as a Standard state machine).
pub fn parse(src: &str) -> Parsed {
    parse_with(src, ParseOptions::default())
}

/// Parses and validates a state machine definition.
pub fn parse_with(src: &str, options: ParseOptions) -> Parsed {
    if src.trim().is_empty() {
        return Parsed {
            machine: None,
            diagnostics: vec![Diagnostic {
                // recorded against AWS 2025-10-19 (LocalStack test_sfn_api_validation)
                code: "SCHEMA_VALIDATION_FAILED".into(),
                severity: Severity::Error,
                pointer: String::new(),
                span: None,
                message: "Definition must be a valid JSON object".into(),
            }],
        };
    }
    match source::parse(src) {
        Err(e) => Parsed {
            machine: None,
            diagnostics: vec![Diagnostic {
                code: "INVALID_JSON_DESCRIPTION".into(),
                severity: Severity::Error,
                pointer: String::new(),
                span: Some(e.offset..(e.offset + 1).min(src.len()).max(e.offset)),
                message: format!("{}\n at {}", e.message, jackson_location(src, e.line, e.column)),
            }],
        },
        Ok((value, map)) => {
            let mut parsed = from_value_with_map(value, &map, src);
            if options.express {
                express_problems(&mut parsed, &map);
            }
            parsed
        }
    }
}

/// Jackson's location: `[Source: (String)"…"; line: 1, column: 4]`, the document cut at 500
/// characters.
fn jackson_location(src: &str, line: usize, column: usize) -> String {
    let n = src.chars().count();
    if n <= 500 {
        return format!("[Source: (String)\"{src}\"; line: {line}, column: {column}]");
    }
    let head: String = src.chars().take(500).collect();
    format!(
        "[Source: (String)\"{head}\"[truncated {} chars]; line: {line}, column: {column}]",
        n - 500
    )
}

/// Express state machines cannot wait for callbacks or for `.sync` jobs.
fn express_problems(parsed: &mut Parsed, map: &SourceMap) {
    fn walk(scope: &crate::model::Scope, out: &mut Vec<(String, String)>) {
        for st in scope.states() {
            if let Some(r) = st.field("Resource").and_then(Value::as_str) {
                for suffix in [".waitForTaskToken", ".sync", ".sync:2"] {
                    if r.ends_with(suffix) {
                        out.push((
                            format!("{}/Resource", st.pointer),
                            suffix.trim_end_matches(":2").to_owned(),
                        ));
                    }
                }
            }
            for b in &st.branches {
                walk(b, out);
            }
            if let Some(p) = &st.item_processor {
                walk(p, out);
            }
        }
    }
    let Some(machine) = &parsed.machine else { return };
    let mut found = Vec::new();
    walk(machine.scope(), &mut found);
    if found.is_empty() {
        return;
    }
    for (pointer, suffix) in found {
        parsed.diagnostics.push(Diagnostic {
            code: "SCHEMA_VALIDATION_FAILED".into(),
            severity: Severity::Error,
            span: map.span(&pointer),
            pointer,
            // recorded against AWS 2025-10-19 for '.waitForTaskToken' (with its trailing space);
            // the '.sync' wording is assumed to follow it
            message: format!(
                "Express state machine does not support '{suffix}' service integration "
            ),
        });
    }
    parsed.machine = None;
}

/// Validates an already-parsed definition (no spans).
pub fn from_value(value: Value) -> Parsed {
    from_value_with_map(value, &SourceMap::default(), "")
}

fn from_value_with_map(value: Value, map: &SourceMap, src: &str) -> Parsed {
    let mut cx = Cx { map, src, diags: Vec::new(), exprs: HashMap::new(), names: HashMap::new() };
    let Some(obj) = value.as_object() else {
        cx.error(
            "SCHEMA_VALIDATION_FAILED",
            "",
            "Expected an object for the state machine definition".into(),
        );
        return Parsed { machine: None, diagnostics: cx.diags };
    };
    let ql = match obj.get("QueryLanguage") {
        None => QueryLanguage::JsonPath,
        Some(v) => cx.query_language(v, "/QueryLanguage").unwrap_or(QueryLanguage::JsonPath),
    };
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "Comment" | "StartAt" | "States" | "TimeoutSeconds" | "Version" | "QueryLanguage"
        ) {
            cx.unsupported_field("", key);
        }
    }
    let comment = cx.opt_string(obj, "", "Comment");
    let version = cx.opt_string(obj, "", "Version");
    let timeout_seconds = match obj.get("TimeoutSeconds") {
        None => None,
        Some(v) => cx.positive_int(v, "/TimeoutSeconds", "TimeoutSeconds"),
    };
    let root = cx.scope(obj, "", ql, ql, ScopeKind::Machine);
    let has_error = cx.diags.iter().any(|d| d.severity == Severity::Error);
    let diagnostics = cx.diags;
    let machine = match (has_error, root) {
        (false, Some(root)) => Some(StateMachine {
            root: Arc::new(root),
            query_language: ql,
            comment,
            timeout_seconds,
            version,
            definition: value.clone(),
            expressions: Arc::new(cx.exprs),
        }),
        _ => None,
    };
    Parsed { machine, diagnostics }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Machine,
    Branch,
    ItemProcessor,
}

struct Cx<'a> {
    map: &'a SourceMap,
    /// The definition's text (empty when validating a value): spans point into it.
    src: &'a str,
    diags: Vec<Diagnostic>,
    exprs: HashMap<String, Arc<steplab_jsonata::Expression>>,
    /// Every state name seen so far, with its pointer: names are unique across the machine.
    names: HashMap<String, String>,
}

fn join(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", escape_token(key))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `{% … %}`: the expression inside, if `s` is a JSONata template string.
pub(crate) fn jsonata_body(s: &str) -> Option<&str> {
    let t = s.strip_prefix("{%")?.strip_suffix("%}")?;
    Some(t)
}

impl Cx<'_> {
    fn push(&mut self, code: &str, severity: Severity, pointer: &str, message: String, key: bool) {
        let span = if key { self.map.key_span(pointer) } else { self.map.span(pointer) };
        self.diags.push(Diagnostic {
            code: code.into(),
            severity,
            pointer: pointer.into(),
            span,
            message,
        });
    }

    fn error(&mut self, code: &str, pointer: &str, message: String) {
        self.push(code, Severity::Error, pointer, message, false);
    }

    fn schema(&mut self, pointer: &str, message: String) {
        self.error("SCHEMA_VALIDATION_FAILED", pointer, message);
    }

    fn unsupported_field(&mut self, ptr: &str, key: &str) {
        // AWS's wording and location, as quoted from real deploy failures: "SCHEMA_VALIDATION_FAILED:
        // Field '_comment' is not supported at /States/…/Catch[0]", "Field 'Message.$' is not
        // supported at /States/SkipEODReconcileDataGap" (public repositories), and measured on AWS
        // for fields on state types without them, located at /States/<state> (floci-io/floci#2735):
        // the pointer is the object holding the field; the span marks the field's key
        let span = self.map.key_span(&join(ptr, key));
        self.diags.push(Diagnostic {
            code: "SCHEMA_VALIDATION_FAILED".into(),
            severity: Severity::Error,
            pointer: ptr.into(),
            span,
            message: format!("Field '{key}' is not supported"),
        });
    }

    fn query_language(&mut self, v: &Value, ptr: &str) -> Option<QueryLanguage> {
        match v.as_str() {
            Some("JSONPath") => Some(QueryLanguage::JsonPath),
            Some("JSONata") => Some(QueryLanguage::Jsonata),
            _ => {
                self.schema(
                    ptr,
                    format!("Value is not one of the allowed values ['JSONPath', 'JSONata'] ({v})"),
                );
                None
            }
        }
    }

    fn opt_string(&mut self, obj: &Map<String, Value>, ptr: &str, key: &str) -> Option<String> {
        match obj.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                let p = join(ptr, key);
                self.schema(
                    &p,
                    format!(
                        "Expected value of type 'string' at '{key}' but got '{}'",
                        type_name(v)
                    ),
                );
                None
            }
        }
    }

    fn positive_int(&mut self, v: &Value, ptr: &str, key: &str) -> Option<u64> {
        match v.as_u64() {
            Some(n) if (1..=99_999_999).contains(&n) => Some(n),
            _ => {
                self.schema(
                    ptr,
                    format!("'{key}' must be a positive integer between 1 and 99999999"),
                );
                None
            }
        }
    }
}

/// Does a `Result` hold what looks like a path or an intrinsic (which Pass does not evaluate)?
fn looks_dynamic(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with("$.") || s.starts_with("States."),
        Value::Array(a) => a.iter().any(looks_dynamic),
        Value::Object(m) => m.iter().any(|(k, x)| k.ends_with(".$") || looks_dynamic(x)),
        _ => false,
    }
}

/// Could a value of the state read the context object? Conservative: any `$$` in a JSONPath
/// string; in a JSONata expression, `context` anywhere or `$states` not followed by one of
/// `.input`, `.result`, `.errorOutput`.
/// Whether a JSONPath template calls an intrinsic that draws from the execution's random
/// generator (`States.UUID`, `States.MathRandom`).
fn mentions_random(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("States.UUID") || s.contains("States.MathRandom"),
        Value::Array(a) => a.iter().any(mentions_random),
        Value::Object(m) => m.values().any(mentions_random),
        _ => false,
    }
}

fn mentions_context(v: &Value, ql: QueryLanguage) -> bool {
    match v {
        Value::String(s) => {
            if s.contains("$$") {
                return true;
            }
            if ql == QueryLanguage::Jsonata || s.starts_with("{%") {
                if s.contains("context") {
                    return true;
                }
                let mut rest = s.as_str();
                while let Some(i) = rest.find("$states") {
                    let after = &rest[i + "$states".len()..];
                    let named = [".input", ".result", ".errorOutput"].iter().any(|p| {
                        after.starts_with(p)
                            && !after[p.len()..]
                                .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    });
                    if !named {
                        return true;
                    }
                    rest = after;
                }
            }
            false
        }
        Value::Array(a) => a.iter().any(|x| mentions_context(x, ql)),
        Value::Object(m) => m.values().any(|x| mentions_context(x, ql)),
        _ => false,
    }
}

/// `$name` or `$name.path`: a variable reference (not `$` or `$.…`).
pub(crate) fn is_variable_ref(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('$') else { return false };
    rest.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// State and execution names: 1–80 characters, none of the forbidden ones.
pub fn name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 || n > 80 {
        return Some(format!("The name '{name}' must be 1-80 characters long"));
    }
    let bad = name.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>'
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | '?'
                    | '*'
                    | '"'
                    | '#'
                    | '%'
                    | '\\'
                    | '^'
                    | '|'
                    | '~'
                    | '`'
                    | '$'
                    | '&'
                    | ','
                    | ';'
                    | ':'
                    | '/'
            )
    });
    bad.map(|c| format!("The name '{name}' contains an invalid character '{c}'"))
}

fn check_name(cx: &mut Cx<'_>, ptr: &str, name: &str, what: &str) {
    // AWS limits state names to 80 characters; the character rules apply to execution and
    // state machine names, so state names only get the length check.
    let n = name.chars().count();
    if n == 0 || n > 80 {
        cx.push(
            "INVALID_STATE_NAME",
            Severity::Error,
            ptr,
            format!("{what} name '{name}' must be 1-80 characters long"),
            true,
        );
    }
}

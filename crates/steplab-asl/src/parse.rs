//! `&str` → [`Parsed`]: the JSON is read with spans, then the definition is checked against the
//! Amazon States Language rules and built into a [`StateMachine`]. Never fails: every problem is
//! a [`Diagnostic`] with a JSON Pointer and a byte span, and all problems are reported at once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Catcher, QueryLanguage, Retrier, Scope, State, StateMachine, StateType};
use crate::source::{self, SourceMap, escape_token};
use crate::{choice, errors, path};

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
            let mut parsed = from_value_with_map(value, &map);
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
    from_value_with_map(value, &SourceMap::default())
}

fn from_value_with_map(value: Value, map: &SourceMap) -> Parsed {
    let mut cx = Cx { map, diags: Vec::new(), exprs: HashMap::new(), names: HashMap::new() };
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
        // AWS: "Field 'X' is not supported" (wording from AWS's validator output; verify)
        self.push(
            "SCHEMA_VALIDATION_FAILED",
            Severity::Error,
            &join(ptr, key),
            format!("Field '{key}' is not supported"),
            true,
        );
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

    fn scope(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        machine_ql: QueryLanguage,
        inherited: QueryLanguage,
        kind: ScopeKind,
    ) -> Option<Scope> {
        let mut missing = Vec::new();
        let start_at = match obj.get("StartAt") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.schema(
                    &join(ptr, "StartAt"),
                    format!("Expected value of type 'string' but got '{}'", type_name(v)),
                );
                None
            }
            None => {
                missing.push("StartAt");
                None
            }
        };
        let states_obj = match obj.get("States") {
            Some(Value::Object(m)) => Some(m),
            Some(v) => {
                self.schema(
                    &join(ptr, "States"),
                    format!("Expected value of type 'object' but got '{}'", type_name(v)),
                );
                None
            }
            None => {
                missing.insert(0, "States");
                None
            }
        };
        if !missing.is_empty() {
            // AWS: "These fields are required: [States, StartAt]" (recorded 2025-10-19)
            self.schema(ptr, format!("These fields are required: [{}]", missing.join(", ")));
        }
        if kind != ScopeKind::Machine {
            for key in obj.keys() {
                let ok = match kind {
                    ScopeKind::Branch => matches!(key.as_str(), "StartAt" | "States" | "Comment"),
                    _ => {
                        matches!(key.as_str(), "StartAt" | "States" | "Comment" | "ProcessorConfig")
                    }
                };
                if !ok {
                    self.unsupported_field(ptr, key);
                }
            }
        }
        let states_obj = states_obj?;
        let states_ptr = join(ptr, "States");
        let diags_before = self.diags.len();
        let mut states = Vec::new();
        let mut index = HashMap::new();
        for (name, sv) in states_obj {
            let sptr = join(&states_ptr, name);
            check_name(self, &sptr, name, "State");
            if self.map.duplicates.contains(&sptr) {
                self.push(
                    "DUPLICATE_STATE_NAME",
                    Severity::Error,
                    &sptr,
                    format!("Duplicate State name: {name}"),
                    true,
                );
            } else if let Some(first) = self.names.get(name) {
                let first = first.clone();
                self.push(
                    "DUPLICATE_STATE_NAME",
                    Severity::Error,
                    &sptr,
                    format!("Duplicate State name: {name} (also at {first}): state names must be unique across the state machine"),
                    true,
                );
            } else {
                self.names.insert(name.clone(), sptr.clone());
            }
            let Some(sobj) = sv.as_object() else {
                self.schema(
                    &sptr,
                    format!("Expected value of type 'object' but got '{}'", type_name(sv)),
                );
                continue;
            };
            if let Some(st) = self.state(name, sobj, &sptr, machine_ql, inherited) {
                index.insert(name.clone(), states.len());
                states.push(st);
            }
        }
        // transitions
        let names: HashSet<&str> = states_obj.keys().map(String::as_str).collect();
        if let Some(s) = &start_at
            && !names.contains(s.as_str())
        {
            self.error(
                "MISSING_TRANSITION_TARGET",
                &join(ptr, "StartAt"),
                format!("Missing 'StartAt' target: {s}"),
            );
        }
        for st in &states {
            if let Some(n) = &st.next
                && !names.contains(n.as_str())
            {
                self.error(
                    "MISSING_TRANSITION_TARGET",
                    &join(&st.pointer, "Next"),
                    format!("Missing 'Next' target: {n}"),
                );
            }
            for (i, t) in st.choice_targets.iter().enumerate() {
                if !names.contains(t.as_str()) {
                    let p = format!("{}/Choices/{i}/Next", st.pointer);
                    self.error(
                        "MISSING_TRANSITION_TARGET",
                        &p,
                        format!("Missing 'Next' target: {t}"),
                    );
                }
            }
            if let Some(d) = &st.default
                && !names.contains(d.as_str())
            {
                self.error(
                    "MISSING_TRANSITION_TARGET",
                    &join(&st.pointer, "Default"),
                    format!("Missing 'Default' target: {d}"),
                );
            }
            for (i, c) in st.catch.iter().enumerate() {
                if !names.contains(c.next.as_str()) {
                    let p = format!("{}/Catch/{i}/Next", st.pointer);
                    self.error(
                        "MISSING_TRANSITION_TARGET",
                        &p,
                        format!("Missing 'Next' target: {}", c.next),
                    );
                }
            }
        }
        let errors_here = self.diags.len() > diags_before;
        if !errors_here && !states.is_empty() && !states.iter().any(|s| s.end) {
            self.error(
                "MISSING_END_STATE",
                &states_ptr,
                "The workflow has no terminal state (a state with End, or a Succeed or Fail state)"
                    .into(),
            );
        }
        // reachability
        if let Some(s) = &start_at
            && index.contains_key(s)
        {
            let mut seen: HashSet<String> = HashSet::new();
            let mut todo = vec![s.clone()];
            while let Some(n) = todo.pop() {
                if !seen.insert(n.clone()) {
                    continue;
                }
                if let Some(&i) = index.get(&n)
                    && let Some(st) = states.get(i)
                {
                    todo.extend(st.transitions().into_iter().map(|t| t.target));
                }
            }
            for st in &states {
                if !seen.contains(&st.name) {
                    let name = st.name.clone();
                    let p = st.pointer.clone();
                    self.push(
                        "MISSING_TRANSITION_TARGET",
                        Severity::Error,
                        &p,
                        format!("State \"{name}\" is not reachable."),
                        true,
                    );
                }
            }
        }
        Some(Scope { start_at: start_at?, states, index, pointer: ptr.to_owned() })
    }

    #[allow(clippy::too_many_lines)]
    fn state(
        &mut self,
        name: &str,
        obj: &Map<String, Value>,
        ptr: &str,
        machine_ql: QueryLanguage,
        inherited: QueryLanguage,
    ) -> Option<State> {
        let state_type = match obj.get("Type") {
            None => {
                self.schema(ptr, "These fields are required: [Type]".into());
                return None;
            }
            Some(v) => match v.as_str().and_then(StateType::from_name) {
                Some(t) => t,
                None => {
                    self.schema(
                        &join(ptr, "Type"),
                        format!("Value is not one of the allowed values ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] ({v})"),
                    );
                    return None;
                }
            },
        };
        let ql = match obj.get("QueryLanguage") {
            None => inherited,
            Some(v) => {
                let q = self.query_language(v, &join(ptr, "QueryLanguage")).unwrap_or(inherited);
                if machine_ql == QueryLanguage::Jsonata && q == QueryLanguage::JsonPath {
                    // wording and location recorded against AWS 2025-10-19
                    self.schema(ptr, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine".into());
                }
                q
            }
        };
        use StateType as T;
        let t = state_type;
        // fields allowed per type, and per query language
        let common: &[&str] = &["Type", "Comment", "QueryLanguage"];
        let flow: &[&str] = &["Next", "End"];
        let jsonpath_only: &[&str] = &[
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "ResultSelector",
            "Result",
            "TimeoutSecondsPath",
            "HeartbeatSecondsPath",
            "SecondsPath",
            "TimestampPath",
            "ErrorPath",
            "CausePath",
            "ItemsPath",
            "MaxConcurrencyPath",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath",
            "Iterator",
        ];
        let jsonata_only: &[&str] = &["Arguments", "Output", "Items"];
        let specific: &[&str] = match t {
            T::Pass => &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultPath",
                "Result",
                "Output",
                "Assign",
            ],
            T::Task => &[
                "Resource",
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultPath",
                "ResultSelector",
                "Arguments",
                "Output",
                "Assign",
                "TimeoutSeconds",
                "TimeoutSecondsPath",
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                "Credentials",
                "Retry",
                "Catch",
            ],
            T::Choice => &["InputPath", "OutputPath", "Output", "Assign", "Choices", "Default"],
            T::Wait => &[
                "InputPath",
                "OutputPath",
                "Output",
                "Assign",
                "Seconds",
                "SecondsPath",
                "Timestamp",
                "TimestampPath",
            ],
            T::Succeed => &["InputPath", "OutputPath", "Output"],
            T::Fail => &["Error", "ErrorPath", "Cause", "CausePath"],
            T::Parallel => &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultPath",
                "ResultSelector",
                "Arguments",
                "Output",
                "Assign",
                "Branches",
                "Retry",
                "Catch",
            ],
            T::Map => &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultPath",
                "ResultSelector",
                "Output",
                "Assign",
                "ItemProcessor",
                "Iterator",
                "ItemsPath",
                "Items",
                "ItemSelector",
                "MaxConcurrency",
                "MaxConcurrencyPath",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "ToleratedFailureCount",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
                "Label",
                "Retry",
                "Catch",
            ],
        };
        let has_flow = !matches!(t, T::Choice | T::Succeed | T::Fail);
        for key in obj.keys() {
            let k = key.as_str();
            let known =
                common.contains(&k) || specific.contains(&k) || (has_flow && flow.contains(&k));
            if !known {
                self.unsupported_field(ptr, k);
                continue;
            }
            if ql == QueryLanguage::JsonPath && jsonata_only.contains(&k) {
                self.push(
                    "SCHEMA_VALIDATION_FAILED",
                    Severity::Error,
                    &join(ptr, k),
                    format!("The QueryLanguage is set to 'JSONPath', but field '{k}' is only supported for the 'JSONata' QueryLanguage"),
                    true,
                );
            }
            if ql == QueryLanguage::Jsonata && jsonpath_only.contains(&k) {
                self.push(
                    "SCHEMA_VALIDATION_FAILED",
                    Severity::Error,
                    &join(ptr, k),
                    format!("The QueryLanguage is set to 'JSONata', but field '{k}' is only supported for the 'JSONPath' QueryLanguage"),
                    true,
                );
            }
        }
        let comment = self.opt_string(obj, ptr, "Comment");
        // Next / End
        let next = self.opt_string(obj, ptr, "Next");
        let end = match obj.get("End") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.schema(
                    &join(ptr, "End"),
                    format!("Expected value of type 'boolean' but got '{}'", type_name(v)),
                );
                false
            }
        };
        if has_flow {
            if next.is_some() && end {
                self.schema(ptr, "Only one of 'Next' or 'End' can be present".into());
            } else if next.is_none() && !end {
                self.schema(ptr, "Exactly one of 'Next' or 'End' is required".into());
            }
        }
        let end = end || matches!(t, T::Succeed | T::Fail);
        // JSONPath fields: paths
        if ql == QueryLanguage::JsonPath {
            for key in ["InputPath", "OutputPath"] {
                if let Some(v) = obj.get(key) {
                    self.check_path(v, &join(ptr, key), key, true, false);
                }
            }
            if let Some(v) = obj.get("ResultPath") {
                self.check_path(v, &join(ptr, "ResultPath"), "ResultPath", true, true);
            }
            for key in ["Parameters", "ResultSelector"] {
                if let Some(v) = obj.get(key) {
                    self.check_payload_template(v, &join(ptr, key));
                }
            }
            for key in [
                "TimeoutSecondsPath",
                "HeartbeatSecondsPath",
                "SecondsPath",
                "TimestampPath",
                "ItemsPath",
                "MaxConcurrencyPath",
                "ToleratedFailureCountPath",
                "ToleratedFailurePercentagePath",
            ] {
                if let Some(v) = obj.get(key) {
                    self.check_path(v, &join(ptr, key), key, false, true);
                }
            }
        } else {
            // JSONata: every string of the form {% … %} must parse
            for key in [
                "Arguments",
                "Output",
                "Assign",
                "Items",
                "ItemSelector",
                "Error",
                "Cause",
                "TimeoutSeconds",
                "HeartbeatSeconds",
                "Seconds",
                "Timestamp",
                "MaxConcurrency",
                "ToleratedFailureCount",
                "ToleratedFailurePercentage",
            ] {
                if let Some(v) = obj.get(key) {
                    self.check_jsonata_template(v, &join(ptr, key));
                }
            }
        }
        if let Some(v) = obj.get("Assign") {
            if !v.is_object() {
                self.schema(
                    &join(ptr, "Assign"),
                    format!("Expected value of type 'object' but got '{}'", type_name(v)),
                );
            } else if ql == QueryLanguage::JsonPath {
                self.check_payload_template(v, &join(ptr, "Assign"));
            }
        }
        // type-specific
        let mut choice_targets = Vec::new();
        let mut default = None;
        let mut branches = Vec::new();
        let mut item_processor = None;
        match t {
            T::Task => {
                match obj.get("Resource") {
                    Some(Value::String(r)) => {
                        let parts: Vec<&str> = r.split(':').collect();
                        let arn = parts.len() >= 6
                            && parts[0] == "arn"
                            && !parts[1].is_empty()
                            && !parts[2].is_empty();
                        if !arn {
                            self.error(
                                "INVALID_RESOURCE",
                                &join(ptr, "Resource"),
                                format!("Invalid resource: '{r}' is not a valid ARN"),
                            );
                        }
                    }
                    Some(v) => self.schema(
                        &join(ptr, "Resource"),
                        format!("Expected value of type 'string' but got '{}'", type_name(v)),
                    ),
                    None => self.schema(ptr, "These fields are required: [Resource]".into()),
                }
                for (k, kp) in [
                    ("TimeoutSeconds", "TimeoutSecondsPath"),
                    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
                ] {
                    if obj.contains_key(k) && obj.contains_key(kp) {
                        self.schema(ptr, format!("Only one of '{k}' or '{kp}' can be present"));
                    }
                    if let Some(v) = obj.get(k)
                        && !(v.is_string() && ql == QueryLanguage::Jsonata)
                    {
                        self.positive_int(v, &join(ptr, k), k);
                    }
                }
            }
            T::Pass => {
                if let Some(r) = obj.get("Result")
                    && looks_dynamic(r)
                {
                    self.push(
                        "PASS_RESULT_IS_STATIC",
                        Severity::Warning,
                        &join(ptr, "Result"),
                        "The Result of a Pass state is static: paths and intrinsic functions in it are not evaluated (use Parameters)".into(),
                        true,
                    );
                }
            }
            T::Choice => {
                match obj.get("Choices") {
                    Some(Value::Array(rules)) if !rules.is_empty() => {
                        for (i, r) in rules.iter().enumerate() {
                            let rp = format!("{ptr}/Choices/{i}");
                            match r.as_object() {
                                Some(ro) => {
                                    match ro.get("Next") {
                                        Some(Value::String(n)) => choice_targets.push(n.clone()),
                                        _ => self.schema(
                                            &rp,
                                            "These fields are required: [Next]".into(),
                                        ),
                                    }
                                    let problems = choice::check_rule(ro, ql, true);
                                    for (p, m) in problems {
                                        self.schema(&format!("{rp}{p}"), m);
                                    }
                                    if ql == QueryLanguage::Jsonata
                                        && let Some(c) = ro.get("Condition")
                                    {
                                        self.check_jsonata_template(c, &join(&rp, "Condition"));
                                    }
                                    for k in ["Assign", "Output"] {
                                        if let Some(v) = ro.get(k) {
                                            if ql == QueryLanguage::Jsonata {
                                                self.check_jsonata_template(v, &join(&rp, k));
                                            } else if k == "Output" {
                                                self.schema(&join(&rp, k), format!("The QueryLanguage is set to 'JSONPath', but field '{k}' is only supported for the 'JSONata' QueryLanguage"));
                                            }
                                        }
                                    }
                                }
                                None => self.schema(&rp, "Expected value of type 'object'".into()),
                            }
                        }
                    }
                    Some(_) => self.schema(
                        &join(ptr, "Choices"),
                        "'Choices' must be a non-empty array".into(),
                    ),
                    None => self.schema(ptr, "These fields are required: [Choices]".into()),
                }
                default = self.opt_string(obj, ptr, "Default");
            }
            T::Wait => {
                let n = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
                    .iter()
                    .filter(|k| obj.contains_key(**k))
                    .count();
                if n != 1 {
                    self.schema(ptr, "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required".into());
                }
                if ql == QueryLanguage::JsonPath {
                    if let Some(v) = obj.get("Seconds")
                        && v.as_u64().is_none()
                    {
                        self.schema(
                            &join(ptr, "Seconds"),
                            "'Seconds' must be a non-negative integer".into(),
                        );
                    }
                    if let Some(v) = obj.get("Timestamp")
                        && v.as_str().and_then(crate::time::parse_timestamp).is_none()
                    {
                        self.schema(&join(ptr, "Timestamp"), "'Timestamp' must be an ISO-8601 extended offset date-time format string".into());
                    }
                }
            }
            T::Succeed => {}
            T::Fail => {
                for k in ["Error", "Cause"] {
                    if ql == QueryLanguage::JsonPath
                        && let Some(Value::String(v)) = obj.get(k)
                        && (v.starts_with("$.") || v.starts_with("States."))
                    {
                        self.push(
                            "NO_PATH",
                            Severity::Warning,
                            &join(ptr, k),
                            format!("The value of '{k}' looks like a path, but the field name does not end with 'Path' (use '{k}Path')"),
                            true,
                        );
                    }
                }
                for (k, kp) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
                    if obj.contains_key(k) && obj.contains_key(kp) {
                        self.schema(ptr, format!("Only one of '{k}' or '{kp}' can be present"));
                    }
                    if ql == QueryLanguage::JsonPath {
                        self.opt_string(obj, ptr, k);
                        if let Some(v) = obj.get(kp) {
                            match v.as_str() {
                                Some(s) if s.starts_with("States.") => {
                                    if let Err(e) = crate::intrinsics::parse(s) {
                                        self.schema(&join(ptr, kp), e);
                                    }
                                }
                                _ => self.check_path(v, &join(ptr, kp), kp, false, true),
                            }
                        }
                    }
                }
            }
            T::Parallel => match obj.get("Branches") {
                Some(Value::Array(bs)) if !bs.is_empty() => {
                    for (i, b) in bs.iter().enumerate() {
                        let bp = format!("{ptr}/Branches/{i}");
                        match b.as_object() {
                            Some(bo) => {
                                if let Some(sc) =
                                    self.scope(bo, &bp, machine_ql, ql, ScopeKind::Branch)
                                {
                                    branches.push(Arc::new(sc));
                                }
                            }
                            None => self.schema(&bp, "Expected value of type 'object'".into()),
                        }
                    }
                }
                Some(_) => self
                    .schema(&join(ptr, "Branches"), "'Branches' must be a non-empty array".into()),
                None => self.schema(ptr, "These fields are required: [Branches]".into()),
            },
            T::Map => {
                let (key, proc) = match (obj.get("ItemProcessor"), obj.get("Iterator")) {
                    (Some(p), None) => ("ItemProcessor", Some(p)),
                    (None, Some(p)) => ("Iterator", Some(p)),
                    (Some(_), Some(_)) => {
                        self.schema(
                            ptr,
                            "Only one of 'ItemProcessor' or 'Iterator' can be present".into(),
                        );
                        ("ItemProcessor", None)
                    }
                    (None, None) => {
                        self.schema(ptr, "These fields are required: [ItemProcessor]".into());
                        ("ItemProcessor", None)
                    }
                };
                if let Some(p) = proc {
                    let pp = join(ptr, key);
                    match p.as_object() {
                        Some(po) => {
                            if po.contains_key("QueryLanguage") {
                                self.schema(
                                    &join(&pp, "QueryLanguage"),
                                    "Field 'QueryLanguage' is not supported".into(),
                                );
                            }
                            let inner: Map<String, Value> = po
                                .iter()
                                .filter(|(k, _)| k.as_str() != "QueryLanguage")
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            if let Some(sc) =
                                self.scope(&inner, &pp, machine_ql, ql, ScopeKind::ItemProcessor)
                            {
                                item_processor = Some(Arc::new(sc));
                            }
                        }
                        None => self.schema(&pp, "Expected value of type 'object'".into()),
                    }
                }
                if obj.contains_key("ItemsPath") && obj.contains_key("ItemReader") {
                    self.schema(
                        ptr,
                        "Only one of 'ItemsPath' or 'ItemReader' can be present".into(),
                    );
                }
                if obj.contains_key("Parameters") && obj.contains_key("ItemSelector") {
                    self.schema(
                        ptr,
                        "Only one of 'Parameters' or 'ItemSelector' can be present".into(),
                    );
                }
                if ql == QueryLanguage::JsonPath
                    && let Some(v) = obj.get("ItemSelector")
                {
                    self.check_payload_template(v, &join(ptr, "ItemSelector"));
                }
                if let Some(v) = obj.get("MaxConcurrency")
                    && !(v.is_string() && ql == QueryLanguage::Jsonata)
                    && v.as_u64().is_none()
                {
                    self.schema(
                        &join(ptr, "MaxConcurrency"),
                        "'MaxConcurrency' must be a non-negative integer".into(),
                    );
                }
            }
        }
        // Retry / Catch
        let mut retry = Vec::new();
        let mut catch = Vec::new();
        if let Some(v) = obj.get("Retry") {
            retry = self.retriers(v, &join(ptr, "Retry"));
        }
        if let Some(v) = obj.get("Catch") {
            catch = self.catchers(v, &join(ptr, "Catch"), ql);
        }
        Some(State {
            name: name.to_owned(),
            state_type,
            pointer: ptr.to_owned(),
            query_language: ql,
            comment,
            next,
            end,
            choice_targets,
            default,
            retry,
            catch,
            branches,
            item_processor,
            def: obj.clone(),
            needs_context: obj.values().any(|v| mentions_context(v, ql)),
        })
    }

    fn error_equals(&mut self, o: &Map<String, Value>, ptr: &str) -> Vec<String> {
        let mut out = Vec::new();
        match o.get("ErrorEquals") {
            Some(Value::Array(a)) if !a.is_empty() => {
                for (i, e) in a.iter().enumerate() {
                    match e.as_str() {
                        Some(s) => {
                            if s.starts_with("States.") && !errors::is_predefined(s) {
                                self.schema(&format!("{ptr}/ErrorEquals/{i}"), format!("Unrecognized error name \"{s}\": error names beginning with 'States.' are reserved"));
                            }
                            out.push(s.to_owned());
                        }
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

    fn check_all_last(&mut self, lists: &[Vec<String>], ptr: &str) {
        for (i, l) in lists.iter().enumerate() {
            if l.iter().any(|e| e == "States.ALL") && i + 1 != lists.len() {
                self.schema(
                    &format!("{ptr}/{i}/ErrorEquals"),
                    "'States.ALL' must be in the last element of the array".into(),
                );
            }
        }
    }

    fn retriers(&mut self, v: &Value, ptr: &str) -> Vec<Retrier> {
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

    fn catchers(&mut self, v: &Value, ptr: &str, ql: QueryLanguage) -> Vec<Catcher> {
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
                        self.check_jsonata_template(v, &join(&cp, k));
                    }
                }
            }
            out.push(Catcher { error_equals, next, def: o.clone() });
        }
        let lists: Vec<Vec<String>> = out.iter().map(|r| r.error_equals.clone()).collect();
        self.check_all_last(&lists, ptr);
        out
    }

    fn check_path(
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

    fn check_payload_template(&mut self, v: &Value, ptr: &str) {
        match v {
            Value::Object(m) => {
                for (k, val) in m {
                    let p = join(ptr, k);
                    if k.ends_with(".$") {
                        match val.as_str() {
                            Some(s) if s.starts_with("States.") => {
                                if let Err(e) = crate::intrinsics::parse(s) {
                                    self.error("SCHEMA_VALIDATION_FAILED", &p, format!("The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call ({e})"));
                                }
                            }
                            Some(s) if s.starts_with('$') => {
                                let body = s.strip_prefix("$$").map_or_else(|| s.to_owned(), |r| format!("${r}"));
                                if path::Path::parse(&body).is_err() && !is_variable_ref(s) {
                                    self.schema(&p, format!("The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call"));
                                }
                            }
                            _ => self.error(
                                "SCHEMA_VALIDATION_FAILED",
                                &p,
                                format!("The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call"),
                            ),
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

    fn check_jsonata_template(&mut self, v: &Value, ptr: &str) {
        match v {
            Value::String(s) => {
                if let Some(body) = jsonata_body(s) {
                    match steplab_jsonata::Expression::parse(body) {
                        Ok(e) => {
                            self.exprs.entry(body.to_owned()).or_insert_with(|| Arc::new(e));
                        }
                        Err(e) => self.error(
                            "INVALID_JSONATA_EXPRESSION",
                            ptr,
                            format!(
                                "The JSONata expression '{body}' is invalid: {} (position {})",
                                e.message, e.position
                            ),
                        ),
                    }
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    self.check_jsonata_template(x, &join(ptr, k));
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.check_jsonata_template(x, &format!("{ptr}/{i}"));
                }
            }
            _ => {}
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

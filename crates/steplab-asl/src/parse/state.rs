//! Validating and building one scope (`StartAt` + `States`) and each state in it: fields per
//! type and query language, transitions, reachability, nested branches and item processors.

use crate::fields;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::jsonata::StatesFields;
use super::{Cx, ScopeKind, check_name, join, looks_dynamic, mentions_context, type_name};
use crate::choice;
use crate::diagnostic::Severity;
use crate::model::{QueryLanguage, Scope, State, StateType};

impl Cx<'_> {
    pub(super) fn scope(
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
    pub(super) fn state(
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
        let (common, flow, jsonata_only) = (fields::COMMON, fields::FLOW, fields::JSONATA_ONLY);
        let specific = fields::specific(t);
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
            if ql == QueryLanguage::Jsonata && fields::JSONPATH_ONLY.contains(&k) {
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
                    // `$states.result` exists in Output and Assign of states that have a result
                    let fields = if matches!(key, "Output" | "Assign")
                        && matches!(t, T::Task | T::Map | T::Parallel)
                    {
                        StatesFields::Result
                    } else {
                        StatesFields::Plain
                    };
                    self.check_jsonata_template(v, &join(ptr, key), fields);
                }
            }
        }
        if let Some(v) = obj.get("Assign") {
            if !v.is_object() {
                self.schema(
                    &join(ptr, "Assign"),
                    format!("Expected value of type 'object' but got '{}'", type_name(v)),
                );
            } else {
                if ql == QueryLanguage::JsonPath {
                    self.check_payload_template(v, &join(ptr, "Assign"));
                }
                self.check_variable_names(v, &join(ptr, "Assign"), ql);
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
                                        self.check_jsonata_template(
                                            c,
                                            &join(&rp, "Condition"),
                                            StatesFields::Plain,
                                        );
                                    }
                                    if let Some(v) = ro.get("Assign") {
                                        self.check_variable_names(v, &join(&rp, "Assign"), ql);
                                    }
                                    for k in ["Assign", "Output"] {
                                        if let Some(v) = ro.get(k) {
                                            if ql == QueryLanguage::Jsonata {
                                                self.check_jsonata_template(
                                                    v,
                                                    &join(&rp, k),
                                                    StatesFields::Plain,
                                                );
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
                if ql == QueryLanguage::JsonPath
                    && let Some(v) = obj.get("Seconds")
                    && v.as_u64().is_none()
                {
                    self.schema(
                        &join(ptr, "Seconds"),
                        "'Seconds' must be a non-negative integer".into(),
                    );
                }
                // a literal Timestamp (in JSONata too, unless it is an expression) is checked at
                // creation; the format rules in `time::parse_timestamp`. AWS refuses it with
                // SCHEMA_VALIDATION_FAILED (verify: AWS's message is not recorded; these words
                // follow its TimestampPath run-time cause)
                if let Some(v) = obj.get("Timestamp")
                    && !(ql == QueryLanguage::Jsonata
                        && v.as_str().and_then(super::jsonata_body).is_some())
                    && v.as_str().and_then(crate::time::parse_timestamp).is_none()
                {
                    self.schema(
                        &join(ptr, "Timestamp"),
                        "'Timestamp' must be an ISO-8601 extended offset date-time format string"
                            .into(),
                    );
                }
            }
            T::Succeed => {}
            T::Fail => {
                for k in ["Error", "Cause"] {
                    if ql == QueryLanguage::JsonPath
                        && let Some(Value::String(v)) = obj.get(k)
                        && (v.starts_with("$.") || (v.starts_with("States.") && v.contains('(')))
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
                // `ItemsPath` beside `ItemReader` is accepted: AWS deploys its own sample
                // distributed-batch-import with both (how `ItemsPath` then applies to the items
                // read is not recorded (verify); StepLab reads no items from Amazon S3)
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
                // literal thresholds are refused at creation; SCHEMA_VALIDATION_FAILED as for
                // MaxConcurrency, in StepLab's words (verify: AWS's message is not recorded). From
                // a path or a JSONata expression they are checked at run time (exec/map_fields.rs)
                let literal = |v: &Value| !(v.is_string() && ql == QueryLanguage::Jsonata);
                if let Some(v) = obj.get("ToleratedFailureCount")
                    && literal(v)
                    && v.as_u64().is_none()
                {
                    self.schema(
                        &join(ptr, "ToleratedFailureCount"),
                        "'ToleratedFailureCount' must be a non-negative integer".into(),
                    );
                }
                if let Some(v) = obj.get("ToleratedFailurePercentage")
                    && literal(v)
                    && !v.as_f64().is_some_and(|n| (0.0..=100.0).contains(&n))
                {
                    self.schema(
                        &join(ptr, "ToleratedFailurePercentage"),
                        "'ToleratedFailurePercentage' must be a number between 0 and 100".into(),
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
        let next_name = next.as_deref().map(Arc::from);
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
            next_name,
            keys: crate::model::Key::bits(obj),
            templates: if ql == QueryLanguage::JsonPath {
                crate::model::Templates::of(obj, state_type == StateType::Map)
            } else {
                crate::model::Templates::default()
            },
            choices: if state_type == StateType::Choice && ql == QueryLanguage::JsonPath {
                choice::compile_choices(obj.get("Choices"))
            } else {
                Vec::new()
            },
            fixed_arguments: state_type == StateType::Task
                && ql == QueryLanguage::JsonPath
                && !obj
                    .get("Resource")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.ends_with(".waitForTaskToken"))
                && ["InputPath", "Parameters", "TimeoutSecondsPath", "HeartbeatSecondsPath"]
                    .iter()
                    .filter_map(|k| obj.get(*k))
                    .all(|v| !mentions_context(v, ql) && !super::mentions_random(v)),
        })
    }
}

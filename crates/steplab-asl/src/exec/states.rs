//! What each state type does with its input: the JSONPath pipeline (`InputPath` → `Parameters` →
//! … → `ResultSelector` → `ResultPath` → `OutputPath`), the JSONata one (`Arguments` → … →
//! `Output`, `Assign`), choices and waits (Parallel and Map are in `children`).

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Execution;
use super::fiber::{Active, Flow, Wait};
use crate::choice;
use crate::errors::StatesError;
use crate::model::{Catcher, Key, QueryLanguage, State, StateType};
use crate::path::member;
use crate::payload::{self, Jsonata, Lookup};
use crate::time::parse_timestamp;

pub(crate) const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";

pub(crate) fn runtime_at(a: &Active, e: StatesError) -> StatesError {
    let prefixed = e.error == crate::errors::RUNTIME || e.error == QUERY_EVALUATION_ERROR;
    if prefixed && !e.cause.starts_with("An error occurred while executing") {
        StatesError {
            cause: format!(
                "An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                a.name, a.entered_id, e.cause
            ),
            ..e
        }
    } else {
        e
    }
}

impl Execution {
    pub(crate) fn fiber_vars(&self, f: usize) -> Map<String, Value> {
        // most machines assign no variables: an empty map costs nothing to make
        match self.fibers.get(f) {
            Some(x) if !x.vars.is_empty() => x.vars.clone(),
            _ => Map::new(),
        }
    }

    /// The scope and index of the state `a` is in.
    pub(crate) fn state_at(
        &self,
        f: usize,
        a: &Active,
    ) -> Option<(Arc<crate::model::Scope>, usize)> {
        let scope = self.fibers.get(f).map(|x| Arc::clone(&x.scope))?;
        Some((scope, a.index))
    }

    /// `InputPath` / `OutputPath`: `null` gives `{}`, absent gives the value itself.
    pub(crate) fn apply_path<'v>(
        field: Option<&Value>,
        value: &'v Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Cow<'v, Value>, StatesError> {
        match field {
            None => Ok(Cow::Borrowed(value)),
            Some(Value::Null) => Ok(Cow::Owned(json!({}))),
            Some(Value::String(p)) => match payload::resolve(p, value, ctx, vars) {
                Ok(v) => Ok(Cow::Owned(v)),
                Err(Lookup::Missing) => Err(StatesError::runtime(format!(
                    "Invalid path '{p}' : No results for path: {}",
                    payload::canonical(p)
                ))),
                Err(Lookup::Invalid(e)) => {
                    Err(StatesError::runtime(format!("Invalid path '{p}' : {e}")))
                }
            },
            Some(other) => Err(StatesError::runtime(format!("Invalid path {other}"))),
        }
    }

    /// [`Execution::apply_path`] on a value the caller owns (no copy when there is no path).
    pub(crate) fn apply_path_owned(
        field: Option<&Value>,
        value: Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Value, StatesError> {
        match field {
            None => Ok(value),
            _ => Self::apply_path(field, &value, ctx, vars).map(Cow::into_owned),
        }
    }

    /// `ResultPath`: where the result goes in the raw input.
    pub(crate) fn result_path(
        field: Option<&Value>,
        raw: &Value,
        result: Value,
    ) -> Result<Value, StatesError> {
        match field {
            None => Ok(result),
            Some(Value::Null) => Ok(raw.clone()),
            Some(Value::String(p)) => {
                let path = crate::path::Path::parse(p).map_err(StatesError::runtime)?;
                path.set_copy(raw, result).map_err(|_| {
                    StatesError::new(
                        "States.ResultPathMatchFailure",
                        format!("Unable to apply ResultPath \"{p}\" to input \"{raw}\""),
                    )
                })
            }
            Some(other) => Err(StatesError::runtime(format!("Invalid ResultPath {other}"))),
        }
    }

    /// A payload template taken apart beforehand, for `input`.
    pub(crate) fn expand_t(
        &mut self,
        template: &crate::payload::Template,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Value, StatesError> {
        let mut scope = payload::Scope { input, context: ctx, vars, rng: &mut self.rng };
        template.expand(&mut scope)
    }

    /// A state's own `Assign` (JSONPath), taken apart beforehand.
    pub(crate) fn assign_t(
        &mut self,
        assign: Option<&crate::payload::Template>,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Option<Map<String, Value>>, StatesError> {
        let Some(t) = assign else { return Ok(None) };
        Ok(into_object(self.expand_t(t, input, ctx, vars)?))
    }

    pub(crate) fn expand(
        &mut self,
        template: &Value,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Value, StatesError> {
        let mut scope = payload::Scope { input, context: ctx, vars, rng: &mut self.rng };
        payload::expand(template, &mut scope)
    }

    pub(crate) fn jsonata<'a>(
        &mut self,
        states: Value,
        vars: &'a Map<String, Value>,
    ) -> Jsonata<'a> {
        #[allow(clippy::cast_possible_wrap)]
        let seed = self.rng.next_u64() as i64;
        Jsonata {
            states,
            vars,
            cache: Arc::clone(&self.machine.expressions),
            now_millis: self.now,
            seed,
        }
    }

    /// JSONPath `Assign` (values may use `.$` paths against `input`), given the field's template.
    pub(crate) fn assign_jsonpath(
        &mut self,
        assign: Option<&Value>,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Option<Map<String, Value>>, StatesError> {
        let Some(t) = assign else { return Ok(None) };
        Ok(into_object(self.expand(t, input, ctx, vars)?))
    }

    pub(crate) fn assign_jsonata(
        def: &Map<String, Value>,
        j: &Jsonata<'_>,
    ) -> Result<Option<Map<String, Value>>, StatesError> {
        match member(def, "Assign") {
            None => Ok(None),
            Some(t) => match j.eval(t, "Assign")? {
                Value::Object(m) => Ok(Some(m)),
                _ => Err(StatesError::new(
                    QUERY_EVALUATION_ERROR,
                    "The field 'Assign' must evaluate to an object",
                )
                .at("Assign")),
            },
        }
    }

    pub(crate) fn execute(&mut self, f: usize, mut a: Box<Active>) -> Flow {
        let Some((scope, i)) = self.state_at(f, &a) else {
            return Flow::Finish(Err(StatesError::runtime(format!(
                "The state '{}' does not exist",
                a.name
            ))));
        };
        let Some(state) = scope.states.get(i) else {
            return Flow::Finish(Err(StatesError::runtime("no such state")));
        };
        if state.state_type == StateType::Task
            && matches!(a.wait, Wait::Start)
            && state
                .get(Key::Resource)
                .and_then(Value::as_str)
                .is_some_and(|r| r.ends_with(".waitForTaskToken"))
        {
            a.task_token = Some(self.task_token());
        }
        match self.execute_state(f, a, state) {
            Flow::Error { active, err } => {
                let err = runtime_at(&active, err);
                Flow::Error { active, err }
            }
            other => other,
        }
    }

    #[allow(clippy::too_many_lines)]
    fn execute_state(&mut self, f: usize, mut a: Box<Active>, state: &State) -> Flow {
        let ctx = self.context(f, &a);
        let vars = self.fiber_vars(f);
        let ql = state.query_language;
        let def = &state.def;
        // only a state that exits needs its `Next` (a Task waiting or retrying does not)
        let next = || if state.end { None } else { state.next_name.clone() };
        macro_rules! tryf {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(err) => return Flow::Error { active: a, err },
                }
            };
        }
        self.inspect(f, "input", &a.input);
        match state.state_type {
            StateType::Pass => {
                if ql == QueryLanguage::Jsonata {
                    let j = self.jsonata(json!({"input": *a.input, "context": ctx}), &vars);
                    let output = tryf!(
                        state
                            .get(Key::Output)
                            .map_or_else(|| Ok(Value::clone(&a.input)), |o| j.eval(o, "Output"))
                    );
                    let assigned = tryf!(Self::assign_jsonata(def, &j));
                    return Flow::Exit {
                        active: a,
                        output: Arc::new(output),
                        assigned,
                        next: next(),
                    };
                }
                let input = Arc::clone(&a.input);
                let eff = tryf!(Self::apply_path(state.get(Key::InputPath), &input, &ctx, &vars));
                self.inspect(f, "afterInputPath", &eff);
                let result = if let Some(p) = &state.templates.parameters {
                    let r = tryf!(self.expand_t(p, &eff, &ctx, &vars));
                    self.inspect(f, "afterParameters", &r);
                    r
                } else if let Some(r) = state.get(Key::Result) {
                    r.clone()
                } else {
                    eff.into_owned()
                };
                self.inspect(f, "result", &result);
                let assigned =
                    tryf!(self.assign_t(state.templates.assign.as_ref(), &result, &ctx, &vars));
                let out = tryf!(Self::result_path(state.get(Key::ResultPath), &a.input, result));
                self.inspect(f, "afterResultPath", &out);
                let output =
                    tryf!(Self::apply_path_owned(state.get(Key::OutputPath), out, &ctx, &vars));
                Flow::Exit { active: a, output: Arc::new(output), assigned, next: next() }
            }
            StateType::Succeed => {
                if ql == QueryLanguage::Jsonata {
                    let j = self.jsonata(json!({"input": *a.input, "context": ctx}), &vars);
                    let output = tryf!(
                        state
                            .get(Key::Output)
                            .map_or_else(|| Ok(Value::clone(&a.input)), |o| j.eval(o, "Output"))
                    );
                    return Flow::Exit {
                        active: a,
                        output: Arc::new(output),
                        assigned: None,
                        next: None,
                    };
                }
                let input = Arc::clone(&a.input);
                let eff = tryf!(Self::apply_path(state.get(Key::InputPath), &input, &ctx, &vars));
                let output = match (&eff, state.get(Key::OutputPath)) {
                    (Cow::Borrowed(_), None) => input,
                    _ => Arc::new(tryf!(Self::apply_path_owned(
                        state.get(Key::OutputPath),
                        eff.into_owned(),
                        &ctx,
                        &vars
                    ))),
                };
                Flow::Exit { active: a, output, assigned: None, next: None }
            }
            StateType::Fail => {
                let r = self.fail_fields(def, ql, &a.input, &ctx, &vars);
                match r {
                    Ok(e) => Flow::Finish(Err(e)),
                    Err(e) => Flow::Finish(Err(runtime_at(&a, e))),
                }
            }
            StateType::Choice => {
                let r = self.choose(state, &a, &ctx, &vars);
                match r {
                    Ok((output, assigned, next)) => {
                        Flow::Exit { active: a, output, assigned, next: Some(next) }
                    }
                    Err(e) => Flow::Finish(Err(runtime_at(&a, e))),
                }
            }
            StateType::Wait => {
                if matches!(a.wait, Wait::Resume) {
                    if ql == QueryLanguage::Jsonata {
                        let j = self.jsonata(json!({"input": *a.input, "context": ctx}), &vars);
                        let output =
                            tryf!(state.get(Key::Output).map_or_else(
                                || Ok(Value::clone(&a.input)),
                                |o| j.eval(o, "Output")
                            ));
                        let assigned = tryf!(Self::assign_jsonata(def, &j));
                        return Flow::Exit {
                            active: a,
                            output: Arc::new(output),
                            assigned,
                            next: next(),
                        };
                    }
                    let input = Arc::clone(&a.input);
                    let eff =
                        tryf!(Self::apply_path(state.get(Key::InputPath), &input, &ctx, &vars));
                    let assigned =
                        tryf!(self.assign_t(state.templates.assign.as_ref(), &eff, &ctx, &vars));
                    let output =
                        tryf!(Self::apply_path(state.get(Key::OutputPath), &eff, &ctx, &vars));
                    let output = Arc::new(output.into_owned());
                    return Flow::Exit { active: a, output, assigned, next: next() };
                }
                let until = match self.wait_until(def, ql, &a.input, &ctx, &vars) {
                    Ok(u) => u,
                    Err(e) => return Flow::Finish(Err(runtime_at(&a, e))),
                };
                if until <= self.now {
                    a.wait = Wait::Resume;
                    return self.execute_state(f, a, state);
                }
                a.wait = Wait::Timer { until };
                self.arm_timer(f, until);
                Flow::Block(a)
            }
            StateType::Task => {
                if let Some(plan) = a.plan.clone() {
                    return self.hand_out(f, a, &plan);
                }
                let args = if ql == QueryLanguage::Jsonata {
                    let j = self.jsonata(json!({"input": *a.input, "context": ctx}), &vars);
                    let args = tryf!(
                        state
                            .get(Key::Arguments)
                            .map_or_else(|| Ok(Value::clone(&a.input)), |t| j.eval(t, "Arguments"))
                    );
                    self.inspect(f, "afterArguments", &args);
                    args
                } else {
                    let input = Arc::clone(&a.input);
                    let eff =
                        tryf!(Self::apply_path(state.get(Key::InputPath), &input, &ctx, &vars));
                    self.inspect(f, "afterInputPath", &eff);
                    match &state.templates.parameters {
                        Some(p) => {
                            let r = tryf!(self.expand_t(p, &eff, &ctx, &vars));
                            self.inspect(f, "afterParameters", &r);
                            r
                        }
                        None => eff.into_owned(),
                    }
                };
                self.schedule(f, a, state, args, &ctx, &vars)
            }
            StateType::Parallel | StateType::Map => self.start_children(f, a, state, &ctx, &vars),
        }
    }

    /// The state's result is in: `ResultSelector` → `ResultPath` → `OutputPath`, or `Output`.
    pub(crate) fn finish_with_result(&mut self, f: usize, a: Box<Active>, result: Value) -> Flow {
        let Some((scope, i)) = self.state_at(f, &a) else {
            return Flow::Finish(Err(StatesError::runtime("no such state")));
        };
        let Some(state) = scope.states.get(i) else {
            return Flow::Finish(Err(StatesError::runtime("no such state")));
        };
        let ctx = self.context(f, &a);
        let vars = self.fiber_vars(f);
        let def = &state.def;
        let next = if state.end { None } else { state.next_name.clone() };
        self.inspect(f, "result", &result);
        let r = if state.query_language == QueryLanguage::Jsonata {
            let j =
                self.jsonata(json!({"input": *a.input, "context": ctx, "result": result}), &vars);
            state
                .get(Key::Output)
                .map_or_else(|| Ok(result.clone()), |o| j.eval(o, "Output"))
                .and_then(|output| Ok((output, Self::assign_jsonata(def, &j)?)))
        } else {
            (|| {
                let selected = match &state.templates.result_selector {
                    Some(t) => {
                        let r = self.expand_t(t, &result, &ctx, &vars)?;
                        self.inspect(f, "afterResultSelector", &r);
                        r
                    }
                    None => result,
                };
                let assigned =
                    self.assign_t(state.templates.assign.as_ref(), &selected, &ctx, &vars)?;
                let out = Self::result_path(state.get(Key::ResultPath), &a.input, selected)?;
                self.inspect(f, "afterResultPath", &out);
                let output = Self::apply_path_owned(state.get(Key::OutputPath), out, &ctx, &vars)?;
                Ok((output, assigned))
            })()
        };
        match r {
            Ok((output, assigned)) => {
                Flow::Exit { active: a, output: Arc::new(output), assigned, next }
            }
            Err(e) => {
                let err = runtime_at(&a, e);
                Flow::Error { active: a, err }
            }
        }
    }

    /// The output of a catcher: `ResultPath` (JSONPath) or `Output` (JSONata), and its `Assign`.
    pub(crate) fn catch_output(
        &mut self,
        f: usize,
        a: &Active,
        c: &Catcher,
        ql: QueryLanguage,
        error_output: Value,
    ) -> Result<(Value, Option<Map<String, Value>>), StatesError> {
        let ctx = self.context(f, a);
        let vars = self.fiber_vars(f);
        if ql == QueryLanguage::Jsonata {
            let j = self.jsonata(
                json!({"input": *a.input, "context": ctx, "errorOutput": error_output}),
                &vars,
            );
            let output = c
                .def
                .get("Output")
                .map_or_else(|| Ok(error_output.clone()), |o| j.eval(o, "Output"))?;
            let assigned = Self::assign_jsonata(&c.def, &j)?;
            return Ok((output, assigned));
        }
        let assigned =
            self.assign_jsonpath(member(&c.def, "Assign"), &error_output, &ctx, &vars)?;
        let output = Self::result_path(member(&c.def, "ResultPath"), &a.input, error_output)?;
        Ok((output, assigned))
    }

    fn fail_fields(
        &mut self,
        def: &Map<String, Value>,
        ql: QueryLanguage,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<StatesError, StatesError> {
        let mut out = [String::new(), String::new()];
        for (slot, (k, kp)) in out.iter_mut().zip([("Error", "ErrorPath"), ("Cause", "CausePath")])
        {
            if ql == QueryLanguage::Jsonata {
                if let Some(t) = member(def, k) {
                    let j = self.jsonata(json!({"input": input, "context": ctx}), vars);
                    match j.eval(t, k)? {
                        Value::String(s) => *slot = s,
                        // AWS's wording for a non-string result is not recorded (verify)
                        other => {
                            return Err(StatesError::new(
                                QUERY_EVALUATION_ERROR,
                                format!(
                                    "The value of the field '{k}' must be a string, but was {other}"
                                ),
                            )
                            .at(k));
                        }
                    }
                }
                continue;
            }
            if let Some(Value::String(s)) = member(def, k) {
                *slot = s.clone();
            } else if let Some(Value::String(p)) = member(def, kp) {
                let v = if p.starts_with("States.") {
                    // a path missing inside the call names the field as for a missing ErrorPath
                    // (verify: not recorded for a call)
                    let mut scope =
                        payload::Scope { input, context: ctx, vars, rng: &mut self.rng };
                    payload::eval_call(p, kp, &mut scope)?
                } else {
                    match payload::resolve(p, input, ctx, vars) {
                        Ok(v) => v,
                        // recorded against AWS (a path to the context object or a variable
                        // is worded the same here, with the state input (verify))
                        Err(_) => {
                            return Err(StatesError::runtime(format!(
                                "The JSONPath '{p}' specified for the field '{kp}' could not be found in the input '{input}'"
                            )));
                        }
                    }
                };
                match v {
                    Value::String(s) => *slot = s,
                    // AWS's answer to a path to a non-string is not recorded (verify)
                    other => {
                        return Err(StatesError::runtime(format!(
                            "The {kp} '{p}' must resolve to a string, but was {other}"
                        )));
                    }
                }
            }
        }
        let [error, cause] = out;
        Ok(StatesError::new(error, cause))
    }

    #[allow(clippy::type_complexity)]
    fn choose(
        &mut self,
        state: &State,
        a: &Active,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<(Arc<Value>, Option<Map<String, Value>>, Arc<str>), StatesError> {
        let def = &state.def;
        let rules: &[Value] =
            member(def, "Choices").and_then(Value::as_array).map_or(&[], Vec::as_slice);
        if state.query_language == QueryLanguage::Jsonata {
            let j = self.jsonata(json!({"input": *a.input, "context": ctx}), vars);
            let mut chosen: Option<(Option<&Value>, Option<&Value>, &str)> = None;
            for (i, r) in rules.iter().enumerate() {
                let cond = r.get("Condition").cloned().unwrap_or(Value::Bool(false));
                let field = format!("Choices[{i}]/Condition");
                let v = if cond.is_boolean() { cond } else { j.eval(&cond, &field)? };
                match v {
                    Value::Bool(true) => {
                        let n = r.get("Next").and_then(Value::as_str).unwrap_or_default();
                        chosen = Some((r.get("Output"), r.get("Assign"), n));
                        break;
                    }
                    Value::Bool(false) => {}
                    other => {
                        return Err(StatesError::new(
                            QUERY_EVALUATION_ERROR,
                            format!(
                                "The Condition of choice rule {i} must evaluate to a boolean, but returned {other}"
                            ),
                        )
                        .at(field));
                    }
                }
            }
            let matched = chosen.is_some();
            let (out_t, assign_t, next) = match chosen {
                Some(c) => c,
                None => match &state.default {
                    Some(d) => (None, None, d.as_str()),
                    None => return Err(no_choice()),
                },
            };
            // like Assign: a matching rule's Output, else (Default) the state's Output (recorded:
            // LocalStack outputdecl/test_output, test_output_in_choice, 2024-12-27)
            let out_t = if matched { out_t } else { state.get(Key::Output) };
            let output = match out_t {
                None => Arc::clone(&a.input),
                Some(o) => Arc::new(j.eval(o, "Output")?),
            };
            // a matching rule's Assign, else (Default) the state's Assign, as recorded against AWS
            // (LocalStack assign/test_assign_base, test_assign_in_choice, 2024-12-27)
            let assigned = match (matched, assign_t) {
                (true, Some(t)) => match j.eval(t, "Assign")? {
                    Value::Object(m) => Some(m),
                    _ => None,
                },
                (true, None) => None,
                (false, _) => Self::assign_jsonata(def, &j)?,
            };
            return Ok((output, assigned, self.intern(next)));
        }
        let eff = Self::apply_path(state.get(Key::InputPath), &a.input, ctx, vars)?;
        let mut next = None;
        let mut rule_assign = None;
        for c in &state.choices {
            if choice::eval(&c.rule, &eff, ctx, vars)? {
                next = c.next.clone();
                rule_assign = c.assign.as_ref();
                break;
            }
        }
        let matched = next.is_some();
        let next = match next {
            Some(n) => n,
            None => match state.default.as_deref() {
                Some(d) => self.intern(d),
                None => return Err(no_choice()),
            },
        };
        // a matching rule's Assign, else (Default) the state's Assign, as recorded against AWS
        let assigned = match (matched, rule_assign) {
            (true, Some(t)) => match self.expand_t(t, &eff, ctx, vars)? {
                Value::Object(m) => Some(m),
                _ => None,
            },
            (true, None) => None,
            (false, _) => self.assign_t(state.templates.assign.as_ref(), &eff, ctx, vars)?,
        };
        let output = match (&eff, state.get(Key::OutputPath)) {
            (Cow::Borrowed(_), None) => Arc::clone(&a.input),
            _ => Arc::new(
                Self::apply_path(state.get(Key::OutputPath), &eff, ctx, vars)?.into_owned(),
            ),
        };
        Ok((output, assigned, next))
    }

    fn wait_until(
        &mut self,
        def: &Map<String, Value>,
        ql: QueryLanguage,
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<i64, StatesError> {
        let secs = |v: &Value, field: &str| -> Result<i64, StatesError> {
            v.as_u64()
                .and_then(|n| i64::try_from(n).ok())
                .filter(|n| *n <= 99_999_999)
                .map(|n| n * 1000)
                .ok_or_else(|| StatesError::runtime(format!("The value of the field '{field}' must be a non-negative integer, but was {v}")))
        };
        let ts = |v: &Value, field: &str| -> Result<i64, StatesError> {
            v.as_str().and_then(parse_timestamp).ok_or_else(|| {
                StatesError::runtime(format!("The value of the field '{field}' must be an ISO-8601 extended offset date-time format string, but was {v}"))
            })
        };
        if ql == QueryLanguage::Jsonata {
            let j = self.jsonata(json!({"input": input, "context": ctx}), vars);
            if let Some(t) = member(def, "Seconds") {
                let v = j.eval(t, "Seconds")?;
                return secs(&v, "Seconds").map(|ms| self.now + ms);
            }
            if let Some(t) = member(def, "Timestamp") {
                let v = j.eval(t, "Timestamp")?;
                // an evaluation failure, not States.Runtime (LocalStack PR #12074 notes AWS raises
                // a JSONata evaluation error for an invalid computed Timestamp); the cause words
                // it as the TimestampPath cause recorded against AWS, with the expression as
                // written in place of the path (verify)
                return v.as_str().and_then(parse_timestamp).ok_or_else(|| {
                    let shown = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                    let expr = t.as_str().unwrap_or_default();
                    StatesError::new(
                        QUERY_EVALUATION_ERROR,
                        format!("The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time format string: {expr} == {shown}"),
                    )
                });
            }
            return Ok(self.now);
        }
        let eff = Self::apply_path(member(def, "InputPath"), input, ctx, vars)?;
        if let Some(v) = member(def, "Seconds") {
            return secs(v, "Seconds").map(|ms| self.now + ms);
        }
        if let Some(v) = member(def, "Timestamp") {
            return ts(v, "Timestamp");
        }
        for (k, is_secs) in [("SecondsPath", true), ("TimestampPath", false)] {
            if let Some(Value::String(p)) = member(def, k) {
                let v = payload::resolve(p, &eff, ctx, vars).map_err(|_| {
                    StatesError::runtime(if is_secs {
                        // LocalStack's SecondsPath wording (asl/component/state/state_wait/
                        // wait_function/seconds_path.py)
                        format!("The SecondsPath parameter does not reference an input value: {p}")
                    } else {
                        format!(
                            "Invalid path '{p}' : No results for path: {}",
                            payload::canonical(p)
                        )
                    })
                })?;
                let shown = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                // TimestampPath: wording recorded against AWS (LocalStack base/test_wait,
                // 2023-12-11). SecondsPath: the two sentences of LocalStack's SecondsPath
                // (asl/component/state/state_wait/wait_function/seconds_path.py), which it
                // words after AWS as it does the TimestampPath one: not an integer, negative
                return if is_secs {
                    secs(&v, k).map(|ms| self.now + ms).map_err(|_| {
                        let why = if v.as_i64().is_some_and(|n| n < 0) {
                            "references a negative value"
                        } else {
                            "cannot be parsed as a long value"
                        };
                        StatesError::runtime(format!(
                            "The SecondsPath parameter {why}: {p} == {shown}"
                        ))
                    })
                } else {
                    ts(&v, k).map_err(|_| {
                        StatesError::runtime(format!(
                            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {p} == {shown}"
                        ))
                    })
                };
            }
        }
        Ok(self.now)
    }
}

fn no_choice() -> StatesError {
    StatesError::new("States.NoChoiceMatched", "No Matches!")
}

/// An `Assign` field's value as the variables it assigns (a field that is not an object assigns none).
fn into_object(value: Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

//! Parallel branches and Map iterations: the state's effective input, items, `ItemSelector`,
//! `ItemBatcher`, concurrency, tolerated failures, and the children's ends.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Execution;
use super::fiber::{Active, Fiber, Flow, Kids, MapRun, Run, Wait};
use super::map_fields::{self, Tolerance};
use super::map_run::{MapRunStatus, Sink};
use super::result_writer;
use crate::errors::StatesError;
use crate::model::{Key, QueryLanguage, State, StateType};
use crate::path::member;
use crate::payload;

/// How a Parallel or Map state runs its children, settled before their inputs are known (a
/// Distributed Map with an `ItemReader` reads them after the Map Run has started).
pub(crate) struct Launch {
    pub parallel: bool,
    pub max: usize,
    pub started_id: u64,
    pub distributed: bool,
    pub tolerated_count: Option<u64>,
    pub tolerated_percentage: Option<f64>,
    pub map_run: Option<MapRun>,
}

impl Execution {
    #[allow(clippy::too_many_lines)]
    pub(crate) fn start_children(
        &mut self,
        f: usize,
        a: Box<Active>,
        state: &State,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Flow {
        let def = &state.def;
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        let parallel = state.state_type == StateType::Parallel;
        macro_rules! tryf {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(err) => return Flow::Error { active: a, err },
                }
            };
        }
        // the effective input (borrowed from the state's input unless a field makes a new one)
        let input = Arc::clone(&a.input);
        let eff: Cow<'_, Value> = if jsonata {
            match state.get(Key::Arguments) {
                Some(t) if parallel => {
                    let j = self.jsonata(json!({"input": *a.input, "context": ctx}), vars);
                    Cow::Owned(tryf!(j.eval(t, "Arguments")))
                }
                _ => Cow::Borrowed(&*input),
            }
        } else {
            let eff = tryf!(Self::apply_path(state.get(Key::InputPath), &input, ctx, vars));
            match &state.templates.parameters {
                Some(p) if parallel => Cow::Owned(tryf!(self.expand_t(p, &eff, ctx, vars))),
                _ => eff,
            }
        };
        if jsonata {
            if parallel && state.get(Key::Arguments).is_some() {
                self.inspect(f, "afterArguments", &eff);
            }
        } else {
            self.inspect(f, "afterInputPath", &eff);
            if parallel && state.templates.parameters.is_some() {
                self.inspect(f, "afterParameters", &eff);
            }
        }
        let mut inputs: Vec<Value> = Vec::new();
        let mut max = 0usize;
        // inputs that are the state's input or parts of it need no size check
        let mut inputs_checked = parallel && matches!(eff, Cow::Borrowed(_));
        // every branch gets the same input: one shared value
        let branch_input = parallel.then(|| match &eff {
            // no InputPath or Parameters: the state's own input, not a copy
            Cow::Borrowed(_) => Arc::clone(&input),
            Cow::Owned(v) => Arc::new(v.clone()),
        });
        let reader = !parallel && def.contains_key("ItemReader");
        if parallel {
            inputs = vec![Value::Null; state.branches.len()];
        } else {
            if !reader {
                // the items, copied once each as they become iteration inputs
                let items: Cow<'_, Value> = if jsonata {
                    match member(def, "Items") {
                        Some(t) => {
                            let j = self.jsonata(json!({"input": *a.input, "context": ctx}), vars);
                            Cow::Owned(tryf!(j.eval(t, "Items")))
                        }
                        None => Cow::Borrowed(&*input),
                    }
                } else {
                    match state.get(Key::ItemsPath) {
                        Some(Value::String(p)) => match payload::resolve_ref(p, &eff, ctx, vars) {
                            Some(v) => Cow::Borrowed(v),
                            None => Cow::Owned(tryf!(
                                payload::resolve(p, &eff, ctx, vars).map_err(|_| {
                                    StatesError::runtime(format!(
                                        "Invalid path '{p}' : No results for path: {}",
                                        payload::canonical(p)
                                    ))
                                })
                            )),
                        },
                        _ => Cow::Borrowed(&*eff),
                    }
                };
                let items_borrowed =
                    matches!(eff, Cow::Borrowed(_)) && matches!(items, Cow::Borrowed(_));
                let Value::Array(items) = &*items else {
                    let err = match member(def, "Items") {
                        Some(t) if jsonata => map_fields::items_not_array(t, &items),
                        // the JSONata state's input when it has no Items (verify)
                        _ if jsonata => {
                            map_fields::items_not_array(&json!("{% $states.input %}"), &items)
                        }
                        // no recorded AWS run gives this cause: StepLab's wording (verify)
                        _ => StatesError::runtime(format!(
                            "Map state input must be an array but was: {items}"
                        )),
                    };
                    return Flow::Error { active: a, err };
                };
                if !jsonata && state.get(Key::ItemsPath).is_some() {
                    self.inspect(f, "afterItemsPath", &Value::Array(items.clone()));
                }
                inputs = tryf!(self.item_inputs(f, state, &a.input, &eff, ctx, vars, items));
                inputs_checked = items_borrowed
                    && state
                        .get(Key::ItemSelector)
                        .or_else(|| state.get(Key::Parameters))
                        .is_none()
                    && !def.contains_key("ItemBatcher");
            }
            // MaxConcurrency
            max = match (member(def, "MaxConcurrency"), member(def, "MaxConcurrencyPath")) {
                (Some(v), _) => {
                    let v = if jsonata {
                        let j = self.jsonata(json!({"input": *a.input, "context": ctx}), vars);
                        tryf!(j.eval(v, "MaxConcurrency"))
                    } else {
                        v.clone()
                    };
                    usize::try_from(v.as_u64().unwrap_or(0)).unwrap_or(0)
                }
                (None, Some(Value::String(p))) => {
                    let v =
                        tryf!(Self::apply_path(Some(&Value::String(p.clone())), &eff, ctx, vars));
                    usize::try_from(v.as_u64().unwrap_or(0)).unwrap_or(0)
                }
                _ => 0,
            };
            if member(def, "MaxConcurrency").is_some()
                || member(def, "MaxConcurrencyPath").is_some()
            {
                self.inspect_value(f, "maxConcurrency", json!(max));
            }
        }
        let distributed = !parallel
            && def
                .get("ItemProcessor")
                .and_then(|p| p.get("ProcessorConfig"))
                .and_then(|c| c.get("Mode"))
                .and_then(Value::as_str)
                == Some("DISTRIBUTED");
        let started_kind = if parallel { "ParallelStateStarted" } else { "MapStateStarted" };
        // with an ItemReader the Map Run reads the items after the state has started: AWS records
        // MapStateStarted with length 0 (LocalStack's state_map.py, recorded against AWS)
        let details = if parallel { Value::Null } else { json!({"length": inputs.len()}) };
        let mut started_id = self.emit(Some(f), started_kind, details);
        // the thresholds are read after MapStateStarted, and a bad one ends the execution there
        // (States.Runtime, no MapStateFailed), as LocalStack's AWS-recorded tests show it
        // (state_map.py: "Tolerance is evaluated only after the state start event")
        let mut tolerated = [None, None];
        if !parallel {
            for (slot, which) in tolerated.iter_mut().zip([Tolerance::Count, Tolerance::Percentage])
            {
                let key = which.field();
                let path_key = format!("{key}Path");
                let checked = match (member(def, key), member(def, &path_key)) {
                    (Some(t), _) if jsonata => {
                        let j = self.jsonata(json!({"input": *a.input, "context": ctx}), vars);
                        let v = tryf!(j.eval(t, key));
                        map_fields::threshold(which, &v, None, Some(t))
                    }
                    (Some(v), _) => Ok(v.as_f64().unwrap_or(0.0)),
                    (None, Some(Value::String(p))) => {
                        let v = tryf!(Self::apply_path(
                            Some(&Value::String(p.clone())),
                            &eff,
                            ctx,
                            vars
                        ));
                        map_fields::threshold(which, &v, Some(p), None)
                    }
                    _ => continue,
                };
                match checked {
                    Ok(n) => {
                        *slot = Some(n);
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let (name, shown) = match which {
                            Tolerance::Count => ("toleratedFailureCount", json!(n as u64)),
                            Tolerance::Percentage => ("toleratedFailurePercentage", json!(n)),
                        };
                        self.inspect_value(f, name, shown);
                    }
                    Err(e) if e.error == crate::errors::RUNTIME => {
                        // the cause as is: not prefixed with the state's name
                        self.mark_failed_in(f, a.state_type);
                        return Flow::Finish(Err(e));
                    }
                    Err(err) => return Flow::Error { active: a, err },
                }
            }
        }
        let mut map_run = None;
        // a redrive of a Map Run that did not succeed: the same Map Run goes on
        let redriven = self
            .fibers
            .get(f)
            .and_then(|x| x.redrive_kids.as_ref())
            .filter(|k| k.distributed)
            .and_then(|k| k.map_run.clone());
        if let Some(run) = redriven.filter(|_| distributed) {
            started_id = self.map_run_redriven(f, &run);
            map_run = Some(run);
        } else if distributed {
            let label = member(def, "Label").and_then(Value::as_str).unwrap_or(&a.name).to_owned();
            let id = self.rng.uuid_v4();
            let machine = format!("{}/{label}", self.start.state_machine_name);
            let arn = format!(
                "arn:aws:states:{}:{}:mapRun:{machine}:{id}",
                self.start.region, self.start.account
            );
            started_id = self.emit(Some(f), "MapRunStarted", json!({"mapRunArn": arn}));
            let mut run = MapRun { arn, id, machine, index: 0 };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let index = self.map_run_started(
                f,
                &run,
                &a.name,
                max as u64,
                tolerated[0].map(|c| c as u64),
                tolerated[1],
            );
            run.index = index;
            map_run = Some(run);
        }
        let launch = Launch {
            parallel,
            max: if parallel {
                usize::MAX
            } else {
                // an inline Map runs at most 40 iterations at once, a distributed one 10,000
                // child executions (AWS docs: state-map-inline.html, state-map-distributed.html)
                let cap = if distributed { 10_000 } else { 40 };
                if max == 0 { cap } else { max.min(cap) }
            },
            started_id,
            distributed,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            tolerated_count: tolerated[0].map(|c| c as u64),
            tolerated_percentage: tolerated[1],
            map_run,
        };
        if reader {
            drop(eff);
            return self.read_items(f, a, state, launch, ctx, vars);
        }
        self.launch(f, a, state, inputs, branch_input, inputs_checked, launch)
    }

    /// The iterations' inputs from the items: `ItemSelector` (or `Parameters`) per item, then
    /// `ItemBatcher`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn item_inputs(
        &mut self,
        f: usize,
        state: &State,
        input: &Value,
        eff: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
        items: &[Value],
    ) -> Result<Vec<Value>, StatesError> {
        let def = &state.def;
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        let mut inputs = Vec::with_capacity(items.len());
        let selector = state.get(Key::ItemSelector).or_else(|| state.get(Key::Parameters)).cloned();
        // one context object for all items (cloning it per item is quadratic)
        let mut c = if selector.is_some() { ctx.clone() } else { Value::Null };
        let selector_reads_input = selector.as_ref().is_some_and(|t| {
            let mut text = String::new();
            collect_strings(t, &mut text);
            text.split("$states").skip(1).any(|rest| !rest.starts_with(".context"))
        });
        for (index, item) in items.iter().enumerate() {
            let input = match &selector {
                None => item.clone(),
                Some(t) => {
                    if let Value::Object(m) = &mut c {
                        m.insert("Map".into(), json!({"Item": {"Index": index, "Value": item}}));
                    }
                    if jsonata {
                        // binding the Map's whole input for every item is quadratic: leave it out
                        // when the selector can only read the context
                        let states = if selector_reads_input {
                            json!({"input": input, "context": c})
                        } else {
                            json!({"context": c})
                        };
                        let j = self.jsonata(states, vars);
                        j.eval(t, "ItemSelector")?
                    } else if let Some(tpl) = &state.templates.item_selector {
                        self.expand_t(tpl, eff, &c, vars)?
                    } else {
                        self.expand(t, eff, &c, vars)?
                    }
                }
            };
            inputs.push(input);
        }
        if selector.is_some() && self.inspection.is_some() {
            self.inspect(f, "afterItemSelector", &Value::Array(inputs.clone()));
        }
        // ItemBatcher
        if let Some(Value::Object(b)) = member(def, "ItemBatcher") {
            let size = b
                .get("MaxItemsPerBatch")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(usize::MAX)
                .max(1);
            let batch_input = b.get("BatchInput").cloned();
            inputs = inputs
                .chunks(size)
                .map(|c| {
                    let mut m = Map::new();
                    if let Some(bi) = &batch_input {
                        m.insert("BatchInput".into(), bi.clone());
                    }
                    m.insert("Items".into(), Value::Array(c.to_vec()));
                    Value::Object(m)
                })
                .collect();
            if self.inspection.is_some() {
                self.inspect(f, "afterItemBatcher", &Value::Array(inputs.clone()));
            }
        }
        Ok(inputs)
    }

    /// Starts the branches or iterations once their inputs are known.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn launch(
        &mut self,
        f: usize,
        mut a: Box<Active>,
        state: &State,
        inputs: Vec<Value>,
        branch_input: Option<Arc<Value>>,
        inputs_checked: bool,
        launch: Launch,
    ) -> Flow {
        let n = inputs.len();
        if let Some(kids) = self.fibers.get_mut(f).and_then(|x| x.redrive_kids.take())
            && kids.parallel == launch.parallel
            && kids.results.len() == n
        {
            return self.relaunch(f, a, state, kids, launch.started_id);
        }
        if f == 0
            && let Some((outcome, failures)) = self.test_children.take()
        {
            return self.mocked_children(f, a, &launch, n, outcome, failures);
        }
        let log = (launch.distributed && result_writer::writes(state))
            .then(|| Box::new(result_writer::ChildLog::new(n)));
        if let Some(run) = &launch.map_run {
            let batched = member(&state.def, "ItemBatcher").is_some();
            let items = inputs
                .iter()
                .map(|v| match v.get("Items") {
                    Some(Value::Array(a)) if batched => a.len(),
                    _ => 1,
                })
                .collect();
            self.map_run_items(run.index, items);
        }
        let mut kids = Kids {
            parallel: launch.parallel,
            ids: Vec::with_capacity(n),
            results: vec![None; n],
            pending: inputs
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i, branch_input.clone().unwrap_or_else(|| Arc::new(v))))
                .collect::<VecDeque<_>>(),
            inputs_checked,
            running: 0,
            max: launch.max,
            started_id: launch.started_id,
            distributed: launch.distributed,
            failures: 0,
            tolerated_count: launch.tolerated_count,
            tolerated_percentage: launch.tolerated_percentage,
            map_run: launch.map_run,
            log,
        };
        if n == 0 && kids.log.is_none() {
            if kids.distributed {
                self.emit(Some(f), "MapRunSucceeded", Value::Null);
                self.map_run_ended(f, MapRunStatus::Succeeded);
            }
            let succeeded =
                if kids.parallel { "ParallelStateSucceeded" } else { "MapStateSucceeded" };
            self.emit_after(f, kids.started_id, succeeded, Some(Arc::clone(&a.name)));
            return self.finish_with_result(f, a, json!([]));
        }
        if n == 0 {
            return self.children_succeeded(f, a, state, kids);
        }
        let first = kids.started_id;
        self.spawn_more(f, &a.name, state, &mut kids, first);
        a.wait = Wait::Children(Box::new(kids));
        Flow::Block(a)
    }

    /// TestState: a mocked Map or Parallel state's result (or error) in place of its children.
    /// `mapIterationFailureCount` above the tolerated failures (a count, or a percentage of the
    /// `n` iterations; none tolerated unless set) fails the Map with
    /// `States.ExceedToleratedFailureThreshold`, the error and cause of a Map Run that fails so
    /// (see `child_done`).
    fn mocked_children(
        &mut self,
        f: usize,
        a: Box<Active>,
        launch: &Launch,
        n: usize,
        outcome: Result<Value, StatesError>,
        failures: Option<u64>,
    ) -> Flow {
        if let Some(failed) = failures.filter(|_| !launch.parallel) {
            let by_count = launch.tolerated_count.unwrap_or(0);
            #[allow(clippy::cast_precision_loss)]
            let by_percentage = launch
                .tolerated_percentage
                .is_some_and(|p| n > 0 && (failed as f64) * 100.0 / (n as f64) <= p);
            if failed > by_count && !by_percentage {
                return Flow::Error {
                    active: a,
                    err: StatesError::new(
                        "States.ExceedToleratedFailureThreshold",
                        "The specified tolerated failure threshold was exceeded",
                    ),
                };
            }
        }
        match outcome {
            Ok(result) => {
                self.map_state_succeeded(f, a, launch.parallel, launch.distributed, result)
            }
            Err(err) => Flow::Error { active: a, err },
        }
    }

    /// Every branch or iteration has succeeded (or failed within the tolerated threshold): the
    /// results are the state's, or `ResultWriter` writes them first.
    pub(crate) fn children_succeeded(
        &mut self,
        f: usize,
        a: Box<Active>,
        state: &State,
        kids: Kids,
    ) -> Flow {
        if kids.distributed && result_writer::writes(state) {
            return self.write_results(f, a, state, kids);
        }
        let results: Vec<Value> =
            kids.results.into_iter().map(|r| r.unwrap_or(Value::Null)).collect();
        self.map_state_succeeded(f, a, kids.parallel, kids.distributed, Value::Array(results))
    }

    /// `MapRunSucceeded` (distributed), `…StateSucceeded`, then the state's result.
    pub(crate) fn map_state_succeeded(
        &mut self,
        f: usize,
        a: Box<Active>,
        parallel: bool,
        distributed: bool,
        result: Value,
    ) -> Flow {
        if distributed {
            self.emit(Some(f), "MapRunSucceeded", Value::Null);
            self.map_run_ended(f, MapRunStatus::Succeeded);
        }
        let succeeded = if parallel { "ParallelStateSucceeded" } else { "MapStateSucceeded" };
        // recorded against AWS: …StateSucceeded and …StateExited both follow the last child
        // event
        let last = self.fibers.get(f).map_or(0, |x| x.prev);
        self.emit_after(f, last, succeeded, Some(Arc::clone(&a.name)));
        self.finish_with_result(f, a, result)
    }

    /// The Map Run fails with `err` (a distributed Map records `MapRunFailed`), then the state.
    pub(crate) fn map_run_failed(
        &mut self,
        f: usize,
        a: Box<Active>,
        distributed: bool,
        err: StatesError,
    ) -> Flow {
        if distributed {
            self.emit(Some(f), "MapRunFailed", json!({"error": err.error, "cause": err.cause}));
            self.map_run_ended(f, MapRunStatus::Failed);
        }
        self.emit(Some(f), "MapStateFailed", Value::Null);
        Flow::Error { active: a, err }
    }

    /// Starts children while there are free slots; `prev` is the event they follow (the
    /// `…StateStarted` event at first, then the last state event of the child that freed the
    /// slot, as AWS records it).
    pub(crate) fn spawn_more(
        &mut self,
        f: usize,
        name: &Arc<str>,
        state: &State,
        kids: &mut Kids,
        prev: u64,
    ) {
        let vars = self.fiber_vars(f);
        let map_name = name;
        while kids.running < kids.max {
            let Some((slot, input)) = kids.pending.pop_front() else { break };
            let scope = if kids.parallel {
                state.branches.get(slot).cloned()
            } else {
                state.item_processor.clone()
            };
            let Some(scope) = scope else { continue };
            let start_at = self.intern(&scope.start_at);
            let iteration = if kids.parallel { None } else { Some((Arc::clone(map_name), slot)) };
            let id = self.fibers.len();
            self.fibers.push(Fiber::new(
                scope,
                vars.clone(),
                prev,
                Some(f),
                slot,
                iteration.clone(),
                Run::Enter { name: start_at, input, checked: kids.inputs_checked },
            ));
            let silent = kids.distributed || self.fibers.get(f).is_some_and(|p| p.silent);
            let inherited = self.fibers.get(f).and_then(|p| p.sink);
            if let Some(child) = self.fibers.get_mut(id) {
                child.silent = silent;
                child.sink = inherited;
            }
            // a child execution of a Map Run: a name and a history of its own
            let name = match &kids.map_run {
                Some(run) => {
                    let name = self.rng.uuid_v4();
                    let sink = Sink { run: run.index, slot };
                    self.child_started(id, sink, name.clone(), input_of(self, id));
                    Some(name)
                }
                None => None,
            };
            if let Some((n, index)) = iteration {
                self.emit(
                    Some(id),
                    "MapIterationStarted",
                    super::fiber::iteration_details(&n, index),
                );
            }
            if let Some(log) = &mut kids.log {
                log.started(slot, name.unwrap_or_default(), input_of(self, id), self.now);
            }
            kids.ids.push(id);
            kids.running += 1;
            self.ready.push_back(id);
        }
    }

    /// A branch or iteration of the state `parent` is executing has ended.
    pub(crate) fn child_done(
        &mut self,
        parent: usize,
        slot: usize,
        result: Result<Value, StatesError>,
        child: usize,
        trigger: u64,
    ) {
        let Some(p) = self.fibers.get_mut(parent) else { return };
        let Run::Active(mut a) = std::mem::replace(&mut p.run, Run::Idle) else {
            // the parent was cancelled or has moved on
            return;
        };
        let Wait::Children(mut kids) = std::mem::replace(&mut a.wait, Wait::Start) else {
            self.set_run(parent, Run::Active(a));
            return;
        };
        kids.running = kids.running.saturating_sub(1);
        if let Some(log) = &mut kids.log {
            log.stopped(slot, &result, self.now);
        }
        match result {
            Ok(v) => {
                if let Some(r) = kids.results.get_mut(slot) {
                    *r = Some(v);
                }
            }
            Err(e) if kids.distributed && within_tolerance(&kids) => {
                // a tolerated failure: the item's result is its error output. Not confirmed: other
                // emulators differ (one adds "Status": "FAILED") and no recorded AWS run shows it
                // (verify)
                kids.failures += 1;
                if let Some(r) = kids.results.get_mut(slot) {
                    *r = Some(json!({"Error": e.error, "Cause": e.cause}));
                }
            }
            Err(e) => {
                // a distributed Map fails its Map Run once failures exceed the tolerated threshold
                // (0 by default); the cause as LocalStack gives it in TestState's Map mock, whose
                // tests are recorded against AWS (stepfunctions/asl/.../test_state map mock,
                // test_state_configuration_map_iteration_failure_count)
                let e = if kids.distributed {
                    StatesError::new(
                        "States.ExceedToleratedFailureThreshold",
                        "The specified tolerated failure threshold was exceeded",
                    )
                } else {
                    e
                };
                if kids.distributed {
                    // the Map Run fails: Step Functions aborts the child executions still running
                    // (`DescribeMapRun`'s `aborted`: "stopped … by Step Functions, because the Map
                    // Run failed")
                    for &c in &kids.ids {
                        if c != child {
                            self.cancel(c, trigger);
                        }
                    }
                    self.emit(
                        Some(parent),
                        "MapRunFailed",
                        json!({"error": e.error, "cause": e.cause}),
                    );
                    self.map_run_ended(parent, MapRunStatus::Failed);
                } else {
                    // as AWS records it: the failed child's open state is aborted, then every
                    // other running child, all following the failing event
                    let failed_in = self.fibers.get(child).and_then(|x| x.failed_in);
                    if let Some(kind) = failed_in.and_then(super::fiber::aborted_event) {
                        self.emit_after(
                            parent,
                            trigger,
                            kind,
                            self.fibers.get(child).and_then(|x| x.current_state.clone()),
                        );
                    }
                    for &c in &kids.ids {
                        if c != child {
                            self.cancel(c, trigger);
                        }
                    }
                    if let Some(p) = self.fibers.get_mut(parent) {
                        p.prev = trigger;
                    }
                }
                let failed = if kids.parallel { "ParallelStateFailed" } else { "MapStateFailed" };
                self.emit(Some(parent), failed, Value::Null);
                // kept for a redrive, which reruns only the children that did not succeed
                if let Some(p) = self.fibers.get_mut(parent) {
                    p.stopped_kids = Some(kids);
                }
                let flow = Flow::Error { active: a, err: e };
                self.apply(parent, flow);
                self.ready.push_back(parent);
                return;
            }
        }
        let Some((scope, i)) = self.state_at(parent, &a) else { return };
        let Some(state) = scope.states.get(i) else { return };
        self.spawn_more(parent, &Arc::clone(&a.name), state, &mut kids, trigger);
        if kids.running == 0 && kids.pending.is_empty() {
            let flow = self.children_succeeded(parent, a, state, *kids);
            self.apply(parent, flow);
            self.ready.push_back(parent);
        } else {
            a.wait = Wait::Children(kids);
            self.set_run(parent, Run::Active(a));
        }
    }
}

/// The input a child fiber entered its first state with.
fn input_of(exec: &Execution, child: usize) -> Arc<Value> {
    match exec.fibers.get(child).map(|x| &x.run) {
        Some(Run::Enter { input, .. }) => Arc::clone(input),
        _ => Arc::new(Value::Null),
    }
}

fn collect_strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Counts one more failed child; true while the failures stay within the tolerated threshold.
fn within_tolerance(kids: &Kids) -> bool {
    let failures = kids.failures + 1;
    let total = kids.results.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let pct = failures as f64 * 100.0 / total as f64;
    let by_count = kids.tolerated_count.is_some_and(|c| failures as u64 <= c);
    let by_pct = kids.tolerated_percentage.is_some_and(|p| pct <= p);
    by_count || by_pct
}

//! A Distributed Map's `ResultWriter`: once the child executions are done, their results are
//! written to Amazon S3 under `Prefix/<map run id>/` with `s3:putObject` calls the driver makes
//! (`SUCCEEDED_0.json`, `FAILED_0.json`, then `manifest.json`, as AWS's "ResultWriter (Map)"
//! documents them), and the state's result is `{"MapRunArn", "ResultWriterDetails": {"Bucket",
//! "Key"}}`. `WriterConfig` (`Transformation`: `NONE`, `COMPACT`, `FLATTEN`; `OutputType`:
//! `JSON`, `JSONL`) formats the results; without `Resource` they are the state's result.
//! A failed write ends the Map Run with `States.ResultWriterFailed`.
//!
//! Not emulated: the split of result files past 5 GB, and `PENDING_n.json` (StepLab writes results
//! only when every child execution has ended, so none is pending).

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Execution;
use super::TaskOutcome;
use super::fiber::{Active, Flow, Kids, MapRun, Run};
use super::storage::{Job, failure_cause};
use crate::errors::StatesError;
use crate::model::{QueryLanguage, State};
use crate::path::member;

pub(crate) const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";

/// What the writer needs of each child execution, by item index.
pub(crate) struct ChildLog {
    names: Vec<String>,
    inputs: Vec<Option<Arc<Value>>>,
    started: Vec<i64>,
    stopped: Vec<i64>,
    errors: Vec<Option<StatesError>>,
}

impl ChildLog {
    pub(crate) fn new(n: usize) -> ChildLog {
        ChildLog {
            names: vec![String::new(); n],
            inputs: vec![None; n],
            started: vec![0; n],
            stopped: vec![0; n],
            errors: vec![None; n],
        }
    }

    pub(crate) fn started(&mut self, slot: usize, name: String, input: Arc<Value>, now: i64) {
        if let Some(n) = self.names.get_mut(slot) {
            *n = name;
        }
        if let Some(i) = self.inputs.get_mut(slot) {
            *i = Some(input);
        }
        if let Some(t) = self.started.get_mut(slot) {
            *t = now;
        }
    }

    pub(crate) fn stopped(&mut self, slot: usize, result: &Result<Value, StatesError>, now: i64) {
        if let Some(t) = self.stopped.get_mut(slot) {
            *t = now;
        }
        // a child redriven that now succeeded is no longer a failure
        if let Some(slot) = self.errors.get_mut(slot) {
            *slot = result.as_ref().err().cloned();
        }
    }
}

/// Whether the state has a `ResultWriter` (its children's runs are then logged).
pub(crate) fn writes(state: &State) -> bool {
    member(&state.def, "ResultWriter").is_some()
}

/// A write under way: the files still to put, and the state's result once they are.
pub(crate) struct Writing {
    puts: VecDeque<Value>,
    /// The call out (for a failure's cause).
    call: Value,
    result: Value,
}

/// `WriterConfig.Transformation`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transformation {
    None,
    Compact,
    Flatten,
}

impl Execution {
    /// Every child execution has ended: writes their results (or, with only a `WriterConfig`,
    /// makes them the state's result).
    pub(crate) fn write_results(
        &mut self,
        f: usize,
        mut a: Box<Active>,
        state: &State,
        kids: Kids,
    ) -> Flow {
        let writer = member(&state.def, "ResultWriter").cloned().unwrap_or(Value::Null);
        let config = writer.get("WriterConfig").cloned().unwrap_or(Value::Null);
        let exported = writer.get("Resource").is_some();
        let transformation = match config.get("Transformation").and_then(Value::as_str) {
            Some("COMPACT") => Transformation::Compact,
            Some("FLATTEN") => Transformation::Flatten,
            Some(_) => Transformation::None,
            // the documented defaults: NONE when the results are exported, COMPACT when not
            None if exported => Transformation::None,
            None => Transformation::Compact,
        };
        let jsonl = config.get("OutputType").and_then(Value::as_str) == Some("JSONL");
        let Some(run) = kids.map_run.clone() else {
            return self.map_run_failed(f, a, true, StatesError::runtime("no Map Run"));
        };
        let (succeeded, failed) = self.records(&run, &kids, transformation);
        if !exported {
            let all: Vec<Value> = succeeded.into_iter().chain(failed).collect();
            return self.map_state_succeeded(f, a, false, true, Value::Array(all));
        }
        let params = match self.writer_parameters(f, &a, state, &writer) {
            Ok(p) => p,
            Err(err) => return self.map_run_failed(f, a, true, err),
        };
        let bucket = params.get("Bucket").and_then(Value::as_str).unwrap_or_default().to_owned();
        let prefix = params.get("Prefix").and_then(Value::as_str).unwrap_or_default();
        // `Prefix/<map run id>/`: how AWS joins a prefix that ends with '/' is not recorded in
        // our sources (verify)
        let dir = if prefix.is_empty() {
            run.id.clone()
        } else {
            format!("{}/{}", prefix.trim_end_matches('/'), run.id)
        };
        let mut puts = VecDeque::new();
        let mut files = Map::new();
        for (status, records) in
            [("FAILED", failed), ("PENDING", Vec::new()), ("SUCCEEDED", succeeded)]
        {
            let mut listed = Vec::new();
            if !records.is_empty() {
                let values = records;
                let body = if jsonl {
                    values.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")
                } else {
                    Value::Array(values).to_string()
                };
                // the file name for OutputType JSONL is not documented: StepLab keeps `.json`
                // (verify)
                let key = format!("{dir}/{status}_0.json");
                listed.push(json!({"Key": key, "Size": body.len()}));
                puts.push_back(json!({"Bucket": bucket, "Key": key, "Body": body}));
            }
            files.insert(status.into(), Value::Array(listed));
        }
        let manifest_key = format!("{dir}/manifest.json");
        let manifest = json!({
            "DestinationBucket": bucket,
            "MapRunArn": run.arn,
            "ResultFiles": files,
        });
        puts.push_back(
            json!({"Bucket": bucket, "Key": manifest_key, "Body": manifest.to_string()}),
        );
        let result = json!({
            "MapRunArn": run.arn,
            "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key},
        });
        let Some(first) = puts.pop_front() else {
            return self.map_state_succeeded(f, a, false, true, result);
        };
        let writing = Writing { puts, call: first.clone(), result };
        self.call_storage(f, &mut a, "PutObject", first, Job::Write(Box::new(writing)));
        Flow::Block(a)
    }

    /// The driver answered a `PutObject` of the write under way.
    pub(crate) fn writing_answered(
        &mut self,
        f: usize,
        mut a: Box<Active>,
        mut w: Writing,
        outcome: &TaskOutcome,
    ) {
        if !matches!(outcome, TaskOutcome::Succeeded(_)) {
            let err = StatesError::new(
                RESULT_WRITER_FAILED,
                failure_cause("PutObject", &w.call, outcome),
            );
            let flow = self.map_run_failed(f, a, true, err);
            return self.resume(f, flow);
        }
        if let Some(next) = w.puts.pop_front() {
            w.call = next.clone();
            self.call_storage(f, &mut a, "PutObject", next, Job::Write(Box::new(w)));
            self.set_run(f, Run::Active(a));
            return;
        }
        self.map_run_results_written(f);
        let flow = self.map_state_succeeded(f, a, false, true, w.result);
        self.resume(f, flow);
    }

    /// `ResultWriter`'s `Parameters` (JSONPath, on the state's effective input) or `Arguments`
    /// (JSONata).
    fn writer_parameters(
        &mut self,
        f: usize,
        a: &Active,
        state: &State,
        writer: &Value,
    ) -> Result<Value, StatesError> {
        let vars = self.fiber_vars(f);
        let ctx = self.context(f, a);
        if state.query_language == QueryLanguage::Jsonata {
            return match writer.get("Arguments") {
                Some(t) => {
                    let j = self.jsonata(json!({"input": *a.input, "context": ctx}), &vars);
                    j.eval(t, "Arguments")
                }
                None => Ok(json!({})),
            };
        }
        let eff = Self::apply_path(state.get(crate::model::Key::InputPath), &a.input, &ctx, &vars)?
            .into_owned();
        match writer.get("Parameters") {
            Some(t) => self.expand(t, &eff, &ctx, &vars),
            None => Ok(json!({})),
        }
    }

    /// The child executions' results, succeeded and failed, in item order.
    fn records(
        &self,
        run: &MapRun,
        kids: &Kids,
        transformation: Transformation,
    ) -> (Vec<Value>, Vec<Value>) {
        let (mut succeeded, mut failed) = (Vec::new(), Vec::new());
        let Some(log) = &kids.log else { return (succeeded, failed) };
        for (i, result) in kids.results.iter().enumerate() {
            let error = log.errors.get(i).cloned().flatten();
            let output = result.clone().unwrap_or(Value::Null);
            // a failed child's record is written whole whatever the Transformation (AWS docs)
            if error.is_none() && transformation != Transformation::None {
                match (transformation, output) {
                    (Transformation::Flatten, Value::Array(items)) => {
                        succeeded.extend(items);
                    }
                    (_, v) => succeeded.push(v),
                }
                continue;
            }
            let name = log.names.get(i).cloned().unwrap_or_default();
            // the child execution's ARN under the Map Run's state machine
            // (`stateMachine:<name>/<Label>`): the exact form is not in our sources (verify)
            let arn = format!(
                "arn:aws:states:{}:{}:execution:{}:{name}",
                self.start.region, self.start.account, run.machine
            );
            let mut r = Map::new();
            r.insert("ExecutionArn".into(), json!(arn));
            let input = log.inputs.get(i).cloned().flatten().map_or(Value::Null, |v| (*v).clone());
            r.insert("Input".into(), json!(input.to_string()));
            r.insert("InputDetails".into(), json!({"Included": true}));
            r.insert("Name".into(), json!(name));
            if error.is_none() {
                r.insert("Output".into(), json!(output.to_string()));
                r.insert("OutputDetails".into(), json!({"Included": true}));
            }
            r.insert("RedriveCount".into(), json!(0));
            if error.is_none() {
                r.insert("RedriveStatus".into(), json!("NOT_REDRIVABLE"));
                r.insert(
                    "RedriveStatusReason".into(),
                    json!("Execution is SUCCEEDED and cannot be redriven"),
                );
            }
            // dates as ISO 8601 with milliseconds (verify: the files' date format)
            let at = |v: &Vec<i64>| crate::time::iso_millis(v.get(i).copied().unwrap_or(0));
            r.insert("StartDate".into(), json!(at(&log.started)));
            r.insert(
                "StateMachineArn".into(),
                json!(format!(
                    "arn:aws:states:{}:{}:stateMachine:{}",
                    self.start.region, self.start.account, run.machine
                )),
            );
            r.insert("Status".into(), json!(if error.is_none() { "SUCCEEDED" } else { "FAILED" }));
            r.insert("StopDate".into(), json!(at(&log.stopped)));
            match error {
                Some(e) => {
                    r.insert("Error".into(), json!(e.error));
                    r.insert("Cause".into(), json!(e.cause));
                    failed.push(Value::Object(r));
                }
                None => succeeded.push(Value::Object(r)),
            }
        }
        (succeeded, failed)
    }
}

//! The Map Runs of an execution: each Distributed Map run keeps what `DescribeMapRun` reports
//! (status, dates, settings, item and execution counts, redrives) and its child executions, each
//! with what `DescribeExecution` reports and a history of its own (`ExecutionStarted` …
//! `ExecutionSucceeded`/`ExecutionFailed`/`ExecutionAborted`, ids from 1, the states' events as
//! any execution records them; no `MapIteration…` events: those are the parent's, which AWS does
//! not record for a Distributed Map either).
//!
//! The child executions run as fibers of this execution that record nothing in its history
//! (`Fiber::silent`); their `sink` names the child whose history they write to, and a Parallel
//! or inline Map inside a child writes to the same one.
//!
//! Not confirmed (verify against a recorded AWS run): a child's `roleArn` (the parent's role
//! here); `maxConcurrency` 0 when the state sets none; items never started when the Map Run
//! failed stay `pending`; `failuresNotRedrivable` and `pendingRedrive` are 0 outside a redrive.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::Execution;
use crate::errors::StatesError;
use crate::history::{Details, Field, HistoryEvent};

/// Where a fiber of a child execution records its events: Map Run `run`, child `slot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sink {
    pub run: usize,
    pub slot: usize,
}

/// A Map Run's status (`DescribeMapRun`'s `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapRunStatus {
    /// `RUNNING`
    Running,
    /// `SUCCEEDED`
    Succeeded,
    /// `FAILED`
    Failed,
    /// `ABORTED`
    Aborted,
}

impl MapRunStatus {
    /// The API's name.
    pub fn as_str(self) -> &'static str {
        match self {
            MapRunStatus::Running => "RUNNING",
            MapRunStatus::Succeeded => "SUCCEEDED",
            MapRunStatus::Failed => "FAILED",
            MapRunStatus::Aborted => "ABORTED",
        }
    }
}

/// A child execution's status; `Pending` for an item not started yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildStatus {
    /// Not started (`pending` in the counts; not listed by `ListExecutions`).
    Pending,
    /// `RUNNING`
    Running,
    /// `SUCCEEDED`
    Succeeded,
    /// `FAILED`
    Failed,
    /// `TIMED_OUT`
    TimedOut,
    /// `ABORTED`
    Aborted,
}

impl ChildStatus {
    /// The API's name (`PENDING` for one not started: StepLab's, `ListExecutions` lists none).
    pub fn as_str(self) -> &'static str {
        match self {
            ChildStatus::Pending => "PENDING",
            ChildStatus::Running => "RUNNING",
            ChildStatus::Succeeded => "SUCCEEDED",
            ChildStatus::Failed => "FAILED",
            ChildStatus::TimedOut => "TIMED_OUT",
            ChildStatus::Aborted => "ABORTED",
        }
    }

    /// Failed, timed out or aborted: what a redrive runs again.
    pub fn unsuccessful(self) -> bool {
        matches!(self, ChildStatus::Failed | ChildStatus::TimedOut | ChildStatus::Aborted)
    }
}

/// One child execution of a Map Run.
#[derive(Debug, Clone)]
pub struct ChildExecution {
    /// The execution's name (a UUID drawn from the run's seed).
    pub name: String,
    /// The item's (or batch's) index.
    pub index: usize,
    /// Where it stands.
    pub status: ChildStatus,
    /// How many items it processes (a batch's length with `ItemBatcher`, else 1).
    pub items: usize,
    /// When it started (milliseconds since the Unix epoch).
    pub start_millis: Option<i64>,
    /// When it ended.
    pub stop_millis: Option<i64>,
    /// Its input.
    pub input: Option<Arc<Value>>,
    /// Its output, when it succeeded.
    pub output: Option<Value>,
    /// Error and cause, when it failed or was aborted with them.
    pub error: Option<StatesError>,
    /// Its own history.
    pub history: Vec<HistoryEvent>,
    /// `redriveCount`.
    pub redrive_count: u64,
    /// `redriveDate`.
    pub redrive_millis: Option<i64>,
}

/// One Map Run: a Distributed Map state's run and its child executions.
#[derive(Debug, Clone)]
pub struct MapRunRecord {
    /// `arn:aws:states:{region}:{account}:mapRun:{machine}/{label}:{id}`
    pub map_run_arn: String,
    /// The Map Run's id (the ARN's last part).
    pub id: String,
    /// `{machine}/{label}`: the child executions' state machine name.
    pub machine: String,
    /// The Distributed Map state.
    pub state_name: String,
    /// The fiber of the Map state (the run's own bookkeeping).
    pub(crate) fiber: usize,
    /// Where it stands.
    pub status: MapRunStatus,
    /// When it started.
    pub start_millis: i64,
    /// When it ended.
    pub stop_millis: Option<i64>,
    /// `MaxConcurrency` as set (0: none set).
    pub max_concurrency: u64,
    /// `ToleratedFailureCount` (0 when not set).
    pub tolerated_failure_count: u64,
    /// `ToleratedFailurePercentage` (0 when not set).
    pub tolerated_failure_percentage: f64,
    /// `redriveCount`.
    pub redrive_count: u64,
    /// `redriveDate`.
    pub redrive_millis: Option<i64>,
    /// Children whose results `ResultWriter` wrote.
    pub results_written: usize,
    /// The child executions, by item (or batch) index; those not started are `Pending`.
    pub children: Vec<ChildExecution>,
}

/// `MapRunItemCounts` / `MapRunExecutionCounts`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapRunCounts {
    /// Not started yet.
    pub pending: u64,
    /// In progress.
    pub running: u64,
    /// Succeeded.
    pub succeeded: u64,
    /// Failed.
    pub failed: u64,
    /// Timed out.
    pub timed_out: u64,
    /// Aborted.
    pub aborted: u64,
    /// All.
    pub total: u64,
    /// Written by `ResultWriter`.
    pub results_written: u64,
    /// Unsuccessful and not redrivable.
    pub failures_not_redrivable: u64,
    /// Unsuccessful and waiting to be redriven.
    pub pending_redrive: u64,
}

impl MapRunCounts {
    /// The API's JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "pending": self.pending,
            "running": self.running,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "timedOut": self.timed_out,
            "aborted": self.aborted,
            "total": self.total,
            "resultsWritten": self.results_written,
            "failuresNotRedrivable": self.failures_not_redrivable,
            "pendingRedrive": self.pending_redrive,
        })
    }
}

/// API timestamps: seconds since the Unix epoch, as a number.
#[allow(clippy::cast_precision_loss)]
fn seconds(millis: i64) -> Value {
    json!(millis as f64 / 1000.0)
}

impl MapRunRecord {
    /// The counts of items (`by_items`) or of child executions.
    pub fn counts(&self, by_items: bool) -> MapRunCounts {
        let mut c = MapRunCounts::default();
        let mut written = self.results_written;
        for child in &self.children {
            let n = if by_items { child.items as u64 } else { 1 };
            let slot = match child.status {
                ChildStatus::Pending => &mut c.pending,
                ChildStatus::Running => &mut c.running,
                ChildStatus::Succeeded => &mut c.succeeded,
                ChildStatus::Failed => &mut c.failed,
                ChildStatus::TimedOut => &mut c.timed_out,
                ChildStatus::Aborted => &mut c.aborted,
            };
            *slot += n;
            c.total += n;
            if written > 0 && child.status != ChildStatus::Pending {
                written -= 1;
                c.results_written += n;
            }
        }
        c
    }

    /// `DescribeMapRun`'s response (`executionArn` is the parent's).
    pub fn describe(&self, execution_arn: &str) -> Value {
        let mut d = Map::new();
        d.insert("mapRunArn".into(), json!(self.map_run_arn));
        d.insert("executionArn".into(), json!(execution_arn));
        d.insert("status".into(), json!(self.status.as_str()));
        d.insert("startDate".into(), seconds(self.start_millis));
        if let Some(t) = self.stop_millis {
            d.insert("stopDate".into(), seconds(t));
        }
        d.insert("maxConcurrency".into(), json!(self.max_concurrency));
        d.insert("toleratedFailurePercentage".into(), json!(self.tolerated_failure_percentage));
        d.insert("toleratedFailureCount".into(), json!(self.tolerated_failure_count));
        d.insert("itemCounts".into(), self.counts(true).to_json());
        d.insert("executionCounts".into(), self.counts(false).to_json());
        d.insert("redriveCount".into(), json!(self.redrive_count));
        if let Some(t) = self.redrive_millis {
            d.insert("redriveDate".into(), seconds(t));
        }
        Value::Object(d)
    }

    /// The child executions' state machine ARN (`…:stateMachine:{machine}/{label}`).
    pub fn state_machine_arn(&self) -> String {
        // region and account from the Map Run's own ARN
        let mut parts = self.map_run_arn.splitn(6, ':');
        let (region, account) =
            (parts.nth(3).unwrap_or_default(), parts.next().unwrap_or_default());
        format!("arn:aws:states:{region}:{account}:stateMachine:{}", self.machine)
    }

    /// A child's execution ARN (`…:execution:{machine}/{label}:{name}`).
    pub fn child_arn(&self, child: &ChildExecution) -> String {
        let mut parts = self.map_run_arn.splitn(6, ':');
        let (region, account) =
            (parts.nth(3).unwrap_or_default(), parts.next().unwrap_or_default());
        format!("arn:aws:states:{region}:{account}:execution:{}:{}", self.machine, child.name)
    }

    /// `DescribeExecution` of a child (camelCase, dates in seconds), `None` for one not started.
    pub fn describe_child(&self, child: &ChildExecution) -> Option<Value> {
        let start = child.start_millis?;
        let mut d = Map::new();
        d.insert("executionArn".into(), json!(self.child_arn(child)));
        d.insert("stateMachineArn".into(), json!(self.state_machine_arn()));
        d.insert("name".into(), json!(child.name));
        d.insert("status".into(), json!(child.status.as_str()));
        d.insert("startDate".into(), seconds(start));
        if let Some(t) = child.stop_millis {
            d.insert("stopDate".into(), seconds(t));
        }
        if let Some(i) = &child.input {
            d.insert("input".into(), json!(i.to_string()));
            d.insert("inputDetails".into(), json!({"included": true}));
        }
        if let Some(o) = &child.output {
            d.insert("output".into(), json!(o.to_string()));
            d.insert("outputDetails".into(), json!({"included": true}));
        }
        if let Some(e) = &child.error {
            if !e.error.is_empty() {
                d.insert("error".into(), json!(e.error));
            }
            if !e.cause.is_empty() {
                d.insert("cause".into(), json!(e.cause));
            }
        }
        d.insert("mapRunArn".into(), json!(self.map_run_arn));
        d.insert("redriveCount".into(), json!(child.redrive_count));
        if let Some(t) = child.redrive_millis {
            d.insert("redriveDate".into(), seconds(t));
        }
        Some(Value::Object(d))
    }

    /// The Map Run as hosts carry it: `{"description": DescribeMapRun, "stateName": …,
    /// "executions": [{"description": DescribeExecution, "history": [event, …]}, …]}`, the
    /// children started, in item order.
    pub fn to_json(&self, execution_arn: &str) -> Value {
        let executions: Vec<Value> = self
            .children
            .iter()
            .filter_map(|c| {
                let description = self.describe_child(c)?;
                let history: Vec<Value> = c.history.iter().map(HistoryEvent::to_json).collect();
                Some(json!({"description": description, "history": history}))
            })
            .collect();
        json!({
            "description": self.describe(execution_arn),
            "stateName": self.state_name,
            "executions": executions,
        })
    }
}

impl Execution {
    /// Every Map Run of the execution, in the order they started.
    pub fn map_runs(&self) -> &[MapRunRecord] {
        &self.map_runs
    }

    /// The Map Runs as hosts carry them ([`MapRunRecord::to_json`]).
    pub fn map_runs_json(&self) -> Vec<Value> {
        self.map_runs.iter().map(|r| r.to_json(&self.start.execution_arn)).collect()
    }

    /// A new Map Run of the state fiber `f` is in; its index.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn map_run_started(
        &mut self,
        f: usize,
        run: &super::fiber::MapRun,
        state_name: &str,
        max_concurrency: u64,
        tolerated_count: Option<u64>,
        tolerated_percentage: Option<f64>,
    ) -> usize {
        self.map_runs.push(MapRunRecord {
            map_run_arn: run.arn.clone(),
            id: run.id.clone(),
            machine: run.machine.clone(),
            state_name: state_name.to_owned(),
            fiber: f,
            status: MapRunStatus::Running,
            start_millis: self.now,
            stop_millis: None,
            max_concurrency,
            tolerated_failure_count: tolerated_count.unwrap_or(0),
            tolerated_failure_percentage: tolerated_percentage.unwrap_or(0.0),
            redrive_count: 0,
            redrive_millis: None,
            results_written: 0,
            children: Vec::new(),
        });
        self.map_runs.len() - 1
    }

    /// The Map Run's items are known: one pending child each (`items`: items per child).
    pub(crate) fn map_run_items(&mut self, run: usize, items: Vec<usize>) {
        if let Some(r) = self.map_runs.get_mut(run) {
            r.children = items
                .into_iter()
                .enumerate()
                .map(|(index, items)| ChildExecution {
                    name: String::new(),
                    index,
                    status: ChildStatus::Pending,
                    items,
                    start_millis: None,
                    stop_millis: None,
                    input: None,
                    output: None,
                    error: None,
                    history: Vec::new(),
                    redrive_count: 0,
                    redrive_millis: None,
                })
                .collect();
        }
    }

    /// The running Map Run of the Map state fiber `f` is in ended (`MapRunSucceeded`,
    /// `MapRunFailed`, or aborted with its state).
    pub(crate) fn map_run_ended(&mut self, f: usize, status: MapRunStatus) {
        let now = self.now;
        if let Some(r) = self
            .map_runs
            .iter_mut()
            .rev()
            .find(|r| r.fiber == f && r.status == MapRunStatus::Running)
        {
            r.status = status;
            r.stop_millis = Some(now);
        }
    }

    /// `ResultWriter` wrote the results of the ended children of fiber `f`'s running Map Run.
    pub(crate) fn map_run_results_written(&mut self, f: usize) {
        if let Some(r) = self
            .map_runs
            .iter_mut()
            .rev()
            .find(|r| r.fiber == f && r.status == MapRunStatus::Running)
        {
            r.results_written =
                r.children.iter().filter(|c| c.status != ChildStatus::Pending).count();
        }
    }

    /// Child fiber `c` starts child execution `sink` with `input`: its name, and
    /// `ExecutionStarted` in its history.
    pub(crate) fn child_started(&mut self, c: usize, sink: Sink, name: String, input: Arc<Value>) {
        let now = self.now;
        let role = self.start.role_arn.clone();
        let Some(child) =
            self.map_runs.get_mut(sink.run).and_then(|r| r.children.get_mut(sink.slot))
        else {
            return;
        };
        child.name = name;
        child.status = ChildStatus::Running;
        child.start_millis = Some(now);
        child.stop_millis = None;
        child.output = None;
        child.error = None;
        child.input = Some(Arc::clone(&input));
        child.history.clear();
        if let Some(x) = self.fibers.get_mut(c) {
            x.sink = Some(sink);
            x.exec_root = true;
            x.prev = 0;
        }
        self.emit(
            Some(c),
            "ExecutionStarted",
            Details::Fields(vec![
                ("input", Field::Text(input)),
                ("inputDetails", Field::NotTruncated),
                ("roleArn", Field::Str(role.into())),
            ]),
        );
    }

    /// Child execution fiber `c` ended with `result` (or was aborted: `None`).
    pub(crate) fn child_ended(&mut self, c: usize, result: Option<&Result<Value, StatesError>>) {
        let Some(sink) = self.fibers.get(c).and_then(|x| x.sink) else { return };
        let (status, kind, details) = match result {
            Some(Ok(v)) => (
                ChildStatus::Succeeded,
                "ExecutionSucceeded",
                Details::Fields(vec![
                    ("output", Field::Text(Arc::new(v.clone()))),
                    ("outputDetails", Field::NotTruncated),
                ]),
            ),
            Some(Err(e)) => {
                let mut d = Map::new();
                if !e.error.is_empty() {
                    d.insert("error".into(), json!(e.error));
                }
                if !e.cause.is_empty() {
                    d.insert("cause".into(), json!(e.cause));
                }
                (ChildStatus::Failed, "ExecutionFailed", Details::from(Value::Object(d)))
            }
            None => (ChildStatus::Aborted, "ExecutionAborted", Details::None),
        };
        self.emit(Some(c), kind, details);
        let now = self.now;
        if let Some(child) =
            self.map_runs.get_mut(sink.run).and_then(|r| r.children.get_mut(sink.slot))
        {
            child.status = status;
            child.stop_millis = Some(now);
            match result {
                Some(Ok(v)) => child.output = Some(v.clone()),
                Some(Err(e)) => child.error = Some(e.clone()),
                None => {}
            }
        }
    }

    /// A redriven parent redrives the Map Run of fiber `f`'s Distributed Map that did not
    /// succeed: `MapRunRedriven` (`mapRunArn`, `redriveCount`) in place of `MapRunStarted`, and
    /// the Map Run counts the redrive; its id.
    pub(crate) fn map_run_redriven(&mut self, f: usize, run: &super::fiber::MapRun) -> u64 {
        let now = self.now;
        let count = match self.map_runs.get_mut(run.index) {
            Some(r) => {
                r.redrive_count += 1;
                r.redrive_millis = Some(now);
                r.status = MapRunStatus::Running;
                r.stop_millis = None;
                r.fiber = f;
                r.redrive_count
            }
            None => 1,
        };
        // MapRunRedrivenEventDetails: mapRunArn, redriveCount (API reference); where the event
        // falls among the parent's events (after MapStateStarted, as MapRunStarted) is not
        // confirmed (verify)
        self.emit(Some(f), "MapRunRedriven", json!({"mapRunArn": run.arn, "redriveCount": count}))
    }

    /// Child execution fiber `c` is redriven: `ExecutionRedriven` in its history (its events go
    /// on from its last), and it counts the redrive.
    pub(crate) fn child_redriven(&mut self, c: usize) {
        let Some(sink) = self.fibers.get(c).and_then(|x| x.sink) else { return };
        let now = self.now;
        let Some(child) =
            self.map_runs.get_mut(sink.run).and_then(|r| r.children.get_mut(sink.slot))
        else {
            return;
        };
        child.redrive_count += 1;
        child.redrive_millis = Some(now);
        child.status = ChildStatus::Running;
        child.stop_millis = None;
        child.error = None;
        let (count, last) = (child.redrive_count, child.history.last().map_or(0, |e| e.id));
        if let Some(x) = self.fibers.get_mut(c) {
            x.prev = last;
        }
        self.emit(Some(c), "ExecutionRedriven", json!({"redriveCount": count}));
    }

    /// Records an event of a fiber of a child execution in that child's history.
    pub(crate) fn emit_child(
        &mut self,
        sink: Sink,
        prev: u64,
        kind: &'static str,
        details: Details,
        state_name: Option<Arc<str>>,
    ) -> u64 {
        let now = self.now;
        let Some(child) =
            self.map_runs.get_mut(sink.run).and_then(|r| r.children.get_mut(sink.slot))
        else {
            return 0;
        };
        let id = child.history.len() as u64 + 1;
        child.history.push(HistoryEvent {
            id,
            previous_event_id: prev,
            timestamp_millis: now,
            kind,
            details,
            state_name,
        });
        id
    }
}

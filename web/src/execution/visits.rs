//! The history → view model: every visit of a state (entered … exited), which thread of control
//! it ran in (the machine, a Map iteration, a Parallel branch), its status as the console colours
//! it, its input, output, resource, duration, attempts and events.
//!
//! Threads are found from `previousEventId` chains: each thread's events follow one another;
//! `MapIterationStarted` opens an iteration, and a state entered right after
//! `ParallelStateStarted` opens a branch.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::execution::history::{self, detail};
use crate::graph::StateStatus;

/// One thread of control.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    /// The Map or Parallel visit that runs it (`None` for the execution itself).
    pub parent: Option<usize>,
    /// `Iteration 0`, `Branch 1`, or empty for the execution.
    pub label: String,
    /// The iteration index (Map) or branch number (Parallel).
    pub index: u64,
}

/// How a task of a visit ended last.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskResult {
    /// The task's result (JSON text).
    Succeeded(String),
    /// The task's error and cause.
    Failed { error: String, cause: String },
}

/// One visit of a state.
#[derive(Clone, Debug, PartialEq)]
pub struct Visit {
    pub state: String,
    /// `Task`, `Pass`, `Map`, …
    pub state_type: String,
    pub thread: usize,
    /// Indexes into the events.
    pub entered: usize,
    pub exited: Option<usize>,
    /// Every event of the visit (indexes into the events), its entered and exited events included.
    pub events: Vec<usize>,
    pub status: StateStatus,
    /// JSON text.
    pub input: Option<String>,
    /// JSON text.
    pub output: Option<String>,
    /// `lambda:invoke`, or the function ARN of a legacy Lambda task.
    pub resource: Option<String>,
    pub start_millis: i64,
    pub end_millis: Option<i64>,
    /// Task attempts scheduled (retries = attempts − 1).
    pub attempts: u32,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub task_result: Option<TaskResult>,
    /// Variables the state assigned (values as JSON text).
    pub assigned: Map<String, Value>,
}

impl Visit {
    /// Milliseconds from entered to exited (or to the visit's last event when it did not exit).
    pub fn duration_millis(&self) -> Option<i64> {
        self.end_millis.map(|e| e - self.start_millis)
    }

    /// Retries made.
    pub fn retries(&self) -> u32 {
        self.attempts.saturating_sub(1)
    }
}

/// The view model of an execution's history.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Timeline {
    pub visits: Vec<Visit>,
    pub threads: Vec<Thread>,
    /// For each event, the visit it belongs to.
    pub event_visit: Vec<Option<usize>>,
}

const ENDS_OF_MAP: &[&str] = &[
    "MapStateSucceeded",
    "MapStateFailed",
    "MapStateAborted",
    "MapStateExited",
    "MapRunStarted",
    "MapRunSucceeded",
    "MapRunFailed",
    "MapRunAborted",
];
const ENDS_OF_PARALLEL: &[&str] = &[
    "ParallelStateSucceeded",
    "ParallelStateFailed",
    "ParallelStateAborted",
    "ParallelStateExited",
];

impl Timeline {
    /// Builds the view model of `events`; `execution_status` is the execution's (`RUNNING`, …) at
    /// the last of them.
    pub fn new(events: &[Value], execution_status: &str) -> Timeline {
        let mut t = Timeline {
            threads: vec![Thread { parent: None, label: String::new(), index: 0 }],
            ..Timeline::default()
        };
        let mut by_id: HashMap<u64, usize> = HashMap::new();
        let mut event_thread: Vec<usize> = Vec::with_capacity(events.len());
        let mut open: Vec<Option<usize>> = vec![None];
        // the thread of each Map iteration, by its Map visit and index
        let mut iterations: HashMap<(usize, u64), usize> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let kind = history::kind(e);
            let id = history::id(e);
            // ids are 1, 2, 3… in order: the map holds only those that are not
            if id != i as u64 + 1 {
                by_id.insert(id, i);
            }
            let previous = history::previous(e);
            let dense = usize::try_from(previous)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .filter(|&p| p < i && history::id(&events[p]) == previous);
            let prev = dense.or_else(|| by_id.get(&previous).copied().filter(|p| *p < i));
            let t0 = prev.map_or(0, |p| event_thread[p]);
            let thread = if kind.starts_with("Execution") {
                0
            } else if kind.starts_with("MapIteration") {
                let index =
                    history::details(e).and_then(|d| d.get("index")).and_then(Value::as_u64);
                match t.enclosing(t0, &open, "Map") {
                    Some(map) if kind == "MapIterationStarted" => {
                        t.threads.push(Thread {
                            parent: Some(map),
                            label: format!("Iteration {}", index.unwrap_or(0)),
                            index: index.unwrap_or(0),
                        });
                        open.push(None);
                        let thread = t.threads.len() - 1;
                        iterations.entry((map, index.unwrap_or(0))).or_insert(thread);
                        thread
                    }
                    Some(map) => {
                        index.and_then(|index| iterations.get(&(map, index)).copied()).unwrap_or(t0)
                    }
                    None => t0,
                }
            } else if ENDS_OF_MAP.contains(&kind) {
                t.enclosing(t0, &open, "Map").map_or(t0, |v| t.visits[v].thread)
            } else if ENDS_OF_PARALLEL.contains(&kind) {
                t.enclosing(t0, &open, "Parallel").map_or(t0, |v| t.visits[v].thread)
            } else if kind.ends_with("StateEntered")
                && prev.is_some_and(|p| history::kind(&events[p]) == "ParallelStateStarted")
                && let Some(parallel) = open[t0]
            {
                let n = t.threads.iter().filter(|th| th.parent == Some(parallel)).count() as u64;
                t.threads.push(Thread {
                    parent: Some(parallel),
                    label: format!("Branch {n}"),
                    index: n,
                });
                open.push(None);
                t.threads.len() - 1
            } else {
                t0
            };
            event_thread.push(thread);
            let millis = history::event_millis(e).unwrap_or(0);
            let visit = if kind.ends_with("StateEntered") {
                t.visits.push(Visit {
                    state: detail(e, "name").unwrap_or("").to_owned(),
                    state_type: history::state_type(kind).unwrap_or("").to_owned(),
                    thread,
                    entered: i,
                    exited: None,
                    events: Vec::new(),
                    status: StateStatus::InProgress,
                    input: detail(e, "input").map(str::to_owned),
                    output: None,
                    resource: None,
                    start_millis: millis,
                    end_millis: None,
                    attempts: 0,
                    error: None,
                    cause: None,
                    task_result: None,
                    assigned: Map::new(),
                });
                open[thread] = Some(t.visits.len() - 1);
                open[thread]
            } else {
                // an event outside any state of its thread belongs to the Map/Parallel running it
                open[thread].or(t.threads[thread].parent)
            };
            t.event_visit.push(visit);
            let Some(v) = visit else { continue };
            let visit = &mut t.visits[v];
            visit.events.push(i);
            if kind.ends_with("StateExited") {
                visit.exited = Some(i);
                visit.end_millis = Some(millis);
                visit.output = detail(e, "output").map(str::to_owned);
                if let Some(Value::Object(m)) =
                    history::details(e).and_then(|d| d.get("assignedVariables"))
                {
                    visit.assigned = m.clone();
                }
                if open[thread] == Some(v) {
                    open[thread] = None;
                }
                continue;
            }
            if visit.exited.is_none() {
                visit.end_millis = Some(millis);
            }
            if kind.ends_with("Scheduled") {
                visit.attempts += 1;
                let d = history::details(e);
                let resource = d.and_then(|d| d.get("resource")).and_then(Value::as_str);
                let resource_type = d.and_then(|d| d.get("resourceType")).and_then(Value::as_str);
                visit.resource = match (resource_type, resource) {
                    (Some(t), Some(r)) => Some(format!("{t}:{r}")),
                    (None, Some(r)) => Some(r.to_owned()),
                    _ => visit.resource.take(),
                };
            }
            if history::is_success(kind)
                && let Some(output) = detail(e, "output")
                && (kind.starts_with("Task") || kind.starts_with("LambdaFunction"))
            {
                visit.task_result = Some(TaskResult::Succeeded(output.to_owned()));
            }
            if history::is_failure(kind) {
                let error = detail(e, "error").unwrap_or("").to_owned();
                let cause = detail(e, "cause").unwrap_or("").to_owned();
                if kind.starts_with("Task") || kind.starts_with("LambdaFunction") {
                    visit.task_result =
                        Some(TaskResult::Failed { error: error.clone(), cause: cause.clone() });
                }
                visit.error = Some(error);
                visit.cause = Some(cause);
            }
        }
        t.settle(events, execution_status);
        t
    }

    /// The open visit of type `state_type` that runs thread `from` or one of its ancestors.
    fn enclosing(&self, from: usize, open: &[Option<usize>], state_type: &str) -> Option<usize> {
        let mut thread = from;
        loop {
            if let Some(v) = open[thread]
                && self.visits[v].state_type == state_type
            {
                return Some(v);
            }
            let parent = self.threads[thread].parent?;
            if self.visits[parent].state_type == state_type {
                return Some(parent);
            }
            thread = self.visits[parent].thread;
        }
    }

    /// Gives each visit its status once the whole history is read.
    fn settle(&mut self, events: &[Value], execution_status: &str) {
        for visit in &mut self.visits {
            let kinds = || visit.events.iter().map(|&i| history::kind(&events[i]));
            let last_outcome = kinds().rfind(|k| history::is_failure(k) || history::is_success(k));
            visit.status = if visit.exited.is_some() {
                if last_outcome.is_some_and(history::is_failure) {
                    StateStatus::CaughtError
                } else {
                    StateStatus::Succeeded
                }
            } else if kinds().any(|k| k.ends_with("Aborted")) {
                StateStatus::Cancelled
            } else {
                match execution_status {
                    "RUNNING" => StateStatus::InProgress,
                    "ABORTED" => StateStatus::Cancelled,
                    _ => StateStatus::Failed,
                }
            };
        }
    }

    /// `Map › Iteration 2 › Branch 0`: where a thread runs, outermost first (empty for the execution).
    pub fn thread_path(&self, thread: usize) -> String {
        let mut parts = Vec::new();
        let mut at = thread;
        while let Some(parent) = self.threads[at].parent {
            parts.push(format!("{} › {}", self.visits[parent].state, self.threads[at].label));
            at = self.visits[parent].thread;
        }
        parts.reverse();
        parts.join(" › ")
    }

    /// The visits of state `name`, in order.
    pub fn visits_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (usize, &'a Visit)> {
        self.visits.iter().enumerate().filter(move |(_, v)| v.state == name)
    }
}

/// The workflow variables after `events` (values parsed from their JSON text). Scopes are not told
/// apart: a variable assigned inside a Map iteration shows too.
pub fn variables(events: &[Value]) -> Map<String, Value> {
    let mut vars = Map::new();
    for e in events {
        if history::kind(e).ends_with("StateExited")
            && let Some(Value::Object(m)) =
                history::details(e).and_then(|d| d.get("assignedVariables"))
        {
            for (k, v) in m {
                let value = v
                    .as_str()
                    .and_then(|s| serde_json::from_str(s).ok())
                    .unwrap_or_else(|| v.clone());
                vars.insert(k.clone(), value);
            }
        }
    }
    vars
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use expect_test::{Expect, expect};
    use serde_json::json;
    use steplab_asl::{Execution, StartExecution, Step, TaskOutcome};

    /// Runs `definition` with `input`; every task answers `task(state name)`.
    pub(crate) fn run(
        definition: &Value,
        input: Value,
        task: impl Fn(&str) -> TaskOutcome,
    ) -> (Vec<Value>, String) {
        let machine = steplab_asl::parse(&definition.to_string()).machine.expect("valid");
        let start = StartExecution::new("M", "e", "ca-central-1", "123456789012", 1_000, 7);
        let mut exec = Execution::new(machine, input, start);
        let mut now = 1_000;
        for _ in 0..1000 {
            match exec.step(now) {
                Step::Task(r) => {
                    now += 10;
                    exec.complete_task(r.id, task(&r.state_name), now);
                }
                Step::Wait { until_millis } => now = until_millis,
                Step::Pending | Step::Done => break,
            }
        }
        let events = exec.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
        (events, exec.status().as_str().to_owned())
    }

    fn render(t: &Timeline) -> String {
        t.visits
            .iter()
            .map(|v| {
                format!(
                    "{} [{}] {} {:?} in={} out={} attempts={} events={}\n",
                    v.state,
                    t.thread_path(v.thread),
                    v.state_type,
                    v.status,
                    v.input.as_deref().unwrap_or("-"),
                    v.output.as_deref().unwrap_or("-"),
                    v.attempts,
                    v.events.len()
                )
            })
            .collect()
    }

    fn check(definition: Value, input: Value, task: impl Fn(&str) -> TaskOutcome, want: Expect) {
        let (events, status) = run(&definition, input, task);
        let t = Timeline::new(&events, &status);
        want.assert_eq(&format!("{status}\n{}", render(&t)));
    }

    fn ok(_: &str) -> TaskOutcome {
        TaskOutcome::Succeeded(json!({"ok": true}))
    }

    #[test]
    fn pass_chain() {
        check(
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "Next": "B"}, "B": {"Type": "Succeed"}}}),
            json!({}),
            ok,
            expect![[r#"
                SUCCEEDED
                A [] Pass Succeeded in={} out=1 attempts=0 events=2
                B [] Succeed Succeeded in=1 out=1 attempts=0 events=2
            "#]],
        );
    }

    #[test]
    fn map_iterations_are_threads() {
        check(
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}),
            json!([1, 2]),
            ok,
            expect![[r#"
                SUCCEEDED
                M [] Map Succeeded in=[1,2] out=[1,2] attempts=0 events=8
                P [M › Iteration 0] Pass Succeeded in=1 out=1 attempts=0 events=2
                P [M › Iteration 1] Pass Succeeded in=2 out=2 attempts=0 events=2
            "#]],
        );
    }

    #[test]
    fn parallel_branches_are_threads() {
        check(
            json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "a", "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"}, "End": true}}}
            ], "Next": "Z"}, "Z": {"Type": "Pass", "End": true}}, "QueryLanguage": "JSONata"}),
            json!({}),
            ok,
            expect![[r#"
                SUCCEEDED
                P [] Parallel Succeeded in={} out=["a",{"ok":true}] attempts=0 events=4
                A [P › Branch 0] Pass Succeeded in={} out="a" attempts=0 events=2
                B [P › Branch 1] Task Succeeded in={} out={"ok":true} attempts=1 events=5
                Z [] Pass Succeeded in=["a",{"ok":true}] out=["a",{"ok":true}] attempts=0 events=2
            "#]],
        );
    }

    #[test]
    fn caught_and_failed() {
        check(
            json!({"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                      "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "End": true},
                "F": {"Type": "Fail", "Error": "Bad", "Cause": "caught"}}}),
            json!({}),
            |_| TaskOutcome::Failed { error: "Boom".into(), cause: "it broke".into() },
            expect![[r#"
                FAILED
                T [] Task CaughtError in={} out={"Error":"Boom","Cause":"it broke"} attempts=2 events=8
                F [] Fail Failed in={"Error":"Boom","Cause":"it broke"} out=- attempts=0 events=2
            "#]],
        );
    }

    #[test]
    fn running_then_stopped() {
        let machine = steplab_asl::parse(
            &json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}})
                .to_string(),
        )
        .machine
        .expect("valid");
        let start = StartExecution::new("M", "e", "ca-central-1", "123456789012", 1_000, 7);
        let mut exec = Execution::new(machine, json!({}), start);
        assert_eq!(exec.step(1_000), Step::Wait { until_millis: 61_000 });
        let events = |e: &Execution| -> Vec<Value> {
            e.history().iter().map(steplab_asl::HistoryEvent::to_json).collect()
        };
        let running = Timeline::new(&events(&exec), "RUNNING");
        assert_eq!(running.visits[0].status, StateStatus::InProgress);
        assert_eq!(running.visits[0].duration_millis(), Some(0));
        exec.stop(None, None, 5_000);
        let stopped = Timeline::new(&events(&exec), exec.status().as_str());
        assert_eq!(stopped.visits[0].status, StateStatus::Cancelled);
        assert_eq!(stopped.visits[0].end_millis, Some(5_000));
    }

    #[test]
    fn variables_accumulate() {
        let (events, _) = run(
            &json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x": 1, "y": "{% 'a' %}"}, "Next": "B"}, "B": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}}),
            json!({}),
            ok,
        );
        assert_eq!(Value::Object(variables(&events[..4])), json!({"x": 1, "y": "a"}));
        assert_eq!(Value::Object(variables(&events)), json!({"x": 2, "y": "a"}));
    }
}

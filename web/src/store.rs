//! The workspace a person builds in StepLab — functions, state machines, executions — and how it changes.
//! Kept in IndexedDB record by record ([`crate::storage`]) so that nothing is lost on reload.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use steplab_runner::Partition;
use yew::Reducible;

mod function;

pub use function::Function;

/// A state machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateMachine {
    pub name: String,
    /// `STANDARD` or `EXPRESS`.
    pub kind: String,
    pub definition: String,
    pub role_name: String,
    pub creation_millis: i64,
    /// Config mode's logging, tracing and tags (kept, not acted on).
    #[serde(default)]
    pub config: crate::studio::config::MachineConfig,
    /// Published versions and aliases (serde-defaulted, so records kept before them read).
    #[serde(default)]
    pub versions: steplab_runner::versions::Versions,
}

pub use crate::execution::record::ExecutionRecord;

/// The workspace, shared with every page.
pub type WorkspaceContext = yew::UseReducerHandle<Workspace>;

/// Everything StepLab keeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    #[serde(default)]
    pub partition: Partition,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub state_machines: Vec<StateMachine>,
    #[serde(default)]
    pub executions: Vec<ExecutionRecord>,
    /// The AWS resources (tables, queues, topics, buckets, rules) the functions and state
    /// machines use, in memory.
    #[serde(default)]
    pub services: steplab_services::Services,
}

/// A change to the workspace.
pub enum Action {
    /// Creates or deploys a function.
    PutFunction(Function),
    DeleteFunction(String),
    /// Creates or updates a state machine.
    PutStateMachine(StateMachine),
    DeleteStateMachine(String),
    /// Records an execution, or its progress.
    PutExecution(ExecutionRecord),
    /// Closes the execution `arn` if, as the workspace holds it now, it is still `RUNNING` and no
    /// page drives it any more (see `execution::recovery`): `live` says whether this page drives
    /// it, `beat` is its last heartbeat and `now` the time, read by the caller (the reducer is pure).
    CloseOrphan {
        arn: String,
        live: bool,
        beat: Option<i64>,
        now: i64,
    },
    /// Deletes an execution that has ended, its history with it (StepLab's, to make room: AWS
    /// keeps an execution's history for 90 days).
    DeleteExecution(String),
    /// The workspace as stored, read at start.
    Loaded(Workspace),
    /// The AWS resources as a call from the console (or another tab) left them.
    PutServices(Box<steplab_services::Services>),
    /// Resources brought in (a share link's): those whose names the workspace uses are kept as
    /// they are.
    AddServices(Box<steplab_services::Services>),
    /// The calls an execution (or a function's Test) made on its copy of the AWS resources, made
    /// again on the workspace's (which other executions and the console may have changed since).
    MakeServiceCalls(Vec<steplab_runner::handler_aws::MadeCall>),
    /// The stored history and stages of execution `arn`, read when a page needed them.
    HistoryRead {
        arn: String,
        events: crate::execution::event_log::EventLog,
        stages: std::rc::Rc<crate::execution::record::Stages>,
    },
    /// An imported workspace: take it, keeping the executions this tab runs (`live`, their ARNs).
    Adopt {
        other: Workspace,
        live: Vec<String>,
    },
}

impl Workspace {
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.config.function_name == name)
    }

    pub fn state_machine(&self, name: &str) -> Option<&StateMachine> {
        self.state_machines.iter().find(|s| s.name == name)
    }

    pub fn execution(&self, state_machine: &str, name: &str) -> Option<&ExecutionRecord> {
        self.executions.iter().find(|e| e.state_machine == state_machine && e.name == name)
    }
}

fn put<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match items.iter_mut().find(|i| same(i, &item)) {
        Some(slot) => *slot = item,
        None => items.push(item),
    }
}

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::PutFunction(f) => {
                put(&mut next.functions, f, |a, b| a.config.function_name == b.config.function_name)
            }
            Action::DeleteFunction(name) => {
                next.functions.retain(|f| f.config.function_name != name)
            }
            Action::PutServices(s) => next.services = *s,
            Action::AddServices(s) => {
                next.services.add_missing(&s);
            }
            Action::MakeServiceCalls(made) => {
                steplab_runner::handler_aws::make_again(&mut next.services, &made, &next.partition);
            }
            Action::PutStateMachine(s) => put(&mut next.state_machines, s, |a, b| a.name == b.name),
            Action::DeleteStateMachine(name) => {
                next.state_machines.retain(|s| s.name != name);
                next.executions.retain(|e| e.state_machine != name);
            }
            Action::PutExecution(e) => {
                put(&mut next.executions, e, |a, b| {
                    a.state_machine == b.state_machine && a.name == b.name
                });
            }
            Action::CloseOrphan { arn, live, beat, now } => {
                if let Some(record) = next.executions.iter_mut().find(|e| e.arn == arn)
                    && !live
                    && crate::execution::recovery::is_orphan(record, beat, now)
                {
                    crate::execution::recovery::close_orphan(record, beat);
                }
            }
            Action::DeleteExecution(arn) => {
                next.executions
                    .retain(|e| e.arn != arn || (e.status == "RUNNING" && e.imported.is_none()));
            }
            Action::Loaded(w) => next = w,
            Action::HistoryRead { arn, events, stages } => {
                if let Some(r) =
                    next.executions.iter_mut().find(|e| e.arn == arn && e.unread.is_some())
                {
                    r.events = events;
                    r.stages = stages;
                    r.unread = None;
                }
            }
            Action::Adopt { mut other, live } => {
                for mine in next.executions.iter().filter(|e| live.contains(&e.arn)) {
                    put(&mut other.executions, mine.clone(), |a, b| {
                        a.state_machine == b.state_machine && a.name == b.name
                    });
                }
                next = other;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running(arn: &str) -> ExecutionRecord {
        serde_json::from_value(serde_json::json!({
            "name": arn, "arn": arn, "state_machine": "M", "definition": "{}", "input": "{}",
            "status": "RUNNING", "output": null, "error": null, "cause": null,
            "start_millis": 1_000, "stop_millis": null, "events": [], "logs": []
        }))
        .expect("a record")
    }

    fn with(records: &[&str]) -> Rc<Workspace> {
        let executions = records.iter().map(|a| running(a)).collect();
        Rc::new(Workspace { executions, ..Workspace::default() })
    }

    #[test]
    fn the_reducer_decides_on_what_it_is_given() {
        let close = |live, beat, now| Action::CloseOrphan { arn: "a".into(), live, beat, now };
        // a page drives it, or its heartbeat is fresh: it keeps running
        let w = with(&["a"]).reduce(close(true, None, 100_000));
        assert_eq!(w.executions[0].status, "RUNNING");
        let w = with(&["a"]).reduce(close(false, Some(99_000), 100_000));
        assert_eq!(w.executions[0].status, "RUNNING");
        // no page and no recent heartbeat: closed, the same way for the same inputs
        let w = with(&["a"]).reduce(close(false, Some(10_000), 100_000));
        assert_eq!(w.executions[0].status, "ABORTED");
        assert_eq!(with(&["a"]).reduce(close(false, Some(10_000), 100_000)), w);
        // another tab's workspace is taken, keeping the executions this page drives
        let other = (*with(&["b"])).clone();
        let w = with(&["a", "c"]).reduce(Action::Adopt { other, live: vec!["a".into()] });
        let arns: Vec<&str> = w.executions.iter().map(|e| e.arn.as_str()).collect();
        assert_eq!(arns, ["b", "a"]);
    }

    #[test]
    fn a_state_machine_kept_before_versions_reads_with_none_and_keeps_them_once_published() {
        let old = serde_json::json!({
            "name": "M", "kind": "STANDARD", "definition": "{}", "role_name": "r", "creation_millis": 1
        });
        let mut machine: StateMachine = serde_json::from_value(old).expect("an older record");
        assert_eq!(machine.versions, steplab_runner::versions::Versions::default());
        machine.versions.publish("{}", "arn:r", "first", 2).expect("published");
        let text = serde_json::to_string(&machine).expect("JSON");
        let back: StateMachine = serde_json::from_str(&text).expect("read back");
        assert_eq!(back.versions.versions[0].description, "first");
    }
}

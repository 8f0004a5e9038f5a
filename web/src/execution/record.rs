//! An execution as the workspace keeps it, and how an update of the execution Worker brings it
//! up to date: the events
//! appended since the last one, status, output or error and cause, the functions' logs and the
//! recorded data-flow stages.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use steplab_runner::InvocationLog;
use steplab_runner::execution_protocol::Update;

use crate::execution::event_log::EventLog;

/// An execution and what it has recorded so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExecutionRecord {
    pub name: String,
    pub arn: String,
    pub state_machine: String,
    /// The definition the execution ran (a later edit of the state machine does not change it).
    pub definition: String,
    pub input: String,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: String,
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub start_millis: i64,
    pub stop_millis: Option<i64>,
    /// The event history, each event as GetExecutionHistory returns it.
    pub events: EventLog,
    pub logs: Vec<InvocationLog>,
    /// The seed of every random choice the run made (`$uuid`, `$random`, retry jitter, request
    /// ids): starting with the same seed makes the same choices. StepLab's, not AWS's.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The test case of the machine's mock configuration the run used (StepLab).
    #[serde(default)]
    pub mock_test_case: Option<String>,
    /// The mocks of that test case as they were when the run started: a `MockConfigFile` of
    /// that state machine, that test case and the responses it names (StepLab; see
    /// [`crate::execution::mock_snapshot`]). A later edit of the machine's mocks leaves it be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mocks: Option<String>,
    /// The data-flow stages of each state visit as the run computed them, by the id of the
    /// visit's `…StateEntered` event (StepLab; empty for long executions, whose page recomputes them).
    /// Shared, not copied, by every copy of the record.
    #[serde(default, skip_serializing_if = "no_stages")]
    pub stages: Rc<Stages>,
    /// Where the execution came from when it was imported from AWS (StepLab; see
    /// [`crate::execution::import`]): it ran in an account, not here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
    /// `Some(n)`: the history (`n` events) and stages are in the store and not read yet (a page
    /// that shows them reads them: the workspace starts without reading every history).
    #[serde(skip)]
    pub unread: Option<usize>,
    /// The Map Runs of its Distributed Map states, each `{description: DescribeMapRun,
    /// stateName, executions: [{description: DescribeExecution, history: [event]}]}`
    /// ([`steplab_runner::Driver::map_runs`]); none in records stored before they were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub map_runs: Vec<serde_json::Value>,
}

/// Where an imported execution ran: its ARN and its state machine's in AWS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// `describe-execution`'s `executionArn` (`None` when only the history was imported).
    pub execution_arn: Option<String>,
    /// `describe-execution`'s `stateMachineArn` or `describe-state-machine`'s.
    pub state_machine_arn: Option<String>,
    /// When it was imported (milliseconds since the Unix epoch).
    pub imported_millis: i64,
}

/// The data-flow stages of state visits, by the id of each visit's `…StateEntered` event.
pub type Stages = std::collections::BTreeMap<u64, serde_json::Map<String, serde_json::Value>>;

fn no_stages(stages: &Rc<Stages>) -> bool {
    stages.is_empty()
}

/// Applies `update` to `record`.
pub fn apply(record: &mut ExecutionRecord, update: Update) {
    record.events.extend(update.events.values());
    record.events.truncate(update.shown);
    record.logs.extend(update.logs.into_iter().map(|mut l| {
        l.log = crate::execution::log_cap::capped(l.log);
        l
    }));
    if let Some(stages) = update.stages {
        record.stages = Rc::new(stages);
    }
    record.status = update.status;
    record.output = update.output;
    record.error = update.error;
    record.cause = update.cause;
    if update.stop_millis.is_some() {
        record.stop_millis = update.stop_millis;
    }
    if let Some(runs) = update.map_runs {
        record.map_runs = runs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use steplab_runner::execution_protocol::EventsText;

    #[test]
    fn deltas_add_up() {
        let mut record: ExecutionRecord = serde_json::from_value(json!({
            "name": "e", "arn": "a", "state_machine": "M", "definition": "{}", "input": "{}",
            "status": "RUNNING", "output": null, "error": null, "cause": null,
            "start_millis": 0, "stop_millis": null, "events": [], "logs": []
        }))
        .expect("a record");
        let update = |events: Vec<serde_json::Value>, shown, status: &str| Update {
            events: EventsText::of_values(&events),
            shown,
            status: status.into(),
            output: (status == "SUCCEEDED").then(|| "1".into()),
            error: None,
            cause: None,
            stop_millis: (status != "RUNNING").then_some(9),
            logs: Vec::new(),
            paused: None,
            stages: None,
            services_made: Vec::new(),
            map_runs: None,
        };
        apply(&mut record, update(vec![json!({"id": 1}), json!({"id": 2})], 2, "RUNNING"));
        apply(&mut record, update(vec![json!({"id": 3})], 3, "SUCCEEDED"));
        assert_eq!(*record.events.events(), [json!({"id": 1}), json!({"id": 2}), json!({"id": 3})]);
        assert_eq!((record.status.as_str(), record.output.as_deref()), ("SUCCEEDED", Some("1")));
        assert_eq!(record.stop_millis, Some(9));
    }
}

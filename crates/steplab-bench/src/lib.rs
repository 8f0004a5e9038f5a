//! Runs a benchmark workload on the ASL engine to the end, the same way natively (`main.rs`) and
//! in wasm under Node (`wasm.rs`): parsing the definition, the input and the mocks is not timed,
//! only [`Prepared::run`].
//!
//! Tasks are answered by a `MockConfigFile` test case (the machine is called `Bench`); waits and
//! retry back-off pass on the virtual clock.

use std::sync::Arc;

use serde_json::Value;
use steplab_asl::{
    Execution, ExecutionStatus, MockConfig, Mocks, StartExecution, StateMachine, Step,
};

#[cfg(target_arch = "wasm32")]
mod wasm;

/// A workload ready to run any number of times.
#[derive(Debug, Clone)]
pub struct Workload {
    machine: Arc<StateMachine>,
    input: Value,
    mocks: Option<Mocks>,
}

/// One run set up (input copied, mocks reset), waiting for [`Prepared::run`].
#[derive(Debug)]
pub struct Prepared {
    execution: Execution,
    mocks: Option<Mocks>,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// State transitions: states entered plus retries (what AWS bills as transitions).
    pub transitions: usize,
    /// History events recorded.
    pub events: usize,
    /// `SUCCEEDED`, `FAILED`, …
    pub status: &'static str,
    /// The output, or `{"error", "cause"}` when the execution did not succeed.
    pub output: Value,
}

impl Workload {
    /// Parses the definition, the input and (for workloads with tasks) the mock configuration,
    /// whose test case `test_case` of the machine `Bench` answers the tasks.
    pub fn new(
        definition: &str,
        input: &str,
        mock_config: Option<(&str, &str)>,
    ) -> Result<Workload, String> {
        let parsed = steplab_asl::parse(definition);
        let machine = parsed.machine.ok_or_else(|| {
            let problems: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
            format!("invalid definition: {}", problems.join("; "))
        })?;
        let input: Value =
            serde_json::from_str(input).map_err(|e| format!("invalid input: {e}"))?;
        let mocks = match mock_config {
            None => None,
            Some((src, test_case)) => Some(
                MockConfig::parse(src)
                    .map_err(|e| format!("invalid mock configuration: {e}"))?
                    .test_case("Bench", test_case)?,
            ),
        };
        Ok(Workload { machine: Arc::new(machine), input, mocks })
    }

    /// A fresh execution of the workload.
    pub fn prepare(&self) -> Prepared {
        let start = StartExecution::new("Bench", "bench-run", "us-east-1", "123456789012", 0, 1);
        Prepared {
            execution: Execution::new(Arc::clone(&self.machine), self.input.clone(), start),
            mocks: self.mocks.clone(),
        }
    }
}

impl Prepared {
    /// Drives the execution to its end: tasks answered by the mocks (a task without a mocked
    /// answer fails with `Bench.NoMock`), waits skipped on the virtual clock.
    pub fn run(&mut self) {
        let mut now = 0;
        loop {
            match self.execution.step(now) {
                Step::Done => break,
                Step::Wait { until_millis } => now = until_millis,
                Step::Pending => break,
                Step::Task(t) => {
                    let outcome = self
                        .mocks
                        .as_mut()
                        .and_then(|m| m.answer(&t.state_name))
                        .unwrap_or_else(|| steplab_asl::TaskOutcome::Failed {
                            error: "Bench.NoMock".into(),
                            cause: format!("no mocked response for the state '{}'", t.state_name),
                        });
                    self.execution.complete_task(t.id, outcome, now);
                }
            }
        }
    }

    /// What the run did (read after [`Prepared::run`]; not part of the timing).
    pub fn outcome(&self) -> Outcome {
        let history = self.execution.history();
        let entered = history.iter().filter(|e| e.kind.ends_with("StateEntered")).count();
        // a retry shows as the Task scheduled again within the same state visit
        let retries = history
            .iter()
            .zip(history.iter().skip(1))
            .filter(|(a, b)| is_task_failure(a.kind) && is_task_schedule(b.kind))
            .count();
        let status = self.execution.status();
        let output = match status {
            ExecutionStatus::Succeeded { output } => output.clone(),
            ExecutionStatus::Failed { error, cause }
            | ExecutionStatus::TimedOut { error, cause }
            | ExecutionStatus::Aborted { error, cause } => {
                serde_json::json!({"error": error, "cause": cause})
            }
            ExecutionStatus::Running => Value::Null,
        };
        Outcome {
            transitions: entered + retries,
            events: history.len(),
            status: status.as_str(),
            output,
        }
    }
}

/// An [`Outcome`] as `{"transitions", "events", "status", "output"}`.
pub fn outcome_json(o: &Outcome) -> Value {
    serde_json::json!({
        "transitions": o.transitions,
        "events": o.events,
        "status": o.status,
        "output": o.output,
    })
}

fn is_task_failure(kind: &str) -> bool {
    matches!(
        kind,
        "TaskFailed" | "TaskTimedOut" | "LambdaFunctionFailed" | "LambdaFunctionTimedOut"
    )
}

fn is_task_schedule(kind: &str) -> bool {
    matches!(kind, "TaskScheduled" | "LambdaFunctionScheduled")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_transitions_and_retries() {
        let def = r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "F"},
                  "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 5, "BackoffRate": 1}], "Next": "S"},
            "S": {"Type": "Succeed"}}}"#;
        let mocks = r#"{"StateMachines": {"Bench": {"TestCases": {"C": {"T": "R"}}}},
            "MockedResponses": {"R": {"0-2": {"Throw": {"Error": "E", "Cause": "c"}}, "3": {"Return": {"ok": 1}}}}}"#;
        let w = Workload::new(def, "{}", Some((mocks, "C"))).unwrap();
        for _ in 0..2 {
            let mut p = w.prepare();
            p.run();
            let o = p.outcome();
            assert_eq!(o.status, "SUCCEEDED");
            assert_eq!(o.output, serde_json::json!({"ok": 1}));
            // T entered, 3 retries, S entered
            assert_eq!(o.transitions, 5);
        }
    }
}

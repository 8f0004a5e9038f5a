//! Executions an execution starts: `states:startExecution` (request-response, `.sync`,
//! `.sync:2`) and EventBridge targets. Each runs through a [`Driver`] of its own, with the same
//! functions and services (it borrows the parent's services while it runs); its Lambda
//! invocations go out through the parent's effects, one at a time like the parent's own.

use serde::Serialize;
use serde_json::{Value, json};
use steplab_asl::{ExecutionStatus, TaskId, TaskOutcome};
use steplab_services::ServiceError;

use super::{Answer, Driver, Effect, HOST_GRACE_MILLIS, InFlight, InvokeId, Owner, Setup};
use crate::integrations::SyncMode;
use crate::run::RunOptions;

/// How deep executions may start executions (a state machine that starts itself stops there).
const MAX_DEPTH: u32 = 10;

pub(super) struct Child {
    pub(super) driver: Box<Driver>,
    /// The input as `DescribeExecution` gives it (JSON text).
    input: String,
    /// The parent's task waiting for this execution (`.sync`, `.sync:2`).
    pub(super) waiting: Option<(TaskId, SyncMode)>,
    /// Over (every event out), or given up.
    pub(super) done: bool,
}

/// An execution started by the run (and those they started), as `DescribeExecution` gives it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartedExecution {
    /// `DescribeExecution`'s members (`ExecutionArn`, `Status`, `Output`, …).
    pub description: Value,
    /// The events, as `GetExecutionHistory` returns them.
    pub history: Vec<Value>,
}

fn error(code: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::client(code, message)
}

impl Driver {
    /// Starts an execution of a registered state machine as `StartExecution` with `params`
    /// (`StateMachineArn`, `Name`, `Input`) does; the child's index.
    pub(super) fn start_child(&mut self, params: &Value, now: i64) -> Result<usize, ServiceError> {
        let get = |k: &str| {
            let camel = format!("{}{}", k[..1].to_ascii_lowercase(), &k[1..]);
            params.get(k).or_else(|| params.get(&camel))
        };
        let Some(arn) = get("StateMachineArn").and_then(Value::as_str) else {
            return Err(error(
                "ValidationException",
                "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
            ));
        };
        let machine_name = match arn.split_once(":stateMachine:") {
            Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
            None => arn,
        };
        let Some(definition) = self.state_machines.get(machine_name).cloned() else {
            return Err(error(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            ));
        };
        if self.depth >= MAX_DEPTH {
            return Err(error(
                "ExecutionLimitExceeded",
                format!("StepLab runs nested executions {MAX_DEPTH} deep at most"),
            ));
        }
        let (input, input_text) = match get("Input") {
            None | Some(Value::Null) => (json!({}), "{}".to_owned()),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(v) => (v, text.clone()),
                Err(e) => {
                    return Err(error(
                        "InvalidExecutionInput",
                        format!("Invalid State Machine Execution Input: '{e}'"),
                    ));
                }
            },
            Some(v) => (v.clone(), v.to_string()),
        };
        let name = match get("Name").and_then(Value::as_str) {
            Some(n) => {
                crate::names::check_execution_name(n).map_err(|rule| {
                    error("InvalidName", format!("Invalid Name: '{n}' ({rule})"))
                })?;
                n.to_owned()
            }
            None => self.ids.uuid(),
        };
        let partition = self.setup.partition.clone();
        let execution_arn = partition.execution_arn(machine_name, &name);
        if self
            .children
            .iter()
            .any(|c| c.driver.execution.start_info().execution_arn == execution_arn)
        {
            return Err(error(
                "ExecutionAlreadyExists",
                format!("Execution Already Exists: '{execution_arn}'"),
            ));
        }
        let parsed = steplab_asl::parse(&definition);
        let Some(machine) = parsed.machine else {
            return Err(error(
                "InvalidDefinition",
                format!("the registered definition of '{machine_name}' is not valid"),
            ));
        };
        let options = RunOptions {
            partition: partition.clone(),
            name,
            state_machine_name: machine_name.to_owned(),
            role_name: format!("StepFunctions-{machine_name}-role"),
            start_millis: now,
            seed: self.ids.next_u64(),
            express: false,
            version_arn: None,
            alias_arn: None,
        };
        let execution = crate::run::start(machine, input, &options);
        let setup = Setup {
            functions: self.setup.functions.clone(),
            mocks: None,
            partition,
            seed: options.seed,
        };
        let mut driver = Driver::new(execution, setup);
        driver.state_machines = self.state_machines.clone();
        driver.depth = self.depth + 1;
        self.children.push(Child {
            driver: Box::new(driver),
            input: input_text,
            waiting: None,
            done: false,
        });
        self.fresh_children = true;
        Ok(self.children.len() - 1)
    }

    /// Polls child `i` at `now` (the parent's execution clock is the child's host clock), the
    /// services lent to it.
    fn child_poll(&mut self, i: usize, now: i64) -> Effect {
        let child = &mut self.children[i].driver;
        std::mem::swap(&mut child.services, &mut self.services);
        let effect = child.poll(now);
        std::mem::swap(&mut child.services, &mut self.services);
        self.made.append(&mut child.made);
        for (token, what) in std::mem::take(&mut child.outbox) {
            // an error has no one to go to (the child's call already answered)
            let _ = self.callback(&token, what, now);
        }
        effect
    }

    /// Carries the children forward until each waits: an invocation one hands out, and the
    /// earliest time one waits for.
    pub(super) fn carry_children(&mut self, now: i64) -> (Option<Effect>, Option<i64>) {
        self.fresh_children = false;
        let mut wake: Option<i64> = None;
        for i in 0..self.children.len() {
            if self.children[i].done {
                continue;
            }
            loop {
                match self.child_poll(i, now) {
                    Effect::Appended { .. } => {}
                    Effect::Invoke { id, call, timeout_seconds } => {
                        self.next_invoke += 1;
                        let out = InvokeId(self.next_invoke);
                        let deadline = now + i64::from(timeout_seconds) * 1000 + HOST_GRACE_MILLIS;
                        self.in_flight = Some(InFlight {
                            id: out,
                            owner: Owner::Child(i, id),
                            call: call.clone(),
                            deadline,
                        });
                        return (Some(Effect::Invoke { id: out, call, timeout_seconds }), wake);
                    }
                    Effect::WakeAt(t) | Effect::Awaiting(t) | Effect::AwaitingCallback(Some(t)) => {
                        wake = Some(wake.map_or(t, |w| w.min(t)));
                        break;
                    }
                    Effect::Paused(_) | Effect::AwaitingCallback(None) => break,
                    Effect::Finished => {
                        self.child_finished(i, now);
                        break;
                    }
                }
            }
        }
        (None, wake)
    }

    /// The host's answer to an invocation of child `i` (its id there `id`).
    pub(super) fn child_invoked(&mut self, i: usize, id: InvokeId, answer: Answer, now: i64) {
        let child = &mut self.children[i].driver;
        std::mem::swap(&mut child.services, &mut self.services);
        let _ = child.invoked(id, answer, now);
        std::mem::swap(&mut child.services, &mut self.services);
        self.made.append(&mut child.made);
    }

    fn child_finished(&mut self, i: usize, now: i64) {
        let child = &mut self.children[i];
        child.done = true;
        let Some((task, mode)) = child.waiting.take() else { return };
        let description = describe(&self.children[i], mode == SyncMode::Sync2, true);
        let outcome = match self.children[i].driver.execution.status() {
            ExecutionStatus::Succeeded { .. } => TaskOutcome::Succeeded(description),
            // `.sync`: the child's DescribeExecution as the cause
            _ => TaskOutcome::Failed {
                error: "States.TaskFailed".into(),
                cause: description.to_string(),
            },
        };
        self.execution.complete_task(task, outcome, now);
    }

    /// The executions this one started, and those they started.
    pub(super) fn all_children(&self) -> Vec<&Child> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(c);
            out.extend(c.driver.all_children());
        }
        out
    }

    /// The child whose execution ARN is `arn`, here or deeper.
    pub(super) fn find_child(&self, arn: &str) -> Option<&Child> {
        self.children.iter().find_map(|c| {
            if c.driver.execution.start_info().execution_arn == arn {
                Some(c)
            } else {
                c.driver.find_child(arn)
            }
        })
    }

    /// The executions the run started (nested executions and EventBridge targets, and those
    /// they started), in the order they started, each as `DescribeExecution` gives it (`Output`
    /// as JSON text) with its history.
    pub fn started_executions(&self) -> Vec<StartedExecution> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(StartedExecution {
                description: describe(c, false, true),
                history: c
                    .driver
                    .execution
                    .history()
                    .iter()
                    .map(steplab_asl::HistoryEvent::to_json)
                    .collect(),
            });
            out.extend(c.driver.started_executions());
        }
        out
    }
}

/// `DescribeExecution` of `child`: PascalCase members as the `.sync` integrations return them
/// (`pascal`), `Output` as JSON (`json_output`, `.sync:2`) or as JSON text.
pub(super) fn describe(child: &Child, json_output: bool, pascal: bool) -> Value {
    let execution = &child.driver.execution;
    let start = execution.start_info();
    let status = execution.status();
    let mut d = serde_json::Map::new();
    let mut put = |k: &str, v: Value| {
        let key = if pascal {
            k.to_owned()
        } else {
            format!("{}{}", k[..1].to_ascii_lowercase(), &k[1..])
        };
        d.insert(key, v);
    };
    put("ExecutionArn", json!(start.execution_arn));
    if json_output {
        put("Input", serde_json::from_str(&child.input).unwrap_or(Value::Null));
    } else {
        put("Input", json!(child.input));
    }
    put("InputDetails", json!({"Included": true}));
    put("Name", json!(start.name));
    match status {
        ExecutionStatus::Succeeded { output } => {
            put("Output", if json_output { output.clone() } else { json!(output.to_string()) });
            put("OutputDetails", json!({"Included": true}));
        }
        ExecutionStatus::Failed { error, cause }
        | ExecutionStatus::TimedOut { error, cause }
        | ExecutionStatus::Aborted { error, cause } => {
            if let Some(e) = error {
                put("Error", json!(e));
            }
            if let Some(c) = cause {
                put("Cause", json!(c));
            }
        }
        ExecutionStatus::Running => {}
    }
    // the API (camelCase) gives timestamps in seconds, the integrations in milliseconds
    let date =
        |millis: i64| if pascal { json!(millis) } else { crate::handler_aws::api_seconds(millis) };
    put("StartDate", date(start.start_millis));
    put("StateMachineArn", json!(start.state_machine_arn));
    put("Status", json!(status.as_str()));
    if !matches!(status, ExecutionStatus::Running)
        && let Some(last) = execution.history().last()
    {
        put("StopDate", date(last.timestamp_millis));
    }
    Value::Object(d)
}

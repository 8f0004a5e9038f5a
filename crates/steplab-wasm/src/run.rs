//! `run`: an execution from start to end, its effects carried out by [`steplab_runner::sync`], and its result as
//! plain data (`DescribeExecution`'s fields, the history as `GetExecutionHistory` returns it, the
//! functions' logs).

use serde::Serialize;
use serde_json::Value;
use steplab_asl::{Execution, ExecutionStatus, HistoryEvent};
use steplab_lambda::Environments;
use steplab_runner::{Driver, Functions, Ids, InvocationLog, Partition, RunOptions, Setup};

use crate::clock;
use crate::diagnostics::from_asl;
use crate::request::{RequestError, RunRequest};

/// The function log of one invocation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionLog {
    /// The Lambda request id.
    pub request_id: String,
    /// The function's name.
    pub function_name: String,
    /// `START RequestId: …`, what the function printed, `END …`, `REPORT …`.
    pub log: String,
}

/// How an execution ended (or stands, while it runs).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunResult {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: String,
    /// The output, when it succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The error name, when it failed, timed out or was aborted with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The cause, when it failed, timed out or was aborted with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The execution's name.
    pub name: String,
    /// `arn:aws:states:{region}:{account}:execution:{state machine}:{name}`.
    pub execution_arn: String,
    /// `arn:aws:states:{region}:{account}:stateMachine:{state machine}`.
    pub state_machine_arn: String,
    /// The events, as `GetExecutionHistory` returns them (`timestamp`, `type`, `id`,
    /// `previousEventId`, `…EventDetails`).
    pub history: Vec<Value>,
    /// The functions' logs, in call order.
    pub logs: Vec<FunctionLog>,
    /// The AWS resources as the run left them (the services' whole state): pass it as the next
    /// request's `resources` to go on from there (a run without `resources` starts with none:
    /// a table, queue, topic or bucket it names is not there, as in an empty account).
    pub resources: Value,
    /// The executions the run started (`states:startExecution`, EventBridge targets), each as
    /// `DescribeExecution` gives it (`ExecutionArn`, `Status`, `Output`, …).
    pub started_executions: Vec<Value>,
    /// The Map Runs of its Distributed Map states: `{description: DescribeMapRun, stateName,
    /// executions: [{description: DescribeExecution, history}]}` (children in item order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub map_runs: Vec<Value>,
    /// `DescribeExecution`'s `redriveCount`: how many times the execution was redriven.
    pub redrive_count: u64,
    /// `redriveDate`: when it was last redriven (ISO 8601), if ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redrive_date: Option<String>,
    /// `redriveStatus`: `REDRIVABLE` or `NOT_REDRIVABLE`, as of the last event.
    pub redrive_status: &'static str,
    /// `redriveStatusReason`, when not redrivable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redrive_status_reason: Option<&'static str>,
}

/// Runs the execution `request` describes to its end: Python functions run here, synchronously;
/// waits and retry back-offs pass at once on the virtual clock. `Err` when the request cannot
/// start (a field is wrong, the definition is invalid: see [`RequestError::diagnostics`]); a
/// failed execution is an `Ok` result with status `FAILED`.
pub fn run(request: &RunRequest) -> Result<RunResult, RequestError> {
    let mut started = Started::new(request)?;
    started.python_only()?;
    steplab_runner::sync::run_to_end(
        &mut started.driver,
        &mut started.functions,
        &mut started.clock,
    );
    Ok(result_of(&started.driver))
}

/// The result of `driver`'s execution so far, with the services' state and the executions it
/// started.
pub(crate) fn result_of(driver: &Driver) -> RunResult {
    let mut r = result(driver.execution(), driver.logs());
    r.resources = serde_json::to_value(driver.services()).unwrap_or(Value::Null);
    r.started_executions = driver.started_executions().into_iter().map(|s| s.description).collect();
    r
}

/// Runs the execution `request` describes to its end, as [`run`] does, with its Node.js
/// functions too: each runs in an environment of its own (a module Worker in a browser, a `node`
/// child process under Node.js) and the run waits for its answer, its clock still virtual.
#[cfg(target_arch = "wasm32")]
pub async fn run_async(request: &RunRequest) -> Result<RunResult, RequestError> {
    let mut started = Started::new(request)?;
    let mut functions = crate::node_functions::Mixed::new(started.functions, &started.node);
    steplab_runner::sync::run_to_end_async(&mut started.driver, &mut functions, &mut started.clock)
        .await;
    functions.end();
    Ok(result_of(&started.driver))
}

/// An execution ready to be driven, with the functions it calls and its virtual clock.
pub(crate) struct Started {
    pub(crate) driver: Driver,
    /// The Python functions.
    pub(crate) functions: Environments,
    /// The Node.js functions (run by `runAsync` only).
    pub(crate) node: Vec<steplab_function::FunctionConfig>,
    pub(crate) clock: i64,
}

impl Started {
    /// `Err` when a Node.js function is among the run's: only `runAsync` runs them.
    pub(crate) fn python_only(&self) -> Result<(), RequestError> {
        match self.node.first() {
            None => Ok(()),
            Some(f) => Err(RequestError::new(format!(
                "functions.{}: a Node.js function ({}) runs with runAsync (its JavaScript answers asynchronously); run and StepLabExecution run Python functions",
                f.function_name, f.runtime
            ))),
        }
    }

    /// Checks `request` and starts its execution (as `StartExecution`: nothing has run yet).
    pub(crate) fn new(request: &RunRequest) -> Result<Started, RequestError> {
        let parsed = steplab_asl::parse_with(
            &request.definition,
            steplab_asl::ParseOptions { express: request.express },
        );
        let Some(machine) = parsed.machine else {
            return Err(RequestError {
                message: "InvalidDefinition: the state machine definition is not valid".into(),
                diagnostics: parsed
                    .diagnostics
                    .iter()
                    .map(|d| from_asl(&request.definition, d))
                    .collect(),
            });
        };
        let check = |what: &str, value: &str, rule: fn(&str) -> Result<(), &'static str>| {
            rule(value).map_err(|rule| RequestError::new(format!("{what} '{value}': {rule}")))
        };
        check(
            "stateMachineName",
            &request.state_machine_name,
            steplab_runner::names::check_state_machine_name,
        )?;
        for name in request.functions.keys() {
            check("functions", name, steplab_runner::names::check_function_name)?;
        }
        let mocks = match (&request.mock_config, &request.test_case) {
            (Some(config), Some(test_case)) => {
                let config = steplab_asl::MockConfig::parse(config)
                    .map_err(|e| RequestError::new(format!("mockConfig: {e}")))?;
                Some(config.test_case(&request.state_machine_name, test_case).map_err(|e| {
                    RequestError::new(format!(
                        "mockConfig: {e} (the state machine is named by stateMachineName)"
                    ))
                })?)
            }
            (Some(_), None) => {
                return Err(RequestError::new("testCase: missing (mockConfig needs one)"));
            }
            (None, Some(_)) => {
                return Err(RequestError::new("mockConfig: missing (testCase needs one)"));
            }
            (None, None) => None,
        };
        let start_millis = request.start_millis.unwrap_or_else(clock::now_millis);
        let seed = request.seed.unwrap_or_else(clock::random_seed);
        let mut ids = Ids::new(seed);
        let name = match &request.name {
            Some(name) => {
                check("name", name, steplab_runner::names::check_execution_name)?;
                name.clone()
            }
            None => ids.uuid(),
        };
        let partition =
            Partition { region: request.region.clone(), account: request.account.clone() };
        let options = RunOptions {
            partition: partition.clone(),
            name,
            state_machine_name: request.state_machine_name.clone(),
            role_name: format!(
                "StepFunctions-{}-role-{}",
                request.state_machine_name,
                ids.suffix(9)
            ),
            start_millis,
            seed,
            express: request.express,
            version_arn: None,
            alias_arn: None,
        };
        let execution = steplab_runner::start(machine, request.input.clone(), &options);
        let (functions, node) = crate::functions::environments(&request.functions, &partition);
        let mut timeouts = functions.timeouts();
        timeouts.extend(node.iter().map(|f| (f.function_name.clone(), f.timeout_seconds)));
        let setup = Setup { functions: timeouts, mocks, partition: partition.clone(), seed };
        let mut driver = Driver::new(execution, setup);
        if let Some(seed) = &request.resources {
            let services = steplab_runner::resources::seed(seed, &partition, start_millis)
                .map_err(|e| {
                    let sep = if e.starts_with('[') { "" } else { ": " };
                    RequestError::new(format!("resources{sep}{e}"))
                })?;
            driver.set_services(services);
        }
        for (name, definition) in &request.state_machines {
            check("stateMachines", name, steplab_runner::names::check_state_machine_name)?;
            if steplab_asl::parse(definition).machine.is_none() {
                return Err(RequestError::new(format!(
                    "stateMachines.{name}: the state machine definition is not valid"
                )));
            }
            driver.register_state_machine(name, definition);
        }
        Ok(Started { driver, functions, node, clock: start_millis })
    }
}

/// The result of `execution` so far.
pub(crate) fn result(execution: &Execution, logs: &[InvocationLog]) -> RunResult {
    let (output, error, cause) = match execution.status() {
        ExecutionStatus::Succeeded { output } => (Some(output.clone()), None, None),
        ExecutionStatus::Failed { error, cause }
        | ExecutionStatus::TimedOut { error, cause }
        | ExecutionStatus::Aborted { error, cause } => (None, error.clone(), cause.clone()),
        ExecutionStatus::Running => (None, None, None),
    };
    let start = execution.start_info();
    let ended = execution.history().last().map_or(start.start_millis, |e| e.timestamp_millis);
    let redrive = execution.redrive_status(ended);
    RunResult {
        status: execution.status().as_str().to_owned(),
        output,
        error,
        cause,
        name: start.name.clone(),
        execution_arn: start.execution_arn.clone(),
        state_machine_arn: start.state_machine_arn.clone(),
        history: execution.history().iter().map(HistoryEvent::to_json).collect(),
        logs: logs
            .iter()
            .map(|l| FunctionLog {
                request_id: l.request_id.clone(),
                function_name: l.function_name.clone(),
                log: l.log.clone(),
            })
            .collect(),
        resources: Value::Null,
        started_executions: Vec::new(),
        map_runs: execution.map_runs_json(),
        redrive_count: execution.redrive_count(),
        redrive_date: execution.redrive_millis().map(steplab_asl::time::iso_millis),
        redrive_status: redrive.as_str(),
        redrive_status_reason: redrive.reason(),
    }
}

//! Drives an execution in the browser: the engine steps on the UI thread (it is fast and never blocks),
//! Python functions run in the worker, Waits and retry back-offs take real time, and every change is
//! recorded in the workspace as it happens, so the execution page updates live.

use std::collections::VecDeque;

use steplab_asl::{Execution, ExecutionStatus, Step, TaskRequest};
use steplab_runner::protocol::FunctionCode;
use steplab_runner::{Dispatch, Ids, InvocationLog, Partition, RunOptions};
use yew::UseReducerDispatcher;

use crate::lambda_host;
use crate::store::{Action, ExecutionRecord, Function, Workspace};

pub fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// A fresh random UUID (the console pre-fills execution names with one).
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| Ids::new(js_sys::Math::random().to_bits()).uuid())
}

/// Starts an execution of state machine `state_machine` named `name` with `input` (JSON text).
/// Returns the new record's key, or why it could not start.
pub fn start(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    state_machine: &str,
    name: &str,
    input: &str,
) -> Result<(), String> {
    let machine_record = workspace
        .state_machine(state_machine)
        .ok_or_else(|| format!("State machine {state_machine} does not exist"))?;
    if workspace.execution(state_machine, name).is_some() {
        // StartExecution's error for a name in use
        return Err(format!(
            "ExecutionAlreadyExists: Execution Already Exists: '{}'",
            workspace.partition.execution_arn(state_machine, name)
        ));
    }
    let parsed = steplab_asl::parse(&machine_record.definition);
    let Some(machine) = parsed.machine else {
        let first = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        return Err(format!("The state machine definition is not valid: {first}"));
    };
    let input_value: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))?;

    let start_millis = now_millis();
    #[allow(clippy::cast_sign_loss)]
    let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    let options = RunOptions {
        partition: workspace.partition.clone(),
        name: name.to_owned(),
        state_machine_name: state_machine.to_owned(),
        role_name: machine_record.role_name.clone(),
        start_millis,
        seed,
    };
    let execution = steplab_runner::start(machine, input_value, &options);
    let record = ExecutionRecord {
        name: name.to_owned(),
        arn: workspace.partition.execution_arn(state_machine, name),
        state_machine: state_machine.to_owned(),
        definition: machine_record.definition.clone(),
        input: input.to_owned(),
        status: "RUNNING".into(),
        output: None,
        error: None,
        cause: None,
        start_millis,
        stop_millis: None,
        events: Vec::new(),
        logs: Vec::new(),
    };
    let run = Run {
        execution,
        record,
        functions: workspace.functions.clone(),
        partition: workspace.partition.clone(),
        ids: Ids::new(seed ^ 0x5DEE_CE66),
        dispatcher,
    };
    wasm_bindgen_futures::spawn_local(run.drive());
    Ok(())
}

struct Run {
    execution: Execution,
    record: ExecutionRecord,
    functions: Vec<Function>,
    partition: Partition,
    ids: Ids,
    dispatcher: UseReducerDispatcher<Workspace>,
}

impl Run {
    fn publish(&mut self) {
        let record = &mut self.record;
        record.events =
            self.execution.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
        let (status, output, error, cause) = match self.execution.status() {
            ExecutionStatus::Running => ("RUNNING", None, None, None),
            ExecutionStatus::Succeeded { output } => {
                ("SUCCEEDED", Some(output.to_string()), None, None)
            }
            ExecutionStatus::Failed { error, cause } => {
                ("FAILED", None, error.clone(), cause.clone())
            }
            ExecutionStatus::TimedOut { error, cause } => {
                ("TIMED_OUT", None, error.clone(), cause.clone())
            }
            ExecutionStatus::Aborted { error, cause } => {
                ("ABORTED", None, error.clone(), cause.clone())
            }
        };
        record.status = status.into();
        record.output = output;
        record.error = error;
        record.cause = cause;
        if status != "RUNNING" {
            record.stop_millis = self.execution.history().last().map(|e| e.timestamp_millis);
        }
        self.dispatcher.dispatch(Action::PutExecution(record.clone()));
    }

    async fn drive(mut self) {
        let mut queued: VecDeque<TaskRequest> = VecDeque::new();
        loop {
            let step = self.execution.step(now_millis());
            self.publish();
            match step {
                Step::Task(request) => queued.push_back(request),
                Step::Wait { until_millis } => match queued.pop_front() {
                    Some(request) => self.carry_out(request).await,
                    None => {
                        let ms =
                            u32::try_from((until_millis - now_millis()).max(0)).unwrap_or(u32::MAX);
                        gloo::timers::future::TimeoutFuture::new(ms).await;
                    }
                },
                Step::Pending => match queued.pop_front() {
                    Some(request) => self.carry_out(request).await,
                    None => {
                        self.execution.stop(
                            Some("States.Runtime".into()),
                            Some("the execution waits on a task that was never handed out".into()),
                            now_millis(),
                        );
                        self.publish();
                        return;
                    }
                },
                Step::Done => return,
            }
        }
    }

    async fn carry_out(&mut self, request: TaskRequest) {
        let request_id = self.ids.uuid();
        let outcome = match steplab_runner::lambda::dispatch(
            &request.invocation,
            &self.partition,
            request_id,
        ) {
            Dispatch::Done(outcome) => outcome,
            Dispatch::Lambda(call) => {
                match self.functions.iter().find(|f| f.name == call.function_name) {
                    None => steplab_runner::lambda::not_found(&call.function_arn, &call.request_id),
                    Some(function) => {
                        let code = FunctionCode {
                            name: function.name.clone(),
                            handler: function.handler.clone(),
                            code: function.code.clone(),
                            timeout_seconds: 3,
                            memory_size_mb: 128,
                            region: self.partition.region.clone(),
                            account: self.partition.account.clone(),
                        };
                        let reply = match lambda_host::invoke(code, call.clone()).await {
                        Ok(reply) => reply,
                        Err(e) => steplab_runner::LambdaReply {
                            payload: serde_json::json!({"errorType": "Lambda.ServiceException", "errorMessage": e}).to_string(),
                            function_error: Some("Unhandled".into()),
                            log: String::new(),
                            duration_ms: 0.0,
                        },
                    };
                        self.record.logs.push(InvocationLog {
                            request_id: call.request_id.clone(),
                            function_name: call.function_name.clone(),
                            log: reply.log.clone(),
                        });
                        steplab_runner::lambda::outcome(&call, &reply)
                    }
                }
            }
        };
        self.execution.complete_task(request.id, outcome, now_millis());
    }
}

//! Task tokens and the Step Functions API the run answers itself: `SendTaskSuccess`,
//! `SendTaskFailure`, `SendTaskHeartbeat` for `.waitForTaskToken` tasks (of this execution or of
//! one it started), `StartExecution` and `DescribeExecution` of the executions it started, and
//! [`Driver::call_service`], which a function's AWS SDK calls go through.
//!
//! Errors for a token as Step Functions gives them: one that no task was ever handed is
//! `InvalidToken` ("Invalid token"); one whose task is over (completed, timed out, or its
//! execution ended) is `TaskTimedOut` ("Task Timed Out: 'Provided task does not exist anymore'").

use serde_json::{Value, json};
use steplab_services::ServiceError;

use super::Driver;
use super::nested::describe;

/// The Step Functions service names [`Driver::call_service`] answers itself.
const STEP_FUNCTIONS: [&str; 3] = ["stepfunctions", "sfn", "states"];

fn invalid_token() -> ServiceError {
    ServiceError::client("InvalidToken", "Invalid token")
}

fn timed_out() -> ServiceError {
    ServiceError::client("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
}

/// A member named `PascalCase` (as a Task's parameters name it) or `camelCase` (as the API and
/// boto3 name it).
fn member<'v>(input: &'v Value, pascal: &str) -> Option<&'v Value> {
    let camel = format!("{}{}", pascal[..1].to_ascii_lowercase(), &pascal[1..]);
    input.get(pascal).or_else(|| input.get(&camel))
}

fn string_member(input: &Value, pascal: &str) -> Option<String> {
    member(input, pascal).and_then(Value::as_str).map(str::to_owned)
}

fn required(input: &Value, pascal: &str) -> Result<String, ServiceError> {
    string_member(input, pascal).ok_or_else(|| {
        let camel = format!("{}{}", pascal[..1].to_ascii_lowercase(), &pascal[1..]);
        ServiceError::validation(format!(
            "1 validation error detected: Value null at '{camel}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

/// What a callback does to the execution holding the token.
pub(super) enum Callback {
    Success(Value),
    Failure(Option<String>, Option<String>),
    Heartbeat,
}

impl Driver {
    /// Whether this execution (or one it started) handed out `token`.
    fn knows(&self, token: &str) -> bool {
        self.tokens.contains(token) || self.children.iter().any(|c| c.driver.knows(token))
    }

    pub(super) fn callback(
        &mut self,
        token: &str,
        what: Callback,
        now: i64,
    ) -> Result<(), ServiceError> {
        if self.tokens.contains(token) {
            let done = match what {
                Callback::Success(output) => self.execution.send_task_success(token, output, now),
                Callback::Failure(error, cause) => {
                    self.execution.send_task_failure(token, error, cause, now)
                }
                Callback::Heartbeat => self.execution.send_task_heartbeat(token, now),
            };
            return if done { Ok(()) } else { Err(timed_out()) };
        }
        match self.children.iter_mut().find(|c| c.driver.knows(token)) {
            // the child's host clock is this execution's clock
            Some(c) => c.driver.callback(token, what, now),
            // a nested execution calling back the execution that started it (or another one):
            // the parent delivers it after this turn (its error, if any, is not seen here)
            None if self.depth > 0 => {
                self.outbox.push((token.to_owned(), what));
                Ok(())
            }
            None => Err(invalid_token()),
        }
    }

    /// `SendTaskSuccess`: the `.waitForTaskToken` task holding `token` succeeds with `output`.
    pub fn send_task_success(
        &mut self,
        token: &str,
        output: Value,
        host_now: i64,
    ) -> Result<(), ServiceError> {
        let now = self.now(host_now);
        self.callback(token, Callback::Success(output), now)
    }

    /// `SendTaskFailure`: the `.waitForTaskToken` task holding `token` fails with `error` and
    /// `cause`.
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
        host_now: i64,
    ) -> Result<(), ServiceError> {
        let now = self.now(host_now);
        self.callback(token, Callback::Failure(error, cause), now)
    }

    /// `SendTaskHeartbeat`: restarts the `HeartbeatSeconds` clock of the task holding `token`.
    pub fn send_task_heartbeat(&mut self, token: &str, host_now: i64) -> Result<(), ServiceError> {
        let now = self.now(host_now);
        self.callback(token, Callback::Heartbeat, now)
    }

    /// The task tokens handed out so far (this execution's and those of the executions it
    /// started), in no particular order.
    pub fn task_tokens(&self) -> Vec<String> {
        let mut out: Vec<String> = self.tokens.iter().cloned().collect();
        for c in &self.children {
            out.extend(c.driver.task_tokens());
        }
        out
    }

    /// Where and when a call of the services made at host time `host_now` happens.
    pub fn service_context(&self, host_now: i64) -> steplab_services::Context {
        self.context(self.now(host_now))
    }

    /// The run as a function invoked at host time `host_now` sees it through its AWS SDK (see
    /// [`crate::handler_aws`]).
    pub fn aws_snapshot(&mut self, host_now: i64) -> crate::handler_aws::AwsSnapshot {
        let now = self.now(host_now);
        crate::handler_aws::AwsSnapshot {
            services: self.services.clone(),
            now_millis: now,
            partition: self.setup.partition.clone(),
            tokens: self.task_tokens().into_iter().collect(),
            state_machines: self.state_machines.keys().cloned().collect(),
            functions: self.setup.functions.keys().cloned().collect(),
            executions: self
                .all_children()
                .into_iter()
                .map(|c| {
                    (
                        c.driver.execution.start_info().execution_arn.clone(),
                        describe(c, false, false),
                    )
                })
                .collect(),
            seed: self.ids.next_u64(),
            depth: 0,
        }
    }

    /// Makes again, at `now` on the execution's clock, the AWS SDK calls a function made on its
    /// copy of the run (see [`crate::handler_aws`]); a call that fails now is dropped (the
    /// function was told it succeeded).
    pub(super) fn take_calls(&mut self, calls: &[crate::handler_aws::AwsCall], now: i64) {
        for call in calls {
            let _ = match call.service.as_str() {
                s if STEP_FUNCTIONS.contains(&s) => {
                    self.sfn_call(&call.operation, &call.input, now, false)
                }
                "lambda" => {
                    let name = member(&call.input, "FunctionName").and_then(Value::as_str);
                    let payload = match member(&call.input, "Payload") {
                        Some(Value::String(text)) => {
                            serde_json::from_str(text).unwrap_or(Value::Null)
                        }
                        Some(v) => v.clone(),
                        None => json!({}),
                    };
                    if let Some(name) = name {
                        let arn = match crate::FunctionRef::parse(name) {
                            Ok(f) => f.arn_in(&self.setup.partition),
                            Err(_) => name.to_owned(),
                        };
                        self.invoke_async(&arn, &payload);
                    }
                    Ok(Value::Null)
                }
                service => self.services_call(service, &call.operation, &call.input, now),
            };
        }
    }

    /// Calls `operation` (`PutItem`, `SendMessage`, `SendTaskSuccess`) of `service` (`dynamodb`,
    /// `sqs`, `sns`, `s3`, `events`; `stepfunctions`, `sfn` or `states` for the Step Functions API
    /// the run answers itself) with `input` in the AWS SDKs' shape, at host time `host_now`: what
    /// a function's AWS SDK call (boto3) goes through. What the call sets off (an SNS delivery to
    /// a function, an execution an EventBridge rule starts) is carried out by the run.
    pub fn call_service(
        &mut self,
        service: &str,
        operation: &str,
        input: &Value,
        host_now: i64,
    ) -> Result<Value, ServiceError> {
        let now = self.now(host_now);
        if STEP_FUNCTIONS.contains(&service) {
            self.sfn_call(operation, input, now, false)
        } else {
            self.services_call(service, operation, input, now)
        }
    }

    /// A Step Functions API call at `now`: output members in PascalCase for a Task's AWS SDK
    /// integration (`pascal`), camelCase as the API (and boto3) gives them otherwise.
    pub(super) fn sfn_call(
        &mut self,
        operation: &str,
        input: &Value,
        now: i64,
        pascal: bool,
    ) -> Result<Value, ServiceError> {
        match operation {
            "SendTaskSuccess" => {
                let token = required(input, "TaskToken")?;
                let output = match member(input, "Output") {
                    Some(Value::String(text)) => serde_json::from_str(text)
                        .map_err(|_| ServiceError::client("InvalidOutput", "Invalid output"))?,
                    Some(v) => v.clone(),
                    None => return Err(required(input, "Output").unwrap_err()),
                };
                self.callback(&token, Callback::Success(output), now)?;
                Ok(json!({}))
            }
            "SendTaskFailure" => {
                let token = required(input, "TaskToken")?;
                let error = string_member(input, "Error");
                let cause = string_member(input, "Cause");
                self.callback(&token, Callback::Failure(error, cause), now)?;
                Ok(json!({}))
            }
            "SendTaskHeartbeat" => {
                let token = required(input, "TaskToken")?;
                self.callback(&token, Callback::Heartbeat, now)?;
                Ok(json!({}))
            }
            "StartExecution" => {
                let i = self.start_child(input, now)?;
                let arn = self.children[i].driver.execution.start_info().execution_arn.clone();
                Ok(if pascal {
                    json!({"ExecutionArn": arn, "StartDate": now})
                } else {
                    json!({"executionArn": arn, "startDate": crate::handler_aws::api_seconds(now)})
                })
            }
            "DescribeExecution" => {
                let arn = required(input, "ExecutionArn")?;
                match self.find_child(&arn) {
                    Some(c) => Ok(describe(c, false, pascal)),
                    None => Err(ServiceError::client(
                        "ExecutionDoesNotExist",
                        format!("Execution Does Not Exist: '{arn}'"),
                    )),
                }
            }
            _ => Err(ServiceError::unknown_operation("stepfunctions", operation)),
        }
    }
}

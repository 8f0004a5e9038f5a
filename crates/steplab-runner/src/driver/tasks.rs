//! How the driver carries out a Task's invocation: a mocked answer when the test case covers the
//! state, a call of the AWS services ([`crate::integrations`]), a nested execution, a service
//! integration's default response, or a Lambda function (handed to the host).

use std::sync::Arc;

use serde_json::{Value, json};
use steplab_asl::{Invocation, TaskOutcome, TaskRequest};
use steplab_services::{Context, ServiceError};

use super::{Driver, Effect, Owner};
use crate::integrations::{self, Style, SyncMode, Target};
use crate::lambda::{Dispatch, dispatch, not_found};
use crate::service;

impl Driver {
    /// Carries out `request` at `now` (the execution's clock): completes it at once, leaves it to
    /// a nested execution, or hands the host an [`Effect::Invoke`].
    pub(super) fn carry_out(&mut self, request: TaskRequest, now: i64) -> Option<Effect> {
        if let Some(token) = &request.task_token {
            self.tokens.insert(token.clone());
        }
        // a Distributed Map reading its items or writing its results: S3, never a mock (mocks
        // answer Task states)
        if let Invocation::MapStorage { operation, input } = &request.invocation {
            let outcome = self.map_storage(operation, input, now);
            self.execution.complete_task(request.id, outcome, now);
            return None;
        }
        let mocked = self.setup.mocks.as_mut().filter(|m| m.covers(&request.state_name));
        if let Some(outcome) = mocked.and_then(|m| m.answer(&request.state_name)) {
            self.execution.complete_task(request.id, outcome, now);
            return None;
        }
        if let Invocation::Service { resource, parameters } = &request.invocation {
            let (resource, parameters) = (Arc::clone(resource), Arc::clone(parameters));
            if let Some(outcome) = self.integration(&request, &resource, &parameters, now) {
                self.execution.complete_task(request.id, outcome, now);
            }
            return None;
        }
        let request_id = self.ids.uuid();
        let call = match dispatch(&request.invocation, &self.setup.partition, request_id) {
            Dispatch::Done(outcome) => {
                self.execution.complete_task(request.id, outcome, now);
                return None;
            }
            Dispatch::Lambda(call) => call,
        };
        if !self.setup.functions.contains_key(&call.function_name) {
            let outcome = not_found(&call.function_arn, &call.request_id);
            self.execution.complete_task(request.id, outcome, now);
            return None;
        }
        Some(self.hand_out(Owner::Task(request), call, now))
    }

    /// The outcome of a Task on an AWS service integration; `None` while a nested execution
    /// runs for it (`.sync`, `.sync:2`).
    fn integration(
        &mut self,
        request: &TaskRequest,
        resource: &str,
        parameters: &Value,
        now: i64,
    ) -> Option<TaskOutcome> {
        match integrations::target(resource) {
            Some(Target::Service { service, operation, style }) => {
                let request_id = self.ids.uuid();
                let input = integrations::input(style, service, parameters);
                Some(match self.services_call(service, &operation, &input, now) {
                    Ok(output) => {
                        TaskOutcome::Succeeded(integrations::output(style, output, &request_id))
                    }
                    // an operation StepLab's services lack: as an integration without a default
                    Err(e) if e.code == "UnknownOperationException" => TaskOutcome::Failed {
                        error: "States.Runtime".into(),
                        cause: service::unmocked_cause(resource, &request.state_name),
                    },
                    Err(e) => {
                        let (error, cause) = integrations::failure(style, service, &e, &request_id);
                        TaskOutcome::Failed { error, cause }
                    }
                })
            }
            Some(Target::StartExecution(mode)) => {
                let style =
                    if resource.contains(":aws-sdk:") { Style::Sdk } else { Style::Optimized };
                let request_id = self.ids.uuid();
                match self.start_child(parameters, now) {
                    Ok(i) if mode == SyncMode::Start => {
                        let c = &self.children[i];
                        let body = json!({
                            "ExecutionArn": c.driver.execution.start_info().execution_arn,
                            "StartDate": now,
                        });
                        Some(TaskOutcome::Succeeded(integrations::output(style, body, &request_id)))
                    }
                    Ok(i) => {
                        // `.sync`, `.sync:2`: the child has started; AWS records TaskSubmitted
                        // before the task waits for it. Its output is StartExecution's response
                        // as the request-response integration returns it (verify: no recorded
                        // AWS history in our sources shows this output)
                        let c = &self.children[i];
                        let body = json!({
                            "ExecutionArn": c.driver.execution.start_info().execution_arn,
                            "StartDate": now,
                        });
                        let submitted = integrations::output(style, body, &request_id);
                        self.children[i].waiting = Some((request.id, mode));
                        self.execution.task_submitted(request.id, &submitted, now);
                        None
                    }
                    Err(e) => {
                        let (error, cause) = match style {
                            Style::Optimized => (
                                format!("StepFunctions.{}Exception", e.code),
                                format!(
                                    "{} (Service: AWSStepFunctions; Status Code: {}; Error Code: {}; Request ID: {request_id}; Proxy: null)",
                                    e.message, e.status, e.code
                                ),
                            ),
                            Style::Sdk => integrations::failure(style, "sfn", &e, &request_id),
                        };
                        Some(TaskOutcome::Failed { error, cause })
                    }
                }
            }
            Some(Target::StepFunctions(operation)) => {
                let request_id = self.ids.uuid();
                Some(match self.sfn_call(&operation, parameters, now, true) {
                    Ok(v) => TaskOutcome::Succeeded(v),
                    Err(e) => {
                        let (error, cause) =
                            integrations::failure(Style::Sdk, "sfn", &e, &request_id);
                        TaskOutcome::Failed { error, cause }
                    }
                })
            }
            _ => Some(
                match service::default_response(
                    resource,
                    parameters,
                    &self.setup.partition,
                    now,
                    &mut self.ids,
                ) {
                    Some(v) => TaskOutcome::Succeeded(v),
                    None => TaskOutcome::Failed {
                        error: "States.Runtime".into(),
                        cause: service::unmocked_cause(resource, &request.state_name),
                    },
                },
            ),
        }
    }

    /// A Distributed Map's S3 call (`ItemReader`, `ResultWriter`): the services' output, or
    /// their error's code and message (a run started without resources has no bucket, as an
    /// account without them).
    fn map_storage(&mut self, operation: &str, input: &Value, now: i64) -> TaskOutcome {
        match self.services_call("s3", operation, input, now) {
            Ok(output) => TaskOutcome::Succeeded(output),
            Err(e) => TaskOutcome::Failed { error: e.code, cause: e.message },
        }
    }

    /// The services' context at `now` (the execution's clock) in the execution's partition.
    pub(super) fn context(&self, now: i64) -> Context {
        Context {
            now_millis: now,
            region: self.setup.partition.region.clone(),
            account: self.setup.partition.account.clone(),
        }
    }

    /// Calls `operation` of one of the services at `now`, carrying out what it sets off.
    pub(super) fn services_call(
        &mut self,
        service: &str,
        operation: &str,
        input: &Value,
        now: i64,
    ) -> Result<Value, ServiceError> {
        let context = self.context(now);
        let response = self.services.call(service, operation, input, &context)?;
        self.made.push(crate::handler_aws::MadeCall {
            now_millis: now,
            call: crate::handler_aws::AwsCall {
                service: service.to_owned(),
                operation: operation.to_owned(),
                input: input.clone(),
            },
        });
        self.carry_out_services_effects(response.effects, now);
        Ok(response.output)
    }

    /// Carries out what calls of the services set off at `now` (the execution's clock): an SNS
    /// delivery to a function is queued for the host, an EventBridge target starts an execution.
    pub(super) fn carry_out_services_effects(
        &mut self,
        effects: Vec<steplab_services::Effect>,
        now: i64,
    ) {
        for effect in effects {
            match effect {
                steplab_services::Effect::InvokeFunction { function_arn, payload } => {
                    self.invoke_async(&function_arn, &payload);
                }
                steplab_services::Effect::StartExecution { state_machine_arn, input } => {
                    // an EventBridge target: a delivery that fails is dropped, as AWS drops it
                    // (after its retries) when no dead-letter queue is set
                    let params = json!({"StateMachineArn": state_machine_arn, "Input": input});
                    let _ = self.start_child(&params, now);
                }
            }
        }
    }

    /// Queues an asynchronous invocation of `function_arn` (`InvocationType: Event`); one of a
    /// function StepLab does not have is dropped, as Lambda drops an event it cannot deliver.
    pub(super) fn invoke_async(&mut self, function_arn: &str, payload: &Value) {
        let Ok(function) = crate::FunctionRef::parse(function_arn) else { return };
        if !self.setup.functions.contains_key(&function.name) {
            return;
        }
        let request_id = self.ids.uuid();
        self.async_invokes.push_back(crate::LambdaCall {
            function_name: function.name.clone(),
            function_arn: function.arn_in(&self.setup.partition),
            payload: payload.to_string(),
            request_id,
        });
    }
}

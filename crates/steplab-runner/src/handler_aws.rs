//! A function's AWS SDK calls (boto3), in every host. A function runs apart from the driver (in
//! the host's thread while the driver waits, or in a Worker of its own in the browser) and its
//! calls are answered at once, so each invocation takes an [`AwsSnapshot`] of the run with it
//! (the services, the task tokens, the state machines and executions it may name) and
//! [`HandlerAws`] answers from that copy. The calls that succeeded come back with the function's
//! reply ([`crate::LambdaReply::aws_calls`]) and the driver makes them again, in order, on the
//! run's own services ([`crate::Driver::invoked`]): what they set off (an SNS delivery, an
//! EventBridge target, a task token's callback, an execution the function started, an
//! asynchronous invocation) happens then. Functions that run at the same time (a Map's
//! iterations) each see the run as it stood when they started; their calls all land, in the order
//! the functions return. A call that succeeded on the copy but fails when made again (another
//! function changed the same item in between) fails there only: the function was told it
//! succeeded. AWS serialises such calls as they arrive; StepLab cannot reach the run while a
//! function runs.
//!
//! A synchronous Lambda `Invoke` (`InvocationType: RequestResponse`, the default) runs the target
//! while the caller waits, as on AWS: [`HandlerAws::begin_invoke`] checks the call (the function
//! exists: `ResourceNotFoundException`; the payload is at most 6 MB (1 MB for `Event`): `RequestEntityTooLargeException`,
//! and JSON: `InvalidRequestContentException`; the nesting is at most [`MAX_NESTED_DEPTH`] deep:
//! `TooManyRequestsException`) and gives the target's invocation (a request id of its own) with a
//! copy of the run as the caller's calls left it; the host runs it; [`HandlerAws::end_invoke`]
//! takes what the target changed into the caller's copy, keeps its calls after the caller's so
//! far (so they land on the run in the order made), keeps its log (and those of what it invoked)
//! for [`crate::LambdaReply::invoked`], which the driver records before the caller's own, and
//! answers `{StatusCode: 200, ExecutedVersion, Payload, FunctionError?, LogResult?}` (the last
//! 4 KB of the target's log, base64, with `LogType: Tail`). The target runs in an execution
//! environment that is not busy: an idle warm one of its function, else a new one (a cold start,
//! as Lambda scales out), so a function that invokes itself never waits for itself.
//!
//! Who runs the target: in the synchronous hosts an [`Invoker`] ([`crate::Functions::invoker`]:
//! the CLI's and the JavaScript API's functions, at once, in the calling thread), and
//! [`AwsHost::call`] does it all. In the browser the execution Worker answers a Node.js
//! function's call with the two halves around an asynchronous invocation of the target's Worker;
//! a Python function's Worker runs Python synchronously and cannot wait for a message, so it runs
//! a Python target itself, in an interpreter of its own (its [`Invoker`]), and has a Node.js target
//! run in its Worker by the execution Worker while it waits on a shared buffer
//! ([`Invoker::elsewhere`]; a page that is not cross-origin isolated has no shared memory, and the
//! caller gets a message that says so). Without an invoker, a `RequestResponse` invoke
//! fails with a message that says so. `Event` (asynchronous) and `DryRun` invocations work
//! everywhere.

use std::collections::{BTreeMap, BTreeSet};

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use steplab_function::aws::{AwsError, AwsHost, SharedAwsHost};
use steplab_services::{Context, ServiceError, Services};

use crate::arn::Partition;
use crate::ids::Ids;
use crate::lambda::{LambdaCall, LambdaReply};
use crate::run::InvocationLog;

/// The run as a function's AWS SDK calls see it when the function starts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AwsSnapshot {
    /// The services, as they stand.
    pub services: Services,
    /// Where and when (the run's clock when the function starts).
    pub now_millis: i64,
    /// The run's region and account.
    pub partition: Partition,
    /// The task tokens the run handed out.
    pub tokens: BTreeSet<String>,
    /// The state machines `StartExecution` may start, by name.
    pub state_machines: BTreeSet<String>,
    /// The functions an asynchronous `Invoke` may reach, by name.
    pub functions: BTreeSet<String>,
    /// The executions the run started, by ARN: `DescribeExecution`'s camelCase members.
    pub executions: BTreeMap<String, Value>,
    /// The seed of the names of the executions the function starts without one.
    pub seed: u64,
    /// How deep the invocation is nested in synchronous invocations from functions (0: invoked by
    /// the run; see [`MAX_NESTED_DEPTH`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub depth: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A call a function made that succeeded on its copy of the run: made again on the run's
/// services when the function returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AwsCall {
    /// As the SDK names the client (`dynamodb`, `stepfunctions`, `lambda`).
    pub service: String,
    /// The API operation (`PutItem`).
    pub operation: String,
    /// The input, in the shape [`steplab_services::Services::call`] takes (for `StartExecution`
    /// with the name the function was told).
    pub input: Value,
}

/// A call a run made on its services, and when (the run's clock): made again on the services the
/// run was started from when it ends ([`make_again`]), so that what changed them meanwhile (the
/// console, another execution) is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MadeCall {
    /// Milliseconds since the Unix epoch.
    pub now_millis: i64,
    /// The call.
    #[serde(flatten)]
    pub call: AwsCall,
}

/// Makes `made` again on `services`, in `partition` (what the calls set off within the services,
/// an SNS delivery to a queue, lands too; a call that fails now changes nothing).
pub fn make_again(services: &mut Services, made: &[MadeCall], partition: &Partition) {
    for m in made {
        let context = Context {
            now_millis: m.now_millis,
            region: partition.region.clone(),
            account: partition.account.clone(),
        };
        let _ = services.call(&m.call.service, &m.call.operation, &m.call.input, &context);
    }
}

/// Answers one invocation's AWS SDK calls from an [`AwsSnapshot`], keeping the calls to make
/// again.
#[derive(Default)]
pub struct HandlerAws {
    run: AwsSnapshot,
    context: Option<Context>,
    ids: Option<Ids>,
    calls: Vec<AwsCall>,
    /// Runs what the function invokes synchronously (none: such an invoke is refused).
    invoker: Option<Rc<dyn Invoker>>,
    /// The invocations the function made synchronously (and those they made), as they returned.
    invoked: Vec<InvocationLog>,
}

fn error(e: ServiceError) -> AwsError {
    AwsError { code: e.code, message: e.message, status: e.status }
}

fn client_error(code: &str, message: impl Into<String>) -> AwsError {
    AwsError { code: code.into(), message: message.into(), status: 400 }
}

fn camel(pascal: &str) -> String {
    format!("{}{}", pascal[..1].to_ascii_lowercase(), &pascal[1..])
}

/// A member named `camelCase` (as the API and boto3 name it) or `PascalCase`.
fn member<'v>(input: &'v Value, pascal: &str) -> Option<&'v Value> {
    input.get(camel(pascal)).or_else(|| input.get(pascal))
}

fn required<'v>(input: &'v Value, pascal: &str) -> Result<&'v str, AwsError> {
    member(input, pascal).and_then(Value::as_str).ok_or_else(|| {
        client_error(
            "ValidationException",
            format!(
                "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
                camel(pascal)
            ),
        )
    })
}

/// Milliseconds since the epoch as the Step Functions API gives a timestamp: seconds.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn api_seconds(millis: i64) -> Value {
    json!(millis as f64 / 1000.0)
}

impl HandlerAws {
    /// Answers from `run`.
    pub fn new(run: AwsSnapshot) -> Self {
        Self {
            context: Some(Context {
                now_millis: run.now_millis,
                region: run.partition.region.clone(),
                account: run.partition.account.clone(),
            }),
            ids: Some(Ids::new(run.seed)),
            run,
            calls: Vec::new(),
            invoker: None,
            invoked: Vec::new(),
        }
    }

    /// Answers from `run`, with `invoker` running the functions it invokes synchronously
    /// (`Invoke`, `RequestResponse`).
    pub fn with_invoker(run: AwsSnapshot, invoker: Option<Rc<dyn Invoker>>) -> Self {
        let mut handler = Self::new(run);
        handler.invoker = invoker;
        handler
    }

    /// The calls that succeeded, in the order they were made (a synchronously invoked
    /// function's among them, where it ran).
    pub fn calls(self) -> Vec<AwsCall> {
        self.calls
    }

    /// The calls that succeeded and the logs of the invocations the function made synchronously
    /// (in the order they returned): what the function's reply carries
    /// ([`LambdaReply::aws_calls`], [`LambdaReply::invoked`]).
    pub fn finish(self) -> (Vec<AwsCall>, Vec<InvocationLog>) {
        (self.calls, self.invoked)
    }

    fn keep(&mut self, service: &str, operation: &str, input: Value) {
        self.calls.push(AwsCall { service: service.into(), operation: operation.into(), input });
    }

    fn step_functions(&mut self, operation: &str, input: &Value) -> Result<Value, AwsError> {
        match operation {
            "SendTaskSuccess" | "SendTaskFailure" | "SendTaskHeartbeat" => {
                let token = required(input, "TaskToken")?;
                if !self.run.tokens.contains(token) {
                    return Err(client_error("InvalidToken", "Invalid token"));
                }
                if operation == "SendTaskSuccess" {
                    let output = required(input, "Output")?;
                    if serde_json::from_str::<Value>(output).is_err() {
                        return Err(client_error("InvalidOutput", "Invalid output"));
                    }
                }
                self.keep("stepfunctions", operation, input.clone());
                Ok(json!({}))
            }
            "StartExecution" => self.start_execution(input),
            "DescribeExecution" => {
                let arn = required(input, "ExecutionArn")?;
                self.run.executions.get(arn).cloned().ok_or_else(|| {
                    client_error(
                        "ExecutionDoesNotExist",
                        format!("Execution Does Not Exist: '{arn}'"),
                    )
                })
            }
            _ => Err(client_error(
                "UnknownOperationException",
                format!("StepLab's Step Functions does not answer {operation}"),
            )),
        }
    }

    /// `StartExecution`: checked here as the driver checks it, the name drawn now so that the
    /// execution the driver starts has the ARN the function was told.
    fn start_execution(&mut self, input: &Value) -> Result<Value, AwsError> {
        let arn = required(input, "StateMachineArn")?;
        let machine = match arn.split_once(":stateMachine:") {
            Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
            None => arn,
        };
        if !self.run.state_machines.contains(machine) {
            return Err(client_error(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            ));
        }
        let name = match member(input, "Name").and_then(Value::as_str) {
            Some(n) => {
                crate::names::check_execution_name(n).map_err(|rule| {
                    client_error("InvalidName", format!("Invalid Name: '{n}' ({rule})"))
                })?;
                n.to_owned()
            }
            None => self.ids.get_or_insert_with(|| Ids::new(self.run.seed)).uuid(),
        };
        let execution_input = match member(input, "Input") {
            None | Some(Value::Null) => "{}".to_owned(),
            Some(Value::String(text)) => {
                if let Err(e) = serde_json::from_str::<Value>(text) {
                    return Err(client_error(
                        "InvalidExecutionInput",
                        format!("Invalid State Machine Execution Input: '{e}'"),
                    ));
                }
                text.clone()
            }
            Some(v) => v.to_string(),
        };
        let execution_arn = self.run.partition.execution_arn(machine, &name);
        if self.run.executions.contains_key(&execution_arn) {
            return Err(client_error(
                "ExecutionAlreadyExists",
                format!("Execution Already Exists: '{execution_arn}'"),
            ));
        }
        let start = api_seconds(self.run.now_millis);
        self.run.executions.insert(
            execution_arn.clone(),
            json!({
                "executionArn": execution_arn,
                "input": execution_input,
                "inputDetails": {"included": true},
                "name": name,
                "startDate": start,
                "stateMachineArn": arn,
                "status": "RUNNING",
            }),
        );
        let mut kept = input.clone();
        if let Value::Object(m) = &mut kept {
            m.remove("Name");
            m.insert("name".into(), json!(name));
        }
        self.keep("stepfunctions", "StartExecution", kept);
        Ok(json!({"executionArn": execution_arn, "startDate": start}))
    }

    fn lambda(&mut self, operation: &str, input: &Value) -> Result<Value, AwsError> {
        if operation != "Invoke" {
            return Err(client_error(
                "UnknownOperationException",
                format!("StepLab's Lambda does not answer {operation} from a function"),
            ));
        }
        match self.begin_invoke(input)? {
            Invoke::Answered(output) => Ok(output),
            Invoke::Run(nested) => {
                let Some(invoker) = self.invoker.clone() else {
                    return Err(AwsError {
                        code: "ServiceException".into(),
                        message: "StepLab cannot run another function while this one waits for it here: invoke it with InvocationType 'Event', or from a Task state".into(),
                        status: 500,
                    });
                };
                if let Some(away) = invoker.elsewhere(&nested) {
                    // the target ran where a copy of its own answered its calls
                    let reply = away?;
                    return self.end_invoke(*nested, reply, None);
                }
                let target = Rc::new(RefCell::new(nested.handler(Some(invoker.clone()))));
                let shared: SharedAwsHost = target.clone();
                let reply = invoker.invoke(&nested.call, shared);
                let target = std::mem::take(&mut *target.borrow_mut());
                self.end_invoke(*nested, reply, Some(target))
            }
        }
    }

    /// The first half of a Lambda `Invoke` from the function: checks it (the function exists,
    /// the payload is JSON within Lambda's limits, the nesting is not too deep) and answers an
    /// `Event` or `DryRun` invocation at once; a `RequestResponse` invocation comes back as the
    /// [`NestedInvoke`] a host runs (with [`NestedInvoke::handler`] answering the target's SDK
    /// calls) before [`HandlerAws::end_invoke`] gives the caller its answer. A host that waits
    /// for the target asynchronously (the browser's execution Worker for a Node.js caller) uses
    /// the two halves; [`AwsHost::call`] runs both with the host's [`Invoker`].
    pub fn begin_invoke(&mut self, input: &Value) -> Result<Invoke, AwsError> {
        let name = required(input, "FunctionName")?;
        let function = crate::FunctionRef::parse(name).ok();
        let short = function.as_ref().map(|f| f.name.clone()).unwrap_or_default();
        let invocation_type =
            member(input, "InvocationType").and_then(Value::as_str).unwrap_or("RequestResponse");
        if !["Event", "DryRun", "RequestResponse"].contains(&invocation_type) {
            return Err(client_error(
                "ValidationException",
                format!(
                    "1 validation error detected: Value '{invocation_type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                ),
            ));
        }
        let payload = match member(input, "Payload") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => Some(other.to_string()),
        };
        if invocation_type == "RequestResponse"
            && payload.as_ref().is_some_and(|p| p.len() > MAX_REQUEST_BYTES)
        {
            return Err(AwsError {
                code: "RequestEntityTooLargeException".into(),
                message: format!(
                    "Request must be smaller than {MAX_REQUEST_BYTES} bytes for the InvokeFunction operation"
                ),
                status: 413,
            });
        }
        let size = payload.as_ref().map_or(0, String::len);
        if invocation_type == "Event" && size > MAX_EVENT_BYTES {
            // the wording after "Event invo" is not confirmed from AWS (seen cut short, with the
            // 256 KB limit of before: "2123717 byte payload is too large for the Event invo…")
            return Err(AwsError {
                code: "RequestEntityTooLargeException".into(),
                message: format!(
                    "{size} byte payload is too large for the Event invocation type (limit {MAX_EVENT_BYTES} bytes)"
                ),
                status: 413,
            });
        }
        if !self.run.functions.contains(&short) {
            let arn = self.run.partition.function_arn(&short);
            return Err(AwsError {
                code: "ResourceNotFoundException".into(),
                message: format!("Function not found: {arn}"),
                status: 404,
            });
        }
        if let Some(Err(e)) = payload.as_deref().map(serde_json::from_str::<Value>) {
            return Err(client_error(
                "InvalidRequestContentException",
                format!(
                    "Could not parse request body into json: Could not parse payload into json: {e}"
                ),
            ));
        }
        match invocation_type {
            "Event" => {
                self.keep("lambda", "Invoke", input.clone());
                Ok(Invoke::Answered(json!({"StatusCode": 202, "Payload": ""})))
            }
            "DryRun" => Ok(Invoke::Answered(json!({"StatusCode": 204, "Payload": ""}))),
            _ => {
                if self.run.depth >= MAX_NESTED_DEPTH {
                    return Err(AwsError {
                        code: "TooManyRequestsException".into(),
                        message: format!(
                            "Rate Exceeded. (StepLab runs synchronous invocations from functions at most {MAX_NESTED_DEPTH} deep)"
                        ),
                        status: 429,
                    });
                }
                let function_arn = match &function {
                    Some(f) => f.arn_in(&self.run.partition),
                    None => self.run.partition.function_arn(&short),
                };
                let ids = self.ids.get_or_insert_with(|| Ids::new(self.run.seed));
                let request_id = ids.uuid();
                let seed = ids.next_u64();
                let log_tail = member(input, "LogType").and_then(Value::as_str) == Some("Tail");
                let mut run = self.run.clone();
                run.seed = seed;
                run.depth += 1;
                Ok(Invoke::Run(Box::new(NestedInvoke {
                    call: LambdaCall {
                        function_name: short,
                        function_arn,
                        payload: payload.unwrap_or_else(|| "{}".to_owned()),
                        request_id,
                    },
                    run,
                    log_tail,
                })))
            }
        }
    }

    /// The second half of a `RequestResponse` invocation: `reply` is what the target returned
    /// (`None`: it could not be run). `target` is the handler that answered the target's SDK
    /// calls when it ran here: the caller's copy of the run becomes the target's, and the
    /// target's calls and the logs of what it invoked are kept after the caller's so far. Without
    /// it (the target ran where its calls were answered from a copy of its own, a Worker), the
    /// calls its reply carries ([`LambdaReply::aws_calls`]) are made again on the caller's copy
    /// and kept the same way. The target's own log follows, and the caller gets `Invoke`'s
    /// output.
    pub fn end_invoke(
        &mut self,
        nested: NestedInvoke,
        reply: Option<LambdaReply>,
        target: Option<HandlerAws>,
    ) -> Result<Value, AwsError> {
        let Some(reply) = reply else {
            return Err(AwsError {
                code: "ResourceNotFoundException".into(),
                message: format!(
                    "Function not found: {}",
                    self.run.partition.function_arn(&nested.call.function_name)
                ),
                status: 404,
            });
        };
        match target {
            Some(HandlerAws { run, calls, invoked, .. }) => {
                // what the target changed is what the caller sees next
                self.run.services = run.services;
                self.run.executions = run.executions;
                self.calls.extend(calls);
                self.invoked.extend(invoked);
            }
            None => {
                for call in &reply.aws_calls {
                    // as the target was told; a call that fails here is dropped, as on the run
                    let _ = self.call(&call.service, &call.operation, &call.input);
                }
            }
        }
        self.invoked.extend(reply.invoked.iter().cloned());
        self.invoked.push(InvocationLog {
            request_id: nested.call.request_id.clone(),
            function_name: nested.call.function_name.clone(),
            log: reply.log.clone(),
            log_stream_name: reply.log_stream_name.clone(),
            start_millis: None,
        });
        let mut output = json!({
            "StatusCode": 200,
            "ExecutedVersion": crate::lambda::executed_version(&nested.call.function_arn),
        });
        if let Some(error) = &reply.function_error {
            output["FunctionError"] = json!(error);
        }
        if nested.log_tail {
            output["LogResult"] = json!(log_tail(&reply.log));
        }
        output["Payload"] = json!(reply.payload);
        Ok(output)
    }
}

/// The largest request payload of a synchronous invocation (6 MB).
pub const MAX_REQUEST_BYTES: usize = 6_291_456;

/// The largest payload of an asynchronous (`Event`) invocation: 1 MB (the API reference of the
/// deprecated `InvokeAsync`: "The payload limit is 256KB. For larger payloads, for up to 1MB, use
/// Invoke").
pub const MAX_EVENT_BYTES: usize = 1_048_576;

/// How deep synchronous invocations from functions nest: a function invoked by a Task is at
/// depth 0, the function it invokes with `RequestResponse` at 1, and so on; an `Invoke` at this
/// depth fails with `TooManyRequestsException` (on AWS the account's concurrency, 1,000 by
/// default, bounds it; here every level is an interpreter or a process waiting in the host).
pub const MAX_NESTED_DEPTH: u32 = 5;

/// The last 4 KB of `log`, base64 (`LogResult` for `LogType: Tail`).
pub fn log_tail(log: &str) -> String {
    use base64::Engine as _;
    let bytes = log.as_bytes();
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    base64::engine::general_purpose::STANDARD.encode(tail)
}

/// How a Lambda `Invoke` from a function goes on ([`HandlerAws::begin_invoke`]).
#[derive(Debug)]
pub enum Invoke {
    /// Answered at once (`Event`, `DryRun`).
    Answered(Value),
    /// A `RequestResponse` invocation to run while the caller waits.
    Run(Box<NestedInvoke>),
}

/// A synchronous invocation from a function, ready to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NestedInvoke {
    /// The target's invocation (its own request id).
    pub call: LambdaCall,
    /// The run as the caller's calls left it: what the target's SDK calls are answered from
    /// (its `depth` the target's).
    pub run: AwsSnapshot,
    /// Whether the caller asked for the log's tail (`LogType: Tail`).
    pub log_tail: bool,
}

impl NestedInvoke {
    /// The handler of the target's own SDK calls, with `invoker` running what it invokes in turn.
    pub fn handler(&self, invoker: Option<Rc<dyn Invoker>>) -> HandlerAws {
        HandlerAws::with_invoker(self.run.clone(), invoker)
    }
}

/// Runs a function that a function invokes synchronously (`Invoke`, `RequestResponse`) while the
/// caller waits: the host's, given to [`HandlerAws::with_invoker`]. Called while the caller
/// runs, and again from inside the target for a deeper invocation, so it takes `&self`.
pub trait Invoker {
    /// Runs `call` in an execution environment of `call.function_name` that is not busy: an idle
    /// warm one, else a new one (a cold start, as Lambda scales out for a concurrent call, and for
    /// a function that invokes itself), with `aws` answering its SDK calls; `None` when there is
    /// no such function.
    fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply>;

    /// Runs `nested` elsewhere while the caller waits (another Worker, where a copy of the run
    /// of its own answers its SDK calls, which its reply carries): its reply (`None`: no such
    /// function), or the error the caller gets when this host cannot run it while the caller
    /// waits. `None` (the default): the host runs it with [`Invoker::invoke`].
    fn elsewhere(&self, nested: &NestedInvoke) -> Option<Result<Option<LambdaReply>, AwsError>> {
        let _ = nested;
        None
    }
}

impl AwsHost for HandlerAws {
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(self)
    }

    fn call(&mut self, service: &str, operation: &str, input: &Value) -> Result<Value, AwsError> {
        match service {
            "stepfunctions" | "sfn" | "states" => self.step_functions(operation, input),
            "lambda" => self.lambda(operation, input),
            _ => {
                let context = self.context.get_or_insert_with(|| Context::at(0)).clone();
                let response =
                    self.run.services.call(service, operation, input, &context).map_err(error)?;
                // what the call sets off happens when the driver makes it again
                self.keep(service, operation, input.clone());
                Ok(response.output)
            }
        }
    }
}

/// Makes `calls` on `services` at `context` without a run (a function invoked from the Lambda
/// console's Test): the services' own calls land (and what they set off within the services, an
/// SNS delivery to a queue); what needs a run (Step Functions and Lambda calls, deliveries to
/// functions and state machines) is not carried out and is named in the list returned.
pub fn make_on_services(
    services: &mut Services,
    calls: Vec<AwsCall>,
    context: &Context,
) -> Vec<String> {
    let mut not_made = Vec::new();
    for call in calls {
        match call.service.as_str() {
            "stepfunctions" | "sfn" | "states" | "lambda" => {
                not_made.push(format!("{} {}", call.service, call.operation));
            }
            service => {
                let Ok(response) = services.call(service, &call.operation, &call.input, context)
                else {
                    continue;
                };
                for effect in response.effects {
                    not_made.push(match effect {
                        steplab_services::Effect::InvokeFunction { function_arn, .. } => {
                            format!("{service} {}: the delivery to {function_arn}", call.operation)
                        }
                        steplab_services::Effect::StartExecution { state_machine_arn, .. } => {
                            format!(
                                "{service} {}: the execution of {state_machine_arn}",
                                call.operation
                            )
                        }
                    });
                }
            }
        }
    }
    not_made
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> AwsSnapshot {
        AwsSnapshot {
            functions: ["Audit".to_owned()].into(),
            now_millis: 1_700_000_000_000,
            ..AwsSnapshot::default()
        }
    }

    #[test]
    fn lambda_invoke_from_a_function() {
        let mut aws = HandlerAws::new(snapshot());
        let event = json!({"FunctionName": "Audit", "InvocationType": "Event", "Payload": "{}"});
        assert_eq!(aws.call("lambda", "Invoke", &event).unwrap()["StatusCode"], 202);
        let dry = json!({"FunctionName": "Audit", "InvocationType": "DryRun"});
        assert_eq!(aws.call("lambda", "Invoke", &dry).unwrap()["StatusCode"], 204);
        let wait = json!({"FunctionName": "Audit", "Payload": "{}"});
        let refused = aws.call("lambda", "Invoke", &wait).unwrap_err();
        assert!(refused.message.contains("InvocationType 'Event'"), "{refused:?}");
        let missing = json!({"FunctionName": "Nobody", "InvocationType": "Event"});
        let e = aws.call("lambda", "Invoke", &missing).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("ResourceNotFoundException", 404));
        // only the asynchronous invocation is made again on the run
        let calls = aws.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].input, event);
    }

    /// A function `Deep` that invokes itself synchronously until refused, and answers how deep
    /// it went and what its last call got.
    struct Deep;

    impl Invoker for Deep {
        fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
            let input = json!({"FunctionName": "Deep", "Payload": "{}"});
            let answer = aws.borrow_mut().call("lambda", "Invoke", &input);
            let payload = match answer {
                Ok(output) => output["Payload"].as_str().unwrap().to_owned(),
                Err(e) => json!({"code": e.code, "message": e.message}).to_string(),
            };
            Some(LambdaReply {
                payload: json!({"inner": serde_json::from_str::<Value>(&payload).unwrap()})
                    .to_string(),
                function_error: None,
                log: format!("START RequestId: {}\n{}", call.request_id, "x".repeat(5000)),
                duration_ms: 1.0,
                aws_calls: Vec::new(),
                invoked: Vec::new(),
                log_stream_name: None,
            })
        }
    }

    #[test]
    fn request_response_nests_to_a_bound() {
        let mut run = snapshot();
        run.functions.insert("Deep".into());
        let mut aws = HandlerAws::with_invoker(run, Some(Rc::new(Deep)));
        let input = json!({"FunctionName": "Deep", "Payload": "{}", "LogType": "Tail"});
        let output = aws.call("lambda", "Invoke", &input).unwrap();
        let mut payload: Value = serde_json::from_str(output["Payload"].as_str().unwrap()).unwrap();
        let mut depth = 1;
        while payload["inner"].get("inner").is_some() {
            payload = payload["inner"].take();
            depth += 1;
        }
        assert_eq!(depth, MAX_NESTED_DEPTH, "{payload}");
        assert_eq!(payload["inner"]["code"], "TooManyRequestsException");
        // the tail is the last 4 KB of the log
        let tail = output["LogResult"].as_str().unwrap();
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD.decode(tail).unwrap();
        assert_eq!(bytes, vec![b'x'; 4096]);
        let (_, invoked) = aws.finish();
        assert_eq!(invoked.len(), MAX_NESTED_DEPTH as usize);
        // the innermost returned first; each has its own request id
        let ids: BTreeSet<&str> = invoked.iter().map(|l| l.request_id.as_str()).collect();
        assert_eq!(ids.len(), invoked.len());
    }

    #[test]
    fn request_response_checks_the_payload() {
        let mut aws = HandlerAws::with_invoker(snapshot(), Some(Rc::new(Deep)));
        let big = format!("\"{}\"", "a".repeat(MAX_REQUEST_BYTES));
        let input = json!({"FunctionName": "Audit", "Payload": big});
        let e = aws.call("lambda", "Invoke", &input).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("RequestEntityTooLargeException", 413));
        assert_eq!(
            e.message,
            "Request must be smaller than 6291456 bytes for the InvokeFunction operation"
        );
        let big = format!("\"{}\"", "a".repeat(MAX_EVENT_BYTES));
        let input = json!({"FunctionName": "Audit", "Payload": big, "InvocationType": "Event"});
        let e = aws.call("lambda", "Invoke", &input).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("RequestEntityTooLargeException", 413));
        assert_eq!(
            e.message,
            "1048578 byte payload is too large for the Event invocation type (limit 1048576 bytes)"
        );
        let fits = format!("\"{}\"", "a".repeat(MAX_EVENT_BYTES - 2));
        let input = json!({"FunctionName": "Audit", "Payload": fits, "InvocationType": "Event"});
        assert_eq!(aws.call("lambda", "Invoke", &input).unwrap()["StatusCode"], 202);
        let input = json!({"FunctionName": "Audit", "Payload": "{nope"});
        let e = aws.call("lambda", "Invoke", &input).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("InvalidRequestContentException", 400));
        let input = json!({"FunctionName": "Nobody", "Payload": "{}"});
        let e = aws.call("lambda", "Invoke", &input).unwrap_err();
        assert_eq!(
            e.message,
            "Function not found: arn:aws:lambda:ca-central-1:123456789012:function:Nobody"
        );
        // the refused calls left nothing to make; the Event invocation that fits is kept
        let calls = aws.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].input["InvocationType"], "Event");
    }

    #[test]
    fn request_response_in_two_halves_takes_the_target_s_calls() {
        // as the browser's execution Worker answers a Node.js caller: the target runs in a Worker
        // of its own and its reply carries its calls, made again on the caller's copy
        let partition = Partition::default();
        let context = Context {
            now_millis: 1,
            region: partition.region.clone(),
            account: partition.account.clone(),
        };
        let mut services = Services::default();
        services.call("sqs", "CreateQueue", &json!({"QueueName": "q"}), &context).unwrap();
        let url = format!("https://sqs.{}.amazonaws.com/{}/q", partition.region, partition.account);
        let mut run = snapshot();
        run.services = services;
        let mut caller = HandlerAws::new(run);
        let send = |body: &str| json!({"QueueUrl": url, "MessageBody": body});
        caller.call("sqs", "SendMessage", &send("caller")).unwrap();
        let input = json!({"FunctionName": "Audit", "Payload": "{\"a\": 1}"});
        let Ok(Invoke::Run(nested)) = caller.begin_invoke(&input) else { panic!("to run") };
        assert_eq!(nested.call.payload, "{\"a\": 1}");
        assert_eq!(nested.run.depth, 1);
        // the target sees the caller's message
        let mut target = nested.handler(None);
        let got = target.call("sqs", "ReceiveMessage", &json!({"QueueUrl": url})).unwrap();
        assert_eq!(got["Messages"][0]["Body"], "caller");
        target.call("sqs", "SendMessage", &send("target")).unwrap();
        let (aws_calls, invoked) = target.finish();
        let reply = LambdaReply {
            payload: "{\"ok\":true}".into(),
            function_error: None,
            log: "START RequestId: x\n".into(),
            duration_ms: 1.0,
            aws_calls,
            invoked,
            log_stream_name: None,
        };
        let output = caller.end_invoke(*nested, Some(reply), None).unwrap();
        assert_eq!(
            output,
            json!({"StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": "{\"ok\":true}"})
        );
        let (calls, invoked) = caller.finish();
        let made: Vec<&str> = calls.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(made, ["SendMessage", "ReceiveMessage", "SendMessage"]);
        assert_eq!(calls[2].input["MessageBody"], "target");
        assert_eq!(invoked.len(), 1);
        assert_eq!(invoked[0].function_name, "Audit");
    }

    #[test]
    fn calls_made_again_keep_what_changed_meanwhile() {
        let partition = Partition::default();
        let context = Context {
            now_millis: 1,
            region: partition.region.clone(),
            account: partition.account.clone(),
        };
        let mut workspace = Services::default();
        for q in ["a", "b"] {
            workspace.call("sqs", "CreateQueue", &json!({"QueueName": q}), &context).unwrap();
        }
        // a run works on a copy; the console sends to queue b meanwhile
        let mut run = HandlerAws::new(AwsSnapshot {
            services: workspace.clone(),
            partition: partition.clone(),
            ..AwsSnapshot::default()
        });
        let url = |q: &str| {
            format!("https://sqs.{}.amazonaws.com/{}/{q}", partition.region, partition.account)
        };
        run.call(
            "sqs",
            "SendMessage",
            &json!({"QueueUrl": url("a"), "MessageBody": "from the run"}),
        )
        .unwrap();
        workspace
            .call(
                "sqs",
                "SendMessage",
                &json!({"QueueUrl": url("b"), "MessageBody": "console"}),
                &context,
            )
            .unwrap();
        let made: Vec<MadeCall> =
            run.calls().into_iter().map(|call| MadeCall { now_millis: 2, call }).collect();
        make_again(&mut workspace, &made, &partition);
        let later = Context { now_millis: 10, ..context };
        for (q, body) in [("a", "from the run"), ("b", "console")] {
            let got = workspace
                .call("sqs", "ReceiveMessage", &json!({"QueueUrl": url(q)}), &later)
                .unwrap();
            assert_eq!(got.output["Messages"][0]["Body"], body, "{q}");
        }
    }
}

//! How a Task's Lambda invocation reaches a function, and how its reply becomes the Task's outcome.

use steplab_asl::{Invocation, LambdaResponse, TaskOutcome};

use crate::arn::{FunctionRef, Partition};

/// One call to a Lambda function, ready to hand to the Python runtime (here or in a Web Worker).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaCall {
    /// The function's name, which is how StepLab's functions are keyed.
    pub function_name: String,
    /// The function ARN as the Task names it (in the execution's region and account when it
    /// names none), with its qualifier if it has one.
    pub function_arn: String,
    /// The event, as JSON text.
    pub payload: String,
    /// The Lambda request id of this invocation.
    pub request_id: String,
}

/// What came back from the function.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaReply {
    /// The response body exactly as the runtime produced it.
    pub payload: String,
    /// `Some("Unhandled")` when the function failed.
    pub function_error: Option<String>,
    /// The function's log for this invocation (START … REPORT).
    pub log: String,
    /// How long the invocation took, in milliseconds.
    pub duration_ms: f64,
    /// The AWS SDK calls the function made that succeeded, for the driver to make on the run's
    /// services (see [`crate::handler_aws`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aws_calls: Vec<crate::handler_aws::AwsCall>,
    /// The invocations the function made synchronously (Lambda `Invoke`, `RequestResponse`), each
    /// with its own request id and log, in the order they returned (all before this one did).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invoked: Vec<crate::run::InvocationLog>,
    /// The log stream of the execution environment that ran it, where the host knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_stream_name: Option<String>,
}

impl LambdaReply {
    /// A runtime's answer, before the driver adds the function's calls and invocations.
    pub fn new(
        payload: String,
        function_error: Option<String>,
        log: String,
        duration_ms: f64,
    ) -> Self {
        LambdaReply {
            payload,
            function_error,
            log,
            duration_ms,
            aws_calls: Vec::new(),
            invoked: Vec::new(),
            log_stream_name: None,
        }
    }

    /// The reply with the log stream of the environment that ran it.
    #[must_use]
    pub fn in_stream(mut self, log_stream_name: Option<String>) -> Self {
        self.log_stream_name = log_stream_name;
        self
    }
}

/// What to do for a Task's invocation.
#[derive(Clone, Debug, PartialEq)]
pub enum Dispatch {
    /// Call this Lambda function, then pass the reply to [`outcome`].
    Lambda(LambdaCall),
    /// The outcome is known without calling anything.
    Done(TaskOutcome),
}

/// Decides how to carry out `invocation`, with `request_id` as the Lambda request id.
pub fn dispatch(invocation: &Invocation, partition: &Partition, request_id: String) -> Dispatch {
    match invocation {
        Invocation::Lambda { function_name, payload, .. } => {
            let function = match FunctionRef::parse(function_name) {
                Ok(f) => f,
                Err(e) => {
                    return Dispatch::Done(TaskOutcome::Failed {
                        error: "Lambda.AWSLambdaException".into(),
                        cause: format!(
                            "{e} (Service: AWSLambda; Status Code: 400; Error Code: ValidationException; Request ID: {request_id}; Proxy: null)"
                        ),
                    });
                }
            };
            // a function named with any region, account or qualifier is served by the function
            // of that name: a definition copied from another account runs as it is
            Dispatch::Lambda(LambdaCall {
                function_name: function.name.clone(),
                function_arn: function.arn_in(partition),
                payload: payload.to_string(),
                request_id,
            })
        }
        Invocation::Service { resource, .. } => Dispatch::Done(TaskOutcome::Failed {
            error: "States.Runtime".into(),
            cause: format!("the resource '{resource}' is not a Lambda function"),
        }),
        Invocation::MapStorage { operation, .. } => Dispatch::Done(TaskOutcome::Failed {
            error: "States.Runtime".into(),
            cause: format!("Amazon S3 {operation} is not a Lambda function"),
        }),
    }
}

/// The outcome of a call to a function that does not exist, as Step Functions reports it.
pub fn not_found(function_arn: &str, request_id: &str) -> TaskOutcome {
    let arn = if function_arn.matches(':').count() == 6 {
        format!("{function_arn}:$LATEST")
    } else {
        function_arn.to_owned()
    };
    TaskOutcome::Failed {
        error: "Lambda.ResourceNotFoundException".into(),
        cause: format!(
            "Function not found: {arn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {request_id}; Proxy: null)"
        ),
    }
}

/// The Task's outcome for the function's reply to `call`.
pub fn outcome(call: &LambdaCall, reply: &LambdaReply) -> TaskOutcome {
    TaskOutcome::Lambda(LambdaResponse {
        payload: reply.payload.clone(),
        function_error: reply.function_error.clone(),
        request_id: call.request_id.clone(),
        executed_version: executed_version(&call.function_arn),
        log: reply.log.clone(),
    })
}

/// The version a call to `function_arn` runs, as Lambda reports it (`ExecutedVersion`): the
/// version number it names, else `$LATEST` (StepLab keeps one version of a function, so an alias
/// runs `$LATEST`).
pub(crate) fn executed_version(function_arn: &str) -> String {
    match function_arn.split(':').nth(7) {
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => v.to_owned(),
        _ => "$LATEST".into(),
    }
}

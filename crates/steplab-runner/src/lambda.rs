//! How a Task's Lambda invocation reaches a function, and how its reply becomes the Task's outcome.

use steplab_asl::{Invocation, LambdaResponse, TaskOutcome};

use crate::arn::{FunctionRef, Partition};

/// One call to a Lambda function, ready to hand to the Python runtime (here or in a Web Worker).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaCall {
    /// The function's name, which is how StepLab's functions are keyed.
    pub function_name: String,
    /// The function ARN, qualified with `$LATEST` as Lambda reports the invoked version.
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
            let latest = FunctionRef { qualifier: Some("$LATEST".into()), ..function.clone() };
            if !function.is_in(partition)
                || function.qualifier.as_deref().is_some_and(|q| q != "$LATEST")
            {
                return Dispatch::Done(not_found(&function.arn_in(partition), &request_id));
            }
            Dispatch::Lambda(LambdaCall {
                function_name: function.name.clone(),
                function_arn: latest.arn_in(partition),
                payload: payload.to_string(),
                request_id,
            })
        }
        Invocation::Service { resource, .. } => Dispatch::Done(TaskOutcome::Failed {
            error: "States.Runtime".into(),
            cause: format!(
                "StepLab runs Lambda functions only; the resource '{resource}' calls another AWS service"
            ),
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
        executed_version: "$LATEST".into(),
    })
}

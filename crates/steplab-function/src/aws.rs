//! What a function's AWS SDK calls (boto3 in Python): the host answers each call, from the
//! services it keeps. Shared by the runtimes (which make the calls) and the hosts (which answer).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;

/// What a function's SDK calls: the host's AWS services.
///
/// The service is named as the SDK names its client (`dynamodb`, `s3`, `sqs`, `sns`, `events`,
/// `lambda`, `stepfunctions`), the operation by its API name (`PutItem`). Input and output are
/// the operations' JSON shapes as `steplab_services::Services::call` takes them (DynamoDB
/// attribute values `{"S": "x"}`, binary values base64, S3 `Body` a string), without
/// `ResponseMetadata`, which the SDK adds. For `lambda` `Invoke` the input's `Payload` is the
/// event as JSON text and the output `{"StatusCode": 200, "Payload": "<JSON text>",
/// "ExecutedVersion": "$LATEST"}` (plus `"FunctionError": "Unhandled"` for a function error);
/// `stepfunctions` takes and gives the camelCase members of the Step Functions API
/// (`stateMachineArn`, `input`, `executionArn`, `taskToken`, `output`).
pub trait AwsHost {
    /// Calls `operation` (`PutItem`) of `service` (`dynamodb`) with `input`.
    fn call(&mut self, service: &str, operation: &str, input: &Value) -> Result<Value, AwsError>;

    /// The host itself, for a runtime's host that drives it further than [`AwsHost::call`] (a
    /// synchronous Lambda `Invoke` answered once its target, run asynchronously, returns);
    /// `None` (the default) for a host that only answers calls.
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        None
    }
}

/// A service's error: its code (botocore's `Error.Code`), message and HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    /// The error code (`ConditionalCheckFailedException`).
    pub code: String,
    /// The message (`The conditional request failed`).
    pub message: String,
    /// The HTTP status code (400).
    pub status: u16,
}

/// The host of an invocation, shared with the runtime while it runs.
pub type SharedAwsHost = Rc<RefCell<dyn AwsHost>>;

//! The AWS service integrations the driver carries out on [`steplab_services::Services`]: which
//! service operation a Task's `Resource` names, and how the call's output or error becomes the
//! Task's result or error, as Step Functions forms them.
//!
//! - Optimized integrations (`arn:aws:states:::dynamodb:putItem`, `sqs:sendMessage`,
//!   `sns:publish`, `events:putEvents`): the output with the `SdkHttpMetadata` /
//!   `SdkResponseMetadata` Step Functions adds (reduced to the status code and request id), and
//!   errors named `DynamoDB.ConditionalCheckFailedException`, the cause as the AWS SDK for Java
//!   (v1) words it: `{message} (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: {code};
//!   Request ID: {id}; Proxy: null)`.
//! - AWS SDK integrations (`arn:aws:states:::aws-sdk:dynamodb:putItem`, …): the output as the SDK
//!   returns it, and errors named `{Service}.{Code}Exception` with the service name in PascalCase
//!   (`DynamoDb`, `Sqs`, `Sns`, `S3`, `EventBridge`) and the suffix `Exception` added when the code
//!   lacks it (AWS's documentation: "Learning to use AWS service SDK integrations in Step
//!   Functions"), the cause as the AWS SDK for Java v2 words it: `{message} (Service: DynamoDb,
//!   Status Code: 400, Request ID: {id})`.

use serde_json::{Value, json};
use steplab_services::ServiceError;

/// How the Task names the integration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `arn:aws:states:::{service}:{operation}`.
    Optimized,
    /// `arn:aws:states:::aws-sdk:{service}:{operation}`.
    Sdk,
}

/// How a `states:startExecution` task waits for its child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// Request-response: `ExecutionArn` and `StartDate` at once.
    Start,
    /// `.sync`: the child's `DescribeExecution`, `Output` as JSON text.
    Sync,
    /// `.sync:2`: the same, `Output` as JSON.
    Sync2,
}

/// What a Task's `Resource` asks the driver for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An operation of one of [`steplab_services::Services`]' services.
    Service {
        /// As `Services::call` names it (`dynamodb`, `sqs`, `sns`, `s3`, `events`).
        service: &'static str,
        /// PascalCase (`PutItem`).
        operation: String,
        /// How the Task names it.
        style: Style,
    },
    /// `states:startExecution` (optimized) or `aws-sdk:sfn:startExecution`.
    StartExecution(SyncMode),
    /// A Step Functions API call the driver answers itself (`aws-sdk:sfn:sendTaskSuccess`, …),
    /// PascalCase.
    StepFunctions(String),
}

/// The optimized integrations carried out on the services, as `(service, operation)`.
const OPTIMIZED: [(&str, &str, &str); 7] = [
    ("dynamodb", "getItem", "GetItem"),
    ("dynamodb", "putItem", "PutItem"),
    ("dynamodb", "updateItem", "UpdateItem"),
    ("dynamodb", "deleteItem", "DeleteItem"),
    ("sqs", "sendMessage", "SendMessage"),
    ("sns", "publish", "Publish"),
    ("events", "putEvents", "PutEvents"),
];

/// `camelCase` → `PascalCase`.
fn pascal(operation: &str) -> String {
    let mut chars = operation.chars();
    chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
}

/// The integration part of `arn:aws:states:REGION:ACCOUNT:aws-sdk:s3:putObject`: AWS's own
/// samples name integrations with a region and account, and deploy so.
fn with_region(resource: &str) -> Option<&str> {
    let mut parts = resource.strip_prefix("arn:aws:states:")?.splitn(3, ':');
    let (_region, _account, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let own = ["stateMachine:", "execution:", "activity:", "express:", "mapRun:"];
    (!own.iter().any(|p| rest.starts_with(p))).then_some(rest)
}

/// What `resource` asks for; `None` for integrations the services do not have (they keep the
/// default responses of [`crate::service`]).
pub fn target(resource: &str) -> Option<Target> {
    let rest = resource.strip_prefix("arn:aws:states:::").or_else(|| with_region(resource))?;
    let rest = rest.strip_suffix(".waitForTaskToken").unwrap_or(rest);
    if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
        let (svc, op) = sdk.split_once(':')?;
        let service = match svc {
            "dynamodb" => "dynamodb",
            "sqs" => "sqs",
            "sns" => "sns",
            "s3" => "s3",
            "eventbridge" => "events",
            "sfn" => {
                return Some(match op {
                    "startExecution" => Target::StartExecution(SyncMode::Start),
                    _ => Target::StepFunctions(pascal(op)),
                });
            }
            _ => return None,
        };
        if op.is_empty() || op.contains('.') {
            return None;
        }
        return Some(Target::Service { service, operation: pascal(op), style: Style::Sdk });
    }
    match rest {
        "states:startExecution" => return Some(Target::StartExecution(SyncMode::Start)),
        "states:startExecution.sync" => return Some(Target::StartExecution(SyncMode::Sync)),
        "states:startExecution.sync:2" => return Some(Target::StartExecution(SyncMode::Sync2)),
        _ => {}
    }
    let (svc, op) = rest.split_once(':')?;
    OPTIMIZED.iter().find(|(s, o, _)| *s == svc && *o == op).map(|(s, _, operation)| {
        Target::Service { service: s, operation: (*operation).into(), style: Style::Optimized }
    })
}

/// The service input for a Task's parameters: the optimized integrations take JSON where the API
/// takes text (SQS `MessageBody`, SNS `Message`, EventBridge `Detail`) and send its JSON text.
pub fn input(style: Style, service: &str, parameters: &Value) -> Value {
    let mut input = parameters.clone();
    if style != Style::Optimized {
        return input;
    }
    let text = |v: &mut Value| {
        if !v.is_string() && !v.is_null() {
            *v = Value::String(v.to_string());
        }
    };
    match service {
        "sqs" => input.get_mut("MessageBody").into_iter().for_each(text),
        "sns" => input.get_mut("Message").into_iter().for_each(text),
        "events" => {
            if let Some(Value::Array(entries)) = input.get_mut("Entries") {
                entries.iter_mut().filter_map(|e| e.get_mut("Detail")).for_each(text);
            }
        }
        _ => {}
    }
    input
}

/// The output of a successful call as the Task gets it.
pub fn output(style: Style, mut output: Value, request_id: &str) -> Value {
    if style == Style::Optimized
        && let Value::Object(m) = &mut output
    {
        m.insert("SdkHttpMetadata".into(), json!({"HttpStatusCode": 200}));
        m.insert("SdkResponseMetadata".into(), json!({"RequestId": request_id}));
    }
    output
}

/// The error code as the SDKs' exception classes name it (SQS's query-protocol codes are
/// reported by the SDKs under the JSON protocol's shape names).
fn exception_code(code: &str) -> &str {
    match code {
        "AWS.SimpleQueueService.NonExistentQueue" => "QueueDoesNotExist",
        "AWS.SimpleQueueService.QueueDeletedRecently" => "QueueDeletedRecently",
        other => other,
    }
}

/// The Task's error and cause for a call of `service` that failed with `error`.
pub fn failure(
    style: Style,
    service: &str,
    error: &ServiceError,
    request_id: &str,
) -> (String, String) {
    match style {
        Style::Optimized => {
            let (prefix, java) = match service {
                "dynamodb" => ("DynamoDB", "AmazonDynamoDBv2"),
                "sqs" => ("SQS", "AmazonSQS"),
                "sns" => ("SNS", "AmazonSNS"),
                "events" => ("EventBridge", "AmazonEventBridge"),
                "s3" => ("S3", "Amazon S3"),
                other => (other, other),
            };
            let code = exception_code(&error.code);
            let name = if code.ends_with("Exception") {
                format!("{prefix}.{code}")
            } else {
                format!("{prefix}.{code}Exception")
            };
            let cause = format!(
                "{} (Service: {java}; Status Code: {}; Error Code: {}; Request ID: {request_id}; Proxy: null)",
                error.message, error.status, error.code
            );
            (name, cause)
        }
        Style::Sdk => {
            let prefix = match service {
                "dynamodb" => "DynamoDb",
                "sqs" => "Sqs",
                "sns" => "Sns",
                "s3" => "S3",
                "events" => "EventBridge",
                "sfn" => "Sfn",
                other => other,
            };
            let code = exception_code(&error.code);
            let name = if code.ends_with("Exception") {
                format!("{prefix}.{code}")
            } else {
                format!("{prefix}.{code}Exception")
            };
            let cause = format!(
                "{} (Service: {prefix}, Status Code: {}, Request ID: {request_id})",
                error.message, error.status
            );
            (name, cause)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        // with a region and account, as AWS's samples name them
        assert_eq!(
            target("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject"),
            target("arn:aws:states:::aws-sdk:s3:putObject")
        );
        assert!(target("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject").is_some());
        assert_eq!(target("arn:aws:states:us-east-1:123456789012:stateMachine:dynamodb:x"), None);
        assert_eq!(
            target("arn:aws:states:::dynamodb:putItem"),
            Some(Target::Service {
                service: "dynamodb",
                operation: "PutItem".into(),
                style: Style::Optimized
            })
        );
        assert_eq!(
            target("arn:aws:states:::aws-sdk:eventbridge:putEvents"),
            Some(Target::Service {
                service: "events",
                operation: "PutEvents".into(),
                style: Style::Sdk
            })
        );
        assert_eq!(
            target("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            Some(Target::Service {
                service: "sqs",
                operation: "SendMessage".into(),
                style: Style::Optimized
            })
        );
        assert_eq!(
            target("arn:aws:states:::states:startExecution.sync:2"),
            Some(Target::StartExecution(SyncMode::Sync2))
        );
        assert_eq!(target("arn:aws:states:::ecs:runTask"), None);
        assert_eq!(target("arn:aws:states:::aws-sdk:ec2:describeInstances"), None);
        assert_eq!(target("arn:aws:states:::dynamodb:query"), None);
    }

    #[test]
    fn errors() {
        let e = ServiceError::client(
            "ConditionalCheckFailedException",
            "The conditional request failed",
        );
        assert_eq!(
            failure(Style::Optimized, "dynamodb", &e, "R"),
            (
                "DynamoDB.ConditionalCheckFailedException".into(),
                "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: R; Proxy: null)".into()
            )
        );
        let e = ServiceError {
            code: "NoSuchKey".into(),
            message: "The specified key does not exist.".into(),
            status: 404,
        };
        assert_eq!(
            failure(Style::Sdk, "s3", &e, "R"),
            (
                "S3.NoSuchKeyException".into(),
                "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: R)"
                    .into()
            )
        );
    }
}

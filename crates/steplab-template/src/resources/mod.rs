//! The services' resources as the service calls that create them (the seed
//! `steplab_runner::resources::seed` applies), each with the phase it belongs to: what others
//! name first (tables, queues, topics, buckets, buses), then what names them (subscriptions,
//! rules and their targets).

mod dynamodb;
mod events;
mod s3;
mod sns;
mod sqs;

use serde_json::{Value, json};

use crate::stack::Stack;

pub(crate) use events::sam_events;

/// A service call and its phase (0: created first, 1: queues with a dead-letter queue, 2: what
/// names other resources).
pub(crate) type Call = (u8, Value);

/// The calls that create resource `logical_id` of type `kind`; `None` when the type is not a
/// service resource StepLab emulates. An `Err` says why it cannot be imported.
pub(crate) fn calls(
    stack: &Stack<'_>,
    logical_id: &str,
    kind: &str,
) -> Option<Result<Vec<Call>, String>> {
    Some(match kind {
        "AWS::DynamoDB::Table" => dynamodb::table(stack, logical_id),
        "AWS::Serverless::SimpleTable" => dynamodb::simple_table(stack, logical_id),
        "AWS::SQS::Queue" => sqs::queue(stack, logical_id),
        "AWS::SNS::Topic" => sns::topic(stack, logical_id),
        "AWS::SNS::Subscription" => sns::subscription(stack, logical_id),
        "AWS::S3::Bucket" => s3::bucket(stack, logical_id),
        "AWS::Events::EventBus" => events::bus(stack, logical_id),
        "AWS::Events::Rule" => events::rule(stack, logical_id),
        _ => return None,
    })
}

/// `{"service", "operation", "input"}`.
pub(crate) fn call(service: &str, operation: &str, input: Value) -> Value {
    json!({"service": service, "operation": operation, "input": input})
}

/// A property evaluated, when the resource has it (`AWS::NoValue` counts as absent).
pub(crate) fn property(
    stack: &Stack<'_>,
    logical_id: &str,
    key: &str,
) -> Result<Option<Value>, String> {
    match stack.properties(logical_id).get(key) {
        Some(v) => Ok(crate::intrinsics::eval(stack, v)
            .map_err(|e| format!("{key}: {e}"))?
            .filter(|v| !v.is_null())),
        None => Ok(None),
    }
}

/// A value as the text the services' string attributes hold (a map or list as JSON text).
pub(crate) fn attribute_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

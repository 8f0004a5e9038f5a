//! `AWS::SQS::Queue` as `CreateQueue`, its properties as the queue's attributes.

use serde_json::{Map, Value};

use super::{Call, attribute_text, call, property};
use crate::names::physical_name;
use crate::stack::Stack;

/// The properties that are queue attributes of the same name.
const ATTRIBUTES: &[&str] = &[
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "RedrivePolicy",
    "RedriveAllowPolicy",
];

pub(super) fn queue(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let mut attributes = Map::new();
    for name in ATTRIBUTES {
        if let Some(v) = property(stack, logical_id, name)? {
            // CloudFormation takes RedrivePolicy as an object or as JSON text; SQS holds JSON text
            attributes.insert((*name).into(), Value::String(attribute_text(&v)));
        }
    }
    // a queue with a dead-letter queue after the others, so its target exists
    let phase = u8::from(attributes.contains_key("RedrivePolicy"));
    let mut input = Map::new();
    input.insert("QueueName".into(), Value::String(physical_name(stack, logical_id)?));
    if !attributes.is_empty() {
        input.insert("Attributes".into(), Value::Object(attributes));
    }
    Ok(vec![(phase, call("sqs", "CreateQueue", Value::Object(input)))])
}

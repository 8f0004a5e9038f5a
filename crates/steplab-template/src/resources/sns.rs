//! `AWS::SNS::Topic` (with its inline `Subscription`s) as `CreateTopic` and `Subscribe`, and
//! `AWS::SNS::Subscription` as `Subscribe`.

use serde_json::{Map, Value, json};

use super::{Call, attribute_text, call, property};
use crate::names::physical_name;
use crate::stack::Stack;
use crate::values;

pub(super) fn topic(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let name = physical_name(stack, logical_id)?;
    let mut attributes = Map::new();
    for key in ["DisplayName", "FifoTopic", "ContentBasedDeduplication"] {
        if let Some(v) = property(stack, logical_id, key)? {
            attributes.insert(key.into(), Value::String(attribute_text(&v)));
        }
    }
    let mut input = json!({"Name": name});
    if !attributes.is_empty() {
        input["Attributes"] = Value::Object(attributes);
    }
    let mut calls = vec![(0, call("sns", "CreateTopic", input))];
    let arn = values::reference(stack, logical_id)?;
    if let Some(subscriptions) = property(stack, logical_id, "Subscription")? {
        let Value::Array(subscriptions) = subscriptions else {
            return Err("Subscription: expected a list".into());
        };
        for s in subscriptions {
            let input = json!({
                "TopicArn": arn,
                "Protocol": s.get("Protocol").cloned().unwrap_or(Value::Null),
                "Endpoint": s.get("Endpoint").cloned().unwrap_or(Value::Null),
            });
            calls.push((2, call("sns", "Subscribe", input)));
        }
    }
    Ok(calls)
}

/// The subscription's properties that are subscription attributes of the same name.
const ATTRIBUTES: &[&str] =
    &["FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy"];

pub(super) fn subscription(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let mut input = Map::new();
    for key in ["TopicArn", "Protocol", "Endpoint"] {
        let v = property(stack, logical_id, key)?.ok_or_else(|| format!("no {key}"))?;
        input.insert(key.into(), v);
    }
    let mut attributes = Map::new();
    for key in ATTRIBUTES {
        if let Some(v) = property(stack, logical_id, key)? {
            attributes.insert((*key).into(), Value::String(attribute_text(&v)));
        }
    }
    if !attributes.is_empty() {
        input.insert("Attributes".into(), Value::Object(attributes));
    }
    Ok(vec![(2, call("sns", "Subscribe", Value::Object(input)))])
}

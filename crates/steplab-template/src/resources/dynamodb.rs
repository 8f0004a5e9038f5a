//! `AWS::DynamoDB::Table` and `AWS::Serverless::SimpleTable` as `CreateTable`.

use serde_json::{Map, Value, json};

use super::{Call, call, property};
use crate::names::physical_name;
use crate::stack::Stack;

/// CreateTable's members a table's properties carry over as they are.
const MEMBERS: &[&str] = &[
    "KeySchema",
    "AttributeDefinitions",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
];

pub(super) fn table(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let mut input = Map::new();
    input.insert("TableName".into(), Value::String(physical_name(stack, logical_id)?));
    for member in MEMBERS {
        if let Some(v) = property(stack, logical_id, member)? {
            input.insert((*member).into(), with_numbers(v));
        }
    }
    Ok(vec![(0, call("dynamodb", "CreateTable", Value::Object(input)))])
}

/// CloudFormation takes a number given as a string (`ReadCapacityUnits: '5'`), as templates often
/// write them; the API wants the number.
fn with_numbers(value: Value) -> Value {
    const NUMBERS: [&str; 2] = ["ReadCapacityUnits", "WriteCapacityUnits"];
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) if NUMBERS.contains(&k.as_str()) => {
                            s.trim().parse::<u64>().map_or(Value::String(s), Value::from)
                        }
                        other => with_numbers(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(with_numbers).collect()),
        other => other,
    }
}

/// SAM's simple table: `PrimaryKey` (`Name`, `Type` String, Number or Binary; default `id`
/// String), on demand unless `ProvisionedThroughput` is given.
pub(super) fn simple_table(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let key = property(stack, logical_id, "PrimaryKey")?;
    let name = key.as_ref().and_then(|k| k.get("Name")).and_then(Value::as_str).unwrap_or("id");
    let kind = match key.as_ref().and_then(|k| k.get("Type")).and_then(Value::as_str) {
        None | Some("String") => "S",
        Some("Number") => "N",
        Some("Binary") => "B",
        Some(other) => {
            return Err(format!("PrimaryKey.Type {other:?}: expected String, Number or Binary"));
        }
    };
    let mut input = json!({
        "TableName": physical_name(stack, logical_id)?,
        "KeySchema": [{"AttributeName": name, "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": kind}],
    });
    match property(stack, logical_id, "ProvisionedThroughput")? {
        Some(throughput) => input["ProvisionedThroughput"] = with_numbers(throughput),
        None => input["BillingMode"] = json!("PAY_PER_REQUEST"),
    }
    Ok(vec![(0, call("dynamodb", "CreateTable", input))])
}

//! The operations, one file per operation or group, and what they share: reading parameters,
//! `ReturnValues`, and planned writes that are checked before anything changes.

pub mod batch;
pub mod delete_item;
pub mod get_item;
pub mod page;
pub mod put_item;
pub mod query;
pub mod scan;
pub mod tables;
pub mod transact;
pub mod transact_get;
pub mod update_item;

use serde_json::{Value, json};

use super::DynamoDb;
use super::expression::{Condition, Substitutions, evaluate, parse_condition};
use super::value::{Item, item_from_json, item_to_json};
use crate::ServiceError;

/// The member name as AWS's validation messages spell it (`TableName` → `tableName`).
fn member_path(member: &str) -> String {
    let mut chars = member.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// AWS's error for a required member left out.
pub fn missing(member: &str) -> ServiceError {
    ServiceError::validation(format!(
        "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
        member_path(member)
    ))
}

/// A string member, if given.
pub fn optional_str<'a>(input: &'a Value, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Value::as_str)
}

/// A required string member.
pub fn required_str<'a>(input: &'a Value, member: &str) -> Result<&'a str, ServiceError> {
    optional_str(input, member).ok_or_else(|| missing(member))
}

/// A required item or key member.
pub fn required_item(input: &Value, member: &str) -> Result<Item, ServiceError> {
    match input.get(member) {
        Some(v) if !v.is_null() => item_from_json(v),
        _ => Err(missing(member)),
    }
}

/// `ReturnValues`, one of `allowed` (`refused` is the error for another valid value).
pub fn return_values(
    input: &Value,
    allowed: &[&str],
    refused: &str,
) -> Result<String, ServiceError> {
    let value = optional_str(input, "ReturnValues").unwrap_or("NONE");
    const ALL: [&str; 5] = ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"];
    if !ALL.contains(&value) {
        return Err(ServiceError::validation(format!(
            "1 validation error detected: Value '{value}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            ALL.join(", ")
        )));
    }
    if !allowed.contains(&value) {
        return Err(ServiceError::validation(refused));
    }
    Ok(value.to_owned())
}

/// The `ConditionExpression`, if given.
pub fn condition(
    input: &Value,
    subs: &mut Substitutions,
) -> Result<Option<Condition>, ServiceError> {
    optional_str(input, "ConditionExpression")
        .map(|source| parse_condition("ConditionExpression", source, subs))
        .transpose()
}

/// `ConditionalCheckFailedException`.
pub fn condition_failed() -> ServiceError {
    ServiceError::client("ConditionalCheckFailedException", "The conditional request failed")
}

/// Checks a condition against the item as it is (none: an empty item).
pub fn check_condition(
    condition: Option<&Condition>,
    old: Option<&Item>,
) -> Result<(), ServiceError> {
    let empty = Item::new();
    match condition {
        Some(c) if !evaluate(c, old.unwrap_or(&empty)) => Err(condition_failed()),
        _ => Ok(()),
    }
}

/// What a planned write does to its item.
#[derive(Debug)]
pub enum Write {
    /// Stores the item.
    Put(Item),
    /// Deletes the item.
    Delete,
    /// Leaves it (a transaction's ConditionCheck).
    Nothing,
}

/// A write checked against the state, not yet made.
#[derive(Debug)]
pub struct Planned {
    /// The table.
    pub table: String,
    /// The item's key.
    pub key: Item,
    /// The item before.
    pub old: Option<Item>,
    /// What to do.
    pub write: Write,
}

impl Planned {
    /// Makes the write.
    pub fn commit(&self, db: &mut DynamoDb) -> Result<(), ServiceError> {
        let table = db.table_mut(&self.table)?;
        match &self.write {
            Write::Put(item) => {
                table.put(item.clone());
            }
            Write::Delete => {
                table.delete(&self.key);
            }
            Write::Nothing => {}
        }
        Ok(())
    }
}

/// An output with `Attributes` when there are some.
pub fn attributes_output(attributes: Option<&Item>) -> Value {
    match attributes {
        Some(item) if !item.is_empty() => json!({"Attributes": item_to_json(item)}),
        _ => json!({}),
    }
}

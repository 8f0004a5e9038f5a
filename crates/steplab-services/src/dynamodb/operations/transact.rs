//! TransactWriteItems: up to 100 Puts, Updates, Deletes and ConditionChecks, all made or none.

use serde_json::Value;

use super::delete_item::DeleteRequest;
use super::put_item::PutRequest;
use super::update_item::UpdateRequest;
use super::{Planned, Write, missing};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::value::Item;

enum Action {
    Put(PutRequest),
    Update(UpdateRequest),
    Delete(DeleteRequest),
    Check(DeleteRequest),
}

impl Action {
    fn parse(db: &DynamoDb, element: &Value) -> Result<Self, ServiceError> {
        let members: Vec<(&String, &Value)> = element
            .as_object()
            .map(|m| m.iter().filter(|(_, v)| !v.is_null()).collect())
            .unwrap_or_default();
        let [(kind, input)] = members.as_slice() else {
            return Err(ServiceError::validation(
                "TransactItems can only contain one of Check, Put, Update or Delete",
            ));
        };
        Ok(match kind.as_str() {
            "Put" => Self::Put(PutRequest::parse(db, input)?),
            "Update" => Self::Update(UpdateRequest::parse(db, input)?),
            "Delete" => Self::Delete(DeleteRequest::parse(db, input)?),
            "ConditionCheck" => {
                let check = DeleteRequest::parse(db, input)?;
                if !check.has_condition() {
                    return Err(missing("ConditionExpression"));
                }
                Self::Check(check)
            }
            _ => {
                return Err(ServiceError::validation(
                    "TransactItems can only contain one of Check, Put, Update or Delete",
                ));
            }
        })
    }

    fn target(&self, db: &DynamoDb) -> (String, Item) {
        match self {
            Self::Put(p) => p.target(db),
            Self::Update(u) => (u.table.clone(), u.key.clone()),
            Self::Delete(d) | Self::Check(d) => (d.table.clone(), d.key.clone()),
        }
    }

    fn plan(&self, db: &DynamoDb) -> Result<Planned, ServiceError> {
        match self {
            Self::Put(p) => p.plan(db),
            Self::Update(u) => u.plan(db),
            Self::Delete(d) => d.plan(db, Write::Delete),
            Self::Check(c) => c.plan(db, Write::Nothing),
        }
    }
}

/// TransactWriteItems.
pub fn transact_write_items(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let elements = input
        .get("TransactItems")
        .and_then(Value::as_array)
        .ok_or_else(|| missing("TransactItems"))?;
    if elements.is_empty() || elements.len() > 100 {
        return Err(ServiceError::validation(format!(
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length {}",
            if elements.is_empty() {
                "greater than or equal to 1"
            } else {
                "less than or equal to 100"
            }
        )));
    }
    let actions = elements.iter().map(|e| Action::parse(db, e)).collect::<Result<Vec<_>, _>>()?;
    let mut targets: Vec<(String, Item)> = Vec::new();
    for action in &actions {
        let (table, key) = action.target(db);
        let schema = &db.table(&table)?.key;
        if targets.iter().any(|(t, k)| *t == table && schema.compare(k, &key).is_eq()) {
            return Err(ServiceError::validation(
                "Transaction request cannot include multiple operations on one item",
            ));
        }
        targets.push((table, key));
    }
    let results: Vec<Result<Planned, ServiceError>> = actions.iter().map(|a| a.plan(db)).collect();
    if results.iter().any(Result::is_err) {
        let codes: Vec<&str> = results
            .iter()
            .map(|r| match r {
                Ok(_) => "None",
                Err(e) if e.code == "ConditionalCheckFailedException" => "ConditionalCheckFailed",
                Err(_) => "ValidationError",
            })
            .collect();
        return Err(ServiceError::client(
            "TransactionCanceledException",
            format!(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
                codes.join(", ")
            ),
        ));
    }
    for planned in results.into_iter().flatten() {
        planned.commit(db)?;
    }
    Ok(serde_json::json!({}))
}

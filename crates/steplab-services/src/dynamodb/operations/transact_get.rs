//! TransactGetItems: up to 100 items read together, each `{}` when it does not exist.

use serde_json::{Value, json};

use super::{missing, optional_str, required_item, required_str};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Substitutions, parse_projection, path};
use crate::dynamodb::value::{Item, item_to_json};

/// TransactGetItems.
pub fn transact_get_items(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
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
    let mut reads: Vec<(String, Item, Option<Vec<crate::dynamodb::expression::Path>>)> = Vec::new();
    for element in elements {
        let get = element.get("Get").ok_or_else(|| missing("Get"))?;
        let table_name = required_str(get, "TableName")?;
        let key = required_item(get, "Key")?;
        let mut subs = Substitutions::from_input(get)?;
        let projection = optional_str(get, "ProjectionExpression")
            .map(|p| parse_projection(p, &mut subs))
            .transpose()?;
        subs.check_all_used()?;
        let table = db.table(table_name)?;
        table.check_key(&key)?;
        if reads.iter().any(|(t, k, _)| t == table_name && table.key.compare(k, &key).is_eq()) {
            return Err(ServiceError::validation(
                "Transaction request cannot include multiple operations on one item",
            ));
        }
        reads.push((table_name.to_owned(), key, projection));
    }
    let responses: Vec<Value> = reads
        .iter()
        .map(|(table_name, key, projection)| {
            match db.tables.get(table_name).and_then(|t| t.get(key)) {
                Some(item) => {
                    let item = match projection {
                        Some(paths) => path::project(item, paths),
                        None => item.clone(),
                    };
                    json!({"Item": item_to_json(&item)})
                }
                None => json!({}),
            }
        })
        .collect();
    Ok(json!({"Responses": responses}))
}

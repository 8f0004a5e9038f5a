//! BatchGetItem and BatchWriteItem. StepLab processes every request, so `UnprocessedKeys` and
//! `UnprocessedItems` are always empty.

use serde_json::{Map, Value, json};

use super::missing;
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Substitutions, parse_projection, path};
use crate::dynamodb::value::{Item, item_from_json, item_to_json};

fn request_items(input: &Value) -> Result<&Map<String, Value>, ServiceError> {
    input.get("RequestItems").and_then(Value::as_object).ok_or_else(|| missing("RequestItems"))
}

fn duplicates() -> ServiceError {
    ServiceError::validation("Provided list of item keys contains duplicates")
}

/// BatchGetItem: up to 100 keys over one or more tables.
pub fn batch_get_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let requests = request_items(input)?;
    let total: usize = requests.values().map(|r| r["Keys"].as_array().map_or(0, Vec::len)).sum();
    if total > 100 {
        return Err(ServiceError::validation("Too many items requested for the BatchGetItem call"));
    }
    let mut responses = Map::new();
    for (table_name, request) in requests {
        let mut subs = Substitutions::from_input(request)?;
        let projection = request
            .get("ProjectionExpression")
            .and_then(Value::as_str)
            .map(|p| parse_projection(p, &mut subs))
            .transpose()?;
        subs.check_all_used()?;
        let table = db.table(table_name)?;
        let keys = request.get("Keys").and_then(Value::as_array).ok_or_else(|| missing("Keys"))?;
        let mut seen: Vec<Item> = Vec::new();
        let mut found = Vec::new();
        for key in keys {
            let key = item_from_json(key)?;
            table.check_key(&key)?;
            if seen.iter().any(|k| table.key.compare(k, &key).is_eq()) {
                return Err(duplicates());
            }
            if let Some(item) = table.get(&key) {
                let item = match &projection {
                    Some(paths) => path::project(item, paths),
                    None => item.clone(),
                };
                found.push(item_to_json(&item));
            }
            seen.push(key);
        }
        responses.insert(table_name.clone(), Value::Array(found));
    }
    Ok(json!({"Responses": responses, "UnprocessedKeys": {}}))
}

/// BatchWriteItem: up to 25 puts and deletes over one or more tables, all checked before any is
/// made (no conditions, no ReturnValues).
pub fn batch_write_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let requests = request_items(input)?;
    let total: usize = requests.values().map(|r| r.as_array().map_or(0, Vec::len)).sum();
    if total > 25 {
        // moto's record of AWS's text
        return Err(ServiceError::validation(
            "Too many items requested for the BatchWriteItem call",
        ));
    }
    let mut writes: Vec<(String, Item, Option<Item>)> = Vec::new();
    for (table_name, list) in requests {
        let table = db.table(table_name)?;
        let list = list.as_array().ok_or_else(|| missing("RequestItems"))?;
        for request in list {
            let (key, item) = if let Some(put) = request.get("PutRequest") {
                let item = item_from_json(put.get("Item").ok_or_else(|| missing("Item"))?)?;
                table.check_item(&item)?;
                (table.key.key_of(&item), Some(item))
            } else if let Some(delete) = request.get("DeleteRequest") {
                let key = item_from_json(delete.get("Key").ok_or_else(|| missing("Key"))?)?;
                table.check_key(&key)?;
                (key, None)
            } else {
                // AWS's text for a request with neither is not known
                return Err(ServiceError::validation(
                    "Supplied WriteRequest has neither a PutRequest nor a DeleteRequest",
                ));
            };
            if writes.iter().any(|(t, k, _)| t == table_name && table.key.compare(k, &key).is_eq())
            {
                return Err(duplicates());
            }
            writes.push((table_name.clone(), key, item));
        }
    }
    for (table_name, key, item) in writes {
        let table = db.table_mut(&table_name)?;
        match item {
            Some(item) => {
                table.put(item);
            }
            None => {
                table.delete(&key);
            }
        }
    }
    Ok(json!({"UnprocessedItems": {}}))
}

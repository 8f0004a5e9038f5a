//! GetItem: the item with a key, `{}` when there is none.

use serde_json::{Value, json};

use super::{required_item, required_str};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Substitutions, parse_projection, path};
use crate::dynamodb::value::item_to_json;

/// GetItem.
pub fn get_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let table_name = required_str(input, "TableName")?;
    let key = required_item(input, "Key")?;
    let mut subs = Substitutions::from_input(input)?;
    let projection = super::optional_str(input, "ProjectionExpression")
        .map(|p| parse_projection(p, &mut subs))
        .transpose()?;
    subs.check_all_used()?;
    let table = db.table(table_name)?;
    table.check_key(&key)?;
    Ok(match table.get(&key) {
        Some(item) => {
            let item = match &projection {
                Some(paths) => path::project(item, paths),
                None => item.clone(),
            };
            json!({"Item": item_to_json(&item)})
        }
        None => json!({}),
    })
}

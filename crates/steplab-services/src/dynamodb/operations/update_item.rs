//! UpdateItem: changes an item's attributes with an update expression, creating the item when
//! there is none.

use serde_json::Value;

use super::{
    Planned, Write, attributes_output, check_condition, condition, optional_str, required_item,
    required_str, return_values,
};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Condition, Substitutions, Update, parse_update, path, update};
use crate::dynamodb::item_size::{MAX_ITEM_SIZE, item_size};
use crate::dynamodb::value::Item;

/// A checked UpdateItem request (also a transaction's Update).
#[derive(Debug)]
pub struct UpdateRequest {
    /// The table.
    pub table: String,
    /// The item's key.
    pub key: Item,
    update: Update,
    condition: Option<Condition>,
    /// One of the five `ReturnValues`.
    pub return_values: String,
}

impl UpdateRequest {
    /// Reads and checks the request against the table's schema.
    pub fn parse(db: &DynamoDb, input: &Value) -> Result<Self, ServiceError> {
        let table_name = required_str(input, "TableName")?;
        let key = required_item(input, "Key")?;
        let return_values = return_values(
            input,
            &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
            "",
        )?;
        let mut subs = Substitutions::from_input(input)?;
        let update = optional_str(input, "UpdateExpression")
            .map(|source| parse_update(source, &mut subs))
            .transpose()?
            .unwrap_or_default();
        let condition = condition(input, &mut subs)?;
        subs.check_all_used()?;
        let table = db.table(table_name)?;
        table.check_key(&key)?;
        update::check(&update, &table.key)?;
        Ok(Self { table: table_name.to_owned(), key, update, condition, return_values })
    }

    /// Checks the condition and applies the update to the item as it is now.
    pub fn plan(&self, db: &DynamoDb) -> Result<Planned, ServiceError> {
        let table = db.table(&self.table)?;
        let old = table.get(&self.key).cloned();
        check_condition(self.condition.as_ref(), old.as_ref())?;
        let new = update::apply(&self.update, old.as_ref().unwrap_or(&self.key))?;
        if item_size(&new) > MAX_ITEM_SIZE {
            return Err(ServiceError::validation(
                "Item size to update has exceeded the maximum allowed size",
            ));
        }
        table.check_item(&new)?;
        Ok(Planned {
            table: self.table.clone(),
            key: self.key.clone(),
            old,
            write: Write::Put(new),
        })
    }

    /// The `Attributes` the request's `ReturnValues` asks for.
    pub fn returned(&self, planned: &Planned) -> Option<Item> {
        let new = match &planned.write {
            Write::Put(item) => Some(item),
            _ => None,
        };
        let paths: Vec<_> = self.update.paths().into_iter().cloned().collect();
        match self.return_values.as_str() {
            "ALL_OLD" => planned.old.clone(),
            "ALL_NEW" => new.cloned(),
            "UPDATED_OLD" => planned.old.as_ref().map(|old| path::project(old, &paths)),
            "UPDATED_NEW" => new.map(|new| path::project(new, &paths)),
            _ => None,
        }
    }
}

/// UpdateItem.
pub fn update_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let request = UpdateRequest::parse(db, input)?;
    let planned = request.plan(db)?;
    planned.commit(db)?;
    Ok(attributes_output(request.returned(&planned).as_ref()))
}

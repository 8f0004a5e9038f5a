//! PutItem: stores an item whole, replacing the one with its key.

use serde_json::Value;

use super::{
    Planned, Write, attributes_output, check_condition, condition, required_item, required_str,
    return_values,
};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Condition, Substitutions};
use crate::dynamodb::value::Item;

/// A checked PutItem request (also a transaction's Put).
#[derive(Debug)]
pub struct PutRequest {
    table: String,
    item: Item,
    condition: Option<Condition>,
    /// `NONE` or `ALL_OLD`.
    pub return_values: String,
}

impl PutRequest {
    /// Reads and checks the request against the table's schema.
    pub fn parse(db: &DynamoDb, input: &Value) -> Result<Self, ServiceError> {
        let table_name = required_str(input, "TableName")?;
        let item = required_item(input, "Item")?;
        let return_values =
            return_values(input, &["NONE", "ALL_OLD"], "ReturnValues can only be ALL_OLD or NONE")?;
        let mut subs = Substitutions::from_input(input)?;
        let condition = condition(input, &mut subs)?;
        subs.check_all_used()?;
        let table = db.table(table_name)?;
        table.check_item(&item)?;
        Ok(Self { table: table_name.to_owned(), item, condition, return_values })
    }

    /// The table and key it writes.
    pub fn target(&self, db: &DynamoDb) -> (String, Item) {
        let key = db.tables.get(&self.table).map(|t| t.key.key_of(&self.item)).unwrap_or_default();
        (self.table.clone(), key)
    }

    /// Checks the condition against the item as it is now.
    pub fn plan(&self, db: &DynamoDb) -> Result<Planned, ServiceError> {
        let table = db.table(&self.table)?;
        let key = table.key.key_of(&self.item);
        let old = table.get(&key).cloned();
        check_condition(self.condition.as_ref(), old.as_ref())?;
        Ok(Planned { table: self.table.clone(), key, old, write: Write::Put(self.item.clone()) })
    }
}

/// PutItem.
pub fn put_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let request = PutRequest::parse(db, input)?;
    let planned = request.plan(db)?;
    planned.commit(db)?;
    Ok(if request.return_values == "ALL_OLD" {
        attributes_output(planned.old.as_ref())
    } else {
        attributes_output(None)
    })
}

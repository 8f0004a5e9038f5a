//! DeleteItem: removes the item with a key (nothing when there is none).

use serde_json::Value;

use super::{
    Planned, Write, attributes_output, check_condition, condition, required_item, required_str,
    return_values,
};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{Condition, Substitutions};
use crate::dynamodb::value::Item;

/// A checked DeleteItem request (also a transaction's Delete, and ConditionCheck).
#[derive(Debug)]
pub struct DeleteRequest {
    /// The table.
    pub table: String,
    /// The item's key.
    pub key: Item,
    condition: Option<Condition>,
    /// `NONE` or `ALL_OLD`.
    pub return_values: String,
}

impl DeleteRequest {
    /// Reads and checks the request against the table's schema.
    pub fn parse(db: &DynamoDb, input: &Value) -> Result<Self, ServiceError> {
        let table_name = required_str(input, "TableName")?;
        let key = required_item(input, "Key")?;
        let return_values =
            return_values(input, &["NONE", "ALL_OLD"], "ReturnValues can only be ALL_OLD or NONE")?;
        let mut subs = Substitutions::from_input(input)?;
        let condition = condition(input, &mut subs)?;
        subs.check_all_used()?;
        db.table(table_name)?.check_key(&key)?;
        Ok(Self { table: table_name.to_owned(), key, condition, return_values })
    }

    /// Whether it has a condition (a transaction's ConditionCheck must).
    pub fn has_condition(&self) -> bool {
        self.condition.is_some()
    }

    /// Checks the condition against the item as it is now; `write` is what to do then.
    pub fn plan(&self, db: &DynamoDb, write: Write) -> Result<Planned, ServiceError> {
        let old = db.table(&self.table)?.get(&self.key).cloned();
        check_condition(self.condition.as_ref(), old.as_ref())?;
        Ok(Planned { table: self.table.clone(), key: self.key.clone(), old, write })
    }
}

/// DeleteItem.
pub fn delete_item(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let request = DeleteRequest::parse(db, input)?;
    let planned = request.plan(db, Write::Delete)?;
    planned.commit(db)?;
    Ok(if request.return_values == "ALL_OLD" {
        attributes_output(planned.old.as_ref())
    } else {
        attributes_output(None)
    })
}

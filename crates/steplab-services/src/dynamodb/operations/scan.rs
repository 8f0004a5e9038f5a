//! Scan: every item of a table or index, in order, a page at a time.

use serde_json::Value;

use super::page::Read;
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::Substitutions;
use crate::dynamodb::value::Item;

/// Scan.
pub fn scan(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let mut subs = Substitutions::from_input(input)?;
    let read = Read::parse(input, &mut subs)?;
    subs.check_all_used()?;
    if input.get("Segment").is_some() || input.get("TotalSegments").is_some() {
        // not AWS's: StepLab has no parallel scans
        return Err(ServiceError::validation(
            "StepLab's DynamoDB does not emulate parallel scans (Segment, TotalSegments)",
        ));
    }
    let (table, index) = read.source(db, input)?;
    let index_items;
    let items: Vec<&Item> = match index {
        Some(index) => {
            index_items = table.index_items(index);
            index_items.iter().collect()
        }
        None => table.items.iter().collect(),
    };
    Ok(read.page(table, index, &items, true))
}

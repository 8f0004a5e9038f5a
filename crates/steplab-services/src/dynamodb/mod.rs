//! DynamoDB in memory, faithful to AWS's shapes, expressions, errors and limits.
//!
//! Operations: `CreateTable`, `DescribeTable`, `ListTables`, `DeleteTable`; `PutItem`,
//! `GetItem`, `UpdateItem`, `DeleteItem` (with `ConditionExpression`, `UpdateExpression`,
//! `ProjectionExpression`, `ExpressionAttributeNames`/`Values`, `ReturnValues`); `Query` and
//! `Scan` (`KeyConditionExpression`, `FilterExpression`, `ProjectionExpression`, `Limit`,
//! `ExclusiveStartKey`/`LastEvaluatedKey`, `ScanIndexForward`, `IndexName`, `Select`, the 1 MB
//! page); `BatchGetItem`, `BatchWriteItem` (nothing is ever left unprocessed);
//! `TransactWriteItems` (all or nothing, `TransactionCanceledException`) and `TransactGetItems`.
//!
//! Values are checked as DynamoDB checks them (numbers of up to 38 digits, normalised; sets not
//! empty nor with duplicates; key attributes not empty), items against the 400 KB limit.
//!
//! Expressions are parsed as DynamoDB parses them: syntax errors first (`Syntax error; token:
//! "…", near: "…"`), then undefined `#names` and `:values`, reserved words (`status`, `name`:
//! AWS's list) and redundant parentheses; unused names and values are refused.
//!
//! Error codes and messages are AWS's where they are known (from AWS's documentation and the
//! texts DynamoDB Local, dynalite and moto reproduce); the few that are not are marked so where
//! they are made.
//!
//! Not emulated: tables are `ACTIVE` at once (AWS shows `CREATING`, then `ACTIVE`) and deleted at
//! once; no UpdateTable, TTL, streams, backups, tags, PartiQL, the legacy
//! parameters (`Expected`, `AttributesToGet`, `KeyConditions`, `QueryFilter`, `ScanFilter`),
//! parallel scans (`Segment`), capacity accounting (`ConsumedCapacity`), throttling or
//! `ReturnValuesOnConditionCheckFailure`. A Scan reads in the order of the partition keys' values,
//! where AWS's follows a hash of them. A transaction's `CancellationReasons` are only in its
//! message (a [`ServiceError`] carries no other fields).

pub mod expression;
pub mod item_size;
pub mod number;
pub mod operations;
pub mod table;
pub mod value;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::Ids;
use crate::{Context, Response, ServiceError};
use table::Table;

/// DynamoDB's state: the tables, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DynamoDb {
    /// The tables, by name.
    pub tables: BTreeMap<String, Table>,
}

impl DynamoDb {
    /// Calls `operation` with `input`.
    pub fn call(
        &mut self,
        operation: &str,
        input: &Value,
        context: &Context,
        ids: &mut Ids,
    ) -> Result<Response, ServiceError> {
        use operations::*;
        let output = match operation {
            "CreateTable" => tables::create_table(self, input, context, ids)?,
            "DescribeTable" => tables::describe_table(self, input)?,
            "ListTables" => tables::list_tables(self, input)?,
            "DeleteTable" => tables::delete_table(self, input)?,
            "PutItem" => put_item::put_item(self, input)?,
            "GetItem" => get_item::get_item(self, input)?,
            "UpdateItem" => update_item::update_item(self, input)?,
            "DeleteItem" => delete_item::delete_item(self, input)?,
            "Query" => query::query(self, input)?,
            "Scan" => scan::scan(self, input)?,
            "BatchGetItem" => batch::batch_get_item(self, input)?,
            "BatchWriteItem" => batch::batch_write_item(self, input)?,
            "TransactWriteItems" => transact::transact_write_items(self, input)?,
            "TransactGetItems" => transact_get::transact_get_items(self, input)?,
            _ => return Err(ServiceError::unknown_operation("dynamodb", operation)),
        };
        Ok(Response::output(output))
    }

    /// The table named `name`, or DynamoDB's error for a missing one.
    pub fn table(&self, name: &str) -> Result<&Table, ServiceError> {
        self.tables.get(name).ok_or_else(not_found)
    }

    /// The table named `name`, to change.
    pub fn table_mut(&mut self, name: &str) -> Result<&mut Table, ServiceError> {
        self.tables.get_mut(name).ok_or_else(not_found)
    }
}

/// The error item operations give for a missing table.
pub fn not_found() -> ServiceError {
    ServiceError::client("ResourceNotFoundException", "Requested resource not found")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::{Context, Services};

    fn call(
        services: &mut Services,
        operation: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, crate::ServiceError> {
        services
            .call("dynamodb", operation, &input, &Context::at(1_700_000_000_000))
            .map(|r| r.output)
    }

    fn with_table() -> Services {
        let mut services = Services::default();
        call(
            &mut services,
            "CreateTable",
            json!({"TableName": "tab", "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
        )
        .unwrap();
        services
    }

    #[test]
    fn an_item_over_400_kb_is_refused() {
        let mut services = with_table();
        // 2 + 1 bytes of key, 4 of name: the string may have 409,600 - 7 bytes
        let fits = "x".repeat(400 * 1024 - 7);
        call(
            &mut services,
            "PutItem",
            json!({"TableName": "tab", "Item": {"id": {"S": "a"}, "data": {"S": fits}}}),
        )
        .unwrap();
        let too_big = "x".repeat(400 * 1024 - 6);
        let error = call(
            &mut services,
            "PutItem",
            json!({"TableName": "tab", "Item": {"id": {"S": "a"}, "data": {"S": too_big}}}),
        )
        .unwrap_err();
        assert_eq!(error.code, "ValidationException");
        assert_eq!(error.message, "Item size has exceeded the maximum allowed size");
    }

    #[test]
    fn items_nest_32_levels_deep() {
        let mut services = with_table();
        let nested = |levels: usize| {
            (0..levels).fold(json!({"S": "leaf"}), |inner, _| json!({"L": [inner]}))
        };
        call(
            &mut services,
            "PutItem",
            json!({"TableName": "tab", "Item": {"id": {"S": "a"}, "deep": nested(32)}}),
        )
        .unwrap();
        let error = call(
            &mut services,
            "PutItem",
            json!({"TableName": "tab", "Item": {"id": {"S": "a"}, "deep": nested(33)}}),
        )
        .unwrap_err();
        assert!(
            error.message.starts_with("Nesting Levels have exceeded supported limits"),
            "{error}"
        );
    }

    #[test]
    fn the_state_serialises_whole() {
        let mut services = with_table();
        call(
            &mut services,
            "PutItem",
            json!({"TableName": "tab", "Item": {"id": {"S": "a"}, "n": {"N": "1.50"}, "m": {"M": {"l": {"L": [{"NULL": true}, {"SS": ["x"]}]}}}}}),
        )
        .unwrap();
        let text = serde_json::to_string(&services).unwrap();
        let back: Services = serde_json::from_str(&text).unwrap();
        assert_eq!(back, services);
        let empty: Services = serde_json::from_str("{}").unwrap();
        assert!(empty.dynamodb.tables.is_empty());
    }
}

//! What Query and Scan share: a page of items read in order, limited by `Limit` and 1 MB,
//! filtered, projected, counted, and the key to go on from.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::{optional_str, required_str};
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::{
    Condition, Path, Substitutions, evaluate, parse_condition, parse_projection, path,
};
use crate::dynamodb::item_size::item_size;
use crate::dynamodb::table::{Index, Table};
use crate::dynamodb::value::{Item, item_from_json, item_to_json};

/// The most data a Query or Scan reads for one page: 1 MB.
const PAGE_BYTES: usize = 1024 * 1024;

/// The parameters Query and Scan share.
#[derive(Debug)]
pub struct Read {
    /// The table.
    pub table: String,
    /// The index, if one is read.
    pub index: Option<String>,
    filter: Option<Condition>,
    projection: Option<Vec<Path>>,
    count_only: bool,
    limit: Option<usize>,
    start: Option<Item>,
}

impl Read {
    /// Reads the shared parameters; expressions use `subs`.
    pub fn parse(input: &Value, subs: &mut Substitutions) -> Result<Self, ServiceError> {
        let table = required_str(input, "TableName")?.to_owned();
        let index = optional_str(input, "IndexName").map(str::to_owned);
        let filter = optional_str(input, "FilterExpression")
            .map(|source| parse_condition("FilterExpression", source, subs))
            .transpose()?;
        let projection = optional_str(input, "ProjectionExpression")
            .map(|source| parse_projection(source, subs))
            .transpose()?;
        let limit = match input.get("Limit").and_then(Value::as_i64) {
            Some(n) if n < 1 => {
                return Err(ServiceError::validation(format!(
                    "1 validation error detected: Value '{n}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
                )));
            }
            other => other.map(|n| n as usize),
        };
        let select = optional_str(input, "Select");
        match select {
            None
            | Some(
                "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT",
            ) => {}
            Some(other) => {
                return Err(ServiceError::validation(format!(
                    "1 validation error detected: Value '{other}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"
                )));
            }
        }
        match (select, &projection) {
            (Some("COUNT"), Some(_)) => {
                return Err(ServiceError::validation(
                    "Cannot specify the ProjectionExpression when choosing to get only the Count",
                ));
            }
            (Some(all @ ("ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES")), Some(_)) => {
                return Err(ServiceError::validation(format!(
                    "Cannot specify the ProjectionExpression when choosing to get {all}"
                )));
            }
            _ => {}
        }
        let start = match input.get("ExclusiveStartKey") {
            Some(v) if !v.is_null() => Some(item_from_json(v)?),
            _ => None,
        };
        Ok(Self {
            table,
            index,
            filter,
            projection,
            count_only: select == Some("COUNT"),
            limit,
            start,
        })
    }

    /// The table and the index read (checked: it exists, no consistent read on a global one).
    pub fn source<'a>(
        &self,
        db: &'a DynamoDb,
        input: &Value,
    ) -> Result<(&'a Table, Option<&'a Index>), ServiceError> {
        let table = db.table(&self.table)?;
        let index = match &self.index {
            None => None,
            Some(name) => {
                let (index, global) = table.index(name).ok_or_else(|| {
                    ServiceError::validation(format!(
                        "The table does not have the specified index: {name}"
                    ))
                })?;
                if global && input.get("ConsistentRead").and_then(Value::as_bool) == Some(true) {
                    return Err(ServiceError::validation(
                        "Consistent reads are not supported on global secondary indexes",
                    ));
                }
                Some(index)
            }
        };
        if let Some(start) = &self.start {
            let invalid = || {
                ServiceError::validation(
                    "The provided starting key is invalid: The provided key element does not match the schema",
                )
            };
            let names: Vec<&String> =
                table.key.names().chain(index.iter().flat_map(|i| i.key.names())).collect();
            if start.keys().any(|k| !names.contains(&k)) {
                return Err(invalid());
            }
            for name in table.key.names() {
                match start.get(name) {
                    Some(v) if Some(v.type_name()) == table.attribute_type(name) => {}
                    _ => return Err(invalid()),
                }
            }
        }
        Ok((table, index))
    }

    /// The page of `items` (in the order read) after `ExclusiveStartKey`.
    pub fn page(
        &self,
        table: &Table,
        index: Option<&Index>,
        items: &[&Item],
        forward: bool,
    ) -> Value {
        let order = |a: &Item, b: &Item| {
            index
                .map_or(Ordering::Equal, |i| i.key.compare(a, b))
                .then_with(|| table.key.compare(a, b))
        };
        let after_start = |item: &&&Item| match &self.start {
            None => true,
            Some(start) => {
                let o = order(item, start);
                if forward { o == Ordering::Greater } else { o == Ordering::Less }
            }
        };
        let mut scanned = 0;
        let mut bytes = 0;
        let mut found = Vec::new();
        let mut last_key = None;
        let candidates: Vec<&&Item> = items.iter().filter(after_start).collect();
        for (i, item) in candidates.iter().enumerate() {
            scanned += 1;
            bytes += item_size(item);
            if self.filter.as_ref().is_none_or(|f| evaluate(f, item)) {
                found.push(match &self.projection {
                    Some(paths) => path::project(item, paths),
                    None => (**item).clone(),
                });
            }
            // DynamoDB stops at Limit items read (and gives a key to go on from even when none
            // are left), or after 1 MB when more are left
            let at_limit = self.limit == Some(scanned);
            if at_limit || (bytes >= PAGE_BYTES && i + 1 < candidates.len()) {
                let mut key = table.key.key_of(item);
                if let Some(index) = index {
                    key.extend(index.key.key_of(item));
                }
                last_key = Some(key);
                break;
            }
        }
        let mut out = json!({"Count": found.len(), "ScannedCount": scanned});
        if !self.count_only {
            out["Items"] = found.iter().map(item_to_json).collect();
        }
        if let Some(key) = last_key {
            out["LastEvaluatedKey"] = item_to_json(&key);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::{Context, Services};

    fn call(services: &mut Services, operation: &str, input: Value) -> Value {
        services.call("dynamodb", operation, &input, &Context::at(0)).unwrap().output
    }

    #[test]
    fn a_page_stops_after_1_mb_read() {
        let mut services = Services::default();
        call(
            &mut services,
            "CreateTable",
            json!({"TableName": "big", "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
        );
        let data = "x".repeat(300 * 1024);
        for id in ["a", "b", "c", "d", "e"] {
            call(
                &mut services,
                "PutItem",
                json!({"TableName": "big", "Item": {"id": {"S": id}, "data": {"S": data}}}),
            );
        }
        // 300 KB items: the fourth takes the page past 1 MB
        let first =
            call(&mut services, "Scan", json!({"TableName": "big", "ProjectionExpression": "id"}));
        assert_eq!(first["ScannedCount"], 4);
        assert_eq!(first["LastEvaluatedKey"], json!({"id": {"S": "d"}}));
        let rest = call(
            &mut services,
            "Scan",
            json!({"TableName": "big", "ProjectionExpression": "id", "ExclusiveStartKey": first["LastEvaluatedKey"]}),
        );
        assert_eq!(rest["Items"], json!([{"id": {"S": "e"}}]));
        assert!(rest.get("LastEvaluatedKey").is_none());
    }
}

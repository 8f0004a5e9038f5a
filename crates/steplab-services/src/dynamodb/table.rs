//! Tables: key schema, secondary indexes, and the items, ordered by partition key then sort key.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::item_size::item_size;
use super::value::{AttributeValue, Item};
use crate::ServiceError;

/// A key schema: the partition (HASH) key and the optional sort (RANGE) key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySchema {
    /// The partition key's attribute name.
    pub hash: String,
    /// The sort key's attribute name.
    pub range: Option<String>,
}

impl KeySchema {
    /// The key's attribute names, partition key first.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.hash).chain(self.range.as_ref())
    }

    /// `KeySchema` as DynamoDB describes it.
    pub fn to_json(&self) -> Value {
        let mut out = vec![json!({"AttributeName": self.hash, "KeyType": "HASH"})];
        if let Some(range) = &self.range {
            out.push(json!({"AttributeName": range, "KeyType": "RANGE"}));
        }
        Value::Array(out)
    }

    /// Orders two items by this key: partition key, then sort key.
    pub fn compare(&self, a: &Item, b: &Item) -> Ordering {
        self.names().fold(Ordering::Equal, |acc, name| {
            acc.then_with(|| compare_key_values(a.get(name), b.get(name)))
        })
    }

    /// The item's key attributes.
    pub fn key_of(&self, item: &Item) -> Item {
        self.names().filter_map(|n| Some((n.clone(), item.get(n)?.clone()))).collect()
    }
}

fn compare_key_values(a: Option<&AttributeValue>, b: Option<&AttributeValue>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.compare(b).unwrap_or(Ordering::Equal),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A secondary index's projection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    pub projection_type: String,
    /// The attributes `INCLUDE` adds.
    pub non_key_attributes: Vec<String>,
}

/// A global or local secondary index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Its name.
    pub name: String,
    /// Its key.
    pub key: KeySchema,
    /// What it projects.
    pub projection: Projection,
    /// Read and write capacity, for a global index of a provisioned table.
    pub throughput: Option<(u64, u64)>,
}

/// A table and its items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its id (a UUID).
    pub id: String,
    /// When it was created, in milliseconds.
    pub created_millis: i64,
    /// `AttributeDefinitions`: names and types (`S`, `N`, `B`).
    pub attribute_definitions: Vec<(String, String)>,
    /// The primary key.
    pub key: KeySchema,
    /// Read and write capacity; `None` for `PAY_PER_REQUEST`.
    pub throughput: Option<(u64, u64)>,
    /// Global secondary indexes.
    pub global_indexes: Vec<Index>,
    /// Local secondary indexes.
    pub local_indexes: Vec<Index>,
    /// The items, ordered by [`Table::key`].
    pub items: Vec<Item>,
}

impl Table {
    /// The declared type of an attribute.
    pub fn attribute_type(&self, name: &str) -> Option<&str> {
        self.attribute_definitions.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str())
    }

    /// The index named `name`.
    pub fn index(&self, name: &str) -> Option<(&Index, bool)> {
        self.global_indexes
            .iter()
            .map(|i| (i, true))
            .chain(self.local_indexes.iter().map(|i| (i, false)))
            .find(|(i, _)| i.name == name)
    }

    /// Where an item with this key is, or would go.
    fn position(&self, key: &Item) -> Result<usize, usize> {
        self.items.binary_search_by(|item| self.key.compare(item, key))
    }

    /// The item with this key (a validated key).
    pub fn get(&self, key: &Item) -> Option<&Item> {
        self.position(key).ok().map(|i| &self.items[i])
    }

    /// Stores an item (replacing the one with its key), giving back the old one.
    pub fn put(&mut self, item: Item) -> Option<Item> {
        match self.position(&item) {
            Ok(i) => Some(std::mem::replace(&mut self.items[i], item)),
            Err(i) => {
                self.items.insert(i, item);
                None
            }
        }
    }

    /// Removes the item with this key, giving it back.
    pub fn delete(&mut self, key: &Item) -> Option<Item> {
        self.position(key).ok().map(|i| self.items.remove(i))
    }

    /// Checks a `Key` parameter: exactly the key attributes, of their declared types.
    pub fn check_key(&self, key: &Item) -> Result<(), ServiceError> {
        let mismatch =
            || ServiceError::validation("The provided key element does not match the schema");
        if key.len() != self.key.names().count() {
            return Err(mismatch());
        }
        for name in self.key.names() {
            let value = key.get(name).ok_or_else(mismatch)?;
            if Some(value.type_name()) != self.attribute_type(name) {
                return Err(mismatch());
            }
            check_key_value(value)?;
        }
        Ok(())
    }

    /// Checks an item to store: its key attributes present with their types, index keys of their
    /// declared types, and its size.
    pub fn check_item(&self, item: &Item) -> Result<(), ServiceError> {
        for name in self.key.names() {
            let value = item.get(name).ok_or_else(|| {
                ServiceError::validation(format!(
                    "One or more parameter values were invalid: Missing the key {name} in the item"
                ))
            })?;
            let expected = self.attribute_type(name).unwrap_or("S");
            if value.type_name() != expected {
                return Err(ServiceError::validation(format!(
                    "One or more parameter values were invalid: Type mismatch for key {name} expected: {expected} actual: {}",
                    value.type_name()
                )));
            }
            check_key_value(value)?;
        }
        for index in self.global_indexes.iter().chain(&self.local_indexes) {
            for name in index.key.names() {
                let (Some(value), Some(expected)) = (item.get(name), self.attribute_type(name))
                else {
                    continue;
                };
                if value.type_name() != expected {
                    return Err(ServiceError::validation(format!(
                        "One or more parameter values were invalid: Type mismatch for Index Key {name} Expected: {expected} Actual: {} IndexName: {}",
                        value.type_name(),
                        index.name
                    )));
                }
                if matches!(value, AttributeValue::S(s) | AttributeValue::B(s) if s.is_empty()) {
                    // moto's record of AWS's text for an empty index key
                    return Err(ServiceError::validation(
                        "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.",
                    ));
                }
            }
        }
        // DynamoDB documents 32 levels of nesting
        if item.values().any(|v| v.nesting() > 32) {
            return Err(ServiceError::validation(
                "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
            ));
        }
        if item_size(item) > super::item_size::MAX_ITEM_SIZE {
            return Err(ServiceError::validation(
                "Item size has exceeded the maximum allowed size",
            ));
        }
        Ok(())
    }

    /// The items an index holds (those with all its key attributes), in the index's order, each
    /// projected as the index projects it.
    pub fn index_items(&self, index: &Index) -> Vec<Item> {
        let mut items: Vec<Item> = self
            .items
            .iter()
            .filter(|item| index.key.names().all(|n| item.contains_key(n)))
            .map(|item| self.project_for_index(index, item))
            .collect();
        items.sort_by(|a, b| index.key.compare(a, b).then_with(|| self.key.compare(a, b)));
        items
    }

    fn project_for_index(&self, index: &Index, item: &Item) -> Item {
        match index.projection.projection_type.as_str() {
            "ALL" => item.clone(),
            _ => item
                .iter()
                .filter(|(name, _)| {
                    self.key.names().any(|n| n == *name)
                        || index.key.names().any(|n| n == *name)
                        || index.projection.non_key_attributes.contains(name)
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// `TableDescription` as DescribeTable (and CreateTable, DeleteTable) return it.
    pub fn describe(&self, status: &str) -> Value {
        let seconds = self.created_millis as f64 / 1000.0;
        let size: usize = self.items.iter().map(item_size).sum();
        let throughput = |t: Option<(u64, u64)>| {
            let (read, write) = t.unwrap_or((0, 0));
            json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": read, "WriteCapacityUnits": write})
        };
        let mut out = json!({
            "AttributeDefinitions": self.attribute_definitions.iter()
                .map(|(n, t)| json!({"AttributeName": n, "AttributeType": t}))
                .collect::<Vec<_>>(),
            "TableName": self.name,
            "KeySchema": self.key.to_json(),
            "TableStatus": status,
            "CreationDateTime": seconds,
            "ProvisionedThroughput": throughput(self.throughput),
            "TableSizeBytes": size,
            "ItemCount": self.items.len(),
            "TableArn": self.arn,
            "TableId": self.id,
        });
        if self.throughput.is_none() {
            out["BillingModeSummary"] = json!({
                "BillingMode": "PAY_PER_REQUEST",
                "LastUpdateToPayPerRequestDateTime": seconds,
            });
        }
        let index_json = |index: &Index, global: bool| {
            let items = self.index_items(index);
            let mut projection = json!({"ProjectionType": index.projection.projection_type});
            if !index.projection.non_key_attributes.is_empty() {
                projection["NonKeyAttributes"] = json!(index.projection.non_key_attributes);
            }
            let mut out = json!({
                "IndexName": index.name,
                "KeySchema": index.key.to_json(),
                "Projection": projection,
                "IndexSizeBytes": items.iter().map(item_size).sum::<usize>(),
                "ItemCount": items.len(),
                "IndexArn": format!("{}/index/{}", self.arn, index.name),
            });
            if global {
                out["IndexStatus"] = json!("ACTIVE");
                out["ProvisionedThroughput"] = throughput(index.throughput);
            }
            out
        };
        if !self.global_indexes.is_empty() {
            out["GlobalSecondaryIndexes"] =
                self.global_indexes.iter().map(|i| index_json(i, true)).collect();
        }
        if !self.local_indexes.is_empty() {
            out["LocalSecondaryIndexes"] =
                self.local_indexes.iter().map(|i| index_json(i, false)).collect();
        }
        out["DeletionProtectionEnabled"] = json!(false);
        out
    }
}

/// Key attributes may not be empty strings or binaries (other attributes may, since 2020).
fn check_key_value(value: &AttributeValue) -> Result<(), ServiceError> {
    if matches!(value, AttributeValue::S(s) | AttributeValue::B(s) if s.is_empty()) {
        return Err(ServiceError::validation(
            "One or more parameter values were invalid: An AttributeValue may not contain an empty string",
        ));
    }
    Ok(())
}

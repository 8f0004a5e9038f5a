//! CreateTable, DescribeTable, ListTables and DeleteTable.

use serde_json::{Value, json};

use super::{missing, optional_str, required_str};
use crate::dynamodb::DynamoDb;
use crate::dynamodb::table::{Index, KeySchema, Projection, Table};
use crate::ids::Ids;
use crate::{Context, ServiceError};

fn invalid(message: impl std::fmt::Display) -> ServiceError {
    ServiceError::validation(format!("One or more parameter values were invalid: {message}"))
}

fn check_table_name(name: &str) -> Result<(), ServiceError> {
    let constraint = |what: &str| {
        ServiceError::validation(format!(
            "1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: {what}"
        ))
    };
    if name.len() < 3 {
        return Err(constraint("Member must have length greater than or equal to 3"));
    }
    if name.len() > 255 {
        return Err(constraint("Member must have length less than or equal to 255"));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
        return Err(constraint("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
    }
    Ok(())
}

fn key_schema(value: Option<&Value>, member: &str) -> Result<KeySchema, ServiceError> {
    let elements = value.and_then(Value::as_array).ok_or_else(|| missing(member))?;
    fn name_and_type(e: &Value) -> (String, &str) {
        (
            e["AttributeName"].as_str().unwrap_or_default().to_owned(),
            e["KeyType"].as_str().unwrap_or_default(),
        )
    }
    match elements.as_slice() {
        [hash] | [hash, _] => {
            let (hash_name, hash_type) = name_and_type(hash);
            if hash_type != "HASH" {
                return Err(ServiceError::validation(
                    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
                ));
            }
            let range = match elements.get(1) {
                Some(range) => {
                    let (range_name, range_type) = name_and_type(range);
                    if range_type != "RANGE" {
                        return Err(ServiceError::validation(
                            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
                        ));
                    }
                    if range_name == hash_name {
                        return Err(invalid(
                            "Both the Hash Key and the Range Key cannot be the same attribute",
                        ));
                    }
                    Some(range_name)
                }
                None => None,
            };
            Ok(KeySchema { hash: hash_name, range })
        }
        _ => Err(ServiceError::validation(format!(
            "1 validation error detected: Value '{}' at '{}' failed to satisfy constraint: Member must have length {}",
            Value::Array(elements.clone()),
            super::member_path(member),
            if elements.is_empty() {
                "greater than or equal to 1"
            } else {
                "less than or equal to 2"
            }
        ))),
    }
}

fn throughput(value: Option<&Value>) -> Option<(u64, u64)> {
    let value = value?;
    Some((value["ReadCapacityUnits"].as_u64()?, value["WriteCapacityUnits"].as_u64()?))
}

fn projection(value: &Value) -> Projection {
    Projection {
        projection_type: value["ProjectionType"].as_str().unwrap_or("ALL").to_owned(),
        non_key_attributes: value["NonKeyAttributes"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
    }
}

/// CreateTable. StepLab makes the table ACTIVE at once, where AWS shows CREATING for a while.
pub fn create_table(
    db: &mut DynamoDb,
    input: &Value,
    context: &Context,
    ids: &mut Ids,
) -> Result<Value, ServiceError> {
    let name = required_str(input, "TableName")?;
    check_table_name(name)?;
    let definitions: Vec<(String, String)> = input
        .get("AttributeDefinitions")
        .and_then(Value::as_array)
        .ok_or_else(|| missing("AttributeDefinitions"))?
        .iter()
        .map(|d| {
            (
                d["AttributeName"].as_str().unwrap_or_default().to_owned(),
                d["AttributeType"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (i, (_, t)) in definitions.iter().enumerate() {
        if !matches!(t.as_str(), "S" | "N" | "B") {
            return Err(ServiceError::validation(format!(
                "1 validation error detected: Value '{t}' at 'attributeDefinitions.{}.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                i + 1
            )));
        }
    }
    let key = key_schema(input.get("KeySchema"), "KeySchema")?;
    let billing = optional_str(input, "BillingMode").unwrap_or("PROVISIONED");
    let table_throughput = throughput(input.get("ProvisionedThroughput"));
    let table_throughput = match (billing, table_throughput) {
        ("PAY_PER_REQUEST", None) => None,
        ("PAY_PER_REQUEST", Some(_)) => {
            return Err(invalid(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
        ("PROVISIONED", Some(t)) => Some(t),
        ("PROVISIONED", None) => {
            return Err(invalid(
                "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
            ));
        }
        (other, _) => {
            return Err(ServiceError::validation(format!(
                "1 validation error detected: Value '{other}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
            )));
        }
    };
    let indexes = |member: &str, global: bool| -> Result<Vec<Index>, ServiceError> {
        let Some(list) = input.get(member).and_then(Value::as_array) else {
            return Ok(Vec::new());
        };
        list.iter()
            .map(|i| {
                let index_key = key_schema(i.get("KeySchema"), "KeySchema")?;
                if !global && key.range.is_none() {
                    return Err(invalid(
                        "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
                    ));
                }
                if !global && (index_key.hash != key.hash || index_key.range.is_none()) {
                    // AWS's text for this case is not known
                    return Err(invalid(format!(
                        "Index KeySchema of a LocalSecondaryIndex must have the table's hash key and a range key: {}",
                        i["IndexName"].as_str().unwrap_or_default()
                    )));
                }
                let index_throughput = throughput(i.get("ProvisionedThroughput"));
                if global && table_throughput.is_some() && index_throughput.is_none() {
                    return Err(invalid(format!(
                        "ProvisionedThroughput is not specified for index: {}",
                        i["IndexName"].as_str().unwrap_or_default()
                    )));
                }
                Ok(Index {
                    name: i["IndexName"].as_str().unwrap_or_default().to_owned(),
                    key: index_key,
                    projection: projection(&i["Projection"]),
                    throughput: if global { index_throughput } else { None },
                })
            })
            .collect()
    };
    let global_indexes = indexes("GlobalSecondaryIndexes", true)?;
    let local_indexes = indexes("LocalSecondaryIndexes", false)?;
    // every key attribute (table's and indexes') defined, and every definition used by a key
    let mut keys: Vec<&String> = key.names().collect();
    for index in global_indexes.iter().chain(&local_indexes) {
        keys.extend(index.key.names());
    }
    let defined: Vec<&String> = definitions.iter().map(|(n, _)| n).collect();
    let undefined: Vec<&str> =
        keys.iter().filter(|k| !defined.contains(k)).map(|k| k.as_str()).collect();
    if !undefined.is_empty() {
        let defined: Vec<&str> = defined.iter().map(|d| d.as_str()).collect();
        return Err(invalid(format!(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
            undefined.join(", "),
            defined.join(", ")
        )));
    }
    if defined.iter().any(|d| !keys.contains(d))
        || defined.len() != {
            let mut k = keys.clone();
            k.sort();
            k.dedup();
            k.len()
        }
    {
        return Err(invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ));
    }
    if db.tables.contains_key(name) {
        return Err(ServiceError::client(
            "ResourceInUseException",
            format!("Table already exists: {name}"),
        ));
    }
    let table = Table {
        name: name.to_owned(),
        arn: format!("arn:aws:dynamodb:{}:{}:table/{name}", context.region, context.account),
        id: ids.uuid(),
        created_millis: context.now_millis,
        attribute_definitions: definitions,
        key,
        throughput: table_throughput,
        global_indexes,
        local_indexes,
        items: Vec::new(),
    };
    // StepLab's tables are ACTIVE at once; AWS answers CREATING and turns ACTIVE later.
    let description = table.describe("ACTIVE");
    db.tables.insert(name.to_owned(), table);
    Ok(json!({"TableDescription": description}))
}

fn table_not_found(name: &str) -> ServiceError {
    ServiceError::client(
        "ResourceNotFoundException",
        format!("Requested resource not found: Table: {name} not found"),
    )
}

/// DescribeTable.
pub fn describe_table(db: &DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let name = required_str(input, "TableName")?;
    let table = db.tables.get(name).ok_or_else(|| table_not_found(name))?;
    Ok(json!({"Table": table.describe("ACTIVE")}))
}

/// ListTables, in name order, `Limit` names a page.
pub fn list_tables(db: &DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let start = optional_str(input, "ExclusiveStartTableName");
    let limit = input.get("Limit").and_then(Value::as_u64).unwrap_or(100) as usize;
    if !(1..=100).contains(&limit) {
        return Err(ServiceError::validation(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {}",
            if limit < 1 { "greater than or equal to 1" } else { "less than or equal to 100" }
        )));
    }
    let names: Vec<&String> =
        db.tables.keys().filter(|n| start.is_none_or(|s| n.as_str() > s)).collect();
    let page: Vec<&String> = names.iter().take(limit).copied().collect();
    let mut out = json!({"TableNames": page});
    if names.len() > limit {
        out["LastEvaluatedTableName"] = json!(page.last());
    }
    Ok(out)
}

/// DeleteTable: the description says DELETING, as AWS's does; the table is gone at once.
pub fn delete_table(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let name = required_str(input, "TableName")?;
    let table = db.tables.remove(name).ok_or_else(|| table_not_found(name))?;
    Ok(json!({"TableDescription": table.describe("DELETING")}))
}

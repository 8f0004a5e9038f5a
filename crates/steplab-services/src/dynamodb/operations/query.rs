//! Query: the items of one partition, in sort key order, narrowed by the key condition.

use std::cmp::Ordering;

use serde_json::Value;

use super::optional_str;
use super::page::Read;
use crate::ServiceError;
use crate::dynamodb::DynamoDb;
use crate::dynamodb::expression::ast::{Comparator, Operand, PathElement};
use crate::dynamodb::expression::{Condition, Substitutions, parse_condition};
use crate::dynamodb::table::KeySchema;
use crate::dynamodb::value::{AttributeValue, Item, decode_base64};

/// A condition on one key attribute.
#[derive(Debug)]
enum KeyTest {
    Compare(Comparator, AttributeValue),
    Between(AttributeValue, AttributeValue),
    BeginsWith(AttributeValue),
}

impl KeyTest {
    fn matches(&self, value: &AttributeValue) -> bool {
        let cmp = |v: &AttributeValue| value.compare(v);
        match self {
            Self::Compare(c, v) => cmp(v).is_some_and(|o| match c {
                Comparator::Eq => o == Ordering::Equal,
                Comparator::Lt => o == Ordering::Less,
                Comparator::Le => o != Ordering::Greater,
                Comparator::Gt => o == Ordering::Greater,
                Comparator::Ge => o != Ordering::Less,
                Comparator::Ne => o != Ordering::Equal,
            }),
            Self::Between(low, high) => {
                cmp(low).is_some_and(|o| o != Ordering::Less)
                    && cmp(high).is_some_and(|o| o != Ordering::Greater)
            }
            Self::BeginsWith(prefix) => match (value, prefix) {
                (AttributeValue::S(s), AttributeValue::S(p)) => s.starts_with(p.as_str()),
                (AttributeValue::B(s), AttributeValue::B(p)) => {
                    decode_base64(s).zip(decode_base64(p)).is_some_and(|(s, p)| s.starts_with(&p))
                }
                _ => false,
            },
        }
    }

    fn values(&self) -> Vec<&AttributeValue> {
        match self {
            Self::Compare(_, v) | Self::BeginsWith(v) => vec![v],
            Self::Between(a, b) => vec![a, b],
        }
    }
}

fn not_supported() -> ServiceError {
    ServiceError::validation("Query key condition not supported")
}

fn key_name(operand: &Operand) -> Result<String, ServiceError> {
    match operand {
        Operand::Path(path) => match path.as_slice() {
            [PathElement::Name(n)] => Ok(n.clone()),
            _ => Err(ServiceError::validation(
                "KeyConditionExpressions cannot have conditions on nested attributes",
            )),
        },
        _ => Err(not_supported()),
    }
}

fn value(operand: &Operand) -> Result<AttributeValue, ServiceError> {
    match operand {
        Operand::Value(v) => Ok(v.clone()),
        _ => Err(not_supported()),
    }
}

fn operator_name(condition: &Condition) -> &'static str {
    match condition {
        Condition::Or(..) => "OR",
        Condition::Not(..) => "NOT",
        Condition::In(..) => "IN",
        Condition::Exists(_) => "attribute_exists",
        Condition::NotExists(_) => "attribute_not_exists",
        Condition::Type(..) => "attribute_type",
        Condition::Contains(..) => "contains",
        _ => "",
    }
}

/// Splits a key condition into one test per key attribute.
fn key_tests(condition: &Condition, out: &mut Vec<(String, KeyTest)>) -> Result<(), ServiceError> {
    match condition {
        Condition::And(a, b) => {
            key_tests(a, out)?;
            key_tests(b, out)
        }
        Condition::Compare(a, comparator, b) => {
            if *comparator == Comparator::Ne {
                return Err(ServiceError::validation(
                    "Invalid operator used in KeyConditionExpression: <>",
                ));
            }
            out.push((key_name(a)?, KeyTest::Compare(*comparator, value(b)?)));
            Ok(())
        }
        Condition::Between(a, low, high) => {
            out.push((key_name(a)?, KeyTest::Between(value(low)?, value(high)?)));
            Ok(())
        }
        Condition::BeginsWith(a, b) => {
            out.push((key_name(a)?, KeyTest::BeginsWith(value(b)?)));
            Ok(())
        }
        other => Err(ServiceError::validation(format!(
            "Invalid operator used in KeyConditionExpression: {}",
            operator_name(other)
        ))),
    }
}

/// The tests of a key condition, checked against the key schema: the partition key with `=`,
/// the sort key optionally.
fn check_tests(
    tests: Vec<(String, KeyTest)>,
    key: &KeySchema,
    attribute_type: impl Fn(&str) -> Option<String>,
) -> Result<(AttributeValue, Option<(String, KeyTest)>), ServiceError> {
    if tests.len() > 2 {
        return Err(ServiceError::validation("Conditions can be of length 1 or 2 only"));
    }
    let mut hash = None;
    let mut range = None;
    if tests.len() == 2 && tests[0].0 == tests[1].0 {
        return Err(ServiceError::validation(
            "KeyConditionExpressions must only contain one condition per key",
        ));
    }
    let is_key = |name: &String| *name == key.hash || key.range.as_ref() == Some(name);
    if tests.iter().any(|(name, _)| !is_key(name)) {
        return Err(ServiceError::validation(format!(
            "Query condition missed key schema element: {}",
            key.range
                .as_ref()
                .filter(|_| tests.iter().any(|(n, _)| *n == key.hash))
                .unwrap_or(&key.hash)
        )));
    }
    for (name, test) in &tests {
        for v in test.values() {
            if Some(v.type_name().to_owned()) != attribute_type(name) {
                return Err(ServiceError::validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type",
                ));
            }
        }
    }
    for (name, test) in tests {
        if name == key.hash && hash.is_none() {
            match test {
                KeyTest::Compare(Comparator::Eq, v) => hash = Some(v),
                _ => return Err(not_supported()),
            }
        } else if key.range.as_ref() == Some(&name) && range.is_none() {
            range = Some((name, test));
        } else {
            return Err(ServiceError::validation(format!(
                "Query condition missed key schema element: {}",
                key.range.as_ref().filter(|_| hash.is_some()).unwrap_or(&key.hash)
            )));
        }
    }
    let hash = hash.ok_or_else(|| {
        ServiceError::validation(format!("Query condition missed key schema element: {}", key.hash))
    })?;
    Ok((hash, range))
}

/// Query.
pub fn query(db: &mut DynamoDb, input: &Value) -> Result<Value, ServiceError> {
    let mut subs = Substitutions::from_input(input)?;
    let key_condition = optional_str(input, "KeyConditionExpression")
        .map(|source| parse_condition("KeyConditionExpression", source, &mut subs))
        .transpose()?
        .ok_or_else(|| {
            ServiceError::validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
            )
        })?;
    let read = Read::parse(input, &mut subs)?;
    subs.check_all_used()?;
    let mut tests = Vec::new();
    key_tests(&key_condition, &mut tests)?;
    let (table, index) = read.source(db, input)?;
    let key = index.map_or(&table.key, |i| &i.key);
    let (hash, range) = check_tests(tests, key, |n| table.attribute_type(n).map(str::to_owned))?;
    let index_items;
    let source: Vec<&Item> = match index {
        Some(index) => {
            index_items = table.index_items(index);
            index_items.iter().collect()
        }
        None => table.items.iter().collect(),
    };
    let mut items: Vec<&Item> = source
        .into_iter()
        .filter(|item| item.get(&key.hash).is_some_and(|v| v.equals(&hash)))
        .filter(|item| match &range {
            Some((name, test)) => item.get(name).is_some_and(|v| test.matches(v)),
            None => true,
        })
        .collect();
    let forward = input.get("ScanIndexForward").and_then(Value::as_bool) != Some(false);
    if !forward {
        items.reverse();
    }
    Ok(read.page(table, index, &items, forward))
}

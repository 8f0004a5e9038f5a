//! Applies an update expression to an item.

use super::ast::{Path, PathElement, Update, UpdateValue};
use super::path;
use crate::ServiceError;
use crate::dynamodb::table::KeySchema;
use crate::dynamodb::value::{AttributeValue, Item};

fn incorrect_type() -> ServiceError {
    ServiceError::validation("An operand in the update expression has an incorrect data type")
}

fn missing_attribute() -> ServiceError {
    ServiceError::validation(
        "The provided expression refers to an attribute that does not exist in the item",
    )
}

fn value(value: &UpdateValue, item: &Item) -> Result<AttributeValue, ServiceError> {
    Ok(match value {
        UpdateValue::Path(p) => path::get(item, p).cloned().ok_or_else(missing_attribute)?,
        UpdateValue::Value(v) => v.clone(),
        UpdateValue::IfNotExists(p, fallback) => match path::get(item, p) {
            Some(v) => v.clone(),
            None => self::value(fallback, item)?,
        },
        UpdateValue::ListAppend(a, b) => match (self::value(a, item)?, self::value(b, item)?) {
            (AttributeValue::L(mut a), AttributeValue::L(b)) => {
                a.extend(b);
                AttributeValue::L(a)
            }
            _ => return Err(incorrect_type()),
        },
        UpdateValue::Plus(a, b) | UpdateValue::Minus(a, b) => {
            let (a, b) = (self::value(a, item)?, self::value(b, item)?);
            let (Some(a), Some(b)) = (a.as_number(), b.as_number()) else {
                return Err(incorrect_type());
            };
            let b = if matches!(value, UpdateValue::Minus(..)) { b.negated() } else { b };
            AttributeValue::N(a.add(&b)?.to_text())
        }
    })
}

/// Checks what an update may do before it runs: no key attribute written.
pub fn check(update: &Update, key: &KeySchema) -> Result<(), ServiceError> {
    for p in update.paths() {
        if let Some(PathElement::Name(first)) = p.first()
            && key.names().any(|k| k == first)
        {
            return Err(ServiceError::validation(format!(
                "One or more parameter values were invalid: Cannot update attribute {first}. This attribute is part of the key"
            )));
        }
    }
    Ok(())
}

/// The item after `update` (values are read from the item as it was before).
pub fn apply(update: &Update, old: &Item) -> Result<Item, ServiceError> {
    let values = update.set.iter().map(|(_, v)| value(v, old)).collect::<Result<Vec<_>, _>>()?;
    let mut item = old.clone();
    for ((p, _), v) in update.set.iter().zip(values) {
        path::set(&mut item, p, v)?;
    }
    // list elements removed from the highest index down, so the indexes stay those of the old item
    let mut removes: Vec<&Path> = update.remove.iter().collect();
    removes.sort_by(|a, b| b.cmp(a));
    for p in removes {
        path::remove(&mut item, p)?;
    }
    for (p, delta) in &update.add {
        let new = match (path::get(&item, p), delta) {
            (None, delta) => delta.clone(),
            (Some(AttributeValue::N(_)), AttributeValue::N(_)) => {
                let (Some(a), Some(b)) =
                    (path::get(&item, p).and_then(AttributeValue::as_number), delta.as_number())
                else {
                    return Err(incorrect_type());
                };
                AttributeValue::N(a.add(&b)?.to_text())
            }
            (Some(AttributeValue::Ss(a)), AttributeValue::Ss(b)) => AttributeValue::Ss(union(a, b)),
            (Some(AttributeValue::Bs(a)), AttributeValue::Bs(b)) => AttributeValue::Bs(union(a, b)),
            (Some(AttributeValue::Ns(a)), AttributeValue::Ns(b)) => {
                let mut out = a.clone();
                for n in b {
                    if !out
                        .iter()
                        .any(|x| AttributeValue::N(x.clone()).equals(&AttributeValue::N(n.clone())))
                    {
                        out.push(n.clone());
                    }
                }
                AttributeValue::Ns(out)
            }
            _ => return Err(incorrect_type()),
        };
        path::set(&mut item, p, new)?;
    }
    for (p, delta) in &update.delete {
        let remaining = match (path::get(&item, p), delta) {
            (None, _) => continue,
            (Some(AttributeValue::Ss(a)), AttributeValue::Ss(b)) => {
                difference(a, b).map(AttributeValue::Ss)
            }
            (Some(AttributeValue::Bs(a)), AttributeValue::Bs(b)) => {
                difference(a, b).map(AttributeValue::Bs)
            }
            (Some(AttributeValue::Ns(a)), AttributeValue::Ns(b)) => {
                let left: Vec<String> = a
                    .iter()
                    .filter(|x| {
                        !b.iter().any(|y| {
                            AttributeValue::N((*x).clone()).equals(&AttributeValue::N(y.clone()))
                        })
                    })
                    .cloned()
                    .collect();
                (!left.is_empty()).then_some(AttributeValue::Ns(left))
            }
            _ => return Err(incorrect_type()),
        };
        match remaining {
            Some(v) => path::set(&mut item, p, v)?,
            // a set left empty is removed: DynamoDB has no empty sets
            None => path::remove(&mut item, p)?,
        }
    }
    Ok(item)
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    out.extend(b.iter().filter(|x| !a.contains(x)).cloned());
    out
}

fn difference(a: &[String], b: &[String]) -> Option<Vec<String>> {
    let left: Vec<String> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    (!left.is_empty()).then_some(left)
}

//! Reading, writing and projecting document paths in an item.

use std::collections::BTreeMap;

use super::ast::{Path, PathElement};
use crate::ServiceError;
use crate::dynamodb::value::{AttributeValue, Item};

/// The value at `path`, if there is one.
pub fn get<'a>(item: &'a Item, path: &Path) -> Option<&'a AttributeValue> {
    let (PathElement::Name(first), rest) = path.split_first()? else { return None };
    let mut value = item.get(first)?;
    for element in rest {
        value = match (element, value) {
            (PathElement::Name(n), AttributeValue::M(map)) => map.get(n)?,
            (PathElement::Index(i), AttributeValue::L(list)) => list.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// DynamoDB's error for a path whose parent is missing or of the wrong type.
pub fn invalid_path() -> ServiceError {
    ServiceError::validation(
        "The document path provided in the update expression is invalid for update",
    )
}

/// The container of the last element of `path`.
fn parent_mut<'a>(item: &'a mut Item, path: &Path) -> Result<Container<'a>, ServiceError> {
    let Some((PathElement::Name(first), rest)) = path.split_first() else {
        return Err(invalid_path());
    };
    if rest.is_empty() {
        return Ok(Container::Item(item));
    }
    let mut value = item.get_mut(first).ok_or_else(invalid_path)?;
    for element in &rest[..rest.len() - 1] {
        value = match (element, value) {
            (PathElement::Name(n), AttributeValue::M(map)) => {
                map.get_mut(n).ok_or_else(invalid_path)?
            }
            (PathElement::Index(i), AttributeValue::L(list)) => {
                list.get_mut(*i).ok_or_else(invalid_path)?
            }
            _ => return Err(invalid_path()),
        };
    }
    match value {
        AttributeValue::M(map) => Ok(Container::Map(map)),
        AttributeValue::L(list) => Ok(Container::List(list)),
        _ => Err(invalid_path()),
    }
}

enum Container<'a> {
    Item(&'a mut Item),
    Map(&'a mut BTreeMap<String, AttributeValue>),
    List(&'a mut Vec<AttributeValue>),
}

/// Writes `value` at `path`; an index past a list's end appends.
pub fn set(item: &mut Item, path: &Path, value: AttributeValue) -> Result<(), ServiceError> {
    let last = path.last().ok_or_else(invalid_path)?;
    match (parent_mut(item, path)?, last) {
        (Container::Item(map) | Container::Map(map), PathElement::Name(n)) => {
            map.insert(n.clone(), value);
        }
        (Container::List(list), PathElement::Index(i)) => {
            if *i < list.len() {
                list[*i] = value;
            } else {
                list.push(value);
            }
        }
        _ => return Err(invalid_path()),
    }
    Ok(())
}

/// Removes what is at `path` (nothing when it is missing).
pub fn remove(item: &mut Item, path: &Path) -> Result<(), ServiceError> {
    let last = path.last().ok_or_else(invalid_path)?;
    match (parent_mut(item, path)?, last) {
        (Container::Item(map) | Container::Map(map), PathElement::Name(n)) => {
            map.remove(n);
        }
        (Container::List(list), PathElement::Index(i)) => {
            if *i < list.len() {
                list.remove(*i);
            }
        }
        _ => return Err(invalid_path()),
    }
    Ok(())
}

/// What a projection keeps of a value: all of it, or some of its members or elements.
enum Selection {
    All,
    Some(BTreeMap<PathElement, Selection>),
}

impl Selection {
    fn add(&mut self, path: &[PathElement]) {
        let Self::Some(children) = self else { return };
        let Some((first, rest)) = path.split_first() else {
            *self = Self::All;
            return;
        };
        children.entry(first.clone()).or_insert_with(|| Self::Some(BTreeMap::new())).add(rest);
    }

    fn apply(&self, value: &AttributeValue) -> Option<AttributeValue> {
        let Self::Some(children) = self else { return Some(value.clone()) };
        match value {
            AttributeValue::M(map) => {
                let picked: BTreeMap<String, AttributeValue> = children
                    .iter()
                    .filter_map(|(element, selection)| match element {
                        PathElement::Name(n) => Some((n.clone(), selection.apply(map.get(n)?)?)),
                        PathElement::Index(_) => None,
                    })
                    .collect();
                (!picked.is_empty()).then_some(AttributeValue::M(picked))
            }
            AttributeValue::L(list) => {
                let picked: Vec<AttributeValue> = children
                    .iter()
                    .filter_map(|(element, selection)| match element {
                        PathElement::Index(i) => selection.apply(list.get(*i)?),
                        PathElement::Name(_) => None,
                    })
                    .collect();
                (!picked.is_empty()).then_some(AttributeValue::L(picked))
            }
            _ => None,
        }
    }
}

/// The parts of `item` at `paths`, as a ProjectionExpression returns them (list elements
/// picked by index come back in a shorter list, in index order).
pub fn project(item: &Item, paths: &[Path]) -> Item {
    let mut selection = Selection::Some(BTreeMap::new());
    for path in paths {
        selection.add(path);
    }
    let Selection::Some(children) = selection else { return item.clone() };
    children
        .iter()
        .filter_map(|(element, selection)| match element {
            PathElement::Name(n) => Some((n.clone(), selection.apply(item.get(n)?)?)),
            PathElement::Index(_) => None,
        })
        .collect()
}

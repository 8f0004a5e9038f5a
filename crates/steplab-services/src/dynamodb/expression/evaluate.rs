//! Evaluates a condition against an item, as DynamoDB does: a comparison with a missing
//! attribute is false (but `<>` is true), ordering applies to S, N and B of the same type.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::{Comparator, Condition, Operand};
use super::path;
use crate::dynamodb::value::{AttributeValue, Item, decode_base64};

fn operand<'a>(which: &'a Operand, item: &'a Item) -> Option<Cow<'a, AttributeValue>> {
    match which {
        Operand::Path(p) => path::get(item, p).map(Cow::Borrowed),
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Size(inner) => {
            // strings count their UTF-8 bytes, as DynamoDB measures strings everywhere
            let value = operand(inner, item)?;
            let size = match &*value {
                AttributeValue::S(s) => s.len(),
                AttributeValue::B(b) => decode_base64(b)?.len(),
                AttributeValue::Ss(s) | AttributeValue::Ns(s) | AttributeValue::Bs(s) => s.len(),
                AttributeValue::M(m) => m.len(),
                AttributeValue::L(l) => l.len(),
                _ => return None,
            };
            Some(Cow::Owned(AttributeValue::N(size.to_string())))
        }
    }
}

fn compare(a: &AttributeValue, comparator: Comparator, b: &AttributeValue) -> bool {
    match comparator {
        Comparator::Eq => a.equals(b),
        Comparator::Ne => !a.equals(b),
        _ => match a.compare(b) {
            Some(order) => match comparator {
                Comparator::Lt => order == Ordering::Less,
                Comparator::Le => order != Ordering::Greater,
                Comparator::Gt => order == Ordering::Greater,
                _ => order != Ordering::Less,
            },
            None => false,
        },
    }
}

/// Whether `item` (empty when there is none) satisfies `condition`.
pub fn evaluate(condition: &Condition, item: &Item) -> bool {
    match condition {
        Condition::Compare(a, comparator, b) => match (operand(a, item), operand(b, item)) {
            (Some(a), Some(b)) => compare(&a, *comparator, &b),
            _ => *comparator == Comparator::Ne,
        },
        Condition::Between(x, low, high) => {
            match (operand(x, item), operand(low, item), operand(high, item)) {
                (Some(x), Some(low), Some(high)) => {
                    compare(&x, Comparator::Ge, &low) && compare(&x, Comparator::Le, &high)
                }
                _ => false,
            }
        }
        Condition::In(x, list) => operand(x, item).is_some_and(|x| {
            list.iter().any(|candidate| operand(candidate, item).is_some_and(|c| x.equals(&c)))
        }),
        Condition::And(a, b) => evaluate(a, item) && evaluate(b, item),
        Condition::Or(a, b) => evaluate(a, item) || evaluate(b, item),
        Condition::Not(a) => !evaluate(a, item),
        Condition::Exists(p) => path::get(item, p).is_some(),
        Condition::NotExists(p) => path::get(item, p).is_none(),
        Condition::Type(p, type_name) => {
            path::get(item, p).is_some_and(|v| v.type_name() == type_name)
        }
        Condition::BeginsWith(a, b) => match (operand(a, item), operand(b, item)) {
            (Some(a), Some(b)) => match (&*a, &*b) {
                (AttributeValue::S(a), AttributeValue::S(b)) => a.starts_with(b.as_str()),
                (AttributeValue::B(a), AttributeValue::B(b)) => {
                    match (decode_base64(a), decode_base64(b)) {
                        (Some(a), Some(b)) => a.starts_with(&b),
                        _ => false,
                    }
                }
                _ => false,
            },
            _ => false,
        },
        Condition::Contains(a, b) => match (operand(a, item), operand(b, item)) {
            (Some(a), Some(b)) => match (&*a, &*b) {
                (AttributeValue::S(a), AttributeValue::S(b)) => a.contains(b.as_str()),
                (AttributeValue::Ss(set), AttributeValue::S(x))
                | (AttributeValue::Bs(set), AttributeValue::B(x)) => set.contains(x),
                (AttributeValue::Ns(set), AttributeValue::N(_)) => {
                    set.iter().any(|n| AttributeValue::N(n.clone()).equals(&b))
                }
                (AttributeValue::L(list), x) => list.iter().any(|e| e.equals(x)),
                _ => false,
            },
            _ => false,
        },
    }
}

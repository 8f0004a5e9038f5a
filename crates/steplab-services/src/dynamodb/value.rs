//! Attribute values as the DynamoDB JSON protocol writes them (`{"S": "x"}`, `{"N": "1"}`, …).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::number::{self, Decimal};
use crate::ServiceError;

/// An item: its attributes by name.
pub type Item = BTreeMap<String, AttributeValue>;

/// One attribute value; serialises as DynamoDB JSON. Numbers are kept normalised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AttributeValue {
    /// A string.
    S(String),
    /// A number, normalised.
    N(String),
    /// Binary, base64.
    B(String),
    /// A string set.
    #[serde(rename = "SS")]
    Ss(Vec<String>),
    /// A number set.
    #[serde(rename = "NS")]
    Ns(Vec<String>),
    /// A binary set.
    #[serde(rename = "BS")]
    Bs(Vec<String>),
    /// A map.
    M(BTreeMap<String, AttributeValue>),
    /// A list.
    L(Vec<AttributeValue>),
    /// Null (always true).
    #[serde(rename = "NULL")]
    Null(bool),
    /// A boolean.
    #[serde(rename = "BOOL")]
    Bool(bool),
}

impl AttributeValue {
    /// The type's name in DynamoDB JSON (`S`, `NS`, `BOOL`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::S(_) => "S",
            Self::N(_) => "N",
            Self::B(_) => "B",
            Self::Ss(_) => "SS",
            Self::Ns(_) => "NS",
            Self::Bs(_) => "BS",
            Self::M(_) => "M",
            Self::L(_) => "L",
            Self::Null(_) => "NULL",
            Self::Bool(_) => "BOOL",
        }
    }

    /// The type's name in update expression errors (`STRING`, `NUMBER`, …).
    pub fn operand_type_name(&self) -> &'static str {
        match self {
            Self::S(_) => "STRING",
            Self::N(_) => "NUMBER",
            Self::B(_) => "BINARY",
            Self::Ss(_) => "STRING_SET",
            Self::Ns(_) => "NUMBER_SET",
            Self::Bs(_) => "BINARY_SET",
            Self::M(_) => "MAP",
            Self::L(_) => "LIST",
            Self::Null(_) => "NULL",
            Self::Bool(_) => "BOOLEAN",
        }
    }

    /// The value as DynamoDB JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads and validates a value from a request (numbers normalised, sets checked).
    pub fn from_json(value: &Value) -> Result<Self, ServiceError> {
        let map = value.as_object().ok_or_else(|| serialization("a map was expected"))?;
        let present: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
        let (tag, inner) = match present.as_slice() {
            [] => {
                return Err(ServiceError::validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
                ));
            }
            [one] => *one,
            _ => {
                return Err(ServiceError::validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
                ));
            }
        };
        let unexpected = |what: &str| serialization(&format!("unexpected value for {what}"));
        let string = |v: &Value| v.as_str().map(str::to_owned).ok_or_else(|| unexpected(tag));
        let strings = |v: &Value| -> Result<Vec<String>, ServiceError> {
            v.as_array().ok_or_else(|| unexpected(tag))?.iter().map(string).collect()
        };
        Ok(match tag.as_str() {
            "S" => Self::S(string(inner)?),
            "N" => Self::N(Decimal::parse(&string(inner)?)?.to_text()),
            "B" => {
                let b = string(inner)?;
                if decode_base64(&b).is_none() {
                    return Err(serialization("a binary value in base64"));
                }
                Self::B(b)
            }
            "SS" => Self::Ss(check_set(strings(inner)?, "string")?),
            "NS" => {
                let numbers = strings(inner)?
                    .iter()
                    .map(|n| Decimal::parse(n).map(|d| d.to_text()))
                    .collect::<Result<Vec<_>, _>>()?;
                Self::Ns(check_set(numbers, "number")?)
            }
            "BS" => Self::Bs(check_set(strings(inner)?, "binary")?),
            "M" => Self::M(item_from_json(inner)?),
            "L" => Self::L(
                inner
                    .as_array()
                    .ok_or_else(|| unexpected(tag))?
                    .iter()
                    .map(Self::from_json)
                    .collect::<Result<_, _>>()?,
            ),
            "NULL" => match inner.as_bool() {
                Some(true) => Self::Null(true),
                Some(false) => {
                    return Err(ServiceError::validation(
                        "One or more parameter values were invalid: Null attribute value types must have the value of true",
                    ));
                }
                None => return Err(unexpected(tag)),
            },
            "BOOL" => Self::Bool(inner.as_bool().ok_or_else(|| unexpected(tag))?),
            other => {
                return Err(serialization(&format!("an attribute value type, not {other}")));
            }
        })
    }

    /// How many maps and lists deep the value goes (0 for a scalar or a set).
    pub fn nesting(&self) -> usize {
        match self {
            Self::M(map) => 1 + map.values().map(Self::nesting).max().unwrap_or(0),
            Self::L(list) => 1 + list.iter().map(Self::nesting).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// The number, for an `N`.
    pub fn as_number(&self) -> Option<Decimal> {
        match self {
            Self::N(n) => Decimal::parse(n).ok(),
            _ => None,
        }
    }

    /// Equality as DynamoDB compares values: numbers numerically, sets without order.
    pub fn equals(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::N(a), Self::N(b)) => number::compare(a, b) == Ordering::Equal,
            (Self::Ss(a), Self::Ss(b)) | (Self::Bs(a), Self::Bs(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.contains(x))
            }
            (Self::Ns(a), Self::Ns(b)) => {
                a.len() == b.len()
                    && a.iter().all(|x| b.iter().any(|y| number::compare(x, y) == Ordering::Equal))
            }
            (Self::M(a), Self::M(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v.equals(w)))
            }
            (Self::L(a), Self::L(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equals(y))
            }
            _ => self == other,
        }
    }

    /// The order of two scalars of the same type (S by UTF-8 bytes, N numerically, B by bytes);
    /// `None` for other types or different types.
    pub fn compare(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Self::S(a), Self::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Self::N(a), Self::N(b)) => Some(number::compare(a, b)),
            (Self::B(a), Self::B(b)) => Some(decode_base64(a)?.cmp(&decode_base64(b)?)),
            _ => None,
        }
    }
}

fn check_set(values: Vec<String>, kind: &str) -> Result<Vec<String>, ServiceError> {
    if values.is_empty() {
        // AWS's text, with its "An string set  may" (two spaces) as dynalite records it
        return Err(ServiceError::validation(format!(
            "One or more parameter values were invalid: An {kind} set  may not be empty"
        )));
    }
    for (i, v) in values.iter().enumerate() {
        if values[..i].contains(v) {
            return Err(ServiceError::validation(format!(
                "One or more parameter values were invalid: Input collection [{}] contains duplicates.",
                values.join(", ")
            )));
        }
    }
    Ok(values)
}

/// `SerializationException`, for a request the SDKs would not send (a string where a map goes).
/// AWS's texts for these are many and not emulated: the message says what StepLab expected.
pub fn serialization(detail: &str) -> ServiceError {
    ServiceError::client(
        "SerializationException",
        format!("StepLab could not read the request: {detail}"),
    )
}

/// Reads an item (or a key, or a map's members) from a request.
pub fn item_from_json(value: &Value) -> Result<Item, ServiceError> {
    let map = value.as_object().ok_or_else(|| serialization("a map was expected"))?;
    map.iter().map(|(k, v)| Ok((k.clone(), AttributeValue::from_json(v)?))).collect()
}

/// An item as DynamoDB JSON.
pub fn item_to_json(item: &Item) -> Value {
    Value::Object(item.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<Map<_, _>>())
}

/// Decodes standard base64 (with padding); `None` when it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

//! A message in a queue and its message attributes (their checks and their MD5).

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::errors::invalid_value;
use crate::ServiceError;

/// A message kept in a queue, from its sending until it is deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    pub body: String,
    /// `MessageAttributes` as sent, each `{"DataType", "StringValue" | "BinaryValue"}`.
    #[serde(default)]
    pub attributes: Map<String, Value>,
    pub sent_millis: i64,
    /// When it can next be received: after its delay, or after its visibility timeout.
    pub visible_at: i64,
    #[serde(default)]
    pub receive_count: u32,
    #[serde(default)]
    pub first_receive_millis: Option<i64>,
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub dedup_id: Option<String>,
    #[serde(default)]
    pub sequence: Option<String>,
}

impl Message {
    /// Received and not yet visible again.
    pub fn in_flight(&self, now: i64) -> bool {
        self.receive_count > 0 && self.visible_at > now
    }

    /// Sent with a delay that has not yet passed.
    pub fn delayed(&self, now: i64) -> bool {
        self.receive_count == 0 && self.visible_at > now
    }
}

/// The message attributes of a send, checked: at most 10, each with a data type (`String`,
/// `Number`, `Binary`, optionally with a custom suffix `Number.float`) and a value of its kind.
/// Returns them normalised (without empty list members) and their size in bytes.
pub(super) fn check_attributes(
    attributes: Option<&Map<String, Value>>,
) -> Result<(Map<String, Value>, usize), ServiceError> {
    let Some(attributes) = attributes else { return Ok((Map::new(), 0)) };
    if attributes.len() > 10 {
        // AWS's text, as moto and localstack give it
        return Err(invalid_value(format!(
            "Number of message attributes [{}] exceeds the allowed maximum [10].",
            attributes.len()
        )));
    }
    let mut normalised = Map::new();
    let mut size = 0;
    for (name, attribute) in attributes {
        let data_type = attribute.get("DataType").and_then(Value::as_str).unwrap_or("");
        if data_type.is_empty() {
            return Err(invalid_value(format!(
                "The message attribute '{name}' must contain non-empty message attribute type."
            )));
        }
        let base = data_type.split('.').next().unwrap_or("");
        let (member, value) = match base {
            "String" | "Number" => ("StringValue", attribute.get("StringValue")),
            "Binary" => ("BinaryValue", attribute.get("BinaryValue")),
            _ => {
                return Err(invalid_value(format!(
                    "The type of message (user) attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String."
                )));
            }
        };
        let value = value.and_then(Value::as_str).unwrap_or("");
        if value.is_empty() {
            return Err(invalid_value(format!(
                "The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{data_type}'."
            )));
        }
        if base == "Number" && value.trim().parse::<f64>().is_err() {
            return Err(invalid_value(format!(
                "Can't cast the value of message (user) attribute '{name}' to a number."
            )));
        }
        let value_len = if base == "Binary" {
            base64::engine::general_purpose::STANDARD
                .decode(value)
                .map_err(|_| {
                    invalid_value(format!(
                        "The message attribute '{name}' has an invalid binary value."
                    ))
                })?
                .len()
        } else {
            value.len()
        };
        size += name.len() + data_type.len() + value_len;
        normalised.insert(name.clone(), json!({"DataType": data_type, member: value}));
    }
    Ok((normalised, size))
}

/// `MD5OfMessageAttributes`, as SQS computes it: the attributes sorted by name, each encoded as
/// its name, its data type (both as a 4-byte big-endian length and the UTF-8 bytes), a transport
/// byte (1 for strings and numbers, 2 for binary) and its value (length and bytes; binary values
/// decoded from base64); the hex MD5 of the whole. `None` without attributes.
pub(super) fn md5_of_attributes(attributes: &Map<String, Value>) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    fn put(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
    let mut names: Vec<&String> = attributes.keys().collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let attribute = &attributes[name];
        let data_type = attribute["DataType"].as_str().unwrap_or("");
        put(&mut out, name.as_bytes());
        put(&mut out, data_type.as_bytes());
        if let Some(binary) = attribute.get("BinaryValue").and_then(Value::as_str) {
            out.push(2);
            let bytes =
                base64::engine::general_purpose::STANDARD.decode(binary).unwrap_or_default();
            put(&mut out, &bytes);
        } else {
            out.push(1);
            put(&mut out, attribute["StringValue"].as_str().unwrap_or("").as_bytes());
        }
    }
    Some(crate::input::md5_hex(&out))
}

/// Whether `name` is selected by `MessageAttributeNames` (`All`, `.*`, a name, or `prefix.*`).
pub(super) fn attribute_selected(name: &str, selectors: &[Value]) -> bool {
    selectors.iter().filter_map(Value::as_str).any(|s| {
        s == "All"
            || s == ".*"
            || s == name
            || s.strip_suffix(".*").is_some_and(|prefix| name.starts_with(&format!("{prefix}.")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // the digests the `aws-md5-of-message-attributes` package gives for the same attributes
    #[test]
    fn md5_of_message_attributes_as_aws_computes_it() {
        let one = json!({"attribName1": {"DataType": "String", "StringValue": "attribValue 1"}});
        assert_eq!(
            md5_of_attributes(one.as_object().unwrap()).unwrap(),
            "19e27d4e946b072f3f58da80d94fd778"
        );
        let number = json!({"customNumberTypeAttrib": {"DataType": "Number.float",
            "StringValue": "4563442423554324324264524243.32543234"}});
        assert_eq!(
            md5_of_attributes(number.as_object().unwrap()).unwrap(),
            "9fe1b90bbd9965bdf77bac517c7d2495"
        );
        let binary = json!({"binaryAttribute": {"DataType": "Binary",
            "BinaryValue": "SGVsbG8gYmluYXJ5IHdvcmxkIQ=="}});
        assert_eq!(
            md5_of_attributes(binary.as_object().unwrap()).unwrap(),
            "31a92b15d92f8db860eda32aceb656c3"
        );
        let mut all = one.as_object().unwrap().clone();
        all.extend(number.as_object().unwrap().clone());
        all.extend(binary.as_object().unwrap().clone());
        assert_eq!(md5_of_attributes(&all).unwrap(), "c932db14a896c663f83c260297d594ff");
        assert_eq!(md5_of_attributes(&Map::new()), None);
    }

    #[test]
    fn selectors() {
        let s = [json!("color.*")];
        assert!(attribute_selected("color.red", &s));
        assert!(!attribute_selected("colour", &s));
        assert!(attribute_selected("x", &[json!("All")]));
        assert!(!attribute_selected("x", &[json!("y")]));
    }
}

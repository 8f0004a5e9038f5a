//! Reading an operation's input: its members as the SDKs send them.

use serde_json::{Map, Value};

/// A string member, if present and a string.
pub(crate) fn str_of<'a>(input: &'a Value, name: &str) -> Option<&'a str> {
    input.get(name).and_then(Value::as_str)
}

/// An integer member, given as a JSON number or a numeric string.
pub(crate) fn int_of(input: &Value, name: &str) -> Option<i64> {
    match input.get(name)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A boolean member, given as a JSON boolean or `"true"`/`"false"`.
pub(crate) fn bool_of(input: &Value, name: &str) -> Option<bool> {
    match input.get(name)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A list member, empty when absent.
pub(crate) fn list_of<'a>(input: &'a Value, name: &str) -> &'a [Value] {
    input.get(name).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A map member, if present and an object.
pub(crate) fn map_of<'a>(input: &'a Value, name: &str) -> Option<&'a Map<String, Value>> {
    input.get(name).and_then(Value::as_object)
}

/// A map of strings (`Attributes`, `Metadata`), values that are not strings written as JSON.
pub(crate) fn string_map(input: &Value, name: &str) -> Vec<(String, String)> {
    map_of(input, name)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The lowercase hex MD5 of `bytes`.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    hex(&Md5::digest(bytes))
}

/// The lowercase hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests() {
        assert_eq!(md5_hex(b"hello"), "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(
            sha256_hex(b"hello"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}

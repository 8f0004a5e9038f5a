//! `ExpressionAttributeNames` and `ExpressionAttributeValues`: what a request's expressions may
//! refer to, and which of them they used (AWS refuses unused ones).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ServiceError;
use crate::dynamodb::value::{AttributeValue, serialization};

/// A request's expression attribute names and values, and those its expressions used.
#[derive(Debug, Default)]
pub struct Substitutions {
    names: Option<BTreeMap<String, String>>,
    values: Option<BTreeMap<String, AttributeValue>>,
    used_names: BTreeSet<String>,
    used_values: BTreeSet<String>,
    expressions: usize,
}

impl Substitutions {
    /// Reads `ExpressionAttributeNames` and `ExpressionAttributeValues` from a request.
    pub fn from_input(input: &Value) -> Result<Self, ServiceError> {
        let mut out = Self::default();
        if let Some(names) = input.get("ExpressionAttributeNames").filter(|v| !v.is_null()) {
            let names = names.as_object().ok_or_else(|| serialization("a map was expected"))?;
            if names.is_empty() {
                return Err(ServiceError::validation("ExpressionAttributeNames must not be empty"));
            }
            let mut map = BTreeMap::new();
            for (k, v) in names {
                if !k.starts_with('#') || k.len() < 2 {
                    return Err(ServiceError::validation(format!(
                        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"{k}\""
                    )));
                }
                map.insert(k.clone(), v.as_str().unwrap_or_default().to_owned());
            }
            out.names = Some(map);
        }
        if let Some(values) = input.get("ExpressionAttributeValues").filter(|v| !v.is_null()) {
            let values = values.as_object().ok_or_else(|| serialization("a map was expected"))?;
            if values.is_empty() {
                return Err(ServiceError::validation(
                    "ExpressionAttributeValues must not be empty",
                ));
            }
            let mut map = BTreeMap::new();
            for (k, v) in values {
                if !k.starts_with(':') || k.len() < 2 {
                    return Err(ServiceError::validation(format!(
                        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"{k}\""
                    )));
                }
                let value = AttributeValue::from_json(v).map_err(|e| ServiceError {
                    message: format!(
                        "ExpressionAttributeValues contains invalid value: {} for key {k}",
                        e.message
                    ),
                    ..e
                })?;
                map.insert(k.clone(), value);
            }
            out.values = Some(map);
        }
        Ok(out)
    }

    /// Counts an expression of the request (names and values need one).
    pub fn note_expression(&mut self) {
        self.expressions += 1;
    }

    /// The attribute name `#name` stands for.
    pub fn name(&mut self, reference: &str) -> Option<String> {
        let name = self.names.as_ref()?.get(reference)?.clone();
        self.used_names.insert(reference.to_owned());
        Some(name)
    }

    /// The value `:value` stands for.
    pub fn value(&mut self, reference: &str) -> Option<AttributeValue> {
        let value = self.values.as_ref()?.get(reference)?.clone();
        self.used_values.insert(reference.to_owned());
        Some(value)
    }

    /// Refuses names and values no expression used, as DynamoDB does.
    pub fn check_all_used(&self) -> Result<(), ServiceError> {
        if self.expressions == 0 {
            // DynamoDB Local's texts; AWS may add which expressions are missing after a colon
            if self.names.is_some() {
                return Err(ServiceError::validation(
                    "ExpressionAttributeNames can only be specified when using expressions",
                ));
            }
            if self.values.is_some() {
                return Err(ServiceError::validation(
                    "ExpressionAttributeValues can only be specified when using expressions",
                ));
            }
        }
        let unused = |all: Option<Vec<&String>>, used: &BTreeSet<String>| {
            all.unwrap_or_default()
                .into_iter()
                .filter(|k| !used.contains(*k))
                .cloned()
                .collect::<Vec<_>>()
        };
        let names = unused(self.names.as_ref().map(|m| m.keys().collect()), &self.used_names);
        if !names.is_empty() {
            return Err(ServiceError::validation(format!(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                names.join(", ")
            )));
        }
        let values = unused(self.values.as_ref().map(|m| m.keys().collect()), &self.used_values);
        if !values.is_empty() {
            return Err(ServiceError::validation(format!(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                values.join(", ")
            )));
        }
        Ok(())
    }
}

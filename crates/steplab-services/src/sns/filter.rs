//! Subscription filter policies: the event pattern syntax ([`crate::events::pattern`]) matched
//! against the message attributes (`FilterPolicyScope: MessageAttributes`, the default) or the
//! message body as JSON (`MessageBody`).

use serde_json::{Map, Number, Value};

use super::errors::invalid;
use crate::ServiceError;
use crate::events::pattern;

/// Checks a `FilterPolicy` attribute's value.
pub(crate) fn check(policy: &str) -> Result<(), ServiceError> {
    // AWS's reasons here are its own; StepLab gives the pattern parser's
    pattern::parse(policy).map(|_| ()).map_err(|reason| invalid(format!("FilterPolicy: {reason}")))
}

/// The message attributes as the policy sees them: strings, numbers, and lists for
/// `String.Array`; binary attributes are not matched.
fn attributes_as_object(attributes: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for (name, attribute) in attributes {
        let data_type = attribute["DataType"].as_str().unwrap_or("");
        let text = attribute.get("StringValue").and_then(Value::as_str);
        let Some(text) = text else { continue };
        let value = if data_type.starts_with("Number") {
            match text.trim().parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => continue,
            }
        } else if data_type == "String.Array" {
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.into()))
        } else {
            Value::String(text.into())
        };
        out.insert(name.clone(), value);
    }
    Value::Object(out)
}

/// Whether a message passes a subscription's filter policy (`None`: no policy, all pass).
pub(crate) fn passes(
    policy: Option<&str>,
    scope: Option<&str>,
    message: &str,
    attributes: &Map<String, Value>,
) -> bool {
    let Some(policy) = policy else { return true };
    let Ok(parsed) = pattern::parse(policy) else { return false };
    if scope == Some("MessageBody") {
        match serde_json::from_str::<Value>(message) {
            Ok(body @ Value::Object(_)) => parsed.matches(&body),
            _ => false,
        }
    } else {
        parsed.matches(&attributes_as_object(attributes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn policies_on_attributes() {
        let a = attrs(json!({
            "store": {"DataType": "String", "StringValue": "example_corp"},
            "price": {"DataType": "Number", "StringValue": "301"},
            "colors": {"DataType": "String.Array", "StringValue": "[\"red\", \"green\"]"}
        }));
        assert!(passes(Some(r#"{"store": ["example_corp"]}"#), None, "", &a));
        assert!(!passes(Some(r#"{"store": ["other"]}"#), None, "", &a));
        assert!(passes(Some(r#"{"price": [{"numeric": [">", 300]}]}"#), None, "", &a));
        assert!(passes(Some(r#"{"price": [301]}"#), None, "", &a));
        assert!(passes(Some(r#"{"colors": ["green"]}"#), None, "", &a));
        assert!(passes(Some(r#"{"missing": [{"exists": false}]}"#), None, "", &a));
        assert!(!passes(Some(r#"{"missing": ["x"]}"#), None, "", &a));
        assert!(passes(None, None, "", &a));
    }

    #[test]
    fn policies_on_the_body() {
        let body = r#"{"order": {"total": 12}}"#;
        let p = Some(r#"{"order": {"total": [{"numeric": [">=", 10]}]}}"#);
        assert!(passes(p, Some("MessageBody"), body, &Map::new()));
        assert!(!passes(p, Some("MessageBody"), "not json", &Map::new()));
    }
}

//! The template's `Parameters`: the value given at import, else the `Default`, checked against
//! `AllowedValues`; a `CommaDelimitedList` or `List<…>` is a list.

use serde_json::Value;

use crate::stack::Stack;

/// The value of parameter `name` (declared in the template).
pub(crate) fn value(stack: &Stack<'_>, name: &str) -> Result<Value, String> {
    let declaration = &stack.parameters[name];
    let kind = declaration.get("Type").and_then(Value::as_str).unwrap_or("String");
    let text = match stack.options.parameters.get(name) {
        Some(given) => given.clone(),
        None => match declaration.get("Default") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Array(items)) if kind.contains("List") => {
                return Ok(Value::Array(items.clone()));
            }
            Some(_) => return Err(format!("parameter {name}: its Default is not a string")),
            None if kind.starts_with("AWS::SSM::Parameter::Value") => {
                return Err(format!(
                    "parameter {name}: its value comes from Systems Manager Parameter Store, which StepLab has not; give it at import"
                ));
            }
            None => {
                return Err(format!("parameter {name} has no Default: give it a value at import"));
            }
        },
    };
    if let Some(Value::Array(allowed)) = declaration.get("AllowedValues") {
        let ok = allowed.iter().any(|a| match a {
            Value::String(s) => *s == text,
            Value::Number(n) => n.to_string() == text,
            Value::Bool(b) => b.to_string() == text,
            _ => false,
        });
        if !ok {
            return Err(format!("parameter {name}: {text:?} is not one of its AllowedValues"));
        }
    }
    if kind == "CommaDelimitedList" || kind.starts_with("List<") {
        return Ok(text.split(',').map(|s| Value::String(s.trim().to_owned())).collect());
    }
    Ok(Value::String(text))
}

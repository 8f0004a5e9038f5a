//! The template's `Conditions`: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and
//! `{"Condition": name}`, each condition evaluated once.

use serde_json::Value;

use crate::intrinsics::{eval_value, short};
use crate::stack::Stack;

/// The condition named `name`.
pub(crate) fn named(stack: &Stack<'_>, name: &str) -> Result<bool, String> {
    if let Some(known) = stack.evaluated.borrow().get(name) {
        return Ok(*known);
    }
    let Some(definition) = stack.conditions.get(name) else {
        return Err(format!("no condition named {name}"));
    };
    let value = stack.deeper(&format!("condition {name}"), || eval(stack, definition))?;
    stack.evaluated.borrow_mut().insert(name.to_owned(), value);
    Ok(value)
}

/// A condition function's value.
pub(crate) fn eval(stack: &Stack<'_>, value: &Value) -> Result<bool, String> {
    let Value::Object(map) = value else {
        return match value {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
            other => Err(format!("not a condition: {}", short(other))),
        };
    };
    let Some((key, arg)) = map.iter().next().filter(|_| map.len() == 1) else {
        return Err(format!("not a condition: {}", short(value)));
    };
    let items = || match arg {
        Value::Array(items) => Ok(items.as_slice()),
        other => Err(format!("{key}: expected a list, got {}", short(other))),
    };
    match key.as_str() {
        "Condition" => match arg {
            Value::String(name) => named(stack, name),
            other => Err(format!("Condition: expected a name, got {}", short(other))),
        },
        "Fn::Equals" => {
            let [a, b] = items()? else {
                return Err("Fn::Equals: expected [value, value]".into());
            };
            Ok(comparable(eval_value(stack, a)?) == comparable(eval_value(stack, b)?))
        }
        "Fn::Not" => {
            let [a] = items()? else {
                return Err("Fn::Not: expected [condition]".into());
            };
            Ok(!eval(stack, a)?)
        }
        "Fn::And" | "Fn::Or" => {
            let all = items()?;
            if !(2..=10).contains(&all.len()) {
                return Err(format!("{key}: expected 2 to 10 conditions, got {}", all.len()));
            }
            let and = key == "Fn::And";
            for c in all {
                if eval(stack, c)? != and {
                    return Ok(!and);
                }
            }
            Ok(and)
        }
        _ => match crate::intrinsics::eval_value(stack, value)? {
            Value::Bool(b) => Ok(b),
            other => Err(format!("not a condition: {}", short(&other))),
        },
    }
}

/// Scalars compared as CloudFormation compares them: as their text (`"1"` equals `1`).
fn comparable(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other,
    }
}

//! CloudFormation's intrinsic functions, evaluated: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`,
//! `Fn::Select`, `Fn::Split`, `Fn::If`, `Fn::FindInMap`, `Fn::Length`, `Fn::ToJsonString`, and
//! `AWS::NoValue` (the key or item it is in is left out). `Fn::GetAZs`, `Fn::ImportValue`,
//! `Fn::Cidr`, `Fn::Base64`, `Fn::Transform` and `Fn::ForEach` are errors naming the function:
//! their values depend on an account StepLab has not (other stacks' exports, the region's zones)
//! or are not implemented; an error only matters where the value is used.

use serde_json::{Map, Value};

use crate::stack::Stack;
use crate::{conditions, parameters, sub, values};

/// `value` with its intrinsic functions evaluated; `None` for `AWS::NoValue`.
pub(crate) fn eval(stack: &Stack<'_>, value: &Value) -> Result<Option<Value>, String> {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                let (key, arg) = map.iter().next().expect("one entry");
                if key == "Ref" || key.starts_with("Fn::") {
                    return function(stack, key, arg);
                }
            }
            let mut out = Map::new();
            for (k, v) in map {
                if let Some(v) = eval(stack, v)? {
                    out.insert(k.clone(), v);
                }
            }
            Ok(Some(Value::Object(out)))
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                if let Some(v) = eval(stack, item)? {
                    out.push(v);
                }
            }
            Ok(Some(Value::Array(out)))
        }
        other => Ok(Some(other.clone())),
    }
}

/// `value` evaluated, `AWS::NoValue` taken as absent (`Null`).
pub(crate) fn eval_value(stack: &Stack<'_>, value: &Value) -> Result<Value, String> {
    Ok(eval(stack, value)?.unwrap_or(Value::Null))
}

/// `value` evaluated to a string (a number or boolean given as its text, as CloudFormation
/// passes them to string properties).
pub(crate) fn eval_string(stack: &Stack<'_>, value: &Value, what: &str) -> Result<String, String> {
    match eval_value(stack, value)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{what}: expected a string, got {}", short(&other))),
    }
}

/// A value shortened for a message.
pub(crate) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

fn function(stack: &Stack<'_>, name: &str, arg: &Value) -> Result<Option<Value>, String> {
    match name {
        "Ref" => {
            let target = match arg {
                Value::String(s) => s.clone(),
                other => eval_string(stack, other, "Ref")?,
            };
            reference(stack, &target)
        }
        "Fn::GetAtt" => {
            let (id, attribute) = match arg {
                Value::String(s) => match s.split_once('.') {
                    Some((id, attribute)) => (id.to_owned(), attribute.to_owned()),
                    None => return Err(format!("Fn::GetAtt {s}: expected LogicalId.Attribute")),
                },
                Value::Array(parts) if parts.len() == 2 => (
                    eval_string(stack, &parts[0], "Fn::GetAtt")?,
                    eval_string(stack, &parts[1], "Fn::GetAtt")?,
                ),
                other => {
                    return Err(format!(
                        "Fn::GetAtt: expected [LogicalId, Attribute], got {}",
                        short(other)
                    ));
                }
            };
            values::attribute(stack, &id, &attribute).map(|v| Some(Value::String(v)))
        }
        "Fn::Sub" => sub::eval(stack, arg).map(|s| Some(Value::String(s))),
        "Fn::Join" => {
            let Some([delimiter, list]) = pair(arg) else {
                return Err(format!(
                    "Fn::Join: expected [delimiter, [values]], got {}",
                    short(arg)
                ));
            };
            let delimiter = eval_string(stack, delimiter, "Fn::Join delimiter")?;
            let list = list_of(stack, list, "Fn::Join")?;
            let parts = list
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    Value::Bool(b) => Ok(b.to_string()),
                    other => Err(format!("Fn::Join: a value is not a string: {}", short(other))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Value::String(parts.join(&delimiter))))
        }
        "Fn::Select" => {
            let Some([index, list]) = pair(arg) else {
                return Err(format!("Fn::Select: expected [index, [values]], got {}", short(arg)));
            };
            let index = eval_string(stack, index, "Fn::Select index")?;
            let i: usize = index
                .trim()
                .parse()
                .map_err(|_| format!("Fn::Select: the index {index:?} is not a number"))?;
            let list = list_of(stack, list, "Fn::Select")?;
            let len = list.len();
            list.into_iter()
                .nth(i)
                .map(Some)
                .ok_or_else(|| format!("Fn::Select: index {i} out of a list of {len}"))
        }
        "Fn::Split" => {
            let Some([delimiter, text]) = pair(arg) else {
                return Err(format!("Fn::Split: expected [delimiter, string], got {}", short(arg)));
            };
            let delimiter = eval_string(stack, delimiter, "Fn::Split delimiter")?;
            let text = eval_string(stack, text, "Fn::Split string")?;
            if delimiter.is_empty() {
                return Err("Fn::Split: the delimiter is empty".into());
            }
            Ok(Some(text.split(delimiter.as_str()).map(|s| Value::String(s.into())).collect()))
        }
        "Fn::If" => {
            let parts = match arg {
                Value::Array(parts) => parts.as_slice(),
                _ => &[],
            };
            let [condition, yes, no] = parts else {
                return Err(format!(
                    "Fn::If: expected [condition, value if true, value if false], got {}",
                    short(arg)
                ));
            };
            let Value::String(condition) = condition else {
                return Err("Fn::If: the condition is a condition's name".into());
            };
            if conditions::named(stack, condition)? { eval(stack, yes) } else { eval(stack, no) }
        }
        "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
            let mut call = Map::new();
            call.insert(name.to_owned(), arg.clone());
            conditions::eval(stack, &Value::Object(call)).map(|b| Some(Value::Bool(b)))
        }
        "Fn::FindInMap" => {
            let Value::Array(parts) = arg else {
                return Err("Fn::FindInMap: expected [map, top-level key, second-level key]".into());
            };
            if parts.len() < 3 {
                return Err("Fn::FindInMap: expected [map, top-level key, second-level key]".into());
            }
            let map = eval_string(stack, &parts[0], "Fn::FindInMap")?;
            let top = eval_string(stack, &parts[1], "Fn::FindInMap")?;
            let second = eval_string(stack, &parts[2], "Fn::FindInMap")?;
            let found = stack
                .mappings
                .get(&map)
                .ok_or_else(|| format!("Fn::FindInMap: no mapping {map}"))?
                .get(&top)
                .and_then(|t| t.get(&second));
            match found {
                Some(v) => Ok(Some(v.clone())),
                None => Err(format!("Fn::FindInMap: mapping {map} has no {top}.{second}")),
            }
        }
        "Fn::Length" => {
            let list = list_of(stack, arg, "Fn::Length")?;
            Ok(Some(Value::from(list.len())))
        }
        "Fn::ToJsonString" => {
            let v = eval_value(stack, arg)?;
            Ok(Some(Value::String(v.to_string())))
        }
        "Fn::GetAZs" | "Fn::ImportValue" | "Fn::Cidr" | "Fn::Base64" | "Fn::Transform"
        | "Fn::GetStackOutput" => Err(format!("{name} is not supported by StepLab's import")),
        other if other.starts_with("Fn::ForEach") => {
            Err("Fn::ForEach is not supported by StepLab's import".into())
        }
        other => Err(format!("{other}: not an intrinsic function CloudFormation has")),
    }
}

/// `Ref` of a pseudo parameter, parameter or resource.
pub(crate) fn reference(stack: &Stack<'_>, target: &str) -> Result<Option<Value>, String> {
    let o = stack.options;
    let pseudo = match target {
        "AWS::Region" => Some(o.region.clone()),
        "AWS::AccountId" => Some(o.account.clone()),
        "AWS::Partition" => Some("aws".to_owned()),
        "AWS::StackName" => Some(o.stack_name.clone()),
        "AWS::URLSuffix" => Some("amazonaws.com".to_owned()),
        "AWS::NoValue" => return Ok(None),
        "AWS::NotificationARNs" => return Ok(Some(Value::Array(Vec::new()))),
        "AWS::StackId" => {
            // the stack id ends with a UUID CloudFormation draws: StepLab has none to give
            return Err("Ref AWS::StackId: the stack id is not emulated".into());
        }
        _ => None,
    };
    if let Some(v) = pseudo {
        return Ok(Some(Value::String(v)));
    }
    if stack.parameters.contains_key(target) {
        return parameters::value(stack, target).map(Some);
    }
    if stack.resources.contains_key(target) {
        return values::reference(stack, target).map(|v| Some(Value::String(v)));
    }
    Err(format!("Ref {target}: no parameter or resource of that name"))
}

fn pair(arg: &Value) -> Option<&[Value; 2]> {
    match arg {
        Value::Array(items) => items.as_slice().try_into().ok(),
        _ => None,
    }
}

fn list_of(stack: &Stack<'_>, value: &Value, what: &str) -> Result<Vec<Value>, String> {
    match eval_value(stack, value)? {
        Value::Array(items) => Ok(items),
        other => Err(format!("{what}: expected a list, got {}", short(&other))),
    }
}

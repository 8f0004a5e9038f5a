//! `Fn::Sub`: `${Name}` replaced by a variable of the map, a pseudo parameter, a parameter or a
//! resource's `Ref`; `${LogicalId.Attribute}` by `Fn::GetAtt`; `${!Literal}` written `${Literal}`.

use serde_json::{Map, Value};

use crate::intrinsics::{self, eval_string, short};
use crate::stack::Stack;
use crate::values;

/// `Fn::Sub`'s argument (a string, or `[string, {variables}]`) evaluated.
pub(crate) fn eval(stack: &Stack<'_>, arg: &Value) -> Result<String, String> {
    let (text, variables) = match arg {
        Value::String(text) => (text.clone(), Map::new()),
        Value::Array(parts) if parts.len() == 2 => {
            let text = eval_string(stack, &parts[0], "Fn::Sub")?;
            let variables = match intrinsics::eval_value(stack, &parts[1])? {
                Value::Object(map) => map,
                other => {
                    return Err(format!(
                        "Fn::Sub: expected a map of variables, got {}",
                        short(&other)
                    ));
                }
            };
            (text, variables)
        }
        other => {
            return Err(format!(
                "Fn::Sub: expected a string or [string, map], got {}",
                short(other)
            ));
        }
    };
    substitute(&text, |name| {
        if let Some(v) = variables.get(name) {
            return match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                other => Err(format!("Fn::Sub: variable {name} is not a string: {}", short(other))),
            };
        }
        if !name.starts_with("AWS::")
            && let Some((id, attribute)) = name.split_once('.')
        {
            return values::attribute(stack, id, attribute);
        }
        match intrinsics::reference(stack, name)? {
            Some(Value::String(s)) => Ok(s),
            Some(Value::Array(items)) => {
                Err(format!("Fn::Sub: ${{{name}}} is a list ({} items), not a string", items.len()))
            }
            Some(other) => Ok(other.to_string()),
            None => Ok(String::new()),
        }
    })
}

/// `text` with each `${name}` replaced by `lookup(name)` and `${!x}` written `${x}`; a `${`
/// without its `}` is left as it is.
pub(crate) fn substitute(
    text: &str,
    mut lookup: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        if let Some(literal) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else {
            out.push_str(&lookup(name.trim())?);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

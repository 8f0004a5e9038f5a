//! Choice rules: the 42 comparison operators plus `And`/`Or`/`Not` (JSONPath) and `Condition`
//! (JSONata) — their static checks and their evaluation.

use serde_json::{Map, Value};

use crate::errors::StatesError;
use crate::model::QueryLanguage;
use crate::payload::{Lookup, resolve};
use crate::time::parse_timestamp;

/// The comparison operators (without their `Path` forms).
const OPS: &[&str] = &[
    "StringEquals",
    "StringLessThan",
    "StringGreaterThan",
    "StringLessThanEquals",
    "StringGreaterThanEquals",
    "StringMatches",
    "NumericEquals",
    "NumericLessThan",
    "NumericGreaterThan",
    "NumericLessThanEquals",
    "NumericGreaterThanEquals",
    "BooleanEquals",
    "TimestampEquals",
    "TimestampLessThan",
    "TimestampGreaterThan",
    "TimestampLessThanEquals",
    "TimestampGreaterThanEquals",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
];

/// True for the 42 operator keys.
pub fn is_operator(key: &str) -> bool {
    if OPS.contains(&key) {
        return true;
    }
    key.strip_suffix("Path").is_some_and(|base| {
        OPS.contains(&base) && base != "StringMatches" && !base.starts_with("Is")
    })
}

/// Checks one rule; returns `(pointer suffix, message)` problems.
pub(crate) fn check_rule(
    rule: &Map<String, Value>,
    ql: QueryLanguage,
    top: bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if ql == QueryLanguage::Jsonata {
        if !rule.contains_key("Condition") {
            out.push((String::new(), "The field 'Condition' is required but was missing".into()));
        }
        for k in rule.keys() {
            if !matches!(k.as_str(), "Condition" | "Next" | "Assign" | "Output" | "Comment") {
                out.push((format!("/{k}"), format!("Field '{k}' is not supported")));
            }
        }
        return out;
    }
    let combinators: Vec<&String> =
        rule.keys().filter(|k| matches!(k.as_str(), "And" | "Or" | "Not")).collect();
    let ops: Vec<&String> = rule.keys().filter(|k| is_operator(k)).collect();
    for k in rule.keys() {
        let known = matches!(k.as_str(), "And" | "Or" | "Not" | "Variable" | "Comment")
            || is_operator(k)
            || (top && matches!(k.as_str(), "Next" | "Assign"));
        if !known {
            out.push((format!("/{k}"), format!("Field '{k}' is not supported")));
        }
    }
    if combinators.len() + ops.len() != 1 {
        out.push((
            String::new(),
            "A choice rule must have exactly one comparison operator or one of 'And', 'Or', 'Not'"
                .into(),
        ));
        return out;
    }
    if let Some(c) = combinators.first() {
        if rule.contains_key("Variable") {
            out.push((
                "/Variable".into(),
                "Field 'Variable' is not supported with a Boolean expression".into(),
            ));
        }
        match (c.as_str(), rule.get(c.as_str())) {
            ("Not", Some(Value::Object(inner))) => {
                for (p, m) in check_rule(inner, ql, false) {
                    out.push((format!("/Not{p}"), m));
                }
            }
            ("And" | "Or", Some(Value::Array(items))) if !items.is_empty() => {
                for (i, it) in items.iter().enumerate() {
                    match it.as_object() {
                        Some(o) => {
                            for (p, m) in check_rule(o, ql, false) {
                                out.push((format!("/{c}/{i}{p}"), m));
                            }
                        }
                        None => out
                            .push((format!("/{c}/{i}"), "Expected value of type 'object'".into())),
                    }
                }
            }
            _ => out.push((format!("/{c}"), format!("'{c}' has an invalid value"))),
        }
        return out;
    }
    match rule.get("Variable") {
        Some(Value::String(s)) if s.starts_with('$') => {}
        _ => out.push((String::new(), "The field 'Variable' is required but was missing".into())),
    }
    if let Some(op) = ops.first() {
        let v = rule.get(op.as_str()).unwrap_or(&Value::Null);
        let ok = if op.ends_with("Path") {
            v.as_str().is_some_and(|s| s.starts_with('$'))
        } else if op.starts_with("String") {
            v.is_string()
        } else if op.starts_with("Numeric") {
            v.is_number()
        } else if op.starts_with("Boolean") || op.starts_with("Is") {
            v.is_boolean()
        } else if op.starts_with("Timestamp") {
            v.as_str().and_then(parse_timestamp).is_some()
        } else {
            true
        };
        if !ok {
            out.push((format!("/{op}"), format!("'{op}' has an invalid value {v}")));
        }
    }
    out
}

fn wildcard_match(pattern: &str, s: &str) -> bool {
    // `*` matches any run of characters; `\*` is a literal star, `\\` a backslash
    let mut toks: Vec<Option<char>> = Vec::new(); // None = wildcard
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => toks.push(Some(it.next().unwrap_or('\\'))),
            '*' => toks.push(None),
            c => toks.push(Some(c)),
        }
    }
    let chars: Vec<char> = s.chars().collect();
    // classic DP over (token index, char index)
    let (n, m) = (toks.len(), chars.len());
    let mut dp = vec![vec![false; m + 1]; n + 1];
    dp[0][0] = true;
    for i in 1..=n {
        for j in 0..=m {
            dp[i][j] = match toks[i - 1] {
                None => dp[i - 1][j] || (j > 0 && dp[i][j - 1]),
                Some(c) => j > 0 && dp[i - 1][j - 1] && chars[j - 1] == c,
            };
        }
    }
    dp[n][m]
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn cmp_ord(op: &str, o: std::cmp::Ordering) -> bool {
    if op.ends_with("LessThanEquals") {
        o.is_le()
    } else if op.ends_with("GreaterThanEquals") {
        o.is_ge()
    } else if op.ends_with("LessThan") {
        o.is_lt()
    } else if op.ends_with("GreaterThan") {
        o.is_gt()
    } else {
        o.is_eq()
    }
}

fn invalid_path(path: &str) -> StatesError {
    StatesError::runtime(format!(
        "Invalid path '{path}': The choice state's condition path references an invalid value."
    ))
}

/// Evaluates a JSONPath choice rule against the state's (effective) input.
pub(crate) fn eval_rule(
    rule: &Map<String, Value>,
    input: &Value,
    context: &Value,
    vars: &Map<String, Value>,
) -> Result<bool, StatesError> {
    // one pass over the rule's members (a rule has a few)
    let (mut and, mut or, mut not, mut var, mut operator) = (None, None, None, None, None);
    for (k, v) in rule {
        match (k.as_str(), v) {
            ("And", Value::Array(items)) => and = Some(items),
            ("Or", Value::Array(items)) => or = Some(items),
            ("Not", Value::Object(inner)) => not = Some(inner),
            ("Variable", _) => var = v.as_str(),
            ("Next" | "Assign" | "Comment", _) => {}
            (key, _) if operator.is_none() && is_operator(key) => operator = Some((k, v)),
            _ => {}
        }
    }
    if let Some(items) = and {
        for it in items {
            if !eval_rule(
                it.as_object().ok_or_else(|| StatesError::runtime("invalid And rule"))?,
                input,
                context,
                vars,
            )? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    if let Some(items) = or {
        for it in items {
            if eval_rule(
                it.as_object().ok_or_else(|| StatesError::runtime("invalid Or rule"))?,
                input,
                context,
                vars,
            )? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(inner) = not {
        return Ok(!eval_rule(inner, input, context, vars)?);
    }
    let var = var.unwrap_or("$");
    let Some((op, operand)) = operator else {
        return Err(StatesError::runtime("A choice rule has no comparison operator"));
    };
    // the value in place when the path is a plain reference (the common case), else a copy
    let value = match crate::payload::resolve_ref(var, input, context, vars) {
        Some(v) => Some(std::borrow::Cow::Borrowed(v)),
        None => match resolve(var, input, context, vars) {
            Ok(v) => Some(std::borrow::Cow::Owned(v)),
            Err(Lookup::Missing) => None,
            Err(Lookup::Invalid(e)) => return Err(StatesError::runtime(e)),
        },
    };
    if op == "IsPresent" {
        return Ok(value.is_some() == (operand == &Value::Bool(true)));
    }
    let Some(value) = value else { return Err(invalid_path(var)) };
    let want = operand == &Value::Bool(true);
    let is = match op.as_str() {
        "IsNull" => Some(value.is_null()),
        "IsNumeric" => Some(value.is_number()),
        "IsString" => Some(value.is_string()),
        "IsBoolean" => Some(value.is_boolean()),
        "IsTimestamp" => Some(value.as_str().and_then(parse_timestamp).is_some()),
        _ => None,
    };
    if let Some(b) = is {
        return Ok(b == want);
    }
    let (base, other) = match op.strip_suffix("Path") {
        Some(base) => {
            let p = operand.as_str().unwrap_or("$");
            match crate::payload::resolve_ref(p, input, context, vars) {
                Some(v) => (base, std::borrow::Cow::Borrowed(v)),
                None => match resolve(p, input, context, vars) {
                    Ok(v) => (base, std::borrow::Cow::Owned(v)),
                    Err(_) => return Err(invalid_path(p)),
                },
            }
        }
        None => (op.as_str(), std::borrow::Cow::Borrowed(operand)),
    };
    Ok(compare(base, &value, &other))
}

fn compare(op: &str, value: &Value, other: &Value) -> bool {
    if op == "StringMatches" {
        return match (value.as_str(), other.as_str()) {
            (Some(s), Some(p)) => wildcard_match(p, s),
            _ => false,
        };
    }
    if op.starts_with("String") {
        return match (value.as_str(), other.as_str()) {
            (Some(a), Some(b)) => cmp_ord(op, a.cmp(b)),
            _ => false,
        };
    }
    if op.starts_with("Numeric") {
        return match (num(value), num(other)) {
            (Some(a), Some(b)) => a.partial_cmp(&b).is_some_and(|o| cmp_ord(op, o)),
            _ => false,
        };
    }
    if op.starts_with("Boolean") {
        return match (value.as_bool(), other.as_bool()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
    }
    if op.starts_with("Timestamp") {
        return match (
            value.as_str().and_then(parse_timestamp),
            other.as_str().and_then(parse_timestamp),
        ) {
            (Some(a), Some(b)) => cmp_ord(op, a.cmp(&b)),
            _ => false,
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(rule: Value, input: Value) -> Result<bool, StatesError> {
        eval_rule(rule.as_object().unwrap(), &input, &json!({}), &Map::new())
    }

    #[test]
    fn operators() {
        // 39 comparison keys plus And, Or, Not: the 42 keys of the ASL spec
        assert_eq!(
            OPS.len() + OPS.iter().filter(|o| is_operator(&format!("{o}Path"))).count() + 3,
            42
        );
        let i = json!({"n": 5, "s": "log-2024.txt", "b": true, "t": "2024-01-01T00:00:00Z", "m": 5.0, "z": null});
        assert!(ev(json!({"Variable": "$.n", "NumericEquals": 5}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.n", "NumericEqualsPath": "$.m"}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.n", "NumericGreaterThanEquals": 5}), i.clone()).unwrap());
        assert!(!ev(json!({"Variable": "$.s", "NumericEquals": 5}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.s", "StringMatches": "log-*.txt"}), i.clone()).unwrap());
        assert!(
            !ev(json!({"Variable": "$.s", "StringMatches": "log-\\*.txt"}), i.clone()).unwrap()
        );
        assert!(ev(json!({"Variable": "$.s", "StringLessThan": "m"}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.b", "BooleanEquals": true}), i.clone()).unwrap());
        assert!(
            ev(json!({"Variable": "$.t", "TimestampLessThan": "2024-01-02T00:00:00Z"}), i.clone())
                .unwrap()
        );
        assert!(ev(json!({"Variable": "$.z", "IsNull": true}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.q", "IsPresent": false}), i.clone()).unwrap());
        assert!(ev(json!({"Variable": "$.t", "IsTimestamp": true}), i.clone()).unwrap());
        assert!(ev(json!({"Not": {"Variable": "$.n", "NumericLessThan": 1}}), i.clone()).unwrap());
        assert!(ev(json!({"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.s", "IsString": true}]}), i.clone()).unwrap());
        assert!(ev(json!({"Or": [{"Variable": "$.n", "IsString": true}, {"Variable": "$.b", "IsBoolean": true}]}), i.clone()).unwrap());
        assert_eq!(
            ev(json!({"Variable": "$.q", "NumericEquals": 1}), i).unwrap_err().error,
            "States.Runtime"
        );
    }
}

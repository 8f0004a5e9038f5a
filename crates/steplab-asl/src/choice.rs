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

fn invalid_path(path: &str) -> StatesError {
    StatesError::runtime(format!(
        "Invalid path '{path}': The choice state's condition path references an invalid value."
    ))
}

/// A JSONPath choice rule taken apart once, when the definition is parsed: evaluating it does
/// no matching of field names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    /// `And`
    And(Vec<Rule>),
    /// `Or`
    Or(Vec<Rule>),
    /// `Not`
    Not(Box<Rule>),
    /// `Variable` and one operator.
    Test {
        /// `Variable` (`$` when absent).
        variable: String,
        /// The operator without its `Path` suffix.
        op: Op,
        /// The operator's value, or its path (`…Path` operators).
        operand: Value,
        /// A `…Path` operator.
        path: bool,
    },
    /// A malformed rule (validation reports it): evaluating it fails with this cause.
    Broken(&'static str),
}

/// What a comparison operator tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    IsPresent,
    IsNull,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
    StringMatches,
    /// `String…`, `Numeric…`, `Boolean…`, `Timestamp…` comparisons.
    Compare(Kind, Order),
}

/// The type a comparison compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

/// `Equals`, `LessThan`, `GreaterThan`, `LessThanEquals`, `GreaterThanEquals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    Eq,
    Lt,
    Gt,
    Le,
    Ge,
}

impl Op {
    fn from_name(op: &str) -> Op {
        match op {
            "IsPresent" => return Op::IsPresent,
            "IsNull" => return Op::IsNull,
            "IsNumeric" => return Op::IsNumeric,
            "IsString" => return Op::IsString,
            "IsBoolean" => return Op::IsBoolean,
            "IsTimestamp" => return Op::IsTimestamp,
            "StringMatches" => return Op::StringMatches,
            _ => {}
        }
        let kind = if op.starts_with("String") {
            Kind::String
        } else if op.starts_with("Numeric") {
            Kind::Numeric
        } else if op.starts_with("Boolean") {
            Kind::Boolean
        } else {
            Kind::Timestamp
        };
        let order = if op.ends_with("LessThanEquals") {
            Order::Le
        } else if op.ends_with("GreaterThanEquals") {
            Order::Ge
        } else if op.ends_with("LessThan") {
            Order::Lt
        } else if op.ends_with("GreaterThan") {
            Order::Gt
        } else {
            Order::Eq
        };
        Op::Compare(kind, order)
    }
}

/// One rule of a JSONPath Choice state, ready to run: the rule, its `Next` and its `Assign`.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub rule: Rule,
    pub next: Option<std::sync::Arc<str>>,
    pub assign: Option<crate::payload::Template>,
}

/// Takes apart the rules of a JSONPath Choice state's `Choices` (entries that are not objects
/// are left out, as when they are evaluated).
pub(crate) fn compile_choices(choices: Option<&Value>) -> Vec<Choice> {
    choices.and_then(Value::as_array).map_or_else(Vec::new, |rules| {
        rules
            .iter()
            .filter_map(Value::as_object)
            .map(|r| Choice {
                rule: compile(r),
                next: r.get("Next").and_then(Value::as_str).map(std::sync::Arc::from),
                assign: r.get("Assign").map(crate::payload::Template::compile),
            })
            .collect()
    })
}

/// Takes a rule apart: `And`, `Or` and `Not` first, else `Variable` and the first operator.
pub(crate) fn compile(rule: &Map<String, Value>) -> Rule {
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
    let all = |items: &Vec<Value>, broken: &'static str| {
        items.iter().map(|it| it.as_object().map_or(Rule::Broken(broken), compile)).collect()
    };
    if let Some(items) = and {
        return Rule::And(all(items, "invalid And rule"));
    }
    if let Some(items) = or {
        return Rule::Or(all(items, "invalid Or rule"));
    }
    if let Some(inner) = not {
        return Rule::Not(Box::new(compile(inner)));
    }
    let Some((op, operand)) = operator else {
        return Rule::Broken("A choice rule has no comparison operator");
    };
    let (base, path) = match op.strip_suffix("Path") {
        Some(base) => (base, true),
        None => (op.as_str(), false),
    };
    Rule::Test {
        variable: var.unwrap_or("$").to_owned(),
        op: Op::from_name(base),
        operand: operand.clone(),
        path,
    }
}

/// Evaluates a JSONPath choice rule against the state's (effective) input.
#[cfg(test)]
pub(crate) fn eval_rule(
    rule: &Map<String, Value>,
    input: &Value,
    context: &Value,
    vars: &Map<String, Value>,
) -> Result<bool, StatesError> {
    eval(&compile(rule), input, context, vars)
}

/// The value a path selects: in place when it is a plain reference path (the common case),
/// else a copy; `None` when it selects nothing.
fn select<'v>(
    path: &str,
    input: &'v Value,
    context: &'v Value,
    vars: &'v Map<String, Value>,
) -> Result<Option<std::borrow::Cow<'v, Value>>, Lookup> {
    match crate::payload::resolve_ref(path, input, context, vars) {
        Some(v) => Ok(Some(std::borrow::Cow::Borrowed(v))),
        None => match resolve(path, input, context, vars) {
            Ok(v) => Ok(Some(std::borrow::Cow::Owned(v))),
            Err(Lookup::Missing) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

/// Evaluates a rule taken apart by [`compile`].
pub(crate) fn eval(
    rule: &Rule,
    input: &Value,
    context: &Value,
    vars: &Map<String, Value>,
) -> Result<bool, StatesError> {
    let (variable, op, operand, path) = match rule {
        Rule::And(items) => {
            for r in items {
                if !eval(r, input, context, vars)? {
                    return Ok(false);
                }
            }
            return Ok(true);
        }
        Rule::Or(items) => {
            for r in items {
                if eval(r, input, context, vars)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        Rule::Not(inner) => return Ok(!eval(inner, input, context, vars)?),
        Rule::Broken(cause) => return Err(StatesError::runtime(*cause)),
        Rule::Test { variable, op, operand, path } => (variable, *op, operand, *path),
    };
    let value = match select(variable, input, context, vars) {
        Ok(v) => v,
        Err(Lookup::Invalid(e)) => return Err(StatesError::runtime(e)),
        Err(Lookup::Missing) => None,
    };
    let want = operand == &Value::Bool(true);
    if op == Op::IsPresent {
        return Ok(value.is_some() == want);
    }
    let Some(value) = value else { return Err(invalid_path(variable)) };
    let is = match op {
        Op::IsNull => value.is_null(),
        Op::IsNumeric => value.is_number(),
        Op::IsString => value.is_string(),
        Op::IsBoolean => value.is_boolean(),
        Op::IsTimestamp => value.as_str().and_then(parse_timestamp).is_some(),
        Op::IsPresent | Op::StringMatches | Op::Compare(..) => {
            let other = if path {
                let p = operand.as_str().unwrap_or("$");
                match select(p, input, context, vars) {
                    Ok(Some(v)) => v,
                    _ => return Err(invalid_path(p)),
                }
            } else {
                std::borrow::Cow::Borrowed(operand)
            };
            return Ok(compare(op, &value, &other));
        }
    };
    Ok(is == want)
}

fn compare(op: Op, value: &Value, other: &Value) -> bool {
    let ord = |order: Order, o: std::cmp::Ordering| match order {
        Order::Eq => o.is_eq(),
        Order::Lt => o.is_lt(),
        Order::Gt => o.is_gt(),
        Order::Le => o.is_le(),
        Order::Ge => o.is_ge(),
    };
    match op {
        Op::StringMatches => match (value.as_str(), other.as_str()) {
            (Some(s), Some(p)) => wildcard_match(p, s),
            _ => false,
        },
        Op::Compare(Kind::String, order) => match (value.as_str(), other.as_str()) {
            (Some(a), Some(b)) => ord(order, a.cmp(b)),
            _ => false,
        },
        Op::Compare(Kind::Numeric, order) => match (num(value), num(other)) {
            (Some(a), Some(b)) => a.partial_cmp(&b).is_some_and(|o| ord(order, o)),
            _ => false,
        },
        Op::Compare(Kind::Boolean, _) => match (value.as_bool(), other.as_bool()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        Op::Compare(Kind::Timestamp, order) => match (
            value.as_str().and_then(parse_timestamp),
            other.as_str().and_then(parse_timestamp),
        ) {
            (Some(a), Some(b)) => ord(order, a.cmp(&b)),
            _ => false,
        },
        _ => false,
    }
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

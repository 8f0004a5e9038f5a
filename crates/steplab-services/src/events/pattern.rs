//! Event patterns: EventBridge's rule patterns, also SNS's filter policies (the same syntax,
//! matched against the message attributes or body).
//!
//! A pattern is a JSON object whose keys name fields of the event; a leaf is a list of matchers,
//! one of which must match the field's value (or, when the event's value is a list, one of its
//! elements). Matchers: exact values (strings, numbers, `true`, `false`, `null`), `prefix`,
//! `suffix` (both also with `equals-ignore-case`), `equals-ignore-case`, `wildcard`,
//! `anything-but` (values, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`), `numeric`,
//! `exists`, and `$or` at any level. Not emulated: `cidr` (refused as an unrecognised match type)
//! and AWS's complexity limits. AWS's reasons for an invalid pattern carry the parser's position
//! (`at [Source: …; line: 1, column: 56]`); StepLab gives the first line only.

use serde_json::{Map, Value};

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    fields: Vec<(String, Field)>,
    ors: Vec<Vec<Pattern>>,
}

#[derive(Clone, Debug, PartialEq)]
enum Field {
    Nested(Pattern),
    Leaf(Vec<Matcher>),
}

#[derive(Clone, Debug, PartialEq)]
enum Matcher {
    Exact(Value),
    Prefix { value: String, ignore_case: bool },
    Suffix { value: String, ignore_case: bool },
    EqualsIgnoreCase(String),
    Wildcard(String),
    AnythingBut(AnythingBut),
    Numeric(Vec<(Op, f64)>),
    Exists(bool),
}

#[derive(Clone, Debug, PartialEq)]
enum AnythingBut {
    Values(Vec<Value>),
    Prefix(String),
    Suffix(String),
    IgnoreCase(Vec<String>),
    Wildcard(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

/// Parses a pattern's JSON text; the error is the reason AWS gives after
/// `Event pattern is not valid. Reason: `.
pub fn parse(text: &str) -> Result<Pattern, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("Invalid JSON: {e}"))?;
    parse_value(&value)
}

/// Parses a pattern already read as JSON.
pub fn parse_value(value: &Value) -> Result<Pattern, String> {
    match value {
        Value::Object(map) => parse_object(map),
        _ => Err("Filter is not an object".into()),
    }
}

fn parse_object(map: &Map<String, Value>) -> Result<Pattern, String> {
    let mut pattern = Pattern { fields: Vec::new(), ors: Vec::new() };
    for (key, value) in map {
        if key == "$or" {
            let alternatives = value
                .as_array()
                .filter(|a| a.len() >= 2)
                .ok_or("Value of $or must be an array of at least 2 objects")?;
            let parsed = alternatives
                .iter()
                .map(|a| match a {
                    Value::Object(m) => parse_object(m),
                    _ => Err("Value of $or must be an array of at least 2 objects".to_string()),
                })
                .collect::<Result<Vec<_>, _>>()?;
            pattern.ors.push(parsed);
            continue;
        }
        let field = match value {
            Value::Object(m) => Field::Nested(parse_object(m)?),
            Value::Array(items) => {
                Field::Leaf(items.iter().map(parse_matcher).collect::<Result<Vec<_>, _>>()?)
            }
            _ => return Err(format!("\"{key}\" must be an object or an array")),
        };
        pattern.fields.push((key.clone(), field));
    }
    Ok(pattern)
}

fn string_of(value: &Value, what: &str) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{what} match pattern must be a string"))
}

/// `{"equals-ignore-case": "x"}` inside `prefix`/`suffix`, or a plain string.
fn affix(value: &Value, what: &str) -> Result<(String, bool), String> {
    match value {
        Value::String(s) => Ok((s.clone(), false)),
        Value::Object(m) if m.len() == 1 && m.contains_key("equals-ignore-case") => {
            Ok((string_of(&m["equals-ignore-case"], "equals-ignore-case")?, true))
        }
        _ => Err(format!("{what} match pattern must be a string")),
    }
}

fn strings(value: &Value, what: &str) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(|v| string_of(v, what)).collect(),
        other => Ok(vec![string_of(other, what)?]),
    }
}

fn parse_matcher(value: &Value) -> Result<Matcher, String> {
    let map = match value {
        Value::Object(map) => map,
        Value::Array(_) => {
            return Err("Match value must be String, number, true, false, or null".into());
        }
        scalar => return Ok(Matcher::Exact(scalar.clone())),
    };
    let mut entries = map.iter();
    let (Some((key, arg)), None) = (entries.next(), entries.next()) else {
        return Err("Only one key allowed in match expression".into());
    };
    Ok(match key.as_str() {
        "prefix" => {
            let (value, ignore_case) = affix(arg, "prefix")?;
            Matcher::Prefix { value, ignore_case }
        }
        "suffix" => {
            let (value, ignore_case) = affix(arg, "suffix")?;
            Matcher::Suffix { value, ignore_case }
        }
        "equals-ignore-case" => Matcher::EqualsIgnoreCase(string_of(arg, "equals-ignore-case")?),
        "wildcard" => Matcher::Wildcard(string_of(arg, "wildcard")?),
        "exists" => Matcher::Exists(
            arg.as_bool().ok_or("exists match pattern must be either true or false.")?,
        ),
        "numeric" => Matcher::Numeric(numeric(arg)?),
        "anything-but" => Matcher::AnythingBut(anything_but(arg)?),
        other => return Err(format!("Unrecognized match type {other}")),
    })
}

fn numeric(arg: &Value) -> Result<Vec<(Op, f64)>, String> {
    let items = arg
        .as_array()
        .filter(|a| !a.is_empty() && a.len() % 2 == 0)
        .ok_or("Value of numeric must be an array with an even number of operators and values")?;
    items
        .chunks(2)
        .map(|pair| {
            let op = match pair[0].as_str() {
                Some("<") => Op::Lt,
                Some("<=") => Op::Le,
                Some("=") => Op::Eq,
                Some(">=") => Op::Ge,
                Some(">") => Op::Gt,
                _ => return Err(format!("Unrecognized numeric range operator: {}", pair[0])),
            };
            let n = pair[1].as_f64().ok_or(format!("Value of {} must be numeric", pair[0]))?;
            Ok((op, n))
        })
        .collect()
}

fn anything_but(arg: &Value) -> Result<AnythingBut, String> {
    Ok(match arg {
        Value::Array(items) => {
            if items.iter().any(|v| v.is_object() || v.is_array()) {
                return Err("Inside anything but list, start|null|boolean is not supported.".into());
            }
            AnythingBut::Values(items.clone())
        }
        Value::Object(m) if m.len() == 1 => {
            let (key, v) = m.iter().next().expect("one entry");
            match key.as_str() {
                "prefix" => AnythingBut::Prefix(string_of(v, "prefix")?),
                "suffix" => AnythingBut::Suffix(string_of(v, "suffix")?),
                "equals-ignore-case" => AnythingBut::IgnoreCase(strings(v, "equals-ignore-case")?),
                "wildcard" => AnythingBut::Wildcard(strings(v, "wildcard")?),
                other => return Err(format!("Unsupported anything-but pattern: {other}")),
            }
        }
        Value::Object(_) => return Err("Unsupported anything-but pattern".into()),
        scalar => AnythingBut::Values(vec![scalar.clone()]),
    })
}

impl Pattern {
    /// Whether `event` (a JSON object; anything else is matched as an object without fields)
    /// matches.
    pub fn matches(&self, event: &Value) -> bool {
        self.fields.iter().all(|(key, field)| field.matches(event.get(key)))
            && self.ors.iter().all(|alternatives| alternatives.iter().any(|p| p.matches(event)))
    }
}

impl Field {
    fn matches(&self, value: Option<&Value>) -> bool {
        match self {
            Field::Nested(pattern) => match value {
                Some(Value::Array(items)) => {
                    items.iter().any(|item| item.is_object() && pattern.matches(item))
                }
                Some(v @ Value::Object(_)) => pattern.matches(v),
                // fields under a missing object are missing: only `exists: false` matches
                _ => pattern.matches(&Value::Null),
            },
            Field::Leaf(matchers) => {
                let values: Vec<&Value> = match value {
                    None => Vec::new(),
                    Some(Value::Array(items)) => items.iter().collect(),
                    Some(v) => vec![v],
                };
                matchers.iter().any(|m| m.matches(value, &values))
            }
        }
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

impl Matcher {
    fn matches(&self, field: Option<&Value>, values: &[&Value]) -> bool {
        match self {
            Matcher::Exists(true) => {
                matches!(field, Some(v) if !v.is_object() && v.as_array().is_none_or(|a| !a.is_empty()))
            }
            Matcher::Exists(false) => field.is_none(),
            _ => values.iter().any(|v| self.matches_one(v)),
        }
    }

    fn matches_one(&self, value: &Value) -> bool {
        let text = value.as_str();
        match self {
            Matcher::Exact(expected) => same_value(expected, value),
            Matcher::Prefix { value: p, ignore_case } => text.is_some_and(|t| {
                if *ignore_case {
                    t.to_lowercase().starts_with(&p.to_lowercase())
                } else {
                    t.starts_with(p.as_str())
                }
            }),
            Matcher::Suffix { value: s, ignore_case } => text.is_some_and(|t| {
                if *ignore_case {
                    t.to_lowercase().ends_with(&s.to_lowercase())
                } else {
                    t.ends_with(s.as_str())
                }
            }),
            Matcher::EqualsIgnoreCase(s) => {
                text.is_some_and(|t| t.to_lowercase() == s.to_lowercase())
            }
            Matcher::Wildcard(w) => text.is_some_and(|t| wildcard(w, t)),
            Matcher::Numeric(conditions) => value.as_f64().is_some_and(|n| {
                conditions.iter().all(|(op, x)| match op {
                    Op::Lt => n < *x,
                    Op::Le => n <= *x,
                    Op::Eq => n == *x,
                    Op::Ge => n >= *x,
                    Op::Gt => n > *x,
                })
            }),
            Matcher::AnythingBut(but) => match but {
                AnythingBut::Values(excluded) => !excluded.iter().any(|e| same_value(e, value)),
                AnythingBut::Prefix(p) => text.is_some_and(|t| !t.starts_with(p.as_str())),
                AnythingBut::Suffix(s) => text.is_some_and(|t| !t.ends_with(s.as_str())),
                AnythingBut::IgnoreCase(list) => {
                    text.is_some_and(|t| !list.iter().any(|s| s.to_lowercase() == t.to_lowercase()))
                }
                AnythingBut::Wildcard(list) => {
                    text.is_some_and(|t| !list.iter().any(|w| wildcard(w, t)))
                }
            },
            Matcher::Exists(_) => false,
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and `\*` for a
/// star.
fn wildcard(pattern: &str, text: &str) -> bool {
    #[derive(PartialEq)]
    enum Token {
        Star,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                chars.next();
                tokens.push(Token::Char('*'));
            }
            '*' => tokens.push(Token::Star),
            c => tokens.push(Token::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // matched[j]: the tokens so far match text[..j]
    let mut matched = vec![false; text.len() + 1];
    matched[0] = true;
    for token in &tokens {
        let mut next = vec![false; text.len() + 1];
        match token {
            Token::Star => {
                let mut any = false;
                for j in 0..=text.len() {
                    any |= matched[j];
                    next[j] = any;
                }
            }
            Token::Char(c) => {
                for j in 1..=text.len() {
                    next[j] = matched[j - 1] && text[j - 1] == *c;
                }
            }
        }
        matched = next;
    }
    matched[text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(pattern: Value, event: Value) -> bool {
        parse_value(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")).matches(&event)
    }

    fn event() -> Value {
        json!({
            "source": "com.example.orders", "detail-type": "Order Placed",
            "detail": {"state": "running", "count": 5, "price": 10.5, "flag": true, "none": null,
                       "tags": ["a", "b"], "name": "Hello.TXT",
                       "items": [{"sku": "x1"}, {"sku": "y2"}]}
        })
    }

    #[test]
    fn exact_values() {
        assert!(matches(json!({"source": ["com.example.orders"]}), event()));
        assert!(matches(json!({"source": ["other", "com.example.orders"]}), event()));
        assert!(!matches(json!({"source": ["other"]}), event()));
        assert!(matches(json!({"detail": {"count": [5]}}), event()));
        assert!(matches(json!({"detail": {"count": [5.0]}}), event()));
        assert!(!matches(json!({"detail": {"count": ["5"]}}), event()));
        assert!(matches(json!({"detail": {"flag": [true]}}), event()));
        assert!(matches(json!({"detail": {"none": [null]}}), event()));
        assert!(!matches(json!({"detail": {"missing": [null]}}), event()));
        // all keys must match
        assert!(!matches(json!({"source": ["com.example.orders"], "detail-type": ["x"]}), event()));
    }

    #[test]
    fn arrays_in_the_event_match_any_element() {
        assert!(matches(json!({"detail": {"tags": ["b"]}}), event()));
        assert!(!matches(json!({"detail": {"tags": ["c"]}}), event()));
        assert!(matches(json!({"detail": {"items": {"sku": ["y2"]}}}), event()));
        assert!(!matches(json!({"detail": {"items": {"sku": ["z"]}}}), event()));
    }

    #[test]
    fn prefix_suffix_and_case() {
        assert!(matches(json!({"source": [{"prefix": "com.example"}]}), event()));
        assert!(!matches(json!({"source": [{"prefix": "COM.example"}]}), event()));
        assert!(matches(
            json!({"source": [{"prefix": {"equals-ignore-case": "COM.EX"}}]}),
            event()
        ));
        assert!(matches(json!({"detail": {"name": [{"suffix": ".TXT"}]}}), event()));
        assert!(!matches(json!({"detail": {"name": [{"suffix": ".txt"}]}}), event()));
        assert!(matches(
            json!({"detail": {"name": [{"suffix": {"equals-ignore-case": ".txt"}}]}}),
            event()
        ));
        assert!(matches(json!({"detail-type": [{"equals-ignore-case": "order placed"}]}), event()));
        assert!(!matches(json!({"detail": {"count": [{"prefix": "5"}]}}), event()));
    }

    #[test]
    fn anything_but() {
        assert!(matches(json!({"detail": {"state": [{"anything-but": "stopped"}]}}), event()));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": ["stopped", "running"]}]}}),
            event()
        ));
        assert!(matches(json!({"detail": {"count": [{"anything-but": [1, 2]}]}}), event()));
        assert!(!matches(json!({"detail": {"count": [{"anything-but": 5}]}}), event()));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": {"prefix": "run"}}]}}),
            event()
        ));
        assert!(matches(
            json!({"detail": {"state": [{"anything-but": {"suffix": "ed"}}]}}),
            event()
        ));
        assert!(!matches(
            json!({"detail": {"state": [{"anything-but": {"equals-ignore-case": ["RUNNING"]}}]}}),
            event()
        ));
        assert!(!matches(
            json!({"detail": {"name": [{"anything-but": {"wildcard": "*.TXT"}}]}}),
            event()
        ));
        // a missing field matches no anything-but
        assert!(!matches(json!({"detail": {"missing": [{"anything-but": "x"}]}}), event()));
    }

    #[test]
    fn numeric_ranges() {
        assert!(matches(json!({"detail": {"count": [{"numeric": [">", 0, "<=", 5]}]}}), event()));
        assert!(!matches(json!({"detail": {"count": [{"numeric": [">", 5]}]}}), event()));
        assert!(matches(json!({"detail": {"price": [{"numeric": ["=", 10.5]}]}}), event()));
        assert!(matches(
            json!({"detail": {"price": [{"numeric": [">=", 10.5, "<", 11]}]}}),
            event()
        ));
        assert!(!matches(json!({"detail": {"state": [{"numeric": [">", 0]}]}}), event()));
    }

    #[test]
    fn exists() {
        assert!(matches(json!({"detail": {"state": [{"exists": true}]}}), event()));
        assert!(!matches(json!({"detail": {"missing": [{"exists": true}]}}), event()));
        assert!(matches(json!({"detail": {"missing": [{"exists": false}]}}), event()));
        assert!(!matches(json!({"detail": {"state": [{"exists": false}]}}), event()));
        assert!(matches(json!({"nothing": {"deeper": [{"exists": false}]}}), event()));
        assert!(!matches(json!({"nothing": {"deeper": [{"exists": true}]}}), event()));
    }

    #[test]
    fn wildcards() {
        assert!(matches(json!({"source": [{"wildcard": "com.*.orders"}]}), event()));
        assert!(matches(json!({"source": [{"wildcard": "*"}]}), event()));
        assert!(!matches(json!({"source": [{"wildcard": "com.*.users"}]}), event()));
        assert!(wildcard(r"a\*b", "a*b"));
        assert!(!wildcard(r"a\*b", "axb"));
        assert!(wildcard("*a*b*", "xxaYYbZ"));
        assert!(!wildcard("a*", "ba"));
    }

    #[test]
    fn or() {
        let p = json!({"source": ["com.example.orders"],
                       "$or": [{"detail": {"count": [{"numeric": [">", 10]}]}},
                               {"detail": {"state": ["running"]}}]});
        assert!(matches(p, event()));
        let p = json!({"$or": [{"source": ["x"]}, {"detail-type": ["y"]}]});
        assert!(!matches(p, event()));
        let p = json!({"detail": {"$or": [{"state": ["x"]}, {"flag": [true]}]}});
        assert!(matches(p, event()));
    }

    #[test]
    fn invalid_patterns() {
        assert_eq!(
            parse(r#"{"source": "a"}"#).unwrap_err(),
            "\"source\" must be an object or an array"
        );
        assert_eq!(
            parse(r#"{"a": [{"cidr": "10.0.0.0/24"}]}"#).unwrap_err(),
            "Unrecognized match type cidr"
        );
        assert!(parse("{bad").unwrap_err().starts_with("Invalid JSON"));
        assert!(parse(r#"{"a": [{"numeric": [">", "x"]}]}"#).is_err());
        assert!(parse(r#"{"a": [{"exists": "yes"}]}"#).is_err());
        assert!(parse(r#"{"$or": [{"a": ["x"]}]}"#).is_err());
        assert!(parse("[1]").is_err());
    }
}

//! Values: JSON plus `undefined`, functions and JSONata's sequence flags.

use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::ast::{LambdaDef, RegexLit, TransformDef};
use crate::eval::Frame;
use crate::functions::Builtin;

pub(crate) type Map = IndexMap<String, Value, foldhash::fast::FixedState>;

/// Flags jsonata-js keeps as properties on arrays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    /// A sequence (result of a path) rather than a JSON array.
    pub(crate) sequence: bool,
    pub(crate) keep_singleton: bool,
    /// Built by an array constructor.
    pub(crate) cons: bool,
    pub(crate) outer_wrapper: bool,
    /// A stream of variable-binding tuples.
    pub(crate) tuple_stream: bool,
    /// Nesting depth of the contents (1 + the deepest item).
    pub(crate) depth: u32,
}

/// An object: its entries in insertion order, and its nesting depth.
#[derive(Debug, Clone, Default)]
pub(crate) struct Obj {
    pub(crate) map: Map,
    pub(crate) depth: u32,
}

impl std::ops::Deref for Obj {
    type Target = Map;
    fn deref(&self) -> &Map {
        &self.map
    }
}

/// Values nested deeper than this are refused (error U1001), so that walking,
/// serialising and dropping them cannot exhaust the native stack.
pub(crate) const MAX_NESTING: u32 = 1000;

#[derive(Debug, Clone)]
pub(crate) enum Value {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Rc<str>),
    Array(Rc<Vec<Value>>, Flags),
    Object(Rc<Obj>),
    Func(Rc<Func>),
}

/// Function values.
#[derive(Debug)]
pub(crate) enum Func {
    Lambda {
        def: Arc<LambdaDef>,
        input: Value,
        env: Rc<Frame>,
    },
    Builtin(&'static Builtin),
    /// A function with some arguments fixed (`None` marks a `?` placeholder).
    Partial {
        func: Value,
        args: Vec<Option<Value>>,
    },
    Regex(Arc<RegexLit>),
    Transform {
        def: Arc<TransformDef>,
        env: Rc<Frame>,
        pos: usize,
    },
    /// `f ~> g`: applies `f`, then `g`.
    Chain(Value, Value),
}

impl Value {
    pub(crate) fn string(s: &str) -> Self {
        Value::String(Rc::from(s))
    }
    pub(crate) fn from_string(s: String) -> Self {
        Value::String(Rc::from(s))
    }
    pub(crate) fn array(items: Vec<Value>) -> Self {
        Value::array_with(items, Flags::default())
    }
    pub(crate) fn sequence(items: Vec<Value>) -> Self {
        Value::array_with(items, Flags { sequence: true, ..Flags::default() })
    }
    /// An array with the given flags; its depth is worked out from the items.
    pub(crate) fn array_with(items: Vec<Value>, flags: Flags) -> Self {
        let depth = 1 + items.iter().map(Value::depth).max().unwrap_or(0);
        Value::Array(Rc::new(items), Flags { depth, ..flags })
    }
    pub(crate) fn object(map: Map) -> Self {
        let depth = 1 + map.values().map(Value::depth).max().unwrap_or(0);
        Value::Object(Rc::new(Obj { map, depth }))
    }
    /// Nesting depth: 0 for scalars.
    pub(crate) fn depth(&self) -> u32 {
        match self {
            Value::Array(_, f) => f.depth,
            Value::Object(o) => o.depth,
            _ => 0,
        }
    }

    pub(crate) fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }
    pub(crate) fn is_array(&self) -> bool {
        matches!(self, Value::Array(..))
    }
    pub(crate) fn is_function(&self) -> bool {
        matches!(self, Value::Func(_))
    }
    pub(crate) fn flags(&self) -> Flags {
        match self {
            Value::Array(_, f) => *f,
            _ => Flags::default(),
        }
    }
    pub(crate) fn is_sequence(&self) -> bool {
        self.flags().sequence
    }
    pub(crate) fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The items of an array; a single value is a one-item list; undefined is empty.
    pub(crate) fn members(&self) -> Vec<Value> {
        match self {
            Value::Array(items, _) => items.as_ref().clone(),
            Value::Undefined => Vec::new(),
            v => vec![v.clone()],
        }
    }

    /// The arity jsonata-js uses when a higher-order function calls this function.
    pub(crate) fn arity(&self) -> usize {
        match self {
            Value::Func(f) => match f.as_ref() {
                Func::Lambda { def, .. } => def.params.len(),
                Func::Builtin(b) => b.arity,
                Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
                Func::Regex(_) | Func::Transform { .. } | Func::Chain(..) => 1,
            },
            _ => 0,
        }
    }

    /// Converts JSON into a value.
    pub(crate) fn from_json(json: &serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::string(s),
            serde_json::Value::Array(items) => {
                Value::array(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => {
                Value::object(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }

    /// Converts to JSON; `None` for undefined. Functions become `""` as in
    /// jsonata-js's JSON serialisation of results (they are dropped from objects).
    pub(crate) fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Undefined => return None,
            Value::Func(_) => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items, _) => serde_json::Value::Array(
                items.iter().map(|v| v.to_json().unwrap_or(serde_json::Value::Null)).collect(),
            ),
            Value::Object(map) => serde_json::Value::Object(
                map.iter().filter_map(|(k, v)| v.to_json().map(|j| (k.clone(), j))).collect(),
            ),
        })
    }

    /// `JSON.stringify`-like text, used in error messages.
    pub(crate) fn to_json_text(&self) -> String {
        match self {
            Value::Undefined => String::new(),
            Value::Func(_) => String::new(),
            Value::Number(n) => {
                if n.is_finite() {
                    format_number(*n)
                } else {
                    "null".to_owned()
                }
            }
            Value::String(s) => json_quote(s),
            other => serde_json::to_string(&other.to_json().unwrap_or(serde_json::Value::Null))
                .unwrap_or_default(),
        }
    }

    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(..) => "array",
            Value::Object(_) => "object",
            Value::Func(_) => "function",
        }
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::Number(serde_json::Number::from(n as i64))
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A JSON string literal.
pub(crate) fn json_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Formats a number as JavaScript's `Number.prototype.toString()` does.
pub(crate) fn format_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // an integer: its digits, as JavaScript prints it (exact below 2^53)
        return (n as i64).to_string();
    }
    // shortest round-trip digits and exponent
    let sci = format!("{:e}", n.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let k = digits.len() as i32;
    let sign = if n < 0.0 { "-" } else { "" };
    let e = exp + 1; // position of the decimal point relative to the digits
    let body = if k <= e && e <= 21 {
        format!("{digits}{}", "0".repeat((e - k) as usize))
    } else if 0 < e && e <= 21 {
        format!("{}.{}", &digits[..e as usize], &digits[e as usize..])
    } else if -6 < e && e <= 0 {
        format!("0.{}{digits}", "0".repeat((-e) as usize))
    } else {
        let exp_sign = if e > 0 { "+" } else { "-" };
        let ex = (e - 1).abs();
        if k == 1 {
            format!("{digits}e{exp_sign}{ex}")
        } else {
            format!("{}.{}e{exp_sign}{ex}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

/// Rounds to 15 significant digits, as jsonata-js does before stringifying numbers.
pub(crate) fn round15(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 || (n.fract() == 0.0 && n.abs() < 1e15) {
        // integers of up to 15 digits are their own 15-digit rounding
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// Deep equality of JSON-like values (functions: identity).
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x, _), Value::Array(y, _)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Func(x), Value::Func(y)) => match (x.as_ref(), y.as_ref()) {
            // a built-in is one object in jsonata-js however often it is looked up
            (Func::Builtin(a), Func::Builtin(b)) => std::ptr::eq(*a, *b),
            _ => Rc::ptr_eq(x, y),
        },
        _ => false,
    }
}

/// Strict equality (`===`): objects and arrays by identity.
pub(crate) fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x, _), Value::Array(y, _)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => deep_equal(a, b),
    }
}

/// JSONata's truthiness (`$boolean`); `None` for undefined.
pub(crate) fn truthy(v: &Value) -> Option<bool> {
    Some(match v {
        Value::Undefined => return None,
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0 && !n.is_nan(),
        Value::String(s) => !s.is_empty(),
        Value::Array(items, _) => match items.len() {
            0 => false,
            1 => truthy(&items[0]).unwrap_or(false),
            _ => items.iter().any(|i| truthy(i).unwrap_or(false)),
        },
        Value::Object(m) => !m.is_empty(),
        // jsonata-js function values are objects (truthy), except regexes (JS functions)
        Value::Func(f) => !matches!(f.as_ref(), Func::Regex(_)),
    })
}

/// `JSON.stringify` with numbers rounded to 15 digits and functions as `""`,
/// optionally indented by 2 spaces — the text `$string` produces for objects and arrays.
pub(crate) fn stringify(v: &Value, pretty: bool) -> String {
    let mut out = String::new();
    write_json(v, pretty, 0, &mut out);
    out
}

fn write_json(v: &Value, pretty: bool, indent: usize, out: &mut String) {
    match v {
        Value::Undefined => out.push_str("null"),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.fract() == 0.0 {
                out.push_str(&format_number(*n))
            } else if n.is_finite() {
                out.push_str(&format_number(round15(*n)))
            } else {
                out.push_str("null")
            }
        }
        Value::String(s) => out.push_str(&json_quote(s)),
        Value::Func(_) => out.push_str("\"\""),
        Value::Array(items, _) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(pretty, indent + 1, out);
                if item.is_undefined() {
                    out.push_str("null");
                } else {
                    write_json(item, pretty, indent + 1, out);
                }
            }
            newline(pretty, indent, out);
            out.push(']');
        }
        Value::Object(map) => {
            let entries: Vec<_> = map.iter().filter(|(_, v)| !v.is_undefined()).collect();
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(pretty, indent + 1, out);
                out.push_str(&json_quote(k));
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(item, pretty, indent + 1, out);
            }
            newline(pretty, indent, out);
            out.push('}');
        }
    }
}

fn newline(pretty: bool, indent: usize, out: &mut String) {
    if pretty {
        out.push('\n');
        out.push_str(&"  ".repeat(indent));
    }
}

//! A scalar's value under YAML 1.2's core schema: plain `null`, `~` and nothing are null,
//! `true`/`false` (three spellings each) booleans, integers and floats numbers; anything quoted or
//! in a block (`|`, `>`) a string. Tags (`!!str`, `!!int`, …) say the type themselves.

use saphyr_parser::{Span, Tag};
use serde_json::{Number, Value};

use crate::{Options, YamlError, error_at, tags};

pub(crate) fn resolve(
    text: &str,
    plain: bool,
    tag: Option<&Tag>,
    options: Options,
    span: &Span,
) -> Result<Value, YamlError> {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() {
            return core(text, &tag.suffix, span);
        }
        if tag.handle == "!" && tag.suffix.is_empty() {
            // the non-specific tag: a string
            return Ok(Value::String(text.to_owned()));
        }
        return tags::apply(Value::String(text.to_owned()), Some(tag), options, span);
    }
    if !plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(implicit(text, span)?.unwrap_or_else(|| Value::String(text.to_owned())))
}

/// A plain scalar's value, `None` when it is a string.
fn implicit(text: &str, span: &Span) -> Result<Option<Value>, YamlError> {
    Ok(Some(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => {
            return Err(error_at(span, format!("{text} is a number JSON cannot hold")));
        }
        _ => match number(text) {
            Some(n) => Value::Number(n),
            None => return Ok(None),
        },
    }))
}

/// An integer (decimal, `0o` octal, `0x` hexadecimal) or a float, as YAML 1.2 writes them.
fn number(text: &str) -> Option<Number> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1i64, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(i) => Some(Number::from(i)),
            Err(_) => text
                .parse::<u64>()
                .ok()
                .map(Number::from)
                .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64)),
        };
    }
    let _ = sign;
    // [-+]? ( . [0-9]+ | [0-9]+ ( . [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let bytes = digits.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let s = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - s;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let s = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

/// A scalar with a core schema tag (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`).
fn core(text: &str, suffix: &str, span: &Span) -> Result<Value, YamlError> {
    let value = match suffix {
        "str" => Some(Value::String(text.to_owned())),
        "null" => matches!(text, "" | "~" | "null" | "Null" | "NULL").then_some(Value::Null),
        "bool" => match text {
            "true" | "True" | "TRUE" => Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => Some(Value::Bool(false)),
            _ => None,
        },
        "int" | "float" => number(text).map(Value::Number),
        _ => return Err(error_at(span, format!("the tag !!{suffix} is not one StepLab reads"))),
    };
    value.ok_or_else(|| error_at(span, format!("{text:?} is not a valid !!{suffix}")))
}

//! String functions.

use base64::Engine;

use super::{arg, string_of};
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

type Args<'a> = &'a [Value];

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

pub(crate) fn string(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let pretty = matches!(arg(args, 1), Value::Bool(true));
    Ok(Value::from_string(string_of(v, pretty)?))
}

/// `Array.prototype.slice` index normalisation.
fn slice_index(i: f64, len: usize) -> usize {
    let i = if i.is_nan() { 0.0 } else { i.trunc() };
    if i < 0.0 { (len as f64 + i).max(0.0) as usize } else { (i as usize).min(len) }
}

pub(crate) fn substring(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    // an undefined start behaves as NaN does in JavaScript's slice
    let mut start = arg(args, 1).as_number().unwrap_or(f64::NAN);
    if len as f64 + start < 0.0 {
        start = 0.0;
    }
    let from = slice_index(start, len);
    let to = match arg(args, 2) {
        Value::Number(l) => {
            if *l <= 0.0 {
                return Ok(Value::string(""));
            }
            let end = if start >= 0.0 { start + l } else { len as f64 + start + l };
            slice_index(end, len)
        }
        _ => len,
    };
    if from >= to {
        return Ok(Value::string(""));
    }
    Ok(Value::from_string(chars[from..to].iter().collect()))
}

pub(crate) fn substring_before(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    // an undefined separator is searched for as the text "undefined" (JavaScript indexOf)
    let chars = s(arg(args, 1)).unwrap_or("undefined");
    Ok(Value::string(match text.find(chars) {
        Some(i) => &text[..i],
        None => text,
    }))
}

pub(crate) fn substring_after(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    let chars = s(arg(args, 1)).unwrap_or("undefined");
    Ok(Value::string(match text.find(chars) {
        Some(i) => &text[i + chars.len()..],
        None => text,
    }))
}

pub(crate) fn lowercase(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(s(arg(args, 0)).map(|t| Value::from_string(t.to_lowercase())).unwrap_or(Value::Undefined))
}

pub(crate) fn uppercase(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(s(arg(args, 0)).map(|t| Value::from_string(t.to_uppercase())).unwrap_or(Value::Undefined))
}

pub(crate) fn length(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(s(arg(args, 0)).map(|t| Value::Number(t.chars().count() as f64)).unwrap_or(Value::Undefined))
}

pub(crate) fn trim(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    let out = out.strip_suffix(' ').unwrap_or(out);
    Ok(Value::string(out))
}

pub(crate) fn pad(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    let width = arg(args, 1).as_number().unwrap_or(0.0);
    let ch = match s(arg(args, 2)) {
        Some(c) if !c.is_empty() => c,
        _ => " ",
    };
    super::check_size(width.abs())?;
    let pad_len = width.abs().trunc() as i64 - text.chars().count() as i64;
    if pad_len <= 0 {
        return Ok(Value::string(text));
    }
    let padding: String = ch.chars().cycle().take(pad_len as usize).collect();
    Ok(Value::from_string(if width > 0.0 {
        format!("{text}{padding}")
    } else {
        format!("{padding}{text}")
    }))
}

pub(crate) fn join(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let sep = s(arg(args, 1)).unwrap_or("");
    let parts: Vec<String> =
        v.members().iter().map(|p| p.as_str().unwrap_or("").to_owned()).collect();
    Ok(Value::from_string(parts.join(sep)))
}

pub(crate) fn base64encode(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    // Buffer.from(str, 'binary'): each UTF-16 unit keeps its low byte
    let bytes: Vec<u8> = text.encode_utf16().map(|u| u as u8).collect();
    Ok(Value::from_string(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

pub(crate) fn base64decode(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let cleaned = cleaned.trim_end_matches('=');
    let bytes =
        base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned).unwrap_or_default();
    Ok(Value::from_string(bytes.into_iter().map(char::from).collect()))
}

fn percent_encode(text: &str, keep: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn percent_decode(text: &str, reserved: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            let b = u8::from_str_radix(hex, 16).ok()?;
            if b < 0x80 && reserved.contains(b as char) {
                out.extend_from_slice(&bytes[i..i + 3]);
            } else {
                out.push(b);
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn url_error(name: &str, v: &Value) -> Box<crate::error::Fault> {
    Fault::new("D3140").value(v.clone()).text(name)
}

pub(crate) fn encode_url_component(
    _: &mut Evaluator<'_>,
    args: Args<'_>,
    _: &Ctx<'_>,
) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    Ok(Value::from_string(percent_encode(text, "-_.!~*'()")))
}

pub(crate) fn encode_url(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    Ok(Value::from_string(percent_encode(text, "-_.!~*'();/?:@&=+$,#")))
}

pub(crate) fn decode_url_component(
    _: &mut Evaluator<'_>,
    args: Args<'_>,
    _: &Ctx<'_>,
) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    percent_decode(text, "")
        .map(Value::from_string)
        .ok_or_else(|| url_error("decodeUrlComponent", arg(args, 0)))
}

pub(crate) fn decode_url(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = s(arg(args, 0)) else { return Ok(Value::Undefined) };
    percent_decode(text, ";/?:@&=+$,#")
        .map(Value::from_string)
        .ok_or_else(|| url_error("decodeUrl", arg(args, 0)))
}

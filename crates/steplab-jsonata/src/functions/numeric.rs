//! Numeric functions.

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

type Args<'a> = &'a [Value];

fn num(v: &Value) -> Option<f64> {
    v.as_number()
}

pub(crate) fn number(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    Ok(match v {
        Value::Undefined => Value::Undefined,
        Value::Number(_) => v.clone(),
        Value::Bool(b) => Value::Number(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => match parse_number(s) {
            Some(n) => Value::Number(n),
            None => return Err(Fault::new("D3030").value(v.clone())),
        },
        _ => return Err(Fault::new("D3030").value(v.clone())),
    })
}

/// The strings `$number` accepts: JSON-like decimals and 0x/0o/0b integers.
fn parse_number(s: &str) -> Option<f64> {
    if let Some(n) = parse_radix(s) {
        return Some(n);
    }
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > st
    };
    if digits(&mut i) {
        if i < b.len() && b[i] == b'.' {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        if i == b.len() {
            let n: f64 = s.parse().ok()?;
            return n.is_finite().then_some(n);
        }
        return None;
    }
    None
}

/// jsonata-js tests `/^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/` (its
/// alternatives are not all anchored) and then converts with JavaScript's `Number`,
/// which gives NaN unless the whole text is such a literal.
fn parse_radix(s: &str) -> Option<f64> {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$").ok()
    });
    if !re.as_ref()?.is_match(s) {
        return None;
    }
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return Some(u64::from_str_radix(rest, radix).map(|n| n as f64).unwrap_or(f64::NAN));
        }
    }
    Some(f64::NAN)
}

fn map1(args: Args<'_>, f: impl Fn(f64) -> f64) -> Res<Value> {
    Ok(match num(arg(args, 0)) {
        Some(n) => Value::Number(f(n)),
        None => Value::Undefined,
    })
}

pub(crate) fn floor(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    map1(args, f64::floor)
}
pub(crate) fn ceil(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    map1(args, f64::ceil)
}
pub(crate) fn abs(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    map1(args, f64::abs)
}

pub(crate) fn sqrt(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    match num(arg(args, 0)) {
        Some(n) if n < 0.0 => Err(Fault::new("D3060").value(Value::Number(n))),
        Some(n) => Ok(Value::Number(n.sqrt())),
        None => Ok(Value::Undefined),
    }
}

pub(crate) fn power(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(base) = num(arg(args, 0)) else { return Ok(Value::Undefined) };
    let exp = num(arg(args, 1)).unwrap_or(f64::NAN);
    let r = base.powf(exp);
    if !r.is_finite() {
        return Err(Fault::new("D3061")
            .value(Value::Number(base))
            .text(crate::value::format_number(exp)));
    }
    Ok(Value::Number(r))
}

/// JavaScript's `Math.round` (halves towards +∞).
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// Round half to even, at `precision` decimal places, as jsonata-js's `$round`.
pub(crate) fn round_half_even(arg: f64, precision: i32) -> f64 {
    let shift = |v: f64, by: i32| -> f64 {
        let text = crate::value::format_number(v);
        let (m, e) = match text.split_once('e') {
            Some((m, e)) => (m.to_owned(), e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        format!("{m}e{}", e + by).parse().unwrap_or(v)
    };
    let value = if precision != 0 { shift(arg, precision) } else { arg };
    let mut result = js_round(value);
    let diff = result - value;
    if diff.abs() == 0.5 && (result % 2.0).abs() == 1.0 {
        result -= 1.0;
    }
    if precision != 0 {
        result = shift(result, -precision);
    }
    if result == 0.0 { 0.0 } else { result }
}

pub(crate) fn round(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(n) = num(arg(args, 0)) else { return Ok(Value::Undefined) };
    let precision = num(arg(args, 1)).unwrap_or(0.0) as i32;
    Ok(Value::Number(round_half_even(n, precision)))
}

pub(crate) fn random(ev: &mut Evaluator<'_>, _: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(Value::Number(ev.next_random()))
}

pub(crate) fn format_base(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(n) = num(arg(args, 0)) else { return Ok(Value::Undefined) };
    let n = round_half_even(n, 0);
    let radix = num(arg(args, 1)).unwrap_or(10.0);
    if !(2.0..=36.0).contains(&radix) {
        return Err(Fault::new("D3100").value(Value::Number(radix)));
    }
    let radix = radix as u32;
    let mut v = n.abs() as u128;
    let mut digits = Vec::new();
    if v == 0 {
        digits.push('0');
    }
    while v > 0 {
        digits.push(std::char::from_digit((v % u128::from(radix)) as u32, radix).unwrap_or('0'));
        v /= u128::from(radix);
    }
    if n < 0.0 {
        digits.push('-');
    }
    Ok(Value::from_string(digits.into_iter().rev().collect()))
}

//! `$formatNumber`: XPath F&O 3.1 decimal picture strings (§4.7), as jsonata-js.

use super::arg;
use super::numeric::round_half_even;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: String,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
}

struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
    subpicture: Vec<char>,
}

#[derive(Clone)]
struct Analysed {
    integer_grouping: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling: usize,
    prefix: String,
    fractional_grouping: Vec<usize>,
    min_fraction: usize,
    max_fraction: usize,
    min_exponent: usize,
    suffix: String,
    picture: Vec<char>,
}

fn first_char(v: Option<&Value>, default: char) -> char {
    v.and_then(Value::as_str).and_then(|s| s.chars().next()).unwrap_or(default)
}

fn index_of(hay: &[char], needle: char) -> Option<usize> {
    hay.iter().position(|c| *c == needle)
}

fn last_index_of(hay: &[char], needle: char) -> Option<usize> {
    hay.iter().rposition(|c| *c == needle)
}

pub(crate) fn format_number(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(value) = arg(args, 0).as_number() else { return Ok(Value::Undefined) };
    let picture: Vec<char> = arg(args, 1).as_str().unwrap_or("").chars().collect();
    let opts = match arg(args, 2) {
        Value::Object(m) => Some(m.clone()),
        _ => None,
    };
    let get = |k: &str| opts.as_ref().and_then(|m| m.get(k));
    let p = Props {
        decimal: first_char(get("decimal-separator"), '.'),
        grouping: first_char(get("grouping-separator"), ','),
        exponent: first_char(get("exponent-separator"), 'e'),
        minus: get("minus-sign").and_then(Value::as_str).unwrap_or("-").to_owned(),
        percent: first_char(get("percent"), '%'),
        per_mille: first_char(get("per-mille"), '\u{2030}'),
        zero: first_char(get("zero-digit"), '0'),
        digit: first_char(get("digit"), '#'),
        pattern: first_char(get("pattern-separator"), ';'),
    };
    let family: Vec<char> = (0..10).filter_map(|i| char::from_u32(p.zero as u32 + i)).collect();
    let mut active: Vec<char> = family.clone();
    active.extend([p.decimal, p.exponent, p.grouping, p.digit, p.pattern]);
    let is_digit = |c: &char| family.contains(c);

    let subs: Vec<Vec<char>> = picture.split(|c| *c == p.pattern).map(<[char]>::to_vec).collect();
    if subs.len() > 2 {
        return Err(Fault::new("D3080"));
    }
    let split = |sub: &Vec<char>| -> Parts {
        let is_active = |c: &char| active.contains(c) && *c != p.exponent;
        let prefix_len = sub.iter().position(is_active).unwrap_or(sub.len());
        let suffix_start = sub.iter().rposition(is_active).map(|i| i + 1).unwrap_or(sub.len());
        let prefix = sub[..prefix_len].to_vec();
        let suffix = sub[suffix_start.max(prefix_len)..].to_vec();
        let active_part = sub[prefix_len..sub.len() - suffix.len()].to_vec();
        let exp_pos =
            sub.iter().skip(prefix_len).position(|c| *c == p.exponent).map(|i| i + prefix_len);
        let (mantissa, exponent) = match exp_pos {
            Some(e) if e <= sub.len() - suffix.len() => {
                let rel = e - prefix_len;
                (
                    active_part[..rel.min(active_part.len())].to_vec(),
                    Some(active_part[(rel + 1).min(active_part.len())..].to_vec()),
                )
            }
            _ => (active_part.clone(), None),
        };
        let (integer, fractional) = match index_of(&mantissa, p.decimal) {
            None => (mantissa.clone(), suffix.clone()),
            Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
        };
        Parts {
            prefix,
            suffix,
            active: active_part,
            mantissa,
            exponent,
            integer,
            fractional,
            subpicture: sub.clone(),
        }
    };
    let parts: Vec<Parts> = subs.iter().map(split).collect();

    for parts in &parts {
        let sub = &parts.subpicture;
        let mut error = None;
        let dpos = index_of(sub, p.decimal);
        if dpos != last_index_of(sub, p.decimal) {
            error = Some("D3081");
        }
        if index_of(sub, p.percent) != last_index_of(sub, p.percent) {
            error = Some("D3082");
        }
        if index_of(sub, p.per_mille) != last_index_of(sub, p.per_mille) {
            error = Some("D3083");
        }
        if index_of(sub, p.percent).is_some() && index_of(sub, p.per_mille).is_some() {
            error = Some("D3084");
        }
        if !parts.mantissa.iter().any(|c| is_digit(c) || *c == p.digit) {
            error = Some("D3085");
        }
        if parts.active.iter().any(|c| !active.contains(c)) {
            error = Some("D3086");
        }
        match dpos {
            Some(d) => {
                if (d > 0 && sub[d - 1] == p.grouping) || sub.get(d + 1) == Some(&p.grouping) {
                    error = Some("D3087");
                }
            }
            None => {
                if parts.integer.last() == Some(&p.grouping) {
                    error = Some("D3088");
                }
            }
        }
        if sub.windows(2).any(|w| w[0] == p.grouping && w[1] == p.grouping) {
            error = Some("D3089");
        }
        if let Some(opt) = index_of(&parts.integer, p.digit)
            && parts.integer[..opt].iter().any(is_digit)
        {
            error = Some("D3090");
        }
        if let Some(opt) = last_index_of(&parts.fractional, p.digit)
            && parts.fractional[opt..].iter().any(is_digit)
        {
            error = Some("D3091");
        }
        if let Some(exp) = &parts.exponent {
            if !exp.is_empty()
                && (index_of(sub, p.percent).is_some() || index_of(sub, p.per_mille).is_some())
            {
                error = Some("D3092");
            }
            if exp.is_empty() || exp.iter().any(|c| !is_digit(c)) {
                error = Some("D3093");
            }
        }
        if !sub.iter().any(|c| active.contains(c)) {
            // no active character at all: the whole sub-picture is passive
            error = Some("D3086");
        }
        if let Some(code) = error {
            return Err(Fault::new(code));
        }
    }

    let analyse = |parts: &Parts| -> Analysed {
        let grouping_positions = |part: &[char], to_left: bool| -> Vec<usize> {
            let mut positions = Vec::new();
            let mut pos = index_of(part, p.grouping);
            while let Some(gp) = pos {
                let slice = if to_left { &part[..gp] } else { &part[gp..] };
                positions.push(slice.iter().filter(|c| is_digit(c) || **c == p.digit).count());
                pos = parts
                    .integer
                    .iter()
                    .skip(gp + 1)
                    .position(|c| *c == p.grouping)
                    .map(|i| i + gp + 1);
            }
            positions
        };
        let integer_grouping = grouping_positions(&parts.integer, false);
        let regular = |indexes: &[usize]| -> usize {
            if indexes.is_empty() {
                return 0;
            }
            fn gcd(a: usize, b: usize) -> usize {
                if b == 0 { a } else { gcd(b, a % b) }
            }
            let factor = indexes.iter().copied().reduce(gcd).unwrap_or(0);
            for i in 1..=indexes.len() {
                if !indexes.contains(&(i * factor)) {
                    return 0;
                }
            }
            factor
        };
        let regular_grouping = regular(&integer_grouping);
        let fractional_grouping = grouping_positions(&parts.fractional, true);
        let mut min_integer = parts.integer.iter().filter(|c| is_digit(c)).count();
        let scaling = min_integer;
        let mut min_fraction = parts.fractional.iter().filter(|c| is_digit(c)).count();
        let mut max_fraction =
            parts.fractional.iter().filter(|c| is_digit(c) || **c == p.digit).count();
        let exponent_present = parts.exponent.is_some();
        if min_integer == 0 && max_fraction == 0 {
            if exponent_present {
                min_fraction = 1;
                max_fraction = 1;
            } else {
                min_integer = 1;
            }
        }
        if exponent_present && min_integer == 0 && index_of(&parts.integer, p.digit).is_some() {
            min_integer = 1;
        }
        if min_integer == 0 && min_fraction == 0 {
            min_fraction = 1;
        }
        let min_exponent =
            parts.exponent.as_ref().map(|e| e.iter().filter(|c| is_digit(c)).count()).unwrap_or(0);
        Analysed {
            integer_grouping,
            regular_grouping,
            min_integer,
            scaling,
            prefix: parts.prefix.iter().collect(),
            fractional_grouping,
            min_fraction,
            max_fraction,
            min_exponent,
            suffix: parts.suffix.iter().collect(),
            picture: parts.subpicture.clone(),
        }
    };
    let mut variables: Vec<Analysed> = parts.iter().map(analyse).collect();
    if variables.len() == 1 {
        let mut neg = variables[0].clone();
        neg.prefix = format!("{}{}", p.minus, neg.prefix);
        variables.push(neg);
    }
    let pic = if value >= 0.0 { &variables[0] } else { &variables[1] };
    let adjusted = if pic.picture.contains(&p.percent) {
        value * 100.0
    } else if pic.picture.contains(&p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else if adjusted == 0.0 || !adjusted.is_finite() {
        (adjusted, Some(0))
    } else {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        let mut m = adjusted.abs();
        let mut e = 0i32;
        while m < min_m {
            m *= 10.0;
            e -= 1;
        }
        while m > max_m {
            m /= 10.0;
            e += 1;
        }
        (m.copysign(adjusted), Some(e))
    };
    let rounded = round_half_even(mantissa, pic.max_fraction as i32);
    let make_string = |v: f64, dp: usize| -> String {
        let s = format!("{:.*}", dp, v.abs());
        if p.zero != '0' {
            s.chars()
                .map(|c| if c.is_ascii_digit() { family[(c as u32 - 48) as usize] } else { c })
                .collect()
        } else {
            s
        }
    };
    let mut sv: Vec<char> = make_string(rounded, pic.max_fraction).chars().collect();
    match index_of(&sv, '.') {
        None => sv.push(p.decimal),
        Some(i) => sv[i] = p.decimal,
    }
    while sv.first() == Some(&p.zero) {
        sv.remove(0);
    }
    while sv.last() == Some(&p.zero) {
        sv.pop();
    }
    let mut dpos = index_of(&sv, p.decimal).unwrap_or(sv.len());
    let pad_left = pic.min_integer as i64 - dpos as i64;
    let pad_right = pic.min_fraction as i64 - (sv.len() as i64 - dpos as i64 - 1);
    if pad_left > 0 {
        for _ in 0..pad_left {
            sv.insert(0, p.zero);
        }
    }
    if pad_right > 0 {
        for _ in 0..pad_right {
            sv.push(p.zero);
        }
    }
    dpos = index_of(&sv, p.decimal).unwrap_or(sv.len());
    if let Some(count) = dpos.saturating_sub(1).checked_div(pic.regular_grouping) {
        for group in 1..=count {
            sv.insert(dpos - group * pic.regular_grouping, p.grouping);
        }
    } else {
        for pos in &pic.integer_grouping {
            if *pos <= dpos {
                sv.insert(dpos - pos, p.grouping);
                dpos += 1;
            }
        }
    }
    dpos = index_of(&sv, p.decimal).unwrap_or(sv.len());
    for pos in &pic.fractional_grouping {
        let at = (pos + dpos + 1).min(sv.len());
        sv.insert(at, p.grouping);
    }
    dpos = index_of(&sv, p.decimal).unwrap_or(sv.len());
    if !pic.picture.contains(&p.decimal) || dpos + 1 == sv.len() {
        sv.pop();
    }
    let mut out: String = sv.into_iter().collect();
    if let Some(e) = exponent {
        let mut se = make_string(f64::from(e), 0);
        let pad = pic.min_exponent as i64 - se.chars().count() as i64;
        if pad > 0 {
            se = p.zero.to_string().repeat(pad as usize) + &se;
        }
        out.push(p.exponent);
        if e < 0 {
            out.push_str(&p.minus);
        }
        out.push_str(&se);
    }
    Ok(Value::from_string(format!("{}{}{}", pic.prefix, out, pic.suffix)))
}

//! `$match`, `$contains`, `$replace` and `$split`, with regex or string patterns.

use super::arg;
use crate::ast::RegexLit;
use crate::error::{Fault, Res};
use crate::eval::{Call, Ctx, Evaluator};
use crate::value::{Func, Map, Value};

type Args<'a> = &'a [Value];

/// A match: byte range in the subject and the capture groups.
struct Found {
    start: usize,
    end: usize,
    groups: Vec<Option<String>>,
}

fn char_index(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

fn match_object(s: &str, f: &Found) -> Value {
    let mut m = Map::default();
    m.insert("match".into(), Value::string(&s[f.start..f.end]));
    m.insert("start".into(), Value::Number(char_index(s, f.start) as f64));
    m.insert("end".into(), Value::Number(char_index(s, f.end) as f64));
    m.insert(
        "groups".into(),
        Value::array(f.groups.iter().map(|g| Value::string(g.as_deref().unwrap_or(""))).collect()),
    );
    Value::object(m)
}

/// The first match from byte `from`, as the match object a regex function returns.
pub(crate) fn first_match(re: &regex::Regex, s: &str, from: usize) -> Value {
    match find(re, s, from) {
        Some(f) => match_object(s, &f),
        None => Value::Undefined,
    }
}

fn find(re: &regex::Regex, s: &str, from: usize) -> Option<Found> {
    let caps = re.captures_at(s, from)?;
    let whole = caps.get(0)?;
    let groups = caps.iter().skip(1).map(|g| g.map(|m| m.as_str().to_owned())).collect();
    Some(Found { start: whole.start(), end: whole.end(), groups })
}

/// All matches, as jsonata-js iterates a global regex (error D1004 on a repeated empty match).
fn find_all(lit: &RegexLit, s: &str, limit: Option<usize>) -> Res<Vec<Found>> {
    let re = &lit.regex;
    let mut out = Vec::new();
    let mut from = 0;
    let mut first = true;
    while limit.is_none_or(|l| out.len() < l) {
        if !first && from >= s.len() {
            break;
        }
        let Some(f) = find(re, s, from) else { break };
        if !first && f.start == f.end {
            return Err(Fault::new("D1004").value(Value::string(&lit.source)));
        }
        first = false;
        from = f.end;
        out.push(f);
    }
    Ok(out)
}

fn regex_of(v: &Value) -> Option<&RegexLit> {
    match v {
        Value::Func(f) => match f.as_ref() {
            Func::Regex(r) => Some(r),
            _ => None,
        },
        _ => None,
    }
}

/// Matches from a custom matcher function (one that returns a match object).
fn custom_matches(ev: &mut Evaluator<'_>, func: &Value, s: &str, ctx: &Ctx<'_>) -> Res<Vec<Found>> {
    let mut r =
        ev.apply(func, vec![Value::string(s)], &Value::Undefined, ctx.env, &Call::default())?;
    let mut out = Vec::new();
    let to_byte =
        |ci: f64| s.char_indices().nth(ci.max(0.0) as usize).map(|(b, _)| b).unwrap_or(s.len());
    loop {
        match &r {
            Value::Object(m) => {
                let start = m.get("start").and_then(Value::as_number);
                let end = m.get("end").and_then(Value::as_number);
                let next = m.get("next").cloned().unwrap_or(Value::Undefined);
                let groups = m.get("groups").cloned().unwrap_or(Value::Undefined);
                if start.is_none() && end.is_none() && !groups.is_array() && !next.is_function() {
                    return Err(Fault::new("T1010"));
                }
                let (start, end) = (start.unwrap_or(0.0), end.unwrap_or(0.0));
                let groups =
                    groups.members().iter().map(|g| g.as_str().map(str::to_owned)).collect();
                out.push(Found {
                    start: to_byte(start),
                    end: to_byte(end).max(to_byte(start)),
                    groups,
                });
                if !next.is_function() || out.len() > 1_000_000 {
                    break;
                }
                r = ev.apply(&next, vec![], &Value::Undefined, ctx.env, &Call::default())?;
            }
            Value::Undefined => break,
            _ => return Err(Fault::new("T1010")),
        }
    }
    Ok(out)
}

fn limit_of(v: &Value, code: &'static str) -> Res<Option<usize>> {
    match v {
        Value::Number(n) if *n < 0.0 => Err(Fault::new(code).value(v.clone())),
        Value::Number(n) => Ok(Some(*n as usize)),
        _ => Ok(None),
    }
}

pub(crate) fn match_(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Some(s) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let limit = limit_of(arg(args, 2), "D3040")?;
    let found = match regex_of(arg(args, 1)) {
        Some(re) => find_all(re, s, limit)?,
        None => custom_matches(ev, arg(args, 1), s, ctx)?,
    };
    let items = found
        .iter()
        .map(|f| {
            let mut m = Map::default();
            m.insert("match".into(), Value::string(&s[f.start..f.end]));
            m.insert("index".into(), Value::Number(char_index(s, f.start) as f64));
            m.insert(
                "groups".into(),
                Value::array(
                    f.groups.iter().map(|g| Value::string(g.as_deref().unwrap_or(""))).collect(),
                ),
            );
            Value::object(m)
        })
        .collect();
    Ok(Value::sequence(items))
}

pub(crate) fn contains(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Some(s) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let found = match arg(args, 1) {
        Value::Undefined => return Ok(Value::Undefined),
        Value::String(t) => s.contains(t.as_ref()),
        other => match regex_of(other) {
            Some(re) => re.regex.is_match(s),
            None => !custom_matches(ev, other, s, ctx)?.is_empty(),
        },
    };
    Ok(Value::Bool(found))
}

fn expand(replacement: &str, whole: &str, groups: &[Option<String>]) -> String {
    let mut out = String::new();
    let chars: Vec<char> = replacement.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        match chars.get(i) {
            Some('$') => {
                out.push('$');
                i += 1;
            }
            Some('0') => {
                out.push_str(whole);
                i += 1;
            }
            _ => {
                let max_digits = if groups.is_empty() {
                    1
                } else {
                    (groups.len() as f64).log10().floor() as usize + 1
                };
                let take = |n: usize| -> Option<usize> {
                    let d: String = chars[i..(i + n).min(chars.len())]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    d.parse().ok()
                };
                let mut index = take(max_digits);
                if max_digits > 1
                    && let Some(ix) = index
                    && ix > groups.len()
                {
                    index = take(max_digits - 1);
                }
                match index {
                    Some(ix) => {
                        if !groups.is_empty()
                            && ix >= 1
                            && let Some(Some(g)) = groups.get(ix - 1)
                        {
                            out.push_str(g);
                        }
                        i += ix.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

pub(crate) fn replace(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Some(s) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let pattern = arg(args, 1);
    let replacement = arg(args, 2);
    if pattern.as_str() == Some("") {
        return Err(Fault::new("D3010").value(pattern.clone()));
    }
    let limit = limit_of(arg(args, 3), "D3011")?;
    if limit == Some(0) {
        return Ok(Value::string(s));
    }
    let mut out = String::new();
    if let Value::String(p) = pattern {
        let rep = match replacement {
            Value::String(r) => r.to_string(),
            Value::Undefined => "undefined".to_owned(),
            other => super::string_of(other, false)?,
        };
        let mut pos = 0;
        let mut count = 0;
        while let Some(i) = s[pos..].find(p.as_ref()) {
            if limit.is_some_and(|l| count >= l) {
                break;
            }
            out.push_str(&s[pos..pos + i]);
            out.push_str(&rep);
            pos += i + p.len();
            count += 1;
        }
        out.push_str(&s[pos..]);
        return Ok(Value::from_string(out));
    }
    let found = match regex_of(pattern) {
        Some(re) => find_all(re, s, limit)?,
        None => custom_matches(ev, pattern, s, ctx)?,
    };
    if found.is_empty() {
        return Ok(Value::string(s));
    }
    let mut pos = 0;
    for f in &found {
        // a custom matcher may report positions out of order: never step backwards
        out.push_str(&s[pos..f.start.max(pos)]);
        let replaced = match replacement {
            Value::String(r) => expand(r, &s[f.start..f.end], &f.groups),
            func => match ev.apply(
                func,
                vec![match_object(s, f)],
                &Value::Undefined,
                ctx.env,
                &Call::default(),
            )? {
                Value::String(r) => r.to_string(),
                other => return Err(Fault::new("D3012").value(other)),
            },
        };
        out.push_str(&replaced);
        pos = f.end.max(pos);
    }
    out.push_str(&s[pos..]);
    Ok(Value::from_string(out))
}

pub(crate) fn split(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Some(s) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let limit = limit_of(arg(args, 2), "D3020")?;
    let mut parts: Vec<Value> = Vec::new();
    match arg(args, 1) {
        Value::String(sep) => {
            if sep.is_empty() {
                parts = s.chars().map(|c| Value::from_string(c.to_string())).collect();
            } else {
                parts = s.split(sep.as_ref()).map(Value::string).collect();
            }
            if let Some(l) = limit {
                parts.truncate(l);
            }
        }
        other => {
            if limit == Some(0) {
                return Ok(Value::array(parts));
            }
            let found = match regex_of(other) {
                Some(re) => find_all(re, s, limit)?,
                None => custom_matches(ev, other, s, ctx)?,
            };
            let mut start = 0;
            for f in &found {
                parts.push(Value::string(&s[start..f.start.max(start)]));
                start = f.end.max(start);
            }
            if limit.is_none_or(|l| found.len() < l) {
                parts.push(Value::string(&s[start..]));
            }
        }
    }
    Ok(Value::array(parts))
}

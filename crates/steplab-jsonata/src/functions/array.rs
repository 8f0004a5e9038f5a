//! Array functions.

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Call, Ctx, Evaluator, append as seq_append, merge_sort};
use crate::value::{Flags, Value, deep_equal};

type Args<'a> = &'a [Value];

pub(crate) fn append(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(seq_append(arg(args, 0).clone(), arg(args, 1).clone()))
}

pub(crate) fn reverse(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    match v {
        Value::Array(items, _) if items.len() > 1 => {
            Ok(Value::array(items.iter().rev().cloned().collect()))
        }
        other => Ok(other.clone()),
    }
}

pub(crate) fn shuffle(ev: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    let Value::Array(items, _) = v else { return Ok(v.clone()) };
    if items.len() <= 1 {
        return Ok(v.clone());
    }
    let mut out = items.as_ref().clone();
    // Fisher–Yates, as jsonata-js (drawing from the host-seeded generator)
    for i in (1..out.len()).rev() {
        let j = (ev.next_random() * (i + 1) as f64).floor() as usize;
        out.swap(i, j.min(i));
    }
    Ok(Value::array(out))
}

pub(crate) fn distinct(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    let Value::Array(items, f) = v else { return Ok(v.clone()) };
    if items.len() <= 1 {
        return Ok(v.clone());
    }
    let mut out: Vec<Value> = Vec::new();
    for item in items.iter() {
        if !out.iter().any(|o| deep_equal(o, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::array_with(out, Flags { sequence: f.sequence, ..Flags::default() }))
}

pub(crate) fn zip(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let arrays: Vec<Vec<Value>> =
        args.iter().map(|a| if a.is_array() { a.members() } else { Vec::new() }).collect();
    let len = arrays.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Value::array(
        (0..len).map(|i| Value::array(arrays.iter().map(|a| a[i].clone()).collect())).collect(),
    ))
}

pub(crate) fn sort(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    let Value::Array(items, _) = v else { return Ok(v.clone()) };
    if items.len() <= 1 {
        return Ok(v.clone());
    }
    let items = items.as_ref().clone();
    let func = arg(args, 1);
    let sorted = if func.is_undefined() {
        let all_num = items.iter().all(|i| matches!(i, Value::Number(_)));
        let all_str = items.iter().all(|i| matches!(i, Value::String(_)));
        if !all_num && !all_str {
            return Err(Fault::new("D3070").index(1));
        }
        merge_sort(items, &mut |a: &Value, b: &Value| {
            Ok(match (a, b) {
                (Value::Number(x), Value::Number(y)) => x > y,
                (Value::String(x), Value::String(y)) => {
                    super::cmp_utf16(x, y) == std::cmp::Ordering::Greater
                }
                _ => false,
            })
        })?
    } else {
        let env = ctx.env.clone();
        merge_sort(items, &mut |a: &Value, b: &Value| {
            let r = ev.apply(
                func,
                vec![a.clone(), b.clone()],
                &Value::Undefined,
                &env,
                &Call::default(),
            )?;
            Ok(js_truthy(&r))
        })?
    };
    Ok(Value::array(sorted))
}

/// JavaScript truthiness (how jsonata-js reads a comparator's result).
fn js_truthy(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0 && !n.is_nan(),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

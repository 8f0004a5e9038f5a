//! Object functions, and `$type`, `$error`, `$assert`, `$clone`, `$eval`.

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator, append, lookup_field};
use crate::value::{Flags, Map, Value};

type Args<'a> = &'a [Value];

fn keys_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(items, _) => items.iter().for_each(|i| keys_of(i, out)),
        Value::Object(m) => {
            for k in m.keys() {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn keys(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let mut out = Vec::new();
    keys_of(arg(args, 0), &mut out);
    Ok(Value::sequence(out.into_iter().map(Value::from_string).collect()))
}

pub(crate) fn lookup(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(lookup_field(arg(args, 0), arg(args, 1).as_str().unwrap_or("")))
}

fn spread_of(v: &Value) -> Value {
    match v {
        Value::Array(items, _) => {
            let mut result = Value::sequence(Vec::new());
            for i in items.iter() {
                result = append(result, spread_of(i));
            }
            result
        }
        Value::Object(m) => Value::sequence(
            m.iter()
                .map(|(k, x)| {
                    let mut o = Map::default();
                    o.insert(k.clone(), x.clone());
                    Value::object(o)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(crate) fn spread(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(spread_of(arg(args, 0)))
}

pub(crate) fn merge(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = Map::default();
    for item in v.members() {
        if let Value::Object(m) = item {
            for (k, x) in m.iter() {
                out.insert(k.clone(), x.clone());
            }
        }
    }
    Ok(Value::object(out))
}

pub(crate) fn error(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let msg = arg(args, 0).as_str().unwrap_or("$error() function evaluated").to_owned();
    Err(Fault::new("D3137").text(msg))
}

pub(crate) fn assert(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    if matches!(arg(args, 0), Value::Bool(true)) {
        return Ok(Value::Undefined);
    }
    let msg = arg(args, 1).as_str().unwrap_or("$assert() statement failed").to_owned();
    Err(Fault::new("D3141").text(msg))
}

pub(crate) fn type_of(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let v = arg(args, 0);
    Ok(if v.is_undefined() { Value::Undefined } else { Value::string(v.type_name()) })
}

/// A deep copy (fresh objects, so a transform can find its matches by identity).
pub(crate) fn deep_clone(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::object(m.iter().map(|(k, x)| (k.clone(), deep_clone(x))).collect())
        }
        Value::Array(items, f) => Value::array_with(items.iter().map(deep_clone).collect(), *f),
        other => other.clone(),
    }
}

pub(crate) fn clone(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(deep_clone(arg(args, 0)))
}

pub(crate) fn eval(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Some(src) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let input = match arg(args, 1) {
        Value::Undefined => ctx.input.clone(),
        Value::Array(_, f) if !f.sequence => Value::array_with(
            vec![arg(args, 1).clone()],
            Flags { sequence: true, outer_wrapper: true, ..Flags::default() },
        ),
        other => other.clone(),
    };
    let expr = crate::Expression::parse(src).map_err(|e| Fault::new("D3120").text(e.message))?;
    ev.eval(expr.root(), &input, ctx.env).map_err(|e| Fault::new("D3121").text(e.finish().message))
}

//! Higher-order functions: `$map`, `$filter`, `$single`, `$reduce`, `$sift`, `$each`.

use super::{arg, boolean::to_bool, call_hof};
use crate::error::{Fault, Res};
use crate::eval::{Call, Ctx, Evaluator};
use crate::value::{Map, Value};

type Args<'a> = &'a [Value];

pub(crate) fn map(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let arr = arg(args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let items = arr.members();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let r =
            call_hof(ev, arg(args, 1), [item.clone(), Value::Number(i as f64), arr.clone()], ctx)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

pub(crate) fn filter(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let arr = arg(args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = Vec::new();
    for (i, item) in arr.members().iter().enumerate() {
        let r =
            call_hof(ev, arg(args, 1), [item.clone(), Value::Number(i as f64), arr.clone()], ctx)?;
        if to_bool(&r)?.unwrap_or(false) {
            out.push(item.clone());
        }
    }
    Ok(Value::sequence(out))
}

pub(crate) fn single(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let arr = arg(args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut found: Option<Value> = None;
    for (i, item) in arr.members().iter().enumerate() {
        let ok = match arg(args, 1) {
            Value::Undefined => true,
            f => {
                let r = call_hof(ev, f, [item.clone(), Value::Number(i as f64), arr.clone()], ctx)?;
                to_bool(&r)?.unwrap_or(false)
            }
        };
        if ok {
            if found.is_some() {
                return Err(Fault::new("D3138"));
            }
            found = Some(item.clone());
        }
    }
    found.ok_or_else(|| Fault::new("D3139"))
}

pub(crate) fn reduce(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let arr = arg(args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let func = arg(args, 1);
    let arity = func.arity();
    if arity < 2 {
        return Err(Fault::new("D3050").index(1));
    }
    let items = arr.members();
    let init = arg(args, 2);
    let (mut acc, start) = if init.is_undefined() && !items.is_empty() {
        (items[0].clone(), 1)
    } else {
        (init.clone(), 0)
    };
    for (i, item) in items.iter().enumerate().skip(start) {
        let mut call_args = vec![acc, item.clone()];
        if arity >= 3 {
            call_args.push(Value::Number(i as f64));
        }
        if arity >= 4 {
            call_args.push(arr.clone());
        }
        acc = ev.apply(func, call_args, &Value::Undefined, ctx.env, &Call::default())?;
    }
    Ok(acc)
}

pub(crate) fn sift(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Value::Object(obj) = arg(args, 0) else { return Ok(Value::Undefined) };
    let mut out = Map::default();
    for (k, v) in obj.iter() {
        let r =
            call_hof(ev, arg(args, 1), [v.clone(), Value::string(k), arg(args, 0).clone()], ctx)?;
        if to_bool(&r)?.unwrap_or(false) {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(if out.is_empty() { Value::Undefined } else { Value::object(out) })
}

pub(crate) fn each(ev: &mut Evaluator<'_>, args: Args<'_>, ctx: &Ctx<'_>) -> Res<Value> {
    let Value::Object(obj) = arg(args, 0) else { return Ok(Value::Undefined) };
    let mut out = Vec::new();
    for (k, v) in obj.iter() {
        let r =
            call_hof(ev, arg(args, 1), [v.clone(), Value::string(k), arg(args, 0).clone()], ctx)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

//! Boolean functions.

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::{Value, truthy};

type Args<'a> = &'a [Value];

/// `fn.boolean`, with its D1001 check on infinite numbers.
pub(crate) fn to_bool(v: &Value) -> Res<Option<bool>> {
    fn check(v: &Value) -> Res<()> {
        match v {
            Value::Number(n) if n.is_infinite() => Err(Fault::new("D1001").value(v.clone())),
            Value::Array(items, _) => items.iter().try_for_each(check),
            _ => Ok(()),
        }
    }
    check(v)?;
    Ok(truthy(v))
}

/// The argument as `$boolean` sees it: jsonata-js passes a function argument as a
/// JavaScript function, which is false (a function inside an array stays truthy).
fn arg_bool(v: &Value) -> Res<Option<bool>> {
    if v.is_function() { Ok(Some(false)) } else { to_bool(v) }
}

pub(crate) fn boolean(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(arg_bool(arg(args, 0))?.map(Value::Bool).unwrap_or(Value::Undefined))
}

pub(crate) fn not(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(arg_bool(arg(args, 0))?.map(|b| Value::Bool(!b)).unwrap_or(Value::Undefined))
}

pub(crate) fn exists(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(Value::Bool(!arg(args, 0).is_undefined()))
}

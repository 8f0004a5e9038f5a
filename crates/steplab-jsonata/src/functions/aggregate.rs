//! Aggregation functions over arrays of numbers.

use super::arg;
use crate::error::Res;
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

type Args<'a> = &'a [Value];

fn numbers(v: &Value) -> Option<Vec<f64>> {
    if v.is_undefined() {
        return None;
    }
    Some(v.members().iter().filter_map(Value::as_number).collect())
}

pub(crate) fn sum(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(numbers(arg(args, 0)).map(|n| Value::Number(n.iter().sum())).unwrap_or(Value::Undefined))
}

pub(crate) fn count(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(Value::Number(arg(args, 0).members().len() as f64))
}

pub(crate) fn max(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(match numbers(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.into_iter().fold(f64::NEG_INFINITY, f64::max)),
        _ => Value::Undefined,
    })
}

pub(crate) fn min(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(match numbers(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.into_iter().fold(f64::INFINITY, f64::min)),
        _ => Value::Undefined,
    })
}

pub(crate) fn average(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    Ok(match numbers(arg(args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.iter().sum::<f64>() / n.len() as f64),
        _ => Value::Undefined,
    })
}

//! The binary operators on values: arithmetic, comparison, `&`, `in` and `..`.

use crate::ast::BinOp;
use crate::error::{Fault, Res};
use crate::value::{Value, deep_equal, strict_equal};

fn numeric(v: &Value) -> Res<bool> {
    match v {
        Value::Number(n) if n.is_nan() => Ok(false),
        Value::Number(n) if !n.is_finite() => Err(Fault::new("D1001").value(v.clone())),
        Value::Number(_) => Ok(true),
        _ => Ok(false),
    }
}

/// Applies a binary operator (not `and`/`or`, which short-circuit) to evaluated operands.
pub(crate) fn binary(op: BinOp, lhs: Value, rhs: Value) -> Res<Value> {
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
            if !lhs.is_undefined() && !numeric(&lhs)? {
                return Err(Fault::new("T2001").value(lhs));
            }
            if !rhs.is_undefined() && !numeric(&rhs)? {
                return Err(Fault::new("T2002").value(rhs));
            }
            let (Value::Number(a), Value::Number(b)) = (&lhs, &rhs) else {
                return Ok(Value::Undefined);
            };
            let r = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                _ => a % b,
            };
            Ok(Value::Number(r))
        }
        BinOp::Eq | BinOp::Ne => {
            if lhs.is_undefined() || rhs.is_undefined() {
                return Ok(Value::Bool(false));
            }
            let eq = deep_equal(&lhs, &rhs);
            Ok(Value::Bool(if op == BinOp::Eq { eq } else { !eq }))
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let comparable =
                |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
            if !comparable(&lhs) || !comparable(&rhs) {
                let bad =
                    if matches!(lhs, Value::String(_) | Value::Number(_)) { rhs } else { lhs };
                return Err(Fault::new("T2010").value(bad));
            }
            if lhs.is_undefined() || rhs.is_undefined() {
                return Ok(Value::Undefined);
            }
            let ord = match (&lhs, &rhs) {
                (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
                (Value::String(a), Value::String(b)) => Some(crate::functions::cmp_utf16(a, b)),
                _ => return Err(Fault::new("T2009").value(lhs).value2(rhs)),
            };
            use std::cmp::Ordering::*;
            let r = match (op, ord) {
                (_, None) => false,
                (BinOp::Lt, Some(o)) => o == Less,
                (BinOp::Le, Some(o)) => o != Greater,
                (BinOp::Gt, Some(o)) => o == Greater,
                (_, Some(o)) => o != Less,
            };
            Ok(Value::Bool(r))
        }
        BinOp::Concat => {
            let l = if lhs.is_undefined() {
                String::new()
            } else {
                crate::functions::string_of(&lhs, false)?
            };
            let r = if rhs.is_undefined() {
                String::new()
            } else {
                crate::functions::string_of(&rhs, false)?
            };
            Ok(Value::from_string(l + &r))
        }
        BinOp::In => {
            if lhs.is_undefined() || rhs.is_undefined() {
                return Ok(Value::Bool(false));
            }
            Ok(Value::Bool(rhs.members().iter().any(|v| strict_equal(v, &lhs))))
        }
        BinOp::Range => {
            let int =
                |v: &Value| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.is_finite());
            if !lhs.is_undefined() && !int(&lhs) {
                return Err(Fault::new("T2003").value(lhs));
            }
            if !rhs.is_undefined() && !int(&rhs) {
                return Err(Fault::new("T2004").value(rhs));
            }
            let (Value::Number(a), Value::Number(b)) = (lhs, rhs) else {
                return Ok(Value::Undefined);
            };
            if a > b {
                return Ok(Value::Undefined);
            }
            let size = b - a + 1.0;
            if size > 1e7 {
                return Err(Fault::new("D2014").value(Value::Number(size)));
            }
            let (a, b) = (a as i64, b as i64);
            Ok(Value::sequence((a..=b).map(|i| Value::Number(i as f64)).collect()))
        }
        BinOp::And | BinOp::Or => Ok(Value::Undefined),
    }
}

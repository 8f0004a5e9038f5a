//! Date/time functions: `$now`, `$millis`, `$fromMillis`, `$toMillis`.

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

/// ISO 8601 text (`toISOString`) of a millisecond timestamp.
pub(crate) fn iso(millis: i64) -> Option<String> {
    let dt = chrono::DateTime::from_timestamp_millis(millis)?;
    Some(dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

pub(crate) fn now(ev: &mut Evaluator<'_>, args: &[Value], ctx: &Ctx<'_>) -> Res<Value> {
    let millis = Value::Number(ev.env.now_millis as f64);
    let mut full = vec![millis];
    full.extend(args.iter().cloned());
    from_millis(ev, &full, ctx)
}

pub(crate) fn millis(ev: &mut Evaluator<'_>, _: &[Value], _: &Ctx<'_>) -> Res<Value> {
    Ok(Value::Number(ev.env.now_millis as f64))
}

pub(crate) fn from_millis(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(ms) = arg(args, 0).as_number() else { return Ok(Value::Undefined) };
    if arg(args, 1).is_undefined() && arg(args, 2).is_undefined() {
        return Ok(iso(ms as i64).map(Value::from_string).unwrap_or(Value::Undefined));
    }
    Err(Fault::new("D3137").text("date/time pictures are not implemented yet"))
}

pub(crate) fn to_millis(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(ts) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    if !arg(args, 1).is_undefined() {
        return Err(Fault::new("D3137").text("date/time pictures are not implemented yet"));
    }
    parse_iso(ts)
        .map(|m| Value::Number(m as f64))
        .ok_or_else(|| Fault::new("D3110").value(Value::string(ts)))
}

/// Parses the ISO 8601 forms jsonata-js accepts (date, date-time, offset or `Z`).
pub(crate) fn parse_iso(ts: &str) -> Option<i64> {
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(ts) {
        return Some(dt.timestamp_millis());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(dt) = chrono::DateTime::parse_from_str(ts, fmt) {
            return Some(dt.timestamp_millis());
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(ts, fmt) {
            return Some(dt.and_utc().timestamp_millis());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(ts, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    }
    let year_month = format!("{ts}-01");
    if let Ok(d) = chrono::NaiveDate::parse_from_str(&year_month, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    }
    None
}

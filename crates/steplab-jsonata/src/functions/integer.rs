//! `$formatInteger` and `$parseInteger`: XPath F&O 3.1 integer pictures.

use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

pub(crate) fn format_integer(_: &mut Evaluator<'_>, _args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    Err(Fault::new("D3137").text("$formatInteger is not implemented yet"))
}

pub(crate) fn parse_integer(_: &mut Evaluator<'_>, _args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    Err(Fault::new("D3137").text("$parseInteger is not implemented yet"))
}

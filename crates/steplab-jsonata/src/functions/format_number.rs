//! `$formatNumber`: XPath F&O 3.1 picture strings for decimals.

use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

pub(crate) fn format_number(_: &mut Evaluator<'_>, _args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    Err(Fault::new("D3137").text("$formatNumber is not implemented yet"))
}

//! The built-in functions and their registry (name, signature, arity).

pub(crate) mod aggregate;
pub(crate) mod array;
pub(crate) mod aws;
pub(crate) mod boolean;
pub(crate) mod datetime;
pub(crate) mod format_number;
pub(crate) mod hof;
pub(crate) mod integer;
pub(crate) mod numeric;
pub(crate) mod object;
pub(crate) mod regex;
pub(crate) mod string;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::signature::Signature;
use crate::value::{Value, format_number, round15, stringify};

pub(crate) type Impl = fn(&mut Evaluator<'_>, &[Value], &Ctx<'_>) -> Res<Value>;

/// A built-in function.
pub(crate) struct Builtin {
    pub(crate) name: &'static str,
    pub(crate) sig: &'static str,
    /// The number of parameters jsonata-js's implementation declares (used by
    /// higher-order functions to decide how many arguments to pass).
    pub(crate) arity: usize,
    pub(crate) func: Impl,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${}", self.name)
    }
}

impl Builtin {
    pub(crate) fn signature(&self) -> &'static Signature {
        static CACHE: OnceLock<HashMap<&'static str, Signature>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| {
            STANDARD
                .iter()
                .chain(aws::FUNCTIONS.iter())
                .filter_map(|b| Signature::parse(b.sig).ok().map(|s| (b.name, s)))
                .collect()
        });
        match cache.get(self.name) {
            Some(s) => s,
            None => {
                static ANY: OnceLock<Signature> = OnceLock::new();
                ANY.get_or_init(|| {
                    Signature::parse("<x?x?x?x?>").unwrap_or_else(|_| unreachable_sig())
                })
            }
        }
    }
}

fn unreachable_sig() -> Signature {
    // "<>" always parses
    Signature::parse("<>").unwrap_or_else(|_| unreachable_sig())
}

macro_rules! b {
    ($name:literal, $sig:literal, $arity:literal, $f:path) => {
        Builtin { name: $name, sig: $sig, arity: $arity, func: $f }
    };
}

pub(crate) static STANDARD: &[Builtin] = &[
    b!("sum", "<a<n>:n>", 1, aggregate::sum),
    b!("count", "<a:n>", 1, aggregate::count),
    b!("max", "<a<n>:n>", 1, aggregate::max),
    b!("min", "<a<n>:n>", 1, aggregate::min),
    b!("average", "<a<n>:n>", 1, aggregate::average),
    b!("string", "<x-b?:s>", 1, string::string),
    b!("substring", "<s-nn?:s>", 3, string::substring),
    b!("substringBefore", "<s-s:s>", 2, string::substring_before),
    b!("substringAfter", "<s-s:s>", 2, string::substring_after),
    b!("lowercase", "<s-:s>", 1, string::lowercase),
    b!("uppercase", "<s-:s>", 1, string::uppercase),
    b!("length", "<s-:n>", 1, string::length),
    b!("trim", "<s-:s>", 1, string::trim),
    b!("pad", "<s-ns?:s>", 3, string::pad),
    b!("match", "<s-f<s:o>n?:a<o>>", 3, regex::match_),
    b!("contains", "<s-(sf):b>", 2, regex::contains),
    b!("replace", "<s-(sf)(sf)n?:s>", 4, regex::replace),
    b!("split", "<s-(sf)n?:a<s>>", 3, regex::split),
    b!("join", "<a<s>s?:s>", 2, string::join),
    b!("formatNumber", "<n-so?:s>", 3, format_number::format_number),
    b!("formatBase", "<n-n?:s>", 2, numeric::format_base),
    b!("formatInteger", "<n-s:s>", 2, integer::format_integer),
    b!("parseInteger", "<s-s:n>", 2, integer::parse_integer),
    b!("number", "<(nsb)-:n>", 1, numeric::number),
    b!("floor", "<n-:n>", 1, numeric::floor),
    b!("ceil", "<n-:n>", 1, numeric::ceil),
    b!("round", "<n-n?:n>", 2, numeric::round),
    b!("abs", "<n-:n>", 1, numeric::abs),
    b!("sqrt", "<n-:n>", 1, numeric::sqrt),
    b!("power", "<n-n:n>", 2, numeric::power),
    b!("random", "<:n>", 0, numeric::random),
    b!("boolean", "<x-:b>", 1, boolean::boolean),
    b!("not", "<x-:b>", 1, boolean::not),
    b!("map", "<af>", 2, hof::map),
    b!("zip", "<a+>", 0, array::zip),
    b!("filter", "<af>", 2, hof::filter),
    b!("single", "<af?>", 2, hof::single),
    b!("reduce", "<afj?:j>", 3, hof::reduce),
    b!("sift", "<o-f?:o>", 2, hof::sift),
    b!("keys", "<x-:a<s>>", 1, object::keys),
    b!("lookup", "<x-s:x>", 2, object::lookup),
    b!("append", "<xx:a>", 2, array::append),
    b!("exists", "<x:b>", 1, boolean::exists),
    b!("spread", "<x-:a<o>>", 1, object::spread),
    b!("merge", "<a<o>:o>", 1, object::merge),
    b!("reverse", "<a:a>", 1, array::reverse),
    b!("each", "<o-f:a>", 2, hof::each),
    b!("error", "<s?:x>", 1, object::error),
    b!("assert", "<bs?:x>", 2, object::assert),
    b!("type", "<x:s>", 1, object::type_of),
    b!("sort", "<af?:a>", 2, array::sort),
    b!("shuffle", "<a:a>", 1, array::shuffle),
    b!("distinct", "<x:x>", 1, array::distinct),
    b!("base64encode", "<s-:s>", 1, string::base64encode),
    b!("base64decode", "<s-:s>", 1, string::base64decode),
    b!("encodeUrlComponent", "<s-:s>", 1, string::encode_url_component),
    b!("encodeUrl", "<s-:s>", 1, string::encode_url),
    b!("decodeUrlComponent", "<s-:s>", 1, string::decode_url_component),
    b!("decodeUrl", "<s-:s>", 1, string::decode_url),
    b!("eval", "<sx?:x>", 2, object::eval),
    b!("toMillis", "<s-s?:n>", 2, datetime::to_millis),
    b!("fromMillis", "<n-s?s?:s>", 3, datetime::from_millis),
    b!("clone", "<(oa)-:o>", 1, object::clone),
    b!("now", "<s?s?:s>", 2, datetime::now),
    b!("millis", "<:n>", 0, datetime::millis),
];

/// Finds a built-in by name; the AWS dialect adds its functions and removes `$eval`.
pub(crate) fn lookup(name: &str, aws_dialect: bool) -> Option<&'static Builtin> {
    if aws_dialect {
        if name == "eval" {
            return None;
        }
        if let Some(b) = aws::FUNCTIONS.iter().find(|b| b.name == name) {
            return Some(b);
        }
    }
    static INDEX: OnceLock<HashMap<&'static str, &'static Builtin>> = OnceLock::new();
    INDEX.get_or_init(|| STANDARD.iter().map(|b| (b.name, b)).collect()).get(name).copied()
}

/// The built-in functions of the dialect, by name (without `$`), with their signatures
/// (jsonata-js's notation, e.g. `<a<n>:n>`): for completion and help.
pub fn builtins(aws_dialect: bool) -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&'static str, &'static str)> = STANDARD
        .iter()
        .filter(|b| !(aws_dialect && b.name == "eval"))
        .map(|b| (b.name, b.sig))
        .collect();
    if aws_dialect {
        all.extend(aws::FUNCTIONS.iter().map(|b| (b.name, b.sig)));
    }
    all.sort_unstable();
    all.dedup_by_key(|b| b.0);
    all
}

/// Largest string or array a built-in may be asked to build from a size argument.
pub(crate) const MAX_BUILD: usize = 10_000_000;

/// Error U1001 when a requested size is beyond what an evaluation may build.
pub(crate) fn check_size(n: f64) -> Res<()> {
    if n.is_finite() && n <= MAX_BUILD as f64 {
        return Ok(());
    }
    Err(Fault::new("U1001").text(format!(
        "Out of memory: the result would hold {} items, more than the limit of {MAX_BUILD}",
        crate::value::format_number(n)
    )))
}

/// The argument at `i` (undefined when absent).
pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    const UNDEFINED: &Value = &Value::Undefined;
    args.get(i).unwrap_or(UNDEFINED)
}

/// `fn.string` of jsonata-js (without the undefined case).
pub(crate) fn string_of(v: &Value, pretty: bool) -> Res<String> {
    Ok(match v {
        Value::String(s) => s.to_string(),
        Value::Func(_) => String::new(),
        Value::Number(n) if !n.is_finite() => return Err(Fault::new("D3001").value(v.clone())),
        Value::Number(n) if n.fract() == 0.0 => format_number(*n),
        Value::Number(n) => format_number(round15(*n)),
        Value::Array(items, f) if f.outer_wrapper && !items.is_empty() => {
            check_finite(&items[0])?;
            stringify(&items[0], pretty)
        }
        other => {
            check_finite(other)?;
            stringify(other, pretty)
        }
    })
}

/// Error D1001 when a value holds a number JSON cannot represent.
fn check_finite(v: &Value) -> Res<()> {
    match v {
        Value::Number(n) if !n.is_finite() => Err(Fault::new("D1001").value(v.clone())),
        Value::Array(items, _) => items.iter().try_for_each(check_finite),
        Value::Object(m) => m.values().try_for_each(check_finite),
        _ => Ok(()),
    }
}

/// Compares strings by UTF-16 code units, as JavaScript's `<` does.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Calls a function argument with as many of `(value, index, array)` as it takes.
pub(crate) fn call_hof(
    ev: &mut Evaluator<'_>,
    func: &Value,
    args3: [Value; 3],
    ctx: &Ctx<'_>,
) -> Res<Value> {
    let arity = func.arity();
    let [a, b, c] = args3;
    let mut args = vec![a];
    if arity >= 2 {
        args.push(b);
    }
    if arity >= 3 {
        args.push(c);
    }
    ev.apply(func, args, &Value::Undefined, ctx.env, &crate::eval::Call::default())
}

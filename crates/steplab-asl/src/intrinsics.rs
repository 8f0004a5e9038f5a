//! The 18 intrinsic functions of JSONPath states (`States.Format`, `States.Array`, …): parsing of
//! the call syntax and evaluation with AWS's argument checks (`States.IntrinsicFailure`).

use base64::Engine as _;
use serde_json::{Map, Number, Value};

use crate::errors::StatesError;
use crate::rng::{JavaRandom, Rng};

const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";

/// An argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `'text'`: the unescaped text and the raw text between the quotes (for `States.Format`).
    Str(String, String),
    /// A number literal.
    Num(Number),
    /// `true` / `false`
    Bool(bool),
    /// `null`
    Null,
    /// `$.path`, `$$.path` or `$variable`
    Path(String),
    /// A nested call.
    Call(Call),
}

/// A parsed call `States.Name(args…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The function name, e.g. `States.Format`.
    pub name: String,
    /// Its arguments.
    pub args: Vec<Arg>,
}

/// The intrinsic functions, by name.
pub const NAMES: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
];

/// Parses an intrinsic call.
pub fn parse(src: &str) -> Result<Call, String> {
    let mut p = P { s: src, i: 0, depth: 0 };
    let c = p.call()?;
    p.ws();
    if p.i != src.len() {
        return Err(format!("unexpected text after the closing parenthesis at position {}", p.i));
    }
    Ok(c)
}

struct P<'a> {
    s: &'a str,
    i: usize,
    depth: usize,
}

impl P<'_> {
    fn rest(&self) -> &str {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn ws(&mut self) {
        while self.rest().starts_with(' ') {
            self.i += 1;
        }
    }

    fn call(&mut self) -> Result<Call, String> {
        self.depth += 1;
        if self.depth > 10 {
            return Err("intrinsic functions can be nested at most 10 deep".into());
        }
        let start = self.i;
        while self.rest().starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.') {
            self.i += 1;
        }
        let name = self.s.get(start..self.i).unwrap_or_default().to_owned();
        if !NAMES.contains(&name.as_str()) {
            return Err(format!("unknown intrinsic function '{name}'"));
        }
        if !self.rest().starts_with('(') {
            return Err(format!("expected '(' after '{name}'"));
        }
        self.i += 1;
        let mut args = Vec::new();
        self.ws();
        if self.rest().starts_with(')') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Call { name, args });
        }
        loop {
            self.ws();
            args.push(self.arg()?);
            self.ws();
            if self.rest().starts_with(',') {
                self.i += 1;
            } else if self.rest().starts_with(')') {
                self.i += 1;
                self.depth -= 1;
                return Ok(Call { name, args });
            } else {
                return Err(format!("expected ',' or ')' at position {}", self.i));
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, String> {
        let r = self.rest();
        if r.starts_with('\'') {
            self.i += 1;
            let mut val = String::new();
            let start = self.i;
            loop {
                let Some(c) = self.rest().chars().next() else {
                    return Err("unterminated string literal".into());
                };
                self.i += c.len_utf8();
                match c {
                    '\'' => {
                        let raw = self.s.get(start..self.i - 1).unwrap_or_default().to_owned();
                        return Ok(Arg::Str(val, raw));
                    }
                    '\\' => {
                        let Some(n) = self.rest().chars().next() else {
                            return Err("unterminated string literal".into());
                        };
                        // AWS documents four escapes in intrinsic strings: \' \{ \} \\; any
                        // other (e.g. \" as in LocalStack's recorded
                        // escape_sequences_illegal_intrinsic_function template) is refused at
                        // creation (verify: AWS's refusal of \n and \t is not recorded)
                        if !matches!(n, '\'' | '{' | '}' | '\\') {
                            return Err(format!(
                                "illegal escape sequence '\\{n}' in a string literal"
                            ));
                        }
                        self.i += n.len_utf8();
                        val.push(n);
                    }
                    _ => val.push(c),
                }
            }
        }
        if r.starts_with("States.") {
            return Ok(Arg::Call(self.call()?));
        }
        if r.starts_with('$') {
            let start = self.i;
            let mut bracket = 0usize;
            let mut quote: Option<char> = None;
            while let Some(c) = self.rest().chars().next() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '\'' | '"') => quote = Some(c),
                    (None, '[' | '(') => bracket += 1,
                    (None, ']') => bracket = bracket.saturating_sub(1),
                    (None, ')') if bracket == 0 => break,
                    (None, ')') => bracket -= 1,
                    (None, ',') if bracket == 0 => break,
                    _ => {}
                }
                self.i += c.len_utf8();
            }
            return Ok(Arg::Path(
                self.s.get(start..self.i).unwrap_or_default().trim_end().to_owned(),
            ));
        }
        let start = self.i;
        while self
            .rest()
            .starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
        {
            self.i += 1;
        }
        let t = self.s.get(start..self.i).unwrap_or_default();
        match t {
            "true" => Ok(Arg::Bool(true)),
            "false" => Ok(Arg::Bool(false)),
            "null" => Ok(Arg::Null),
            _ => match serde_json::from_str::<Number>(t) {
                Ok(n) => Ok(Arg::Num(n)),
                Err(_) => Err(format!("invalid argument at position {start}")),
            },
        }
    }
}

/// What an intrinsic needs from the running state: path lookups and randomness.
pub trait Host {
    /// Resolves `$.…`, `$$.…` or `$variable`.
    fn path(&mut self, path: &str) -> Result<Value, StatesError>;
    /// The execution's random source.
    fn rng(&mut self) -> &mut Rng;
    /// The length of the array at `path` (`None` when it is not an array), without copying it.
    fn array_len(&mut self, path: &str) -> Result<Option<usize>, StatesError> {
        Ok(self.path(path)?.as_array().map(Vec::len))
    }
}

fn fail(cause: String) -> StatesError {
    StatesError::new(INTRINSIC_FAILURE, cause)
}

/// Evaluates a call.
pub fn eval(call: &Call, host: &mut dyn Host) -> Result<Value, StatesError> {
    // `States.ArrayLength($.big)` needs the length only
    if call.name == "States.ArrayLength"
        && let [Arg::Path(p)] = call.args.as_slice()
        && let Some(n) = host.array_len(p)?
    {
        return Ok(Value::from(n));
    }
    let mut vals = Vec::with_capacity(call.args.len());
    // `States.Format` reads its literal template from the call itself (the raw text)
    let format_literal = call.name == "States.Format";
    for (i, a) in call.args.iter().enumerate() {
        vals.push(match a {
            Arg::Str(..) if i == 0 && format_literal => Value::Null,
            Arg::Str(s, _) => Value::String(s.clone()),
            Arg::Num(n) => Value::Number(n.clone()),
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Null => Value::Null,
            Arg::Path(p) => host.path(p)?,
            Arg::Call(c) => eval(c, host)?,
        });
    }
    let name = call.name.as_str();
    let n = vals.len();
    let argc = |want: &[usize]| -> Result<(), StatesError> {
        if want.contains(&n) {
            Ok(())
        } else {
            let w = want.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or ");
            Err(fail(format!("Invalid number of arguments in {name}: expected {w} but got {n}")))
        }
    };
    let s_arg = |i: usize| -> Result<&str, StatesError> {
        vals.get(i).and_then(Value::as_str).ok_or_else(|| {
            fail(format!("Invalid argument type in {name}: argument {} must be a string", i + 1))
        })
    };
    let a_arg = |i: usize| -> Result<&Vec<Value>, StatesError> {
        vals.get(i).and_then(Value::as_array).ok_or_else(|| {
            fail(format!("Invalid argument type in {name}: argument {} must be an array", i + 1))
        })
    };
    let i_arg = |i: usize| -> Result<i64, StatesError> {
        let v = vals.get(i);
        v.and_then(|v| {
            v.as_i64().or_else(|| {
                v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64)
            })
        })
        .ok_or_else(|| {
            fail(format!("Invalid argument type in {name}: argument {} must be an integer", i + 1))
        })
    };
    // a number rounded as AWS (a Java service) rounds: `Math.round`, half up towards positive
    // infinity (LocalStack's test_math_add snapshot recorded against AWS: 1.5 + 1.51 = 4,
    // -1.5 + 0 = -1, -2.5 + 0 = -2)
    let rounded_arg = |i: usize| -> Result<i64, StatesError> {
        let v = vals.get(i);
        v.and_then(|v| {
            v.as_i64().or_else(|| {
                v.as_f64().filter(|f| f.abs() < 9.0e15).map(|f| (f + 0.5).floor() as i64)
            })
        })
        .ok_or_else(|| {
            // (verify) AWS's cause for a non-number argument is not recorded
            fail(format!("Invalid argument type in {name}: argument {} must be a number", i + 1))
        })
    };
    match name {
        "States.Format" => {
            if n == 0 {
                return Err(fail(format!(
                    "Invalid number of arguments in {name}: expected at least 1 but got 0"
                )));
            }
            let raw = match call.args.first() {
                Some(Arg::Str(_, raw)) => raw.as_str(),
                _ => s_arg(0)?,
            };
            format(raw, vals.get(1..).unwrap_or_default()).map(Value::String)
        }
        "States.StringToJson" => {
            argc(&[1])?;
            let text = s_arg(0)?;
            // an empty or blank string parses to null (LocalStack's test_string_to_json snapshot
            // recorded against AWS: "" and " " give null, "-0" gives 0)
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            // (verify) AWS's cause for text that is not JSON is not recorded
            serde_json::from_str::<Value>(text)
                .map(|v| if v.as_f64() == Some(0.0) { Value::from(0) } else { v })
                .map_err(|e| fail(format!("Invalid JSON string in {name}: {e}")))
        }
        "States.JsonToString" => {
            argc(&[1])?;
            Ok(Value::String(vals.first().map(Value::to_string).unwrap_or_default()))
        }
        "States.Array" => Ok(Value::Array(vals)),
        "States.ArrayPartition" => {
            argc(&[2])?;
            let a = a_arg(0)?;
            let size = i_arg(1)?;
            if size <= 0 {
                return Err(fail(format!(
                    "Invalid argument in {name}: the chunk size must be greater than 0"
                )));
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            Ok(Value::Array(a.chunks(size).map(|c| Value::Array(c.to_vec())).collect()))
        }
        "States.ArrayContains" => {
            argc(&[2])?;
            let a = a_arg(0)?;
            Ok(Value::Bool(vals.get(1).is_some_and(|x| a.iter().any(|y| json_eq(x, y)))))
        }
        "States.ArrayRange" => {
            argc(&[3])?;
            let (s, e, st) = (i_arg(0)?, i_arg(1)?, i_arg(2)?);
            if st == 0 {
                return Err(fail(format!("Invalid argument in {name}: the step must not be 0")));
            }
            let mut out = Vec::new();
            let mut i = s;
            while (st > 0 && i <= e) || (st < 0 && i >= e) {
                out.push(Value::from(i));
                if out.len() > 1000 {
                    return Err(fail(format!(
                        "Invalid arguments in {name}: the array cannot contain more than 1000 items"
                    )));
                }
                i += st;
            }
            Ok(Value::Array(out))
        }
        "States.ArrayGetItem" => {
            argc(&[2])?;
            let a = a_arg(0)?;
            let i = i_arg(1)?;
            usize::try_from(i).ok().and_then(|i| a.get(i).cloned()).ok_or_else(|| {
                fail(format!("Invalid argument in {name}: index {i} is out of bounds"))
            })
        }
        "States.ArrayLength" => {
            argc(&[1])?;
            Ok(Value::from(a_arg(0)?.len()))
        }
        "States.ArrayUnique" => {
            argc(&[1])?;
            let mut out: Vec<Value> = Vec::new();
            for x in a_arg(0)? {
                if !out.iter().any(|y| json_eq(x, y)) {
                    out.push(x.clone());
                }
            }
            Ok(Value::Array(out))
        }
        "States.Base64Encode" => {
            argc(&[1])?;
            let s = s_arg(0)?;
            if s.chars().count() > 10_000 {
                return Err(fail(format!(
                    "Invalid argument in {name}: the input cannot be longer than 10000 characters"
                )));
            }
            Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(s.as_bytes())))
        }
        "States.Base64Decode" => {
            argc(&[1])?;
            let s = s_arg(0)?;
            if s.chars().count() > 10_000 {
                return Err(fail(format!(
                    "Invalid argument in {name}: the input cannot be longer than 10000 characters"
                )));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map_err(|e| fail(format!("Invalid base64 string in {name}: {e}")))?;
            Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        }
        "States.Hash" => {
            argc(&[2])?;
            let data = match vals.first() {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => {
                    return Err(fail(format!(
                        "Invalid argument in {name}: the data to hash must not be null"
                    )));
                }
                Some(v) => v.to_string(),
            };
            if data.chars().count() > 10_000 {
                return Err(fail(format!(
                    "Invalid argument in {name}: the input cannot be longer than 10000 characters"
                )));
            }
            let algo = s_arg(1)?;
            hash(data.as_bytes(), algo).map(Value::String).ok_or_else(|| {
                fail(format!("Invalid argument in {name}: the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 but was '{algo}'"))
            })
        }
        "States.JsonMerge" => {
            argc(&[3])?;
            let (Some(Value::Object(a)), Some(Value::Object(b))) = (vals.first(), vals.get(1))
            else {
                return Err(fail(format!(
                    "Invalid argument type in {name}: the first two arguments must be JSON objects"
                )));
            };
            if vals.get(2) != Some(&Value::Bool(false)) {
                return Err(fail(format!(
                    "Invalid argument in {name}: deep merging is not supported, the third argument must be false"
                )));
            }
            let mut m: Map<String, Value> = a.clone();
            for (k, v) in b {
                m.insert(k.clone(), v.clone());
            }
            Ok(Value::Object(m))
        }
        "States.MathRandom" => {
            argc(&[2, 3])?;
            // AWS docs: a non-integer start or end is rounded to the nearest integer (the rounding
            // rule as MathAdd's, verify); LocalStack's test_math_random recorded (12.5, 44.51)
            // succeeding against AWS
            let (lo, hi) = (rounded_arg(0)?, rounded_arg(1)?);
            if hi <= lo {
                return Err(fail(format!(
                    "Invalid arguments in {name}: the end must be greater than the start"
                )));
            }
            let span = hi - lo;
            let r = if n == 3 {
                // (verify) a non-integer seed rounded as start and end are
                let seed = rounded_arg(2)?;
                i64::from(JavaRandom::new(seed).next_int(i32::try_from(span).unwrap_or(i32::MAX)))
            } else {
                let x = host.rng().next_u64() % u64::try_from(span).unwrap_or(1).max(1);
                i64::try_from(x).unwrap_or(0)
            };
            Ok(Value::from(lo + r))
        }
        "States.MathAdd" => {
            argc(&[2])?;
            let (a, b) = (rounded_arg(0)?, rounded_arg(1)?);
            let lim = 2_147_483_647;
            if !(-lim - 1..=lim).contains(&a) || !(-lim - 1..=lim).contains(&b) {
                return Err(fail(format!(
                    "Invalid arguments in {name}: the arguments must be integers in the 32-bit range"
                )));
            }
            Ok(Value::from(a + b))
        }
        "States.StringSplit" => {
            argc(&[2])?;
            let s = s_arg(0)?;
            let d = s_arg(1)?;
            let parts: Vec<Value> = if d.is_empty() {
                vec![Value::String(s.to_owned())]
            } else {
                s.split(|c: char| d.contains(c))
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_owned()))
                    .collect()
            };
            Ok(Value::Array(parts))
        }
        "States.UUID" => {
            argc(&[0])?;
            Ok(Value::String(host.rng().uuid_v4()))
        }
        _ => Err(fail(format!("Unknown intrinsic function {name}"))),
    }
}

fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn format(raw: &str, args: &[Value]) -> Result<String, StatesError> {
    let mut out = String::with_capacity(raw.len() + 16 * args.len());
    let mut it = raw.chars().peekable();
    let mut next_arg = args.iter();
    let mut used = 0;
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                if let Some(n) = it.next() {
                    out.push(n);
                }
            }
            '{' if it.peek() == Some(&'}') => {
                it.next();
                let Some(a) = next_arg.next() else {
                    return Err(fail("Invalid arguments in States.Format: the number of arguments does not match the number of placeholders".into()));
                };
                used += 1;
                java_string(a, &mut out);
            }
            _ => out.push(c),
        }
    }
    if used != args.len() {
        return Err(fail("Invalid arguments in States.Format: the number of arguments does not match the number of placeholders".into()));
    }
    Ok(out)
}

/// A value as `States.Format` writes it: AWS renders arguments as Java's `toString` does, a string
/// bare, an object `{k=v, k2=v2}` and an array `[a, b]` (LocalStack's test_format_2 and
/// test_context_json_path snapshots recorded against AWS: `{Arg1=1, Arg2=[]}`,
/// `{Id=arn:…, Name=…}`). Numbers as in JSON (verify: exponents and large decimals unrecorded).
fn java_string(v: &Value, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        Value::String(s) => out.push_str(s),
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                java_string(x, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                java_string(x, out);
            }
            out.push(']');
        }
        v => {
            let _ = write!(out, "{v}");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(data: &[u8], algo: &str) -> Option<String> {
    use sha2::Digest as _;
    Some(match algo {
        "MD5" => hex(&md5::Md5::digest(data)),
        "SHA-1" => hex(&sha1::Sha1::digest(data)),
        "SHA-256" => hex(&sha2::Sha256::digest(data)),
        "SHA-384" => hex(&sha2::Sha384::digest(data)),
        "SHA-512" => hex(&sha2::Sha512::digest(data)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct H(Rng, Value);
    impl Host for H {
        fn path(&mut self, p: &str) -> Result<Value, StatesError> {
            crate::path::Path::parse(p)
                .ok()
                .and_then(|x| x.select(&self.1))
                .ok_or_else(|| StatesError::runtime(format!("no value at {p}")))
        }
        fn rng(&mut self) -> &mut Rng {
            &mut self.0
        }
    }

    fn run(src: &str) -> Result<Value, StatesError> {
        let mut h = H(Rng::new(1), json!({"name": "World", "arr": [1, 2, 2, 3], "o": {"a": 1}}));
        eval(&parse(src).map_err(StatesError::runtime)?, &mut h)
    }

    #[test]
    fn intrinsics() {
        assert_eq!(run("States.Format('Hello, {}!', $.name)").unwrap(), json!("Hello, World!"));
        assert_eq!(run(r"States.Format('\{\} {}', 1)").unwrap(), json!("{} 1"));
        assert_eq!(run("States.Array(1, 'a', $.o)").unwrap(), json!([1, "a", {"a": 1}]));
        assert_eq!(run("States.ArrayPartition($.arr, 3)").unwrap(), json!([[1, 2, 2], [3]]));
        assert_eq!(run("States.ArrayContains($.arr, 3)").unwrap(), json!(true));
        assert_eq!(run("States.ArrayRange(1, 9, 2)").unwrap(), json!([1, 3, 5, 7, 9]));
        assert_eq!(run("States.ArrayGetItem($.arr, 3)").unwrap(), json!(3));
        assert_eq!(run("States.ArrayLength($.arr)").unwrap(), json!(4));
        assert_eq!(run("States.ArrayUnique($.arr)").unwrap(), json!([1, 2, 3]));
        assert_eq!(
            run("States.Base64Encode('Data to encode')").unwrap(),
            json!("RGF0YSB0byBlbmNvZGU=")
        );
        assert_eq!(
            run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')").unwrap(),
            json!("Data to encode")
        );
        assert_eq!(
            run("States.Hash('input data', 'SHA-1')").unwrap(),
            json!("aaff4a450a104cd177d28d18d74485e8cae074b7")
        );
        assert_eq!(
            run("States.JsonMerge($.o, States.StringToJson('{\"b\":2}'), false)").unwrap(),
            json!({"a": 1, "b": 2})
        );
        assert_eq!(run("States.JsonToString($.o)").unwrap(), json!("{\"a\":1}"));
        assert_eq!(run("States.MathAdd(111, -1)").unwrap(), json!(110));
        assert_eq!(
            run("States.StringSplit('1,2,3,4,5', ',')").unwrap(),
            json!(["1", "2", "3", "4", "5"])
        );
        assert_eq!(
            run("States.MathRandom(1, 999, 1234)").unwrap(),
            run("States.MathRandom(1, 999, 1234)").unwrap()
        );
        assert_eq!(run("States.UUID()").unwrap().as_str().map(str::len), Some(36));
        assert_eq!(
            run("States.ArrayGetItem($.arr, 9)").unwrap_err().error,
            "States.IntrinsicFailure"
        );
        assert_eq!(
            run("States.JsonMerge($.o, $.o, true)").unwrap_err().error,
            "States.IntrinsicFailure"
        );
        assert!(parse("States.Nope()").is_err());
        assert!(parse("States.Format('x'").is_err());
    }
}

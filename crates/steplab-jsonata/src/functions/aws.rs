//! The functions AWS Step Functions adds to JSONata: `$partition`, `$range`,
//! `$hash`, `$random([seed])`, `$uuid`, `$parse`.

use sha1::Digest;

use super::{Builtin, arg};
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

type Args<'a> = &'a [Value];

pub(crate) static FUNCTIONS: &[Builtin] = &[
    Builtin { name: "partition", sig: "<an:a>", arity: 2, func: partition },
    Builtin { name: "range", sig: "<nnn?:a>", arity: 3, func: range },
    Builtin { name: "hash", sig: "<ss?:s>", arity: 2, func: hash },
    Builtin { name: "random", sig: "<n?:n>", arity: 1, func: random },
    Builtin { name: "uuid", sig: "<:s>", arity: 0, func: uuid },
    Builtin { name: "parse", sig: "<s:j>", arity: 1, func: parse },
];

/// `java.util.Random`: the 48-bit linear congruential generator.
#[derive(Debug, Clone)]
pub(crate) struct JavaRandom {
    seed: u64,
}

const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const MASK: u64 = (1 << 48) - 1;

impl JavaRandom {
    pub(crate) fn new(seed: i64) -> Self {
        Self { seed: (seed as u64 ^ MULTIPLIER) & MASK }
    }
    fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        (self.seed >> (48 - bits)) as i64 as i32
    }
    pub(crate) fn next_double(&mut self) -> f64 {
        let hi = i64::from(self.next(26)) & ((1 << 26) - 1);
        let lo = i64::from(self.next(27)) & ((1 << 27) - 1);
        ((hi << 27) + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    pub(crate) fn next_u32(&mut self) -> u32 {
        self.next(32) as u32
    }
}

impl Evaluator<'_> {
    /// The next number from the host-seeded generator (no OS randomness).
    pub(crate) fn next_random(&mut self) -> f64 {
        let seed = self.env.random_seed;
        self.rng.get_or_insert_with(|| JavaRandom::new(seed)).next_double()
    }
    fn next_u32(&mut self) -> u32 {
        let seed = self.env.random_seed;
        self.rng.get_or_insert_with(|| JavaRandom::new(seed)).next_u32()
    }
}

fn partition(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let items = arg(args, 0).members();
    let size = arg(args, 1).as_number().unwrap_or(0.0);
    if size < 1.0 || size.fract() != 0.0 {
        return Err(
            Fault::new("D3137").text("The size argument of $partition must be a positive integer")
        );
    }
    Ok(Value::array(items.chunks(size as usize).map(|c| Value::array(c.to_vec())).collect()))
}

fn range(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let start = arg(args, 0).as_number().unwrap_or(0.0);
    let end = arg(args, 1).as_number().unwrap_or(0.0);
    let step = arg(args, 2).as_number().unwrap_or(1.0);
    if step == 0.0 {
        return Err(Fault::new("D3137").text("The step argument of $range must not be zero"));
    }
    let mut out = Vec::new();
    let mut v = start;
    while (step > 0.0 && v <= end) || (step < 0.0 && v >= end) {
        out.push(Value::Number(v));
        if out.len() > 10_000_000 {
            return Err(Fault::new("D2014").value(Value::Number(out.len() as f64)));
        }
        v += step;
    }
    // a sequence, as AWS returns it: one item is the bare value ($range(1, 9, 9) is 1) and
    // none is undefined (the empty case is not recorded (verify))
    Ok(Value::sequence(out))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let algo = arg(args, 1).as_str().unwrap_or("SHA-256");
    let data = text.as_bytes();
    let digest = match algo {
        "MD5" => hex(&md5::Md5::digest(data)),
        "SHA-1" => hex(&sha1::Sha1::digest(data)),
        "SHA-256" => hex(&sha2::Sha256::digest(data)),
        "SHA-384" => hex(&sha2::Sha384::digest(data)),
        "SHA-512" => hex(&sha2::Sha512::digest(data)),
        other => {
            return Err(Fault::new("D3137").text(format!(
                "Unsupported hash algorithm '{other}'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
            )));
        }
    };
    Ok(Value::from_string(digest))
}

fn random(ev: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    match arg(args, 0) {
        Value::Number(seed) => Ok(Value::Number(JavaRandom::new(*seed as i64).next_double())),
        _ => Ok(Value::Number(ev.next_random())),
    }
}

fn uuid(ev: &mut Evaluator<'_>, _: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        chunk.copy_from_slice(&ev.next_u32().to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    Ok(Value::from_string(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

fn parse(_: &mut Evaluator<'_>, args: Args<'_>, _: &Ctx<'_>) -> Res<Value> {
    let Some(text) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(j) => Ok(Value::from_json(&j)),
        Err(e) => Err(Fault::new("D3137").text(format!("Unable to parse JSON: {e}"))),
    }
}

//! JSONPath selection and writing, and intrinsic functions, never panic: the first line is a
//! path or an intrinsic call, the rest is the JSON input.
#![no_main]

use steplab_asl::intrinsics::{self, Host};
use steplab_asl::path::Path;
use steplab_asl::rng::Rng;

struct H(Rng, serde_json::Value);

impl Host for H {
    fn path(&mut self, p: &str) -> Result<serde_json::Value, steplab_asl::StatesError> {
        Path::parse(p)
            .ok()
            .and_then(|x| x.select(&self.1))
            .ok_or_else(|| steplab_asl::StatesError::runtime("no value"))
    }
    fn rng(&mut self) -> &mut Rng {
        &mut self.0
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (expr, rest) = text.split_once('\n').unwrap_or((text, "{}"));
    let input: serde_json::Value =
        serde_json::from_str(rest).unwrap_or(serde_json::json!({"a": [1, {"b": "x"}]}));
    if let Ok(p) = Path::parse(expr) {
        let _ = p.select(&input);
        let _ = p.set(input.clone(), serde_json::json!(1));
        let _ = p.canonical();
    }
    if let Ok(call) = intrinsics::parse(expr) {
        let mut h = H(Rng::new(1), input);
        let _ = intrinsics::eval(&call, &mut h);
    }
});

//! The host's JSON functions for the bootstrap: parsing events and escaping strings without
//! importing Python's `json` (which imports `re` and `enum`, a third of a cold start on RustPython).
//!
//! Both refuse (with `ValueError`) what they cannot do exactly as CPython does, and the bootstrap
//! then falls back to the standard library: floats (Python rounds them its own way), integers
//! beyond 64 bits, `NaN`/`Infinity`, invalid documents (for CPython's error messages), strings
//! with lone surrogates.

use std::fmt::Write;

use rustpython_vm::builtins::PyStrRef;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};
use serde_json::Value;

/// `json.loads(text)` for documents without floats or long integers.
pub(crate) fn loads(text: PyStrRef, vm: &VirtualMachine) -> PyResult {
    let refuse = || vm.new_value_error("left to the standard library");
    let text = text.to_str().ok_or_else(refuse)?;
    if !exact(text) {
        return Err(refuse());
    }
    let value: Value = serde_json::from_str(text).map_err(|_| refuse())?;
    to_python(&value, vm)
}

/// Whether every number outside strings is an integer of at most 18 digits.
fn exact(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let mut digits = 0;
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'.' | b'e' | b'E' => return false,
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return false;
                }
                continue;
            }
            _ => {}
        }
        digits = 0;
    }
    true
}

fn to_python(value: &Value, vm: &VirtualMachine) -> PyResult<PyObjectRef> {
    Ok(match value {
        Value::Null => vm.ctx.none(),
        Value::Bool(b) => vm.ctx.new_bool(*b).into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => vm.ctx.new_int(i).into(),
            (None, Some(u)) => vm.ctx.new_int(u).into(),
            (None, None) => return Err(vm.new_value_error("left to the standard library")),
        },
        Value::String(s) => vm.ctx.new_str(s.as_str()).into(),
        Value::Array(items) => {
            let items = items.iter().map(|v| to_python(v, vm)).collect::<PyResult<Vec<_>>>()?;
            vm.ctx.new_list(items).into()
        }
        Value::Object(map) => {
            let dict = vm.ctx.new_dict();
            for (key, value) in map {
                dict.set_item(key.as_str(), to_python(value, vm)?, vm)?;
            }
            dict.into()
        }
    })
}

/// simplejson's `encode_basestring_ascii(s)` (the python3.11 runtime's responses): a quoted JSON
/// string, everything outside printable ASCII as `\uXXXX`.
pub(crate) fn encode_str(text: PyStrRef, vm: &VirtualMachine) -> PyResult<String> {
    let text = text.to_str().ok_or_else(|| vm.new_value_error("lone surrogates"))?;
    Ok(encode(text, true))
}

/// simplejson's `encode_basestring(s)`, what `ensure_ascii=False` writes (the responses of the
/// python3.12+ runtimes): a quoted JSON string with non-ASCII characters as they are; only `"`,
/// `\`, the control characters U+0000–U+001F and U+2028, U+2029 are escaped (simplejson's
/// `ESCAPE`). DEL (U+007F) is written as it is.
pub(crate) fn encode_str_unicode(text: PyStrRef, vm: &VirtualMachine) -> PyResult<String> {
    let text = text.to_str().ok_or_else(|| vm.new_value_error("lone surrogates"))?;
    Ok(encode(text, false))
}

fn encode(text: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            '\u{7f}'.. if !ascii && c != '\u{2028}' && c != '\u{2029}' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ascii_and_unicode_escapes() {
        let text = "a\"\\\n\u{1}\u{7f}é€😀\u{2028}";
        assert_eq!(
            super::encode(text, true),
            r#""a\"\\\n\u0001\u007f\u00e9\u20ac\ud83d\ude00\u2028""#
        );
        assert_eq!(super::encode(text, false), "\"a\\\"\\\\\\n\\u0001\u{7f}é€😀\\u2028\"");
    }
}

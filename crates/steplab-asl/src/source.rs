//! A JSON reader that keeps byte spans: the definition's text, parsed into a `serde_json::Value`
//! plus a table from JSON Pointer to the byte range of each value (and of each member's key).

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Number, Value};

/// A JSON syntax error, located in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was wrong, in the wording of the Jackson parser AWS uses.
    pub message: String,
    /// Byte offset of the offending character.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// The parsed source: the value and where each part of it came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
    /// Pointers of members whose key appeared more than once in the same object (the later
    /// occurrence wins, as in `serde_json`).
    pub duplicates: Vec<String>,
}

impl SourceMap {
    /// The span of the value at `pointer`, or of its nearest enclosing value.
    pub fn span(&self, pointer: &str) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some(r) = self.values.get(p) {
                return Some(r.clone());
            }
            let i = p.rfind('/')?;
            p = &p[..i];
        }
    }

    /// The span of the key of the member at `pointer` (falls back to [`SourceMap::span`]).
    pub fn key_span(&self, pointer: &str) -> Option<Range<usize>> {
        self.keys.get(pointer).cloned().or_else(|| self.span(pointer))
    }
}

/// Escapes one reference token of a JSON Pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Parses `src` as one JSON value.
pub fn parse(src: &str) -> Result<(Value, SourceMap), SyntaxError> {
    let mut p = Parser { src, bytes: src.as_bytes(), pos: 0, map: SourceMap::default(), depth: 0 };
    p.ws();
    let mut ptr = String::new();
    let v = p.value(&mut ptr)?;
    p.ws();
    if p.pos < p.bytes.len() {
        return Err(p.err("Unexpected character after the end of the JSON document"));
    }
    Ok((v, p.map))
}

/// Line and column (1-based, columns counted in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let mut line = 1;
    let mut col = 1;
    for (i, c) in src.char_indices() {
        if i >= offset {
            break;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    map: SourceMap,
    depth: usize,
}

const MAX_DEPTH: usize = 512;

impl Parser<'_> {
    fn err(&self, message: &str) -> SyntaxError {
        let (line, column) = line_col(self.src, self.pos);
        SyntaxError { message: message.to_owned(), offset: self.pos, line, column }
    }

    /// Jackson's wording; its column is the one after the offending character.
    fn unexpected(&self, expecting: &str) -> SyntaxError {
        match self.src.get(self.pos..).and_then(|s| s.chars().next()) {
            None => self.err(&format!("Unexpected end-of-input: expected {expecting}")),
            Some(c) if c.is_alphabetic() => {
                let word: String = self.src[self.pos..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let mut e = self.err(&format!(
                    "Unrecognized token '{word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
                ));
                e.column += word.chars().count();
                e
            }
            Some(c) => {
                let mut e = self.err(&format!(
                    "Unexpected character ('{c}' (code {})): was expecting {expecting}",
                    c as u32
                ));
                e.column += 1;
                e
            }
        }
    }

    fn ws(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, ptr: &mut String) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let v = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(ptr)?,
            Some(b'[') => self.array(ptr)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => {
                return Err(self.unexpected(
                    "JSON String, Number, Array, Object or token 'null', 'true' or 'false'",
                ));
            }
        };
        self.map.values.insert(ptr.clone(), start..self.pos);
        Ok(v)
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.unexpected(
                "JSON String, Number, Array, Object or token 'null', 'true' or 'false'",
            ))
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.bytes.get(p.pos), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - s
        };
        if digits(self) == 0 {
            return Err(self.err("Unexpected character: expected digit for a number"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(
                    self.err("Unexpected character: expected digit after the decimal point")
                );
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("Unexpected character: expected digit in the exponent"));
            }
        }
        let text = &self.src[start..self.pos];
        match serde_json::from_str::<Number>(text) {
            Ok(n) => Ok(Value::Number(n)),
            Err(_) => match text.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Ok(Value::Number(n)),
                None => Err(self.err("Numeric value out of range")),
            },
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.err(
                    "Unexpected end-of-input: was expecting closing quote for a string value",
                ));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.bytes.get(self.pos) else {
                        return Err(
                            self.err("Unexpected end-of-input in character escape sequence")
                        );
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi)
                                && self.src[self.pos..].starts_with("\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                let c = 0x10000
                                    + ((hi - 0xD800) << 10)
                                    + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.unexpected("a valid escape sequence"));
                        }
                    }
                }
                0..=0x1F => {
                    return Err(self.err(&format!(
                        "Illegal unquoted character ((CTRL-CHAR, code {b})): has to be escaped using backslash to be included in string value"
                    )));
                }
                _ => {
                    // copy one UTF-8 character
                    let rest = &self.src[self.pos..];
                    let c = rest.chars().next().unwrap_or('\u{FFFD}');
                    out.push(c);
                    self.pos += c.len_utf8().max(1);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let s = self.src.get(self.pos..self.pos + 4).unwrap_or("");
        match u32::from_str_radix(s, 16) {
            Ok(v) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(v)
            }
            _ => Err(self
                .err("Unexpected character: expected a hex-digit for character escape sequence")),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("Document nesting depth exceeds the maximum allowed"));
        }
        Ok(())
    }

    fn object(&mut self, ptr: &mut String) -> Result<Value, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut m = Map::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(m));
        }
        loop {
            self.ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.unexpected("double-quote to start field name"));
            }
            let kstart = self.pos;
            let key = self.string()?;
            let len = ptr.len();
            ptr.push('/');
            ptr.push_str(&escape_token(&key));
            if m.contains_key(&key) {
                self.map.duplicates.push(ptr.clone());
            }
            self.map.keys.insert(ptr.clone(), kstart..self.pos);
            self.ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.unexpected("a colon to separate field name and value"));
            }
            self.pos += 1;
            self.ws();
            let v = self.value(ptr)?;
            ptr.truncate(len);
            m.insert(key, v);
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(m));
                }
                None => {
                    return Err(
                        self.err("Unexpected end-of-input: expected close marker for OBJECT")
                    );
                }
                _ => return Err(self.unexpected("comma to separate Object entries")),
            }
        }
    }

    fn array(&mut self, ptr: &mut String) -> Result<Value, SyntaxError> {
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            let len = ptr.len();
            ptr.push('/');
            ptr.push_str(&items.len().to_string());
            let v = self.value(ptr)?;
            ptr.truncate(len);
            items.push(v);
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                None => {
                    return Err(
                        self.err("Unexpected end-of-input: expected close marker for ARRAY")
                    );
                }
                _ => return Err(self.unexpected("comma to separate Array entries")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_errors() {
        let src = r#"{"a": [1, {"b/c": "x"}], "d": true}"#;
        let (v, map) = parse(src).unwrap();
        assert_eq!(v["a"][1]["b/c"], "x");
        assert_eq!(&src[map.span("/a/1/b~1c").unwrap()], r#""x""#);
        assert_eq!(&src[map.key_span("/d").unwrap()], r#""d""#);
        assert_eq!(&src[map.span("/a/9").unwrap()], r#"[1, {"b/c": "x"}]"#);
        let e = parse("{\n  \"a\": 1,\n}").unwrap_err();
        // Jackson reports the column after the offending character
        assert_eq!((e.line, e.column), (3, 2));
        assert!(parse("[").is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
        assert_eq!(parse("\"\\ud83d\\ude00\"").unwrap().0, Value::String("😀".into()));
    }
}

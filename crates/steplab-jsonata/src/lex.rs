//! The tokenizer: turns JSONata source into tokens, one at a time, as jsonata-js does.

use crate::error::Error;

/// A token of JSONata source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// An operator or punctuation symbol (`.`, `[`, `:=`, `and`, …).
    Op(&'static str),
    /// A field name (plain or backquoted).
    Name(String),
    /// A `$name` variable (the `$` removed).
    Var(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A regex literal: pattern and flags.
    Regex(String, String),
}

const OPERATORS: &[&str] = &[
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|",
    "=", "<", ">", "^", "&", "!", "~",
];

const DOUBLE: &[&str] = &["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];

fn is_op_char(c: char) -> bool {
    OPERATORS.iter().any(|o| o.starts_with(c) && o.len() == 1)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}')
}

/// The tokenizer over the characters of the source.
pub(crate) struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    pub(crate) fn new(src: &str) -> Self {
        Self { chars: src.chars().collect(), pos: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// The next token and its position (as jsonata-js: the position just after the
    /// token); `None` at the end. When `infix` is true a `/` is division, not a regex.
    pub(crate) fn next(&mut self, infix: bool) -> Result<Option<(Tok, usize)>, Error> {
        loop {
            while self.at(self.pos).is_some_and(is_space) {
                self.pos += 1;
            }
            if self.at(self.pos) == Some('/') && self.at(self.pos + 1) == Some('*') {
                let start = self.pos;
                self.pos += 2;
                loop {
                    if self.pos + 1 >= self.len() {
                        return Err(Error::syntax("S0106", start, None));
                    }
                    if self.at(self.pos) == Some('*') && self.at(self.pos + 1) == Some('/') {
                        self.pos += 2;
                        break;
                    }
                    self.pos += 1;
                }
                continue;
            }
            break;
        }
        let Some(c) = self.at(self.pos) else { return Ok(None) };
        let start = self.pos;
        if !infix && c == '/' {
            self.pos += 1;
            let t = self.regex()?;
            return Ok(Some((t, self.pos)));
        }
        if let Some(n) = self.at(self.pos + 1) {
            for d in DOUBLE {
                let mut it = d.chars();
                if it.next() == Some(c) && it.next() == Some(n) {
                    self.pos += 2;
                    return Ok(Some((Tok::Op(d), self.pos)));
                }
            }
        }
        if is_op_char(c) {
            self.pos += 1;
            let op = OPERATORS.iter().find(|o| o.starts_with(c)).copied().unwrap_or(".");
            return Ok(Some((Tok::Op(op), self.pos)));
        }
        if c == '"' || c == '\'' {
            let s = self.string(c)?;
            return Ok(Some((Tok::Str(s), self.pos)));
        }
        if let Some(len) = self.number_len() {
            let text: String = self.chars[self.pos..self.pos + len].iter().collect();
            let n: f64 = text.parse().unwrap_or(f64::NAN);
            if n.is_finite() {
                self.pos += len;
                return Ok(Some((Tok::Num(n), self.pos)));
            }
            return Err(Error::syntax("S0102", start, Some(&text)));
        }
        if c == '`' {
            self.pos += 1;
            let rest = self.pos;
            while self.pos < self.len() {
                if self.chars[self.pos] == '`' {
                    let name: String = self.chars[rest..self.pos].iter().collect();
                    self.pos += 1;
                    return Ok(Some((Tok::Name(name), self.pos)));
                }
                self.pos += 1;
            }
            return Err(Error::syntax("S0105", self.len(), None));
        }
        let mut i = self.pos;
        while i < self.len() && !is_space(self.chars[i]) && !is_op_char(self.chars[i]) {
            i += 1;
        }
        let word: String = self.chars[self.pos..i].iter().collect();
        self.pos = i;
        if let Some(var) = word.strip_prefix('$') {
            return Ok(Some((Tok::Var(var.to_owned()), self.pos)));
        }
        let tok = match word.as_str() {
            "or" => Tok::Op("or"),
            "in" => Tok::Op("in"),
            "and" => Tok::Op("and"),
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            "null" => Tok::Null,
            "" => return Ok(None),
            _ => Tok::Name(word),
        };
        Ok(Some((tok, self.pos)))
    }

    /// Length of a number literal at the cursor (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?`).
    fn number_len(&self) -> Option<usize> {
        let digit = |i: usize| self.at(i).is_some_and(|c| c.is_ascii_digit());
        let mut i = self.pos;
        if self.at(i) == Some('-') {
            i += 1;
        }
        if self.at(i) == Some('0') {
            i += 1;
        } else if digit(i) {
            while digit(i) {
                i += 1;
            }
        } else {
            return None;
        }
        if self.at(i) == Some('.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some('+' | '-')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
            }
        }
        Some(i - self.pos)
    }

    fn string(&mut self, quote: char) -> Result<String, Error> {
        self.pos += 1;
        let mut s = String::new();
        while self.pos < self.len() {
            let c = self.chars[self.pos];
            if c == '\\' {
                self.pos += 1;
                let Some(e) = self.at(self.pos) else { break };
                match e {
                    '"' => s.push('"'),
                    '\\' => s.push('\\'),
                    '/' => s.push('/'),
                    'b' => s.push('\u{8}'),
                    'f' => s.push('\u{c}'),
                    'n' => s.push('\n'),
                    'r' => s.push('\r'),
                    't' => s.push('\t'),
                    'u' => {
                        let hex: String = self.chars.iter().skip(self.pos + 1).take(4).collect();
                        if hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            let unit = u16::from_str_radix(&hex, 16).unwrap_or(0xfffd);
                            self.pos += 4;
                            // combine UTF-16 surrogate pairs written as two escapes
                            if (0xd800..0xdc00).contains(&unit)
                                && self.at(self.pos + 1) == Some('\\')
                                && self.at(self.pos + 2) == Some('u')
                            {
                                let lo: String =
                                    self.chars.iter().skip(self.pos + 3).take(4).collect();
                                if let Ok(low) = u16::from_str_radix(&lo, 16)
                                    && (0xdc00..0xe000).contains(&low)
                                {
                                    let cp = 0x10000
                                        + ((u32::from(unit) - 0xd800) << 10)
                                        + (u32::from(low) - 0xdc00);
                                    s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                    self.pos += 6;
                                    self.pos += 1;
                                    continue;
                                }
                            }
                            s.push(char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'));
                        } else {
                            return Err(Error::syntax("S0104", self.pos, None));
                        }
                    }
                    other => {
                        return Err(Error::syntax("S0103", self.pos, Some(&other.to_string())));
                    }
                }
            } else if c == quote {
                self.pos += 1;
                return Ok(s);
            } else {
                s.push(c);
            }
            self.pos += 1;
        }
        Err(Error::syntax("S0101", self.pos, None))
    }

    fn regex(&mut self) -> Result<Tok, Error> {
        let start = self.pos;
        let mut depth: i32 = 0;
        while self.pos < self.len() {
            let c = self.chars[self.pos];
            if c == '/' && depth == 0 {
                let mut backslashes = 0;
                while self.pos > backslashes && self.chars[self.pos - backslashes - 1] == '\\' {
                    backslashes += 1;
                }
                if backslashes % 2 == 0 {
                    let pattern: String = self.chars[start..self.pos].iter().collect();
                    if pattern.is_empty() {
                        return Err(Error::syntax("S0301", self.pos, None));
                    }
                    self.pos += 1;
                    let fstart = self.pos;
                    while matches!(self.at(self.pos), Some('i' | 'm')) {
                        self.pos += 1;
                    }
                    let flags: String = self.chars[fstart..self.pos].iter().collect();
                    return Ok(Tok::Regex(pattern, flags));
                }
            }
            let escaped = self.pos > 0 && self.chars[self.pos - 1] == '\\';
            if matches!(c, '(' | '[' | '{') && !escaped {
                depth += 1;
            }
            if matches!(c, ')' | ']' | '}') && !escaped {
                depth -= 1;
            }
            self.pos += 1;
        }
        Err(Error::syntax("S0302", self.pos, None))
    }
}

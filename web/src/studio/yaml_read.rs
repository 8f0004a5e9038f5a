//! Reads a definition written in YAML (Code mode's YAML editing): the block style the console
//! writes and people type — mappings, sequences, plain, quoted and block (`|`, `>`) scalars,
//! comments, flow collections (`[a, b]`, `{k: v}`) — into JSON with the keys in their order. Anchors,
//! aliases, tags and several documents are refused with their line, as is anything malformed.

use serde_json::{Map, Number, Value};

/// A problem in YAML text, at a line and column (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {}, column {}", self.message, self.line, self.column)
    }
}

/// One meaningful line: its number (from 1), indentation and text without the comment.
#[derive(Clone, Debug)]
struct Line {
    number: usize,
    indent: usize,
    text: String,
    /// The raw line (block scalars keep comments and spacing).
    raw: String,
}

fn fail<T>(line: usize, column: usize, message: impl Into<String>) -> Result<T, YamlError> {
    Err(YamlError { line, column, message: message.into() })
}

/// The text of `s` before a comment (`#` at the start or after a space, outside quotes).
fn strip_comment(s: &str) -> &str {
    let (mut single, mut double, mut prev) = (false, false, ' ');
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if double => escaped = !escaped,
            '"' if !single && !escaped => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && (prev == ' ' || prev == '\t' || i == 0) => {
                return s[..i].trim_end();
            }
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
        prev = c;
    }
    s.trim_end()
}

struct Reader {
    lines: Vec<Line>,
    pos: usize,
}

/// Reads `text` as one YAML document.
pub fn from_yaml(text: &str) -> Result<Value, YamlError> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        if raw.contains('\t') && raw.trim_start_matches(' ').starts_with('\t') {
            return fail(number, 1, "tabs cannot indent YAML");
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let body = strip_comment(&raw[indent..]);
        if body.is_empty() || body == "---" && lines.is_empty() {
            lines.push(Line { number, indent, text: String::new(), raw: raw.to_owned() });
            continue;
        }
        if body == "---" || body == "..." {
            return fail(number, 1, "StepLab reads one YAML document");
        }
        if body.starts_with('%') {
            return fail(number, 1, "YAML directives are not supported");
        }
        lines.push(Line { number, indent, text: body.to_owned(), raw: raw.to_owned() });
    }
    let mut r = Reader { lines, pos: 0 };
    r.skip_blank();
    let Some(first) = r.peek() else { return fail(1, 1, "the YAML text is empty") };
    let indent = first.indent;
    let v = r.block(indent)?;
    r.skip_blank();
    if let Some(l) = r.peek() {
        return fail(l.number, l.indent + 1, "unexpected text (check the indentation)");
    }
    Ok(v)
}

/// Where `key: rest` splits, outside quotes and flow brackets: the byte index of the colon.
fn mapping_colon(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if s.starts_with('"') || s.starts_with('\'') {
        let q = bytes[0];
        let mut i = 1;
        while i < bytes.len() {
            if bytes[i] == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if bytes[i] == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                let rest = &s[i + 1..];
                let after = rest.trim_start();
                return after.starts_with(':').then(|| i + 1 + (rest.len() - after.len()));
            }
            i += 1;
        }
        return None;
    }
    if s.starts_with(['[', '{']) {
        return None;
    }
    s.char_indices().find_map(|(i, c)| {
        (c == ':' && (i + 1 == s.len() || s[i + 1..].starts_with([' ', '\t']))).then_some(i)
    })
}

impl Reader {
    fn peek(&self) -> Option<&Line> {
        self.lines.get(self.pos)
    }

    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.text.is_empty()) {
            self.pos += 1;
        }
    }

    /// A block (mapping, sequence or lone scalar) whose lines are indented by `indent`.
    fn block(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.skip_blank();
        let Some(line) = self.peek().cloned() else { return Ok(Value::Null) };
        if line.indent != indent {
            return fail(line.number, line.indent + 1, "bad indentation");
        }
        if line.text == "-" || line.text.starts_with("- ") {
            self.sequence(indent)
        } else if mapping_colon(&line.text).is_some() {
            self.mapping(indent)
        } else {
            self.pos += 1;
            let v = self.scalar_or_flow(&line.text, line.number, line.indent + 1)?;
            Ok(v)
        }
    }

    fn sequence(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(line) = self.peek().cloned() else { break };
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return fail(line.number, line.indent + 1, "bad indentation in a sequence");
            }
            if !(line.text == "-" || line.text.starts_with("- ")) {
                break;
            }
            let rest = line.text[1..].trim_start();
            if rest.is_empty() {
                self.pos += 1;
                self.skip_blank();
                match self.peek() {
                    Some(next) if next.indent > indent => {
                        let i = next.indent;
                        items.push(self.block(i)?);
                    }
                    _ => items.push(Value::Null),
                }
                continue;
            }
            // the item's content starts after "- ": re-read the line as if indented there
            let offset = line.text.len() - rest.len();
            let inner = indent + offset;
            self.lines[self.pos] = Line {
                number: line.number,
                indent: inner,
                text: rest.to_owned(),
                raw: line.raw.clone(),
            };
            items.push(self.block(inner)?);
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        loop {
            self.skip_blank();
            let Some(line) = self.peek().cloned() else { break };
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return fail(line.number, line.indent + 1, "bad indentation in a mapping");
            }
            let Some(colon) = mapping_colon(&line.text) else {
                if line.text.starts_with("- ") || line.text == "-" {
                    return fail(
                        line.number,
                        indent + 1,
                        "a sequence item where a key was expected",
                    );
                }
                return fail(line.number, indent + 1, "expected \"key: value\"");
            };
            let key_text = line.text[..colon].trim_end();
            if key_text.starts_with(['&', '*', '!', '?']) {
                return fail(
                    line.number,
                    indent + 1,
                    "anchors, aliases, tags and complex keys are not supported",
                );
            }
            let key = match self.scalar_or_flow(key_text, line.number, indent + 1)? {
                Value::String(s) => s,
                Value::Null if key_text.is_empty() => {
                    return fail(line.number, indent + 1, "a key is missing before ':'");
                }
                other => other.to_string(),
            };
            if map.contains_key(&key) {
                return fail(line.number, indent + 1, format!("the key '{key}' appears twice"));
            }
            let rest = line.text[colon + 1..].trim_start();
            let column = indent + colon + 2 + (line.text[colon + 1..].len() - rest.len());
            self.pos += 1;
            let value = if rest.is_empty() {
                self.skip_blank();
                match self.peek() {
                    Some(next) if next.indent > indent => {
                        let i = next.indent;
                        self.block(i)?
                    }
                    // a sequence may sit at the key's own indentation
                    Some(next)
                        if next.indent == indent
                            && (next.text == "-" || next.text.starts_with("- ")) =>
                    {
                        self.sequence(indent)?
                    }
                    _ => Value::Null,
                }
            } else if rest.starts_with('|') || rest.starts_with('>') {
                self.block_scalar(rest, indent, line.number, column)?
            } else {
                self.scalar_or_flow(rest, line.number, column)?
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// `|` or `>` (with `-` / `+`): the more-indented lines that follow.
    fn block_scalar(
        &mut self,
        header: &str,
        indent: usize,
        number: usize,
        column: usize,
    ) -> Result<Value, YamlError> {
        let folded = header.starts_with('>');
        let chomp = &header[1..];
        if !matches!(chomp, "" | "-" | "+") {
            return fail(
                number,
                column,
                "block scalar indicators other than -, + are not supported",
            );
        }
        let mut raw_lines = Vec::new();
        let mut block_indent = None;
        while let Some(l) = self.lines.get(self.pos) {
            let blank = l.raw.trim().is_empty();
            if !blank {
                let i = l.raw.len() - l.raw.trim_start_matches(' ').len();
                if i <= indent {
                    break;
                }
                block_indent.get_or_insert(i);
            }
            raw_lines.push(l.raw.clone());
            self.pos += 1;
        }
        let bi = block_indent.unwrap_or(indent + 1);
        let body: Vec<String> =
            raw_lines.iter().map(|l| l.get(bi..).unwrap_or("").to_owned()).collect();
        let mut text = if folded {
            let mut out = String::new();
            for (i, l) in body.iter().enumerate() {
                if i > 0 {
                    let prev_empty = body[i - 1].is_empty();
                    out.push(if l.is_empty() || prev_empty || l.starts_with(' ') {
                        '\n'
                    } else {
                        ' '
                    });
                }
                out.push_str(l);
            }
            out
        } else {
            body.join("\n")
        };
        let trimmed = text.trim_end_matches('\n').len();
        match chomp {
            "-" => text.truncate(trimmed),
            "+" => text.push('\n'),
            _ => {
                text.truncate(trimmed);
                if !text.is_empty() {
                    text.push('\n');
                }
            }
        }
        Ok(Value::String(text))
    }

    fn scalar_or_flow(&self, s: &str, number: usize, column: usize) -> Result<Value, YamlError> {
        let s = s.trim();
        if s.starts_with(['[', '{']) {
            let mut p = Flow { s, i: 0, number, column };
            let v = p.value()?;
            p.space();
            if p.i < s.len() {
                return fail(number, column + p.i, "unexpected text after a flow collection");
            }
            return Ok(v);
        }
        if s.starts_with(['&', '*', '!']) {
            return fail(number, column, "anchors, aliases and tags are not supported");
        }
        scalar(s, number, column)
    }
}

fn quoted(s: &str, number: usize, column: usize) -> Result<(String, usize), YamlError> {
    let bytes = s.as_bytes();
    let q = bytes[0];
    let mut i = 1;
    while i < bytes.len() {
        if q == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            let inner = &s[1..i];
            let text = if q == b'"' {
                serde_json::from_str::<String>(&s[..=i]).or_else(|_| {
                    // YAML escapes JSON lacks: \/ is JSON's; \0, \a, \e, \xXX, \N … are not read
                    fail(number, column, "an escape sequence StepLab does not read")
                })?
            } else {
                inner.replace("''", "'")
            };
            return Ok((text, i + 1));
        }
        i += 1;
    }
    fail(number, column, "a quoted string is not closed")
}

fn scalar(s: &str, number: usize, column: usize) -> Result<Value, YamlError> {
    if s.starts_with(['"', '\'']) {
        let (text, end) = quoted(s, number, column)?;
        if !s[end..].trim().is_empty() {
            return fail(number, column + end, "unexpected text after a quoted string");
        }
        return Ok(Value::String(text));
    }
    Ok(plain(s))
}

/// A plain scalar by YAML 1.2's core schema.
fn plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        && s.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    if numeric {
        let t = s.strip_prefix('+').unwrap_or(s);
        if let Ok(i) = t.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = t.parse::<u64>() {
            return Value::Number(u.into());
        }
        if let Some(n) = t.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(s.to_owned())
}

/// A flow collection: `[a, "b", {c: 1}]`.
struct Flow<'a> {
    s: &'a str,
    i: usize,
    number: usize,
    column: usize,
}

impl Flow<'_> {
    fn space(&mut self) {
        while self.s[self.i..].starts_with([' ', '\t']) {
            self.i += 1;
        }
    }

    fn err<T>(&self, m: &str) -> Result<T, YamlError> {
        fail(self.number, self.column + self.i, m)
    }

    fn value(&mut self) -> Result<Value, YamlError> {
        self.space();
        let rest = &self.s[self.i..];
        if rest.starts_with('[') {
            self.i += 1;
            let mut items = Vec::new();
            loop {
                self.space();
                if self.s[self.i..].starts_with(']') {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                items.push(self.value()?);
                self.space();
                if self.s[self.i..].starts_with(',') {
                    self.i += 1;
                } else if !self.s[self.i..].starts_with(']') {
                    return self.err("expected ',' or ']'");
                }
            }
        }
        if rest.starts_with('{') {
            self.i += 1;
            let mut map = Map::new();
            loop {
                self.space();
                if self.s[self.i..].starts_with('}') {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                let key = match self.value()? {
                    Value::String(k) => k,
                    other => other.to_string(),
                };
                self.space();
                if !self.s[self.i..].starts_with(':') {
                    return self.err("expected ':' after a key");
                }
                self.i += 1;
                let v = self.value()?;
                map.insert(key, v);
                self.space();
                if self.s[self.i..].starts_with(',') {
                    self.i += 1;
                } else if !self.s[self.i..].starts_with('}') {
                    return self.err("expected ',' or '}'");
                }
            }
        }
        if rest.starts_with(['"', '\'']) {
            let (text, end) = quoted(rest, self.number, self.column + self.i)?;
            self.i += end;
            return Ok(Value::String(text));
        }
        // a plain scalar ends at a flow indicator (a colon only when a space follows it)
        let mut end = rest.len();
        for (j, c) in rest.char_indices() {
            if matches!(c, ',' | ']' | '}')
                || c == ':' && rest[j + 1..].starts_with([' ', ',', '}', ']'])
                || c == ':' && j + 1 == rest.len()
            {
                end = j;
                break;
            }
        }
        let text = rest[..end].trim();
        self.i += end;
        if text.is_empty() {
            return self.err("a value is missing");
        }
        Ok(plain(text))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::studio::yaml::to_yaml;

    #[test]
    fn what_the_console_writes_reads_back() {
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        assert_eq!(from_yaml(&to_yaml(&lab)).unwrap(), lab);
        let tricky = json!({ "a": "true", "b": "", "c": "x: y", "d": "line\nbreak", "e": "12",
            "f": [], "g": {}, "h": null, "i": "-x", "j": [[1, {"k": [true, 2.5]}]], "l": -3,
            "m": [{"n": 1, "o": {"p": "q # not a comment"}}], "é": "ünïcode" });
        let back = from_yaml(&to_yaml(&tricky)).unwrap();
        assert_eq!(back, tricky);
        // the keys keep their order
        assert_eq!(back.as_object().unwrap().keys().next().map(String::as_str), Some("a"));
    }

    #[test]
    fn what_people_type() {
        let text = "# my machine\nStartAt: Hello\nStates:\n  Hello:\n    Type: Pass   # a comment\n    Result: {x: 1, y: [a, 'b c']}\n    Items:\n    - 1\n    - two\n    Expr: |\n      line one\n      line two\n    Folded: >-\n      a\n      b\n    End: true\n";
        assert_eq!(
            from_yaml(text).unwrap(),
            json!({"StartAt": "Hello", "States": {"Hello": {"Type": "Pass",
                "Result": {"x": 1, "y": ["a", "b c"]}, "Items": [1, "two"],
                "Expr": "line one\nline two\n", "Folded": "a b", "End": true}}})
        );
    }

    #[test]
    fn errors_have_a_line() {
        let e = |t: &str| from_yaml(t).unwrap_err();
        assert_eq!(e("a: 1\n  b: 2\n").line, 2);
        assert_eq!(e("a: 1\na: 2\n").message, "the key 'a' appears twice");
        assert_eq!(e("a: \"open\n").line, 1);
        assert_eq!(e("a: &x 1\n").message, "anchors, aliases and tags are not supported");
        assert_eq!(e("a: [1, 2\n").line, 1);
        assert_eq!(e("").message, "the YAML text is empty");
        assert_eq!(e("a: 1\n---\nb: 2\n").line, 2);
        let bad = e("States:\n  A:\n    Type: Pass\n   Next: B\n");
        assert_eq!((bad.line, bad.column), (4, 4));
    }
}

//! Where CPython 3.11 places an error in an f-string. Its tokenizer reads an f-string as a plain
//! string; the parser looks one token past it (for strings to concatenate), and an error found
//! while reading the f-string's parts is raised at that next token.

use super::indentation::{char_index, layout, string_prefix};

/// The 1-based line and column CPython 3.11 gives an error that RustPython places at `line` and
/// `column` inside an f-string: the start of the token after it (and after any strings
/// concatenated to it); `None` when that place is in no string.
pub(super) fn after_string(source: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let (chars, at) = char_index(source, line, column)?;
    let layout = layout(source);
    let string = layout.strings.iter().find(|s| s.start <= at && at < s.end)?;
    let mut next = string.end;
    loop {
        match chars.get(next) {
            Some(' ' | '\t' | '\x0c') => next += 1,
            Some('\\') if chars.get(next + 1) == Some(&'\n') => next += 2,
            // inside brackets, line ends and comments are not tokens
            Some('\n') if string.level > 0 => next += 1,
            Some('#') if string.level > 0 => {
                while chars.get(next).is_some_and(|&c| c != '\n') {
                    next += 1;
                }
            }
            _ => match layout.strings.iter().find(|s| s.start == next) {
                Some(concatenated) => next = concatenated.end,
                None => break,
            },
        }
    }
    let before = &chars[..next.min(chars.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    Some((line, column))
}

/// Where the string literal around character `at` of `source` starts (a character index).
pub(super) fn string_around(source: &str, at: usize) -> Option<usize> {
    layout(source).strings.iter().find(|s| s.start <= at && at < s.end).map(|s| s.start)
}

/// Whether the brackets of an f-string field's `expression` match, outside its strings.
pub(super) fn balanced(expression: &str) -> bool {
    let mut open = Vec::new();
    let mut quote = None;
    for c in expression.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => open.push(c),
            (None, ')' | ']' | '}') => {
                let opener = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if open.pop() != Some(opener) {
                    return false;
                }
            }
            _ => {}
        }
    }
    open.is_empty() && quote.is_none()
}

/// A replacement field's expression in an f-string, as CPython 3.11 reads it: where it starts
/// (a character index of the source) and its text, which 3.11 parses on its own as
/// `(expression)`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Field {
    pub(super) start: usize,
    pub(super) expression: String,
    /// How many format specifications it sits in (3.11 allows one).
    pub(super) depth: usize,
    /// Whether a `}`, `!` or `:` ends it before the string does.
    pub(super) closed: bool,
}

impl Field {
    /// The error 3.11's scan of the field (`fstring_find_expr`) raises, before it parses the
    /// expression: brackets that do not match, a string or the field left open.
    pub(super) fn scan_error(&self) -> Option<String> {
        let mut open = Vec::new();
        let mut quote = None;
        for c in self.expression.chars() {
            match (quote, c) {
                (Some(q), _) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(' | '[' | '{') => open.push(c),
                (None, ')' | ']' | '}') => match open.pop() {
                    None => return Some(format!("f-string: unmatched '{c}'")),
                    Some(o) if matches!((o, c), ('(', ')') | ('[', ']') | ('{', '}')) => {}
                    Some(o) => {
                        return Some(format!(
                            "f-string: closing parenthesis '{c}' does not match opening parenthesis '{o}'"
                        ));
                    }
                },
                _ => {}
            }
        }
        if self.closed {
            return None;
        }
        Some(match (quote, open.last()) {
            (Some(_), _) => "f-string: unterminated string".to_owned(),
            (None, Some(o)) => format!("f-string: unmatched '{o}'"),
            (None, None) => "f-string: expecting '}'".to_owned(),
        })
    }
}

/// The first error of 3.11's scan of the fields of the f-string around 1-based `line` and
/// `column`.
pub(super) fn scan_error_at(source: &str, line: usize, column: usize) -> Option<String> {
    let line_start: usize =
        source.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let at = line_start + column.checked_sub(1)?;
    let string = layout(source).strings.into_iter().find(|s| s.start <= at && at < s.end)?;
    fields(source)
        .into_iter()
        .filter(|f| string.start <= f.start && f.start < string.end)
        .find_map(|f| f.scan_error())
}

/// The first error of 3.11's scan of the f-strings' fields (see [`Field::scan_error`]): where the
/// string holding it starts (a character index) and the message.
pub(super) fn first_scan_error(source: &str) -> Option<(usize, String)> {
    fields(source).into_iter().find_map(|field| {
        let message = field.scan_error()?;
        Some((string_around(source, field.start)?, message))
    })
}

/// The replacement fields of every f-string of `source` (nested ones in format specifications
/// too), in order.
pub(super) fn fields(source: &str) -> Vec<Field> {
    let chars: Vec<char> = source.chars().collect();
    let mut fields = Vec::new();
    for string in layout(source).strings {
        let literal = &chars[string.start..string.end];
        let prefix = string_prefix(literal);
        if !prefix.contains('f') {
            continue;
        }
        let quotes = match literal.get(prefix.len()..prefix.len() + 3) {
            Some([a, b, c]) if a == b && b == c => 3,
            _ => 1,
        };
        let body_start = string.start + prefix.len() + quotes;
        let body_end = string.end.saturating_sub(quotes).max(body_start);
        scan_literal(&chars, body_start, body_end, 0, &mut fields);
    }
    fields
}

/// Scans literal text (an f-string's body or a format specification) from `i` to `end`,
/// collecting its fields; returns where it stopped (`end`, or a `}` closing a format spec).
fn scan_literal(
    chars: &[char],
    mut i: usize,
    end: usize,
    depth: usize,
    fields: &mut Vec<Field>,
) -> usize {
    while i < end {
        match chars[i] {
            '{' if depth == 0 && chars.get(i + 1) == Some(&'{') => i += 2,
            '}' if depth == 0 && chars.get(i + 1) == Some(&'}') => i += 2,
            '}' if depth > 0 => return i,
            '{' => i = scan_field(chars, i + 1, end, depth, fields),
            _ => i += 1,
        }
    }
    end
}

/// Scans a replacement field whose expression starts at `i`; returns the index after its `}`.
fn scan_field(
    chars: &[char],
    start: usize,
    end: usize,
    depth: usize,
    fields: &mut Vec<Field>,
) -> usize {
    let mut i = start;
    let mut brackets = 0usize;
    let mut quote: Option<char> = None;
    while i < end {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => brackets += 1,
            ')' | ']' => brackets = brackets.saturating_sub(1),
            '}' if brackets > 0 => brackets -= 1,
            '!' if brackets == 0 && chars.get(i + 1) != Some(&'=') => break,
            ':' | '}' if brackets == 0 => break,
            _ => {}
        }
        i += 1;
    }
    let closed = i < end;
    fields.push(Field { start, expression: chars[start..i].iter().collect(), depth, closed });
    if chars.get(i) == Some(&'!') {
        i += 2;
    }
    if chars.get(i) == Some(&':') {
        i = scan_literal(chars, i + 1, end, depth + 1, fields);
    }
    (i + 1).min(end.max(i))
}

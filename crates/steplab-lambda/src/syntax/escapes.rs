//! CPython 3.11's errors for a bad escape in a string literal, which RustPython reports as "got
//! unexpected unicode": the `unicodeescape` codec's error, with positions in the literal's body
//! as the codec sees it (3.11's parser first writes each non-ASCII character as `\UXXXXXXXX`, ten
//! bytes), or for a bytes literal the `\x` escape's position.

use super::indentation::{char_index, layout, string_prefix};

/// The message CPython 3.11 gives for the first bad escape of the string literal that holds the
/// 1-based `line` and `column` (where RustPython placed its error, inside the bad escape when it
/// is a `\N{…}` with an unknown name); `None` when there is no such literal or no bad escape.
pub(super) fn escape_error(source: &str, line: usize, column: usize) -> Option<String> {
    let (chars, at) = char_index(source, line, column)?;
    let layout = layout(source);
    let string = layout.strings.iter().find(|s| s.start <= at && at < s.end)?;
    let literal = &chars[string.start..string.end];
    let prefix = string_prefix(literal);
    // raw strings have no escapes; an f-string's parts are decoded one by one
    if prefix.contains('r') || prefix.contains('f') {
        return None;
    }
    let bytes = prefix.contains('b');
    let quote = literal.get(prefix.len())?;
    let quotes =
        if literal.get(prefix.len()..prefix.len() + 3) == Some(&[*quote; 3]) { 3 } else { 1 };
    let body_start = string.start + prefix.len() + quotes;
    let body = chars.get(body_start..string.end.checked_sub(quotes)?)?;
    let mut position = 0;
    let mut i = 0;
    while let Some(&c) = body.get(i) {
        if c != '\\' {
            position += if c.is_ascii() { 1 } else { 10 };
            i += 1;
            continue;
        }
        let start = position;
        let &kind = body.get(i + 1)?;
        let hex = |from: usize, most: usize| {
            body[from.min(body.len())..]
                .iter()
                .take(most)
                .take_while(|c| c.is_ascii_hexdigit())
                .count()
        };
        let codec = |end: usize, reason: &str| {
            Some(format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position \
                 {start}-{end}: {reason}"
            ))
        };
        let length = match kind {
            'x' => {
                let digits = hex(i + 2, 2);
                if digits < 2 {
                    if bytes {
                        return Some(format!(
                            "(value error) invalid \\x escape at position {start}"
                        ));
                    }
                    return codec(start + 1 + digits, "truncated \\xXX escape");
                }
                4
            }
            'u' | 'U' if !bytes => {
                let (want, reason) = if kind == 'u' {
                    (4, "truncated \\uXXXX escape")
                } else {
                    (8, "truncated \\UXXXXXXXX escape")
                };
                let digits = hex(i + 2, want);
                if digits < want {
                    return codec(start + 1 + digits, reason);
                }
                let value: String = body[i + 2..i + 2 + want].iter().collect();
                if u32::from_str_radix(&value, 16).ok().is_none_or(|v| char::from_u32(v).is_none())
                {
                    return codec(start + 1 + want, "illegal Unicode character");
                }
                2 + want
            }
            'N' if !bytes => {
                let malformed = "malformed \\N character escape";
                if body.get(i + 2) != Some(&'{') {
                    return codec(start + 1, malformed);
                }
                let Some(close) = body[i + 3..].iter().position(|&c| c == '}') else {
                    return codec(start + body.len() - i - 1, malformed);
                };
                let close = i + 3 + close;
                if close == i + 3 {
                    return codec(start + 2, malformed);
                }
                // RustPython places its error in the name it does not know
                if (body_start + i..=body_start + close).contains(&at) {
                    return codec(start + close - i, "unknown Unicode character name");
                }
                close - i + 1
            }
            _ => {
                // any other character after a backslash is kept (3.11 only warns); before a
                // non-ASCII one the parser writes the backslash as `\u005c`
                position += if kind.is_ascii() { 2 } else { 6 + 10 };
                i += 2;
                continue;
            }
        };
        position += length;
        i += length;
    }
    None
}

//! Translation of JavaScript regular expressions (as written in JSONata regex
//! literals) to the syntax of the `regex` crate.
//!
//! JavaScript's classes are spelled out as ECMAScript defines them for a pattern without the `u`
//! flag (JSONata's): `\d` and `\w` are ASCII, `\s` is [`JS_SPACE`], `\b` is an ASCII word
//! boundary, and `\p` is a plain `p`. The `regex` crate is built without its Unicode class tables
//! (only case folding, for the `i` flag), which these never need.

/// ECMAScript's `WhiteSpace` and `LineTerminator` characters: what `\s` matches.
const JS_SPACE: &str = "\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// Compiles a JavaScript regex pattern with JSONata flags (`i`, `m`).
pub(crate) fn compile(pattern: &str, flags: &str) -> Result<regex::Regex, String> {
    let mut out = String::new();
    let mut prefix = String::new();
    if flags.contains('i') {
        prefix.push('i');
    }
    if flags.contains('m') {
        prefix.push('m');
    }
    if !prefix.is_empty() {
        out.push_str(&format!("(?{prefix})"));
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let n = chars[i + 1];
                match n {
                    'd' if !in_class => out.push_str("[0-9]"),
                    'd' => out.push_str("0-9"),
                    'D' => out.push_str("[^0-9]"),
                    'w' if !in_class => out.push_str("[0-9A-Za-z_]"),
                    'w' => out.push_str("0-9A-Za-z_"),
                    'W' => out.push_str("[^0-9A-Za-z_]"),
                    's' if !in_class => out.push_str(&format!("[{JS_SPACE}]")),
                    's' => out.push_str(JS_SPACE),
                    'S' => out.push_str(&format!("[^{JS_SPACE}]")),
                    'b' if !in_class => out.push_str("(?-u:\\b)"),
                    'b' => out.push_str("\\x08"),
                    'B' if !in_class => out.push_str("(?-u:\\B)"),
                    'p' | 'P' => out.push(n),
                    '/' => out.push('/'),
                    'u' if i + 6 <= chars.len()
                        && chars[i + 2..i + 6].iter().all(char::is_ascii_hexdigit) =>
                    {
                        let hex: String = chars[i + 2..i + 6].iter().collect();
                        out.push_str(&format!("\\x{{{hex}}}"));
                        i += 6;
                        continue;
                    }
                    'c' | 'k' => return Err(format!("unsupported escape \\{n}")),
                    n if n.is_ascii_digit() && n != '0' => {
                        return Err("back-references are not supported".into());
                    }
                    '0' => out.push_str("\\x00"),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                i += 2;
                continue;
            }
            '[' if !in_class => {
                let negated = chars.get(i + 1) == Some(&'^');
                let first = i + 1 + usize::from(negated);
                // a leading ']' is literal in JS only as `[]` (matches nothing) or `[^]` (anything)
                if chars.get(first) == Some(&']') {
                    out.push_str(if negated {
                        "[\\x{0}-\\x{10FFFF}]"
                    } else {
                        "[^\\x{0}-\\x{10FFFF}]"
                    });
                    i = first + 1;
                    continue;
                }
                in_class = true;
                out.push_str(if negated { "[^" } else { "[" });
                i = first;
                continue;
            }
            '[' if in_class => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '(' if !in_class && chars.get(i + 1) == Some(&'?') => match chars.get(i + 2) {
                Some('=' | '!') => return Err("look-around assertions are not supported".into()),
                Some('<') if matches!(chars.get(i + 3), Some('=' | '!')) => {
                    return Err("look-behind assertions are not supported".into());
                }
                Some('<') => {
                    out.push_str("(?P<");
                    i += 3;
                    continue;
                }
                _ => out.push('('),
            },
            '&' | '~' | '-' if in_class && chars.get(i + 1) == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            '$' if !in_class && !flags.contains('m') => out.push_str("\\z"),
            _ => out.push(c),
        }
        i += 1;
    }
    regex::Regex::new(&out).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::compile;

    fn matches(pattern: &str, flags: &str, text: &str) -> bool {
        compile(pattern, flags).unwrap_or_else(|e| panic!("/{pattern}/{flags}: {e}")).is_match(text)
    }

    #[test]
    fn classes_are_javascripts() {
        // `\w`, `\d` and `\b` are ASCII in a pattern without the `u` flag
        assert!(matches(r"^\w+$", "", "abc_09"));
        assert!(!matches(r"^\w+$", "", "café"));
        assert!(matches(r"^[\w-]+$", "", "a-b"));
        assert!(!matches(r"^\d$", "", "٣"));
        assert!(matches(r"\bcat\b", "", "a cat!"));
        // é is no word character: no boundary after it, one between `a` and it
        assert!(!matches(r"é\b", "", "é"));
        assert!(!matches(r"a\B", "", "aé"));
        // `\s` is ECMAScript's WhiteSpace and LineTerminator, `\S` the rest
        for space in ["\u{a0}", "\u{feff}", "\u{2028}", "\u{3000}", "\t", "\u{b}"] {
            assert!(matches(r"^\s$", "", space), "{space:?}");
            assert!(matches(r"^[\s]$", "", space), "{space:?}");
            assert!(!matches(r"^\S$", "", space), "{space:?}");
        }
        assert!(!matches(r"^\s$", "", "\u{85}"));
        // `\p` is a `p`; `[^]` matches anything, `[]` nothing
        assert!(matches(r"^\p\P$", "", "pP"));
        assert!(matches(r"^[^]$", "", "\n"));
        assert!(!matches(r"[]", "", "anything"));
        // the `i` flag folds case beyond ASCII, as JavaScript's does
        assert!(matches("^ÉTÉ$", "i", "été"));
    }
}

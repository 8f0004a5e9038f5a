//! Translation of JavaScript regular expressions (as written in JSONata regex
//! literals) to the syntax of the `regex` crate.

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
                in_class = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // a leading ']' is literal in JS only as `[]` (matches nothing) or `[^]` (anything)
                if chars.get(i + 1) == Some(&']') {
                    out.pop();
                    if out.ends_with('^') {
                        out.pop();
                        out.pop();
                        out.push_str("[\\s\\S]");
                    } else {
                        out.pop();
                        out.push_str("[^\\s\\S]");
                    }
                    in_class = false;
                    i += 2;
                    continue;
                }
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

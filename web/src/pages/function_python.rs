//! Python highlighting for the Lambda code editor, line by line, with a syntax error marked where
//! Python reports it. Pure logic (no DOM), tested natively.

use std::ops::Range;

/// A run of one line's text with one look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    /// `keyword`, `literal`, `builtin`, `string`, `number`, `comment`, `decorator`, `definition`,
    /// or empty for the rest.
    pub class: &'static str,
    /// Whether the syntax error's span covers it.
    pub marked: bool,
}

/// A span to mark: 1-based lines and character columns, the end exclusive (an empty span marks
/// the character at its start, or the end of the line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

const KEYWORDS: [&str; 35] = [
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match",
    "case", "type",
];
const LITERALS: [&str; 3] = ["True", "False", "None"];
const BUILTINS: [&str; 40] = [
    "abs",
    "all",
    "any",
    "bool",
    "bytes",
    "callable",
    "dict",
    "dir",
    "enumerate",
    "filter",
    "float",
    "format",
    "getattr",
    "hasattr",
    "hash",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "open",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "sorted",
    "str",
    "sum",
    "super",
    "tuple",
    "zip",
];

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The tokens of `text` (lenient: anything is accepted, unfinished strings run to their end).
fn tokens(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |(o, _)| *o);
    let mut out: Vec<(Range<usize>, &'static str)> = Vec::new();
    let mut i = 0;
    let mut previous_word = "";
    let mut line_start = true;
    while i < chars.len() {
        let start = i;
        let c = chars[i].1;
        let class = if c == '#' {
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
            }
            "comment"
        } else if let Some(quote_at) = string_start(&chars, i) {
            i = string_end(&chars, quote_at);
            "string"
        } else if c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while let Some(d) = at(i) {
                let exponent_sign = (d == '+' || d == '-')
                    && i > start
                    && matches!(at(i - 1), Some('e' | 'E'))
                    && !text[offset(start)..offset(i)].starts_with("0x");
                if d.is_ascii_alphanumeric() || d == '_' || d == '.' || exponent_sign {
                    i += 1;
                } else {
                    break;
                }
            }
            "number"
        } else if c == '@' && line_start {
            i += 1;
            while at(i).is_some_and(|c| is_ident(c) || c == '.') {
                i += 1;
            }
            "decorator"
        } else if is_ident_start(c) {
            while at(i).is_some_and(is_ident) {
                i += 1;
            }
            let word = &text[offset(start)..offset(i)];
            let class = if matches!(previous_word, "def" | "class") {
                "definition"
            } else if KEYWORDS.contains(&word) {
                "keyword"
            } else if LITERALS.contains(&word) {
                "literal"
            } else if BUILTINS.contains(&word) {
                "builtin"
            } else {
                ""
            };
            previous_word = word;
            line_start = false;
            out.push((offset(start)..offset(i), class));
            continue;
        } else {
            i += 1;
            ""
        };
        if c == '\n' {
            line_start = true;
        } else if !c.is_whitespace() {
            line_start = false;
            previous_word = "";
        }
        out.push((offset(start)..offset(i), class));
    }
    out
}

/// Where a string literal starting at `i` (with its prefix) has its opening quote.
fn string_start(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i;
    while j < chars.len()
        && j - i < 2
        && matches!(chars[j].1, 'r' | 'R' | 'b' | 'B' | 'u' | 'U' | 'f' | 'F')
    {
        j += 1;
    }
    let quote = chars.get(j)?.1;
    let prefix_ok = i == 0 || !is_ident(chars[i - 1].1);
    (matches!(quote, '\'' | '"') && prefix_ok).then_some(j)
}

/// The index after a string whose opening quote is at `q`.
fn string_end(chars: &[(usize, char)], q: usize) -> usize {
    let quote = chars[q].1;
    let triple = chars.get(q + 1).map(|c| c.1) == Some(quote)
        && chars.get(q + 2).map(|c| c.1) == Some(quote);
    let mut i = if triple { q + 3 } else { q + 1 };
    while i < chars.len() {
        let c = chars[i].1;
        if c == '\\' {
            i += 2;
            continue;
        }
        if !triple && c == '\n' {
            return i;
        }
        if c == quote {
            if !triple {
                return i + 1;
            }
            if chars.get(i + 1).map(|c| c.1) == Some(quote)
                && chars.get(i + 2).map(|c| c.1) == Some(quote)
            {
                return i + 3;
            }
        }
        i += 1;
    }
    chars.len()
}

/// The byte range of a 1-based line and character column span in `text`, clamped to the text; an
/// empty span widens to the character at its start (nothing when that is the end of a line).
fn byte_range(text: &str, span: Span) -> Range<usize> {
    let position = |line: usize, column: usize| -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match text[start..].find('\n') {
                Some(n) => start += n + 1,
                None => return text.len(),
            }
        }
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        text[start..end].char_indices().nth(column.max(1) - 1).map_or(end, |(o, _)| start + o)
    };
    let start = position(span.line, span.column);
    let end = position(span.end_line, span.end_column).max(start);
    if end > start {
        return start..end;
    }
    match text[start..].chars().next() {
        Some(c) if c != '\n' => start..start + c.len_utf8(),
        _ => start..start,
    }
}

/// `text` as lines of pieces (byte ranges into `text`, without the line breaks), with `mark`'s
/// span flagged; a mark with nothing to cover (the end of a line) is an empty marked piece.
pub fn highlight(text: &str, mark: Option<Span>) -> Vec<Vec<Piece>> {
    let marked = mark.map(|span| byte_range(text, span));
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    for (range, class) in tokens(text) {
        let mut cuts = vec![range.start, range.end];
        if let Some(m) = &marked {
            cuts.extend([m.start, m.end].into_iter().filter(|o| range.contains(o)));
        }
        cuts.extend(
            text[range.clone()]
                .match_indices('\n')
                .flat_map(|(o, _)| [range.start + o, range.start + o + 1]),
        );
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let piece = pair[0]..pair[1];
            if &text[piece.clone()] == "\n" {
                lines.push(Vec::new());
                continue;
            }
            let is_marked = marked
                .as_ref()
                .is_some_and(|m| m.start <= piece.start && piece.end <= m.end && m.start < m.end);
            if let Some(line) = lines.last_mut() {
                line.push(Piece { range: piece, class, marked: is_marked });
            }
        }
    }
    // an error at the end of a line (a missing `:`, an unclosed bracket) marks the place itself
    if let Some(m) = marked.filter(|m| m.is_empty()) {
        let line = text[..m.start].matches('\n').count();
        if let Some(pieces) = lines.get_mut(line) {
            let at = pieces.iter().position(|p| p.range.start >= m.start).unwrap_or(pieces.len());
            pieces.insert(at, Piece { range: m.clone(), class: "", marked: true });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::{Span, highlight};

    fn show(text: &str, mark: Option<Span>) -> String {
        highlight(text, mark)
            .iter()
            .map(|line| {
                line.iter()
                    .filter(|p| !p.class.is_empty() || p.marked)
                    .map(|p| {
                        let flag = if p.marked { "!" } else { "" };
                        format!("{}{flag}:{:?}", p.class, &text[p.range.clone()])
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn python_is_highlighted_line_by_line() {
        let code = "import json  # the module\n\n@functools.cache\ndef lambda_handler(event, context):\n    doc = \"\"\"two\nlines\"\"\"\n    return {'n': len(event), 'x': 1.5e-3, \"ok\": True, 'f': f'{event!r}'}\n";
        expect![[r##"
            keyword:"import" comment:"# the module"

            decorator:"@functools.cache"
            keyword:"def" definition:"lambda_handler"
            string:"\"\"\"two"
            string:"lines\"\"\""
            keyword:"return" string:"'n'" builtin:"len" string:"'x'" number:"1.5e-3" string:"\"ok\"" literal:"True" string:"'f'" string:"f'{event!r}'"
        "##]]
        .assert_eq(&show(code, None));
    }

    #[test]
    fn the_syntax_error_span_is_marked() {
        let code = "def f(x)\n    return 'caf\u{e9}\n";
        let mark = |line, column, end_line, end_column| {
            show(code, Some(Span { line, column, end_line, end_column }))
        };
        expect![[r#"
            keyword:"def" definition:"f" !:")"
            keyword:"return" string:"'café"
        "#]]
        .assert_eq(&mark(1, 8, 1, 8));
        expect![[r#"
            keyword:"def" definition:"f"
            keyword:"return" string!:"'caf" string:"é"
        "#]]
        .assert_eq(&mark(2, 12, 2, 16));
        // at the end of a line (CPython's place for a missing `:`), and past the end of the text:
        // the place itself is marked, nothing panics
        expect![[r#"
            keyword:"def" definition:"f" !:""
            keyword:"return" string:"'café"
        "#]]
        .assert_eq(&mark(1, 9, 1, 9));
        expect![[r#"
            keyword:"def" definition:"f"
            keyword:"return" string:"'café"
            !:"""#]]
        .assert_eq(&mark(9, 99, 9, 99));
    }
}

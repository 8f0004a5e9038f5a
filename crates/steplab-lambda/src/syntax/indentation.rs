//! The indentation checks of CPython 3.11's tokenizer (`Parser/tokenizer.c`, `tok_get`), which
//! RustPython's lexer makes differently: at the start of each logical line outside brackets it
//! measures the indentation twice, with tabs to multiples of 8 and with tabs as one column, and
//! raises `TabError` when the two measures disagree on indent, dedent or no change; a dedent to a
//! column no outer block has is an `IndentationError`, and so is a 100th level.
//!
//! Only line starts matter, so this scanner knows no more tokens than it needs to find them:
//! strings (whose lines are not line starts), comments, brackets and backslash continuations.

/// An error of the tokenizer's indentation pass: what CPython 3.11 raises, where.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct IndentationProblem {
    /// `TabError` or `IndentationError`.
    pub(super) kind: &'static str,
    pub(super) msg: &'static str,
    /// 1-based line.
    pub(super) line: usize,
    /// `SyntaxError.offset` as CPython 3.11 gives it (1-based characters).
    pub(super) offset: usize,
}

/// `TABSIZE` and `ALTTABSIZE` of the tokenizer.
const TAB_SIZE: usize = 8;
/// `MAXINDENT`: the indentation stack's depth.
const MAX_INDENT: usize = 100;

/// The first indentation error CPython 3.11's tokenizer raises for `source` (lines ending in `\n`),
/// if it reads that far: the scan stops, finding nothing, where the tokenizer itself fails in
/// another way (a string not closed, a stray backslash), which the parser then reports.
pub(super) fn indentation_problem(source: &str) -> Option<IndentationProblem> {
    layout(source).problem
}

/// What the scan finds of `source`'s tokens, as far as the tokenizer reads.
#[derive(Default)]
pub(super) struct Layout {
    /// The lines (1-based) that start a logical line with code (not blank, not only a comment,
    /// not inside brackets or a string).
    pub(super) code_lines: Vec<usize>,
    /// The string literals (f-strings too, which are strings to 3.11's tokenizer).
    pub(super) strings: Vec<StringSpan>,
    /// The tokenizer's first indentation error.
    pub(super) problem: Option<IndentationProblem>,
    /// Whether the scan stopped in a string left open: a triple-quoted one (at the end of the
    /// file) or not.
    pub(super) open_string: Option<bool>,
}

/// A string literal: its characters (prefix and quotes included) and the brackets open around it.
pub(super) struct StringSpan {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) level: usize,
}

/// `source`'s characters, and the index among them of its 1-based `line` and `column` (counted in
/// characters).
pub(super) fn char_index(source: &str, line: usize, column: usize) -> Option<(Vec<char>, usize)> {
    let chars: Vec<char> = source.chars().collect();
    let line_start: usize =
        source.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    Some((chars, line_start + column.checked_sub(1)?))
}

/// A string literal's prefix (`r`, `b`, `f`, …), lowercased.
pub(super) fn string_prefix(literal: &[char]) -> String {
    literal.iter().take_while(|c| c.is_ascii_alphabetic()).map(|c| c.to_ascii_lowercase()).collect()
}

pub(super) fn layout(source: &str) -> Layout {
    let mut layout = Layout::default();
    scan(source, &mut layout);
    layout
}

/// The tokenizer's check of a logical line's indentation (`columns`: with tabs to multiples of 8,
/// and as one column) against the stack of open blocks, which it updates.
fn indent(
    indents: &mut Vec<(usize, usize)>,
    (column, alt_column): (usize, usize),
    line: usize,
    length: usize,
) -> Option<IndentationProblem> {
    let problem = |kind, msg, offset| Some(IndentationProblem { kind, msg, line, offset });
    let tab_error = || problem("TabError", "inconsistent use of tabs and spaces in indentation", 1);
    let (top, alt_top) = indents.last().copied().unwrap_or_default();
    if column == top {
        if alt_column != alt_top {
            return tab_error();
        }
    } else if column > top {
        if indents.len() >= MAX_INDENT {
            return problem("IndentationError", "too many levels of indentation", 1);
        }
        indents.push((column, alt_column));
        if alt_column <= alt_top {
            return tab_error();
        }
    } else {
        while indents.len() > 1 && indents.last().is_some_and(|&(c, _)| column < c) {
            indents.pop();
        }
        let (top, alt_top) = indents.last().copied().unwrap_or_default();
        if column != top {
            let msg = "unindent does not match any outer indentation level";
            return problem("IndentationError", msg, length);
        }
        if alt_column != alt_top {
            return tab_error();
        }
    }
    None
}

fn scan(source: &str, layout: &mut Layout) {
    let chars: Vec<char> = source.chars().collect();
    let mut indents = vec![(0usize, 0usize)];
    let mut level = 0usize;
    let mut line = 1usize;
    let mut at_line_start = true;
    let mut i = 0;
    while i < chars.len() {
        if at_line_start {
            at_line_start = false;
            let line_start = i;
            let (mut column, mut alt_column) = (0usize, 0usize);
            while let Some(&c) = chars.get(i) {
                match c {
                    ' ' => (column, alt_column) = (column + 1, alt_column + 1),
                    '\t' => {
                        (column, alt_column) = ((column / TAB_SIZE + 1) * TAB_SIZE, alt_column + 1)
                    }
                    '\x0c' => (column, alt_column) = (0, 0),
                    _ => break,
                }
                i += 1;
            }
            // lines of only blanks and comments leave the indentation as it is
            let blank = matches!(chars.get(i), None | Some('#' | '\n'));
            if !blank && level == 0 {
                layout.code_lines.push(line);
                let end = chars[line_start..].iter().position(|&c| c == '\n');
                // the tokenizer has read the whole line, newline included
                let length = end.map_or(chars.len() - line_start + 1, |n| n + 1);
                let found = indent(&mut indents, (column, alt_column), line, length);
                if layout.problem.is_none() {
                    layout.problem = found;
                }
            }
            continue;
        }
        match chars[i] {
            '\n' => {
                line += 1;
                at_line_start = true;
                i += 1;
            }
            '#' => {
                while chars.get(i).is_some_and(|&c| c != '\n') {
                    i += 1;
                }
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                line += 1;
                i += 2;
            }
            // anything else after a backslash is the tokenizer's own error
            '\\' => return,
            '(' | '[' | '{' => {
                level += 1;
                i += 1;
            }
            ')' | ']' | '}' => {
                level = level.saturating_sub(1);
                i += 1;
            }
            quote @ ('\'' | '"') => {
                let prefix = chars[..i]
                    .iter()
                    .rev()
                    .take_while(|c| matches!(c, 'r' | 'R' | 'b' | 'B' | 'u' | 'U' | 'f' | 'F'))
                    .count();
                let start = i - prefix;
                let triple = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
                i += if triple { 3 } else { 1 };
                loop {
                    match chars.get(i) {
                        // not closed: the tokenizer stops there
                        None => {
                            layout.open_string = Some(triple);
                            return;
                        }
                        Some('\n') if !triple => {
                            layout.open_string = Some(false);
                            return;
                        }
                        Some('\\') => {
                            if chars.get(i + 1) == Some(&'\n') {
                                line += 1;
                            }
                            i += 2;
                        }
                        Some('\n') => {
                            line += 1;
                            i += 1;
                        }
                        Some(&c) if c == quote => {
                            if !triple {
                                i += 1;
                                break;
                            }
                            if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote)
                            {
                                i += 3;
                                break;
                            }
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                layout.strings.push(StringSpan { start, end: i, level });
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    #[test]
    fn the_tokenizer_measures_only_line_starts_outside_brackets_and_strings() {
        let cases = [
            "if x:\n\tif y:\n        pass\n",
            "if x:\n  a\n\tb\n",
            "if x:\n\ta = 1\n    b = 2",
            "x = (\n\t1,\n        2)\n",
            "s = '''\n\ta\n        b'''\nif x:\n\ta = 1\n",
            "if x:\n\ta = 1\n        # comment\n\tb = 2\n",
            "if x:\n\ta = 1 \\\n        + 2\n\tb = 2\n",
            "s = 'abc\nif x:\n\ta\n        b\n",
            "if x:\n    \ta = 1\n\tb = 2\n",
        ];
        let found: Vec<String> =
            cases.iter().map(|s| format!("{:?}", super::indentation_problem(s))).collect();
        expect![[r#"
            Some(IndentationProblem { kind: "TabError", msg: "inconsistent use of tabs and spaces in indentation", line: 3, offset: 1 })
            Some(IndentationProblem { kind: "TabError", msg: "inconsistent use of tabs and spaces in indentation", line: 3, offset: 1 })
            Some(IndentationProblem { kind: "IndentationError", msg: "unindent does not match any outer indentation level", line: 3, offset: 10 })
            None
            None
            None
            None
            None
            Some(IndentationProblem { kind: "TabError", msg: "inconsistent use of tabs and spaces in indentation", line: 3, offset: 1 })"#]]
        .assert_eq(&found.join("\n"));
    }
}

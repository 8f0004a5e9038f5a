//! Where CPython 3.11 places an error in an f-string. Its tokenizer reads an f-string as a plain
//! string; the parser looks one token past it (for strings to concatenate), and an error found
//! while reading the f-string's parts is raised at that next token.

use super::indentation::layout;

/// The 1-based line and column CPython 3.11 gives an error that RustPython places at `line` and
/// `column` inside an f-string: the start of the token after it (and after any strings
/// concatenated to it); `None` when that place is in no string.
pub(super) fn after_string(source: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = source.chars().collect();
    let line_start: usize =
        source.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let at = line_start + column.checked_sub(1)?;
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

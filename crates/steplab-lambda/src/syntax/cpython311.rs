//! Where RustPython (a Python 3.14 with a ruff parser) words or places a `SyntaxError` otherwise
//! than CPython 3.11 for the same source: each rule is checked against CPython 3.11.7's own
//! errors in `tests/data/syntax_errors.json`.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, walk_stmt};
use ruff_python_ast::{Expr, Mod, Stmt};
use ruff_python_parser::{LexicalErrorType, ParseError, ParseErrorType, Parsed};
use ruff_text_size::{Ranged, TextSize};

use super::SyntaxProblem;

/// A `SyntaxError` as CPython 3.11 raises it: exception type, `msg`, and 1-based start and end
/// (characters; the end equals the start where CPython gives none).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Reworded {
    pub(super) kind: &'static str,
    pub(super) msg: String,
    pub(super) line: usize,
    pub(super) offset: usize,
    pub(super) end_line: usize,
    pub(super) end_offset: usize,
}

impl Reworded {
    /// A `SyntaxError` marked at one place.
    fn point(msg: String, line: usize, offset: usize) -> Self {
        Self { kind: "SyntaxError", msg, line, offset, end_line: line, end_offset: offset }
    }
}

/// CPython 3.11's error in place of `raised`, RustPython's, when they differ; `first` is the
/// parser's first error in `parsed` (none when RustPython's comes from the compiler).
pub(super) fn reworded(
    source: &str,
    raised: &SyntaxProblem,
    parsed: &Parsed<Mod>,
    first: Option<&ParseError>,
) -> Option<Reworded> {
    let same_place = |kind: &'static str, msg: &str| Reworded {
        kind,
        msg: msg.to_owned(),
        line: raised.line,
        offset: raised.column,
        end_line: raised.end_line,
        end_offset: raised.end_column,
    };
    let message = raised.message.as_str();
    let renamed = match message {
        // RustPython's (or ruff's) own words, which CPython 3.11 has not got: its generic
        // message, where its parser stops
        "Expected one or more names after 'import'"
        | "yield expression cannot be used here"
        | "expected symbol after `as`"
        | "delete statement must have at least one target"
        | "exception missing in `raise` statement with cause" => Some("invalid syntax"),
        // (after the strings' own errors)
        "invalid syntax. Is this intended to be part of the string?"
            if !first.is_some_and(|f| matches!(&f.error, ParseErrorType::OtherError(_))) =>
        {
            Some("invalid syntax")
        }
        _ if message.starts_with("cannot use ") && message.ends_with(" as import target") => {
            Some("invalid syntax")
        }
        "expected an imaginary number in complex literal pattern" => {
            Some("imaginary number required in complex literal")
        }
        // 3.11 says so only when a parameter follows (`def f(/, a)`)
        "at least one argument must precede /"
            if !source_after(source, raised.line, raised.column).trim_start().starts_with(',') =>
        {
            Some("invalid syntax")
        }
        // CPython 3.12 took up the wording RustPython uses
        "parameter without a default follows parameter with a default" => {
            Some("non-default argument follows default argument")
        }
        "f-string: valid expression required before '}'" => {
            Some("f-string: empty expression not allowed")
        }
        "f-string: missing conversion character" => {
            Some("f-string: invalid conversion character: expected 's', 'r', or 'a'")
        }
        _ if message.starts_with("f-string: invalid conversion character") => {
            Some("f-string: invalid conversion character: expected 's', 'r', or 'a'")
        }
        _ => None,
    };
    // a bad escape: the codec's error, raised once the parser has read the token after the string
    if (message == "got unexpected unicode" || message.starts_with("(unicode error)"))
        && let Some(msg) = super::escapes::escape_error(source, raised.line, raised.column)
        && let Some((line, offset)) =
            super::fstring::after_string(source, raised.line, raised.column)
    {
        return Some(Reworded {
            line,
            offset,
            end_line: line,
            end_offset: offset,
            ..same_place("SyntaxError", &msg)
        });
    }
    let mut msg = renamed.unwrap_or(message).to_owned();
    // 3.11 reads an f-string's fields itself before parsing them: its own error comes first
    if (msg.starts_with("f-string") || msg.starts_with("unterminated string literal"))
        && let Some(scan) = super::fstring::scan_error_at(source, raised.line, raised.column)
    {
        msg = scan;
    }
    let msg = msg.as_str();
    // raised when the strings are joined, once the parser has read the token after them
    // (RustPython may place it before the string; the parser's first error is in it)
    let in_string = || {
        super::fstring::after_string(source, raised.line, raised.column).or_else(|| {
            let (line, column) = position(source, first?.location.start().to_usize());
            super::fstring::after_string(source, line, column)
        })
    };
    if (msg.starts_with("f-string: ") || msg == "cannot mix bytes and nonbytes literals")
        && let Some((line, offset)) = in_string()
    {
        let at = Reworded::point(msg.to_owned(), line, offset);
        return Some(at);
    }
    if let Some(msg) = renamed {
        return Some(same_place("SyntaxError", msg));
    }
    if matches!(message, "unexpected indentation" | "unexpected indent") {
        // CPython places it after the indentation (`tok->cur - line_start`, not one past it)
        let indentation = line_text(source, raised.line)
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '\x0c'))
            .count();
        if indentation == 0 {
            return None;
        }
        let at = Reworded {
            offset: indentation,
            end_line: raised.line,
            end_offset: indentation,
            ..same_place("IndentationError", "unexpected indent")
        };
        return Some(at);
    }
    if let Some(clause) = message.strip_prefix("expected an indented block after ")
        && let Some((clause, line)) = clause.rsplit_once(" on line ")
        && let Ok(line) = line.parse::<usize>()
    {
        // RustPython names the line before the error, a comment's if there is one; CPython the
        // header's first line, and marks the next logical line or the end of the file
        let lines = super::indentation::layout(source).code_lines;
        let header = lines.iter().copied().filter(|l| *l <= line).max().unwrap_or(line);
        let (at_line, at_offset) = next_logical_line_or_end(source, header);
        let msg = format!("expected an indented block after {clause} on line {header}");
        return Some(Reworded {
            kind: "IndentationError",
            msg,
            line: at_line,
            offset: at_offset,
            end_line: at_line,
            end_offset: at_offset,
        });
    }
    if message == "expected 'except' or 'finally' block" {
        // 3.11 marks the token after the `try` block's body: the next logical line, or the end
        let body_end = first_bare_try(parsed)?;
        let body_line = position(source, body_end.to_usize()).0;
        let (line, offset) = next_logical_line_or_end(source, body_line);
        return Some(Reworded::point(message.to_owned(), line, offset));
    }
    // RustPython marks the quote, CPython the string's prefix (`b'`, `rb'`, …)
    // (3.11's tokenizer reads an f-string as a string)
    let unterminated = message.replacen(" f-string literal", " string literal", 1);
    if unterminated.starts_with("unterminated string literal")
        || unterminated.starts_with("unterminated triple-quoted string literal")
    {
        let message = unterminated.as_str();
        let before: Vec<char> =
            line_text(source, raised.line).chars().take(raised.column.saturating_sub(1)).collect();
        let prefix = before
            .iter()
            .rev()
            .take_while(|c| matches!(c, 'r' | 'R' | 'b' | 'B' | 'u' | 'U' | 'f' | 'F'))
            .count();
        let offset = raised.column - prefix;
        let msg = if message.starts_with("unterminated triple-quoted") {
            // the tokenizer stops on the last line that has a character, not on the empty one
            // after a final newline
            let last = source.char_indices().last().map_or(0, |(i, _)| i);
            let detected = source[..last].matches('\n').count() + 1;
            format!("unterminated triple-quoted string literal (detected at line {detected})")
        } else {
            message.to_owned()
        };
        if prefix == 0 && msg == raised.message {
            return None;
        }
        return Some(Reworded { offset, end_offset: offset, ..same_place("SyntaxError", &msg) });
    }
    let first = first?;
    let (line, offset) = position(source, first.location.start().to_usize());
    let at_first = |msg: String| Reworded::point(msg, line, offset);
    // a second `*` among the parameters: 3.11 names a second `*args` only
    if message == "named arguments must follow bare *"
        && let ParseErrorType::OtherError(what) = &first.error
    {
        let msg = match what.as_str() {
            "Only one '*' parameter allowed" => "* argument may appear only once",
            "Only one '*' separator allowed"
            | "Keyword-only parameter separator not allowed after '*' parameter" => {
                "invalid syntax"
            }
            _ => return None,
        };
        return Some(at_first(msg.to_owned()));
    }
    // raised once the call's arguments are read: at its closing parenthesis
    if message.starts_with("positional argument follows keyword argument") {
        let line_start: usize =
            source.split('\n').take(raised.line.saturating_sub(1)).map(|l| l.len() + 1).sum();
        let column: usize = line_text(source, raised.line)
            .chars()
            .take(raised.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let at = TextSize::try_from(line_start + column).ok()?;
        let call = super::comma::Expressions::of(parsed)
            .all
            .into_iter()
            .filter(|e| e.is_call_expr() && e.range().contains(at))
            .min_by_key(|e| e.range().len())?;
        let (line, offset) = position(source, call.end().to_usize().saturating_sub(1));
        return Some(Reworded::point(message.to_owned(), line, offset));
    }
    // `if (x = 1):`: an `=` where a condition or a parenthesised expression is read
    if (matches!(
        message,
        "expression cannot contain assignment, perhaps you meant \"==\"?"
            | "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
            | "invalid syntax"
    ) || message.ends_with(" here. Maybe you meant '==' instead of '='?"))
        && let Some(r) = assignment_in_condition(source, parsed, first)
    {
        return Some(r);
    }
    // 3.11 marks the conditional expression from its start
    if message == "expected 'else' after 'if' expression" {
        let error_at = first.location.start();
        let conditional = super::comma::Expressions::of(parsed)
            .all
            .into_iter()
            .filter(|e| e.is_if_expr() && e.start() <= error_at)
            .max_by_key(|e| e.start())?;
        let (line, offset) = position(source, conditional.start().to_usize());
        return Some(Reworded::point(message.to_owned(), line, offset));
    }
    // CPython names the bracket left open only when its parser has read past the bracket's line
    // (the end of the file included); stopped on that line, it says "invalid syntax" there. Two
    // expressions side by side make it read on after the second.
    let side_by_side = matches!(&first.error, ParseErrorType::ExpectedToken { found, .. }
        if starts_expression(*found));
    if message.ends_with("' was never closed") && !side_by_side {
        let stop = parsed.tokens().iter().find(|t| {
            t.start() >= first.location.start()
                && !t.kind().is_trivia()
                && !matches!(t.kind(), TokenKind::Newline | TokenKind::NonLogicalNewline)
                && t.start().to_usize() < source.trim_end().len()
        });
        if let Some(stop) = stop {
            let (line, offset) = position(source, stop.start().to_usize());
            if line == raised.line {
                return Some(Reworded::point("invalid syntax".to_owned(), line, offset));
            }
        }
    }
    // two expressions side by side inside brackets
    if let ParseErrorType::ExpectedToken { expected, found } = &first.error
        && *expected != TokenKind::Colon
        && starts_expression(*found)
    {
        let comma = "invalid syntax. Perhaps you forgot a comma?";
        // reading on after the second expression, CPython's parser reaches the end of the file
        if message.ends_with("' was never closed") {
            return None;
        }
        match super::comma::forgotten_comma(source, parsed, first.location.start()) {
            Some(range) => {
                let (line, offset) = position(source, range.start().to_usize());
                let (end_line, end_offset) = position(source, range.end().to_usize());
                let msg = comma.to_owned();
                return Some(Reworded {
                    kind: "SyntaxError",
                    msg,
                    line,
                    offset,
                    end_line,
                    end_offset,
                });
            }
            // where 3.11's rule does not apply, its parser stops at the second expression
            None if message == comma => return Some(at_first("invalid syntax".to_owned())),
            None => {}
        }
    }
    match &first.error {
        // `b'a' 'b' 'c'`: the strings are joined (and refused) once all are read
        ParseErrorType::OtherError(what)
            if what
                .eq_ignore_ascii_case("bytes literal cannot be mixed with non-bytes literals") =>
        {
            let (line, column) = position(source, first.location.start().to_usize());
            let (line, offset) = super::fstring::after_string(source, line, column)?;
            let msg = "cannot mix bytes and nonbytes literals".to_owned();
            Some(Reworded::point(msg, line, offset))
        }
        // `{**a, b}`, `{'a': 1, 'b' 2}`: a dictionary's key without its colon; 3.11 marks the
        // key's last character
        ParseErrorType::ExpectedToken { expected: TokenKind::Colon, .. }
            if matches!(
                message,
                "invalid syntax"
                    | "invalid syntax. Perhaps you forgot a comma?"
                    | "':' expected after dictionary key"
            ) && innermost_bracket(parsed, first.location.start())
                == Some(TokenKind::Lbrace) =>
        {
            let key_end = parsed
                .tokens()
                .iter()
                .filter(|t| t.end() <= first.location.start() && !t.kind().is_trivia())
                .map(Ranged::end)
                .next_back()?;
            let (line, after_key) = position(source, key_end.to_usize());
            let offset = after_key.saturating_sub(1).max(1);
            let msg = "':' expected after dictionary key".to_owned();
            Some(Reworded::point(msg, line, offset))
        }
        // `import a,`, `from x import a,`: marked after the comma; 3.11 names the trailing comma
        // only after `from … import`
        ParseErrorType::OtherError(what) if what == "Trailing comma not allowed" => {
            let (line, offset) = position(source, first.location.end().to_usize());
            let msg = if line_text(source, line).trim_start().starts_with("import") {
                "invalid syntax"
            } else {
                message
            };
            let msg = msg.to_owned();
            Some(Reworded::point(msg, line, offset))
        }
        // `x = 5 = y`: in a chain of assignments 3.11 leaves out its suggestion
        ParseErrorType::InvalidAssignmentTarget
            if message.ends_with(" here. Maybe you meant '==' instead of '='?")
                && chained_assignment(parsed, first.location.start()) =>
        {
            let msg = message.trim_end_matches(" here. Maybe you meant '==' instead of '='?");
            Some(same_place("SyntaxError", msg))
        }
        // `f(**)`, `f(*)`: 3.11 has no rule for a star without its expression in a call
        ParseErrorType::ExpectedExpression
            if matches!(
                message,
                "cannot use double starred expression here" | "Invalid star expression"
            ) && source[..first.location.start().to_usize()].trim_end().ends_with('*') =>
        {
            Some(at_first("invalid syntax".to_owned()))
        }
        // `x += 1 = 2`, `x: int = 1 = 2`: a complete statement followed by `=`, which 3.11 calls
        // plain invalid syntax at the `=`
        ParseErrorType::OtherError(what)
            if what == "Expected a statement"
                && message.starts_with("cannot assign to ")
                && source[first.location.start().to_usize()..].starts_with('=') =>
        {
            Some(at_first("invalid syntax".to_owned()))
        }
        ParseErrorType::Lexical(LexicalErrorType::UnrecognizedToken { tok })
            if !tok.is_ascii() && message == "invalid syntax" =>
        {
            let code = u32::from(*tok);
            Some(at_first(if printable(*tok) {
                format!("invalid character '{tok}' (U+{code:04X})")
            } else {
                format!("invalid non-printable character U+{code:04X}")
            }))
        }
        _ => None,
    }
}

/// Where CPython 3.11's parser finds the token after `line`'s logical line: the first token of
/// the next logical line with code, or the end of the file (after the last line's characters).
fn next_logical_line_or_end(source: &str, line: usize) -> (usize, usize) {
    let lines = super::indentation::layout(source).code_lines;
    match lines.into_iter().find(|l| *l > line) {
        Some(next) => {
            let text = line_text(source, next);
            (next, text.chars().take_while(|c| c.is_whitespace()).count() + 1)
        }
        None => {
            let last = source.strip_suffix('\n').unwrap_or(source);
            let last_line = last.matches('\n').count() + 1;
            (last_line, line_text(source, last_line).chars().count() + 1)
        }
    }
}

/// CPython 3.11's `invalid_named_expression` for an `=` where a named expression is read (a
/// condition, or inside parentheses that are not a call's): a name before it is "invalid syntax.
/// Maybe you meant '==' or ':=' …", another operand "cannot assign to … here. Maybe you meant
/// '==' …", both marked from their start; anything wider is plain invalid syntax at the `=`.
fn assignment_in_condition(
    source: &str,
    parsed: &Parsed<Mod>,
    first: &ParseError,
) -> Option<Reworded> {
    let equal = first.location.start();
    let rest = &source[equal.to_usize()..];
    if !rest.starts_with('=') || rest.starts_with("==") {
        return None;
    }
    let tokens = parsed.tokens();
    let before: Vec<_> =
        tokens.iter().filter(|t| t.end() <= equal && !t.kind().is_trivia()).collect();
    // where the named expression starts: after an open parenthesis that is not a call's, or
    // after `if`, `elif` or `while` at the start of the statement
    let mut depth = 0usize;
    let mut start = None;
    for (i, token) in before.iter().enumerate().rev() {
        match token.kind() {
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => depth += 1,
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace if depth > 0 => depth -= 1,
            TokenKind::Lpar => {
                let call = i > 0
                    && matches!(
                        before[i - 1].kind(),
                        TokenKind::Name | TokenKind::Rpar | TokenKind::Rsqb
                    );
                if call {
                    return None;
                }
                start = before.get(i + 1).map(|t| t.start());
                break;
            }
            TokenKind::Lsqb | TokenKind::Lbrace => return None,
            TokenKind::If | TokenKind::Elif | TokenKind::While if depth == 0 => {
                start = before.get(i + 1).map(|t| t.start());
                break;
            }
            TokenKind::Newline | TokenKind::Colon | TokenKind::Semi if depth == 0 => return None,
            _ => {}
        }
    }
    let start = start?;
    let target_end = before.last()?.end();
    let (line, offset) = position(source, start.to_usize());
    let expressions = super::comma::Expressions::of(parsed);
    let Some(target) =
        expressions.all.into_iter().find(|e| e.start() == start && e.end() == target_end)
    else {
        // the parser may drop a lone name it could not place
        let lone_name = before.iter().filter(|t| t.start() >= start).count() == 1
            && before.last().is_some_and(|t| t.kind() == TokenKind::Name);
        let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
        return lone_name.then(|| Reworded::point(msg.to_owned(), line, offset));
    };
    let at = |msg: String, (line, offset): (usize, usize)| Reworded::point(msg, line, offset);
    let name = match target {
        Expr::Name(_) => {
            let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?";
            return Some(at(msg.to_owned(), (line, offset)));
        }
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Call(_) => "function call",
        Expr::BinOp(_) => "expression",
        Expr::UnaryOp(u) if !u.op.is_not() => "expression",
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::BytesLiteral(_) => "literal",
        Expr::BoolOp(_) | Expr::Compare(_) | Expr::UnaryOp(_) | Expr::If(_) | Expr::Lambda(_) => {
            return Some(at("invalid syntax".to_owned(), position(source, equal.to_usize())));
        }
        _ => return None,
    };
    let msg = format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?");
    Some(at(msg, (line, offset)))
}

/// The bracket open around `at`, if any.
fn innermost_bracket(parsed: &Parsed<Mod>, at: TextSize) -> Option<TokenKind> {
    let mut open = Vec::new();
    for token in parsed.tokens().iter().take_while(|t| t.start() < at) {
        match token.kind() {
            kind @ (TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace) => open.push(kind),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// Whether the target at `at` is one of two or more in an assignment (`a = b = c`).
fn chained_assignment(parsed: &Parsed<Mod>, at: TextSize) -> bool {
    struct Chains(TextSize, bool);
    impl<'a> SourceOrderVisitor<'a> for Chains {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Assign(assign) = stmt
                && assign.targets.len() > 1
                && assign.targets.iter().any(|t| t.start() == self.0)
            {
                self.1 = true;
            }
            walk_stmt(self, stmt);
        }
    }
    let mut chains = Chains(at, false);
    if let Mod::Module(module) = parsed.syntax() {
        chains.visit_body(&module.body);
    }
    chains.1
}

/// Where the body of the first `try` without `except` or `finally` ends.
fn first_bare_try(parsed: &Parsed<Mod>) -> Option<TextSize> {
    #[derive(Default)]
    struct Tries(Option<TextSize>);
    impl<'a> SourceOrderVisitor<'a> for Tries {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Try(t) = stmt
                && t.handlers.is_empty()
                && t.finalbody.is_empty()
                && self.0.is_none()
            {
                self.0 = t.body.last().map(Ranged::end);
            }
            walk_stmt(self, stmt);
        }
    }
    let mut tries = Tries::default();
    if let Mod::Module(module) = parsed.syntax() {
        tries.visit_body(&module.body);
    }
    tries.0
}

/// Whether a token of `kind` can start an expression (`expression_without_invalid`).
fn starts_expression(kind: TokenKind) -> bool {
    use TokenKind as K;
    matches!(
        kind,
        K::Name
            | K::Int
            | K::Float
            | K::Complex
            | K::String
            | K::FStringStart
            | K::Lpar
            | K::Lsqb
            | K::Lbrace
            | K::True
            | K::False
            | K::None
            | K::Ellipsis
            | K::Not
            | K::Lambda
            | K::Minus
            | K::Plus
            | K::Tilde
            | K::Yield
            | K::Await
    )
}

/// Python's `str.isprintable` for the characters that can reach the tokenizer's error: not a
/// control, format or separator character (other than the space).
fn printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// `SyntaxError.text` as CPython 3.11 sets it when it imports `source`: the line, with its newline
/// if it has one, unless the tokenizer raised the error (strings, brackets, number literals and
/// characters it cannot read).
pub(super) fn error_text(source: &str, line: usize, msg: &str) -> String {
    const TOKENIZER: [&str; 12] = [
        "unterminated string literal",
        "unterminated triple-quoted string literal",
        "unmatched '",
        "closing parenthesis",
        "leading zeros in decimal integer literals",
        "invalid decimal literal",
        "invalid hexadecimal literal",
        "invalid octal literal",
        "invalid binary literal",
        "invalid digit",
        "invalid character",
        "invalid non-printable character",
    ];
    let text = line_text(source, line);
    let has_newline = source.split('\n').nth(line).is_some();
    let newline = has_newline && !TOKENIZER.iter().any(|prefix| msg.starts_with(prefix));
    if newline { format!("{text}\n") } else { text.to_owned() }
}

/// The text of `source` from 1-based `line` and `column` (characters) to the end of that line.
fn source_after(source: &str, line: usize, column: usize) -> String {
    line_text(source, line).chars().skip(column).collect()
}

/// The 1-based `line` of `source`, without its newline.
pub(super) fn line_text(source: &str, line: usize) -> &str {
    source.split('\n').nth(line.saturating_sub(1)).unwrap_or_default()
}

/// 1-based line and character column of byte `at` of `source`.
pub(super) fn position(source: &str, at: usize) -> (usize, usize) {
    let at = at.min(source.len());
    let before = source.get(..at).unwrap_or(source);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

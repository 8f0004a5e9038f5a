//! What the standard library's source loses before it is frozen: docstrings (what `-OO` leaves
//! out, without `-O`'s removal of `assert` statements) and, for the modules kept as source,
//! comments. Lines are kept, so tracebacks keep their line numbers.

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// `source` with the docstring of the module and of every class and function replaced by `None`
/// (an expression statement, compiled to nothing) on the lines it took, and, with `comments`,
/// every comment (and the blanks before it on its line) removed.
pub(crate) fn strip(source: &str, comments: bool) -> Result<String, String> {
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| e.to_string())?;
    let mut docstrings = Docstrings(Vec::new());
    docstrings.first_of(&parsed.syntax().body);
    docstrings.visit_body(&parsed.syntax().body);
    let mut edits: Vec<(TextRange, bool)> =
        docstrings.0.into_iter().map(|range| (range, true)).collect();
    if comments {
        let comment = |token: &&Token| token.kind() == TokenKind::Comment;
        edits.extend(parsed.tokens().iter().filter(comment).map(|token| (token.range(), false)));
    }
    edits.sort_by_key(|(range, _)| range.start());
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (range, docstring) in edits {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        if docstring {
            out.push_str(&source[at..start]);
            match source[start..end].matches('\n').count() {
                0 => out.push_str("None"),
                lines => {
                    out.push_str("(None");
                    out.push_str(&"\n".repeat(lines));
                    out.push(')');
                }
            }
        } else {
            out.push_str(source[at..start].trim_end_matches([' ', '\t']));
        }
        at = end;
    }
    out.push_str(&source[at..]);
    Ok(out)
}

/// The docstrings found, as source ranges.
struct Docstrings(Vec<TextRange>);

impl Docstrings {
    /// A body's docstring: its first statement when that is a string literal.
    fn first_of(&mut self, body: &[Stmt]) {
        if let Some(Stmt::Expr(statement)) = body.first()
            && let Expr::StringLiteral(literal) = &*statement.value
        {
            self.0.push(literal.range());
        }
    }
}

impl<'a> StatementVisitor<'a> for Docstrings {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => self.first_of(&def.body),
            Stmt::ClassDef(def) => self.first_of(&def.body),
            _ => {}
        }
        walk_stmt(self, stmt);
    }
}

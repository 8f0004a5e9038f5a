//! Docstrings taken out of Python source, lines kept: what `-OO` leaves out, without `-O`'s
//! removal of `assert` statements.

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// `source` with the docstring of the module and of every class and function replaced by `None`
/// (an expression statement, compiled to nothing), each on the lines it took, so tracebacks keep
/// their line numbers.
pub(crate) fn strip_docstrings(source: &str) -> Result<String, String> {
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| e.to_string())?;
    let mut docstrings = Docstrings(Vec::new());
    docstrings.first_of(&parsed.syntax().body);
    docstrings.visit_body(&parsed.syntax().body);
    docstrings.0.sort_by_key(|range| range.start());
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for range in docstrings.0 {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        out.push_str(&source[at..start]);
        match source[start..end].matches('\n').count() {
            0 => out.push_str("None"),
            lines => {
                out.push_str("(None");
                out.push_str(&"\n".repeat(lines));
                out.push(')');
            }
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

//! CPython 3.11's `invalid_expression` rule: inside brackets, two expressions side by side are
//! "invalid syntax. Perhaps you forgot a comma?", marked from the start of the first to the end of
//! the second (`Grammar/python.gram`):
//!
//! ```text
//! !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
//!     { _PyPegen_check_legacy_stmt(p, a) ? NULL : p->tokens[p->mark-1]->level == 0 ? NULL :
//!       RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, "invalid syntax. Perhaps you forgot a comma?") }
//! ```
//!
//! RustPython's parser stops at the second expression and often says plain "invalid syntax".

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, walk_expr};
use ruff_python_ast::{Expr, Mod};
use ruff_python_parser::Parsed;
use ruff_text_size::{Ranged, TextRange, TextSize};

/// The byte range CPython 3.11 marks when the parser's first error is at `second`, the start of an
/// expression that follows another one without a comma inside brackets; `None` when the rule does
/// not apply there.
pub(super) fn forgotten_comma(
    source: &str,
    parsed: &Parsed<Mod>,
    second: TextSize,
) -> Option<TextRange> {
    let tokens = parsed.tokens();
    let mut depth = 0usize;
    let mut previous = None;
    let mut opened = Vec::new();
    // where the expression in the parentheses the previous token closes starts
    let mut parenthesized = None;
    for token in tokens.iter().take_while(|t| t.start() < second) {
        let kind = token.kind();
        if kind.is_trivia() || kind == TokenKind::NonLogicalNewline {
            continue;
        }
        parenthesized = None;
        match kind {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                depth += 1;
                opened.push((kind, token.start()));
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                depth = depth.saturating_sub(1);
                parenthesized = opened
                    .pop()
                    .filter(|(open, _)| kind == TokenKind::Rpar && *open == TokenKind::Lpar)
                    .and_then(|(_, start)| {
                        tokens.iter().find(|t| t.start() > start && !t.kind().is_trivia())
                    })
                    .map(|inner| inner.start());
            }
            _ => {}
        }
        previous = Some(token.end());
    }
    if depth == 0 {
        return None;
    }
    let first_end = previous?;
    let expressions = Expressions::of(parsed);
    // the first: the widest disjunction that ends where the second starts (a conditional
    // expression's `else` branch is not tried)
    if expressions.all.iter().any(|e| e.end() == first_end && e.is_if_expr()) {
        return None;
    }
    let first = expressions
        .all
        .iter()
        .filter(|e| e.end() == first_end && is_disjunction(e))
        .map(|e| e.range())
        .min_by_key(|r| r.start())
        // a parenthesised expression: CPython's node, like ruff's, starts inside the parentheses
        .or_else(|| parenthesized.map(|start| TextRange::new(start, first_end)))?;
    let second = expressions
        .all
        .iter()
        .filter(|e| e.start() == second && !e.range().is_empty() && is_expression(e))
        .map(|e| e.range())
        .max_by_key(|r| r.end())
        // a name the parser took for a keyword argument's (`f(end='' sep='')`)
        .or_else(|| {
            tokens
                .iter()
                .find(|t| t.start() == second && t.kind() == TokenKind::Name)
                .map(Ranged::range)
        })?;
    let first_text = &source[first];
    // `print "x"` has its own message; a soft keyword or a name before a string are left out
    let mut from_first =
        tokens.iter().filter(|t| t.start() >= first.start() && !t.kind().is_trivia());
    let name_and_string = from_first.next().is_some_and(|t| t.kind() == TokenKind::Name)
        && from_first
            .next()
            .is_some_and(|t| matches!(t.kind(), TokenKind::String | TokenKind::FStringStart));
    let soft_keyword = ["match", "case", "type", "_"].iter().any(|k| {
        first_text
            .strip_prefix(k)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    });
    if name_and_string || soft_keyword || matches!(first_text, "print" | "exec") {
        return None;
    }
    Some(TextRange::new(first.start(), second.end()))
}

/// Every expression of the module.
#[derive(Default)]
pub(super) struct Expressions<'a> {
    pub(super) all: Vec<&'a Expr>,
}

impl<'a> Expressions<'a> {
    pub(super) fn of(parsed: &'a Parsed<Mod>) -> Self {
        let mut expressions = Expressions::default();
        if let Mod::Module(module) = parsed.syntax() {
            expressions.visit_body(&module.body);
        }
        expressions
    }
}

impl<'a> SourceOrderVisitor<'a> for Expressions<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.all.push(expr);
        walk_expr(self, expr);
    }
}

/// What the grammar's `disjunction` covers: no conditional expression, lambda, assignment
/// expression, star or yield at the top.
fn is_disjunction(expr: &Expr) -> bool {
    !matches!(
        expr,
        Expr::If(_)
            | Expr::Lambda(_)
            | Expr::Named(_)
            | Expr::Starred(_)
            | Expr::Yield(_)
            | Expr::YieldFrom(_)
            | Expr::Slice(_)
    ) && !matches!(expr, Expr::Tuple(t) if !t.parenthesized)
}

/// What the grammar's `expression` covers (a lambda or conditional expression too), as far as
/// the parser read it (`await` needs its operand).
fn is_expression(expr: &Expr) -> bool {
    if let Expr::Await(e) = expr
        && e.value.range().is_empty()
    {
        return false;
    }
    !matches!(
        expr,
        Expr::Named(_) | Expr::Starred(_) | Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Slice(_)
    ) && !matches!(expr, Expr::Tuple(t) if !t.parenthesized)
}

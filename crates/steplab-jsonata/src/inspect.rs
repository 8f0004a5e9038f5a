//! Static questions about a parsed expression, for hosts that check definitions
//! (Step Functions rejects expressions that read their input at the top level, and
//! `$states` fields that a field cannot see).

use crate::ast::{Kind, Node, Stage};

/// A name an expression uses, and where: `position` is the character offset just past
/// the token, as jsonata-js reports positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The field name, or `$`, `$$`, `*`, `**`, `%`; for [`crate::Expression::states_fields`],
    /// the field of `$states` (`input`, `result`, …).
    pub name: String,
    /// Character offset just past the token.
    pub position: usize,
}

/// The position of the first place where `node` reads the evaluation input at the
/// top level: `$`, `$$`, a field name, `*`, `**` or `%` not inside a step, predicate,
/// group-by, sort or transform that gives it another context.
pub(crate) fn first_input_read(node: &Node) -> Option<usize> {
    let mut out = Vec::new();
    input_reads(node, &mut out);
    out.iter().map(|r| r.position).min()
}

/// Every place where `node` reads the evaluation input at the top level, in source order.
pub(crate) fn top_level_references(node: &Node) -> Vec<Reference> {
    let mut out = Vec::new();
    input_reads(node, &mut out);
    out.sort_by_key(|r| r.position);
    out
}

fn reference(node: &Node) -> Option<Reference> {
    let name = match &node.kind {
        Kind::Name(n) => n.clone(),
        Kind::Wildcard => "*".to_owned(),
        Kind::Descendant => "**".to_owned(),
        Kind::Parent(..) => "%".to_owned(),
        Kind::Var(v) if v.is_empty() => "$".to_owned(),
        Kind::Var(v) if v == "$" => "$$".to_owned(),
        _ => return None,
    };
    Some(Reference { name, position: node.pos })
}

fn input_reads(node: &Node, out: &mut Vec<Reference>) {
    if let Some(r) = reference(node) {
        out.push(r);
        return;
    }
    match &node.kind {
        Kind::Path(steps) => {
            // only the first step reads the input; later ones read what it gave
            if let Some(first) = steps.first() {
                input_reads(first, out);
            }
        }
        Kind::Binary(_, a, b) | Kind::Coalesce(a, b) | Kind::Elvis(a, b) | Kind::Apply(a, b) => {
            input_reads(a, out);
            input_reads(b, out);
        }
        Kind::Neg(a) | Kind::Bind(_, a) => input_reads(a, out),
        Kind::Array(items) | Kind::Block(items) => items.iter().for_each(|i| input_reads(i, out)),
        Kind::Object(pairs) => pairs.iter().for_each(|(k, v)| {
            input_reads(k, out);
            input_reads(v, out);
        }),
        Kind::Condition(c, t, e) => {
            input_reads(c, out);
            input_reads(t, out);
            if let Some(e) = e {
                input_reads(e, out);
            }
        }
        Kind::Function(p, args) | Kind::Partial(p, args) => {
            input_reads(p, out);
            args.iter().for_each(|a| input_reads(a, out));
        }
        // a lambda body keeps the context of the expression that defines it
        Kind::Lambda(def) => input_reads(&def.body, out),
        _ => {}
    }
}

/// Every `$states.<field>` the expression reads, anywhere in it, in source order.
pub(crate) fn states_fields(node: &Node) -> Vec<Reference> {
    let mut out = Vec::new();
    visit(node, &mut |n| {
        if let Kind::Path(steps) = &n.kind
            && let [first, second, ..] = steps.as_slice()
            && matches!(&first.kind, Kind::Var(v) if v == "states")
            && let Kind::Name(field) = &second.kind
        {
            out.push(Reference { name: field.clone(), position: second.pos });
        }
    });
    out.sort_by_key(|r| r.position);
    out
}

/// The first `??` or `?:` (JSONata 2.1 operators) in `node`, with its position.
pub(crate) fn newer_operator(node: &Node) -> Option<(&'static str, usize)> {
    let mut out: Option<(&'static str, usize)> = None;
    visit(node, &mut |n| {
        let op = match n.kind {
            Kind::Coalesce(..) => "??",
            Kind::Elvis(..) => "?:",
            _ => return,
        };
        if out.is_none_or(|(_, p)| n.pos < p) {
            out = Some((op, n.pos));
        }
    });
    out
}

/// Calls `f` on `node` and every node below it.
fn visit(node: &Node, f: &mut dyn FnMut(&Node)) {
    f(node);
    for stage in node.stages.iter().chain(&node.predicate) {
        if let Stage::Filter(n) = stage {
            visit(n, f);
        }
    }
    if let Some(g) = &node.group {
        for (k, v) in &g.pairs {
            visit(k, f);
            visit(v, f);
        }
    }
    match &node.kind {
        Kind::Path(items) | Kind::Array(items) | Kind::Block(items) => {
            items.iter().for_each(|i| visit(i, f));
        }
        Kind::Binary(_, a, b) | Kind::Coalesce(a, b) | Kind::Elvis(a, b) | Kind::Apply(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Kind::Neg(a) | Kind::Bind(_, a) => visit(a, f),
        Kind::Object(pairs) => pairs.iter().for_each(|(k, v)| {
            visit(k, f);
            visit(v, f);
        }),
        Kind::Condition(c, t, e) => {
            visit(c, f);
            visit(t, f);
            if let Some(e) = e {
                visit(e, f);
            }
        }
        Kind::Function(p, args) | Kind::Partial(p, args) => {
            visit(p, f);
            args.iter().for_each(|a| visit(a, f));
        }
        Kind::Lambda(def) => visit(&def.body, f),
        Kind::Sort(terms) => terms.iter().for_each(|t| visit(&t.expr, f)),
        Kind::Transform(def) => {
            visit(&def.pattern, f);
            visit(&def.update, f);
            if let Some(d) = &def.delete {
                visit(d, f);
            }
        }
        _ => {}
    }
}

/// Whether evaluating `node` may bind a variable (`:=`) in the scope it is evaluated in:
/// a `:=` not inside a block or a function of its own.
pub(crate) fn binds_in_scope(node: &Node) -> bool {
    let mut found = false;
    visit_scope(node, &mut |n| found |= matches!(n.kind, Kind::Bind(..)));
    found
}

/// [`visit`] that does not enter blocks and function bodies (their own scopes); a block's
/// own node is visited.
fn visit_scope(node: &Node, f: &mut dyn FnMut(&Node)) {
    f(node);
    if matches!(node.kind, Kind::Block(_) | Kind::Lambda(_)) {
        return;
    }
    for stage in node.stages.iter().chain(&node.predicate) {
        if let Stage::Filter(n) = stage {
            visit_scope(n, f);
        }
    }
    if let Some(g) = &node.group {
        for (k, v) in &g.pairs {
            visit_scope(k, f);
            visit_scope(v, f);
        }
    }
    match &node.kind {
        Kind::Path(items) | Kind::Array(items) => items.iter().for_each(|i| visit_scope(i, f)),
        Kind::Binary(_, a, b) | Kind::Coalesce(a, b) | Kind::Elvis(a, b) | Kind::Apply(a, b) => {
            visit_scope(a, f);
            visit_scope(b, f);
        }
        Kind::Neg(a) | Kind::Bind(_, a) => visit_scope(a, f),
        Kind::Object(pairs) => pairs.iter().for_each(|(k, v)| {
            visit_scope(k, f);
            visit_scope(v, f);
        }),
        Kind::Condition(c, t, e) => {
            visit_scope(c, f);
            visit_scope(t, f);
            if let Some(e) = e {
                visit_scope(e, f);
            }
        }
        Kind::Function(p, args) | Kind::Partial(p, args) => {
            visit_scope(p, f);
            args.iter().for_each(|a| visit_scope(a, f));
        }
        Kind::Sort(terms) => terms.iter().for_each(|t| visit_scope(&t.expr, f)),
        Kind::Transform(def) => {
            visit_scope(&def.pattern, f);
            visit_scope(&def.update, f);
            if let Some(d) = &def.delete {
                visit_scope(d, f);
            }
        }
        _ => {}
    }
}

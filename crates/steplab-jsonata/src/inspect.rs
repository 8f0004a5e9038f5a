//! Static questions about a parsed expression, for hosts that check definitions
//! (Step Functions rejects expressions that read their input at the top level).

use crate::ast::{Kind, Node};

/// The position of the first place where `node` reads the evaluation input at the
/// top level: `$`, `$$`, a field name, `*`, `**` or `%` not inside a step, predicate,
/// group-by, sort or transform that gives it another context.
pub(crate) fn first_input_read(node: &Node) -> Option<usize> {
    match &node.kind {
        Kind::Path(steps) => {
            let first = steps.first()?;
            match &first.kind {
                Kind::Name(_) | Kind::Wildcard | Kind::Descendant | Kind::Parent(..) => {
                    Some(first.pos)
                }
                _ => first_input_read(first),
            }
        }
        Kind::Name(_) | Kind::Wildcard | Kind::Descendant | Kind::Parent(..) => Some(node.pos),
        Kind::Var(v) if v.is_empty() || v == "$" => Some(node.pos),
        Kind::Binary(_, a, b) | Kind::Coalesce(a, b) | Kind::Elvis(a, b) | Kind::Apply(a, b) => {
            earliest(first_input_read(a), first_input_read(b))
        }
        Kind::Neg(a) | Kind::Bind(_, a) => first_input_read(a),
        Kind::Array(items) | Kind::Block(items) => items.iter().filter_map(first_input_read).min(),
        Kind::Object(pairs) => pairs
            .iter()
            .filter_map(|(k, v)| earliest(first_input_read(k), first_input_read(v)))
            .min(),
        Kind::Condition(c, t, e) => earliest(
            earliest(first_input_read(c), first_input_read(t)),
            e.as_deref().and_then(first_input_read),
        ),
        Kind::Function(p, args) | Kind::Partial(p, args) => {
            earliest(first_input_read(p), args.iter().filter_map(first_input_read).min())
        }
        Kind::Lambda(def) => first_input_read(&def.body),
        _ => None,
    }
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

//! The post-parse stage: flattens location paths into steps, attaches predicates,
//! group-bys, sorts and variable bindings to steps, resolves `%` (parent) to the
//! step it refers to, and marks tail calls — as jsonata-js's `processAST`.

use std::sync::Arc;

use crate::ast::{BinOp, Group, Kind, LambdaDef, Node, RegexLit, SortTerm, Stage, TransformDef};
use crate::error::{Error, Fault};
use crate::parse::{Raw, RawKind};
use crate::signature::Signature;

struct Slot {
    label: String,
    level: i32,
}

pub(crate) struct Processor {
    slots: Vec<Slot>,
}

type R<T> = Result<T, Error>;

fn err(code: &'static str, pos: usize) -> Error {
    Fault::new(code).at(pos).finish()
}

/// Processes a raw tree into the evaluator's tree.
pub(crate) fn process(raw: Raw) -> R<Node> {
    let mut p = Processor { slots: Vec::new() };
    let mut node = p.node(raw)?;
    if matches!(node.kind, Kind::Parent(..)) || !node.seeking_parent.is_empty() {
        return Err(Fault::new("S0217").at(node.pos).token(node.type_name()).finish());
    }
    p.resolve_labels(&mut node);
    Ok(node)
}

impl Processor {
    fn new_slot(&mut self) -> usize {
        let id = self.slots.len();
        self.slots.push(Slot { label: format!("!{id}"), level: 1 });
        id
    }

    /// Writes the final slot labels into `%` nodes and ancestor steps.
    fn resolve_labels(&self, node: &mut Node) {
        if let Some(slot) = node.ancestor_slot {
            node.ancestor = Some(self.slots[slot].label.clone());
        }
        if let Kind::Parent(label, slot) = &mut node.kind {
            *label = self.slots[*slot].label.clone();
        }
        for st in node.predicate.iter_mut().chain(node.stages.iter_mut()) {
            if let Stage::Filter(n) = st {
                self.resolve_labels(n);
            }
        }
        if let Some(g) = &mut node.group {
            for (k, v) in &mut g.pairs {
                self.resolve_labels(k);
                self.resolve_labels(v);
            }
        }
        match &mut node.kind {
            Kind::Path(steps) | Kind::Array(steps) | Kind::Block(steps) => {
                steps.iter_mut().for_each(|s| self.resolve_labels(s))
            }
            Kind::Binary(_, a, b)
            | Kind::Coalesce(a, b)
            | Kind::Elvis(a, b)
            | Kind::Apply(a, b) => {
                self.resolve_labels(a);
                self.resolve_labels(b);
            }
            Kind::Neg(a) | Kind::Bind(_, a) => self.resolve_labels(a),
            Kind::Object(pairs) => {
                for (k, v) in pairs {
                    self.resolve_labels(k);
                    self.resolve_labels(v);
                }
            }
            Kind::Condition(a, b, c) => {
                self.resolve_labels(a);
                self.resolve_labels(b);
                if let Some(c) = c {
                    self.resolve_labels(c);
                }
            }
            Kind::Function(p, args) | Kind::Partial(p, args) => {
                self.resolve_labels(p);
                args.iter_mut().for_each(|s| self.resolve_labels(s));
            }
            Kind::Sort(terms) => terms.iter_mut().for_each(|t| self.resolve_labels(&mut t.expr)),
            Kind::Lambda(def) => {
                if let Some(def) = Arc::get_mut(def) {
                    self.resolve_labels(&mut def.body);
                }
            }
            Kind::Transform(def) => {
                if let Some(def) = Arc::get_mut(def) {
                    self.resolve_labels(&mut def.pattern);
                    self.resolve_labels(&mut def.update);
                    if let Some(d) = &mut def.delete {
                        self.resolve_labels(d);
                    }
                }
            }
            _ => {}
        }
    }

    fn seek_parent(&mut self, node: &mut Node, slot: usize) -> R<()> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = node.ancestor_slot {
                        self.slots[slot].label = self.slots[existing].label.clone();
                    }
                    node.ancestor_slot = Some(slot);
                    node.tuple = true;
                }
            }
            Kind::Parent(..) => self.slots[slot].level += 1,
            Kind::Block(exprs) => {
                if let Some(last) = exprs.last_mut() {
                    node.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path(steps) => {
                node.tuple = true;
                let mut index = steps.len() as isize - 1;
                self.seek_parent(&mut steps[index as usize], slot)?;
                index -= 1;
                while self.slots[slot].level > 0 && index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
            }
            _ => return Err(Fault::new("S0217").at(node.pos).token(node.type_name()).finish()),
        }
        Ok(())
    }

    fn resolve_ancestry(&mut self, path: &mut Node) -> R<()> {
        let Kind::Path(steps) = &mut path.kind else { return Ok(()) };
        let last = steps.len() - 1;
        let mut slots = steps[last].seeking_parent.clone();
        if let Kind::Parent(_, s) = steps[last].kind {
            slots.push(s);
        }
        let mut escaped = Vec::new();
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    escaped.push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                while index >= 0
                    && steps[i].focus.is_some()
                    && steps[index as usize].focus.is_some()
                {
                    i = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[i], slot)?;
            }
        }
        path.seeking_parent.extend(escaped);
        Ok(())
    }

    fn node(&mut self, raw: Raw) -> R<Node> {
        let keep_array = raw.keep_array;
        let pos = raw.pos;
        let mut result = match raw.kind {
            RawKind::Binary(".", lhs, rhs) => self.dot(*lhs, *rhs, pos)?,
            RawKind::Binary("[", lhs, rhs) => {
                let mut result = self.node(*lhs)?;
                let mut predicate = self.node(*rhs)?;
                let is_path = matches!(result.kind, Kind::Path(_));
                let step = last_step(&mut result);
                if step.group.is_some() {
                    return Err(err("S0209", pos));
                }
                let seeking = std::mem::take(&mut predicate.seeking_parent);
                for slot in &seeking {
                    if self.slots[*slot].level == 1 {
                        let step = last_step(&mut result);
                        self.seek_parent(step, *slot)?;
                    } else {
                        self.slots[*slot].level -= 1;
                    }
                }
                let step = last_step(&mut result);
                step.seeking_parent.extend(seeking);
                let filter = Stage::Filter(predicate);
                if is_path {
                    step.stages.push(filter)
                } else {
                    step.predicate.push(filter)
                }
                result
            }
            RawKind::Group(lhs, pairs) => {
                let mut result = self.node(*lhs)?;
                if result.group.is_some() {
                    return Err(err("S0210", pos));
                }
                let mut ps = Vec::new();
                for (k, v) in pairs {
                    ps.push((self.node(k)?, self.node(v)?));
                }
                result.group = Some(Box::new(Group { pairs: ps, pos }));
                result
            }
            RawKind::Sort(lhs, terms) => {
                let mut result = self.node(*lhs)?;
                if !matches!(result.kind, Kind::Path(_)) {
                    result = wrap_path(result);
                }
                let mut sort = Node::new(Kind::Sort(Vec::new()), pos);
                let mut ts = Vec::new();
                for (descending, t) in terms {
                    let expr = self.node(t)?;
                    push_ancestry(&mut sort, &expr);
                    ts.push(SortTerm { descending, expr });
                }
                sort.kind = Kind::Sort(ts);
                if let Kind::Path(steps) = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            RawKind::Bind(lhs, rhs) => {
                let RawKind::Var(name) = lhs.kind else { return Err(err("S0212", lhs.pos)) };
                let rhs = self.node(*rhs)?;
                let mut n = Node::new(Kind::Bind(name, Box::new(Node::new(Kind::Null, 0))), pos);
                push_ancestry(&mut n, &rhs);
                n.kind = match n.kind {
                    Kind::Bind(name, _) => Kind::Bind(name, Box::new(rhs)),
                    k => k,
                };
                n
            }
            RawKind::Focus(lhs, name) => {
                let mut result = self.node(*lhs)?;
                let step = last_step(&mut result);
                if !step.stages.is_empty() || !step.predicate.is_empty() {
                    return Err(err("S0215", pos));
                }
                if matches!(step.kind, Kind::Sort(_)) {
                    return Err(err("S0216", pos));
                }
                if keep_array {
                    step.keep_array = true;
                }
                step.focus = Some(name);
                step.tuple = true;
                result
            }
            RawKind::IndexBind(lhs, name) => {
                let mut result = self.node(*lhs)?;
                if !matches!(result.kind, Kind::Path(_)) {
                    let mut step = result;
                    let pred = std::mem::take(&mut step.predicate);
                    step.stages.extend(pred);
                    result = wrap_path(step);
                }
                let step = last_step(&mut result);
                if step.stages.is_empty() {
                    step.index = Some(name);
                } else {
                    step.stages.push(Stage::Index(name));
                }
                step.tuple = true;
                result
            }
            RawKind::Binary("~>", lhs, rhs) => {
                let l = self.node(*lhs)?;
                let r = self.node(*rhs)?;
                Node::new(Kind::Apply(Box::new(l), Box::new(r)), pos)
            }
            RawKind::Binary(op, lhs, rhs) => {
                let l = self.node(*lhs)?;
                let r = self.node(*rhs)?;
                let binop = match op {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    "*" => BinOp::Mul,
                    "/" => BinOp::Div,
                    "%" => BinOp::Mod,
                    "=" => BinOp::Eq,
                    "!=" => BinOp::Ne,
                    "<" => BinOp::Lt,
                    "<=" => BinOp::Le,
                    ">" => BinOp::Gt,
                    ">=" => BinOp::Ge,
                    "&" => BinOp::Concat,
                    "and" => BinOp::And,
                    "or" => BinOp::Or,
                    "in" => BinOp::In,
                    ".." => BinOp::Range,
                    other => return Err(Error::syntax("S0201", pos, Some(other))),
                };
                let mut n = Node::new(Kind::Null, pos);
                push_ancestry(&mut n, &l);
                push_ancestry(&mut n, &r);
                n.kind = Kind::Binary(binop, Box::new(l), Box::new(r));
                n
            }
            RawKind::Array(items) => {
                let mut n = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for it in items {
                    let v = self.node(it)?;
                    push_ancestry(&mut n, &v);
                    out.push(v);
                }
                n.kind = Kind::Array(out);
                n
            }
            RawKind::Object(pairs) => {
                let mut n = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for (k, v) in pairs {
                    let k = self.node(k)?;
                    push_ancestry(&mut n, &k);
                    let v = self.node(v)?;
                    push_ancestry(&mut n, &v);
                    out.push((k, v));
                }
                n.kind = Kind::Object(out);
                n
            }
            RawKind::Neg(e) => {
                let e = self.node(*e)?;
                if let Kind::Num(v) = e.kind {
                    let mut n = e;
                    n.kind = Kind::Num(-v);
                    n
                } else {
                    let mut n = Node::new(Kind::Null, pos);
                    push_ancestry(&mut n, &e);
                    n.kind = Kind::Neg(Box::new(e));
                    n
                }
            }
            RawKind::Function(procedure, args, partial) => {
                let mut n = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for a in args {
                    let a = self.node(a)?;
                    push_ancestry(&mut n, &a);
                    out.push(a);
                }
                let procedure = Box::new(self.node(*procedure)?);
                n.kind = if partial {
                    Kind::Partial(procedure, out)
                } else {
                    Kind::Function(procedure, out)
                };
                n
            }
            RawKind::Lambda(params, sig, body) => {
                let signature = match sig {
                    Some((text, sig_pos)) => Some(Signature::parse(&text).map_err(|mut e| {
                        e.position += sig_pos;
                        e
                    })?),
                    None => None,
                };
                let body = tail_call_optimize(self.node(*body)?);
                Node::new(
                    Kind::Lambda(Arc::new(LambdaDef { params, signature, body, thunk: false })),
                    pos,
                )
            }
            RawKind::Condition(c, t, e) => {
                let mut n = Node::new(Kind::Null, pos);
                let c = self.node(*c)?;
                push_ancestry(&mut n, &c);
                let t = self.node(*t)?;
                push_ancestry(&mut n, &t);
                let e = match e {
                    Some(e) => {
                        let e = self.node(*e)?;
                        push_ancestry(&mut n, &e);
                        Some(Box::new(e))
                    }
                    None => None,
                };
                n.kind = Kind::Condition(Box::new(c), Box::new(t), e);
                n
            }
            RawKind::Coalesce(a, b) => {
                let (a, b, mut n) = self.pair(*a, *b, pos)?;
                n.kind = Kind::Coalesce(a, b);
                n
            }
            RawKind::Elvis(a, b) => {
                let (a, b, mut n) = self.pair(*a, *b, pos)?;
                n.kind = Kind::Elvis(a, b);
                n
            }
            RawKind::Transform(pattern, update, delete) => {
                let pattern = self.node(*pattern)?;
                let update = self.node(*update)?;
                let delete = match delete {
                    Some(d) => Some(self.node(*d)?),
                    None => None,
                };
                Node::new(Kind::Transform(Arc::new(TransformDef { pattern, update, delete })), pos)
            }
            RawKind::Block(exprs) => {
                let mut n = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for e in exprs {
                    let part = self.node(e)?;
                    push_ancestry(&mut n, &part);
                    let cons = part.cons_array
                        || matches!(&part.kind, Kind::Path(steps) if steps.first().is_some_and(|s| s.cons_array));
                    if cons {
                        n.cons_array = true;
                    }
                    out.push(part);
                }
                n.binds = out.iter().any(crate::inspect::binds_in_scope);
                n.kind = Kind::Block(out);
                n
            }
            RawKind::Name(name) => {
                let mut step = Node::new(Kind::Name(name), pos);
                step.keep_array = keep_array;
                let mut path = wrap_path(step);
                path.keep_singleton_array = keep_array;
                path
            }
            RawKind::Parent => {
                let slot = self.new_slot();
                Node::new(Kind::Parent(String::new(), slot), pos)
            }
            RawKind::Str(s) => Node::new(Kind::Str(s), pos),
            RawKind::Num(n) => Node::new(Kind::Num(n), pos),
            RawKind::Bool(b) => Node::new(Kind::Bool(b), pos),
            RawKind::Null => Node::new(Kind::Null, pos),
            RawKind::Wildcard => Node::new(Kind::Wildcard, pos),
            RawKind::Descendant => Node::new(Kind::Descendant, pos),
            RawKind::Var(v) => Node::new(Kind::Var(v), pos),
            RawKind::Placeholder => Node::new(Kind::Placeholder, pos),
            RawKind::Regex(pattern, flags) => {
                let regex = crate::jsregex::compile(&pattern, &flags)
                    .map_err(|m| Fault::new("S0303").at(pos).text(m).finish())?;
                Node::new(Kind::Regex(Arc::new(RegexLit { regex, source: pattern })), pos)
            }
        };
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    fn pair(&mut self, a: Raw, b: Raw, pos: usize) -> R<(Box<Node>, Box<Node>, Node)> {
        let mut n = Node::new(Kind::Null, pos);
        let a = self.node(a)?;
        push_ancestry(&mut n, &a);
        let b = self.node(b)?;
        push_ancestry(&mut n, &b);
        Ok((Box::new(a), Box::new(b), n))
    }

    fn dot(&mut self, lhs: Raw, rhs: Raw, _pos: usize) -> R<Node> {
        let lstep = self.node(lhs)?;
        let mut result = if matches!(lstep.kind, Kind::Path(_)) { lstep } else { wrap_path(lstep) };
        if let Kind::Path(steps) = &result.kind
            && steps.len() == 1
            && let Kind::Parent(_, slot) = steps[0].kind
        {
            result.seeking_parent = vec![slot];
        }
        let rest = self.node(rhs)?;
        if let Kind::Path(steps) = &mut result.kind {
            match rest.kind {
                Kind::Path(more) => steps.extend(more),
                _ => {
                    let mut rest = rest;
                    let pred = std::mem::take(&mut rest.predicate);
                    rest.stages.extend(pred);
                    steps.push(rest);
                }
            }
            for step in steps.iter_mut() {
                match &step.kind {
                    Kind::Num(n) => {
                        return Err(Fault::new("S0213")
                            .at(step.pos)
                            .value(crate::value::Value::Number(*n))
                            .finish());
                    }
                    Kind::Bool(b) => {
                        return Err(Fault::new("S0213")
                            .at(step.pos)
                            .value(crate::value::Value::Bool(*b))
                            .finish());
                    }
                    Kind::Null => {
                        return Err(Fault::new("S0213")
                            .at(step.pos)
                            .value(crate::value::Value::Null)
                            .finish());
                    }
                    Kind::Str(s) => step.kind = Kind::Name(s.clone()),
                    _ => {}
                }
            }
            if steps.iter().any(|s| s.keep_array) {
                result.keep_singleton_array = true;
            }
            if let Some(first) = steps.first_mut()
                && matches!(first.kind, Kind::Array(_))
            {
                first.cons_array = true;
            }
            if let Some(last) = steps.last_mut()
                && matches!(last.kind, Kind::Array(_))
            {
                last.cons_array = true;
            }
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }
}

fn wrap_path(step: Node) -> Node {
    let pos = step.pos;
    Node::new(Kind::Path(vec![step]), pos)
}

fn last_step(node: &mut Node) -> &mut Node {
    if matches!(&node.kind, Kind::Path(steps) if !steps.is_empty()) {
        if let Kind::Path(steps) = &mut node.kind
            && let Some(last) = steps.last_mut()
        {
            return last;
        }
        unreachable!("checked above")
    }
    node
}

fn push_ancestry(result: &mut Node, value: &Node) {
    result.seeking_parent.extend(value.seeking_parent.iter().copied());
    if let Kind::Parent(_, slot) = value.kind {
        result.seeking_parent.push(slot);
    }
}

fn tail_call_optimize(expr: Node) -> Node {
    match expr.kind {
        Kind::Function(..) if expr.predicate.is_empty() => {
            let pos = expr.pos;
            Node::new(
                Kind::Lambda(Arc::new(LambdaDef {
                    params: Vec::new(),
                    signature: None,
                    body: expr,
                    thunk: true,
                })),
                pos,
            )
        }
        Kind::Condition(c, t, e) => {
            let mut n = Node { kind: Kind::Null, ..expr };
            n.kind = Kind::Condition(
                c,
                Box::new(tail_call_optimize(*t)),
                e.map(|e| Box::new(tail_call_optimize(*e))),
            );
            n
        }
        Kind::Block(mut exprs) => {
            if let Some(last) = exprs.pop() {
                exprs.push(tail_call_optimize(last));
            }
            Node { kind: Kind::Block(exprs), ..expr }
        }
        _ => expr,
    }
}

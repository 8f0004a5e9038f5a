//! The evaluator: walks the processed tree with JSONata's sequence semantics
//! (singleton flattening, tuple streams for variable binding and `%`).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use serde_json::Value as Json;

use crate::Environment;
use crate::ast::{BinOp, Kind, Node, Stage};
use crate::error::{Fault, Res};
use crate::value::{Flags, Func, Map, Value, truthy};

/// A scope of variable bindings.
/// Frames hold few bindings (parameters, block variables): a small list is faster than a map.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    vars: RefCell<Vec<(Box<str>, Value)>>,
    parent: Option<Rc<Frame>>,
}

impl Frame {
    pub(crate) fn child(parent: &Rc<Frame>) -> Rc<Frame> {
        Rc::new(Frame { vars: RefCell::default(), parent: Some(parent.clone()) })
    }
    pub(crate) fn bind(&self, name: &str, value: Value) {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(k, _)| &**k == name) {
            Some(slot) => slot.1 = value,
            None => vars.push((name.into(), value)),
        }
    }
    pub(crate) fn lookup(&self, name: &str) -> Option<Value> {
        let mut frame = self;
        loop {
            if let Some((_, v)) = frame.vars.borrow().iter().find(|(k, _)| &**k == name) {
                return Some(v.clone());
            }
            frame = frame.parent.as_ref()?;
        }
    }
}

/// Where a function was called from: the position and the name used.
#[derive(Debug, Clone, Default)]
pub(crate) struct Call {
    pub(crate) pos: Option<usize>,
    pub(crate) token: Option<String>,
}

/// What a built-in function sees besides its arguments.
pub(crate) struct Ctx<'a> {
    pub(crate) input: &'a Value,
    pub(crate) env: &'a Rc<Frame>,
}

pub(crate) struct Evaluator<'e> {
    pub(crate) env: &'e Environment,
    depth: usize,
    max_depth: usize,
    steps: u64,
    max_steps: u64,
    pub(crate) call_depth: usize,
    /// Address of the stack when evaluation started, and how far it may grow.
    stack_base: Option<usize>,
    max_stack: usize,
    pub(crate) max_call_depth: usize,
    /// State of the generator behind unseeded `$random()` and `$uuid()`.
    pub(crate) rng: Option<crate::functions::aws::JavaRandom>,
    /// Host bindings, converted when first read and then kept in `root`.
    host: &'e [(&'e str, &'e Json)],
    /// Host bindings already converted.
    pub(crate) documents: &'e [(&'e str, &'e crate::Document)],
    root: Option<Rc<Frame>>,
    /// Frames captured by the functions made during the evaluation: a function bound in its own
    /// frame (`$f := function(){ $f() }`) is a reference cycle, broken by [`Evaluator::finish_frames`].
    captured: Vec<Weak<Frame>>,
}

/// A step with nothing but its own evaluation (no stages, bindings, group-by or `[]`).
fn is_plain_step(step: &Node) -> bool {
    step.stages.is_empty()
        && step.predicate.is_empty()
        && step.group.is_none()
        && step.focus.is_none()
        && step.index.is_none()
        && !step.tuple
        && !step.keep_array
        && !step.cons_array
}

/// The current stack address (the stack grows downwards on every target we build for).
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

fn seq(items: Vec<Value>) -> Value {
    Value::sequence(items)
}

fn with_flags(items: Vec<Value>, flags: Flags) -> Value {
    Value::array_with(items, flags)
}

/// `fn.append` of jsonata-js.
pub(crate) fn append(a: Value, b: Value) -> Value {
    if a.is_undefined() {
        return b;
    }
    if b.is_undefined() {
        return a;
    }
    let mut items = a.members();
    match b {
        Value::Array(more, _) => items.extend(more.iter().cloned()),
        other => items.push(other),
    }
    Value::array(items)
}

fn is_numeric(v: &Value) -> Res<bool> {
    match v {
        Value::Number(n) if n.is_nan() => Ok(false),
        Value::Number(n) if !n.is_finite() => Err(Fault::new("D1001").value(v.clone())),
        Value::Number(_) => Ok(true),
        _ => Ok(false),
    }
}

fn is_array_of_numbers(v: &Value) -> bool {
    matches!(v, Value::Array(items, _) if items.iter().all(|i| matches!(i, Value::Number(_))))
}

fn tuple_get(t: &Value, key: &str) -> Value {
    match t {
        Value::Object(m) => m.get(key).cloned().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn tuple_map(t: &Value) -> Map {
    match t {
        Value::Object(m) => m.map.clone(),
        _ => Map::default(),
    }
}

fn frame_from_tuple(env: &Rc<Frame>, tuple: &Value) -> Rc<Frame> {
    let frame = Frame::child(env);
    if let Value::Object(m) = tuple {
        for (k, v) in m.iter() {
            frame.bind(k, v.clone());
        }
    }
    frame
}

fn tuple_stream(items: Vec<Value>) -> Value {
    with_flags(items, Flags { sequence: true, tuple_stream: true, ..Flags::default() })
}

impl<'e> Evaluator<'e> {
    pub(crate) fn new(
        env: &'e Environment,
        host: &'e [(&'e str, &'e Json)],
        root: &Rc<Frame>,
    ) -> Self {
        Self {
            env,
            host,
            documents: &[],
            root: Some(root.clone()),
            depth: 0,
            max_depth: env.max_depth,
            steps: 0,
            max_steps: env.max_steps,
            call_depth: 0,
            stack_base: None,
            max_stack: env.max_stack_bytes,
            max_call_depth: env.max_depth,
            rng: None,
            captured: Vec::new(),
        }
    }

    fn capture(&mut self, env: &Rc<Frame>) -> Rc<Frame> {
        if self.captured.last().is_none_or(|w| !std::ptr::eq(w.as_ptr(), Rc::as_ptr(env))) {
            self.captured.push(Rc::downgrade(env));
        }
        env.clone()
    }

    /// Empties every frame a function captured (and the frames around it), so that functions
    /// bound in their own frames do not keep each other alive once the evaluation is over.
    pub(crate) fn finish_frames(&mut self) {
        self.root = None;
        let mut seen = std::collections::HashSet::new();
        for weak in std::mem::take(&mut self.captured) {
            let mut frame = weak.upgrade();
            while let Some(f) = frame {
                if !seen.insert(Rc::as_ptr(&f)) {
                    break;
                }
                let vars = std::mem::take(&mut *f.vars.borrow_mut());
                drop(vars);
                frame = f.parent.clone();
            }
        }
    }

    pub(crate) fn eval(&mut self, expr: &Node, input: &Value, env: &Rc<Frame>) -> Res<Value> {
        self.depth += 1;
        self.steps += 1;
        let here = stack_address();
        let base = *self.stack_base.get_or_insert(here);
        if self.depth > self.max_depth || base.saturating_sub(here) > self.max_stack {
            self.depth -= 1;
            return Err(Fault::stack_overflow(expr.pos));
        }
        if self.steps > self.max_steps {
            self.depth -= 1;
            return Err(Fault::new("U1001")
                .at(expr.pos)
                .text("Expression evaluation timeout: Check for infinite loop"));
        }
        let r = self.eval_node(expr, input, env);
        self.depth -= 1;
        match r {
            Ok(v) if v.depth() > crate::value::MAX_NESTING => Err(Fault::stack_overflow(expr.pos)),
            r => r,
        }
    }

    fn eval_node(&mut self, expr: &Node, input: &Value, env: &Rc<Frame>) -> Res<Value> {
        let result = self.eval_kind(expr, input, env)?;
        if expr.predicate.is_empty() && expr.group.is_none() && !result.is_sequence() {
            return Ok(result);
        }
        self.finish(expr, result, env)
    }

    /// Applies a node's predicates and group-by, then normalises a sequence
    /// (empty → undefined, singleton → its item unless kept as an array).
    #[inline(never)]
    fn finish(&mut self, expr: &Node, mut result: Value, env: &Rc<Frame>) -> Res<Value> {
        for stage in &expr.predicate {
            if let Stage::Filter(p) = stage {
                result = self.eval_filter(p, result, env)?;
            }
        }
        if !matches!(expr.kind, Kind::Path(_))
            && let Some(group) = &expr.group
        {
            result = self.eval_group(&group.pairs, group.pos, result, env)?;
        }
        if let Value::Array(items, flags) = &result
            && flags.sequence
            && !flags.tuple_stream
        {
            let mut flags = *flags;
            if expr.keep_array {
                flags.keep_singleton = true;
            }
            result = match items.len() {
                0 => Value::Undefined,
                1 if !flags.keep_singleton => items[0].clone(),
                _ => Value::Array(items.clone(), flags),
            };
        }
        Ok(result)
    }

    fn eval_kind(&mut self, expr: &Node, input: &Value, env: &Rc<Frame>) -> Res<Value> {
        Ok(match &expr.kind {
            Kind::Path(steps) => self.eval_path(expr, steps, input, env)?,
            Kind::Binary(op, l, r) => self.eval_binary(*op, l, r, expr.pos, input, env)?,
            Kind::Neg(e) => self.eval_neg(expr.pos, e, input, env)?,
            Kind::Array(items) => self.eval_array(expr, items, input, env)?,
            Kind::Object(pairs) => self.eval_group(pairs, expr.pos, input.clone(), env)?,
            Kind::Name(name) => lookup_field(input, name),
            Kind::Str(s) => Value::string(s),
            Kind::Num(n) => Value::Number(*n),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Null => Value::Null,
            Kind::Wildcard => eval_wildcard(input),
            Kind::Descendant => eval_descendants(input),
            Kind::Parent(label, _) => env.lookup(label).unwrap_or(Value::Undefined),
            Kind::Condition(c, t, e) => self.eval_condition(c, t, e.as_deref(), input, env)?,
            Kind::Coalesce(a, b) => self.eval_coalesce(a, b, false, input, env)?,
            Kind::Elvis(a, b) => self.eval_coalesce(a, b, true, input, env)?,
            Kind::Block(exprs) if expr.binds => self.eval_block(exprs, input, env)?,
            Kind::Block(exprs) => {
                // nothing binds in this scope: no frame of its own
                let mut result = Value::Undefined;
                for e in exprs {
                    result = self.eval(e, input, env)?;
                }
                result
            }
            Kind::Bind(name, rhs) => {
                let v = self.eval(rhs, input, env)?;
                env.bind(name, v.clone());
                v
            }
            Kind::Regex(r) => Value::Func(Rc::new(Func::Regex(r.clone()))),
            Kind::Function(..) => self.eval_function(expr, input, env, None)?,
            Kind::Partial(procedure, args) => {
                self.eval_partial(expr, procedure, args, input, env)?
            }
            Kind::Placeholder => Value::Undefined,
            Kind::Var(name) => self.eval_var(name, input, env),
            Kind::Lambda(def) => Value::Func(Rc::new(Func::Lambda {
                def: def.clone(),
                input: input.clone(),
                // a tail-call thunk is applied at once and never stored: no cycle to break
                env: if def.thunk { env.clone() } else { self.capture(env) },
            })),
            Kind::Apply(l, r) => self.eval_apply(expr.pos, l, r, input, env)?,
            Kind::Sort(_) => self.eval_sort(expr, input.clone(), env)?,
            Kind::Transform(def) => Value::Func(Rc::new(Func::Transform {
                def: def.clone(),
                env: self.capture(env),
                pos: expr.pos,
            })),
        })
    }

    #[inline(never)]
    fn eval_neg(&mut self, pos: usize, e: &Node, input: &Value, env: &Rc<Frame>) -> Res<Value> {
        match self.eval(e, input, env)? {
            Value::Undefined => Ok(Value::Undefined),
            Value::Number(n) => Ok(Value::Number(-n)),
            other => Err(Fault::new("D1002").at(pos).token("-").value(other)),
        }
    }

    #[inline(never)]
    fn eval_array(
        &mut self,
        expr: &Node,
        items: &[Node],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let mut out: Vec<Value> = Vec::new();
        for item in items {
            let v = self.eval(item, input, env)?;
            if v.is_undefined() {
                continue;
            }
            if matches!(item.kind, Kind::Array(_)) {
                out.push(v);
            } else {
                match v {
                    Value::Array(more, _) => out.extend(more.iter().cloned()),
                    other => out.push(other),
                }
            }
        }
        let result = with_flags(out, Flags { cons: expr.cons_array, ..Flags::default() });
        self.charge(&result, expr.pos)?;
        Ok(result)
    }

    #[inline(never)]
    fn eval_condition(
        &mut self,
        c: &Node,
        t: &Node,
        e: Option<&Node>,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let cond = self.eval(c, input, env)?;
        if truthy(&cond).unwrap_or(false) {
            self.eval(t, input, env)
        } else if let Some(e) = e {
            self.eval(e, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    #[inline(never)]
    fn eval_coalesce(
        &mut self,
        a: &Node,
        b: &Node,
        elvis: bool,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let v = self.eval(a, input, env)?;
        // `?:` (jsonata 2.1) takes functions as false
        let keep =
            if elvis { !v.is_function() && truthy(&v).unwrap_or(false) } else { !v.is_undefined() };
        if keep { Ok(v) } else { self.eval(b, input, env) }
    }

    #[inline(never)]
    fn eval_block(&mut self, exprs: &[Node], input: &Value, env: &Rc<Frame>) -> Res<Value> {
        let frame = Frame::child(env);
        let mut result = Value::Undefined;
        for e in exprs {
            result = self.eval(e, input, &frame)?;
        }
        Ok(result)
    }

    fn eval_var(&self, name: &str, input: &Value, env: &Rc<Frame>) -> Value {
        if name.is_empty() {
            match input {
                Value::Array(items, f) if f.outer_wrapper => {
                    items.first().cloned().unwrap_or(Value::Undefined)
                }
                other => other.clone(),
            }
        } else {
            self.lookup(env, name)
        }
    }

    /// Counts work proportional to the size of a value just built, so that
    /// expressions whose data grows without bound stop at the step limit.
    pub(crate) fn charge(&mut self, built: &Value, pos: usize) -> Res<()> {
        let size = match built {
            Value::Array(items, _) => items.len() as u64,
            Value::Object(o) => o.len() as u64,
            Value::String(s) => s.len() as u64,
            _ => 0,
        };
        self.steps += size;
        if self.steps > self.max_steps {
            return Err(Fault::new("U1001")
                .at(pos)
                .text("Expression evaluation timeout: Check for infinite loop"));
        }
        Ok(())
    }

    pub(crate) fn lookup(&self, env: &Rc<Frame>, name: &str) -> Value {
        if let Some(v) = env.lookup(name) {
            return v;
        }
        if let Some((_, d)) = self.documents.iter().rev().find(|(k, _)| *k == name) {
            return d.0.clone();
        }
        // a host binding, read for the first time (the later of two with one name wins)
        let host = self.host.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let host = host
            .or_else(|| self.env.bindings.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v));
        if let (Some(json), Some(root)) = (host, &self.root) {
            let v = Value::from_json(json);
            root.bind(name, v.clone());
            return v;
        }
        match crate::functions::lookup(name, self.env.aws_dialect) {
            Some(b) => Value::Func(Rc::new(Func::Builtin(b))),
            None => Value::Undefined,
        }
    }

    #[inline(never)]
    fn eval_path(
        &mut self,
        expr: &Node,
        steps: &[Node],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        if let [step] = steps
            && let Kind::Name(name) = &step.kind
            && !input.is_array()
            && is_plain_step(step)
            && !expr.keep_singleton_array
            && expr.group.is_none()
        {
            // `name` on a single object: the field itself (what the general path yields)
            return Ok(lookup_field(input, name));
        }
        let mut input_seq = match input {
            Value::Array(..) if !matches!(steps[0].kind, Kind::Var(_)) => input.clone(),
            other => seq(vec![other.clone()]),
        };
        let mut result_seq = Value::Undefined;
        let mut is_tuple = false;
        let mut tuples: Option<Value> = None;
        let last = steps.len() - 1;
        for (ii, step) in steps.iter().enumerate() {
            if step.tuple {
                is_tuple = true;
            }
            if ii == 0 && step.cons_array {
                result_seq = self.eval(step, &input_seq, env)?;
            } else if is_tuple {
                tuples = Some(self.eval_tuple_step(step, &input_seq, tuples.take(), env)?);
            } else {
                result_seq = self.eval_step(step, &input_seq, env, ii == last)?;
            }
            if !is_tuple {
                match &result_seq {
                    Value::Undefined => break,
                    Value::Array(items, _) if items.is_empty() => break,
                    _ => {}
                }
            }
            if step.focus.is_none() {
                input_seq = result_seq.clone();
            }
        }
        let stream = tuples.unwrap_or_else(|| tuple_stream(Vec::new()));
        if is_tuple {
            if expr.tuple {
                result_seq = stream.clone();
            } else {
                result_seq = seq(stream.members().iter().map(|t| tuple_get(t, "@")).collect());
            }
        }
        if expr.keep_singleton_array {
            if let Value::Array(_, f) = &result_seq
                && f.cons
                && !f.sequence
            {
                result_seq = seq(vec![result_seq.clone()]);
            }
            if let Value::Array(items, f) = &result_seq {
                result_seq = Value::Array(items.clone(), Flags { keep_singleton: true, ..*f });
            }
        }
        if let Some(group) = &expr.group {
            let data = if is_tuple { stream } else { result_seq.clone() };
            result_seq = self.eval_group(&group.pairs, group.pos, data, env)?;
        }
        Ok(result_seq)
    }
}

impl Evaluator<'_> {
    #[inline(never)]
    fn eval_step(&mut self, step: &Node, input: &Value, env: &Rc<Frame>, last: bool) -> Res<Value> {
        if matches!(step.kind, Kind::Sort(_)) {
            let mut result = self.eval_sort(step, input.clone(), env)?;
            if !step.stages.is_empty() {
                result = self.eval_stages(&step.stages, result, env)?;
            }
            return Ok(result);
        }
        let mut results = Vec::new();
        let single = [input.clone()];
        let items: &[Value] = match input {
            Value::Array(items, _) => items,
            _ => &single,
        };
        for item in items {
            let mut res = self.eval(step, item, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    res = self.eval_filter(p, res, env)?;
                }
            }
            if !res.is_undefined() {
                results.push(res);
            }
        }
        if last && results.len() == 1 && results[0].is_array() && !results[0].is_sequence() {
            return Ok(results.pop().unwrap_or(Value::Undefined));
        }
        let mut out = Vec::new();
        for res in results {
            match res {
                Value::Array(items, f) if !f.cons => out.extend(items.iter().cloned()),
                other => out.push(other),
            }
        }
        let result = seq(out);
        self.charge(&result, step.pos)?;
        Ok(result)
    }

    #[inline(never)]
    fn eval_stages(&mut self, stages: &[Stage], input: Value, env: &Rc<Frame>) -> Res<Value> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter(p) => result = self.eval_filter(p, result, env)?,
                Stage::Index(name) => {
                    let flags = result.flags();
                    let items: Vec<Value> = result
                        .members()
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let mut m = tuple_map(&t);
                            m.insert(name.clone(), Value::Number(i as f64));
                            Value::object(m)
                        })
                        .collect();
                    result = with_flags(items, flags);
                }
            }
        }
        Ok(result)
    }

    #[inline(never)]
    fn eval_tuple_step(
        &mut self,
        step: &Node,
        input: &Value,
        tuples: Option<Value>,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        if matches!(step.kind, Kind::Sort(_)) {
            let mut result = match tuples {
                Some(t) => {
                    let sorted = self.eval_sort(step, t, env)?;
                    tuple_stream(sorted.members())
                }
                None => {
                    let sorted = self.eval_sort(step, input.clone(), env)?;
                    let items = sorted
                        .members()
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut m = Map::default();
                            m.insert("@".into(), v);
                            m.insert(
                                step.index.clone().unwrap_or_else(|| "undefined".into()),
                                Value::Number(i as f64),
                            );
                            Value::object(m)
                        })
                        .collect();
                    tuple_stream(items)
                }
            };
            if !step.stages.is_empty() {
                result = self.eval_stages(&step.stages, result, env)?;
            }
            return Ok(result);
        }
        let tuples: Vec<Value> = match tuples {
            Some(t) => t.members(),
            None => input
                .members()
                .into_iter()
                .map(|item| {
                    let mut m = Map::default();
                    m.insert("@".into(), item);
                    Value::object(m)
                })
                .collect(),
        };
        let mut out = Vec::new();
        for tuple in &tuples {
            let step_env = frame_from_tuple(env, tuple);
            let context = tuple_get(tuple, "@");
            let res = self.eval(step, &context, &step_env)?;
            if res.is_undefined() {
                continue;
            }
            let is_stream = res.flags().tuple_stream;
            let items = match &res {
                Value::Array(items, _) => items.as_ref().clone(),
                other => vec![other.clone()],
            };
            for (bb, item) in items.into_iter().enumerate() {
                let mut t = tuple_map(tuple);
                if is_stream {
                    for (k, v) in tuple_map(&item) {
                        t.insert(k, v);
                    }
                } else {
                    if let Some(focus) = &step.focus {
                        t.insert(focus.clone(), item);
                        t.insert("@".into(), context.clone());
                    } else {
                        t.insert("@".into(), item);
                    }
                    if let Some(index) = &step.index {
                        t.insert(index.clone(), Value::Number(bb as f64));
                    }
                    if let Some(anc) = &step.ancestor {
                        t.insert(anc.clone(), context.clone());
                    }
                }
                out.push(Value::object(t));
            }
        }
        let mut result = tuple_stream(out);
        if !step.stages.is_empty() {
            result = self.eval_stages(&step.stages, result, env)?;
        }
        Ok(result)
    }

    #[inline(never)]
    pub(crate) fn eval_filter(
        &mut self,
        predicate: &Node,
        input: Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let in_flags = input.flags();
        let items = match &input {
            Value::Array(items, _) => items.as_ref().clone(),
            other => vec![other.clone()],
        };
        let mut results = Vec::new();
        let out_flags =
            Flags { sequence: true, tuple_stream: in_flags.tuple_stream, ..Flags::default() };
        if let Kind::Num(n) = predicate.kind {
            let mut index = n.floor();
            if index < 0.0 {
                index += items.len() as f64;
            }
            if index >= 0.0
                && let Some(item) = items.get(index as usize)
                && !item.is_undefined()
            {
                if item.is_array() {
                    return Ok(item.clone());
                }
                results.push(item.clone());
            }
            return Ok(with_flags(results, out_flags));
        }
        let len = items.len() as f64;
        for (index, item) in items.iter().enumerate() {
            let (context, frame) = if in_flags.tuple_stream {
                (tuple_get(item, "@"), frame_from_tuple(env, item))
            } else {
                (item.clone(), env.clone())
            };
            let mut res = self.eval(predicate, &context, &frame)?;
            if is_numeric(&res)? {
                res = Value::array(vec![res]);
            }
            if is_array_of_numbers(&res) {
                for n in res.members() {
                    let mut ii = n.as_number().unwrap_or(0.0).floor();
                    if ii < 0.0 {
                        ii += len;
                    }
                    if ii == index as f64 {
                        results.push(item.clone());
                    }
                }
            } else if truthy(&res).unwrap_or(false) {
                results.push(item.clone());
            }
        }
        Ok(with_flags(results, out_flags))
    }

    #[inline(never)]
    fn eval_binary(
        &mut self,
        op: BinOp,
        l: &Node,
        r: &Node,
        pos: usize,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let lhs = self.eval(l, input, env)?;
        if matches!(op, BinOp::And | BinOp::Or) {
            let lb = truthy(&lhs).unwrap_or(false);
            let result = match op {
                BinOp::And => lb && truthy(&self.eval(r, input, env)?).unwrap_or(false),
                _ => lb || truthy(&self.eval(r, input, env)?).unwrap_or(false),
            };
            return Ok(Value::Bool(result));
        }
        let rhs = self.eval(r, input, env)?;
        let result = crate::ops::binary(op, lhs, rhs).map_err(|mut e| {
            e.position = Some(pos);
            e.token = Some(op.symbol().to_owned());
            e
        })?;
        self.charge(&result, pos)?;
        Ok(result)
    }

    #[inline(never)]
    pub(crate) fn eval_group(
        &mut self,
        pairs: &[(Node, Node)],
        pos: usize,
        input: Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let reduce = input.flags().tuple_stream;
        let single = [if input.is_array() { Value::Undefined } else { input.clone() }];
        let items: &[Value] = match &input {
            Value::Array(items, _) if !items.is_empty() => items,
            _ => &single,
        };
        // per key: the items (as `fn.append` would concatenate them) and the pair that made the key
        let mut groups: indexmap::IndexMap<
            String,
            (Vec<Value>, usize),
            foldhash::fast::FixedState,
        > = indexmap::IndexMap::default();
        for item in items {
            let frame = if reduce { frame_from_tuple(env, item) } else { env.clone() };
            let context = if reduce { tuple_get(item, "@") } else { item.clone() };
            for (pi, (k, _)) in pairs.iter().enumerate() {
                let key = self.eval(k, &context, &frame)?;
                let key = match key {
                    Value::Undefined => continue,
                    Value::String(s) => s.to_string(),
                    other => return Err(Fault::new("T1003").at(pos).value(other)),
                };
                match groups.get_mut(&key) {
                    Some(entry) => {
                        if entry.1 != pi {
                            return Err(Fault::new("D1009").at(pos).value(Value::from_string(key)));
                        }
                        entry.0.push(item.clone());
                    }
                    None => {
                        groups.insert(key, (vec![item.clone()], pi));
                    }
                }
            }
        }
        let mut result = Map::default();
        for (key, (mut members, pi)) in groups {
            let data = if members.len() == 1 {
                members.pop().unwrap_or(Value::Undefined)
            } else {
                let mut flat = Vec::with_capacity(members.len());
                for m in members {
                    match m {
                        Value::Array(more, _) => flat.extend(more.iter().cloned()),
                        other => flat.push(other),
                    }
                }
                Value::array(flat)
            };
            let (context, frame) = if reduce {
                let mut tuple = reduce_tuple_stream(&data);
                let context = tuple.shift_remove("@").unwrap_or(Value::Undefined);
                (context, frame_from_tuple(env, &Value::object(tuple)))
            } else {
                (data, env.clone())
            };
            let value = self.eval(&pairs[pi].1, &context, &frame)?;
            if !value.is_undefined() {
                result.insert(key, value);
            }
        }
        Ok(Value::object(result))
    }

    #[inline(never)]
    fn eval_sort(&mut self, expr: &Node, input: Value, env: &Rc<Frame>) -> Res<Value> {
        let Kind::Sort(terms) = &expr.kind else { return Ok(input) };
        let is_tuple = input.flags().tuple_stream;
        let items = input.members();
        if items.len() <= 1 {
            return Ok(input);
        }
        // evaluate the sort keys once per item
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let (context, frame) = if is_tuple {
                (tuple_get(&item, "@"), frame_from_tuple(env, &item))
            } else {
                (item.clone(), env.clone())
            };
            let mut keys = Vec::with_capacity(terms.len());
            for t in terms {
                keys.push(self.eval(&t.expr, &context, &frame)?);
            }
            keyed.push((item, keys));
        }
        let pos = expr.pos;
        let sorted = merge_sort(keyed, &mut |a: &(Value, Vec<Value>), b: &(Value, Vec<Value>)| {
            let mut comp = 0;
            for (i, term) in terms.iter().enumerate() {
                let (aa, bb) = (&a.1[i], &b.1[i]);
                if aa.is_undefined() {
                    comp = if bb.is_undefined() { 0 } else { 1 };
                    if comp != 0 {
                        break;
                    }
                    continue;
                }
                if bb.is_undefined() {
                    comp = -1;
                    break;
                }
                let ok = |v: &Value| matches!(v, Value::String(_) | Value::Number(_));
                if !ok(aa) || !ok(bb) {
                    return Err(Fault::new("T2008").at(pos).value(if !ok(aa) {
                        aa.clone()
                    } else {
                        bb.clone()
                    }));
                }
                let ord = match (aa, bb) {
                    (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
                    (Value::String(x), Value::String(y)) => Some(crate::functions::cmp_utf16(x, y)),
                    _ => {
                        return Err(Fault::new("T2007")
                            .at(pos)
                            .value(aa.clone())
                            .value2(bb.clone()));
                    }
                };
                comp = match ord {
                    Some(std::cmp::Ordering::Less) => -1,
                    Some(std::cmp::Ordering::Greater) => 1,
                    _ => 0,
                };
                if term.descending {
                    comp = -comp;
                }
                if comp != 0 {
                    break;
                }
            }
            Ok(comp == 1)
        })?;
        let items: Vec<Value> = sorted.into_iter().map(|(v, _)| v).collect();
        Ok(with_flags(items, Flags { sequence: true, tuple_stream: is_tuple, ..Flags::default() }))
    }

    #[inline(never)]
    fn eval_apply(
        &mut self,
        pos: usize,
        l: &Node,
        r: &Node,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let lhs = self.eval(l, input, env)?;
        if matches!(r.kind, Kind::Function(..)) {
            let result = self.eval_function(r, input, env, Some(lhs))?;
            return Ok(match result {
                Value::Array(items, f) if r.keep_array && f.sequence => {
                    Value::Array(items, Flags { keep_singleton: true, ..f })
                }
                other => other,
            });
        }
        let func = self.eval(r, input, env)?;
        if !func.is_function() {
            return Err(Fault::new("T2006").at(pos).value(func));
        }
        if lhs.is_function() {
            return Ok(Value::Func(Rc::new(Func::Chain(lhs, func))));
        }
        self.apply(&func, vec![lhs], &Value::Undefined, env, &Call::default())
    }
}

/// Stable merge sort; `greater(a, b)` says whether `a` must come after `b`.
pub(crate) fn merge_sort<T: Clone>(
    items: Vec<T>,
    greater: &mut dyn FnMut(&T, &T) -> Res<bool>,
) -> Res<Vec<T>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut right = items;
    let left: Vec<T> = right.drain(..right.len() / 2).collect();
    let left = merge_sort(left, greater)?;
    let right = merge_sort(right, greater)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if greater(&left[i], &right[j])? {
            out.push(right[j].clone());
            j += 1;
        } else {
            out.push(left[i].clone());
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}

fn reduce_tuple_stream(data: &Value) -> Map {
    match data {
        Value::Array(items, _) => {
            let mut result = items.first().map(tuple_map).unwrap_or_default();
            for t in items.iter().skip(1) {
                for (k, v) in tuple_map(t) {
                    let prev = result.shift_remove(&k).unwrap_or(Value::Undefined);
                    result.insert(k, append(prev, v));
                }
            }
            result
        }
        other => tuple_map(other),
    }
}

/// `fn.lookup`: a field of an object, or of each object in an array.
pub(crate) fn lookup_field(input: &Value, key: &str) -> Value {
    match input {
        Value::Array(items, _) => {
            let mut out = Vec::new();
            for item in items.iter() {
                match lookup_field(item, key) {
                    Value::Undefined => {}
                    Value::Array(more, _) => out.extend(more.iter().cloned()),
                    v => out.push(v),
                }
            }
            seq(out)
        }
        Value::Object(m) => m.get(key).cloned().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items, _) => items.iter().for_each(|i| flatten_into(i, out)),
        other => out.push(other.clone()),
    }
}

fn eval_descendants(input: &Value) -> Value {
    if input.is_undefined() {
        return Value::Undefined;
    }
    let mut out = Vec::new();
    descendants(input, &mut out);
    if out.len() == 1 { out.pop().unwrap_or(Value::Undefined) } else { seq(out) }
}

fn eval_wildcard(input: &Value) -> Value {
    let input = match input {
        Value::Array(items, f) if f.outer_wrapper && !items.is_empty() => &items[0],
        other => other,
    };
    let mut out = Vec::new();
    if let Value::Array(items, _) = input {
        for v in items.iter() {
            flatten_into(v, &mut out);
        }
    }
    if let Value::Object(m) = input {
        for v in m.values() {
            match v {
                Value::Array(..) => flatten_into(v, &mut out),
                other => out.push(other.clone()),
            }
        }
    }
    seq(out)
}

fn descendants(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items, _) => items.iter().for_each(|i| descendants(i, out)),
        Value::Object(m) => {
            out.push(v.clone());
            m.values().for_each(|i| descendants(i, out));
        }
        other => out.push(other.clone()),
    }
}

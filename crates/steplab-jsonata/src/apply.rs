//! Function application: calls, partial application, lambdas with tail-call
//! trampolining, regex and transform functions, and argument validation.

use std::rc::Rc;

use crate::ast::{Kind, Node};
use crate::error::{Fault, Res};
use crate::eval::{Call, Ctx, Evaluator, Frame};
use crate::value::{Func, Map, Obj, Value};

impl Evaluator<'_> {
    /// Evaluates a `Function` node; `applied` is the left side of `~>`.
    #[inline(never)]
    pub(crate) fn eval_function(
        &mut self,
        expr: &Node,
        input: &Value,
        env: &Rc<Frame>,
        applied: Option<Value>,
    ) -> Res<Value> {
        let Kind::Function(procedure, arg_nodes) = &expr.kind else { return Ok(Value::Undefined) };
        let proc = self.eval(procedure, input, env)?;
        let proc_name = proc_name(procedure);
        if proc.is_undefined()
            && let Kind::Path(steps) = &procedure.kind
            && let Some(Kind::Name(n)) = steps.first().map(|s| &s.kind)
            && !self.lookup(env, n).is_undefined()
        {
            return Err(Fault::new("T1005").at(expr.pos).token(n.clone()));
        }
        let mut args = Vec::with_capacity(arg_nodes.len() + 1);
        if let Some(a) = applied {
            args.push(a);
        }
        for a in arg_nodes {
            args.push(self.eval(a, input, env)?);
        }
        let call = Call { pos: Some(expr.pos), token: proc_name };
        self.apply(&proc, args, input, env, &call).map_err(|mut e| {
            if e.position.is_none() {
                e.position = Some(expr.pos);
            }
            if e.token.is_none() {
                e.token = call.token.clone();
            }
            e
        })
    }

    #[inline(never)]
    pub(crate) fn eval_partial(
        &mut self,
        expr: &Node,
        procedure: &Node,
        arg_nodes: &[Node],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let mut args = Vec::with_capacity(arg_nodes.len());
        for a in arg_nodes {
            if matches!(a.kind, Kind::Placeholder) {
                args.push(None);
            } else {
                args.push(Some(self.eval(a, input, env)?));
            }
        }
        let proc = self.eval(procedure, input, env)?;
        if proc.is_undefined()
            && let Kind::Path(steps) = &procedure.kind
            && let Some(Kind::Name(n)) = steps.first().map(|s| &s.kind)
            && !self.lookup(env, n).is_undefined()
        {
            return Err(Fault::new("T1007").at(expr.pos).token(n.clone()));
        }
        if !proc.is_function() {
            let mut f = Fault::new("T1008").at(expr.pos);
            if let Some(n) = proc_name(procedure) {
                f = f.token(n);
            }
            return Err(f);
        }
        Ok(Value::Func(Rc::new(Func::Partial { func: proc, args })))
    }

    /// Applies a function value to arguments, running tail calls in a loop.
    pub(crate) fn apply(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
        env: &Rc<Frame>,
        call: &Call,
    ) -> Res<Value> {
        let mut result = self.apply_inner(proc, args, input, env, call)?;
        while let Some((def, l_input, l_env)) = thunk_of(&result) {
            let Kind::Function(procedure, arg_nodes) = &def.body.kind else { break };
            let next = self.eval(procedure, &l_input, &l_env)?;
            let mut args = Vec::with_capacity(arg_nodes.len());
            for a in arg_nodes {
                args.push(self.eval(a, &l_input, &l_env)?);
            }
            let call = Call { pos: Some(procedure.pos), token: proc_name(procedure) };
            result = self.apply_inner(&next, args, input, env, &call)?;
        }
        Ok(result)
    }

    fn apply_inner(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
        env: &Rc<Frame>,
        call: &Call,
    ) -> Res<Value> {
        self.enter(call.pos.unwrap_or(0))?;
        let r = self.apply_unchecked(proc, args, input, env);
        self.leave();
        r.map_err(|mut e| {
            if let Value::Func(_) = proc {
                if e.token.is_none() {
                    e.token = call.token.clone();
                }
                if let Some(p) = call.pos {
                    e.position = Some(p);
                }
            }
            e
        })
    }

    #[inline(never)]
    fn apply_unchecked(
        &mut self,
        proc: &Value,
        args: Vec<Value>,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Res<Value> {
        let Value::Func(f) = proc else { return Err(Fault::new("T1006")) };
        match f.as_ref() {
            Func::Lambda { def, input: l_input, env: l_env } => {
                let args = match &def.signature {
                    Some(sig) => sig.validate(&args, input)?,
                    None => args,
                };
                let frame = Frame::child(l_env);
                for (i, p) in def.params.iter().enumerate() {
                    frame.bind(p, args.get(i).cloned().unwrap_or(Value::Undefined));
                }
                self.eval(&def.body, l_input, &frame)
            }
            Func::Builtin(b) => {
                let args = b.signature().validate(&args, input)?;
                let result = (b.func)(self, &args, &Ctx { input, env })?;
                self.charge(&result, 0)?;
                Ok(result)
            }
            Func::Partial { func, args: fixed } => {
                let mut supplied = args.into_iter();
                let full: Vec<Value> = fixed
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or(Value::Undefined),
                    })
                    .collect();
                if let Value::Func(inner) = func
                    && let Func::Builtin(b) = inner.as_ref()
                {
                    // jsonata-js wraps a partially applied built-in in a lambda without
                    // a signature: the arguments are passed unchecked
                    let result = (b.func)(self, &full, &Ctx { input: &Value::Undefined, env })?;
                    self.charge(&result, 0)?;
                    return Ok(result);
                }
                self.apply(func, full, &Value::Undefined, env, &Call::default())
            }
            Func::Regex(r) => {
                let s = match args.first() {
                    Some(Value::String(s)) => s.clone(),
                    _ => return Ok(Value::Undefined),
                };
                Ok(crate::functions::regex::first_match(&r.regex, &s, 0))
            }
            Func::Chain(first, second) => {
                let x = args.into_iter().next().unwrap_or(Value::Undefined);
                let mid = self.apply(first, vec![x], &Value::Undefined, env, &Call::default())?;
                self.apply(second, vec![mid], &Value::Undefined, env, &Call::default())
            }
            Func::Transform { def, env: t_env, pos } => {
                let obj = args.into_iter().next().unwrap_or(Value::Undefined);
                self.transform(def, t_env, *pos, obj)
            }
        }
    }

    #[inline(never)]
    fn transform(
        &mut self,
        def: &crate::ast::TransformDef,
        env: &Rc<Frame>,
        pos: usize,
        obj: Value,
    ) -> Res<Value> {
        if obj.is_undefined() {
            return Ok(Value::Undefined);
        }
        if !matches!(obj, Value::Object(_) | Value::Array(..)) {
            return Err(Fault::new("T0410").index(1).value(obj).token("undefined"));
        }
        let clone = self.lookup(env, "clone");
        if !clone.is_function() {
            return Err(Fault::new("T2013").at(pos));
        }
        let result = self.apply(&clone, vec![obj], &Value::Undefined, env, &Call::default())?;
        let matches = self.eval(&def.pattern, &result, env)?;
        let mut updates: Vec<(*const Obj, Map, Vec<String>)> = Vec::new();
        for m in matches.members() {
            let Value::Object(map) = &m else { continue };
            let update = self.eval(&def.update, &m, env)?;
            let mut merged = Map::default();
            match update {
                Value::Undefined => {}
                Value::Object(u) => merged = u.map.clone(),
                other => return Err(Fault::new("T2011").at(def.update.pos).value(other)),
            }
            let mut deletions = Vec::new();
            if let Some(d) = &def.delete {
                let del = self.eval(d, &m, env)?;
                if !del.is_undefined() {
                    let items = del.members();
                    if !items.iter().all(|i| matches!(i, Value::String(_))) {
                        return Err(Fault::new("T2012").at(d.pos).value(del));
                    }
                    deletions =
                        items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect();
                }
            }
            updates.push((Rc::as_ptr(map), merged, deletions));
        }
        Ok(rebuild(&result, &updates))
    }

    pub(crate) fn enter(&mut self, pos: usize) -> Res<()> {
        self.call_depth += 1;
        if self.call_depth > self.max_call_depth {
            self.call_depth -= 1;
            return Err(Fault::stack_overflow(pos));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.call_depth -= 1;
    }
}

/// Copies `v`, applying the transform updates to the objects they refer to.
fn rebuild(v: &Value, updates: &[(*const Obj, Map, Vec<String>)]) -> Value {
    match v {
        Value::Object(m) => {
            let mut out: Map = m.iter().map(|(k, x)| (k.clone(), rebuild(x, updates))).collect();
            for (ptr, merged, deletions) in updates {
                if std::ptr::eq(*ptr, Rc::as_ptr(m)) {
                    for (k, x) in merged {
                        out.insert(k.clone(), x.clone());
                    }
                    for d in deletions {
                        out.shift_remove(d);
                    }
                }
            }
            Value::object(out)
        }
        Value::Array(items, f) => {
            Value::array_with(items.iter().map(|x| rebuild(x, updates)).collect(), *f)
        }
        other => other.clone(),
    }
}

/// The parts of a tail-call thunk.
fn thunk_of(v: &Value) -> Option<(std::sync::Arc<crate::ast::LambdaDef>, Value, Rc<Frame>)> {
    let Value::Func(f) = v else { return None };
    match f.as_ref() {
        Func::Lambda { def, input, env } if def.thunk => {
            Some((def.clone(), input.clone(), env.clone()))
        }
        _ => None,
    }
}

/// The name a call is reported under (`$string` → `string`).
fn proc_name(procedure: &Node) -> Option<String> {
    match &procedure.kind {
        Kind::Path(steps) => match steps.first().map(|s| &s.kind) {
            Some(Kind::Name(n)) => Some(n.clone()),
            _ => None,
        },
        Kind::Var(v) => Some(v.clone()),
        _ => None,
    }
}

//! Data in a state: JSONPath reference resolution (`$`, `$$`, `$variable`), payload templates
//! (`"key.$"` with paths and intrinsics), and JSONata templates (`"{% … %}"` anywhere in a value).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::errors::StatesError;
use crate::intrinsics;
use crate::parse::{is_variable_ref, jsonata_body};
use crate::path::Path;
use crate::rng::Rng;

/// What a state's data expressions can see.
pub(crate) struct Scope<'a> {
    /// The value `$` refers to.
    pub input: &'a Value,
    /// The context object (`$$`).
    pub context: &'a Value,
    /// Workflow variables.
    pub vars: &'a Map<String, Value>,
    /// The execution's random source.
    pub rng: &'a mut Rng,
}

/// Why a JSONPath lookup failed.
pub(crate) enum Lookup {
    /// Nothing at that path.
    Missing,
    /// The path does not parse.
    Invalid(String),
}

/// Where a reference path starts.
#[derive(Debug, Clone, PartialEq)]
enum Root {
    Input,
    Context,
    Variable(String),
}

/// A path string taken apart once: its root and the parsed path below it.
type Compiled = Arc<(Root, Result<Path, String>)>;

/// FNV-1a, word by word: the cache keys are short path and call texts from the user's own definitions, where
/// it is several times cheaper than the default SipHash (and flooding is not a concern).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // FNV-1a's xor-multiply, eight bytes at a time (the texts are tens of bytes long), with a
        // final fold so the high and low bits both depend on every byte
        const PRIME: u64 = 0x0100_0000_01b3;
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0; 8];
            b.copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(PRIME).rotate_left(23);
        }
        for b in words.remainder() {
            h = (h ^ u64::from(*b)).wrapping_mul(PRIME);
        }
        h ^= h >> 29;
        self.0 = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A table keyed by short texts.
pub(crate) type TextMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// A table of things parsed from texts that live in a definition, found by the text's address
/// and length (hashing two words, not the text) and confirmed by comparing the text: the same
/// path or call is looked up on every transition through its state.
pub(crate) struct ByText<T> {
    table: HashMap<TextAddress, (Box<str>, T), std::hash::BuildHasherDefault<Fnv>>,
}

/// Where a text is: its address and length.
type TextAddress = (usize, usize);

impl<T: Clone> ByText<T> {
    fn new() -> Self {
        ByText { table: HashMap::default() }
    }

    fn key(text: &str) -> TextAddress {
        (text.as_ptr() as usize, text.len())
    }

    fn get(&self, text: &str) -> Option<T> {
        match self.table.get(&Self::key(text)) {
            Some((t, v)) if **t == *text => Some(v.clone()),
            _ => None,
        }
    }

    fn insert(&mut self, text: &str, v: T) {
        // a bound on the table for long sessions that edit many definitions (or texts made on
        // the fly, whose addresses are new each time)
        if self.table.len() > 100_000 {
            self.table.clear();
        }
        self.table.insert(Self::key(text), (text.into(), v));
    }
}

/// The entry of `table` for `text`, made by `make` (outside the table's borrow) when missing.
fn cached<T: Clone + 'static>(
    table: &'static std::thread::LocalKey<std::cell::RefCell<ByText<T>>>,
    text: &str,
    make: impl FnOnce(&str) -> T,
) -> T {
    if let Some(v) = table.with(|t| t.borrow().get(text)) {
        return v;
    }
    let v = make(text);
    table.with(|t| t.borrow_mut().insert(text, v.clone()));
    v
}

thread_local! {
    /// Parsed paths. Paths come from definitions, so the table stays small; it saves
    /// re-parsing the same path on every state transition.
    static PATHS: std::cell::RefCell<ByText<Compiled>> = std::cell::RefCell::new(ByText::new());
}

fn compile(path: &str) -> Compiled {
    cached(&PATHS, path, compile_path)
}

fn compile_path(path: &str) -> Compiled {
    let (root, text) = if let Some(rest) = path.strip_prefix("$$") {
        (Root::Context, format!("${rest}"))
    } else if is_variable_ref(path) {
        let body = path.get(1..).unwrap_or_default();
        let end = body.find(['.', '[']).unwrap_or(body.len());
        (
            Root::Variable(body.get(..end).unwrap_or_default().to_owned()),
            format!("${}", body.get(end..).unwrap_or_default()),
        )
    } else {
        (Root::Input, path.to_owned())
    };
    Arc::new((root, Path::parse(&text)))
}

thread_local! {
    /// Parsed intrinsic calls (as for paths).
    static CALLS: std::cell::RefCell<ByText<Arc<Result<intrinsics::Call, String>>>> =
        std::cell::RefCell::new(ByText::new());
}

fn compile_call(text: &str) -> Arc<Result<intrinsics::Call, String>> {
    cached(&CALLS, text, |s| Arc::new(intrinsics::parse(s)))
}

/// Resolves `$…`, `$$…` or `$var…`.
pub(crate) fn resolve(
    path: &str,
    input: &Value,
    context: &Value,
    vars: &Map<String, Value>,
) -> Result<Value, Lookup> {
    resolve_compiled(&compile(path), input, context, vars)
}

/// [`resolve`] of a path parsed beforehand.
fn resolve_compiled(
    (root, parsed): &(Root, Result<Path, String>),
    input: &Value,
    context: &Value,
    vars: &Map<String, Value>,
) -> Result<Value, Lookup> {
    let base = match root {
        Root::Input => input,
        Root::Context => context,
        Root::Variable(name) => vars.get(name).ok_or(Lookup::Missing)?,
    };
    let parsed = parsed.as_ref().map_err(|e| Lookup::Invalid(e.clone()))?;
    parsed.select(base).ok_or(Lookup::Missing)
}

/// [`resolve`] without copying: the value a reference path points at (`None` when the path is
/// not a reference path, does not parse, or selects nothing).
pub(crate) fn resolve_ref<'v>(
    path: &str,
    input: &'v Value,
    context: &'v Value,
    vars: &'v Map<String, Value>,
) -> Option<&'v Value> {
    let compiled = compile(path);
    let (root, parsed) = &*compiled;
    let base = match root {
        Root::Input => input,
        Root::Context => context,
        Root::Variable(name) => vars.get(name)?,
    };
    parsed.as_ref().ok()?.select_ref(base)
}

/// The canonical (`$['a']['b']`) rendering of a path, for error causes.
pub(crate) fn canonical(path: &str) -> String {
    Path::parse(path).map_or_else(|_| path.to_owned(), |p| p.canonical())
}

struct Host<'s, 'a> {
    scope: &'s mut Scope<'a>,
    field: &'s str,
}

impl intrinsics::Host for Host<'_, '_> {
    fn path(&mut self, path: &str) -> Result<Value, StatesError> {
        resolve(path, self.scope.input, self.scope.context, self.scope.vars).map_err(|_| {
            StatesError::runtime(format!(
                "The JSONPath '{path}' specified for the field '{}' could not be found in the input '{}'",
                self.field,
                self.scope.input
            ))
        })
    }

    fn rng(&mut self) -> &mut Rng {
        self.scope.rng
    }

    fn array_len(&mut self, path: &str) -> Result<Option<usize>, StatesError> {
        match resolve_ref(path, self.scope.input, self.scope.context, self.scope.vars) {
            Some(v) => Ok(v.as_array().map(Vec::len)),
            None => Ok(self.path(path)?.as_array().map(Vec::len)),
        }
    }
}

/// Expands a JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
pub(crate) fn expand(template: &Value, scope: &mut Scope<'_>) -> Result<Value, StatesError> {
    match template {
        Value::Object(m) => {
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m {
                if let Some(key) = k.strip_suffix(".$") {
                    let Some(expr) = v.as_str() else {
                        return Err(StatesError::runtime(format!(
                            "The value for the field '{k}' must be a string"
                        )));
                    };
                    let val = if expr.starts_with("States.") {
                        let call = compile_call(expr);
                        let call = call
                            .as_ref()
                            .as_ref()
                            .map_err(|e| StatesError::new("States.IntrinsicFailure", e.clone()))?;
                        let mut host = Host { scope, field: k };
                        intrinsics::eval(call, &mut host)?
                    } else {
                        match resolve(expr, scope.input, scope.context, scope.vars) {
                            Ok(v) => v,
                            Err(_) => {
                                return Err(StatesError::runtime(format!(
                                    "The JSONPath '{expr}' specified for the field '{k}' could not be found in the input '{}'",
                                    scope.input
                                )));
                            }
                        }
                    };
                    out.insert(key.to_owned(), val);
                } else {
                    out.insert(k.clone(), expand(v, scope)?);
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(a) => {
            a.iter().map(|x| expand(x, scope)).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        v => Ok(v.clone()),
    }
}

/// Evaluates an intrinsic call standing alone (a Fail state's `ErrorPath` or `CausePath`),
/// `field` naming the field in the causes of its errors.
pub(crate) fn eval_call(
    text: &str,
    field: &str,
    scope: &mut Scope<'_>,
) -> Result<Value, StatesError> {
    let call = compile_call(text);
    let call = call
        .as_ref()
        .as_ref()
        .map_err(|e| StatesError::new("States.IntrinsicFailure", e.clone()))?;
    let mut host = Host { scope, field };
    intrinsics::eval(call, &mut host)
}

/// A JSONPath payload template taken apart once, when the definition is parsed: its `"key.$"`
/// paths and intrinsic calls are parsed, and parts without any are kept as written.
#[derive(Debug, Clone)]
pub(crate) enum Template {
    /// No `.$` key below: the value as written.
    Const(Value),
    /// An object with `.$` keys (in it or below).
    Object(Vec<Member>),
    /// An array with `.$` keys below.
    Array(Vec<Template>),
}

/// One member of a [`Template::Object`].
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The key in the output (without `.$`).
    key: String,
    /// The key as written (named in error causes).
    field: String,
    value: Slot,
}

#[derive(Debug, Clone)]
enum Slot {
    Template(Template),
    /// `"key.$": "$.path"`: the path text and the path parsed.
    Path(String, Compiled),
    /// `"key.$": "States.…(…)"`.
    Call(Arc<Result<intrinsics::Call, String>>),
    /// `"key.$"` whose value is not a string.
    NotString,
}

impl Template {
    /// Takes a template apart (any value is a template; only `.$` keys are evaluated).
    pub(crate) fn compile(template: &Value) -> Template {
        if !has_path_key(template) {
            return Template::Const(template.clone());
        }
        match template {
            Value::Object(m) => Template::Object(
                m.iter()
                    .map(|(k, v)| match k.strip_suffix(".$") {
                        Some(key) => Member {
                            key: key.to_owned(),
                            field: k.clone(),
                            value: match v.as_str() {
                                None => Slot::NotString,
                                Some(expr) if expr.starts_with("States.") => {
                                    Slot::Call(Arc::new(intrinsics::parse(expr)))
                                }
                                Some(expr) => Slot::Path(expr.to_owned(), compile_path(expr)),
                            },
                        },
                        None => Member {
                            key: k.clone(),
                            field: k.clone(),
                            value: Slot::Template(Template::compile(v)),
                        },
                    })
                    .collect(),
            ),
            Value::Array(a) => Template::Array(a.iter().map(Template::compile).collect()),
            other => Template::Const(other.clone()),
        }
    }

    /// The template's value for `scope`, as [`expand`] gives it.
    pub(crate) fn expand(&self, scope: &mut Scope<'_>) -> Result<Value, StatesError> {
        match self {
            Template::Const(v) => Ok(v.clone()),
            Template::Array(a) => {
                a.iter().map(|t| t.expand(scope)).collect::<Result<Vec<_>, _>>().map(Value::Array)
            }
            Template::Object(members) => {
                let mut out = Map::with_capacity(members.len());
                for m in members {
                    let val = match &m.value {
                        Slot::Template(t) => t.expand(scope)?,
                        Slot::NotString => {
                            return Err(StatesError::runtime(format!(
                                "The value for the field '{}' must be a string",
                                m.field
                            )));
                        }
                        Slot::Call(call) => {
                            let call = call.as_ref().as_ref().map_err(|e| {
                                StatesError::new("States.IntrinsicFailure", e.clone())
                            })?;
                            let mut host = Host { scope, field: &m.field };
                            intrinsics::eval(call, &mut host)?
                        }
                        Slot::Path(expr, path) => {
                            match resolve_compiled(path, scope.input, scope.context, scope.vars) {
                                Ok(v) => v,
                                Err(_) => {
                                    return Err(StatesError::runtime(format!(
                                        "The JSONPath '{expr}' specified for the field '{}' could not be found in the input '{}'",
                                        m.field, scope.input
                                    )));
                                }
                            }
                        }
                    };
                    out.insert(m.key.clone(), val);
                }
                Ok(Value::Object(out))
            }
        }
    }
}

/// Whether a `"key.$"` member appears anywhere in `v`.
fn has_path_key(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| k.ends_with(".$") || has_path_key(x)),
        Value::Array(a) => a.iter().any(has_path_key),
        _ => false,
    }
}

/// Evaluates a JSONata template: `{% … %}` strings are replaced by their values, recursively.
pub(crate) struct Jsonata<'a> {
    /// The `$states` binding.
    pub states: Value,
    /// Workflow variables.
    pub vars: &'a Map<String, Value>,
    /// Parsed expressions by source text.
    pub cache: Arc<HashMap<String, Arc<steplab_jsonata::Expression>>>,
    /// The time `$now()` sees.
    pub now_millis: i64,
    /// Seed of unseeded `$random()` and `$uuid()` (drawn from the execution's generator).
    pub seed: i64,
}

impl Jsonata<'_> {
    /// Evaluates `template` for the field `field` (named in error causes).
    pub(crate) fn eval(&self, template: &Value, field: &str) -> Result<Value, StatesError> {
        match template {
            Value::String(s) => match jsonata_body(s) {
                Some(body) => match self.expr(body, field)? {
                    // the cause wording (trimmed expression, field path with '/' and '[i]')
                    // as seen in a real AWS execution
                    Some(v) => Ok(v),
                    None => Err(StatesError::new(
                        "States.QueryEvaluationError",
                        format!(
                            "The JSONata expression '{}' specified for the field '{field}' returned nothing (undefined).",
                            body.trim()
                        ),
                    )
                    .at(field)),
                },
                None => Ok(template.clone()),
            },
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    let f = format!("{field}/{k}");
                    out.insert(k.clone(), self.eval(v, &f)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, v) in a.iter().enumerate() {
                    out.push(self.eval(v, &format!("{field}[{i}]"))?);
                }
                Ok(Value::Array(out))
            }
            v => Ok(v.clone()),
        }
    }

    fn expr(&self, body: &str, field: &str) -> Result<Option<Value>, StatesError> {
        let parsed;
        let e: &steplab_jsonata::Expression = match self.cache.get(body) {
            Some(e) => e,
            None => {
                parsed = steplab_jsonata::Expression::parse(body).map_err(|e| {
                    StatesError::new(
                        "States.QueryEvaluationError",
                        format!("The JSONata expression '{body}' specified for the field '{field}' is invalid: {}", e.message),
                    )
                    .at(field)
                })?;
                &parsed
            }
        };
        let mut env = steplab_jsonata::Environment::aws();
        env.now_millis = self.now_millis;
        env.random_seed = self.seed;
        for (k, v) in self.vars {
            env.bind(k, v.clone());
        }
        env.bind("states", self.states.clone());
        e.evaluate(None, &env).map_err(|err| {
            StatesError::new(
                "States.QueryEvaluationError",
                // as AWS words it: "… threw an error during evaluation. T1006: Attempted to invoke a non-function"
                format!(
                    "The JSONata expression '{}' specified for the field '{field}' threw an error during evaluation. {}: {}",
                    body.trim(),
                    err.code,
                    err.message
                ),
            )
            .at(field)
        })
    }
}

//! The syntax tree the evaluator walks: paths flattened into steps, predicates
//! into stages, as jsonata-js's post-parse stage produces it.

use std::sync::Arc;

use crate::signature::Signature;

/// One node of the processed syntax tree.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) pos: usize,
    /// `[]` on this step: keep singleton arrays.
    pub(crate) keep_array: bool,
    /// An array constructor at the start or end of a path: do not flatten it.
    pub(crate) cons_array: bool,
    /// Filters applied after evaluating the node (outside a path).
    pub(crate) predicate: Vec<Stage>,
    /// Filters and index bindings applied to a step of a path.
    pub(crate) stages: Vec<Stage>,
    /// A group-by object constructor applied to the result.
    pub(crate) group: Option<Box<Group>>,
    /// `@$v`: the variable the step binds its items to.
    pub(crate) focus: Option<String>,
    /// `#$i`: the variable the step binds the item position to.
    pub(crate) index: Option<String>,
    /// The step takes part in a tuple stream (variable bindings, `%`).
    pub(crate) tuple: bool,
    /// The label under which this step records its input for a `%` below it.
    pub(crate) ancestor: Option<String>,
    /// For paths: a step had `[]`.
    pub(crate) keep_singleton_array: bool,
    /// Slots of `%` operators still looking for their step (post-parse only).
    pub(crate) seeking_parent: Vec<usize>,
    pub(crate) ancestor_slot: Option<usize>,
    /// For blocks: a `:=` binds in the block's own scope, which therefore needs a frame.
    pub(crate) binds: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Stage {
    Filter(Node),
    Index(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) pairs: Vec<(Node, Node)>,
    pub(crate) pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Concat,
    And,
    Or,
    In,
    Range,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Concat => "&",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::In => "in",
            BinOp::Range => "..",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SortTerm {
    pub(crate) descending: bool,
    pub(crate) expr: Node,
}

/// A lambda definition: shared so that function values can refer to it.
#[derive(Debug)]
pub(crate) struct LambdaDef {
    pub(crate) params: Vec<String>,
    pub(crate) signature: Option<Signature>,
    pub(crate) body: Node,
    /// A tail call wrapped for the trampoline.
    pub(crate) thunk: bool,
}

#[derive(Debug)]
pub(crate) struct TransformDef {
    pub(crate) pattern: Node,
    pub(crate) update: Node,
    pub(crate) delete: Option<Node>,
}

/// A regex literal, translated for the `regex` crate.
#[derive(Debug)]
pub(crate) struct RegexLit {
    pub(crate) regex: regex::Regex,
    pub(crate) source: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Path(Vec<Node>),
    Binary(BinOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    Name(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Wildcard,
    Descendant,
    /// `%`, with the label of its slot (resolved after parsing).
    Parent(String, usize),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `a ?? b`
    Coalesce(Box<Node>, Box<Node>),
    /// `a ?: b`
    Elvis(Box<Node>, Box<Node>),
    Block(Vec<Node>),
    Bind(String, Box<Node>),
    Regex(Arc<RegexLit>),
    Function(Box<Node>, Vec<Node>),
    Partial(Box<Node>, Vec<Node>),
    Placeholder,
    Var(String),
    Lambda(Arc<LambdaDef>),
    Apply(Box<Node>, Box<Node>),
    Sort(Vec<SortTerm>),
    Transform(Arc<TransformDef>),
}

impl Node {
    pub(crate) fn new(kind: Kind, pos: usize) -> Self {
        Self {
            kind,
            pos,
            keep_array: false,
            cons_array: false,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            keep_singleton_array: false,
            seeking_parent: Vec::new(),
            ancestor_slot: None,
            binds: true,
        }
    }

    /// The name jsonata-js reports for a node kind in S0217.
    pub(crate) fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Path(_) => "path",
            Kind::Binary(..) => "binary",
            Kind::Neg(_) | Kind::Array(_) | Kind::Object(_) => "unary",
            Kind::Name(_) => "name",
            Kind::Str(_) => "string",
            Kind::Num(_) => "number",
            Kind::Bool(_) | Kind::Null => "value",
            Kind::Wildcard => "wildcard",
            Kind::Descendant => "descendant",
            Kind::Parent(..) => "parent",
            Kind::Condition(..) => "condition",
            Kind::Coalesce(..) => "coalesce",
            Kind::Elvis(..) => "elvis",
            Kind::Block(_) => "block",
            Kind::Bind(..) => "bind",
            Kind::Regex(_) => "regex",
            Kind::Function(..) => "function",
            Kind::Partial(..) => "partial",
            Kind::Placeholder => "operator",
            Kind::Var(_) => "variable",
            Kind::Lambda(_) => "lambda",
            Kind::Apply(..) => "apply",
            Kind::Sort(_) => "sort",
            Kind::Transform(_) => "transform",
        }
    }
}

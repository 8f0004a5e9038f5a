//! The parsed expressions, with `#names` and `:values` already substituted.

use crate::dynamodb::value::AttributeValue;

/// One step of a document path: an attribute (or map member) name, or a list index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathElement {
    /// `a`, `#a`.
    Name(String),
    /// `[0]`.
    Index(usize),
}

/// A document path such as `a.b[0].c`.
pub type Path = Vec<PathElement>;

/// Writes a path as DynamoDB's messages do: `[a, b, [0]]`.
pub fn path_text(path: &Path) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|e| match e {
            PathElement::Name(n) => n.clone(),
            PathElement::Index(i) => format!("[{i}]"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// How two document paths of one expression clash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clash {
    /// One is the other or holds it (`a` and `a.b`).
    Overlap,
    /// They index one attribute as a map and as a list (`a.b` and `a[0]`).
    Conflict,
}

/// Whether and how two paths clash, as DynamoDB checks them.
pub fn clash(a: &Path, b: &Path) -> Option<Clash> {
    for (x, y) in a.iter().zip(b) {
        match (x, y) {
            (PathElement::Name(_), PathElement::Index(_))
            | (PathElement::Index(_), PathElement::Name(_)) => return Some(Clash::Conflict),
            _ if x != y => return None,
            _ => {}
        }
    }
    Some(Clash::Overlap)
}

/// DynamoDB's message for two clashing paths, `first` written before `second`.
pub fn clash_message(clash: Clash, first: &Path, second: &Path) -> String {
    let what = match clash {
        Clash::Overlap => "overlap",
        Clash::Conflict => "conflict",
    };
    format!(
        "Two document paths {what} with each other; must remove or rewrite one of these paths; path one: {}, path two: {}",
        path_text(first),
        path_text(second)
    )
}

/// An operand of a condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A document path.
    Path(Path),
    /// An expression attribute value.
    Value(AttributeValue),
    /// `size(operand)`.
    Size(Box<Operand>),
}

/// A comparator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A condition (ConditionExpression, FilterExpression, KeyConditionExpression).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `a < b`
    Compare(Operand, Comparator, Operand),
    /// `a BETWEEN b AND c`
    Between(Operand, Operand, Operand),
    /// `a IN (b, c)`
    In(Operand, Vec<Operand>),
    /// `a AND b`
    And(Box<Condition>, Box<Condition>),
    /// `a OR b`
    Or(Box<Condition>, Box<Condition>),
    /// `NOT a`
    Not(Box<Condition>),
    /// `attribute_exists(path)`
    Exists(Path),
    /// `attribute_not_exists(path)`
    NotExists(Path),
    /// `attribute_type(path, :t)`
    Type(Path, String),
    /// `begins_with(a, b)`
    BeginsWith(Operand, Operand),
    /// `contains(a, b)`
    Contains(Operand, Operand),
}

/// The value of a SET action.
#[derive(Clone, Debug, PartialEq)]
pub enum UpdateValue {
    /// A document path.
    Path(Path),
    /// An expression attribute value.
    Value(AttributeValue),
    /// `if_not_exists(path, value)`
    IfNotExists(Path, Box<UpdateValue>),
    /// `list_append(a, b)`
    ListAppend(Box<UpdateValue>, Box<UpdateValue>),
    /// `a + b`
    Plus(Box<UpdateValue>, Box<UpdateValue>),
    /// `a - b`
    Minus(Box<UpdateValue>, Box<UpdateValue>),
}

/// An update expression's actions, by section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// `SET path = value, …`
    pub set: Vec<(Path, UpdateValue)>,
    /// `REMOVE path, …`
    pub remove: Vec<Path>,
    /// `ADD path :value, …`
    pub add: Vec<(Path, AttributeValue)>,
    /// `DELETE path :set, …`
    pub delete: Vec<(Path, AttributeValue)>,
}

impl Update {
    /// Every path the update writes, in the order of its actions.
    pub fn paths(&self) -> Vec<&Path> {
        self.set
            .iter()
            .map(|(p, _)| p)
            .chain(&self.remove)
            .chain(self.add.iter().map(|(p, _)| p))
            .chain(self.delete.iter().map(|(p, _)| p))
            .collect()
    }
}

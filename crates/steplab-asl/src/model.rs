//! The state machine as parsed: states, their transitions and nested scopes (Parallel branches,
//! Map item processors), with each state's definition kept as JSON for the interpreter.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

/// `QueryLanguage`: the top-level default is JSONPath.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryLanguage {
    /// `"JSONPath"` (the default).
    JsonPath,
    /// `"JSONata"`.
    Jsonata,
}

impl QueryLanguage {
    /// The spelling used in definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// The eight state types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateType {
    /// `Task`
    Task,
    /// `Pass`
    Pass,
    /// `Choice`
    Choice,
    /// `Wait`
    Wait,
    /// `Succeed`
    Succeed,
    /// `Fail`
    Fail,
    /// `Parallel`
    Parallel,
    /// `Map`
    Map,
}

impl StateType {
    /// Parses the `Type` field.
    pub fn from_name(s: &str) -> Option<StateType> {
        Some(match s {
            "Task" => StateType::Task,
            "Pass" => StateType::Pass,
            "Choice" => StateType::Choice,
            "Wait" => StateType::Wait,
            "Succeed" => StateType::Succeed,
            "Fail" => StateType::Fail,
            "Parallel" => StateType::Parallel,
            "Map" => StateType::Map,
            _ => return None,
        })
    }

    /// The `Type` spelling, also the prefix of its history events (`TaskStateEntered`).
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }
}

/// What kind of edge a [`Transition`] is (for drawing the graph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionKind {
    /// The state's `Next`.
    Next,
    /// `Choices[i].Next`.
    Choice(usize),
    /// The Choice state's `Default`.
    Default,
    /// `Catch[i].Next`.
    Catch(usize),
}

/// An edge of the graph: from a state to `target` in the same scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The kind of edge.
    pub kind: TransitionKind,
    /// The target state's name.
    pub target: String,
}

/// A `Retry` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`
    pub error_equals: Vec<String>,
    /// `IntervalSeconds` (default 1)
    pub interval_seconds: f64,
    /// `MaxAttempts` (default 3; 0 = never retry)
    pub max_attempts: u64,
    /// `BackoffRate` (default 2.0)
    pub backoff_rate: f64,
    /// `MaxDelaySeconds`
    pub max_delay_seconds: Option<f64>,
    /// `JitterStrategy` is `FULL`
    pub jitter_full: bool,
}

/// A `Catch` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`
    pub error_equals: Vec<String>,
    /// `Next`
    pub next: String,
    /// The whole catcher as written (for `ResultPath`, `Output`, `Assign`).
    pub def: Map<String, Value>,
}

/// One state of a [`Scope`].
#[derive(Debug, Clone)]
pub struct State {
    /// The state's name (its key in `States`).
    pub name: String,
    /// Its `Type`.
    pub state_type: StateType,
    /// JSON Pointer of the state in the definition, e.g. `/States/A`.
    pub pointer: String,
    /// The query language in force for this state.
    pub query_language: QueryLanguage,
    /// `Comment`
    pub comment: Option<String>,
    /// `Next`
    pub next: Option<String>,
    /// `End: true` (always true for Succeed and Fail).
    pub end: bool,
    /// `Choices[i].Next` for Choice states.
    pub choice_targets: Vec<String>,
    /// `Default` for Choice states.
    pub default: Option<String>,
    /// `Retry`
    pub retry: Vec<Retrier>,
    /// `Catch`
    pub catch: Vec<Catcher>,
    /// `Branches` of a Parallel state.
    pub branches: Vec<Arc<Scope>>,
    /// `ItemProcessor` (or legacy `Iterator`) of a Map state.
    pub item_processor: Option<Arc<Scope>>,
    /// The state's fields as written.
    pub def: Map<String, Value>,
    /// Whether the state's data expressions may read the context object (`$$`, `$states.context`);
    /// when not, the interpreter does not build it.
    pub(crate) needs_context: bool,
    /// A JSONPath Task state whose effective arguments, timeout and heartbeat depend only on
    /// its input and variables (no `$$`, no random intrinsic, no task token): its retries hand
    /// out the first attempt's invocation again.
    pub(crate) fixed_arguments: bool,
    /// `Next`, shared with every transition it makes.
    pub(crate) next_name: Option<Arc<str>>,
    /// Which of the [`Key`] fields the state has, one bit each.
    pub(crate) keys: u32,
    /// A JSONPath Choice state's rules, taken apart.
    pub(crate) choices: Vec<crate::choice::Choice>,
    /// A JSONPath state's payload templates, taken apart.
    pub(crate) templates: Templates,
}

/// The payload templates of a JSONPath state, taken apart when the definition is parsed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Templates {
    /// `Parameters`
    pub parameters: Option<crate::payload::Template>,
    /// `ResultSelector`
    pub result_selector: Option<crate::payload::Template>,
    /// A Map state's `ItemSelector` (or its older name `Parameters`).
    pub item_selector: Option<crate::payload::Template>,
    /// `Assign`
    pub assign: Option<crate::payload::Template>,
}

impl Templates {
    pub(crate) fn of(def: &Map<String, Value>, map: bool) -> Templates {
        let t = |k: &str| def.get(k).map(crate::payload::Template::compile);
        Templates {
            parameters: t("Parameters"),
            result_selector: t("ResultSelector"),
            item_selector: if map { t("ItemSelector").or_else(|| t("Parameters")) } else { None },
            assign: t("Assign"),
        }
    }
}

/// Fields the interpreter looks up on every visit of a state: which of them a state has is
/// kept as bits ([`State::get`]), so asking for one it does not have costs nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    InputPath,
    Parameters,
    Result,
    ResultSelector,
    ResultPath,
    OutputPath,
    Assign,
    Output,
    Arguments,
    ItemsPath,
    ItemSelector,
    Resource,
}

impl Key {
    pub(crate) const ALL: [Key; 12] = [
        Key::InputPath,
        Key::Parameters,
        Key::Result,
        Key::ResultSelector,
        Key::ResultPath,
        Key::OutputPath,
        Key::Assign,
        Key::Output,
        Key::Arguments,
        Key::ItemsPath,
        Key::ItemSelector,
        Key::Resource,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Key::InputPath => "InputPath",
            Key::Parameters => "Parameters",
            Key::Result => "Result",
            Key::ResultSelector => "ResultSelector",
            Key::ResultPath => "ResultPath",
            Key::OutputPath => "OutputPath",
            Key::Assign => "Assign",
            Key::Output => "Output",
            Key::Arguments => "Arguments",
            Key::ItemsPath => "ItemsPath",
            Key::ItemSelector => "ItemSelector",
            Key::Resource => "Resource",
        }
    }

    /// The bits of the [`Key`] fields `def` has.
    pub(crate) fn bits(def: &Map<String, Value>) -> u32 {
        Key::ALL
            .iter()
            .filter(|k| def.contains_key(k.as_str()))
            .fold(0, |b, k| b | (1 << *k as u32))
    }
}

impl State {
    /// All outgoing edges, in definition order.
    pub fn transitions(&self) -> Vec<Transition> {
        let mut out = Vec::new();
        if let Some(n) = &self.next {
            out.push(Transition { kind: TransitionKind::Next, target: n.clone() });
        }
        for (i, t) in self.choice_targets.iter().enumerate() {
            out.push(Transition { kind: TransitionKind::Choice(i), target: t.clone() });
        }
        if let Some(d) = &self.default {
            out.push(Transition { kind: TransitionKind::Default, target: d.clone() });
        }
        for (i, c) in self.catch.iter().enumerate() {
            out.push(Transition { kind: TransitionKind::Catch(i), target: c.next.clone() });
        }
        out
    }

    /// A field of the state as written.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.def.get(name)
    }

    /// The field `k` as written, found without a search when the state does not have it.
    pub(crate) fn get(&self, k: Key) -> Option<&Value> {
        if self.keys & (1 << k as u32) == 0 {
            None
        } else {
            crate::path::member(&self.def, k.as_str())
        }
    }
}

/// A `StartAt` + `States` block: the machine itself, a Parallel branch or a Map item processor.
#[derive(Debug, Clone)]
pub struct Scope {
    pub(crate) start_at: String,
    pub(crate) states: Vec<State>,
    pub(crate) index: HashMap<String, usize>,
    /// JSON Pointer of this block (`""` for the machine, `/States/P/Branches/0` for a branch).
    pub pointer: String,
}

impl Scope {
    /// `StartAt`
    pub fn start_at(&self) -> &str {
        &self.start_at
    }

    /// The states in definition order.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// The state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.index.get(name).and_then(|&i| self.states.get(i))
    }
}

/// A parsed, valid state machine definition.
#[derive(Debug, Clone)]
pub struct StateMachine {
    pub(crate) root: Arc<Scope>,
    /// Top-level `QueryLanguage`.
    pub query_language: QueryLanguage,
    /// Top-level `Comment`.
    pub comment: Option<String>,
    /// Top-level `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// Top-level `Version`.
    pub version: Option<String>,
    /// The definition as written.
    pub definition: Value,
    pub(crate) expressions: Arc<HashMap<String, Arc<steplab_jsonata::Expression>>>,
}

impl StateMachine {
    /// `StartAt` of the top-level scope.
    pub fn start_at(&self) -> &str {
        &self.root.start_at
    }

    /// The top-level states, in definition order.
    pub fn states(&self) -> &[State] {
        &self.root.states
    }

    /// The top-level scope.
    pub fn scope(&self) -> &Scope {
        &self.root
    }

    /// The top-level state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.root.state(name)
    }
}

//! Places in a definition: a set of states ([`Scope`]), a state ([`StateRef`]), and where a new state
//! can go ([`DropTarget`]). Design mode's edits and the layout's drop zones name them the same way.

use serde::{Deserialize, Serialize};

/// Where a set of states lives: the top level (empty path), or, step by step, a state of the enclosing set
/// and the branch index of a `Parallel` (`0` for the iterator of a `Map`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope(pub Vec<(String, usize)>);

impl Scope {
    pub fn top() -> Self {
        Self::default()
    }

    /// The scope of branch `branch` of the state `state` of this scope.
    pub fn child(&self, state: &str, branch: usize) -> Self {
        let mut path = self.0.clone();
        path.push((state.to_owned(), branch));
        Self(path)
    }
}

/// A state, by its scope and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StateRef {
    pub scope: Scope,
    pub name: String,
}

impl StateRef {
    pub fn new(scope: Scope, name: impl Into<String>) -> Self {
        Self { scope, name: name.into() }
    }
}

/// A place on the canvas where a state can be dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DropTarget {
    /// Before the first state of a scope (on an empty canvas: "Drag first state here").
    Start(Scope),
    /// On the transition out of a state that has `Next` or `End`.
    After(StateRef),
    /// On the branch of a Choice rule (its index in `Choices`).
    ChoiceRule(StateRef, usize),
    /// On a Choice's `Default` branch.
    ChoiceDefault(StateRef),
}

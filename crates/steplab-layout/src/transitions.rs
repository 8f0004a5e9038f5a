//! What a state leads to: its outgoing transitions (`Next`, Choice rules, `Default`, `Catch`) and the
//! nested state sets it holds (Parallel branches, a Map's iterator).

use serde_json::{Map, Value};

use crate::graph::EdgeKind;
use crate::place::Scope;

/// A state's outgoing transitions: target, kind, label.
pub(crate) fn transitions(state: &Value) -> Vec<(String, EdgeKind, Option<String>)> {
    let mut out = Vec::new();
    if let Some(n) = state.get("Next").and_then(Value::as_str) {
        out.push((n.to_owned(), EdgeKind::Next, None));
    }
    if let Some(choices) = state.get("Choices").and_then(Value::as_array) {
        for (i, c) in choices.iter().enumerate() {
            if let Some(n) = c.get("Next").and_then(Value::as_str) {
                out.push((n.to_owned(), EdgeKind::Rule(i), Some(format!("Rule #{}", i + 1))));
            }
        }
    }
    if let Some(n) = state.get("Default").and_then(Value::as_str) {
        out.push((n.to_owned(), EdgeKind::Default, Some("Default".into())));
    }
    if let Some(catchers) = state.get("Catch").and_then(Value::as_array) {
        for (i, c) in catchers.iter().enumerate() {
            if let Some(n) = c.get("Next").and_then(Value::as_str) {
                let errors = c
                    .get("ErrorEquals")
                    .and_then(Value::as_array)
                    .map(|e| e.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
                out.push((
                    n.to_owned(),
                    EdgeKind::Catch(i),
                    Some(format!("Catch {}", errors.unwrap_or_default()).trim_end().to_owned()),
                ));
            }
        }
    }
    out
}

/// The nested state sets of a state, with their scope.
pub(crate) fn inner_sets<'a>(
    state: &'a Value,
    scope: &Scope,
    name: &str,
) -> Vec<(Scope, &'a Map<String, Value>)> {
    if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
        return branches
            .iter()
            .enumerate()
            .filter_map(|(i, b)| Some((scope.child(name, i), b.as_object()?)))
            .collect();
    }
    state
        .get("ItemProcessor")
        .or_else(|| state.get("Iterator"))
        .and_then(Value::as_object)
        .map(|m| vec![(scope.child(name, 0), m)])
        .unwrap_or_default()
}

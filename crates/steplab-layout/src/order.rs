//! The order states are laid out in: topological from `StartAt`, with the transitions that loop back.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::transitions::transitions;

/// The states of a scope in topological order (depth first from `StartAt`, then from each state not met
/// yet, in document order), and the transitions that loop back to a state being visited. No recursion:
/// a chain of thousands of states keeps its own stack.
pub(crate) fn topological_order(
    machine: &Map<String, Value>,
    states: &Map<String, Value>,
) -> (Vec<String>, HashSet<(String, String)>) {
    let mut roots: Vec<String> =
        machine.get("StartAt").and_then(Value::as_str).map(str::to_owned).into_iter().collect();
    roots.extend(states.keys().cloned());
    // 1: on the stack, 2: done
    let mut mark: HashMap<String, u8> = HashMap::new();
    let mut post: Vec<String> = Vec::new();
    let mut back = HashSet::new();
    for root in roots {
        if !states.contains_key(&root) || mark.contains_key(&root) {
            continue;
        }
        mark.insert(root.clone(), 1);
        let targets = transitions(&states[&root]).into_iter().map(|t| t.0).collect::<Vec<_>>();
        let mut stack: Vec<(String, Vec<String>, usize)> = vec![(root, targets, 0)];
        while let Some((name, targets, next)) = stack.last_mut() {
            if let Some(target) = targets.get(*next).cloned() {
                *next += 1;
                if !states.contains_key(&target) {
                    continue;
                }
                match mark.get(&target) {
                    None => {
                        mark.insert(target.clone(), 1);
                        let t = transitions(&states[&target]).into_iter().map(|t| t.0).collect();
                        stack.push((target, t, 0));
                    }
                    Some(1) => {
                        back.insert((name.clone(), target));
                    }
                    _ => {}
                }
            } else {
                mark.insert(name.clone(), 2);
                post.push(name.clone());
                stack.pop();
            }
        }
    }
    post.reverse();
    (post, back)
}

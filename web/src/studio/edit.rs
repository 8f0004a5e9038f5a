//! Edits of a definition made in Design mode — drop a state, delete, duplicate, move, rename, set a field —
//! each producing the JSON Workflow Studio writes (key order kept: serde_json's `preserve_order`).
//!
//! Unknown fields are never touched: every edit works on the parsed document, not on a model of it.

use std::collections::HashSet;

use serde_json::{Map, Value, json};
/// Places in a definition, shared with the layout's drop zones.
pub use steplab_layout::{DropTarget, Scope, StateRef};

use crate::studio::catalog::{Fragment, NEXT};

/// Why an edit was refused, in words for the person editing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

/// The definition as Workflow Studio shows it in Code mode: two-space indented JSON.
pub fn format(definition: &Value) -> String {
    serde_json::to_string_pretty(definition).unwrap_or_default()
}

/// The object holding `StartAt` and `States` for `scope`.
pub fn machine_mut<'a>(
    definition: &'a mut Value,
    scope: &Scope,
) -> Result<&'a mut Map<String, Value>, EditError> {
    let mut machine = definition
        .as_object_mut()
        .ok_or_else(|| EditError("The definition is not a JSON object".into()))?;
    for (state, branch) in &scope.0 {
        let s = machine
            .get_mut("States")
            .and_then(|s| s.get_mut(state))
            .ok_or_else(|| EditError(format!("No state named {state}")))?;
        let inner = if s.get("Branches").is_some() {
            s.get_mut("Branches").and_then(|b| b.get_mut(*branch))
        } else if s.get("ItemProcessor").is_some() {
            s.get_mut("ItemProcessor")
        } else {
            s.get_mut("Iterator")
        };
        machine = inner
            .and_then(Value::as_object_mut)
            .ok_or_else(|| EditError(format!("State {state} has no branch {branch}")))?;
    }
    Ok(machine)
}

/// The object holding `StartAt` and `States` for `scope`.
pub fn machine<'a>(definition: &'a Value, scope: &Scope) -> Option<&'a Map<String, Value>> {
    let mut machine = definition.as_object()?;
    for (state, branch) in &scope.0 {
        let s = machine.get("States")?.get(state)?;
        machine = match s.get("Branches") {
            Some(b) => b.get(*branch)?,
            None => s.get("ItemProcessor").or_else(|| s.get("Iterator"))?,
        }
        .as_object()?;
    }
    Some(machine)
}

/// The state `at` refers to.
pub fn state<'a>(definition: &'a Value, at: &StateRef) -> Option<&'a Value> {
    machine(definition, &at.scope)?.get("States")?.get(&at.name)
}

fn states_mut(machine: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let states = machine.entry("States").or_insert_with(|| json!({}));
    if !states.is_object() {
        *states = json!({});
    }
    states.as_object_mut().expect("made an object above")
}

/// The nested state sets of a state (Parallel branches, Map iterator).
fn inner_machines_mut(state: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(s) = state.as_object_mut() else { return Vec::new() };
    let mut out = Vec::new();
    for (key, value) in s.iter_mut() {
        match key.as_str() {
            "Branches" => {
                if let Some(branches) = value.as_array_mut() {
                    out.extend(branches.iter_mut().filter_map(Value::as_object_mut));
                }
            }
            "ItemProcessor" | "Iterator" => out.extend(value.as_object_mut()),
            _ => {}
        }
    }
    out
}

fn collect_names(machine: &Map<String, Value>, out: &mut HashSet<String>) {
    if let Some(states) = machine.get("States").and_then(Value::as_object) {
        for (name, s) in states {
            out.insert(name.clone());
            if let Some(b) = s.get("Branches").and_then(Value::as_array) {
                b.iter().filter_map(Value::as_object).for_each(|m| collect_names(m, out));
            }
            for key in ["ItemProcessor", "Iterator"] {
                if let Some(m) = s.get(key).and_then(Value::as_object) {
                    collect_names(m, out);
                }
            }
        }
    }
}

/// Every state name of the definition, nested ones included (AWS wants them unique across the machine).
pub fn all_names(definition: &Value) -> HashSet<String> {
    let mut out = HashSet::new();
    if let Some(m) = definition.as_object() {
        collect_names(m, &mut out);
    }
    out
}

/// `base`, or `base (1)`, `base (2)`… whichever is free.
// How the console numbers copies is not recorded; this is StepLab's choice.
pub fn unique_name(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (1..).map(|i| format!("{base} ({i})")).find(|n| !taken.contains(n)).expect("unbounded")
}

/// Calls `f` on every transition target of a state (`Next`, `Default`, `Choices[].Next`, `Catch[].Next`).
fn for_each_target(state: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Some(s) = state.as_object_mut() else { return };
    for key in ["Next", "Default"] {
        if let Some(v) = s.get_mut(key) {
            f(v);
        }
    }
    for list in ["Choices", "Catch"] {
        if let Some(items) = s.get_mut(list).and_then(Value::as_array_mut) {
            for item in items {
                if let Some(v) = item.get_mut("Next") {
                    f(v);
                }
            }
        }
    }
}

/// The position of `key` in `map`.
fn index_of(map: &Map<String, Value>, key: &str) -> Option<usize> {
    map.keys().position(|k| k == key)
}

/// Renames a key of `map` keeping its position.
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    if let Some(index) = index_of(map, old)
        && let Some(value) = map.shift_remove(old)
    {
        map.shift_insert(index, new.to_owned(), value);
    }
}

/// Renames a state of one state set and every reference to it in that set.
fn rename_in_machine(machine: &mut Map<String, Value>, old: &str, new: &str) {
    if machine.get("StartAt").and_then(Value::as_str) == Some(old) {
        machine.insert("StartAt".into(), json!(new));
    }
    let states = states_mut(machine);
    rename_key(states, old, new);
    for s in states.values_mut() {
        for_each_target(s, &mut |t| {
            if t.as_str() == Some(old) {
                *t = json!(new);
            }
        });
    }
}

/// Gives the nested states of `state` names not in `taken` (and adds them to it).
fn dedupe_nested(state: &mut Value, taken: &mut HashSet<String>) {
    for m in inner_machines_mut(state) {
        let names: Vec<String> = m
            .get("States")
            .and_then(Value::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            let fresh = unique_name(&name, taken);
            taken.insert(fresh.clone());
            if fresh != name {
                rename_in_machine(m, &name, &fresh);
            }
        }
        if let Some(states) = m.get_mut("States").and_then(Value::as_object_mut) {
            for s in states.values_mut() {
                dedupe_nested(s, taken);
            }
        }
    }
}

/// Replaces `key` of `map` by `new_key: value` at the same position (appended when `key` is absent).
fn replace_key(map: &mut Map<String, Value>, key: &str, new_key: &str, value: Value) {
    match index_of(map, key) {
        Some(index) => {
            map.shift_remove(key);
            map.shift_insert(index, new_key.to_owned(), value);
        }
        None => {
            map.insert(new_key.to_owned(), value);
        }
    }
}

/// Points the state-level transition of `state` to `next` (`None`: the state ends), in place of its
/// `Next` or `End`.
fn set_transition(state: &mut Map<String, Value>, next: Option<&str>) {
    let old = if state.contains_key("Next") { "Next" } else { "End" };
    match next {
        Some(n) => replace_key(state, old, "Next", json!(n)),
        None => replace_key(state, old, "End", json!(true)),
    }
}

/// What a drop target's transition points to now, if anything.
fn successor(definition: &Value, target: &DropTarget) -> Result<Option<String>, EditError> {
    let named = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    Ok(match target {
        DropTarget::Start(scope) => {
            let m = machine(definition, scope).ok_or_else(|| EditError("No such branch".into()))?;
            named(m.get("StartAt")).filter(|s| m.get("States").and_then(|st| st.get(s)).is_some())
        }
        DropTarget::After(at) => {
            let s = state(definition, at)
                .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
            if s.get("Next").is_none() && s.get("End") != Some(&json!(true)) {
                return err(format!(
                    "A state cannot be added after {}: it has no next state",
                    at.name
                ));
            }
            named(s.get("Next"))
        }
        DropTarget::ChoiceRule(at, i) => {
            let s = state(definition, at)
                .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
            let rule = s
                .get("Choices")
                .and_then(|c| c.get(*i))
                .ok_or_else(|| EditError(format!("{} has no rule #{}", at.name, i + 1)))?;
            named(rule.get("Next"))
        }
        DropTarget::ChoiceDefault(at) => {
            let s = state(definition, at)
                .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
            named(s.get("Default"))
        }
    })
}

/// Drops `fragment` on `target`: its states are added (renamed where their names are taken) and the
/// transition through `target` now goes through them. Returns the name of the entered state.
pub fn insert(
    definition: &mut Value,
    target: &DropTarget,
    fragment: Fragment,
) -> Result<String, EditError> {
    let succ = successor(definition, target)?;
    let mut taken = all_names(definition);
    // fresh names for the fragment's states, nested ones included
    let mut states = fragment.states;
    let mut fragment_machine: Map<String, Value> = Map::new();
    fragment_machine.insert("States".into(), Value::Object(Map::new()));
    for (name, value) in states.drain(..) {
        states_mut(&mut fragment_machine).insert(name, value);
    }
    let names: Vec<String> = states_mut(&mut fragment_machine).keys().cloned().collect();
    for name in &names {
        let fresh = unique_name(name, &taken);
        taken.insert(fresh.clone());
        if &fresh != name {
            rename_in_machine(&mut fragment_machine, name, &fresh);
        }
    }
    for s in states_mut(&mut fragment_machine).values_mut() {
        dedupe_nested(s, &mut taken);
    }
    // the placeholder becomes the successor, or the end
    let mut needs_end_state = false;
    let end_state = unique_name("Success", &taken);
    for s in states_mut(&mut fragment_machine).values_mut() {
        let Some(obj) = s.as_object_mut() else { continue };
        if obj.get("Next").and_then(Value::as_str) == Some(NEXT) {
            set_transition(obj, succ.as_deref());
        }
        let target_name = succ.clone().unwrap_or_else(|| end_state.clone());
        for_each_target(s, &mut |t| {
            if t.as_str() == Some(NEXT) {
                *t = json!(target_name);
                needs_end_state |= succ.is_none();
            }
        });
    }
    if needs_end_state {
        states_mut(&mut fragment_machine).insert(end_state, json!({ "Type": "Succeed" }));
    }
    let new_states = states_mut(&mut fragment_machine).clone();
    let Some(entry) = new_states.keys().next().cloned() else { return err("Nothing to add") };
    // rewire the drop point, and add the states after the state they follow
    let (scope, anchor) = match target {
        DropTarget::Start(scope) => (scope.clone(), None),
        DropTarget::After(at) | DropTarget::ChoiceRule(at, _) | DropTarget::ChoiceDefault(at) => {
            (at.scope.clone(), Some(at.name.clone()))
        }
    };
    let m = machine_mut(definition, &scope)?;
    if let DropTarget::Start(_) = target {
        m.insert("StartAt".into(), json!(entry));
    }
    let states = states_mut(m);
    if let Some(anchor) = &anchor {
        let s = states
            .get_mut(anchor)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| EditError(format!("No state named {anchor}")))?;
        match target {
            DropTarget::After(_) => set_transition(s, Some(&entry)),
            DropTarget::ChoiceRule(_, i) => {
                if let Some(rule) =
                    s.get_mut("Choices").and_then(|c| c.get_mut(*i)).and_then(Value::as_object_mut)
                {
                    rule.insert("Next".into(), json!(entry));
                }
            }
            _ => {
                s.insert("Default".into(), json!(entry));
            }
        }
    }
    let first = anchor.as_ref().and_then(|a| index_of(states, a)).map_or(0, |i| i + 1);
    for (index, (name, value)) in (first..).zip(new_states) {
        states.shift_insert(index, name, value);
    }
    Ok(entry)
}

/// Deletes a state; whatever led to it now leads to its successor (its `Next`, or a Choice's `Default`),
/// or ends when it had none.
pub fn delete(definition: &mut Value, at: &StateRef) -> Result<(), EditError> {
    let removed = state(definition, at)
        .cloned()
        .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
    let succ = removed
        .get("Next")
        .or_else(|| removed.get("Default"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|s| s != &at.name);
    let m = machine_mut(definition, &at.scope)?;
    let states = states_mut(m);
    states.shift_remove(&at.name);
    for s in states.values_mut() {
        let Some(obj) = s.as_object_mut() else { continue };
        if obj.get("Next").and_then(Value::as_str) == Some(&at.name) {
            set_transition(obj, succ.as_deref());
        }
        if obj.get("Default").and_then(Value::as_str) == Some(&at.name) {
            match &succ {
                Some(n) => {
                    obj.insert("Default".into(), json!(n));
                }
                None => {
                    obj.shift_remove("Default");
                }
            }
        }
        for list in ["Choices", "Catch"] {
            if let Some(items) = obj.get_mut(list).and_then(Value::as_array_mut) {
                match &succ {
                    Some(n) => items
                        .iter_mut()
                        .filter(|i| i.get("Next").and_then(Value::as_str) == Some(&at.name))
                        .for_each(|i| i["Next"] = json!(n)),
                    None => {
                        items.retain(|i| i.get("Next").and_then(Value::as_str) != Some(&at.name))
                    }
                }
            }
        }
        if obj.get("Catch").and_then(Value::as_array).is_some_and(Vec::is_empty) {
            obj.shift_remove("Catch");
        }
    }
    let first = states.keys().next().cloned();
    if m.get("StartAt").and_then(Value::as_str) == Some(&at.name) {
        m.insert("StartAt".into(), json!(succ.or(first).unwrap_or_default()));
    }
    Ok(())
}

/// The transitions of the scope of `at` that lead to it, in definition order.
fn incoming(definition: &Value, at: &StateRef) -> Vec<DropTarget> {
    let Some(m) = machine(definition, &at.scope) else { return Vec::new() };
    let Some(states) = m.get("States").and_then(Value::as_object) else { return Vec::new() };
    let mut out = Vec::new();
    if m.get("StartAt").and_then(Value::as_str) == Some(at.name.as_str()) {
        out.push(DropTarget::Start(at.scope.clone()));
    }
    let to_it = |v: Option<&Value>| v.and_then(Value::as_str) == Some(at.name.as_str());
    for (name, s) in states {
        let from = StateRef::new(at.scope.clone(), name.clone());
        if to_it(s.get("Next")) {
            out.push(DropTarget::After(from.clone()));
        }
        if let Some(rules) = s.get("Choices").and_then(Value::as_array) {
            for (i, r) in rules.iter().enumerate() {
                if to_it(r.get("Next")) {
                    out.push(DropTarget::ChoiceRule(from.clone(), i));
                }
            }
        }
        if to_it(s.get("Default")) {
            out.push(DropTarget::ChoiceDefault(from));
        }
    }
    out
}

/// A copy of a state right after it (named like it, numbered). Returns the copy's name.
///
/// A Choice has no single next state: its copy goes on its `Default` branch (on its last rule's
/// when it has no `Default`), with the same rules. A Succeed or Fail state ends the flow: when
/// several transitions lead to it, its copy takes the last of them; when one does, the copy is
/// added beside it, not connected yet (the validator lists it until it is moved onto a transition).
pub fn duplicate(definition: &mut Value, at: &StateRef) -> Result<String, EditError> {
    let s =
        state(definition, at).ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
    let mut copy = s.clone();
    let Some(obj) = copy.as_object_mut() else { return err("The state is not a JSON object") };
    if !obj.contains_key("Next") && !obj.contains_key("End") {
        match obj.get("Type").and_then(Value::as_str) {
            Some("Choice") => {
                let rules = obj.get("Choices").and_then(Value::as_array).map_or(0, Vec::len);
                let target = if obj.contains_key("Default") {
                    obj.insert("Default".into(), json!(NEXT));
                    DropTarget::ChoiceDefault(at.clone())
                } else if rules > 0 {
                    if let Some(r) = obj
                        .get_mut("Choices")
                        .and_then(|c| c.get_mut(rules - 1))
                        .and_then(Value::as_object_mut)
                    {
                        r.insert("Next".into(), json!(NEXT));
                    }
                    DropTarget::ChoiceRule(at.clone(), rules - 1)
                } else {
                    return err(format!("{} has no branch for its copy to go on", at.name));
                };
                return insert(
                    definition,
                    &target,
                    Fragment { states: vec![(at.name.clone(), copy)] },
                );
            }
            Some("Succeed" | "Fail") => {
                let into = incoming(definition, at);
                let mut taken = all_names(definition);
                let name = unique_name(&at.name, &taken);
                taken.insert(name.clone());
                dedupe_nested(&mut copy, &mut taken);
                let m = machine_mut(definition, &at.scope)?;
                if let (true, Some(last)) = (into.len() > 1, into.last()) {
                    let (DropTarget::After(from)
                    | DropTarget::ChoiceRule(from, _)
                    | DropTarget::ChoiceDefault(from)) = last
                    else {
                        // the StartAt is never the last of several
                        return err("Nothing to duplicate");
                    };
                    let from_state = states_mut(m)
                        .get_mut(&from.name)
                        .and_then(Value::as_object_mut)
                        .ok_or_else(|| EditError(format!("No state named {}", from.name)))?;
                    match last {
                        DropTarget::After(_) => {
                            from_state.insert("Next".into(), json!(name));
                        }
                        DropTarget::ChoiceRule(_, i) => {
                            if let Some(r) = from_state
                                .get_mut("Choices")
                                .and_then(|c| c.get_mut(*i))
                                .and_then(Value::as_object_mut)
                            {
                                r.insert("Next".into(), json!(name));
                            }
                        }
                        _ => {
                            from_state.insert("Default".into(), json!(name));
                        }
                    }
                }
                let states = states_mut(m);
                let index = index_of(states, &at.name).map_or(states.len(), |i| i + 1);
                states.shift_insert(index, name.clone(), copy);
                return Ok(name);
            }
            _ => return err(format!("{} has no next state, so a copy cannot follow it", at.name)),
        }
    }
    let key = if obj.contains_key("Next") { "Next" } else { "End" };
    replace_key(obj, key, "Next", json!(NEXT));
    insert(
        definition,
        &DropTarget::After(at.clone()),
        Fragment { states: vec![(at.name.clone(), copy)] },
    )
}

/// Moves a state (with what it contains) to `target`.
pub fn move_to(
    definition: &mut Value,
    at: &StateRef,
    target: &DropTarget,
) -> Result<(), EditError> {
    let s = state(definition, at)
        .cloned()
        .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
    let target_state = match target {
        DropTarget::Start(scope) => StateRef::new(scope.clone(), ""),
        DropTarget::After(t) | DropTarget::ChoiceRule(t, _) | DropTarget::ChoiceDefault(t) => {
            t.clone()
        }
    };
    if target_state == *at
        || successor(definition, target)?.as_deref() == Some(at.name.as_str())
            && target_state.scope == at.scope
    {
        return Ok(()); // dropped where it already is
    }
    let inside = at.scope.child(&at.name, 0).0;
    if target_state.scope.0.len() >= inside.len()
        && target_state.scope.0[..inside.len() - 1] == inside[..inside.len() - 1]
        && target_state.scope.0[inside.len() - 1].0 == at.name
    {
        return err(format!("{} cannot be moved inside itself", at.name));
    }
    let mut moved = s;
    let Some(obj) = moved.as_object_mut() else { return err("The state is not a JSON object") };
    // a Choice keeps its branches, and a Succeed or Fail state ends the flow where it lands (what
    // followed the drop point stays only if something else leads to it, as when one is dropped
    // from the states browser)
    let single = obj.contains_key("Next") || obj.contains_key("End");
    if !single
        && !matches!(obj.get("Type").and_then(Value::as_str), Some("Choice" | "Succeed" | "Fail"))
    {
        return err(format!(
            "{} cannot be moved: only states with a single next state can",
            at.name
        ));
    }
    if single {
        let key = if obj.contains_key("Next") { "Next" } else { "End" };
        replace_key(obj, key, "Next", json!(NEXT));
    }
    let mut next = definition.clone();
    delete(&mut next, at)?;
    insert(&mut next, target, Fragment { states: vec![(at.name.clone(), moved)] })?;
    *definition = next;
    Ok(())
}

/// Renames a state, and the transitions to it.
pub fn rename(definition: &mut Value, at: &StateRef, new_name: &str) -> Result<(), EditError> {
    if new_name == at.name {
        return Ok(());
    }
    if new_name.is_empty() || new_name.chars().count() > 80 {
        return err("State name must be 1-80 characters");
    }
    if all_names(definition).contains(new_name) {
        return err(format!("A state named {new_name} already exists"));
    }
    let m = machine_mut(definition, &at.scope)?;
    if !m.get("States").is_some_and(|s| s.get(&at.name).is_some()) {
        return err(format!("No state named {}", at.name));
    }
    rename_in_machine(m, &at.name, new_name);
    Ok(())
}

/// Sets (or with `None` removes) a field of a state; a new field goes before the state's transition
/// (`Next`/`End` stay last, as the console writes them).
pub fn set_field(
    definition: &mut Value,
    at: &StateRef,
    key: &str,
    value: Option<Value>,
) -> Result<(), EditError> {
    let m = machine_mut(definition, &at.scope)?;
    let s = states_mut(m)
        .get_mut(&at.name)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
    match value {
        None => {
            s.shift_remove(key);
        }
        Some(v) if s.contains_key(key) => {
            s.insert(key.to_owned(), v);
        }
        Some(v) => {
            let index =
                ["Next", "End"].iter().filter_map(|k| index_of(s, k)).min().unwrap_or(s.len());
            s.shift_insert(index, key.to_owned(), v);
        }
    }
    Ok(())
}

/// Points a Lambda Invoke state at a function: `FunctionName` first in `Arguments` (JSONata) or `Parameters`
/// (JSONPath), as the console writes it.
pub fn set_lambda_function(
    definition: &mut Value,
    at: &StateRef,
    function_arn: &str,
) -> Result<(), EditError> {
    let m = machine_mut(definition, &at.scope)?;
    let s = states_mut(m)
        .get_mut(&at.name)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| EditError(format!("No state named {}", at.name)))?;
    let key = if s.contains_key("Parameters") { "Parameters" } else { "Arguments" };
    if !s.contains_key(key) {
        let index = ["Retry", "Catch", "Next", "End"]
            .iter()
            .filter_map(|k| index_of(s, k))
            .min()
            .unwrap_or(s.len());
        s.shift_insert(index, key.to_owned(), json!({}));
    }
    let args = s
        .get_mut(key)
        .and_then(Value::as_object_mut)
        .ok_or_else(|| EditError(format!("{key} of {} is not an object", at.name)))?;
    args.shift_remove("FunctionName.$");
    if args.contains_key("FunctionName") {
        args.insert("FunctionName".into(), json!(function_arn));
    } else {
        args.shift_insert(0, "FunctionName".into(), json!(function_arn));
    }
    Ok(())
}

/// The function a Lambda Invoke state calls, as written.
pub fn lambda_function(state: &Value) -> Option<&str> {
    state.get("Arguments").or_else(|| state.get("Parameters"))?.get("FunctionName")?.as_str()
}

/// The `$LATEST` ARN the console writes for a function picked from the list.
pub fn latest_arn(partition: &steplab_runner::Partition, function: &str) -> String {
    format!("{}:$LATEST", partition.function_arn(function))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::studio::catalog::{QueryLanguage, fragment};
    use crate::studio::templates::BLANK_DEFINITION;

    fn blank() -> Value {
        serde_json::from_str(BLANK_DEFINITION).unwrap()
    }

    fn drop(def: &mut Value, target: &DropTarget, label: &str) -> String {
        let ql = QueryLanguage::of(def);
        insert(def, target, fragment(label, ql).unwrap()).unwrap()
    }

    fn top(name: &str) -> StateRef {
        StateRef::new(Scope::top(), name)
    }

    #[test]
    fn lambda_invoke_on_the_empty_canvas_is_the_lab_definition() {
        let mut def = blank();
        let name = drop(&mut def, &DropTarget::Start(Scope::top()), "AWS Lambda Invoke");
        assert_eq!(name, "Lambda Invoke");
        let partition = steplab_runner::Partition::default();
        set_lambda_function(&mut def, &top(&name), &latest_arn(&partition, "HelloStepFunction"))
            .unwrap();
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        assert_eq!(format(&def), format(&lab));
        // and the file itself is written that way
        assert_eq!(
            format(&def),
            include_str!("../../../tests/data/lab/simple_lab.asl.json").trim_end()
        );
    }

    #[test]
    fn before_a_function_is_picked() {
        let mut def = blank();
        drop(&mut def, &DropTarget::Start(Scope::top()), "AWS Lambda Invoke");
        expect![[r#"
            {
              "Comment": "A description of my state machine",
              "StartAt": "Lambda Invoke",
              "States": {
                "Lambda Invoke": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Output": "{% $states.result.Payload %}",
                  "Arguments": {
                    "Payload": "{% $states.input %}"
                  },
                  "Retry": [
                    {
                      "ErrorEquals": [
                        "Lambda.ServiceException",
                        "Lambda.AWSLambdaException",
                        "Lambda.SdkClientException",
                        "Lambda.TooManyRequestsException"
                      ],
                      "IntervalSeconds": 1,
                      "MaxAttempts": 3,
                      "BackoffRate": 2,
                      "JitterStrategy": "FULL"
                    }
                  ],
                  "End": true
                }
              },
              "QueryLanguage": "JSONata"
            }"#]]
        .assert_eq(&format(&def));
    }

    /// `StartAt`, then each state as `name: Type -> transitions` in document order, nested states indented.
    fn outline(def: &Value) -> String {
        fn walk(m: &Map<String, Value>, depth: usize, out: &mut String) {
            let pad = "  ".repeat(depth);
            out.push_str(&format!(
                "{pad}StartAt {}\n",
                m.get("StartAt").and_then(Value::as_str).unwrap_or("?")
            ));
            for (name, s) in m.get("States").and_then(Value::as_object).into_iter().flatten() {
                let mut targets = Vec::new();
                let mut s2 = s.clone();
                for_each_target(&mut s2, &mut |t| {
                    targets.push(t.as_str().unwrap_or("?").to_owned())
                });
                let end = if s.get("End") == Some(&json!(true)) { " End" } else { "" };
                out.push_str(&format!(
                    "{pad}{name}: {} -> [{}]{end}\n",
                    s["Type"].as_str().unwrap_or("?"),
                    targets.join(", ")
                ));
                let mut s3 = s.clone();
                for inner in inner_machines_mut(&mut s3) {
                    walk(inner, depth + 1, out);
                }
            }
        }
        let mut out = String::new();
        walk(def.as_object().unwrap(), 0, &mut out);
        out
    }

    #[test]
    fn drops_between_states_and_in_branches() {
        let mut def = blank();
        let start = DropTarget::Start(Scope::top());
        drop(&mut def, &start, "Pass");
        drop(&mut def, &DropTarget::After(top("Pass")), "AWS Lambda Invoke");
        drop(&mut def, &start, "Wait");
        drop(&mut def, &DropTarget::After(top("Wait")), "Choice");
        drop(&mut def, &DropTarget::ChoiceRule(top("Choice"), 0), "Pass");
        drop(&mut def, &DropTarget::After(top("Lambda Invoke")), "Parallel");
        drop(&mut def, &DropTarget::Start(Scope::top().child("Parallel", 1)), "Wait");
        drop(&mut def, &DropTarget::After(top("Parallel")), "Map");
        drop(&mut def, &DropTarget::After(top("Map")), "Success");
        expect![[r#"
            StartAt Wait
            Wait: Wait -> [Choice]
            Choice: Choice -> [Pass, Pass (1)]
            Pass (1): Pass -> [Pass]
            Pass: Pass -> [Lambda Invoke]
            Lambda Invoke: Task -> [Parallel]
            Parallel: Parallel -> [Map]
              StartAt Pass (branch 1)
              Pass (branch 1): Pass -> [] End
              StartAt Wait (1)
              Wait (1): Wait -> [Pass (branch 2)]
              Pass (branch 2): Pass -> [] End
            Map: Map -> [Success]
              StartAt Pass (iteration)
              Pass (iteration): Pass -> [] End
            Success: Succeed -> []
        "#]]
        .assert_eq(&outline(&def));
        let parsed = steplab_asl::parse(&format(&def));
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == steplab_asl::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(errors, Vec::<String>::new());
    }

    #[test]
    fn a_choice_dropped_at_the_end_gets_a_success_state() {
        let mut def = blank();
        drop(&mut def, &DropTarget::Start(Scope::top()), "Choice");
        drop(&mut def, &DropTarget::Start(Scope::top()), "Choice");
        expect![[r#"
            StartAt Choice (1)
            Choice (1): Choice -> [Choice, Choice]
            Choice: Choice -> [Success, Success]
            Success: Succeed -> []
        "#]]
        .assert_eq(&outline(&def));
    }

    #[test]
    fn delete_duplicate_move_rename() {
        let mut def = blank();
        let start = DropTarget::Start(Scope::top());
        drop(&mut def, &start, "Pass");
        drop(&mut def, &DropTarget::After(top("Pass")), "Wait");
        drop(&mut def, &DropTarget::After(top("Wait")), "AWS Lambda Invoke");
        assert_eq!(duplicate(&mut def, &top("Wait")).unwrap(), "Wait (1)");
        rename(&mut def, &top("Wait (1)"), "Second wait").unwrap();
        move_to(&mut def, &top("Lambda Invoke"), &start).unwrap();
        expect![[r#"
            StartAt Lambda Invoke
            Lambda Invoke: Task -> [Pass]
            Pass: Pass -> [Wait]
            Wait: Wait -> [Second wait]
            Second wait: Wait -> [] End
        "#]]
        .assert_eq(&outline(&def));
        delete(&mut def, &top("Lambda Invoke")).unwrap();
        delete(&mut def, &top("Second wait")).unwrap();
        expect![[r#"
            StartAt Pass
            Pass: Pass -> [Wait]
            Wait: Wait -> [] End
        "#]]
        .assert_eq(&outline(&def));
        assert_eq!(
            rename(&mut def, &top("Pass"), "Wait"),
            err("A state named Wait already exists")
        );
        assert_eq!(rename(&mut def, &top("Pass"), ""), err("State name must be 1-80 characters"));
        assert_eq!(duplicate(&mut def, &top("Nope")), err("No state named Nope"));
        drop(&mut def, &DropTarget::Start(Scope::top()), "Parallel");
        assert_eq!(
            move_to(
                &mut def,
                &top("Parallel"),
                &DropTarget::Start(Scope::top().child("Parallel", 0))
            ),
            err("Parallel cannot be moved inside itself")
        );
    }

    /// Errors of the definition as the engine validates it.
    fn problems(def: &Value) -> Vec<String> {
        steplab_asl::parse(&format(def))
            .diagnostics
            .iter()
            .filter(|d| d.severity == steplab_asl::Severity::Error)
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn choice_succeed_and_fail_are_duplicated_and_moved() {
        let mut def = blank();
        let start = DropTarget::Start(Scope::top());
        drop(&mut def, &start, "Pass");
        drop(&mut def, &DropTarget::After(top("Pass")), "Choice");
        drop(&mut def, &DropTarget::ChoiceRule(top("Choice"), 0), "Fail");
        // a Choice's copy goes on its Default branch, with the same rules
        assert_eq!(duplicate(&mut def, &top("Choice")).unwrap(), "Choice (1)");
        expect![[r#"
            StartAt Pass
            Pass: Pass -> [Choice]
            Choice: Choice -> [Choice (1), Fail]
            Choice (1): Choice -> [Success, Fail]
            Fail: Fail -> []
            Success: Succeed -> []
        "#]]
        .assert_eq(&outline(&def));
        assert_eq!(problems(&def), Vec::<String>::new());
        // two transitions lead to Fail: its copy takes the last
        assert_eq!(duplicate(&mut def, &top("Fail")).unwrap(), "Fail (1)");
        // one transition leads to Success: its copy is added, not connected yet
        assert_eq!(duplicate(&mut def, &top("Success")).unwrap(), "Success (1)");
        expect![[r#"
            StartAt Pass
            Pass: Pass -> [Choice]
            Choice: Choice -> [Choice (1), Fail]
            Choice (1): Choice -> [Success, Fail (1)]
            Fail: Fail -> []
            Fail (1): Fail -> []
            Success: Succeed -> []
            Success (1): Succeed -> []
        "#]]
        .assert_eq(&outline(&def));
        assert_eq!(problems(&def).len(), 1, "{:?}", problems(&def));
        // moving the unconnected Success (1) to the start connects it (ending the flow there)
        delete(&mut def, &top("Success (1)")).unwrap();
        // a Choice moves with its branches; the transition that led to it leads to its Default
        move_to(&mut def, &top("Choice (1)"), &start).unwrap();
        expect![[r#"
            StartAt Choice (1)
            Choice (1): Choice -> [Success, Fail (1)]
            Pass: Pass -> [Choice]
            Choice: Choice -> [Success, Fail]
            Fail: Fail -> []
            Fail (1): Fail -> []
            Success: Succeed -> []
        "#]]
        .assert_eq(&outline(&def));
        // a Fail moved onto a transition ends the flow there
        move_to(&mut def, &top("Fail (1)"), &DropTarget::After(top("Pass"))).unwrap();
        let pass = state(&def, &top("Pass")).unwrap();
        assert_eq!(pass["Next"], "Fail (1)");
        let choice = state(&def, &top("Choice (1)")).unwrap();
        assert_eq!(choice["Choices"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn fields_keep_the_transition_last_and_unknown_fields_stay() {
        let mut def: Value = serde_json::from_str(
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","X-Unknown":1,"End":true}},"Extra":true}"#,
        )
        .unwrap();
        set_field(&mut def, &top("A"), "Comment", Some(json!("hi"))).unwrap();
        set_field(&mut def, &top("A"), "Assign", Some(json!({"x": 1}))).unwrap();
        set_field(&mut def, &top("A"), "Comment", None).unwrap();
        expect![[r#"{"StartAt":"A","States":{"A":{"Type":"Pass","X-Unknown":1,"Assign":{"x":1},"End":true}},"Extra":true}"#]]
            .assert_eq(&def.to_string());
    }

    #[test]
    fn jsonpath_machines_get_jsonpath_lambda_invoke() {
        let mut def = json!({ "StartAt": "", "States": {} });
        drop(&mut def, &DropTarget::Start(Scope::top()), "AWS Lambda Invoke");
        set_lambda_function(
            &mut def,
            &top("Lambda Invoke"),
            "arn:aws:lambda:ca-central-1:123456789012:function:F:$LATEST",
        )
        .unwrap();
        let s = &def["States"]["Lambda Invoke"];
        expect![[r#"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","OutputPath":"$.Payload","Parameters":{"FunctionName":"arn:aws:lambda:ca-central-1:123456789012:function:F:$LATEST","Payload.$":"$"},"Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.AWSLambdaException","Lambda.SdkClientException","Lambda.TooManyRequestsException"],"IntervalSeconds":1,"MaxAttempts":3,"BackoffRate":2,"JitterStrategy":"FULL"}],"End":true}"#]]
            .assert_eq(&s.to_string());
        assert_eq!(
            lambda_function(s),
            Some("arn:aws:lambda:ca-central-1:123456789012:function:F:$LATEST")
        );
    }
}

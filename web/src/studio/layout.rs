//! Automatic layout of a definition's graph, top to bottom: Start, the states by rank (the longest path from
//! `StartAt`), End. Choice branches sit side by side, Parallel branches and Map iterators are drawn inside
//! their state as containers, loops go back up on the right, Catch transitions are their own kind of edge.
//! Every transition that can take a new state carries a [`DropTarget`].

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::studio::edit::{DropTarget, Scope, StateRef};

pub const NODE_H: f64 = 44.0;
const NODE_MIN_W: f64 = 160.0;
const CHAR_W: f64 = 7.5;
const GAP_X: f64 = 40.0;
const GAP_Y: f64 = 56.0;
const PAD: f64 = 16.0;
const HEADER: f64 = 36.0;
const TERMINAL_W: f64 = 80.0;
const TERMINAL_H: f64 = 32.0;
const LOOP_GAP: f64 = 14.0;
/// The room each branch of a Choice gets along its bottom edge.
const BRANCH_W: f64 = 72.0;

/// A state's box.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub state: StateRef,
    /// The ASL `Type`.
    pub kind: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Parallel and Map: the box holds their branches.
    pub container: bool,
}

/// What a transition is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Next,
    /// A Choice rule (index in `Choices`).
    Rule(usize),
    Default,
    /// A `Catch` transition (index in `Catch`).
    Catch(usize),
}

/// A transition, as a polyline.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub points: Vec<(f64, f64)>,
    pub kind: EdgeKind,
    pub label: Option<String>,
}

/// Where a state can be dropped (its centre).
#[derive(Clone, Debug, PartialEq)]
pub struct DropZone {
    pub target: DropTarget,
    pub x: f64,
    pub y: f64,
}

/// Start, End, or the dashed box of an empty state set ("Drag first state here").
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Set on a placeholder: dropping on it adds the first state.
    pub target: Option<DropTarget>,
}

/// The laid-out graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    pub drops: Vec<DropZone>,
    pub markers: Vec<Marker>,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    fn shift(&mut self, dx: f64, dy: f64) {
        for n in &mut self.nodes {
            n.x += dx;
            n.y += dy;
        }
        for e in &mut self.edges {
            e.points.iter_mut().for_each(|p| *p = (p.0 + dx, p.1 + dy));
        }
        for d in &mut self.drops {
            d.x += dx;
            d.y += dy;
        }
        for m in &mut self.markers {
            m.x += dx;
            m.y += dy;
        }
    }

    fn absorb(&mut self, other: Layout) {
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
        self.drops.extend(other.drops);
        self.markers.extend(other.markers);
    }

    /// The box of a state.
    #[cfg(test)]
    pub fn node(&self, name: &str) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.state.name == name)
    }
}

/// A state's outgoing transitions: target, kind, label.
fn transitions(state: &Value) -> Vec<(String, EdgeKind, Option<String>)> {
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

fn node_width(name: &str, kind: &str) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let chars = name.chars().count().max(kind.len()).min(48) as f64;
    (chars * CHAR_W + 32.0).max(NODE_MIN_W)
}

/// The nested state sets of a state, with their scope.
fn inner_sets<'a>(
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

/// A scope's layout in its own coordinates, with the top-centre of its first state and where its ending
/// states leave from.
struct ScopeLayout {
    layout: Layout,
    entry: (f64, f64),
    exits: Vec<(StateRef, f64, f64)>,
}

/// The states of a scope in topological order (depth first from `StartAt`, then from each state not met
/// yet, in document order), and the transitions that loop back to a state being visited.
fn topological_order(
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

fn layout_scope(machine: &Map<String, Value>, scope: &Scope) -> ScopeLayout {
    let empty = Map::new();
    let states = machine.get("States").and_then(Value::as_object).unwrap_or(&empty);
    let (order, back) = topological_order(machine, states);
    let position: HashMap<&str, usize> =
        order.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    // rank: the longest path from StartAt, loops (transitions back to a state being visited) left out
    let mut rank: HashMap<&str, usize> = HashMap::new();
    for name in &order {
        let r = *rank.entry(name.as_str()).or_insert(0);
        for (target, _, _) in transitions(&states[name]) {
            if let Some(&tp) = position.get(target.as_str())
                && !back.contains(&(name.clone(), target.clone()))
            {
                let t = rank.entry(&order[tp]).or_insert(0);
                *t = (*t).max(r + 1);
            }
        }
    }
    // boxes (containers hold their branches side by side)
    let mut boxes: HashMap<&str, (f64, f64, Vec<ScopeLayout>)> = HashMap::new();
    for name in &order {
        let state = &states[name];
        let kind = state.get("Type").and_then(Value::as_str).unwrap_or("?");
        let inner: Vec<ScopeLayout> =
            inner_sets(state, scope, name).into_iter().map(|(s, m)| layout_scope(m, &s)).collect();
        if inner.is_empty() {
            // a Choice is wide enough for its branches' labels side by side
            #[allow(clippy::cast_precision_loss)]
            let branches =
                transitions(state).iter().filter(|t| !matches!(t.1, EdgeKind::Catch(_))).count()
                    as f64;
            boxes.insert(name, (node_width(name, kind).max(BRANCH_W * branches), NODE_H, inner));
        } else {
            let w: f64 = inner.iter().map(|l| l.layout.width).sum::<f64>()
                + GAP_X * (inner.len() - 1) as f64
                + 2.0 * PAD;
            let h = inner.iter().map(|l| l.layout.height).fold(0.0, f64::max) + HEADER + 2.0 * PAD;
            boxes.insert(name, (w.max(node_width(name, kind)), h, inner));
        }
    }
    // rows, ordered by where their predecessors are (so branches of a Choice keep their rule order)
    let max_rank = rank.values().copied().max().unwrap_or(0);
    let mut rows: Vec<Vec<&str>> =
        vec![Vec::new(); if order.is_empty() { 0 } else { max_rank + 1 }];
    for name in &order {
        rows[rank[name.as_str()]].push(name);
    }
    // each state's predecessors, with the place of the transition among theirs (once, not per
    // state: a long chain stays linear)
    let mut predecessors: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for p in &order {
        let mut seen: Vec<&str> = Vec::new();
        for (i, (target, _, _)) in transitions(&states[p.as_str()]).iter().enumerate() {
            let Some(&tp) = position.get(target.as_str()) else { continue };
            let target = order[tp].as_str();
            if !seen.contains(&target) {
                seen.push(target);
                predecessors.entry(target).or_default().push((p.as_str(), i));
            }
        }
    }
    let mut slot: HashMap<&str, f64> = HashMap::new();
    for row in &mut rows {
        let key = |n: &str| -> f64 {
            let preds: Vec<f64> = predecessors
                .get(n)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|(p, i)| slot.get(p).copied().map(|s| s + 0.001 * *i as f64))
                .collect();
            if preds.is_empty() { f64::MAX } else { preds.iter().sum::<f64>() / preds.len() as f64 }
        };
        let mut keyed: Vec<(f64, usize, &str)> =
            row.iter().map(|n| (key(n), position[n], *n)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|k| k.2).collect();
        for (i, n) in row.iter().enumerate() {
            slot.insert(n, i as f64);
        }
    }
    let row_width = |row: &Vec<&str>| {
        row.iter().map(|n| boxes[n].0).sum::<f64>() + GAP_X * (row.len().saturating_sub(1)) as f64
    };
    let content_w = rows.iter().map(row_width).fold(0.0, f64::max);
    let mut layout = Layout::default();
    let mut y = 0.0;
    let mut placed: HashMap<&str, (f64, f64, f64, f64)> = HashMap::new();
    for row in &rows {
        let h = row.iter().map(|n| boxes[n].1).fold(0.0, f64::max);
        let mut x = (content_w - row_width(row)) / 2.0;
        for n in row {
            let (w, bh, _) = &boxes[n];
            placed.insert(n, (x, y, *w, *bh));
            x += w + GAP_X;
        }
        y += h + GAP_Y;
    }
    let content_h = (y - GAP_Y).max(0.0);
    // loops go up on the right, one lane each
    let mut lane = content_w + LOOP_GAP;
    let mut exits = Vec::new();
    for name in &order {
        let state = &states[name];
        let (x, y, w, h) = placed[name.as_str()];
        let kind = state.get("Type").and_then(Value::as_str).unwrap_or("?").to_owned();
        let (_, _, inner) = boxes.remove(name.as_str()).unwrap_or_default();
        let container = !inner.is_empty();
        let mut ix = x
            + PAD
            + (w - 2.0 * PAD
                - (inner.iter().map(|l| l.layout.width).sum::<f64>()
                    + GAP_X * inner.len().saturating_sub(1) as f64))
                / 2.0;
        for mut sub in inner {
            sub.layout.shift(ix, y + HEADER + PAD);
            ix += sub.layout.width + GAP_X;
            layout.absorb(sub.layout);
        }
        layout.nodes.push(NodeBox {
            state: StateRef::new(scope.clone(), name.clone()),
            kind: kind.clone(),
            x,
            y,
            w,
            h,
            container,
        });
        let here = StateRef::new(scope.clone(), name.clone());
        let mut outgoing = transitions(state);
        // a Choice fans its branches out along its bottom edge
        let fan = outgoing.iter().filter(|t| !matches!(t.1, EdgeKind::Catch(_))).count();
        let mut fan_i = 0.0;
        for (target, kind, label) in outgoing.drain(..) {
            let Some(&(tx, ty, tw, th)) = placed.get(target.as_str()) else { continue };
            let catch = matches!(kind, EdgeKind::Catch(_));
            let from = if catch {
                (x + w, y + h / 2.0)
            } else {
                fan_i += 1.0;
                (x + w * fan_i / (fan as f64 + 1.0), y + h)
            };
            let forward = rank[target.as_str()] > rank[name.as_str()] && ty > y;
            let points = if forward {
                let to = (tx + tw / 2.0, ty);
                if catch {
                    vec![
                        from,
                        (to.0.max(from.0 + 12.0), from.1),
                        (to.0.max(from.0 + 12.0), ty - 12.0),
                        (to.0, ty - 12.0),
                        to,
                    ]
                } else {
                    let mid = from.1 + GAP_Y / 2.0;
                    vec![from, (from.0, mid), (to.0, mid), to]
                }
            } else {
                let to = (tx + tw, ty + th / 2.0);
                let out = (x + w, y + h / 2.0);
                let points = vec![out, (lane, out.1), (lane, to.1), to];
                lane += LOOP_GAP;
                points
            };
            let drop = match &kind {
                EdgeKind::Next => Some(DropTarget::After(here.clone())),
                EdgeKind::Rule(i) => Some(DropTarget::ChoiceRule(here.clone(), *i)),
                EdgeKind::Default => Some(DropTarget::ChoiceDefault(here.clone())),
                EdgeKind::Catch(_) => None,
            };
            if let Some(target) = drop {
                let (px, py) = if forward {
                    (points[1].0, (points[0].1 + points[1].1) / 2.0)
                } else {
                    ((points[0].0 + points[1].0) / 2.0, points[0].1)
                };
                layout.drops.push(DropZone { target, x: px, y: py });
            }
            layout.edges.push(Edge { points, kind, label });
        }
        if state.get("End") == Some(&Value::Bool(true)) {
            exits.push((here, x + w / 2.0, y + h));
        }
    }
    let entry = machine
        .get("StartAt")
        .and_then(Value::as_str)
        .and_then(|s| placed.get(s))
        .map_or((content_w / 2.0, 0.0), |&(x, y, w, _)| (x + w / 2.0, y));
    if order.is_empty() {
        let (w, h) = (NODE_MIN_W + 40.0, NODE_H);
        let label = if scope.0.is_empty() { "Drag first state here" } else { "Drop state here" };
        layout.markers.push(Marker {
            label: label.into(),
            x: 0.0,
            y: 0.0,
            w,
            h,
            target: Some(DropTarget::Start(scope.clone())),
        });
        layout.width = w;
        layout.height = h;
        return ScopeLayout { layout, entry: (w / 2.0, 0.0), exits };
    }
    layout.width = lane - LOOP_GAP + if lane > content_w + LOOP_GAP { LOOP_GAP } else { 0.0 };
    layout.height = content_h;
    if !scope.0.is_empty() {
        // inside a container: a drop zone above the first state, and one under each ending state
        layout.shift(0.0, GAP_Y / 2.0);
        layout.drops.push(DropZone {
            target: DropTarget::Start(scope.clone()),
            x: entry.0,
            y: GAP_Y / 4.0,
        });
        layout.edges.push(Edge {
            points: vec![(entry.0, 0.0), (entry.0, GAP_Y / 2.0)],
            kind: EdgeKind::Next,
            label: None,
        });
        layout.height += GAP_Y;
        for (state, x, y) in exits.drain(..) {
            let y = y + GAP_Y / 2.0;
            layout.edges.push(Edge {
                points: vec![(x, y), (x, layout.height)],
                kind: EdgeKind::Next,
                label: None,
            });
            layout.drops.push(DropZone {
                target: DropTarget::After(state),
                x,
                y: (y + layout.height) / 2.0,
            });
        }
        return ScopeLayout { layout, entry: (entry.0, 0.0), exits: Vec::new() };
    }
    ScopeLayout { layout, entry, exits }
}

/// The layout of a whole definition (`None` when it is not a JSON object).
pub fn layout(definition: &Value) -> Option<Layout> {
    let machine = definition.as_object()?;
    let ScopeLayout { layout: mut inner, entry, exits } = layout_scope(machine, &Scope::top());
    let width = inner.width.max(TERMINAL_W) + 2.0 * PAD;
    let dx = (width - inner.width) / 2.0;
    let top = PAD + TERMINAL_H + GAP_Y;
    inner.shift(dx, top);
    let centre = dx + entry.0;
    let bottom = top + inner.height + GAP_Y;
    let end_centre = if inner.nodes.is_empty() { centre } else { width / 2.0 };
    let mut layout = Layout { width, height: bottom + TERMINAL_H + PAD, ..Layout::default() };
    layout.markers.push(Marker {
        label: "Start".into(),
        x: centre - TERMINAL_W / 2.0,
        y: PAD,
        w: TERMINAL_W,
        h: TERMINAL_H,
        target: None,
    });
    layout.markers.push(Marker {
        label: "End".into(),
        x: end_centre - TERMINAL_W / 2.0,
        y: bottom,
        w: TERMINAL_W,
        h: TERMINAL_H,
        target: None,
    });
    layout.edges.push(Edge {
        points: vec![(centre, PAD + TERMINAL_H), (centre, top)],
        kind: EdgeKind::Next,
        label: None,
    });
    if !inner.nodes.is_empty() {
        layout.drops.push(DropZone {
            target: DropTarget::Start(Scope::top()),
            x: centre,
            y: PAD + TERMINAL_H + GAP_Y / 2.0,
        });
    } else {
        layout.edges.push(Edge {
            points: vec![(centre, top + NODE_H), (centre, bottom)],
            kind: EdgeKind::Next,
            label: None,
        });
    }
    for (state, x, y) in exits {
        let (x, y) = (x + dx, y + top);
        let mid = (y + bottom) / 2.0;
        layout.edges.push(Edge {
            points: vec![(x, y), (x, mid), (end_centre, mid), (end_centre, bottom)],
            kind: EdgeKind::Next,
            label: None,
        });
        layout.drops.push(DropZone { target: DropTarget::After(state), x, y: (y + mid) / 2.0 });
    }
    layout.absorb(inner);
    Some(layout)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use serde_json::json;

    use super::*;

    fn summary(l: &Layout) -> String {
        let mut out = format!("{}x{}\n", l.width, l.height);
        for m in &l.markers {
            out.push_str(&format!("marker {} at {},{}\n", m.label, m.x, m.y));
        }
        for n in &l.nodes {
            out.push_str(&format!(
                "{} {} at {},{} {}x{}\n",
                n.kind, n.state.name, n.x, n.y, n.w, n.h
            ));
        }
        for d in &l.drops {
            out.push_str(&format!("drop {:?} at {},{}\n", d.target, d.x, d.y));
        }
        out
    }

    #[test]
    fn empty_canvas() {
        let l = layout(&json!({ "StartAt": "", "States": {} })).unwrap();
        expect![[r#"
            232x252
            marker Start at 76,16
            marker End at 76,204
            marker Drag first state here at 16,104
        "#]]
        .assert_eq(&summary(&l));
    }

    #[test]
    fn lab_machine() {
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        let l = layout(&lab).unwrap();
        expect![[r#"
            192x252
            marker Start at 56,16
            marker End at 56,204
            Task Lambda Invoke at 16,104 160x44
            drop Start(Scope([])) at 96,76
            drop After(StateRef { scope: Scope([]), name: "Lambda Invoke" }) at 96,162
        "#]]
        .assert_eq(&summary(&l));
    }

    #[test]
    fn choice_branches_side_by_side_and_loops() {
        let def = json!({
            "StartAt": "C",
            "States": {
                "C": { "Type": "Choice", "Choices": [{ "Next": "A", "Condition": "{% true %}" }], "Default": "B" },
                "A": { "Type": "Pass", "Next": "C" },
                "B": { "Type": "Succeed" }
            }
        });
        let l = layout(&def).unwrap();
        let (a, b, c) = (l.node("A").unwrap(), l.node("B").unwrap(), l.node("C").unwrap());
        assert_eq!(a.y, b.y, "branches on one row");
        assert!(a.x + a.w < b.x, "rule #1 left of Default");
        assert!(a.y > c.y);
        // the loop from A back to C goes up on the right of everything
        let back = l.edges.iter().find(|e| e.points[0] == (a.x + a.w, a.y + a.h / 2.0)).unwrap();
        assert!(back.points[1].0 > b.x + b.w);
        let targets: Vec<_> = l.drops.iter().map(|d| format!("{:?}", d.target)).collect();
        assert!(
            targets.iter().any(|t| t.starts_with("ChoiceRule"))
                && targets.iter().any(|t| t.starts_with("ChoiceDefault"))
        );
    }

    #[test]
    fn containers_hold_their_branches_and_catch_is_its_own_edge() {
        let def: Value = serde_json::from_str(
            &crate::studio::templates::definition(
                "parallel",
                &steplab_runner::Partition::default(),
            )
            .unwrap(),
        )
        .unwrap();
        let l = layout(&def).unwrap();
        let p = l.node("Parallel").unwrap();
        assert!(p.container);
        for inner in ["Greet", "Pause"] {
            let n = l.node(inner).unwrap();
            assert!(
                n.x >= p.x && n.x + n.w <= p.x + p.w && n.y >= p.y && n.y + n.h <= p.y + p.h,
                "{inner} inside Parallel"
            );
        }
        assert_eq!(l.node("Greet").unwrap().y, l.node("Pause").unwrap().y);
        let def: Value = serde_json::from_str(
            &crate::studio::templates::definition(
                "retry-catch",
                &steplab_runner::Partition::default(),
            )
            .unwrap(),
        )
        .unwrap();
        let l = layout(&def).unwrap();
        assert_eq!(l.edges.iter().filter(|e| matches!(e.kind, EdgeKind::Catch(0))).count(), 1);
    }

    #[test]
    fn forty_states_stay_in_one_readable_column() {
        let mut states = Map::new();
        for i in 0..40 {
            let next = if i == 39 {
                json!({ "Type": "Pass", "End": true })
            } else {
                json!({ "Type": "Pass", "Next": format!("S{}", i + 1) })
            };
            states.insert(format!("S{i}"), next);
        }
        let l = layout(&json!({ "StartAt": "S0", "States": states })).unwrap();
        assert_eq!(l.nodes.len(), 40);
        assert!(l.nodes.windows(2).all(|w| w[0].x == w[1].x && w[1].y >= w[0].y + NODE_H));
        assert!(l.width < 300.0);
        assert_eq!(l.drops.len(), 41);
    }
}

#[cfg(test)]
mod scale_tests {
    use serde_json::json;

    use super::*;

    /// Lambda tasks with a catcher, every 8th a Choice whose two branches rejoin (as the e2e test's).
    pub(crate) fn big_machine(n: usize) -> Value {
        let name = |i: usize| format!("Step {i}");
        let mut states = Map::new();
        let mut i = 0;
        while i < n - 2 {
            if i % 8 == 7 && i + 3 < n - 2 {
                states.insert(name(i), json!({ "Type": "Choice", "Choices": [{ "Condition": "{% $states.input.left %}", "Next": name(i + 1) }], "Default": name(i + 2) }));
                states.insert(name(i + 1), json!({ "Type": "Pass", "Next": name(i + 3) }));
                states.insert(name(i + 2), json!({ "Type": "Pass", "Next": name(i + 3) }));
                i += 3;
            } else {
                states.insert(name(i), json!({ "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": { "FunctionName": "F" }, "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }], "Next": name(i + 1) }));
                i += 1;
            }
        }
        states.insert(name(i), json!({ "Type": "Succeed" }));
        states.insert("Failed".into(), json!({ "Type": "Fail" }));
        json!({ "StartAt": "Step 0", "States": states, "QueryLanguage": "JSONata" })
    }

    #[test]
    fn three_hundred_states() {
        let def = big_machine(300);
        let l = layout(&def).unwrap();
        assert_eq!(l.nodes.len(), 300);
        let (a, b) = (l.node("Step 8").unwrap(), l.node("Step 9").unwrap());
        assert_eq!(a.y, b.y);
        let failed = l.node("Failed").unwrap();
        assert!(l.nodes.iter().all(|n| n.y <= failed.y), "the catchers' target comes last");
    }
}

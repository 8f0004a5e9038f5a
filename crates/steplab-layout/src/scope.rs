//! One set of states (the top level, a Parallel branch, a Map's iterator) laid out in its own coordinates:
//! rows by rank (the longest path from `StartAt`, loops left out), containers holding their inner sets
//! side by side, loops going up on the right, a drop zone on every transition that can take a new state.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::graph::{DropZone, Edge, EdgeKind, Layout, Marker, NodeBox};
use crate::order::topological_order;
use crate::place::{DropTarget, Scope, StateRef};
use crate::sizes::{BRANCH_W, GAP_X, GAP_Y, HEADER, LOOP_GAP, NODE_H, NODE_MIN_W, PAD, node_width};
use crate::transitions::{inner_sets, transitions};

/// A scope's layout in its own coordinates, with the top-centre of its first state and where its ending
/// states leave from.
pub(crate) struct ScopeLayout {
    pub(crate) layout: Layout,
    pub(crate) entry: (f64, f64),
    pub(crate) exits: Vec<(StateRef, f64, f64)>,
}

pub(crate) fn layout_scope(machine: &Map<String, Value>, scope: &Scope) -> ScopeLayout {
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

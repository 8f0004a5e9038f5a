//! The automatic layout of a state machine's graph, top to bottom, as Workflow Studio draws it: Start, the
//! states by rank (the longest path from `StartAt`), End. Choice branches sit side by side, Parallel branches
//! and Map iterators are drawn inside their state as containers, loops go back up on the right, Catch
//! transitions are their own kind of edge. Every transition that can take a new state carries a
//! [`DropTarget`].
//!
//! Pure and serialisable: the execution Worker lays out the definition Code mode is typing and posts the
//! [`Layout`] to the page, which only draws it; Design mode and the execution graph call [`layout`] on the
//! page.
//!
//! ```
//! let definition = serde_json::json!({
//!     "StartAt": "Hello",
//!     "States": { "Hello": { "Type": "Pass", "Next": "World" }, "World": { "Type": "Succeed" } }
//! });
//! let laid = steplab_layout::layout(&definition).unwrap();
//! let (hello, world) = (laid.node("Hello").unwrap(), laid.node("World").unwrap());
//! assert!(hello.y < world.y);
//! assert_eq!(laid.markers.iter().map(|m| m.label.as_str()).collect::<Vec<_>>(), ["Start", "End"]);
//! ```

#![forbid(unsafe_code)]

mod graph;
mod order;
mod place;
mod scope;
mod sizes;
mod transitions;

use serde_json::Value;

pub use crate::graph::{DropZone, Edge, EdgeKind, Layout, Marker, NodeBox, TextLayout};
pub use crate::place::{DropTarget, Scope, StateRef};
use crate::scope::{ScopeLayout, layout_scope};
pub use crate::sizes::NODE_H;
use crate::sizes::{GAP_Y, PAD, TERMINAL_H, TERMINAL_W};

/// The layout of a definition's text: its graph, or why it has none (not JSON, not an object).
pub fn layout_text(text: &str) -> TextLayout {
    match serde_json::from_str::<Value>(text) {
        Err(_) => TextLayout::NotJson,
        Ok(definition) => layout(&definition).map_or(TextLayout::NotObject, TextLayout::Laid),
    }
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
mod tests;

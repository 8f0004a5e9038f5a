//! The laid-out graph: boxes, edges, drop zones and markers in canvas pixels, as the canvas draws them.
//! Every part is serialisable: the execution Worker lays a definition out and posts the result to the page.

use serde::{Deserialize, Serialize};

use crate::place::{DropTarget, StateRef};

/// A state's box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeBox {
    pub state: StateRef,
    /// The ASL `Type`.
    pub kind: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Parallel and Map: the box holds their branches.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub container: bool,
}

/// What a transition is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdgeKind {
    Next,
    /// A Choice rule (index in `Choices`).
    Rule(usize),
    Default,
    /// A `Catch` transition (index in `Catch`).
    Catch(usize),
}

/// A transition, as a polyline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub points: Vec<(f64, f64)>,
    pub kind: EdgeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// Where a state can be dropped (its centre).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DropZone {
    pub target: DropTarget,
    pub x: f64,
    pub y: f64,
}

/// Start, End, or the dashed box of an empty state set ("Drag first state here").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Set on a placeholder: dropping on it adds the first state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<DropTarget>,
}

/// The laid-out graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    pub drops: Vec<DropZone>,
    pub markers: Vec<Marker>,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub(crate) fn shift(&mut self, dx: f64, dy: f64) {
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

    pub(crate) fn absorb(&mut self, other: Layout) {
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
        self.drops.extend(other.drops);
        self.markers.extend(other.markers);
    }

    /// The box of the first state named `name` (in any scope).
    pub fn node(&self, name: &str) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.state.name == name)
    }
}

/// What a definition's text lays out as: its graph, or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TextLayout {
    /// The text is not JSON.
    NotJson,
    /// The text is JSON but not an object.
    NotObject,
    Laid(Layout),
}

//! The canvas: a laid-out graph ([`steplab_layout`]) drawn as positioned boxes over SVG edges.
//! Used read-only by the Graph view of executions, and editable (drop zones, dragging states) in Design mode.

use std::fmt::Write as _;

use steplab_layout::{EdgeKind, Layout};
use yew::prelude::*;

use crate::studio::edit::{DropTarget, StateRef};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub layout: std::rc::Rc<Layout>,
    /// Per state name: the status label (`data-status`) and its CSS class.
    #[prop_or_default]
    pub statuses: Vec<(String, &'static str, &'static str)>,
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<StateRef>,
    /// Design mode: drop zones, draggable states.
    #[prop_or_default]
    pub editable: bool,
    /// What a click on a drop zone adds (shown in its accessible name), when something is picked.
    #[prop_or_default]
    pub armed: Option<AttrValue>,
    #[prop_or_default]
    pub on_drop: Callback<DropTarget>,
    /// A state of the canvas starts being dragged (to move it).
    #[prop_or_default]
    pub on_drag_state: Callback<StateRef>,
    /// A drag from the canvas ended (dropped or not).
    #[prop_or_default]
    pub on_drag_end: Callback<()>,
    #[prop_or(1.0)]
    pub zoom: f64,
}

fn describe(target: &DropTarget) -> String {
    match target {
        DropTarget::Start(scope) if scope.0.is_empty() => "at the start".into(),
        DropTarget::Start(scope) => {
            let (state, branch) = scope.0.last().cloned().unwrap_or_default();
            format!("at the start of {state} branch {}", branch + 1)
        }
        DropTarget::After(at) => format!("after {}", at.name),
        DropTarget::ChoiceRule(at, i) => format!("on {} rule #{}", at.name, i + 1),
        DropTarget::ChoiceDefault(at) => format!("on {} default", at.name),
    }
}

fn px(v: f64) -> String {
    format!("{v:.0}px")
}

fn drop_handlers(
    target: &DropTarget,
    on_drop: &Callback<DropTarget>,
) -> (Callback<DragEvent>, Callback<DragEvent>, Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let over = Callback::from(|e: DragEvent| e.prevent_default());
    let drop = {
        let (t, cb) = (target.clone(), on_drop.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            cb.emit(t.clone());
        })
    };
    let click = {
        let (t, cb) = (target.clone(), on_drop.clone());
        Callback::from(move |_: MouseEvent| cb.emit(t.clone()))
    };
    let key = {
        let (t, cb) = (target.clone(), on_drop.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                cb.emit(t.clone());
            }
        })
    };
    (over, drop, click, key)
}

#[component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let l = &props.layout;
    let zoom = props.zoom;
    let edges: Vec<Html> = l
        .edges
        .iter()
        .map(|e| {
            let mut points = String::new();
            for (x, y) in &e.points {
                let _ = write!(points, "{x:.1},{y:.1} ");
            }
            let class = match e.kind {
                EdgeKind::Catch(_) => "edge edge-catch",
                EdgeKind::Rule(_) | EdgeKind::Default => "edge edge-choice",
                EdgeKind::Next => "edge",
            };
            let label = e.label.as_ref().and_then(|text| {
                let (a, b) = (e.points.first()?, e.points.get(1)?);
                let (x, y) = ((a.0 + b.0) / 2.0 + 4.0, (a.1 + b.1) / 2.0 + 4.0);
                Some(html! { <text class="edge-label" x={format!("{x:.0}")} y={format!("{y:.0}")}>{ text }</text> })
            });
            html! { <g class={class}><polyline points={points} marker-end="url(#arrow)" />{ for label }</g> }
        })
        .collect();
    let edges_svg = html! {
        <svg class="canvas-edges" width={format!("{:.0}", l.width)} height={format!("{:.0}", l.height)} aria-hidden="true">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            { for edges }
        </svg>
    };
    let mut nodes: Vec<_> = l.nodes.iter().collect();
    nodes.sort_by_key(|n| !n.container);
    let status_of = |name: &str| {
        props.statuses.iter().find(|(n, _, _)| n == name).map(|(_, label, class)| (*label, *class))
    };
    html! {
        <div class="canvas-viewport">
            <div class="canvas" role="list" aria-label="Graph view"
                style={format!("width:{};height:{}", px(l.width * zoom), px(l.height * zoom))}>
                <div class="canvas-inner" style={format!("width:{};height:{};transform:scale({zoom})", px(l.width), px(l.height))}>
                    { edges_svg }
                    { for l.markers.iter().map(|m| {
                        let style = format!("left:{};top:{};width:{};height:{}", px(m.x), px(m.y), px(m.w), px(m.h));
                        match &m.target {
                            None => html! { <div class="graph-terminal" {style}>{ &m.label }</div> },
                            Some(target) => {
                                let (over, drop, click, key) = drop_handlers(target, &props.on_drop);
                                if props.editable {
                                    html! { <div class={classes!("graph-drop", props.armed.is_some().then_some("armed"))} role="button" tabindex="0" {style}
                                        aria-label={format!("{}{}", m.label, props.armed.as_ref().map(|a| format!(": add {a}")).unwrap_or_default())}
                                        ondragover={over} ondrop={drop} onclick={click} onkeydown={key}>{ &m.label }</div> }
                                } else {
                                    html! { <div class="graph-drop" {style}>{ &m.label }</div> }
                                }
                            }
                        }
                    }) }
                    { for nodes.iter().map(|n| {
                        let status = status_of(&n.state.name);
                        let selected = props.selected.as_deref() == Some(n.state.name.as_str());
                        let class = classes!("graph-node", n.container.then_some("graph-container"), status.map(|s| format!("state-{}", s.1)), selected.then_some("selected"));
                        let style = format!("left:{};top:{};width:{};height:{}", px(n.x), px(n.y), px(n.w), px(n.h));
                        let onclick = { let s = n.state.clone(); props.on_select.reform(move |e: MouseEvent| { e.stop_propagation(); s.clone() }) };
                        let ondragstart = { let s = n.state.clone(); props.on_drag_state.reform(move |_: DragEvent| s.clone()) };
                        html! {
                            <button class={class} role="listitem" data-state={n.state.name.clone()} data-status={status.map(|s| s.0)}
                                aria-pressed={props.editable.then(|| selected.to_string())}
                                draggable={props.editable.then_some("true")} {ondragstart} ondragend={props.on_drag_end.reform(|_: DragEvent| ())} {style} {onclick}>
                                <span class="node-name">{ &n.state.name }</span>
                                <span class="node-kind">{ &n.kind }</span>
                            </button>
                        }
                    }) }
                    if props.editable {
                        { for l.drops.iter().map(|d| {
                            let (over, drop, click, _) = drop_handlers(&d.target, &props.on_drop);
                            let what = props.armed.as_ref().map_or_else(|| "Drop state here".to_owned(), |a| format!("Add {a} here"));
                            html! {
                                <button class={classes!("drop-zone", props.armed.is_some().then_some("armed"))} style={format!("left:{};top:{}", px(d.x - 10.0), px(d.y - 10.0))}
                                    title={format!("{what}: {}", describe(&d.target))} aria-label={format!("{what}: {}", describe(&d.target))}
                                    ondragover={over} ondrop={drop} onclick={click}>{ "+" }</button>
                            }
                        }) }
                    }
                </div>
            </div>
        </div>
    }
}

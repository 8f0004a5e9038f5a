//! Design mode: the toolbar (Undo, Redo, Zoom in, Zoom out, Center, Duplicate, Delete), the states browser,
//! the canvas and the Inspector. States are added by dragging from the browser onto a drop zone, or — for
//! keyboards and tests — by picking an item (click or Enter) and then activating a drop zone.

use std::rc::Rc;

use serde_json::Value;
use steplab_layout::layout;
use steplab_runner::Partition;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::graph::Drawing;
use crate::studio::canvas::Canvas;
use crate::studio::catalog::{self, Group, QueryLanguage};
use crate::studio::edit::{self, DropTarget, StateRef, format};
use crate::studio::inspector::Inspector;

/// What is being dragged, or picked to be added with a click.
#[derive(Clone, Debug, PartialEq)]
enum Carried {
    /// A states browser item, by label.
    New(&'static str),
    /// A state of the canvas, to move.
    Existing(StateRef),
}

#[derive(Properties, PartialEq)]
pub struct DesignProps {
    pub definition: AttrValue,
    /// Gets the new definition after an edit.
    pub on_edit: Callback<String>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    /// The workspace's Lambda functions, by name.
    pub functions: Vec<String>,
    pub partition: Partition,
    /// `definition`'s graph as the execution Worker laid it out, when it has answered for this text.
    #[prop_or_default]
    pub drawing: Option<Drawing>,
}

/// Sets the text a drag carries (browsers other than Chromium start a drag only with data set).
fn set_drag_text(e: &DragEvent, text: &str) {
    let Ok(transfer) = js_sys::Reflect::get(e, &"dataTransfer".into()) else { return };
    if let Ok(set) = js_sys::Reflect::get(&transfer, &"setData".into())
        && let Ok(set) = set.dyn_into::<js_sys::Function>()
    {
        let _ = set.call2(&transfer, &"text/plain".into(), &text.into());
    }
}

use wasm_bindgen::JsCast as _;

#[component]
pub fn Design(props: &DesignProps) -> Html {
    let group = use_state(|| Group::Actions);
    let search = use_state(String::new);
    let carried = use_state(|| None::<Carried>);
    let selected = use_state(|| None::<StateRef>);
    let zoom = use_state(|| 1.0_f64);
    let message = use_state(|| None::<String>);
    let viewport = use_node_ref();

    // read and laid out once per definition, not at each render (a selection, a drag)
    let parsed =
        use_memo(props.definition.clone(), |d| serde_json::from_str::<Value>(d).ok().map(Rc::new));
    // the execution Worker's layout of this very text, when it has answered; else (an edit made
    // here, drawn at once) the page lays it out
    let given = match &props.drawing {
        Some(Drawing::Laid(l)) => Some(l.clone()),
        _ => None,
    };
    let own = {
        let parsed = parsed.clone();
        use_memo((props.definition.clone(), given.is_some()), move |(_, given)| {
            (!*given).then(|| Rc::new(parsed.as_deref().and_then(layout).unwrap_or_default()))
        })
    };
    let Some(definition) = (*parsed).clone() else {
        return html! { <div class="flash flash-error" role="alert">{ "The definition is not valid JSON: fix it in Code mode to use Design mode." }</div> };
    };
    let laid = given.or_else(|| (*own).clone()).unwrap_or_default();
    // a selection that no longer exists (undo, code edit) is dropped
    let sel = (*selected).clone().filter(|s| edit::state(&definition, s).is_some());

    let commit = {
        let (on_edit, message) = (props.on_edit.clone(), message.clone());
        move |next: &Value| {
            message.set(None);
            on_edit.emit(format(next));
        }
    };
    let on_drop = {
        let (definition, carried, selected, message, commit) = (
            definition.clone(),
            carried.clone(),
            selected.clone(),
            message.clone(),
            commit.clone(),
        );
        Callback::from(move |target: DropTarget| {
            let Some(what) = (*carried).clone() else {
                message.set(Some(
                    "Pick a state in the states browser first (or drag it here).".into(),
                ));
                return;
            };
            let mut next = (*definition).clone();
            let result = match &what {
                Carried::New(label) => {
                    match catalog::fragment(label, QueryLanguage::of(&definition)) {
                        Some(f) => edit::insert(&mut next, &target, f).map(|name| {
                            let scope = match &target {
                                DropTarget::Start(s) => s.clone(),
                                DropTarget::After(a)
                                | DropTarget::ChoiceRule(a, _)
                                | DropTarget::ChoiceDefault(a) => a.scope.clone(),
                            };
                            StateRef::new(scope, name)
                        }),
                        None => Err(edit::EditError(format!("Unknown item {label}"))),
                    }
                }
                Carried::Existing(at) => edit::move_to(&mut next, at, &target).map(|()| at.clone()),
            };
            carried.set(None);
            match result {
                Ok(at) => {
                    commit(&next);
                    selected.set(Some(at));
                }
                Err(e) => message.set(Some(e.0)),
            }
        })
    };
    let act = |f: fn(&mut Value, &StateRef) -> Result<Option<StateRef>, edit::EditError>| {
        let (definition, sel, selected, message, commit) =
            (definition.clone(), sel.clone(), selected.clone(), message.clone(), commit.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(at) = &sel else { return };
            let mut next = (*definition).clone();
            match f(&mut next, at) {
                Ok(new_sel) => {
                    commit(&next);
                    selected.set(new_sel);
                }
                Err(e) => message.set(Some(e.0)),
            }
        })
    };
    let on_delete = act(|d, at| edit::delete(d, at).map(|()| None));
    let on_duplicate =
        act(|d, at| edit::duplicate(d, at).map(|n| Some(StateRef::new(at.scope.clone(), n))));
    let zoom_by = |factor: f64| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set((*zoom * factor).clamp(0.25, 3.0)))
    };
    let on_center = {
        let (zoom, viewport) = (zoom.clone(), viewport.clone());
        Callback::from(move |_: MouseEvent| {
            zoom.set(1.0);
            if let Some(el) = viewport.cast::<web_sys::Element>() {
                let left = (el.scroll_width() - el.client_width()) / 2;
                el.set_scroll_left(left.max(0));
                el.set_scroll_top(0);
            }
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |s: StateRef| selected.set(Some(s)))
    };
    let on_drag_state = {
        let carried = carried.clone();
        Callback::from(move |s: StateRef| carried.set(Some(Carried::Existing(s))))
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            search.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    // a drag that ends without a drop carries nothing any more (a drop has already used it)
    let drag_end = {
        let carried = carried.clone();
        Callback::from(move |()| carried.set(None))
    };
    let items = catalog::search(*group, &search);
    let armed_label = match &*carried {
        Some(Carried::New(l)) => Some(AttrValue::from(*l)),
        Some(Carried::Existing(s)) => Some(AttrValue::from(s.name.clone())),
        None => None,
    };
    let button = |label: &'static str, onclick: Callback<MouseEvent>, enabled: bool| {
        html! { <button class="button tool" title={label} aria-label={label} disabled={!enabled} {onclick}>{ label }</button> }
    };
    // keys, outside text fields: Delete/Backspace deletes the selected state, Escape drops what is carried,
    // Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z or Ctrl+Y redoes
    let on_key = {
        let (on_delete, carried, undo, redo) =
            (on_delete.clone(), carried.clone(), props.on_undo.clone(), props.on_redo.clone());
        Callback::from(move |e: KeyboardEvent| {
            let typing =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.closest(".cm-editor").ok().flatten().is_some()
                });
            if typing {
                return;
            }
            let command = e.ctrl_key() || e.meta_key();
            match e.key().as_str() {
                "Delete" | "Backspace" if !command => {
                    e.prevent_default();
                    if let Ok(click) = MouseEvent::new("click") {
                        on_delete.emit(click);
                    }
                }
                "Escape" => carried.set(None),
                "z" | "Z" if command && e.shift_key() => {
                    e.prevent_default();
                    redo.emit(());
                }
                "z" | "Z" if command => {
                    e.prevent_default();
                    undo.emit(());
                }
                "y" if command => {
                    e.prevent_default();
                    redo.emit(());
                }
                _ => {}
            }
        })
    };
    let undo = props.on_undo.reform(|_: MouseEvent| ());
    let redo = props.on_redo.reform(|_: MouseEvent| ());
    html! {
        <div class="design-mode" onkeydown={on_key}>
            <div class="toolbar" role="toolbar" aria-label="Design tools">
                { button("Undo", undo, props.can_undo) }
                { button("Redo", redo, props.can_redo) }
                { button("Zoom in", zoom_by(1.25), true) }
                { button("Zoom out", zoom_by(0.8), true) }
                { button("Center", on_center, true) }
                { button("Duplicate", on_duplicate, sel.is_some()) }
                { button("Delete", on_delete, sel.is_some()) }
                if let Some(label) = &armed_label {
                    <span class="carrying" role="status">{ format!("Adding {label}: choose where on the canvas (+), or ") }
                        <button class="link" onclick={{ let c = carried.clone(); Callback::from(move |_| c.set(None)) }}>{ "cancel" }</button>
                    </span>
                }
            </div>
            if let Some(m) = &*message { <p class="field-error" role="alert">{ m }</p> }
            <div class="design-panes">
                <aside class="states-browser" aria-label="States browser">
                    <div class="tabs" role="tablist" aria-label="States browser tabs">
                        { for Group::ALL.iter().map(|g| {
                            let active = *group == *g;
                            let (group, g) = (group.clone(), *g);
                            html! { <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))} onclick={Callback::from(move |_| group.set(g))}>{ g.label() }</button> }
                        }) }
                    </div>
                    <input type="search" class="search" placeholder="Search" aria-label="Search states" value={(*search).clone()} oninput={on_search} />
                    <ul class="browser-items" role="list">
                        if items.is_empty() { <li class="hint">{ "No matches" }</li> }
                        { for items.iter().map(|item| {
                            let label = item.label;
                            let picked = *carried == Some(Carried::New(label));
                            let ondragstart = { let c = carried.clone(); Callback::from(move |e: DragEvent| { set_drag_text(&e, label); c.set(Some(Carried::New(label))); }) };
                            let onclick = { let c = carried.clone(); Callback::from(move |_: MouseEvent| c.set(if picked { None } else { Some(Carried::New(label)) })) };
                            html! {
                                <li>
                                    <button class={classes!("browser-item", picked.then_some("picked"))} draggable="true" aria-pressed={picked.to_string()} {ondragstart} ondragend={drag_end.reform(|_: DragEvent| ())} {onclick}>
                                        <strong>{ label }</strong>
                                        <span class="hint">{ item.description }</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </aside>
                <div class="design-canvas" ref={viewport.clone()}>
                    <Canvas layout={laid} editable=true zoom={*zoom} selected={sel.as_ref().map(|s| s.name.clone())}
                        armed={armed_label.clone()} {on_drop} {on_select} {on_drag_state} on_drag_end={drag_end.clone()} />
                </div>
                if let Some(at) = &sel {
                    <Inspector definition={props.definition.clone()} at={at.clone()} functions={props.functions.clone()} partition={props.partition.clone()}
                        on_edit={props.on_edit.clone()} on_renamed={{ let s = selected.clone(); Callback::from(move |r: StateRef| s.set(Some(r))) }} />
                } else {
                    <aside class="inspector" aria-label="Inspector"><p class="hint">{ "Select a state on the canvas to configure it." }</p></aside>
                }
            </div>
        </div>
    }
}

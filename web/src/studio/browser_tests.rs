//! Component tests in a real browser (`cargo test -p steplab-web --target wasm32-unknown-unknown`, run by
//! wasm-bindgen-test-runner in headless Chrome): the canvas and Design mode rendered by Yew into a page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;

use crate::studio::design::{Design, DesignProps};

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> web_sys::Element {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let div = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&div).expect("attached");
    div
}

/// Lets Yew render what is scheduled.
async fn settle() {
    gloo::timers::future::TimeoutFuture::new(20).await;
}

fn click(root: &web_sys::Element, selector: &str) {
    let el =
        root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}"));
    el.dyn_into::<web_sys::HtmlElement>().expect("an HTML element").click();
}

#[derive(Properties, PartialEq)]
struct HostProps {
    edits: Rc<RefCell<Vec<String>>>,
}

/// Design mode holding its definition, as Workflow Studio does.
#[component]
fn Host(props: &HostProps) -> Html {
    let definition = use_state(|| crate::studio::templates::BLANK_DEFINITION.to_owned());
    let on_edit = {
        let (definition, edits) = (definition.clone(), props.edits.clone());
        Callback::from(move |text: String| {
            edits.borrow_mut().push(text.clone());
            definition.set(text);
        })
    };
    let design = DesignProps {
        definition: AttrValue::from((*definition).clone()),
        on_edit,
        can_undo: false,
        can_redo: false,
        on_undo: Callback::noop(),
        on_redo: Callback::noop(),
        functions: vec!["HelloStepFunction".into()],
        partition: steplab_runner::Partition::default(),
        // no layout from the execution Worker here: Design lays out itself
        drawing: None,
    };
    html! { <Design ..design /> }
}

#[wasm_bindgen_test]
async fn design_mode_adds_lambda_invoke_and_picks_a_function() {
    let root = root();
    let edits = Rc::new(RefCell::new(Vec::new()));
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { edits: edits.clone() })
        .render();
    settle().await;
    let placeholder =
        root.query_selector(".canvas .graph-drop").ok().flatten().expect("the empty canvas");
    assert_eq!(placeholder.text_content().as_deref(), Some("Drag first state here"));
    // pick the first action, drop it on the empty canvas
    click(&root, ".browser-item");
    settle().await;
    click(&root, ".canvas .graph-drop");
    settle().await;
    assert!(
        root.query_selector(".graph-node[data-state=\"Lambda Invoke\"]").ok().flatten().is_some()
    );
    // the Inspector's function picker
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#inspector-function")
        .ok()
        .flatten()
        .expect("a function picker")
        .dyn_into()
        .expect("a select");
    select.set_value("HelloStepFunction");
    select.dispatch_event(&web_sys::Event::new("change").expect("an event")).expect("dispatched");
    settle().await;
    let last = edits.borrow().last().cloned().expect("an edit");
    let lab: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
            .expect("the lab");
    assert_eq!(last, serde_json::to_string_pretty(&lab).expect("formatted"));
}

#[wasm_bindgen_test]
async fn the_graph_keeps_state_and_status_attributes() {
    let root = root();
    let definition = include_str!("../../../tests/data/lab/simple_lab.asl.json");
    let events = vec![
        serde_json::json!({ "type": "ExecutionStarted" }),
        serde_json::json!({ "type": "TaskStateEntered", "stateEnteredEventDetails": { "name": "Lambda Invoke" } }),
    ];
    let props = crate::graph::GraphProps {
        definition: AttrValue::from(definition),
        events: events.into(),
        execution_status: Some(AttrValue::from("RUNNING")),
        selected: None,
        on_select: Callback::noop(),
    };
    yew::Renderer::<crate::graph::Graph>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let node = root
        .query_selector(".graph-node[data-state=\"Lambda Invoke\"]")
        .ok()
        .flatten()
        .expect("the state's node");
    assert_eq!(node.get_attribute("data-status").as_deref(), Some("In progress"));
    assert_eq!(root.query_selector_all(".graph-terminal").map(|l| l.length()).unwrap_or(0), 2);
}

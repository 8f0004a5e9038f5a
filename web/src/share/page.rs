//! The page a permalink opens (`#/share/<payload>`): what the link carries, the names it would take
//! that the workspace already uses (replace, or import under another name), and Import. A link
//! that cannot be read says why and leaves the workspace as it is.

use std::collections::BTreeMap;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::route::Route;
use crate::share::codec::{self, Shared};
use crate::share::plan::{self, Choices, Conflict, Kind, Resolution};
use crate::store::Action;
use crate::store::WorkspaceContext;

/// Where the inputs state machines were shared with are kept (by state machine name), so that
/// Start execution offers them.
const INPUTS_KEY: &str = "steplab.shared-inputs.v1";

fn inputs() -> BTreeMap<String, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(INPUTS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// The input the state machine `name` was imported with from a link, if any.
pub fn shared_input(name: &str) -> Option<String> {
    inputs().remove(name)
}

fn keep_input(name: &str, input: Option<&str>) {
    let mut all = inputs();
    match input {
        Some(i) => all.insert(name.to_owned(), i.to_owned()),
        None => all.remove(name),
    };
    if let (Some(storage), Ok(text)) = (
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()),
        serde_json::to_string(&all),
    ) {
        let _ = storage.set_item(INPUTS_KEY, &text);
    }
}

#[derive(Properties, PartialEq)]
pub struct SharePageProps {
    /// What follows `#/share/`.
    pub data: AttrValue,
}

#[component]
pub fn SharePage(props: &SharePageProps) -> Html {
    let decoded = use_memo(props.data.clone(), |d| codec::decode(d));
    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        ("Open shared state machine".into(), None),
    ];
    html! {
        <section>
            <Breadcrumbs {trail} />
            <h1>{ "Open shared state machine" }</h1>
            { match &*decoded {
                Err(e) => html! {
                    <>
                        <div class="flash flash-error" role="alert" id="share-error">{ e.to_string() }</div>
                        <p class="hint">{ "Nothing was imported: your workspace is unchanged." }</p>
                        <Link<Route> to={Route::StateMachines} classes="button">{ "Back to state machines" }</Link<Route>>
                    </>
                },
                Ok(shared) => html! { <Preview shared={shared.clone()} /> },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PreviewProps {
    shared: Shared,
}

#[component]
fn Preview(props: &PreviewProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let choices = use_state(Choices::default);
    let problem = use_state(|| None::<String>);
    let shared = &props.shared;
    let conflicts = plan::conflicts(shared, &workspace, &choices);
    let machine = &shared.state_machine;
    // the shared resources whose names the workspace already uses
    let kept = shared
        .resources
        .as_ref()
        .map(|r| workspace.services.clone().add_missing(r))
        .unwrap_or_default();

    let on_import = {
        let (workspace, choices, problem, shared) =
            (workspace.clone(), choices.clone(), problem.clone(), shared.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match plan::resolve(&shared, &workspace, &choices) {
                Err(e) => problem.set(Some(e)),
                Ok(import) => {
                    let name = import.state_machine.name.clone();
                    for f in import.functions {
                        workspace.dispatch(Action::PutFunction(f));
                    }
                    if let Some(resources) = import.resources {
                        workspace.dispatch(Action::AddServices(Box::new(resources)));
                    }
                    workspace.dispatch(Action::PutStateMachine(import.state_machine));
                    keep_input(&name, import.input.as_deref());
                    if let Some(n) = &navigator {
                        n.replace(&Route::StateMachine { name });
                    }
                }
            }
        })
    };

    let conflict_row = |c: &Conflict| {
        let (what, id) = match c.kind {
            Kind::StateMachine => ("state machine", "state-machine".to_owned()),
            Kind::Function => ("function", format!("function-{}", c.name)),
        };
        let current = match c.kind {
            Kind::StateMachine => choices.state_machine.clone(),
            Kind::Function => choices.functions.get(&c.name).cloned().unwrap_or_default(),
        };
        let set = {
            let (choices, problem, c) = (choices.clone(), problem.clone(), c.clone());
            move |r: Resolution| {
                let mut next = (*choices).clone();
                match c.kind {
                    Kind::StateMachine => next.state_machine = r,
                    Kind::Function => {
                        next.functions.insert(c.name.clone(), r);
                    }
                }
                problem.set(None);
                choices.set(next);
            }
        };
        let replace = {
            let set = set.clone();
            Callback::from(move |_: Event| set(Resolution::Replace))
        };
        let rename_to = {
            let (set, name) = (set.clone(), c.name.clone());
            Callback::from(move |_: Event| set(Resolution::Rename(format!("{name}-copy"))))
        };
        let on_name = Callback::from(move |e: InputEvent| {
            set(Resolution::Rename(crate::pages::input_value(&e)));
        });
        let new_name = match &current {
            Resolution::Rename(n) => Some(n.clone()),
            Resolution::Replace => None,
        };
        html! {
            <fieldset class="choice conflict" id={format!("conflict-{id}")}>
                <legend>{ format!("Your workspace already has a {what} named {}, different from the shared one.", c.name) }</legend>
                <label><input type="radio" name={id.clone()} checked={new_name.is_none()} onchange={replace} />{ format!(" Replace your {what} {}", c.name) }</label>
                <label><input type="radio" name={id.clone()} checked={new_name.is_some()} onchange={rename_to} />{ " Import it under another name" }</label>
                if let Some(n) = new_name {
                    <input type="text" aria-label={format!("New name of the {what} {}", c.name)} value={n} oninput={on_name} />
                }
            </fieldset>
        }
    };

    html! {
        <form class="panel form" onsubmit={on_import}>
            <p>{ "This link carries a state machine" }{ if shared.functions.is_empty() { "" } else { " and the functions it calls" } }{ ". Importing adds them to your workspace, under the same names." }</p>
            <h2>{ "State machine" }</h2>
            <dl class="details" id="share-state-machine">
                <dt>{ "Name" }</dt><dd>{ &machine.name }</dd>
                <dt>{ "Type" }</dt><dd>{ if machine.kind == "EXPRESS" { "Express" } else { "Standard" } }</dd>
                <dt>{ "IAM role" }</dt><dd>{ &machine.role_name }</dd>
            </dl>
            <details>
                <summary>{ "Definition" }</summary>
                <pre class="json" id="share-definition">{ &machine.definition }</pre>
            </details>
            if !machine.config.mocks.trim().is_empty() {
                <details>
                    <summary>{ "Mocks (MockConfigFile)" }</summary>
                    <pre class="json" id="share-mocks">{ &machine.config.mocks }</pre>
                </details>
            }
            <h2>{ format!("Functions ({})", shared.functions.len()) }</h2>
            <table class="table" id="share-functions">
                <thead><tr><th>{ "Function name" }</th><th>{ "Runtime" }</th><th>{ "Handler" }</th><th>{ "Timeout" }</th><th>{ "Memory" }</th><th>{ "Code" }</th></tr></thead>
                <tbody>
                    if shared.functions.is_empty() { <tr><td colspan="6" class="empty">{ "No functions" }</td></tr> }
                    { for shared.functions.iter().map(|f| html! {
                        <tr>
                            <td>{ f.name() }</td><td>{ steplab_function::runtime::display_name(&f.config.runtime) }</td><td>{ &f.config.handler }</td>
                            <td>{ format!("{} sec", f.config.timeout_seconds) }</td><td>{ format!("{} MB", f.config.memory_size_mb) }</td>
                            <td>{ format!("{} lines", f.config.code.lines().count()) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if let Some(resources) = &shared.resources {
                <h2>{ "AWS resources" }</h2>
                <ul id="share-resources">
                    { for resources.resource_names().iter().map(|n| html! { <li>{ n }</li> }) }
                </ul>
                if !kept.is_empty() {
                    <p class="hint" id="share-resources-kept">{ format!("Your workspace already has: {}. Yours are kept as they are.", kept.join(", ")) }</p>
                }
            }
            if let Some(input) = &shared.input {
                <h2>{ "Input" }</h2>
                <pre class="json" id="share-input">{ input }</pre>
                <p class="hint">{ "Start execution will offer this input." }</p>
            }
            { for conflicts.iter().map(conflict_row) }
            if let Some(p) = &*problem { <p class="field-error" role="alert">{ p }</p> }
            <div class="form-actions">
                <Link<Route> to={Route::StateMachines} classes="button">{ "Cancel" }</Link<Route>>
                <button type="submit" class="button primary" id="share-import">{ "Import" }</button>
            </div>
        </form>
    }
}

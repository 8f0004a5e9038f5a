//! Step Functions › State machines: the list, with search, and the actions on a selected machine.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::modal::Modal;
use crate::pages::{format_date, input_value};
use crate::route::Route;
use crate::store::Action;
use crate::store::WorkspaceContext;

#[component]
pub fn StateMachines() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let filter = use_state(String::new);
    let selected = use_state(|| None::<String>);
    let confirm_delete = use_state(|| false);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(input_value(&e)))
    };
    let needle = filter.to_lowercase();
    let shown: Vec<_> = workspace
        .state_machines
        .iter()
        .filter(|s| s.name.to_lowercase().contains(&needle))
        .collect();
    let go = |route: Route| {
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(nav) = &navigator {
                nav.push(&route);
            }
        })
    };
    let sel = (*selected).clone();
    let delete = {
        let (workspace, selected, confirm_delete) =
            (workspace.clone(), selected.clone(), confirm_delete.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = (*selected).clone() {
                workspace.dispatch(Action::DeleteStateMachine(name));
            }
            selected.set(None);
            confirm_delete.set(false);
        })
    };
    html! {
        <section>
            <Breadcrumbs trail={vec![("Step Functions".into(), None), ("State machines".into(), None)]} />
            <div class="page-header">
                <h1>{ format!("State machines ({})", workspace.state_machines.len()) }</h1>
                <div class="actions">
                    <button class="button" disabled={sel.is_none()} onclick={sel.clone().map(|n| go(Route::StateMachine { name: n })).unwrap_or_default()}>{ "View details" }</button>
                    <button class="button" disabled={sel.is_none()} onclick={sel.clone().map(|n| go(Route::EditStateMachine { name: n })).unwrap_or_default()}>{ "Edit" }</button>
                    <button class="button" disabled={sel.is_none()} onclick={sel.clone().map(|n| go(Route::CopyStateMachine { name: n })).unwrap_or_default()}>{ "Copy to new" }</button>
                    <button class="button" disabled={sel.is_none()} onclick={{ let c = confirm_delete.clone(); Callback::from(move |_| c.set(true)) }}>{ "Delete" }</button>
                    <button class="button" id="import-template" onclick={go(Route::ImportTemplate)}>{ "Import template" }</button>
                    <button class="button primary" onclick={go(Route::CreateStateMachine)}>{ "Create state machine" }</button>
                </div>
            </div>
            <input class="search" type="search" placeholder="Search for state machines" aria-label="Search for state machines"
                value={(*filter).clone()} oninput={on_filter} />
            <crate::studio::workspace_io::WorkspaceFile />
            <table class="table">
                <thead><tr><th></th><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Creation date" }</th><th>{ "Status" }</th></tr></thead>
                <tbody>
                    if shown.is_empty() {
                        <tr><td colspan="5" class="empty">{ "No state machines" }</td></tr>
                    }
                    { for shown.iter().map(|s| {
                        let name = s.name.clone();
                        let pick = { let selected = selected.clone(); let name = name.clone(); Callback::from(move |_: Event| selected.set(Some(name.clone()))) };
                        html! {
                            <tr>
                                <td><input type="radio" name="state-machine" aria-label={format!("Select {name}")} checked={sel.as_deref() == Some(name.as_str())} onchange={pick} /></td>
                                <td><Link<Route> to={Route::StateMachine { name: name.clone() }}>{ &s.name }</Link<Route>></td>
                                <td>{ if s.kind == "EXPRESS" { "Express" } else { "Standard" } }</td>
                                <td>{ format_date(s.creation_millis) }</td>
                                <td><span class="status status-succeeded">{ "Active" }</span></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if *confirm_delete {
                <Modal title="Delete state machine" on_close={{ let c = confirm_delete.clone(); Callback::from(move |()| c.set(false)) }}
                    footer={html! { <>
                        <button class="button" onclick={{ let c = confirm_delete.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                        <button class="button primary" onclick={delete}>{ "Delete" }</button>
                    </> }}>
                    <p>{ format!("Delete state machine {}? Its executions are deleted with it.", sel.clone().unwrap_or_default()) }</p>
                </Modal>
            }
        </section>
    }
}

//! A state machine's Aliases tab: each alias's routing, Create alias and Edit (one or two versions
//! and their weights), Delete, Start execution on it.

use steplab_runner::versions::{RouteInput, alias_arn, version_arn};
use yew::prelude::*;

use crate::components::modal::Modal;
use crate::pages::format_date;
use crate::pages::versions::apply;
use crate::store::{StateMachine, WorkspaceContext};

#[derive(Properties, PartialEq)]
pub struct AliasesProps {
    pub machine: StateMachine,
    /// Start execution on this alias (its name).
    pub on_start: Callback<String>,
}

/// The Aliases tab.
#[component]
pub fn AliasesTab(props: &AliasesProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    // None: no form; Some(None): Create alias; Some(Some(name)): Edit that alias
    let editing = use_state(|| None::<Option<String>>);
    let problem = use_state(|| None::<String>);
    let machine_arn = workspace.partition.state_machine_arn(&props.machine.name);
    let aliases = &props.machine.versions.aliases;
    let delete = |name: &str| {
        let (workspace, machine, problem) =
            (workspace.clone(), props.machine.clone(), problem.clone());
        let (machine_arn, arn) = (machine_arn.clone(), alias_arn(&machine_arn, name));
        Callback::from(move |_: MouseEvent| {
            let result = apply(&workspace, &machine, |v| {
                v.delete_alias(&machine_arn, &arn).map_err(|e| e.to_string())
            });
            problem.set(result.err());
        })
    };
    let create = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Some(None)))
    };
    html! {
        <div class="panel" id="aliases-tab">
            <div class="panel-header">
                <h2>{ format!("Aliases ({})", aliases.len()) }</h2>
                <div class="actions"><button class="button primary" id="create-alias" onclick={create}>{ "Create alias" }</button></div>
            </div>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert" id="aliases-problem">{ p }</div> }
            <table class="table" id="aliases">
                <thead><tr><th>{ "Name" }</th><th>{ "Description" }</th><th>{ "Routing" }</th><th>{ "Creation date" }</th><th>{ "Actions" }</th></tr></thead>
                <tbody>
                    if aliases.is_empty() { <tr><td colspan="5" class="empty">{ "No aliases" }</td></tr> }
                    { for aliases.iter().map(|a| {
                        let routing: Vec<String> = a.routing.iter().map(|r| format!("Version {}: {}%", r.version, r.weight)).collect();
                        let edit = { let (e, n) = (editing.clone(), a.name.clone()); Callback::from(move |_: MouseEvent| e.set(Some(Some(n.clone())))) };
                        let name = a.name.clone();
                        let start = props.on_start.reform(move |_: MouseEvent| name.clone());
                        html! {
                            <tr id={format!("alias-{}", a.name)}>
                                <td>{ &a.name }</td>
                                <td>{ if a.description.is_empty() { "-" } else { a.description.as_str() } }</td>
                                <td>{ routing.join(", ") }</td>
                                <td>{ format_date(a.creation_millis) }</td>
                                <td class="actions">
                                    <button class="button" onclick={start}>{ "Start execution" }</button>
                                    <button class="button" onclick={edit}>{ "Edit" }</button>
                                    <button class="button" onclick={delete(&a.name)}>{ "Delete" }</button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some(which) = &*editing {
                <AliasForm machine={props.machine.clone()} name={which.clone()}
                    on_close={{ let e = editing.clone(); Callback::from(move |()| e.set(None)) }} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AliasFormProps {
    machine: StateMachine,
    /// The alias edited; `None`: a new one.
    name: Option<String>,
    on_close: Callback<()>,
}

/// Create alias / Edit alias: name, description, one or two versions with weights.
#[component]
fn AliasForm(props: &AliasFormProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let existing = props.name.as_deref().and_then(|n| props.machine.versions.alias(n)).cloned();
    let latest = props.machine.versions.versions.iter().map(|v| v.number).max().unwrap_or(0);
    let init = existing.clone();
    let name = use_state(|| init.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let init = existing.clone();
    let description =
        use_state(|| init.as_ref().map(|a| a.description.clone()).unwrap_or_default());
    let init = existing.clone();
    // (version, weight) as typed
    let first = use_state(|| {
        init.as_ref()
            .and_then(|a| a.routing.first())
            .map_or((latest.to_string(), "100".to_owned()), |r| {
                (r.version.to_string(), r.weight.to_string())
            })
    });
    let init = existing.clone();
    let second = use_state(|| {
        init.as_ref()
            .and_then(|a| a.routing.get(1))
            .map(|r| (r.version.to_string(), r.weight.to_string()))
    });
    let problem = use_state(|| None::<String>);
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(crate::pages::input_value(&e)))
    };
    let first_version = {
        let s = first.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            s.set((v, s.1.clone()));
        })
    };
    let first_weight = {
        let s = first.clone();
        Callback::from(move |e: InputEvent| s.set((s.0.clone(), crate::pages::input_value(&e))))
    };
    let second_version = {
        let s = second.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let weight = (*s).clone().unwrap_or_default().1;
            s.set(Some((v, weight)));
        })
    };
    let second_weight = {
        let s = second.clone();
        Callback::from(move |e: InputEvent| {
            let version = (*s).clone().unwrap_or_default().0;
            s.set(Some((version, crate::pages::input_value(&e))));
        })
    };
    let toggle_second = {
        let (second, latest) = (second.clone(), latest);
        Callback::from(move |_: MouseEvent| {
            second.set(if second.is_some() {
                None
            } else {
                Some((latest.to_string(), "0".to_owned()))
            });
        })
    };
    let versions: Vec<u32> = {
        let mut v: Vec<u32> = props.machine.versions.versions.iter().map(|v| v.number).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    };
    let options = |chosen: &str| -> Html {
        versions.iter().map(|n| html! { <option value={n.to_string()} selected={chosen == n.to_string()}>{ format!("Version {n}") }</option> }).collect()
    };
    let on_save = {
        let (machine, editing_name) = (props.machine.clone(), props.name.clone());
        let (name, description, first, second, problem, close) = (
            name.clone(),
            description.clone(),
            first.clone(),
            second.clone(),
            problem.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let machine_arn = workspace.partition.state_machine_arn(&machine.name);
            // a weight that is not a whole number is sent as the API would get it: not one
            let route = |(v, w): &(String, String)| RouteInput {
                version_arn: version_arn(&machine_arn, v.parse().unwrap_or(0)),
                weight: w.trim().parse().unwrap_or(-1),
            };
            let mut routing = vec![route(&first)];
            routing.extend(second.as_ref().map(route));
            let now = crate::clock::now_millis();
            let result = apply(&workspace, &machine, |v| {
                match &editing_name {
                    None => {
                        v.create_alias(&machine_arn, &name, &description, &routing, now).map(|_| ())
                    }
                    Some(n) => v.update_alias(
                        &machine_arn,
                        &alias_arn(&machine_arn, n),
                        Some(description.as_str()),
                        Some(routing.as_slice()),
                        now,
                    ),
                }
                .map_err(|e| e.to_string())
            });
            match result {
                Ok(()) => close.emit(()),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let title = if props.name.is_some() { "Edit alias" } else { "Create alias" };
    html! {
        <Modal {title} on_close={props.on_close.clone()}
            footer={html! { <>
                <button class="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button class="button primary" id="alias-save" onclick={on_save}>{ if props.name.is_some() { "Save" } else { "Create" } }</button>
            </> }}>
            <label for="alias-name">{ "Alias name" }</label>
            <input id="alias-name" type="text" value={(*name).clone()} oninput={text(&name)} disabled={props.name.is_some()} />
            <p class="hint">{ "Up to 80 characters: letters, numbers, '-', '_' and '.'; not only numbers." }</p>
            <label for="alias-description">{ "Description - optional" }</label>
            <input id="alias-description" type="text" value={(*description).clone()} oninput={text(&description)} />
            <h3>{ "Routing configuration" }</h3>
            <div class="route">
                <select id="alias-version-1" onchange={first_version}>{ options(&first.0) }</select>
                <input id="alias-weight-1" type="number" min="0" max="100" value={first.1.clone()} oninput={first_weight} aria-label="Weight of the first version" />{ "%" }
            </div>
            if let Some((v, w)) = &*second {
                <div class="route">
                    <select id="alias-version-2" onchange={second_version}>{ options(v) }</select>
                    <input id="alias-weight-2" type="number" min="0" max="100" value={w.clone()} oninput={second_weight} aria-label="Weight of the second version" />{ "%" }
                </div>
            }
            <button class="button" id="alias-toggle-second" onclick={toggle_second}>{ if second.is_some() { "Remove second version" } else { "Add a second version" } }</button>
            <p class="hint">{ "An alias routes executions to one or two versions; the weights must add up to 100." }</p>
            if let Some(p) = &*problem { <p class="field-error" role="alert" id="alias-problem">{ p }</p> }
        </Modal>
    }
}

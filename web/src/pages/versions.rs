//! A state machine's Versions tab and its Publish version dialog: each version's description,
//! date and definition, Start execution on it, Delete (refused while an alias routes to it).

use yew::prelude::*;

use crate::components::modal::Modal;
use crate::pages::format_date;
use crate::store::{Action, StateMachine, WorkspaceContext};

/// Applies a versions operation to a copy of `machine` and stores it; an error is shown and
/// nothing changes.
pub fn apply(
    workspace: &WorkspaceContext,
    machine: &StateMachine,
    op: impl FnOnce(&mut steplab_runner::versions::Versions) -> Result<(), String>,
) -> Result<(), String> {
    let mut m = machine.clone();
    op(&mut m.versions)?;
    workspace.dispatch(Action::PutStateMachine(m));
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct PublishProps {
    pub machine: StateMachine,
    pub on_close: Callback<()>,
}

/// "Publish version": an optional description, then PublishStateMachineVersion.
#[component]
pub fn PublishDialog(props: &PublishProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let description = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let on_description = {
        let description = description.clone();
        Callback::from(move |e: InputEvent| {
            description.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value());
        })
    };
    let on_publish = {
        let (machine, description, problem, close) =
            (props.machine.clone(), description.clone(), problem.clone(), props.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            let role = workspace.partition.role_arn(&machine.role_name);
            let now = crate::clock::now_millis();
            let result = apply(&workspace, &machine, |v| {
                v.publish(&machine.definition, &role, &description, now)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
            match result {
                Ok(()) => close.emit(()),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    html! {
        <Modal title="Publish version" on_close={props.on_close.clone()}
            footer={html! { <>
                <button class="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button class="button primary" id="publish-version-confirm" onclick={on_publish}>{ "Publish" }</button>
            </> }}>
            <p class="hint">{ "A version is an immutable snapshot of the state machine's current definition and role." }</p>
            <label for="version-description">{ "Description - optional" }</label>
            <textarea id="version-description" rows="3" value={(*description).clone()} oninput={on_description} />
            if let Some(p) = &*problem { <p class="field-error" role="alert" id="publish-version-problem">{ p }</p> }
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct VersionsProps {
    pub machine: StateMachine,
    /// Start execution on this version (its number).
    pub on_start: Callback<String>,
}

/// The Versions tab.
#[component]
pub fn VersionsTab(props: &VersionsProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let selected = use_state(|| None::<u32>);
    let problem = use_state(|| None::<String>);
    let machine_arn = workspace.partition.state_machine_arn(&props.machine.name);
    let mut versions: Vec<_> = props.machine.versions.versions.iter().collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.number));
    let shown = selected.and_then(|n| props.machine.versions.version(n));
    let delete = |number: u32| {
        let (workspace, machine, problem, selected, arn) = (
            workspace.clone(),
            props.machine.clone(),
            problem.clone(),
            selected.clone(),
            steplab_runner::versions::version_arn(&machine_arn, number),
        );
        let machine_arn = machine_arn.clone();
        Callback::from(move |_: MouseEvent| {
            let result = apply(&workspace, &machine, |v| {
                v.delete_version(&machine_arn, &arn).map_err(|e| e.to_string())
            });
            match result {
                Ok(()) => {
                    problem.set(None);
                    selected.set(None);
                }
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    html! {
        <div class="panel" id="versions-tab">
            <h2>{ format!("Versions ({})", versions.len()) }</h2>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert" id="versions-problem">{ p }</div> }
            <table class="table" id="versions">
                <thead><tr><th>{ "Version" }</th><th>{ "Description" }</th><th>{ "Aliases" }</th><th>{ "Creation date" }</th><th>{ "Actions" }</th></tr></thead>
                <tbody>
                    if versions.is_empty() { <tr><td colspan="5" class="empty">{ "No versions. Publish version makes one from the current definition." }</td></tr> }
                    { for versions.iter().map(|v| {
                        let n = v.number;
                        let aliases: Vec<&str> = props.machine.versions.aliases_of(n).map(|a| a.name.as_str()).collect();
                        let select = { let s = selected.clone(); Callback::from(move |_: MouseEvent| s.set(Some(n))) };
                        let start = props.on_start.reform(move |_: MouseEvent| n.to_string());
                        html! {
                            <tr id={format!("version-{n}")}>
                                <td><button class="link" onclick={select}>{ format!("Version {n}") }</button></td>
                                <td>{ if v.description.is_empty() { "-" } else { v.description.as_str() } }</td>
                                <td>{ if aliases.is_empty() { "-".to_owned() } else { aliases.join(", ") } }</td>
                                <td>{ format_date(v.creation_millis) }</td>
                                <td class="actions">
                                    <button class="button" onclick={start}>{ "Start execution" }</button>
                                    <button class="button" onclick={delete(n)}>{ "Delete" }</button>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some(v) = shown {
                <h3>{ format!("Version {}", v.number) }</h3>
                <dl class="details">
                    <dt>{ "ARN" }</dt><dd>{ steplab_runner::versions::version_arn(&machine_arn, v.number) }</dd>
                    <dt>{ "IAM role ARN" }</dt><dd>{ &v.role_arn }</dd>
                </dl>
                <pre class="json" id="version-definition">{ &v.definition }</pre>
            }
        </div>
    }
}

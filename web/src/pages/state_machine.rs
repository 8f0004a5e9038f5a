//! A state machine's details page: its ARN, type and role, its executions, versions and aliases,
//! Edit, Publish version, Start execution, Import execution (one that ran in AWS).

use crate::storage::unsaved::{Concerned, UnsavedNotice};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::status::Status;
use crate::pages::format_date;
use crate::pages::start_execution::{StartExecution, StartRequest};
use crate::route::Route;
use crate::store::WorkspaceContext;

#[derive(Properties, PartialEq)]
pub struct StateMachineProps {
    pub name: AttrValue,
}

#[component]
pub fn StateMachinePage(props: &StateMachineProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let starting = use_state(|| false);
    let importing = use_state(|| false);
    // the version or alias a Start execution dialog opens on
    let start_on = use_state(|| None::<String>);
    let publishing = use_state(|| false);
    let tab = use_state(|| "executions");
    let search = use_state(String::new);
    let status_filter = use_state(String::new);
    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        (props.name.clone(), None),
    ];
    let Some(machine) = workspace.state_machine(&props.name).cloned() else {
        return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error">{ format!("State Machine Does Not Exist: '{}'", workspace.partition.state_machine_arn(&props.name)) }</div></section> };
    };
    let mut executions: Vec<_> =
        workspace.executions.iter().filter(|e| e.state_machine == machine.name).collect();
    executions.sort_by_key(|e| std::cmp::Reverse(e.start_millis));
    let total = executions.len();
    let needle = search.to_lowercase();
    executions.retain(|e| {
        (status_filter.is_empty() || e.status == *status_filter)
            && (needle.is_empty() || e.name.to_lowercase().contains(&needle))
    });
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| search.set(crate::pages::input_value(&e)))
    };
    let on_status = {
        let status_filter = status_filter.clone();
        Callback::from(move |e: Event| {
            status_filter.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        })
    };

    let on_start = {
        let (workspace, navigator, starting, sm) =
            (workspace.clone(), navigator.clone(), starting.clone(), machine.name.clone());
        Callback::from(move |(request, report): (StartRequest, Callback<String>)| {
            match crate::execution::launch::launch(&workspace, navigator.as_ref(), &sm, request) {
                Ok(()) => starting.set(false),
                Err(e) => report.emit(e),
            }
        })
    };
    let start_on_qualifier = {
        let (starting, start_on) = (starting.clone(), start_on.clone());
        Callback::from(move |q: String| {
            start_on.set(Some(q));
            starting.set(true);
        })
    };
    let on_save_mocks = {
        let (workspace, machine) = (workspace.clone(), machine.clone());
        Callback::from(move |text: String| {
            let mut m = machine.clone();
            m.config.mocks = text;
            workspace.dispatch(crate::store::Action::PutStateMachine(m));
        })
    };
    let edit = {
        let (n, name) = (navigator.clone(), machine.name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = &n {
                n.push(&Route::EditStateMachine { name: name.clone() })
            }
        })
    };
    html! {
        <section>
            <Breadcrumbs {trail} />
            <UnsavedNotice record={Concerned::StateMachine(machine.name.clone())} />
            <div class="page-header">
                <h1>{ &machine.name }</h1>
                <div class="actions">
                    <crate::share::button::ShareButton name={machine.name.clone()} />
                    <crate::export::menu::ExportButton name={machine.name.clone()} />
                    <button class="button" onclick={edit}>{ "Edit" }</button>
                    <button class="button" id="publish-version" onclick={{ let p = publishing.clone(); Callback::from(move |_| p.set(true)) }}>{ "Publish version" }</button>
                    <button class="button primary" id="start-execution" onclick={{ let (s, q) = (starting.clone(), start_on.clone()); Callback::from(move |_| { q.set(None); s.set(true) }) }}>{ "Start execution" }</button>
                </div>
            </div>
            <div class="panel">
                <h2>{ "Details" }</h2>
                <dl class="details">
                    <dt>{ "ARN" }</dt><dd>{ workspace.partition.state_machine_arn(&machine.name) }</dd>
                    <dt>{ "Type" }</dt><dd>{ if machine.kind == "EXPRESS" { "Express" } else { "Standard" } }</dd>
                    <dt>{ "Status" }</dt><dd>{ "Active" }</dd>
                    <dt>{ "IAM role ARN" }</dt><dd>{ workspace.partition.role_arn(&machine.role_name) }</dd>
                    <dt>{ "Creation date" }</dt><dd>{ format_date(machine.creation_millis) }</dd>
                </dl>
                { foreign_functions_notice(&machine.definition, &workspace.partition) }
            </div>
            <div class="tabs" role="tablist">
                { for [("executions", "Executions"), ("versions", "Versions"), ("aliases", "Aliases")].into_iter().map(|(id, label)| {
                    let t = tab.clone();
                    html! { <button role="tab" id={format!("tab-{id}")} class={classes!("tab", (*tab == id).then_some("active"))} aria-selected={(*tab == id).to_string()} onclick={Callback::from(move |_| t.set(id))}>{ label }</button> }
                }) }
            </div>
            if *tab == "versions" {
                <crate::pages::versions::VersionsTab machine={machine.clone()} on_start={start_on_qualifier.clone()} />
            }
            if *tab == "aliases" {
                <crate::pages::aliases::AliasesTab machine={machine.clone()} on_start={start_on_qualifier.clone()} />
            }
            if *tab == "executions" {
            <div class="panel">
                <div class="panel-header">
                    <h2>{ format!("Executions ({total})") }</h2>
                    <button class="button" id="import-execution" title="An execution that ran in AWS: its history (and optionally describe-execution and the definition) as the AWS CLI prints them" onclick={{ let i = importing.clone(); Callback::from(move |_| i.set(true)) }}>{ "Import execution" }</button>
                </div>
                <div class="filters">
                    <input type="search" id="executions-search" aria-label="Search for executions" placeholder="Search for executions" value={(*search).clone()} oninput={on_search} />
                    <select id="executions-status" aria-label="Status" onchange={on_status}>
                        <option value="" selected={status_filter.is_empty()}>{ "Any status" }</option>
                        { for ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"].iter().map(|s| html! {
                            <option value={*s} selected={*status_filter == *s}>{ crate::components::status::label(s) }</option>
                        }) }
                    </select>
                </div>
                <table class="table" id="executions">
                    <thead><tr><th>{ "Name" }</th><th>{ "Status" }</th><th>{ "Started" }</th><th>{ "End Time" }</th></tr></thead>
                    <tbody>
                        if executions.is_empty() { <tr><td colspan="4" class="empty">{ "No executions" }</td></tr> }
                        { for executions.iter().map(|e| html! {
                            <tr>
                                <td><Link<Route> to={Route::Execution { state_machine: e.state_machine.clone(), name: e.name.clone() }}>{ &e.name }</Link<Route>>
                                    if e.imported.is_some() { { " " }<span class="badge imported" title="Imported from AWS">{ "Imported" }</span> }</td>
                                <td><Status status={e.status.clone()} /></td>
                                <td>{ format_date(e.start_millis) }</td>
                                <td>{ e.stop_millis.map(format_date).unwrap_or_else(|| "-".into()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            }
            <crate::studio::mocks::MocksPanel machine={machine.clone()} on_save={on_save_mocks} />
            <div class="panel">
                <h2>{ "Definition" }</h2>
                <pre class="json">{ &machine.definition }</pre>
            </div>
            if *importing {
                <crate::execution::import_dialog::ImportDialog state_machine={machine.name.clone()}
                    on_close={{ let i = importing.clone(); Callback::from(move |()| i.set(false)) }} />
            }
            if *starting {
                <StartExecution on_cancel={{ let s = starting.clone(); Callback::from(move |()| s.set(false)) }} on_start={on_start}
                    initial_input={crate::share::page::shared_input(&machine.name).map(AttrValue::from)}
                    mock_test_cases={crate::driver::mock_test_cases(&machine)}
                    qualifiers={qualifiers(&machine)} initial_qualifier={(*start_on).clone()} />
            }
            if *publishing {
                <crate::pages::versions::PublishDialog machine={machine.clone()} on_close={{ let p = publishing.clone(); Callback::from(move |()| p.set(false)) }} />
            }
        </section>
    }
}

/// Says which account and region StepLab assumed when the definition calls functions named in
/// others: each runs as the workspace's function of the same name.
fn foreign_functions_notice(definition: &str, partition: &steplab_runner::Partition) -> Html {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(definition) else { return html! {} };
    let foreign = crate::export::refs::foreign_functions(&value, partition);
    if foreign.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice" id="foreign-functions">
            { format!(
                "StepLab runs this state machine in {} (account {}). The definition names functions in another account or region; each runs as this workspace's function of the same name: ",
                partition.region, partition.account
            ) }
            <code>{ foreign.join(", ") }</code>
        </div>
    }
}

/// The versions and aliases Start execution offers: (qualifier, label).
fn qualifiers(machine: &crate::store::StateMachine) -> Vec<(String, String)> {
    let mut versions: Vec<u32> = machine.versions.versions.iter().map(|v| v.number).collect();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    versions
        .into_iter()
        .map(|n| (n.to_string(), format!("Version {n}")))
        .chain(
            machine.versions.aliases.iter().map(|a| (a.name.clone(), format!("Alias {}", a.name))),
        )
        .collect()
}

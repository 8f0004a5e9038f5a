//! A Distributed Map's Map Run, as the console's Map Run Details page shows it: the Map Run
//! execution summary, the item processing status, and the child executions listed (filterable by
//! status, each linking to its own page). Redrive: AWS redrives a Map Run by redriving its parent
//! execution ("Redriving Map Runs"); the button here does that, as the execution page's Redrive
//! does (that the console's Map Run page has the button itself is not confirmed (verify)).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::modal::Modal;
use crate::components::status::Status;
use crate::execution::map_run::{MapRunView, find};
use crate::pages::format_date;
use crate::route::Route;
use crate::store::WorkspaceContext;

#[derive(Properties, PartialEq)]
pub struct MapRunProps {
    pub state_machine: AttrValue,
    pub name: AttrValue,
    pub id: AttrValue,
}

/// The statuses the Executions table filters by, with the console's labels.
const FILTERS: [(&str, &str); 5] = [
    ("RUNNING", "Running"),
    ("SUCCEEDED", "Succeeded"),
    ("FAILED", "Failed"),
    ("TIMED_OUT", "Timed out"),
    ("ABORTED", "Aborted"),
];

fn date(m: Option<i64>) -> String {
    m.map(format_date).unwrap_or_else(|| "-".into())
}

#[component]
pub fn MapRunPage(props: &MapRunProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let live_executions = use_context::<crate::execution::live::LiveContext>();
    let filter = use_state(|| None::<String>);
    let confirm = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let (sm, name) = (props.state_machine.to_string(), props.name.to_string());
    let trail = vec![
        ("Step Functions".into(), None),
        ("State machines".into(), Some(Route::StateMachines)),
        (props.state_machine.clone(), Some(Route::StateMachine { name: sm.clone() })),
        (
            format!("Execution: {name}").into(),
            Some(Route::Execution { state_machine: sm.clone(), name: name.clone() }),
        ),
        (format!("Map Run: {}", props.id).into(), None),
    ];
    let record = workspace.execution(&sm, &name);
    let Some((record, run)) = record.and_then(|r| Some((r, find(r, &props.id)?))) else {
        return html! { <section><Breadcrumbs {trail} />
            <div class="flash flash-error" role="alert">{ format!("Map Run Does Not Exist: '{}'", props.id) }</div>
        </section> };
    };
    let view = MapRunView::of(run);
    let live = live_executions.as_ref().is_some_and(|l| l.is_live(&record.arn));
    let parent = crate::execution::redrive::of(record, crate::driver::now_millis());
    // a Map Run that did not succeed is redriven with its parent, when the parent can be
    let redrivable = matches!(view.status.as_str(), "FAILED" | "ABORTED")
        && parent.status == steplab_asl::RedriveStatus::Redrivable
        && !live;
    let redrive_refused =
        live_executions.as_ref().and_then(|l| l.redrive_refused(&record.arn).map(str::to_owned));
    let on_redrive = {
        let (confirm, arn, problem, workspace) =
            (confirm.clone(), record.arn.clone(), problem.clone(), workspace.clone());
        Callback::from(move |_: MouseEvent| {
            confirm.set(false);
            match crate::driver::redrive(&workspace, workspace.dispatcher(), &arn) {
                Ok(()) => problem.set(None),
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            filter.set((!v.is_empty()).then_some(v));
        })
    };
    let rows = view.filtered(filter.as_deref());
    html! {
        <section class="map-run-page">
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1 id="map-run-id">{ &view.id }</h1>
                <div class="actions">
                    if redrivable {
                        <button class="button" id="redrive-map-run" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>{ "Redrive" }</button>
                    }
                </div>
            </div>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert" id="map-run-problem">{ p }</div> }
            if let Some(r) = &redrive_refused { <div class="flash flash-error" role="alert">{ r }</div> }
            <div class="panel">
                <h2>{ "Map Run execution summary" }</h2>
                <dl class="details" id="map-run-details">
                    <dt>{ "Map Run ARN" }</dt><dd id="map-run-arn">{ &view.arn }</dd>
                    <dt>{ "Status" }</dt><dd id="map-run-status"><Status status={view.status.clone()} /></dd>
                    <dt>{ "Parent execution" }</dt><dd>
                        <Link<Route> to={Route::Execution { state_machine: sm.clone(), name: name.clone() }}>{ &name }</Link<Route>>
                        { format!(" (state {})", view.state_name) }
                    </dd>
                    <dt>{ "Start time" }</dt><dd>{ date(view.start_millis) }</dd>
                    <dt>{ "End time" }</dt><dd>{ date(view.stop_millis) }</dd>
                    <dt>{ "Max concurrency" }</dt><dd id="map-run-max-concurrency">{ view.max_concurrency }</dd>
                    <dt>{ "Tolerated failure count" }</dt><dd id="map-run-tolerated-count">{ view.tolerated_failure_count }</dd>
                    <dt>{ "Tolerated failure percentage" }</dt><dd id="map-run-tolerated-percentage">{ format!("{}%", view.tolerated_failure_percentage) }</dd>
                    <dt>{ "Redrive count" }</dt><dd id="map-run-redrive-count">{ view.redrive_count }</dd>
                    <dt>{ "Redrive date" }</dt><dd id="map-run-redrive-date">{ date(view.redrive_millis) }</dd>
                </dl>
            </div>
            <div class="panel">
                <h2>{ "Item processing status" }</h2>
                <table class="table" id="map-run-item-counts">
                    <thead><tr>{ for view.item_counts.iter().map(|(label, _, _)| html! { <th>{ *label }</th> }) }</tr></thead>
                    <tbody><tr>{ for view.item_counts.iter().map(|(_, key, n)| html! { <td id={format!("item-count-{key}")}>{ n }</td> }) }</tr></tbody>
                </table>
            </div>
            <div class="panel">
                <h2>{ format!("Executions ({})", rows.len()) }</h2>
                <label>{ "Status " }
                    <select id="map-run-status-filter" onchange={on_filter}>
                        <option value="" selected={filter.is_none()}>{ "Any status" }</option>
                        { for FILTERS.iter().map(|(v, l)| html! { <option value={*v} selected={filter.as_deref() == Some(*v)}>{ *l }</option> }) }
                    </select>
                </label>
                <table class="table" id="map-run-executions">
                    <thead><tr><th>{ "Name" }</th><th>{ "Status" }</th><th>{ "Started" }</th><th>{ "End time" }</th></tr></thead>
                    <tbody>
                        { for rows.iter().map(|c| html! {
                            <tr data-status={c.status.clone()}>
                                <td><Link<Route> to={Route::MapRunExecution { state_machine: sm.clone(), name: name.clone(), id: view.id.clone(), child: c.name.clone() }}>{ &c.name }</Link<Route>></td>
                                <td><Status status={c.status.clone()} /></td>
                                <td>{ date(c.start_millis) }</td>
                                <td>{ date(c.stop_millis) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if *confirm {
                // StepLab's wording: the console's own dialog text is not confirmed
                <Modal title="Redrive Map Run" on_close={{ let c = confirm.clone(); Callback::from(move |()| c.set(false)) }}
                    footer={html! { <>
                        <button class="button" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }}>{ "Cancel" }</button>
                        <button class="button primary" id="redrive-map-run-confirm" onclick={on_redrive}>{ "Redrive" }</button>
                    </> }}>
                    <p>{ format!("Redrive the parent execution {name}? Its Map Run runs again only the child executions that failed, timed out, were aborted or never started; those that succeeded keep their results.") }</p>
                </Modal>
            }
        </section>
    }
}

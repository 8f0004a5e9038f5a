//! How much of the browser's storage the workspace uses: the storage used and the quota
//! (`navigator.storage.estimate()`), and the largest executions with Export and Delete. When
//! space runs short (over 80% of the quota) the console says so on every page, before a save can
//! fail.

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::store::{Action, ExecutionRecord, WorkspaceContext};

/// Past this share of the quota, space is running short.
const SHORT: f64 = 0.8;

/// How many of the largest executions are listed.
const LARGEST: usize = 5;

/// The storage used and the quota, in bytes, as the browser estimates them.
async fn estimate() -> Option<(f64, f64)> {
    let promise = web_sys::window()?.navigator().storage().estimate().ok()?;
    let value = JsFuture::from(promise).await.ok()?;
    let get = |k: &str| js_sys::Reflect::get(&value, &k.into()).ok().and_then(|v| v.as_f64());
    Some((get("usage")?, get("quota")?))
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_000_000.0)
}

/// An execution's number of events, whether its history is read or not.
fn event_count(e: &ExecutionRecord) -> usize {
    e.unread.unwrap_or(e.events.len())
}

#[derive(Properties, PartialEq)]
pub struct StorageUsageProps {
    /// Shown only when space runs short (the banner every page has), or always (the home page).
    #[prop_or_default]
    pub only_when_short: bool,
}

#[component]
pub fn StorageUsage(props: &StorageUsageProps) -> Html {
    let workspace = use_context::<WorkspaceContext>();
    let usage = use_state(|| None::<(f64, f64)>);
    let problem = use_state(|| None::<String>);
    // estimated again when the workspace changes
    let executions = workspace.as_ref().map_or(0, |w| w.executions.len());
    {
        let usage = usage.clone();
        use_effect_with(executions, move |_| {
            wasm_bindgen_futures::spawn_local(async move { usage.set(estimate().await) });
        });
    }
    let Some(workspace) = workspace else { return Html::default() };
    let short = usage.is_some_and(|(used, quota)| quota > 0.0 && used / quota > SHORT);
    if props.only_when_short && !short {
        return Html::default();
    }
    let mut largest: Vec<&ExecutionRecord> = workspace.executions.iter().collect();
    largest.sort_by_key(|e| std::cmp::Reverse(event_count(e)));
    largest.truncate(LARGEST);
    let rows = largest.into_iter().map(|e| {
        let export = {
            let (workspace, arn, problem) = (workspace.clone(), e.arn.clone(), problem.clone());
            Callback::from(move |_: MouseEvent| {
                let (workspace, arn, problem) = (workspace.clone(), arn.clone(), problem.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(record) = workspace.executions.iter().find(|r| r.arn == arn) else {
                        return;
                    };
                    let mut record = record.clone();
                    if record.unread.is_some() {
                        match crate::storage::load::read_history(&arn).await {
                            Ok((events, stages)) => {
                                record.events = events;
                                record.stages = stages;
                            }
                            Err(e) => return problem.set(Some(e)),
                        }
                    }
                    let machine = workspace.partition.state_machine_arn(&record.state_machine);
                    let doc = crate::execution::export::export(&record, &machine);
                    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                    let name = format!("{}.json", record.name);
                    if let Err(e) = crate::execution::files::download(&name, &text, "application/json") {
                        problem.set(Some(e));
                    }
                });
            })
        };
        let delete = {
            let (workspace, arn) = (workspace.clone(), e.arn.clone());
            Callback::from(move |_: MouseEvent| {
                workspace.dispatch(Action::DeleteExecution(arn.clone()));
            })
        };
        let running = e.status == "RUNNING";
        html! {
            <tr class="storage-execution" data-arn={e.arn.clone()}>
                <td>{ format!("{} › {}", e.state_machine, e.name) }</td>
                <td>{ format!("{} events", event_count(e)) }</td>
                <td>
                    <button class="button" onclick={export}>{ "Export" }</button>
                    <button class="button" disabled={running} title={if running { "Stop it first" } else { "" }} onclick={delete}>{ "Delete" }</button>
                </td>
            </tr>
        }
    });
    let text = match *usage {
        Some((used, quota)) => format!(
            "Storage used: {} of {} ({:.0}%)",
            megabytes(used),
            megabytes(quota),
            if quota > 0.0 { used / quota * 100.0 } else { 0.0 }
        ),
        None => "Storage used: unknown (the browser does not say)".into(),
    };
    html! {
        <div class={classes!("panel", "storage-usage", short.then_some("flash-error"))} id="storage-usage" role={short.then_some("alert")}>
            <h2>{ "Storage" }</h2>
            <p id="storage-used">{ text }</p>
            if short {
                <p><strong>{ "Space is running short: export or delete executions you no longer need before a save fails." }</strong></p>
            }
            if let Some(p) = &*problem { <p class="error">{ p }</p> }
            if !workspace.executions.is_empty() {
                <table class="table" id="largest-executions">
                    <thead><tr><th>{ "Largest executions" }</th><th>{ "Size" }</th><th>{ "" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </div>
    }
}

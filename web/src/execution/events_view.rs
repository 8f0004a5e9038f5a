//! The event history table: ID, Type, Step, Resource, Started after, Date and time; each row opens
//! on its details; filtered by type and text; paginated (a history holds up to 25,000 events).

use serde_json::Value;
use yew::prelude::*;

use crate::execution::history;
use crate::execution::view::SharedView;
use crate::pages::{format_date, input_value};

/// Rows per page.
pub const PAGE_SIZE: usize = 100;

/// The indexes of `events` of type `kind` (all when empty) whose JSON contains `text` (any case).
pub fn filter(events: &[Value], kind: &str, text: &str) -> Vec<usize> {
    let text = text.to_lowercase();
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| kind.is_empty() || history::kind(e) == kind)
        .filter(|(_, e)| text.is_empty() || e.to_string().to_lowercase().contains(&text))
        .map(|(i, _)| i)
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct EventsViewProps {
    pub view: SharedView,
    pub start_millis: i64,
    /// Moves the debugger's cursor to just after this event (its index).
    pub on_go_to: Callback<usize>,
}

#[component]
pub fn EventsView(props: &EventsViewProps) -> Html {
    let open = use_state(Vec::<u64>::new);
    let kind = use_state(String::new);
    let text = use_state(String::new);
    let page = use_state(|| 0usize);
    let types = use_memo(props.view.all.clone(), |all| history::types(&all.events()));
    let all = props.view.all.events();
    let shown = filter(&all, &kind, &text);
    let pages = shown.len().div_ceil(PAGE_SIZE).max(1);
    let current = (*page).min(pages - 1);
    // the step (state) each event belongs to
    let timeline = &props.view.timeline;
    let step_of = |i: usize| {
        timeline.event_visit.get(i).copied().flatten().map(|v| timeline.visits[v].state.clone())
    };
    let on_kind = {
        let (kind, page) = (kind.clone(), page.clone());
        Callback::from(move |e: Event| {
            kind.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
            page.set(0);
        })
    };
    let on_text = {
        let (text, page) = (text.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            text.set(input_value(&e));
            page.set(0);
        })
    };
    let start = props.start_millis;
    html! {
        <div class="panel" id="events-panel">
            <h2>{ format!("Events ({})", all.len()) }</h2>
            <div class="filters">
                <select id="events-type" aria-label="Event type" onchange={on_kind}>
                    <option value="" selected={kind.is_empty()}>{ "All event types" }</option>
                    { for types.iter().map(|t| html! { <option value={t.clone()} selected={*kind == *t}>{ t }</option> }) }
                </select>
                <input type="search" id="events-filter" aria-label="Filter events" placeholder="Filter events" value={(*text).clone()} oninput={on_text} />
                <span class="hint">{ format!("{} of {} events", shown.len(), all.len()) }</span>
                <crate::components::pager::Pager id="events-page" {current} {pages} on_page={{ let page = page.clone(); Callback::from(move |p| page.set(p)) }} />
            </div>
            <table class="table events" id="events">
                <thead><tr><th>{ "ID" }</th><th>{ "Type" }</th><th>{ "Step" }</th><th>{ "Resource" }</th><th>{ "Started after" }</th><th>{ "Date and time" }</th></tr></thead>
                <tbody>
                    { for shown.iter().skip(current * PAGE_SIZE).take(PAGE_SIZE).map(|&i| {
                        let e = &all[i];
                        let id = history::id(e);
                        let kind = history::kind(e).to_owned();
                        let resource = history::detail(e, "resource").map(|r| match history::detail(e, "resourceType") {
                            Some(t) => format!("{t}:{r}"),
                            None => r.to_owned(),
                        }).unwrap_or_default();
                        let millis = history::event_millis(e).unwrap_or(start);
                        let is_open = open.contains(&id);
                        let future = i >= props.view.upto;
                        let current_event = i + 1 == props.view.upto && props.view.is_past();
                        let toggle = { let open = open.clone(); Callback::from(move |_: MouseEvent| { let mut v = (*open).clone(); if let Some(p) = v.iter().position(|x| *x == id) { v.remove(p); } else { v.push(id); } open.set(v); }) };
                        let go_to = props.on_go_to.reform(move |_: MouseEvent| i);
                        html! {
                            <>
                                <tr class={classes!("event-row", future.then_some("future"), current_event.then_some("current"), history::is_failure(&kind).then_some("failure"))} data-type={kind.clone()}>
                                    <td><button class="icon-button" aria-expanded={is_open.to_string()} aria-label={format!("Details of event {id}")} onclick={toggle}>{ if is_open { "▾" } else { "▸" } }</button>{ id }</td>
                                    <td>{ &kind }</td><td>{ step_of(i).unwrap_or_default() }</td><td>{ resource }</td>
                                    <td>{ format!("{} ms", millis - start) }</td>
                                    <td>{ format_date(millis) }<button class="link time-travel" title="Show the execution as it was at this event" aria-label={format!("Go to event {id}")} onclick={go_to}>{ "Go to" }</button></td>
                                </tr>
                                if is_open {
                                    <tr class="event-details"><td colspan="6"><pre class="json">{ serde_json::to_string_pretty(e).unwrap_or_default() }</pre></td></tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_by_type_and_text() {
        let events = vec![
            json!({"id": 1, "type": "ExecutionStarted", "executionStartedEventDetails": {"input": "{\"Key\":1}"}}),
            json!({"id": 2, "type": "PassStateEntered", "stateEnteredEventDetails": {"name": "A"}}),
            json!({"id": 3, "type": "PassStateExited", "stateExitedEventDetails": {"name": "A"}}),
        ];
        assert_eq!(filter(&events, "", ""), [0, 1, 2]);
        assert_eq!(filter(&events, "PassStateExited", ""), [2]);
        assert_eq!(filter(&events, "", "key"), [0]);
        assert_eq!(filter(&events, "PassStateEntered", "\"a\""), [1]);
    }
}

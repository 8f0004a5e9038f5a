//! The Table view: one row per state run (name, type, status, resource, duration, timeline),
//! sortable by any column and filtered by text and status.

use yew::prelude::*;

use crate::execution::events_view::PAGE_SIZE;
use crate::execution::state_panel::{duration_text, status_class};
use crate::execution::view::SharedView;
use crate::execution::visits::Visit;
use crate::pages::input_value;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Name,
    Type,
    Status,
    Resource,
    Started,
    Duration,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::Name,
        Column::Type,
        Column::Status,
        Column::Resource,
        Column::Started,
        Column::Duration,
    ];

    fn title(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Type => "Type",
            Column::Status => "Status",
            Column::Resource => "Resource",
            Column::Started => "Started after",
            Column::Duration => "Duration",
        }
    }
}

/// The row order of `visits` sorted by `column` (`ascending` or not), filtered by `text` (in the
/// name, type, status or resource, any case) and `status` (a status label, or empty for all).
pub fn rows(
    visits: &[Visit],
    column: Column,
    ascending: bool,
    text: &str,
    status: &str,
) -> Vec<usize> {
    let text = text.to_lowercase();
    let mut out: Vec<usize> = visits
        .iter()
        .enumerate()
        .filter(|(_, v)| status.is_empty() || v.status.label() == status)
        .filter(|(_, v)| {
            text.is_empty()
                || [
                    v.state.as_str(),
                    v.state_type.as_str(),
                    v.status.label(),
                    v.resource.as_deref().unwrap_or(""),
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&text))
        })
        .map(|(i, _)| i)
        .collect();
    out.sort_by(|&a, &b| {
        let (x, y) = (&visits[a], &visits[b]);
        let o = match column {
            Column::Name => x.state.cmp(&y.state),
            Column::Type => x.state_type.cmp(&y.state_type),
            Column::Status => x.status.label().cmp(y.status.label()),
            Column::Resource => x.resource.cmp(&y.resource),
            Column::Started => x.start_millis.cmp(&y.start_millis),
            Column::Duration => x.duration_millis().cmp(&y.duration_millis()),
        };
        let o = o.then(a.cmp(&b));
        if ascending { o } else { o.reverse() }
    });
    out
}

#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    pub view: SharedView,
    pub start_millis: i64,
    pub on_select: Callback<String>,
}

#[component]
pub fn TableView(props: &TableViewProps) -> Html {
    let sort = use_state(|| (Column::Started, true));
    let text = use_state(String::new);
    let status = use_state(String::new);
    let page = use_state(|| 0usize);
    let t = &props.view.timeline;
    let order = rows(&t.visits, sort.0, sort.1, &text, &status);
    // a Map of thousands of items runs thousands of states: they are shown a page at a time
    let pages = order.len().div_ceil(PAGE_SIZE).max(1);
    let current = (*page).min(pages - 1);
    let span_end = t
        .visits
        .iter()
        .filter_map(|v| v.end_millis)
        .chain(t.visits.iter().map(|v| v.start_millis))
        .max()
        .unwrap_or(props.start_millis);
    #[allow(clippy::cast_precision_loss)]
    let span = (span_end - props.start_millis).max(1) as f64;
    let header = |c: Column| {
        let (current, ascending) = *sort;
        let sort = sort.clone();
        let active = current == c;
        let aria = if active { if ascending { "ascending" } else { "descending" } } else { "none" };
        let onclick = Callback::from(move |_: MouseEvent| {
            let asc = if sort.0 == c { !sort.1 } else { true };
            sort.set((c, asc));
        });
        html! { <th aria-sort={aria}><button class="sort" {onclick}>{ c.title() }{ if active { if ascending { " ▲" } else { " ▼" } } else { "" } }</button></th> }
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(input_value(&e)))
    };
    let on_status = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            status.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        })
    };
    html! {
        <div class="table-view">
            <div class="filters">
                <input type="search" id="table-filter" aria-label="Filter states" placeholder="Filter by name, type, status or resource" value={(*text).clone()} oninput={on_text} />
                <select id="table-status" aria-label="Status" onchange={on_status}>
                    <option value="" selected={status.is_empty()}>{ "Any status" }</option>
                    { for ["In progress", "Succeeded", "Failed", "Caught error", "Cancelled"].iter().map(|s| html! { <option value={*s} selected={*status == *s}>{ *s }</option> }) }
                </select>
                <span class="hint">{ format!("{} of {} state runs", order.len(), t.visits.len()) }</span>
                <crate::components::pager::Pager id="table-page" {current} {pages} on_page={{ let page = page.clone(); Callback::from(move |p| page.set(p)) }} />
            </div>
            <table class="table" id="table-view">
                <thead><tr>{ for Column::ALL.iter().map(|c| header(*c)) }<th>{ "Timeline" }</th></tr></thead>
                <tbody>
                    { for order.iter().skip(current * PAGE_SIZE).take(PAGE_SIZE).map(|&i| {
                        let v = &t.visits[i];
                        let path = t.thread_path(v.thread);
                        #[allow(clippy::cast_precision_loss)]
                        let left = (v.start_millis - props.start_millis) as f64 / span * 100.0;
                        #[allow(clippy::cast_precision_loss)]
                        let width = (v.duration_millis().unwrap_or(0) as f64 / span * 100.0).max(0.5);
                        let select = { let name = v.state.clone(); props.on_select.reform(move |_: MouseEvent| name.clone()) };
                        html! {
                            <tr class="state-row" data-state={v.state.clone()} data-status={v.status.label()}>
                                <td><button class="link" onclick={select}>{ &v.state }</button>
                                    if !path.is_empty() { <div class="hint">{ path }</div> }</td>
                                <td>{ &v.state_type }</td>
                                <td><span class={format!("state-text-{}", status_class(v.status))}>{ v.status.label() }</span></td>
                                <td>{ v.resource.clone().unwrap_or_else(|| "-".into()) }</td>
                                <td>{ duration_text(v.start_millis - props.start_millis) }</td>
                                <td>{ v.duration_millis().map(duration_text).unwrap_or_else(|| "-".into()) }</td>
                                <td class="timeline-cell"><div class={format!("timeline-bar state-{}", status_class(v.status))} style={format!("margin-left:{left:.2}%;width:{width:.2}%")} /></td>
                            </tr>
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
    use crate::execution::visits::Timeline;
    use serde_json::json;
    use steplab_asl::TaskOutcome;

    #[test]
    fn sorts_and_filters() {
        let def = json!({"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "A"}, "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}});
        let (events, status) = crate::execution::visits::tests::run(&def, json!({}), |_| {
            TaskOutcome::Succeeded(json!(1))
        });
        let t = Timeline::new(&events, &status);
        let names =
            |o: Vec<usize>| o.iter().map(|&i| t.visits[i].state.clone()).collect::<Vec<_>>();
        assert_eq!(names(rows(&t.visits, Column::Started, true, "", "")), ["B", "A"]);
        assert_eq!(names(rows(&t.visits, Column::Name, true, "", "")), ["A", "B"]);
        assert_eq!(names(rows(&t.visits, Column::Name, false, "", "")), ["B", "A"]);
        assert_eq!(names(rows(&t.visits, Column::Started, true, "LAMBDA", "")), ["A"]);
        assert_eq!(
            names(rows(&t.visits, Column::Started, true, "", "Failed")),
            Vec::<String>::new()
        );
        assert_eq!(names(rows(&t.visits, Column::Started, true, "", "Succeeded")), ["B", "A"]);
    }
}

//! The execution page's Trace tab (tracing on in Config mode): the timeline of
//! [`super::trace::segments`], one row per segment, its bar placed on the execution's time.

use yew::prelude::*;

use super::trace::{Kind, Mark, Segment};

#[derive(Properties, PartialEq)]
pub struct TraceViewProps {
    pub segments: Vec<Segment>,
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Execution => "AWS::StepFunctions::StateMachine",
        Kind::State => "State",
        Kind::Function => "AWS::Lambda::Function",
        Kind::Initialization | Kind::Invocation | Kind::Overhead => "Subsegment",
    }
}

fn mark(mark: Mark) -> Option<&'static str> {
    match mark {
        Mark::Ok => None,
        Mark::Error => Some("Error"),
        Mark::Fault => Some("Fault"),
        Mark::Throttle => Some("Throttle"),
    }
}

#[component]
pub fn TraceView(props: &TraceViewProps) -> Html {
    let mut rows = props.segments.clone();
    rows.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms).then(a.depth.cmp(&b.depth)));
    let total = rows.iter().map(|s| s.end_ms).fold(1.0_f64, f64::max);
    html! {
        <table class="table trace" id="execution-trace">
            <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Duration" }</th><th>{ "Status" }</th><th class="trace-timeline">{ "Timeline" }</th></tr></thead>
            <tbody>
                { for rows.iter().map(|s| {
                    let left = s.start_ms / total * 100.0;
                    let width = ((s.end_ms - s.start_ms) / total * 100.0).max(0.3);
                    let status = mark(s.mark);
                    html! {
                        <tr class={classes!("trace-row", format!("depth-{}", s.depth), status.map(str::to_lowercase))} data-kind={format!("{:?}", s.kind)}>
                            <td style={format!("padding-left: {}em", s.depth)}>{ &s.name }</td>
                            <td>{ label(s.kind) }</td>
                            <td class="nowrap">{ format!("{:.1} ms", s.end_ms - s.start_ms) }</td>
                            <td>{ status.unwrap_or("OK") }</td>
                            <td class="trace-timeline"><div class="trace-bar" style={format!("margin-left: {left:.2}%; width: {width:.2}%")}></div></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

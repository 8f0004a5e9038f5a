//! Execution status as the console shows it: an icon-coloured label.

use yew::prelude::*;

/// The console's label for an execution status.
pub fn label(status: &str) -> &'static str {
    match status {
        "RUNNING" => "Running",
        "SUCCEEDED" => "Succeeded",
        "FAILED" => "Failed",
        "TIMED_OUT" => "Timed out",
        "ABORTED" => "Aborted",
        _ => "Unknown",
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub status: AttrValue,
}

#[component]
pub fn Status(props: &StatusProps) -> Html {
    let class = format!("status status-{}", props.status.to_ascii_lowercase().replace('_', "-"));
    html! { <span class={class}>{ label(&props.status) }</span> }
}

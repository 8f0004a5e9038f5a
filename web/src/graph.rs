//! The graph of a state machine, coloured by what an execution did, as the console's Graph view shows it.

use serde_json::Value;
use yew::prelude::*;

/// How a state fared in an execution (the console's legend).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateStatus {
    NotRun,
    InProgress,
    Succeeded,
    Failed,
    CaughtError,
    Cancelled,
}

impl StateStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::NotRun => "Not run",
            Self::InProgress => "In progress",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::CaughtError => "Caught error",
            Self::Cancelled => "Cancelled",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::NotRun => "not-run",
            Self::InProgress => "in-progress",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::CaughtError => "caught-error",
            Self::Cancelled => "cancelled",
        }
    }
}

fn event_state_name<'a>(event: &'a Value, details: &str) -> Option<&'a str> {
    crate::execution::history::member(event, details)?.get("name")?.as_str()
}

/// The status of each named state after `events` (GetExecutionHistory's shape); `execution_status` is the
/// execution's (`RUNNING`, `FAILED`, …).
pub fn statuses(events: &[Value], execution_status: &str) -> Vec<(String, StateStatus)> {
    let mut out: Vec<(String, StateStatus)> = Vec::new();
    let mut current: Option<&str> = None;
    for event in events {
        let kind = crate::execution::history::kind(event);
        if kind.ends_with("StateEntered") {
            if let Some(name) = event_state_name(event, "stateEnteredEventDetails") {
                current = Some(name);
                set(&mut out, name, StateStatus::InProgress);
            }
        } else if kind.ends_with("StateExited") {
            if let Some(name) = event_state_name(event, "stateExitedEventDetails") {
                let caught = out.iter().any(|(n, s)| n == name && *s == StateStatus::CaughtError);
                set(
                    &mut out,
                    name,
                    if caught { StateStatus::CaughtError } else { StateStatus::Succeeded },
                );
                current = None;
            }
        } else if (kind.ends_with("Failed") || kind.ends_with("TimedOut"))
            && let Some(name) = current
        {
            set(&mut out, name, StateStatus::CaughtError);
        }
    }
    // a state still open when the execution ended is where it failed, or was stopped
    if let Some(name) = current {
        let status = match execution_status {
            "RUNNING" => StateStatus::InProgress,
            "ABORTED" => StateStatus::Cancelled,
            _ => StateStatus::Failed,
        };
        set(&mut out, name, status);
    }
    out
}

fn set(out: &mut Vec<(String, StateStatus)>, name: &str, status: StateStatus) {
    match out.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = status,
        None => out.push((name.to_owned(), status)),
    }
}

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub definition: AttrValue,
    #[prop_or_default]
    pub events: crate::execution::event_log::EventLog,
    #[prop_or_default]
    pub execution_status: Option<AttrValue>,
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    #[prop_or_default]
    pub on_select: Callback<String>,
}

/// The graph: Start, the states laid out top to bottom ([`crate::studio::layout`]), End.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    // computed again only when the events or the status changed
    let statuses =
        use_memo((props.events.clone(), props.execution_status.clone()), |(events, status)| {
            status.as_ref().map(|s| statuses(&events.events(), s))
        });
    let Ok(definition) = serde_json::from_str::<Value>(&props.definition) else {
        return html! { <div class="graph graph-empty">{ "The definition is not valid JSON, so the graph cannot be drawn." }</div> };
    };
    let Some(laid) = crate::studio::layout::layout(&definition) else {
        return html! { <div class="graph graph-empty">{ "The definition is not a JSON object, so the graph cannot be drawn." }</div> };
    };
    // with an execution, every state has a status: those not met yet are "Not run"
    let shown: Vec<(String, &'static str, &'static str)> = match &*statuses {
        None => Vec::new(),
        Some(list) => laid
            .nodes
            .iter()
            .map(|n| {
                let s = list
                    .iter()
                    .find(|(name, _)| *name == n.state.name)
                    .map_or(StateStatus::NotRun, |(_, s)| *s);
                (n.state.name.clone(), s.label(), s.class())
            })
            .collect(),
    };
    let on_select = props.on_select.reform(|s: crate::studio::edit::StateRef| s.name);
    html! {
        <div class="graph">
            <crate::studio::canvas::Canvas layout={std::rc::Rc::new(laid)} statuses={shown}
                selected={props.selected.as_ref().map(ToString::to_string)} {on_select} />
            if props.execution_status.is_some() {
                <ul class="graph-legend">
                    { for [StateStatus::InProgress, StateStatus::Succeeded, StateStatus::Failed, StateStatus::CaughtError, StateStatus::Cancelled, StateStatus::NotRun].iter().map(|s| html! {
                        <li class={format!("legend state-{}", s.class())}>{ s.label() }</li>
                    }) }
                </ul>
            }
        </div>
    }
}

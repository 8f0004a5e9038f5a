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

/// A state of the top level of a definition, in the order a reader meets them from `StartAt`.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: String,
    pub next: Vec<String>,
}

/// The top-level states of `definition` in traversal order; unreachable states come last.
pub fn nodes(definition: &Value) -> Vec<Node> {
    let Some(states) = definition.get("States").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut order: Vec<String> = Vec::new();
    let mut queue: std::collections::VecDeque<String> =
        definition.get("StartAt").and_then(Value::as_str).map(str::to_owned).into_iter().collect();
    while let Some(name) = queue.pop_front() {
        if order.contains(&name) || !states.contains_key(&name) {
            continue;
        }
        order.push(name.clone());
        queue.extend(targets(&states[&name]));
    }
    for name in states.keys() {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    order
        .into_iter()
        .map(|name| {
            let state = &states[&name];
            Node {
                kind: state.get("Type").and_then(Value::as_str).unwrap_or("?").to_owned(),
                next: targets(state),
                name,
            }
        })
        .collect()
}

fn targets(state: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str)
            && !out.iter().any(|o| o == s)
        {
            out.push(s.to_owned());
        }
    };
    push(state.get("Next"));
    if let Some(choices) = state.get("Choices").and_then(Value::as_array) {
        for c in choices {
            push(c.get("Next"));
        }
    }
    push(state.get("Default"));
    if let Some(catchers) = state.get("Catch").and_then(Value::as_array) {
        for c in catchers {
            push(c.get("Next"));
        }
    }
    out
}

fn event_state_name<'a>(event: &'a Value, details: &str) -> Option<&'a str> {
    event.get(details)?.get("name")?.as_str()
}

/// The status of each named state after `events` (GetExecutionHistory's shape); `execution_status` is the
/// execution's (`RUNNING`, `FAILED`, …).
pub fn statuses(events: &[Value], execution_status: &str) -> Vec<(String, StateStatus)> {
    let mut out: Vec<(String, StateStatus)> = Vec::new();
    let mut current: Option<String> = None;
    for event in events {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        if kind.ends_with("StateEntered") {
            if let Some(name) = event_state_name(event, "stateEnteredEventDetails") {
                current = Some(name.to_owned());
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
            && let Some(name) = &current
        {
            let name = name.clone();
            set(&mut out, &name, StateStatus::CaughtError);
        }
    }
    // a state still open when the execution ended is where it failed, or was stopped
    if let Some(name) = current {
        let status = match execution_status {
            "RUNNING" => StateStatus::InProgress,
            "ABORTED" => StateStatus::Cancelled,
            _ => StateStatus::Failed,
        };
        set(&mut out, &name, status);
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
    pub events: Vec<Value>,
    #[prop_or_default]
    pub execution_status: Option<AttrValue>,
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    #[prop_or_default]
    pub on_select: Callback<String>,
}

/// The graph: Start, the states top to bottom, End.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    let Ok(definition) = serde_json::from_str::<Value>(&props.definition) else {
        return html! { <div class="graph graph-empty">{ "The definition is not valid JSON, so the graph cannot be drawn." }</div> };
    };
    let nodes = nodes(&definition);
    let statuses =
        props.execution_status.as_ref().map(|s| statuses(&props.events, s)).unwrap_or_default();
    let status_of = |name: &str| statuses.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
    html! {
        <div class="graph" role="list" aria-label="Graph view">
            <div class="graph-terminal">{ "Start" }</div>
            if nodes.is_empty() {
                <div class="graph-arrow" />
                <div class="graph-drop">{ "Drag first state here" }</div>
            }
            { for nodes.iter().map(|node| {
                let status = status_of(&node.name).or(props.execution_status.as_ref().map(|_| StateStatus::NotRun));
                let class = classes!(
                    "graph-node",
                    status.map(|s| format!("state-{}", s.class())),
                    (props.selected.as_deref() == Some(node.name.as_str())).then_some("selected"),
                );
                let on_click = { let name = node.name.clone(); props.on_select.reform(move |_: MouseEvent| name.clone()) };
                html! {
                    <>
                        <div class="graph-arrow" />
                        <button class={class} role="listitem" data-state={node.name.clone()} data-status={status.map(StateStatus::label)} onclick={on_click}>
                            <span class="node-name">{ &node.name }</span>
                            <span class="node-kind">{ &node.kind }</span>
                        </button>
                    </>
                }
            }) }
            <div class="graph-arrow" />
            <div class="graph-terminal">{ "End" }</div>
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

//! The graph of a state machine, coloured by what an execution did, as the console's Graph view shows it.

use std::rc::Rc;

use serde_json::Value;
use steplab_layout::{Layout, TextLayout};
use yew::prelude::*;

/// A definition's graph as the page holds it: laid out (shared), or why not. Compared by identity: a
/// layout is never changed once made, and a 3,500-state one is not compared field by field at each render.
#[derive(Clone, Debug)]
pub enum Drawing {
    NotJson,
    NotObject,
    Laid(Rc<Layout>),
}

impl PartialEq for Drawing {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::NotJson, Self::NotJson) | (Self::NotObject, Self::NotObject) => true,
            (Self::Laid(a), Self::Laid(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl From<TextLayout> for Drawing {
    fn from(laid: TextLayout) -> Self {
        match laid {
            TextLayout::NotJson => Self::NotJson,
            TextLayout::NotObject => Self::NotObject,
            TextLayout::Laid(l) => Self::Laid(Rc::new(l)),
        }
    }
}

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

/// The graph: Start, the states laid out top to bottom ([`steplab_layout`]), End. The execution
/// pages lay out their definition here, once per definition.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    // computed again only when the events or the status changed
    let statuses =
        use_memo((props.events.clone(), props.execution_status.clone()), |(events, status)| {
            status.as_ref().map(|s| statuses(&events.events(), s))
        });
    let drawing =
        use_memo(props.definition.clone(), |d| Drawing::from(steplab_layout::layout_text(d)));
    let laid = match &*drawing {
        Drawing::Laid(l) => l.clone(),
        other => return not_drawn(other),
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
    let on_select = props.on_select.reform(|s: steplab_layout::StateRef| s.name);
    html! {
        <div class="graph">
            <crate::studio::canvas::Canvas layout={laid} statuses={shown}
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

/// Why a definition has no graph.
fn not_drawn(drawing: &Drawing) -> Html {
    let why = match drawing {
        Drawing::NotJson => "The definition is not valid JSON, so the graph cannot be drawn.",
        _ => "The definition is not a JSON object, so the graph cannot be drawn.",
    };
    html! { <div class="graph graph-empty">{ why }</div> }
}

#[derive(Properties, PartialEq)]
pub struct LaidGraphProps {
    /// The graph as the execution Worker laid it out (the last answer; `None` before the first).
    pub drawing: Option<Drawing>,
    /// Who laid it out: the Worker, or the page when the Worker did not answer.
    #[prop_or(true)]
    pub by_worker: bool,
}

/// Code mode's graph: a layout made off the page's thread, drawn as it is (the page lays nothing out).
#[component]
pub fn LaidGraph(props: &LaidGraphProps) -> Html {
    let laid_by = if props.by_worker { "worker" } else { "page" };
    match &props.drawing {
        None => {
            html! { <div class="graph graph-empty" role="status">{ "Laying out the graph…" }</div> }
        }
        Some(Drawing::Laid(laid)) => html! {
            <div class="graph" data-laid-by={laid_by}>
                <crate::studio::canvas::Canvas layout={laid.clone()} />
            </div>
        },
        Some(other) => not_drawn(other),
    }
}

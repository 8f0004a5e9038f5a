//! The execution as the page shows it at the debugger's cursor: the events up to it and their view
//! model, shared by the graph, the table, the state panel and the events.

use std::cell::Ref;
use std::rc::Rc;

use serde_json::Value;

use crate::execution::event_log::EventLog;
use crate::execution::visits::Timeline;

/// The execution at one event of its history.
#[derive(Debug)]
pub struct View {
    /// Every event recorded.
    pub all: EventLog,
    /// How many events are shown (all of them unless the debugger's cursor is back in time).
    pub upto: usize,
    /// The execution's status at that event (`RUNNING` before its last event).
    pub status: String,
    pub timeline: Timeline,
}

impl View {
    /// The view of `all` events up to `upto` (clamped); `final_status` is the execution's now.
    pub fn new(all: EventLog, upto: Option<usize>, final_status: &str) -> View {
        let upto = upto.map_or(all.len(), |u| u.min(all.len()));
        let status = if upto == all.len() { final_status.to_owned() } else { "RUNNING".to_owned() };
        let timeline = Timeline::new(&all.events()[..upto], &status);
        View { all, upto, status, timeline }
    }

    /// The events shown.
    pub fn events(&self) -> Ref<'_, [Value]> {
        Ref::map(self.all.events(), |e| &e[..self.upto])
    }

    /// The events shown, as a log of their own.
    pub fn shown(&self) -> EventLog {
        self.all.prefix(self.upto)
    }

    /// Whether the view is back in time.
    pub fn is_past(&self) -> bool {
        self.upto < self.all.len()
    }
}

/// A [`View`] passed to components, compared by identity (a new view is a new value).
#[derive(Clone, Debug)]
pub struct SharedView(pub Rc<View>);

impl PartialEq for SharedView {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedView {
    type Target = View;
    fn deref(&self) -> &View {
        &self.0
    }
}

//! An execution's event history as the page holds it: appended while the run goes on, and shared,
//! not copied, by every record and view that shows it.
//!
//! Each [`EventLog`] value is a snapshot: the first `len` events of a buffer that only ever grows.
//! Appending to a snapshot whose end is the buffer's end grows the buffer in place (the older
//! snapshots still see exactly their events); appending to an older snapshot, or truncating a
//! shared one, copies its events first. So a clone costs nothing, two snapshots of one buffer
//! compare by length, and the 25,000 events of a long run are never copied while it runs.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The first `len` events of a shared, append-only buffer.
#[derive(Clone, Default)]
pub struct EventLog {
    buffer: Rc<RefCell<Vec<Value>>>,
    len: usize,
}

impl EventLog {
    /// A log of `events`.
    pub fn new(events: Vec<Value>) -> Self {
        let len = events.len();
        Self { buffer: Rc::new(RefCell::new(events)), len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The events. Held only while reading: the log is appended to between renders, never during.
    pub fn events(&self) -> Ref<'_, [Value]> {
        Ref::map(self.buffer.borrow(), |b| &b[..self.len])
    }

    /// The last event.
    pub fn last(&self) -> Option<Value> {
        self.events().last().cloned()
    }

    /// Makes this snapshot the only one whose end is the buffer's end, copying when another
    /// snapshot of the same buffer has already grown it.
    fn own_end(&mut self) {
        if self.buffer.borrow().len() != self.len {
            let copy = self.events().to_vec();
            self.buffer = Rc::new(RefCell::new(copy));
        }
    }

    /// The snapshot of the first `len` events (all of them when there are fewer).
    #[must_use]
    pub fn prefix(&self, len: usize) -> Self {
        Self { buffer: Rc::clone(&self.buffer), len: len.min(self.len) }
    }

    /// Appends `events`.
    pub fn extend(&mut self, events: impl IntoIterator<Item = Value>) {
        self.own_end();
        let mut buffer = self.buffer.borrow_mut();
        buffer.extend(events);
        self.len = buffer.len();
    }

    pub fn push(&mut self, event: Value) {
        self.extend([event]);
    }

    /// Keeps the first `len` events (the debugger can step back to a hold).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let copy = self.events()[..len].to_vec();
        *self = Self::new(copy);
    }
}

impl PartialEq for EventLog {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && (Rc::ptr_eq(&self.buffer, &other.buffer) || *self.events() == *other.events())
    }
}

impl std::fmt::Debug for EventLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EventLog({} events)", self.len)
    }
}

impl From<Vec<Value>> for EventLog {
    fn from(events: Vec<Value>) -> Self {
        Self::new(events)
    }
}

impl Serialize for EventLog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.events().iter())
    }
}

impl<'de> Deserialize<'de> for EventLog {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Value>::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snapshots_keep_their_events_while_the_log_grows() {
        let mut live = EventLog::new(vec![json!(1)]);
        let earlier = live.clone();
        live.extend([json!(2), json!(3)]);
        assert_eq!(*earlier.events(), [json!(1)]);
        assert_eq!(*live.events(), [json!(1), json!(2), json!(3)]);
        assert!(Rc::ptr_eq(&earlier.buffer, &live.buffer), "appending at the end copies nothing");
        assert_ne!(earlier, live);
        assert_eq!(live, live.clone());
        // an older snapshot that is appended to gets its own copy: the newer one is unchanged
        let mut fork = earlier.clone();
        fork.push(json!("x"));
        assert_eq!(*fork.events(), [json!(1), json!("x")]);
        assert_eq!(*live.events(), [json!(1), json!(2), json!(3)]);
        assert_eq!(*earlier.events(), [json!(1)]);
        // truncating leaves the others be
        let mut back = live.clone();
        back.truncate(1);
        assert_eq!(*back.events(), [json!(1)]);
        assert_eq!(live.len(), 3);
        assert_eq!(back, earlier, "equal events are equal logs, whatever their buffers");
    }

    #[test]
    fn it_is_stored_as_the_list_of_its_events() {
        let mut log = EventLog::new(vec![json!({"id": 1})]);
        let before = log.clone();
        log.push(json!({"id": 2}));
        assert_eq!(serde_json::to_value(&before).unwrap(), json!([{"id": 1}]));
        let read: EventLog = serde_json::from_value(json!([{"id": 1}, {"id": 2}])).unwrap();
        assert_eq!(read, log);
    }
}

//! The executions this page drives and where the step debugger holds them, as a context the
//! pages render from (the driver dispatches its changes; rendering reads no thread-locals).

use std::collections::BTreeMap;
use std::rc::Rc;

use steplab_asl::Pause;
use yew::{Reducible, UseReducerHandle};

/// The executions this page drives, by ARN, each with where the debugger holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    running: BTreeMap<String, Option<Pause>>,
    /// Why the last redrive of an execution was refused, by ARN.
    refused: BTreeMap<String, String>,
}

/// A change the driver reports.
pub enum LiveAction {
    /// This page started the execution.
    Started(String),
    /// Where the debugger holds it now (`None`: it runs).
    Held(String, Option<Pause>),
    /// It ended.
    Ended(String),
    /// Its redrive was refused, with the reason.
    RedriveRefused(String, String),
}

/// The live executions, shared with every page.
pub type LiveContext = UseReducerHandle<Live>;

impl Reducible for Live {
    type Action = LiveAction;

    fn reduce(self: Rc<Self>, action: LiveAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LiveAction::Started(arn) => {
                next.refused.remove(&arn);
                next.running.insert(arn, None);
            }
            LiveAction::RedriveRefused(arn, message) => {
                next.refused.insert(arn, message);
            }
            LiveAction::Held(arn, pause) => {
                if let Some(held) = next.running.get_mut(&arn) {
                    *held = pause;
                }
            }
            LiveAction::Ended(arn) => {
                next.running.remove(&arn);
            }
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

impl Live {
    /// Whether this page drives execution `arn` (a RUNNING record may belong to another tab).
    pub fn is_live(&self, arn: &str) -> bool {
        self.running.contains_key(arn)
    }

    /// Why the last redrive of execution `arn` was refused, if it was.
    pub fn redrive_refused(&self, arn: &str) -> Option<&str> {
        self.refused.get(arn).map(String::as_str)
    }

    /// Where the debugger holds execution `arn`, if it does.
    pub fn paused_at(&self, arn: &str) -> Option<&Pause> {
        self.running.get(arn).and_then(Option::as_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use steplab_asl::PauseReason;

    #[test]
    fn started_held_ended() {
        let pause = Pause { event_id: 3, state_name: Some("A".into()), reason: PauseReason::Event };
        let live = Rc::new(Live::default()).reduce(LiveAction::Started("x".into()));
        assert!(live.is_live("x") && live.paused_at("x").is_none());
        let held = Rc::clone(&live).reduce(LiveAction::Held("x".into(), Some(pause.clone())));
        assert_eq!(held.paused_at("x"), Some(&pause));
        // nothing changed: the same state, so nothing renders again
        let same = Rc::clone(&held).reduce(LiveAction::Held("x".into(), Some(pause)));
        assert!(Rc::ptr_eq(&same, &held));
        let ended = held.reduce(LiveAction::Ended("x".into()));
        assert!(!ended.is_live("x"));
    }
}

//! Two tabs editing the same function's code, or the same state machine in Workflow Studio: when
//! another tab saves a version of what this tab has unsaved edits of (a draft), this tab keeps its
//! own and shows the conflict, and the person chooses: keep mine (this tab's is saved, over
//! theirs) or take theirs. Never a silent overwrite.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::store::Function;
use crate::studio::drafts::Draft;

/// The other tabs' versions of what this tab edits: functions by name, Workflow Studio drafts
/// by draft key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conflicts {
    pub functions: BTreeMap<String, Function>,
    /// Their version of a state machine being edited here: their draft, or the machine as they
    /// saved it. The Workflow Studio page open on it decides whether it conflicts with its own.
    pub drafts: BTreeMap<String, Draft>,
}

pub enum ConflictAction {
    /// Another tab saved `theirs` while this tab edits the function.
    Function(Box<Function>),
    /// The conflict on the function of this name is settled.
    Settled(String),
    /// Another tab wrote its version of the state machine of draft `key`.
    Draft { key: String, theirs: Box<Draft> },
    /// The draft of this key is settled.
    DraftSettled(String),
}

impl Reducible for Conflicts {
    type Action = ConflictAction;

    fn reduce(self: Rc<Self>, action: ConflictAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ConflictAction::Function(f) => {
                next.functions.insert(f.name().to_owned(), *f);
            }
            ConflictAction::Settled(name) => {
                next.functions.remove(&name);
            }
            ConflictAction::Draft { key, theirs } => {
                next.drafts.insert(key, *theirs);
            }
            ConflictAction::DraftSettled(key) => {
                next.drafts.remove(&key);
            }
        }
        Rc::new(next)
    }
}

/// The conflicts, shared with the pages.
pub type ConflictsContext = yew::UseReducerHandle<Conflicts>;

/// Whether taking `theirs` over `mine` (this tab's function, as last saved) would lose edits:
/// this tab has a draft, and theirs differs from it in the code being edited or deployed.
pub fn conflicts(mine: &Function, theirs: &Function) -> bool {
    let Some(draft) = &mine.draft else { return false };
    let their_code = theirs.draft.as_ref().unwrap_or(&theirs.config.code);
    their_code != draft && (theirs.draft.is_some() || theirs.config.code != mine.config.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(code: &str, draft: Option<&str>) -> Function {
        let mut f = Function::new("F", "python3.11", 1);
        f.config.code = code.into();
        f.draft = draft.map(Into::into);
        f
    }

    #[test]
    fn only_edits_that_would_be_lost_are_a_conflict() {
        // no edits here: theirs is taken
        assert!(!conflicts(&with("a", None), &with("a", Some("theirs"))));
        // both edit, differently: a conflict
        assert!(conflicts(&with("a", Some("mine")), &with("a", Some("theirs"))));
        // the same text: none
        assert!(!conflicts(&with("a", Some("same")), &with("a", Some("same"))));
        // they deployed other code while this tab edits: a conflict
        assert!(conflicts(&with("a", Some("mine")), &with("b", None)));
        // their save changed something else (same code, no draft): none
        assert!(!conflicts(&with("a", Some("mine")), &with("a", None)));
    }
}

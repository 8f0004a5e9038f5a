//! Reading an execution's stored history when a page shows it (the workspace starts without
//! reading every history: twenty runs of 25,000 events would hold the page for seconds).

use std::cell::RefCell;
use std::collections::BTreeSet;

use yew::prelude::*;

use crate::store::{Action, ExecutionRecord, WorkspaceContext};

thread_local! {
    /// The histories being read (one read per execution, whatever asks).
    static READING: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Reads the history of `record` when it is in the store and not read yet. Returns whether the
/// history is still being read; a problem reading it goes to `problem`.
#[hook]
pub fn use_history(
    record: Option<&ExecutionRecord>,
    problem: UseStateHandle<Option<String>>,
) -> bool {
    let workspace = use_context::<WorkspaceContext>();
    let unread = record.filter(|r| r.unread.is_some()).map(|r| r.arn.clone());
    use_effect_with(unread.clone(), move |unread| {
        if let (Some(arn), Some(workspace)) = (unread.clone(), workspace)
            && READING.with_borrow_mut(|r| r.insert(arn.clone()))
        {
            wasm_bindgen_futures::spawn_local(async move {
                match crate::storage::load::read_history(&arn).await {
                    Ok((events, stages)) => {
                        crate::storage::writer::read_back(|w, counts| {
                            if let Some(r) = w.executions.iter_mut().find(|r| r.arn == arn) {
                                r.events = events.clone();
                                r.stages = stages.clone();
                                r.unread = None;
                                counts.insert(arn.clone(), events.len());
                            }
                        });
                        workspace.dispatch(Action::HistoryRead {
                            arn: arn.clone(),
                            events,
                            stages,
                        });
                    }
                    Err(e) => problem.set(Some(format!("The history could not be read: {e}"))),
                }
                READING.with_borrow_mut(|r| r.remove(&arn));
            });
        }
    });
    unread.is_some()
}

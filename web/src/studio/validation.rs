//! The definition checked off the page's thread: the execution Worker runs
//! `ValidateStateMachineDefinition`'s checks (`steplab_asl::parse`) and answers by id. A Worker
//! that does not answer (it could not start) is not waited for long: the page checks itself.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use steplab_asl::Diagnostic;
use steplab_runner::execution_protocol::{ToExecutions, WireDiagnostic};

use crate::execution::executions_worker;

/// How long the page waits for the Worker before it checks the definition itself.
const FALLBACK_MS: u32 = 10_000;

#[derive(Default)]
struct Asked {
    next_id: u64,
    waiting: HashMap<u64, oneshot::Sender<Vec<Diagnostic>>>,
}

thread_local! {
    static ASKED: RefCell<Asked> = RefCell::new(Asked::default());
}

/// The problems of `definition`, found in the execution Worker.
pub async fn validate(definition: String) -> Vec<Diagnostic> {
    let (tx, rx) = oneshot::channel();
    let id = ASKED.with_borrow_mut(|a| {
        a.next_id += 1;
        a.waiting.insert(a.next_id, tx);
        a.next_id
    });
    executions_worker::post(&ToExecutions::Validate { id, definition: definition.clone() });
    let fallback = gloo::timers::callback::Timeout::new(FALLBACK_MS, move || {
        if let Some(tx) = ASKED.with_borrow_mut(|a| a.waiting.remove(&id)) {
            let _ = tx.send(steplab_asl::parse(&definition).diagnostics);
        }
    });
    let diagnostics = rx.await.unwrap_or_default();
    drop(fallback);
    diagnostics
}

/// The Worker's answer to check `id`.
pub(crate) fn validated(id: u64, diagnostics: Vec<WireDiagnostic>) {
    if let Some(tx) = ASKED.with_borrow_mut(|a| a.waiting.remove(&id)) {
        let _ = tx.send(diagnostics.into_iter().map(Into::into).collect());
    }
}

//! The definition checked and laid out off the page's thread: the execution Worker runs
//! `ValidateStateMachineDefinition`'s checks (`steplab_asl::parse`) and lays out the graph
//! (`steplab_layout::layout_text`), and answers by id; the page only draws the layout it gets. A
//! Worker that does not answer (it could not start) is not waited for long: the page does both itself.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use steplab_asl::Diagnostic;
use steplab_runner::execution_protocol::{ToExecutions, WireDiagnostic};

use crate::execution::executions_worker;
use crate::graph::Drawing;

/// How long the page waits for the Worker before it checks the definition itself.
const FALLBACK_MS: u32 = 10_000;

/// What the Worker found in a definition: its problems, and its graph when asked for.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    pub drawing: Option<Drawing>,
    /// Made by the Worker (else by the page, which waited for it in vain).
    pub by_worker: bool,
}

#[derive(Default)]
struct Asked {
    next_id: u64,
    waiting: HashMap<u64, oneshot::Sender<Analysis>>,
}

thread_local! {
    static ASKED: RefCell<Asked> = RefCell::new(Asked::default());
}

/// The problems of `definition`, and with `layout` its graph, found in the execution Worker.
pub async fn analyse(definition: String, layout: bool) -> Analysis {
    let (tx, rx) = oneshot::channel();
    let id = ASKED.with_borrow_mut(|a| {
        a.next_id += 1;
        a.waiting.insert(a.next_id, tx);
        a.next_id
    });
    executions_worker::post(&ToExecutions::Validate { id, definition: definition.clone(), layout });
    let fallback = gloo::timers::callback::Timeout::new(FALLBACK_MS, move || {
        if let Some(tx) = ASKED.with_borrow_mut(|a| a.waiting.remove(&id)) {
            let drawing = layout.then(|| Drawing::from(steplab_layout::layout_text(&definition)));
            let diagnostics = steplab_asl::parse(&definition).diagnostics;
            let _ = tx.send(Analysis { diagnostics, drawing, by_worker: false });
        }
    });
    let analysis = rx.await.unwrap_or_default();
    drop(fallback);
    analysis
}

/// The Worker's answer to check `id`.
pub(crate) fn validated(
    id: u64,
    diagnostics: Vec<WireDiagnostic>,
    layout: Option<Box<steplab_layout::TextLayout>>,
) {
    if let Some(tx) = ASKED.with_borrow_mut(|a| a.waiting.remove(&id)) {
        let _ = tx.send(Analysis {
            diagnostics: diagnostics.into_iter().map(Into::into).collect(),
            drawing: layout.map(|l| Drawing::from(*l)),
            by_worker: true,
        });
    }
}

//! The execution Worker's message loop: starts executions, relays what the page asks to each
//! one's host, and hands invocation answers to the host waiting for them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use steplab_runner::execution_protocol::{FromExecutions, Progress, ToExecutions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::host::{Asked, WorkerHost};

thread_local! {
    /// What the page relayed, by execution ARN, for the executions running here.
    static RUNS: RefCell<HashMap<String, Rc<Asked>>> = RefCell::new(HashMap::new());
}

pub(crate) fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

pub(crate) fn post(message: &FromExecutions) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&text.into());
    }
}

fn handle(message: ToExecutions) {
    match message {
        ToExecutions::Start { arn, start } => {
            let mut driver = match crate::start::driver(&start) {
                Ok(driver) => driver,
                Err(message) => return post(&FromExecutions::Refused { arn, message }),
            };
            let asked = Rc::new(Asked::default());
            RUNS.with_borrow_mut(|r| r.insert(arn.clone(), Rc::clone(&asked)));
            let mut host = WorkerHost { arn: arn.clone(), asked, progress: Progress::default() };
            wasm_bindgen_futures::spawn_local(async move {
                steplab_runner::host::drive(&mut driver, &mut host).await;
                RUNS.with_borrow_mut(|r| r.remove(&arn));
            });
        }
        ToExecutions::Control { arn, control } => {
            if let Some(asked) = RUNS.with_borrow(|r| r.get(&arn).cloned()) {
                asked.controls.borrow_mut().push(control);
            }
        }
        ToExecutions::Invoked { arn, id, answer } => {
            // an answer for an execution that ended, or twice, finds no one waiting: dropped
            let Some(asked) = RUNS.with_borrow(|r| r.get(&arn).cloned()) else { return };
            let waiting = {
                let mut answers = asked.answers.borrow_mut();
                answers.iter().position(|(i, _)| *i == id).map(|at| answers.remove(at).1)
            };
            if let Some(tx) = waiting {
                let _ = tx.send(answer.into());
            }
        }
    }
}

pub(crate) fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        if let Ok(message) = serde_json::from_str::<ToExecutions>(&text) {
            handle(message);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromExecutions::Loaded);
}

//! The page's side of the execution Worker (`crates/steplab-execution-worker`, built by Trunk as
//! `execution-worker.js` and `execution-worker_bg.wasm`, started by `execution-worker_loader.js`):
//! one Worker runs every execution this page starts. Messages written before it listens are kept
//! and sent once it says `Loaded`; what it sends goes to the handler given to [`start`].

use std::cell::RefCell;

use steplab_runner::execution_protocol::{FromExecutions, ToExecutions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{MessageEvent, Worker};

const SCRIPT: &str = "./execution-worker_loader.js";

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    /// Messages written before the Worker listened.
    unsent: Option<Vec<String>>,
    /// Who takes what the Worker sends.
    handler: Option<fn(FromExecutions)>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
}

fn spawn() -> Option<Worker> {
    let worker = Worker::new(SCRIPT).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        let Ok(message) = serde_json::from_str::<FromExecutions>(&text) else { return };
        if message == FromExecutions::Loaded {
            let (worker, unsent) =
                CLIENT.with_borrow_mut(|c| (c.worker.clone(), c.unsent.take().unwrap_or_default()));
            if let Some(worker) = worker {
                for text in unsent {
                    let _ = worker.post_message(&text.into());
                }
            }
        }
        if let Some(handler) = CLIENT.with_borrow(|c| c.handler) {
            handler(message);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Some(worker)
}

/// Sends `message` to the execution Worker (started at the first message).
pub fn post(message: &ToExecutions) {
    let Ok(text) = serde_json::to_string(message) else { return };
    CLIENT.with_borrow_mut(|c| {
        if c.worker.is_none() {
            c.worker = spawn();
            c.unsent = Some(Vec::new());
        }
        match (&mut c.unsent, &c.worker) {
            (Some(unsent), _) => unsent.push(text),
            (None, Some(worker)) => {
                let _ = worker.post_message(&text.into());
            }
            (None, None) => {}
        }
    });
}

/// Starts the execution Worker ahead of the first execution, so that it does not wait for it;
/// `handler` takes what it sends.
pub fn start(handler: fn(FromExecutions)) {
    CLIENT.with_borrow_mut(|c| {
        c.handler = Some(handler);
        if c.worker.is_none() {
            c.worker = spawn();
            c.unsent = Some(Vec::new());
        }
    });
}

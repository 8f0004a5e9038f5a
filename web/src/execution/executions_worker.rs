//! The page's side of the execution Worker (`crates/steplab-execution-worker`, linked into this
//! console's own wasm and started by `execution-worker_loader.js`, to which the page posts its
//! wasm-bindgen glue's URL and its compiled module first): one Worker runs every execution this
//! page starts. Messages written before it listens are kept
//! and sent once it says `Loaded`; what it sends goes to the handler given to [`start`].

use std::cell::RefCell;
use std::collections::VecDeque;

use steplab_runner::execution_protocol::{FromExecutions, ToExecutions};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

const SCRIPT: &str = "./execution-worker_loader.js";

#[derive(Default)]
struct Client {
    worker: Option<Worker>,
    /// Messages written before the Worker listened.
    unsent: Option<Vec<String>>,
    /// Who takes what the Worker sends.
    handler: Option<fn(FromExecutions)>,
    /// Messages received and not yet handled (the Worker can send faster than the page reads).
    received: VecDeque<JsValue>,
    /// The pending turn that handles them.
    turn: Option<gloo::timers::callback::Timeout>,
}

/// How long one turn of the page handles received messages before it lets the page go on (a
/// click, a render): a long run's deltas never make one long task.
const TURN_MS: f64 = 8.0;

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The URL of this module's wasm-bindgen glue (`import.meta.url` inside the glue).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// What the loader needs to run this same module in the Worker: `{glue, module}`.
fn this_module() -> JsValue {
    let start = js_sys::Object::new();
    let glue = GLUE_URL.with(String::clone);
    let _ = js_sys::Reflect::set(&start, &"glue".into(), &glue.into());
    let _ = js_sys::Reflect::set(&start, &"module".into(), &wasm_bindgen::module());
    start.into()
}

fn spawn() -> Option<Worker> {
    let worker = Worker::new(SCRIPT).ok()?;
    worker.post_message(&this_module()).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        CLIENT.with_borrow_mut(|c| {
            c.received.push_back(event.data());
            if c.turn.is_none() {
                c.turn = Some(gloo::timers::callback::Timeout::new(0, turn));
            }
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Some(worker)
}

/// Handles received messages for up to [`TURN_MS`], then leaves the rest to another turn.
fn turn() {
    let clock = web_sys::window().and_then(|w| w.performance());
    let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
    let start = now();
    CLIENT.with_borrow_mut(|c| c.turn = None);
    while let Some(data) = CLIENT.with_borrow_mut(|c| c.received.pop_front()) {
        received(&data);
        if now() - start > TURN_MS {
            CLIENT.with_borrow_mut(|c| {
                if !c.received.is_empty() && c.turn.is_none() {
                    c.turn = Some(gloo::timers::callback::Timeout::new(0, turn));
                }
            });
            return;
        }
    }
}

/// Handles one message of the Worker.
fn received(data: &JsValue) {
    {
        let Some(text) = data.as_string() else { return };
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
    }
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

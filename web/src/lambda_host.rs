//! Runs Python functions in a Web Worker (never on the UI thread), and times them out as Lambda does:
//! a function that runs past its timeout is stopped by terminating its worker, and the next call starts cold.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use gloo::timers::callback::Timeout;
use steplab_runner::protocol::{FunctionCode, WorkerReply, WorkerRequest};
use steplab_runner::{LambdaCall, LambdaReply};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{MessageEvent, Worker};

/// The loader Trunk writes for the worker built from `crates/steplab-worker`.
const WORKER_SCRIPT: &str = "./lambda-worker_loader.js";

/// Extra time the first call of a cold environment gets for Python to boot (Lambda's INIT is capped at 10 s).
const INIT_ALLOWANCE_MS: u32 = 10_000;

struct Pending {
    reply: oneshot::Sender<LambdaReply>,
    call: LambdaCall,
    timeout_seconds: u32,
    _watchdog: Timeout,
}

#[derive(Default)]
struct Host {
    worker: Option<Worker>,
    next_id: u32,
    pending: HashMap<u32, Pending>,
    boot_ms: Option<f64>,
    /// Requests written before the worker listened, sent once it does.
    unsent: Option<Vec<String>>,
    on_ready: Vec<Box<dyn FnOnce(f64)>>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

fn spawn() -> Result<Worker, String> {
    let worker =
        Worker::new(WORKER_SCRIPT).map_err(|e| format!("cannot start the Python worker: {e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        match serde_json::from_str::<WorkerReply>(&text) {
            Ok(WorkerReply::Loaded) => HOST.with_borrow_mut(|h| {
                if let (Some(worker), Some(unsent)) = (&h.worker, h.unsent.take()) {
                    for text in unsent {
                        let _ = worker.post_message(&text.into());
                    }
                }
            }),
            Ok(WorkerReply::Ready { boot_ms }) => {
                let waiting = HOST.with_borrow_mut(|h| {
                    h.boot_ms = Some(boot_ms);
                    std::mem::take(&mut h.on_ready)
                });
                for f in waiting {
                    f(boot_ms);
                }
            }
            Ok(WorkerReply::Invoked { id, reply }) => {
                if let Some(pending) = HOST.with_borrow_mut(|h| h.pending.remove(&id)) {
                    let _ = pending.reply.send(reply);
                }
            }
            Err(_) => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Ok(worker)
}

fn with_worker<T>(f: impl FnOnce(&Worker) -> T) -> Result<T, String> {
    let worker = HOST.with_borrow_mut(|h| match &h.worker {
        Some(w) => Ok::<_, String>(w.clone()),
        None => {
            let w = spawn()?;
            h.worker = Some(w.clone());
            h.unsent = Some(Vec::new());
            Ok(w)
        }
    })?;
    Ok(f(&worker))
}

fn post(worker: &Worker, request: &WorkerRequest) {
    let Ok(text) = serde_json::to_string(request) else { return };
    let text = HOST.with_borrow_mut(|h| match &mut h.unsent {
        Some(unsent) => {
            unsent.push(text);
            None
        }
        None => Some(text),
    });
    if let Some(text) = text {
        let _ = worker.post_message(&text.into());
    }
}

/// Starts the worker and its interpreter ahead of the first call; `on_ready` gets the boot time in ms.
pub fn warm(on_ready: impl FnOnce(f64) + 'static) {
    if let Some(ms) = HOST.with_borrow(|h| h.boot_ms) {
        on_ready(ms);
        return;
    }
    HOST.with_borrow_mut(|h| h.on_ready.push(Box::new(on_ready)));
    let _ = with_worker(|w| post(w, &WorkerRequest::Warm));
}

/// The payload Lambda returns when a function runs past its timeout.
pub fn timed_out(call: &LambdaCall, timeout_seconds: u32) -> LambdaReply {
    let payload = serde_json::json!({
        "errorType": "Sandbox.Timedout",
        "errorMessage": format!("RequestId: {} Error: Task timed out after {timeout_seconds}.00 seconds", call.request_id),
    });
    LambdaReply {
        payload: payload.to_string(),
        function_error: Some("Unhandled".into()),
        log: format!(
            "START RequestId: {id} Version: $LATEST\n{id} Task timed out after {timeout_seconds}.00 seconds\nEND RequestId: {id}\n",
            id = call.request_id
        ),
        duration_ms: f64::from(timeout_seconds) * 1000.0,
    }
}

fn expire(id: u32) {
    let Some(pending) = HOST.with_borrow_mut(|h| {
        let pending = h.pending.remove(&id)?;
        // the environment is reset: stop the worker, fail what else it was running, start cold next time
        if let Some(worker) = h.worker.take() {
            worker.terminate();
        }
        h.boot_ms = None;
        Some(pending)
    }) else {
        return;
    };
    let _ = pending.reply.send(timed_out(&pending.call, pending.timeout_seconds));
    let others: Vec<Pending> =
        HOST.with_borrow_mut(|h| h.pending.drain().map(|(_, p)| p).collect());
    for other in others {
        let _ = other.reply.send(timed_out(&other.call, other.timeout_seconds));
    }
}

/// Invokes `function` in the worker.
pub async fn invoke(function: FunctionCode, call: LambdaCall) -> Result<LambdaReply, String> {
    let (tx, rx) = oneshot::channel();
    let id = HOST.with_borrow_mut(|h| {
        h.next_id += 1;
        h.next_id
    });
    let limit = function.timeout_seconds.saturating_mul(1000).saturating_add(INIT_ALLOWANCE_MS);
    let pending = Pending {
        reply: tx,
        call: call.clone(),
        timeout_seconds: function.timeout_seconds,
        _watchdog: Timeout::new(limit, move || expire(id)),
    };
    HOST.with_borrow_mut(|h| h.pending.insert(id, pending));
    with_worker(|w| post(w, &WorkerRequest::Invoke { id, function, call }))?;
    rx.await.map_err(|_| "the Python worker stopped before answering".to_owned())
}

//! Runs Python functions in Web Workers of their own, one per function (each is that function's
//! Lambda execution environment), started by the execution Worker, which reaches them directly:
//! neither an invocation nor its answer passes through the page. A function that runs past its
//! timeout is stopped as Lambda does, by terminating its Worker; its next call starts cold.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::timers::callback::Timeout;
use steplab_function::FunctionConfig;
use steplab_runner::handler_aws::{AwsSnapshot, NestedInvoke};
use steplab_runner::protocol::{SyntaxProblem, WorkerReply, WorkerRequest};
use steplab_runner::{LambdaCall, LambdaReply};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker's loader (`web/lambda-worker_loader.js`, beside this Worker's script): it starts the worker built from
/// `crates/steplab-worker` with the module its first message carries.
const WORKER_SCRIPT: &str = "./lambda-worker_loader.js";

/// The worker's wasm, compiled once here and handed to every new worker, which then only
/// instantiates it (a cold start in a new worker does not compile 24 MB of wasm again).
const WORKER_WASM: &str = "./lambda-worker_bg.wasm";

/// Extra time a call gets for Python to boot in a cold worker (Lambda's INIT is capped at 10 s);
/// once the worker says the handler starts, the call has its timeout from then on.
const INIT_ALLOWANCE_MS: u32 = 10_000;

/// Extra time a call to a warm worker gets for the message round trip.
const WARM_ALLOWANCE_MS: u32 = 250;

struct Pending {
    reply: oneshot::Sender<LambdaReply>,
    call: LambdaCall,
    timeout_seconds: u32,
    slot: u32,
    /// What a synchronous `Invoke` from the function may reach.
    functions: Functions,
    _watchdog: Timeout,
}

struct Slot {
    worker: Worker,
    /// Requests written before the worker listened, sent once it does.
    unsent: Option<Vec<String>>,
    /// Whether the worker has answered an invocation (its interpreter is up).
    warm: bool,
    /// The deployment the worker last ran: another one starts a new environment (INIT again).
    deployed: Option<FunctionConfig>,
}

#[derive(Default)]
struct Host {
    next_slot: u32,
    slots: HashMap<u32, Slot>,
    /// Which workers run which function (more than one when a call came while all were busy).
    assigned: HashMap<String, Vec<u32>>,
    /// A worker booted ahead of need, given to the next function that needs one.
    spare: Option<u32>,
    next_id: u32,
    pending: HashMap<u32, Pending>,
    boot_ms: Option<f64>,
    on_ready: Vec<Box<dyn FnOnce(f64)>>,
    /// The worker that checks code for syntax errors (it runs no function).
    checker: Option<u32>,
    checks: HashMap<u32, oneshot::Sender<Option<SyntaxProblem>>>,
    /// The worker's compiled `WebAssembly.Module` (a promise of it), shared by all workers.
    module: Option<js_sys::Promise>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

fn on_reply(slot: u32, reply: WorkerReply, buffer: Option<JsValue>) {
    match reply {
        WorkerReply::Loaded { .. } => HOST.with_borrow_mut(|h| {
            if let Some(s) = h.slots.get_mut(&slot) {
                for text in s.unsent.take().unwrap_or_default() {
                    let _ = s.worker.post_message(&text.into());
                }
            }
        }),
        WorkerReply::Ready { boot_ms } => {
            let waiting = HOST.with_borrow_mut(|h| {
                if let Some(s) = h.slots.get_mut(&slot) {
                    s.warm = true;
                }
                h.boot_ms = Some(boot_ms);
                std::mem::take(&mut h.on_ready)
            });
            for f in waiting {
                f(boot_ms);
            }
        }
        WorkerReply::InvokeElsewhere { id, nested } => {
            let Some(buffer) = buffer else { return };
            let functions =
                HOST.with_borrow(|h| h.pending.get(&id).map(|p| Rc::clone(&p.functions)));
            let Some(functions) = functions else { return };
            wasm_bindgen_futures::spawn_local(async move {
                let reply = invoke_nested(&functions, &nested).await;
                crate::shared_answer::write(&buffer, &Ok(reply));
            });
        }
        WorkerReply::Checked { id, problem } => {
            if let Some(reply) = HOST.with_borrow_mut(|h| h.checks.remove(&id)) {
                let _ = reply.send(problem);
            }
        }
        WorkerReply::HandlerStarted { id } => HOST.with_borrow_mut(|h| {
            // INIT is over: from now on the call has its timeout (and the message's round trip)
            if let Some(p) = h.pending.get_mut(&id) {
                let limit =
                    p.timeout_seconds.saturating_mul(1000).saturating_add(WARM_ALLOWANCE_MS);
                p._watchdog = Timeout::new(limit, move || expire(id));
            }
        }),
        WorkerReply::Invoked { id, reply } => {
            if let Some(pending) = HOST.with_borrow_mut(|h| {
                if let Some(s) = h.slots.get_mut(&slot) {
                    s.warm = true;
                }
                h.pending.remove(&id)
            }) {
                let _ = pending.reply.send(reply);
            }
        }
    }
}

/// Starts a worker; it is kept in the host under the returned slot number.
fn spawn(h: &mut Host) -> Result<u32, String> {
    let worker =
        Worker::new(WORKER_SCRIPT).map_err(|e| format!("cannot start the Python worker: {e:?}"))?;
    // the first message: the compiled module (null if the page could not compile it: the worker
    // then fetches and compiles the wasm itself)
    let module = h.module.get_or_insert_with(compile_worker).clone();
    let receiver = worker.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let module = wasm_bindgen_futures::JsFuture::from(module).await.unwrap_or(JsValue::NULL);
        if receiver.post_message(&module).is_err() {
            // a browser that cannot send a module to a worker: the worker compiles its own
            let _ = receiver.post_message(&JsValue::NULL);
        }
    });
    h.next_slot += 1;
    let slot = h.next_slot;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // a message, or a message and the shared buffer its sender waits on
        let data = event.data();
        let (text, buffer) = match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (parts.get(0).as_string(), Some(parts.get(1))),
            None => (data.as_string(), None),
        };
        let Some(text) = text else { return };
        if let Ok(reply) = serde_json::from_str::<WorkerReply>(&text) {
            on_reply(slot, reply, buffer);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    h.slots.insert(slot, Slot { worker, unsent: Some(Vec::new()), warm: false, deployed: None });
    Ok(slot)
}

/// Compiles the worker's wasm as it downloads (`WebAssembly.compileStreaming`).
fn compile_worker() -> js_sys::Promise {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    js_sys::WebAssembly::compile_streaming(&scope.fetch_with_str(WORKER_WASM))
}

fn post(h: &mut Host, slot: u32, request: &WorkerRequest) {
    let Ok(text) = serde_json::to_string(request) else { return };
    let Some(s) = h.slots.get_mut(&slot) else { return };
    match &mut s.unsent {
        Some(unsent) => unsent.push(text),
        None => {
            let _ = s.worker.post_message(&text.into());
        }
    }
}

/// Boots a spare worker and its interpreter ahead of the first call; `on_ready` gets the boot time in ms.
pub(crate) fn warm(on_ready: impl FnOnce(f64) + 'static) {
    if let Some(ms) = HOST.with_borrow(|h| h.boot_ms) {
        on_ready(ms);
        return;
    }
    HOST.with_borrow_mut(|h| {
        h.on_ready.push(Box::new(on_ready));
        if h.spare.is_none()
            && let Ok(slot) = spawn(h)
        {
            h.spare = Some(slot);
            post(h, slot, &WorkerRequest::Warm);
        }
    });
}

/// The payload Lambda returns when a function runs past its timeout.
fn timed_out(call: &LambdaCall, timeout_seconds: u32) -> LambdaReply {
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
        aws_calls: Vec::new(),
        invoked: Vec::new(),
        log_stream_name: None,
    }
}

/// Stops the worker of a call that overran: its environment is reset, as Lambda does.
fn expire(id: u32) {
    let stopped: Vec<Pending> = HOST.with_borrow_mut(|h| {
        let Some(slot) = h.pending.get(&id).map(|p| p.slot) else { return Vec::new() };
        if let Some(s) = h.slots.remove(&slot) {
            s.worker.terminate();
        }
        for slots in h.assigned.values_mut() {
            slots.retain(|s| *s != slot);
        }
        let ids: Vec<u32> =
            h.pending.iter().filter(|(_, p)| p.slot == slot).map(|(id, _)| *id).collect();
        ids.into_iter().filter_map(|id| h.pending.remove(&id)).collect()
    });
    for pending in stopped {
        let _ = pending.reply.send(timed_out(&pending.call, pending.timeout_seconds));
    }
}

/// The syntax error importing `code` as `lambda_function.py` would raise, found by a worker of its
/// own (nothing of the code runs).
pub(crate) async fn check(code: String, runtime: String) -> Result<Option<SyntaxProblem>, String> {
    let (tx, rx) = oneshot::channel();
    HOST.with_borrow_mut(|h| {
        let slot = match h.checker {
            Some(slot) => slot,
            None => {
                let slot = spawn(h)?;
                h.checker = Some(slot);
                slot
            }
        };
        h.next_id += 1;
        let id = h.next_id;
        h.checks.insert(id, tx);
        post(h, slot, &WorkerRequest::Check { id, code, runtime });
        Ok::<(), String>(())
    })?;
    rx.await.map_err(|_| "the Python worker stopped before answering".to_owned())
}

/// The functions of a run, by name, as deployed when it started: what a synchronous `Invoke`
/// from one of them may reach.
pub(crate) type Functions = Rc<BTreeMap<String, FunctionConfig>>;

/// Runs the target of a synchronous `Invoke` from a function (in a Worker of its own: an idle
/// one of its function, or a new one), `None` when `functions` has no such function.
pub(crate) async fn invoke_nested(
    functions: &Functions,
    nested: &NestedInvoke,
) -> Option<LambdaReply> {
    let function = functions.get(&nested.call.function_name)?.clone();
    let call = nested.call.clone();
    let aws = Some(nested.run.clone());
    Some(match invoke(function, call, aws, Rc::clone(functions)).await {
        Ok(reply) => reply,
        Err(e) => LambdaReply {
            payload: serde_json::json!({"errorMessage": e, "errorType": "Runtime.Unknown"})
                .to_string(),
            function_error: Some("Unhandled".into()),
            log: String::new(),
            duration_ms: 0.0,
            aws_calls: Vec::new(),
            invoked: Vec::new(),
            log_stream_name: None,
        },
    })
}

/// Invokes `function` in an idle worker of its own (a new one when all are busy: a function
/// invoked synchronously by itself), a Node.js function in a Worker of StepLab's Node.js
/// runtime (`node_workers`); `functions` are those a synchronous `Invoke` from it may reach.
pub(crate) async fn invoke(
    function: FunctionConfig,
    call: LambdaCall,
    aws: Option<AwsSnapshot>,
    functions: Functions,
) -> Result<LambdaReply, String> {
    if steplab_node::runtimes::is_node(&function.runtime) {
        return Ok(crate::node_workers::invoke(function, call, aws, functions).await);
    }
    let (tx, rx) = oneshot::channel();
    HOST.with_borrow_mut(|h| {
        let busy = |h: &Host, slot: u32| h.pending.values().any(|p| p.slot == slot);
        let idle = h
            .assigned
            .get(&function.function_name)
            .and_then(|slots| slots.iter().copied().find(|s| !busy(h, *s)));
        let slot = match idle {
            Some(slot) => slot,
            None => {
                let slot = match h.spare.take() {
                    Some(slot) => {
                        // the next function to run gets a booted worker too
                        if let Ok(next) = spawn(h) {
                            h.spare = Some(next);
                            post(h, next, &WorkerRequest::Warm);
                        }
                        slot
                    }
                    None => spawn(h)?,
                };
                h.assigned.entry(function.function_name.clone()).or_default().push(slot);
                slot
            }
        };
        let warm = h.slots.get_mut(&slot).is_some_and(|s| {
            let same = s.deployed.as_ref() == Some(&function);
            s.deployed = Some(function.clone());
            s.warm && same
        });
        let allowance = if warm { WARM_ALLOWANCE_MS } else { INIT_ALLOWANCE_MS };
        let limit = function.timeout_seconds.saturating_mul(1000).saturating_add(allowance);
        h.next_id += 1;
        let id = h.next_id;
        h.pending.insert(
            id,
            Pending {
                reply: tx,
                call: call.clone(),
                timeout_seconds: function.timeout_seconds,
                slot,
                functions: Rc::clone(&functions),
                _watchdog: Timeout::new(limit, move || expire(id)),
            },
        );
        // a Python function's synchronous `Invoke`s of Python functions run in its own Worker
        let functions =
            if aws.is_some() { functions.values().cloned().collect() } else { Vec::new() };
        let aws = aws.map(Box::new);
        post(h, slot, &WorkerRequest::Invoke { id, function, call, aws, functions });
        Ok::<(), String>(())
    })?;
    rx.await.map_err(|_| "the Python worker stopped before answering".to_owned())
}

//! Runs Node.js functions in Web Workers of their own, one per function (its execution
//! environment): a module Worker runs StepLab's Node.js runtime (`steplab_node::WORKER_HOST_JS`
//! and `RUNTIME_JS`, the JavaScript the CLI runs in `node`) on the browser's own engine. A call
//! that runs past the function's timeout terminates its Worker, as Lambda resets the
//! environment; the next call starts cold. A call that comes while every environment of its
//! function is busy (a function invoked synchronously by itself, directly or through another)
//! gets a Worker of its own, as Lambda scales out.
//!
//! The function's AWS SDK calls are answered at once from the run's copy (`HandlerAws`), except a
//! synchronous Lambda `Invoke` (`RequestResponse`): its target runs in its own Worker (Python or
//! Node.js, `function_workers::invoke`) and the answer is posted when it returns, while the
//! caller's runtime awaits it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::timers::future::TimeoutFuture;
use steplab_function::FunctionConfig;
use steplab_node::finish;
use steplab_node::protocol::{InitOutcome, InvokeOutcome, init_message, invoke_message};
use steplab_runner::handler_aws::{AwsSnapshot, HandlerAws, Invoke};
use steplab_runner::{LambdaCall, LambdaReply};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// What answers a function's AWS SDK calls during an invocation.
type Handler = Rc<RefCell<HandlerAws>>;

/// One execution environment of a function: its Worker, the deployment it runs, whether an
/// invocation is under way.
struct Environment {
    worker: Worker,
    config: FunctionConfig,
    log_stream_name: String,
    busy: bool,
    /// Where the Worker's next reply goes (one message at a time).
    reply: Rc<RefCell<Option<oneshot::Sender<String>>>>,
    /// What answers the function's AWS SDK calls during the invocation under way (none: they
    /// fail as without a network), and the functions a synchronous `Invoke` may reach.
    aws: Rc<RefCell<Option<(Handler, crate::function_workers::Functions)>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

thread_local! {
    /// The environments, by a number of their own (a function may have several).
    static ENVIRONMENTS: RefCell<HashMap<u32, Environment>> = RefCell::new(HashMap::new());
    static NEXT_ENVIRONMENT: Cell<u32> = const { Cell::new(0) };
    /// The Worker script, as a Blob URL made once.
    static SCRIPT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

fn script() -> Result<String, String> {
    if let Some(url) = SCRIPT.with_borrow(Clone::clone) {
        return Ok(url);
    }
    let parts = js_sys::Array::of1(&JsValue::from_str(steplab_node::WORKER_HOST_JS));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("cannot make the Node.js worker's script: {e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| format!("cannot make the Node.js worker's script: {e:?}"))?;
    SCRIPT.with_borrow_mut(|s| *s = Some(url.clone()));
    Ok(url)
}

/// `YYYY/MM/DD/[$LATEST]<32 hex>`, as Lambda names a new environment's log stream.
fn log_stream_name() -> String {
    let date = js_sys::Date::new_0();
    let hex: String = (0..32)
        .map(|_| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let d = (js_sys::Math::random() * 16.0) as u32;
            char::from_digit(d.min(15), 16).unwrap_or('0')
        })
        .collect();
    format!(
        "{:04}/{:02}/{:02}/[$LATEST]{hex}",
        date.get_utc_full_year(),
        date.get_utc_month() + 1,
        date.get_utc_date()
    )
}

/// Answers the SDK call `call` of a function in `Worker` `back`: at once, or, for a synchronous
/// `Invoke`, once its target has returned.
fn answer_call(
    call: &steplab_node::sdk::SdkCall,
    aws: Option<(Handler, crate::function_workers::Functions)>,
    back: &Worker,
) {
    let post = |back: &Worker, answer: &str| {
        if let Ok(data) = js_sys::JSON::parse(answer) {
            let _ = back.post_message(&data);
        }
    };
    let Some((handler, functions)) = aws else {
        post(back, &steplab_node::sdk::answer(call, None));
        return;
    };
    if call.service != "lambda" || call.operation != "Invoke" {
        let shared: steplab_function::aws::SharedAwsHost = handler;
        post(back, &steplab_node::sdk::answer(call, Some(&shared)));
        return;
    }
    let begun = handler.borrow_mut().begin_invoke(&call.input);
    let nested = match begun {
        Ok(Invoke::Run(nested)) => nested,
        Ok(Invoke::Answered(output)) => {
            post(back, &steplab_node::sdk::reply(call.id, Ok(output)));
            return;
        }
        Err(e) => {
            post(back, &steplab_node::sdk::reply(call.id, Err(e)));
            return;
        }
    };
    let (id, back) = (call.id, back.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let reply = crate::function_workers::invoke_nested(&functions, &nested).await;
        let outcome = handler.borrow_mut().end_invoke(*nested, reply, None);
        post(&back, &steplab_node::sdk::reply(id, outcome));
    });
}

fn spawn(config: &FunctionConfig) -> Result<Environment, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&script()?, &options)
        .map_err(|e| format!("cannot start the Node.js worker: {e:?}"))?;
    let reply: Rc<RefCell<Option<oneshot::Sender<String>>>> = Rc::new(RefCell::new(None));
    let aws: Rc<RefCell<Option<(Handler, crate::function_workers::Functions)>>> =
        Rc::new(RefCell::new(None));
    let (to, answering, back) = (Rc::clone(&reply), Rc::clone(&aws), worker.clone());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = js_sys::JSON::stringify(&event.data()).map(String::from).unwrap_or_default();
        // the function's AWS SDK call, answered while its invocation goes on
        if let Some(call) = steplab_node::sdk::call_of(&text) {
            let aws = answering.borrow().clone();
            answer_call(&call, aws, &back);
            return;
        }
        if let Some(tx) = to.borrow_mut().take() {
            let _ = tx.send(text);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Ok(Environment {
        worker,
        config: config.clone(),
        log_stream_name: log_stream_name(),
        busy: true,
        reply,
        aws,
        _on_message: on_message,
    })
}

enum Reply {
    Text(String),
    TimedOut,
    Lost,
}

/// Posts `message` to the Worker of environment `key` and waits for its reply, at most
/// `limit_ms`.
async fn request(key: u32, message: &serde_json::Value, limit_ms: u32) -> Reply {
    let (tx, rx) = oneshot::channel();
    let posted = ENVIRONMENTS.with_borrow(|envs| {
        let Some(env) = envs.get(&key) else { return false };
        *env.reply.borrow_mut() = Some(tx);
        let Ok(data) = js_sys::JSON::parse(&message.to_string()) else { return false };
        env.worker.post_message(&data).is_ok()
    });
    if !posted {
        return Reply::Lost;
    }
    let timeout = TimeoutFuture::new(limit_ms);
    futures_util_select(rx, timeout).await
}

/// The reply, or `TimedOut` when the timer ends first.
async fn futures_util_select(rx: oneshot::Receiver<String>, timeout: TimeoutFuture) -> Reply {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    struct Select {
        rx: oneshot::Receiver<String>,
        timeout: TimeoutFuture,
    }
    impl Future for Select {
        type Output = Reply;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Reply> {
            if let Poll::Ready(r) = Pin::new(&mut self.rx).poll(cx) {
                return Poll::Ready(r.map_or(Reply::Lost, Reply::Text));
            }
            if Pin::new(&mut self.timeout).poll(cx).is_ready() {
                return Poll::Ready(Reply::TimedOut);
            }
            Poll::Pending
        }
    }
    Select { rx, timeout }.await
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    steplab_node::protocol::read_reply(text)
}

/// Ends environment `key` (its Worker is terminated).
fn reset(key: u32) {
    if let Some(env) = ENVIRONMENTS.with_borrow_mut(|envs| envs.remove(&key)) {
        env.worker.terminate();
    }
}

/// An idle environment of `config`'s function, now busy (one of another deployment is ended, and
/// `None` returned: the call starts a new one).
fn take_idle(config: &FunctionConfig) -> Option<u32> {
    let stale: Vec<u32> = ENVIRONMENTS.with_borrow(|envs| {
        envs.iter()
            .filter(|(_, e)| {
                e.config.function_name == config.function_name && e.config != *config && !e.busy
            })
            .map(|(k, _)| *k)
            .collect()
    });
    for key in stale {
        reset(key);
    }
    ENVIRONMENTS.with_borrow_mut(|envs| {
        let (key, env) = envs.iter_mut().find(|(_, e)| e.config == *config && !e.busy)?;
        env.busy = true;
        Some(*key)
    })
}

/// Environment `key` is idle again (if it is still there).
fn release(key: u32) {
    ENVIRONMENTS.with_borrow_mut(|envs| {
        if let Some(env) = envs.get_mut(&key) {
            env.busy = false;
            *env.aws.borrow_mut() = None;
        }
    });
}

fn reply(result: steplab_node::InvokeResult) -> LambdaReply {
    LambdaReply::new(result.payload, result.function_error, result.log, result.duration_ms)
}

/// Invokes the Node.js function `config` in an idle Worker of its own (started, with INIT, when
/// it has none, all are busy or they run another deployment), its AWS SDK calls answered from
/// `aws` (the calls that succeeded come back in the reply, with the logs of the invocations it
/// made synchronously, which reach `functions`).
pub(crate) async fn invoke(
    config: FunctionConfig,
    call: LambdaCall,
    aws: Option<AwsSnapshot>,
    functions: crate::function_workers::Functions,
) -> LambdaReply {
    let handler = aws.map(|run| Rc::new(RefCell::new(HandlerAws::new(run))));
    let mut out = invoke_in_worker(config, call, handler.clone().map(|h| (h, functions))).await;
    if let Some(h) = handler {
        let (calls, invoked) = std::mem::take(&mut *h.borrow_mut()).finish();
        out.aws_calls = calls;
        out.invoked = invoked;
    }
    out
}

async fn invoke_in_worker(
    config: FunctionConfig,
    call: LambdaCall,
    aws: Option<(Handler, crate::function_workers::Functions)>,
) -> LambdaReply {
    let key = match take_idle(&config) {
        Some(key) => key,
        None => {
            let key = NEXT_ENVIRONMENT.replace(NEXT_ENVIRONMENT.get() + 1) + 1;
            match init(&config, &call.request_id, key).await {
                Ok(init) => {
                    let reply = invoke_warm(&config, &call, aws, key, Some(&init)).await;
                    release(key);
                    return reply;
                }
                Err(reply) => return *reply,
            }
        }
    };
    let reply = invoke_warm(&config, &call, aws, key, None).await;
    release(key);
    reply
}

/// Starts environment `key` of `config` (a new Worker) and runs INIT; the failed invocation's
/// reply when INIT fails.
async fn init(
    config: &FunctionConfig,
    request_id: &str,
    key: u32,
) -> Result<InitOutcome, Box<LambdaReply>> {
    let limit = config.timeout_seconds.saturating_mul(1000);
    let env = match spawn(config) {
        Ok(env) => env,
        Err(e) => return Err(Box::new(reply(finish::crashed(config, request_id, &e)))),
    };
    let message = init_message(config, &env.log_stream_name);
    ENVIRONMENTS.with_borrow_mut(|envs| envs.insert(key, env));
    let started = now_millis();
    // INIT has the function's timeout too
    let outcome: InitOutcome = match request(key, &message, limit).await {
        Reply::Text(text) => match parse(&text) {
            Ok(outcome) => outcome,
            Err(e) => {
                reset(key);
                return Err(Box::new(reply(finish::crashed(config, request_id, &e))));
            }
        },
        Reply::TimedOut => {
            reset(key);
            return Err(Box::new(reply(finish::timed_out(config, request_id, None, started))));
        }
        Reply::Lost => {
            reset(key);
            let detail = "the Node.js worker stopped";
            return Err(Box::new(reply(finish::crashed(config, request_id, detail))));
        }
    };
    if outcome.status != "ok" {
        reset(key);
        return Err(Box::new(reply(finish::init_failed(config, request_id, &outcome))));
    }
    Ok(outcome)
}

/// Runs `call` in environment `key`, whose INIT is done (`init`: in this invocation).
async fn invoke_warm(
    config: &FunctionConfig,
    call: &LambdaCall,
    aws: Option<(Handler, crate::function_workers::Functions)>,
    key: u32,
    init: Option<&InitOutcome>,
) -> LambdaReply {
    let request_id = call.request_id.clone();
    let limit = config.timeout_seconds.saturating_mul(1000);
    let Some(stream) =
        ENVIRONMENTS.with_borrow(|envs| envs.get(&key).map(|e| e.log_stream_name.clone()))
    else {
        return reply(finish::crashed(config, &request_id, "the Node.js worker stopped"));
    };
    let started = now_millis();
    let deadline = started + i64::from(config.timeout_seconds) * 1000;
    let message = invoke_message(config, &stream, &call.payload, &request_id, deadline);
    ENVIRONMENTS.with_borrow(|envs| {
        if let Some(env) = envs.get(&key) {
            *env.aws.borrow_mut() = aws;
        }
    });
    let answered = request(key, &message, limit).await;
    let out = match answered {
        Reply::Text(text) => match parse::<InvokeOutcome>(&text) {
            Ok(outcome) => {
                if outcome.reset || outcome.status == "exit" {
                    reset(key);
                }
                reply(finish::invoked(config, &request_id, init, &outcome))
            }
            Err(e) => {
                reset(key);
                reply(finish::crashed(config, &request_id, &e))
            }
        },
        Reply::TimedOut => {
            reset(key);
            reply(finish::timed_out(config, &request_id, init, started))
        }
        Reply::Lost => {
            reset(key);
            reply(finish::crashed(config, &request_id, "the Node.js worker stopped"))
        }
    };
    out.in_stream(Some(stream))
}

//! Runs Node.js functions in Web Workers of their own, one per function (its execution
//! environment): a module Worker runs StepLab's Node.js runtime (`steplab_node::WORKER_HOST_JS`
//! and `RUNTIME_JS`, the JavaScript the CLI runs in `node`) on the browser's own engine. A call
//! that runs past the function's timeout terminates its Worker, as Lambda resets the
//! environment; the next call starts cold.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::timers::future::TimeoutFuture;
use steplab_function::FunctionConfig;
use steplab_function::aws::SharedAwsHost;
use steplab_node::finish;
use steplab_node::protocol::{InitOutcome, InvokeOutcome, init_message, invoke_message};
use steplab_runner::handler_aws::{AwsSnapshot, HandlerAws};
use steplab_runner::{LambdaCall, LambdaReply};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

/// One function's environment: its Worker, the deployment it runs and whether INIT is done.
struct Environment {
    worker: Worker,
    config: FunctionConfig,
    log_stream_name: String,
    /// Where the Worker's next reply goes (one message at a time).
    reply: Rc<RefCell<Option<oneshot::Sender<String>>>>,
    /// What answers the function's AWS SDK calls during the invocation under way (none: they
    /// fail as without a network).
    aws: Rc<RefCell<Option<SharedAwsHost>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

thread_local! {
    static ENVIRONMENTS: RefCell<HashMap<String, Environment>> = RefCell::new(HashMap::new());
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

fn spawn(config: &FunctionConfig) -> Result<Environment, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&script()?, &options)
        .map_err(|e| format!("cannot start the Node.js worker: {e:?}"))?;
    let reply: Rc<RefCell<Option<oneshot::Sender<String>>>> = Rc::new(RefCell::new(None));
    let aws: Rc<RefCell<Option<SharedAwsHost>>> = Rc::new(RefCell::new(None));
    let (to, answering, back) = (Rc::clone(&reply), Rc::clone(&aws), worker.clone());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = js_sys::JSON::stringify(&event.data()).map(String::from).unwrap_or_default();
        // the function's AWS SDK call, answered at once while its invocation goes on
        if let Some(call) = steplab_node::sdk::call_of(&text) {
            let host = answering.borrow().clone();
            let answer = steplab_node::sdk::answer(&call, host.as_ref());
            if let Ok(data) = js_sys::JSON::parse(&answer) {
                let _ = back.post_message(&data);
            }
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

/// Posts `message` to the Worker of `name` and waits for its reply, at most `limit_ms`.
async fn request(name: &str, message: &serde_json::Value, limit_ms: u32) -> Reply {
    let (tx, rx) = oneshot::channel();
    let posted = ENVIRONMENTS.with_borrow(|envs| {
        let Some(env) = envs.get(name) else { return false };
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

/// Ends the environment of `name` (its Worker is terminated).
fn reset(name: &str) {
    if let Some(env) = ENVIRONMENTS.with_borrow_mut(|envs| envs.remove(name)) {
        env.worker.terminate();
    }
}

fn reply(result: steplab_node::InvokeResult) -> LambdaReply {
    LambdaReply {
        payload: result.payload,
        function_error: result.function_error,
        log: result.log,
        duration_ms: result.duration_ms,
        aws_calls: Vec::new(),
        invoked: Vec::new(),
    }
}

/// Invokes the Node.js function `config` in its Worker (started, with INIT, when it has none or
/// runs another deployment), its AWS SDK calls answered from `aws` (the calls that succeeded
/// come back in the reply).
pub(crate) async fn invoke(
    config: FunctionConfig,
    call: LambdaCall,
    aws: Option<AwsSnapshot>,
) -> LambdaReply {
    let handler = aws.map(|run| Rc::new(RefCell::new(HandlerAws::new(run))));
    let mut out = invoke_in_worker(config, call, handler.clone().map(|h| h as SharedAwsHost)).await;
    if let Some(h) = handler {
        out.aws_calls = std::mem::take(&mut *h.borrow_mut()).calls();
    }
    out
}

async fn invoke_in_worker(
    config: FunctionConfig,
    call: LambdaCall,
    aws: Option<SharedAwsHost>,
) -> LambdaReply {
    let name = config.function_name.clone();
    let request_id = call.request_id.clone();
    let limit = config.timeout_seconds.saturating_mul(1000);
    let same = ENVIRONMENTS.with_borrow(|envs| envs.get(&name).map(|e| e.config == config));
    let mut init = None;
    if same != Some(true) {
        reset(&name);
        let env = match spawn(&config) {
            Ok(env) => env,
            Err(e) => return reply(finish::crashed(&config, &request_id, &e)),
        };
        let message = init_message(&config, &env.log_stream_name);
        ENVIRONMENTS.with_borrow_mut(|envs| envs.insert(name.clone(), env));
        let started = now_millis();
        // INIT has the function's timeout too
        let outcome: InitOutcome = match request(&name, &message, limit).await {
            Reply::Text(text) => match parse(&text) {
                Ok(outcome) => outcome,
                Err(e) => {
                    reset(&name);
                    return reply(finish::crashed(&config, &request_id, &e));
                }
            },
            Reply::TimedOut => {
                reset(&name);
                return reply(finish::timed_out(&config, &request_id, None, started));
            }
            Reply::Lost => {
                reset(&name);
                return reply(finish::crashed(&config, &request_id, "the Node.js worker stopped"));
            }
        };
        if outcome.status != "ok" {
            reset(&name);
            return reply(finish::init_failed(&config, &request_id, &outcome));
        }
        init = Some(outcome);
    }
    let Some(stream) =
        ENVIRONMENTS.with_borrow(|envs| envs.get(&name).map(|e| e.log_stream_name.clone()))
    else {
        return reply(finish::crashed(&config, &request_id, "the Node.js worker stopped"));
    };
    let started = now_millis();
    let deadline = started + i64::from(config.timeout_seconds) * 1000;
    let message = invoke_message(&config, &stream, &call.payload, &request_id, deadline);
    ENVIRONMENTS.with_borrow(|envs| {
        if let Some(env) = envs.get(&name) {
            *env.aws.borrow_mut() = aws;
        }
    });
    let answered = request(&name, &message, limit).await;
    ENVIRONMENTS.with_borrow(|envs| {
        if let Some(env) = envs.get(&name) {
            *env.aws.borrow_mut() = None;
        }
    });
    match answered {
        Reply::Text(text) => match parse::<InvokeOutcome>(&text) {
            Ok(outcome) => {
                if outcome.reset || outcome.status == "exit" {
                    reset(&name);
                }
                reply(finish::invoked(&config, &request_id, init.as_ref(), &outcome))
            }
            Err(e) => {
                reset(&name);
                reply(finish::crashed(&config, &request_id, &e))
            }
        },
        Reply::TimedOut => {
            reset(&name);
            reply(finish::timed_out(&config, &request_id, init.as_ref(), started))
        }
        Reply::Lost => {
            reset(&name);
            reply(finish::crashed(&config, &request_id, "the Node.js worker stopped"))
        }
    }
}

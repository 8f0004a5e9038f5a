//! The worker's message loop.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use steplab_lambda::{ExecutionEnvironment, SharedAwsHost};
use steplab_runner::LambdaReply;
use steplab_runner::handler_aws::HandlerAws;
use steplab_runner::protocol::{SyntaxProblem, WorkerReply, WorkerRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// Each function's execution environment, by function name; a changed configuration (a new
    /// deploy) gets a new one.
    static ENVIRONMENTS: RefCell<HashMap<String, ExecutionEnvironment>> = RefCell::new(HashMap::new());
}

fn handle(request: WorkerRequest) -> Option<WorkerReply> {
    match request {
        WorkerRequest::Warm => {
            let started = now();
            // boots the interpreter the first function's environment starts from
            steplab_lambda::prewarm();
            Some(WorkerReply::Ready { boot_ms: now() - started })
        }
        WorkerRequest::Check { id, code, runtime } => {
            let path = "/var/task/lambda_function.py";
            let problem =
                steplab_lambda::check_syntax_for(&code, path, &runtime).map(|p| SyntaxProblem {
                    message: p.message,
                    line: p.line,
                    column: p.column,
                    end_line: p.end_line,
                    end_column: p.end_column,
                });
            Some(WorkerReply::Checked { id, problem })
        }
        WorkerRequest::Invoke { id, function, call, aws } => {
            // the function's boto3 calls are answered from the run's copy, and go back with the
            // reply for the run to make
            let host = aws.map(|run| Rc::new(RefCell::new(HandlerAws::new(*run))));
            let result = ENVIRONMENTS.with_borrow_mut(|environments| {
                let name = function.function_name.clone();
                let environment = match environments.get_mut(&name) {
                    Some(warm) if *warm.config() == function => warm,
                    _ => {
                        environments.insert(name.clone(), ExecutionEnvironment::new(function));
                        environments.get_mut(&name)?
                    }
                };
                // the page's watchdog counts the function's timeout from the handler's start
                let mut handler_starts = || post(&WorkerReply::HandlerStarted { id });
                let shared = host.clone().map(|h| h as SharedAwsHost);
                Some(environment.invoke_observed_with(
                    &call.payload,
                    &call.request_id,
                    &mut handler_starts,
                    shared,
                ))
            })?;
            let aws_calls =
                host.map(|h| std::mem::take(&mut *h.borrow_mut()).calls()).unwrap_or_default();
            Some(WorkerReply::Invoked {
                id,
                reply: LambdaReply {
                    payload: result.payload,
                    function_error: result.function_error,
                    log: result.log,
                    duration_ms: result.duration_ms,
                    aws_calls,
                },
            })
        }
    }
}

fn post(reply: &WorkerReply) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(text) = serde_json::to_string(reply) {
        let _ = scope.post_message(&text.into());
    }
}

fn now() -> f64 {
    js_sys::global()
        .unchecked_into::<web_sys::WorkerGlobalScope>()
        .performance()
        .map_or(0.0, |p| p.now())
}

pub(crate) fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        let Ok(request) = serde_json::from_str::<WorkerRequest>(&text) else { return };
        let invoked = matches!(request, WorkerRequest::Invoke { .. });
        if let Some(reply) = handle(request)
            && let Ok(text) = serde_json::to_string(&reply)
        {
            let _ = reply_to.post_message(&text.into());
        }
        if invoked && !steplab_lambda::has_prewarmed() {
            // once the reply is on its way, boot the interpreter the next environment of this
            // worker (a new deploy, or a reset after a timeout) starts from
            let later = Closure::once_into_js(steplab_lambda::prewarm);
            let _ = reply_to
                .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // `steplabStarted`: performance.now() at the loader's first line (web/lambda-worker_loader.js)
    let script_ms = js_sys::Reflect::get(&scope, &"steplabStarted".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or_default();
    let loaded = WorkerReply::Loaded { script_ms, listening_ms: now() };
    if let Ok(text) = serde_json::to_string(&loaded) {
        let _ = scope.post_message(&text.into());
    }
}

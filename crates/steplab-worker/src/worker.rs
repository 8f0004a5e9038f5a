//! The worker's message loop.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use steplab_lambda::{AwsError, Environments, ExecutionEnvironment, FunctionConfig, SharedAwsHost};
use steplab_runner::handler_aws::{HandlerAws, Invoker, NestedInvoke};
use steplab_runner::{LambdaCall, LambdaReply};

use steplab_runner::protocol::{SyntaxProblem, WorkerReply, WorkerRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// Each function's execution environment, by function name; a changed configuration (a new
    /// deploy) gets a new one.
    static ENVIRONMENTS: RefCell<HashMap<String, ExecutionEnvironment>> = RefCell::new(HashMap::new());
    /// The environments of the Python functions the functions here invoke synchronously (each in
    /// an interpreter of its own: another execution environment, warm after its first call).
    static NESTED: Environments = Environments::default();
}

/// Runs what a function here invokes synchronously (Lambda `Invoke`, `RequestResponse`) while it
/// waits: this Worker runs Python synchronously and cannot await a message, so a Python target
/// runs here, in an interpreter of its own ([`NESTED`]); a Node.js target runs in a Worker of its
/// own, which the execution Worker starts, while this one blocks on shared memory
/// ([`crate::elsewhere`]).
struct Nested {
    /// The calling invocation's request id (that of the function the execution Worker sent).
    id: u32,
    functions: HashMap<String, FunctionConfig>,
}

impl Nested {
    fn new(id: u32, functions: Vec<FunctionConfig>) -> Self {
        NESTED.with(|nested| {
            let known = nested.configs();
            let mut nested = nested.handle();
            for config in &functions {
                if !is_node(config) && !known.contains(config) {
                    // a function deployed again starts cold
                    nested.add(config.clone());
                }
            }
        });
        Nested {
            id,
            functions: functions.into_iter().map(|f| (f.function_name.clone(), f)).collect(),
        }
    }
}

fn is_node(config: &FunctionConfig) -> bool {
    config.runtime.starts_with("nodejs")
}

impl Invoker for Nested {
    fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        self.functions.get(&call.function_name).filter(|f| !is_node(f))?;
        let mut nested = NESTED.with(Environments::handle);
        let result =
            nested.invoke_with(&call.function_name, &call.payload, &call.request_id, aws)?;
        Some(
            LambdaReply::new(result.payload, result.function_error, result.log, result.duration_ms)
                .in_stream(result.log_stream_name),
        )
    }

    fn elsewhere(&self, nested: &NestedInvoke) -> Option<Result<Option<LambdaReply>, AwsError>> {
        let name = &nested.call.function_name;
        self.functions.get(name).filter(|f| is_node(f))?;
        let failed = |why: String| AwsError {
            code: "ServiceException".into(),
            message: format!(
                "StepLab cannot run the Node.js function {name} while a Python function waits for it: {why}"
            ),
            status: 500,
        };
        if !crate::elsewhere::isolated() {
            return Some(Err(failed(
                "this page is not cross-origin isolated, so a Python function's Worker cannot wait for another Worker (StepLab's service worker isolates the page from its next load on: reload the page), or invoke it with InvocationType 'Event', or from a Task state".into(),
            )));
        }
        Some(crate::elsewhere::invoke(self.id, nested).map_err(failed))
    }
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
        WorkerRequest::Invoke { id, function, call, aws, functions } => {
            // the function's boto3 calls are answered from the run's copy, and go back with the
            // reply for the run to make; a Python function it invokes synchronously runs here
            let invoker: Rc<dyn Invoker> = Rc::new(Nested::new(id, functions));
            let host =
                aws.map(|run| Rc::new(RefCell::new(HandlerAws::with_invoker(*run, Some(invoker)))));
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
            let (aws_calls, invoked) =
                host.map(|h| std::mem::take(&mut *h.borrow_mut()).finish()).unwrap_or_default();
            Some(WorkerReply::Invoked {
                id,
                reply: LambdaReply {
                    payload: result.payload,
                    function_error: result.function_error,
                    log: result.log,
                    duration_ms: result.duration_ms,
                    aws_calls,
                    invoked,
                    log_stream_name: result.log_stream_name,
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

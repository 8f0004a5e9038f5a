//! Node.js functions for `runAsync`: each function's execution environment is StepLab's Node.js
//! runtime in a module Worker of its own (a browser) or in a `node` child process (Node.js), the
//! same JavaScript and messages the app and the CLI use (`js/node-environment.js` starts it;
//! [`steplab_node::session`] drives it). Environments are warm across a run's invocations and
//! ended with the run.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use steplab_function::FunctionConfig;
use steplab_function::aws::{AwsError, SharedAwsHost};
use steplab_node::session::{self, Channel, Environment, Reply};
use steplab_runner::handler_aws::{HandlerAws, Invoke, Invoker, NestedInvoke};
use steplab_runner::sync::AsyncFunctions;
use steplab_runner::{Functions, LambdaCall, LambdaReply};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/node-environment.js")]
extern "C" {
    /// An environment started by `startEnvironment`.
    type JsEnvironment;

    #[wasm_bindgen(js_name = startEnvironment, catch)]
    fn start_environment(worker_host: &str, node_host: &str) -> Result<JsEnvironment, JsValue>;

    /// Resolves to `{kind: "reply", text}`, `{kind: "timeout"}` or `{kind: "lost", detail}`.
    #[wasm_bindgen(method)]
    fn request(
        this: &JsEnvironment,
        text: &str,
        limit_ms: u32,
        answer_aws: &js_sys::Function,
    ) -> js_sys::Promise;

    #[wasm_bindgen(method)]
    fn terminate(this: &JsEnvironment);
}

/// The line to one environment, and the run's Node.js functions (what a synchronous `Invoke`
/// from its function may reach).
struct JsChannel {
    environment: JsEnvironment,
    functions: NodeFunctions,
}

impl Channel for JsChannel {
    async fn request(
        &mut self,
        message: &serde_json::Value,
        limit_ms: u32,
        aws: Option<SharedAwsHost>,
    ) -> Reply {
        // the function's AWS SDK calls, answered while the invocation runs: at once, or (a
        // synchronous `Invoke` of a Node.js function) with a promise settled when it returns
        let functions = self.functions.clone();
        let answer = Closure::<dyn FnMut(String) -> JsValue>::new(move |line: String| {
            let Some(call) = steplab_node::sdk::call_of(&line) else {
                return JsValue::from_str("");
            };
            if let Some(aws) = aws.clone()
                && functions.is_node_invoke(&call)
            {
                let functions = functions.clone();
                return wasm_bindgen_futures::future_to_promise(async move {
                    Ok(JsValue::from_str(&functions.answer_invoke(&call, &aws).await))
                })
                .into();
            }
            JsValue::from_str(&steplab_node::sdk::answer(&call, aws.as_ref()))
        });
        let promise = self.environment.request(
            &message.to_string(),
            limit_ms,
            answer.as_ref().unchecked_ref(),
        );
        let outcome = JsFuture::from(promise).await;
        drop(answer);
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(e) => return Reply::Lost(describe(&e)),
        };
        let field = |name: &str| {
            js_sys::Reflect::get(&outcome, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        match field("kind").as_str() {
            "reply" => Reply::Text(field("text")),
            "timeout" => Reply::TimedOut,
            _ => Reply::Lost(field("detail")),
        }
    }

    fn terminate(&mut self) {
        self.environment.terminate();
    }
}

/// Starts environments in this JavaScript host, for the run's Node.js functions.
struct JsHost(NodeFunctions);

impl session::Host for JsHost {
    type Channel = JsChannel;

    fn spawn(&mut self, _config: &FunctionConfig) -> Result<JsChannel, String> {
        start_environment(steplab_node::WORKER_HOST_JS, steplab_node::NODE_HOST_JS)
            .map(|environment| JsChannel { environment, functions: self.0.clone() })
            .map_err(|e| describe(&e))
    }

    fn now_ms(&self) -> i64 {
        #[allow(clippy::cast_possible_truncation)]
        let now = js_sys::Date::now() as i64;
        now
    }

    fn log_stream_name(&mut self) -> String {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        session::log_stream_name(self.now_ms(), || (js_sys::Math::random() * 16.0) as u8)
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// A `runAsync` run's functions: the Python ones in this thread, the Node.js ones in their
/// environments.
pub(crate) struct Mixed {
    python: steplab_lambda::Environments,
    node: NodeFunctions,
}

impl Mixed {
    pub(crate) fn new(python: steplab_lambda::Environments, node: &[FunctionConfig]) -> Self {
        let functions = NodeFunctions::new(python.handle(), node);
        Mixed { python, node: functions }
    }

    /// Ends the Node.js functions' environments.
    pub(crate) fn end(&mut self) {
        self.node.end();
    }
}

impl Drop for Mixed {
    fn drop(&mut self) {
        self.end();
    }
}

impl AsyncFunctions for Mixed {
    async fn invoke_with(&mut self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        if self.node.has(&call.function_name) {
            return self.node.invoke(call, aws).await;
        }
        Functions::invoke_with(&mut self.python, call, aws)
    }

    fn invoker(&mut self) -> Option<Rc<dyn Invoker>> {
        Some(self.node.python_invoker())
    }
}

/// What runs a synchronous `Invoke` from a function at once, while the caller waits: a Python
/// target, here; a Node.js target answers asynchronously, which a Python caller (running
/// synchronously in this thread) cannot wait for, so it is refused with a message. A Node.js
/// caller's `Invoke` of a Node.js function does not come here: its answer waits for the target
/// ([`NodeFunctions::answer_invoke`]).
struct PythonInvoker {
    python: steplab_lambda::Environments,
    node: BTreeSet<String>,
}

impl Invoker for PythonInvoker {
    fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        Invoker::invoke(&self.python, call, aws)
    }

    fn elsewhere(&self, nested: &NestedInvoke) -> Option<Result<Option<LambdaReply>, AwsError>> {
        let name = &nested.call.function_name;
        self.node.contains(name).then(|| {
            Err(AwsError {
                code: "ServiceException".into(),
                message: format!(
                    "StepLab cannot run the Node.js function {name} while a Python function waits for it in the JavaScript API (Python functions run synchronously in runAsync's thread, a Node.js function answers asynchronously): invoke it with InvocationType 'Event', or from a Task state"
                ),
                status: 500,
            })
        })
    }
}

/// A run's Node.js functions, by name, with the idle environments of each (an invocation takes
/// one out while it runs, so a function invoked while all of its environments are busy — by
/// itself, say — gets a new one, as Lambda scales out), and the run's Python functions (what
/// their synchronous `Invoke`s reach).
#[derive(Clone)]
pub(crate) struct NodeFunctions(Rc<RefCell<Pool>>);

struct Pool {
    configs: BTreeMap<String, FunctionConfig>,
    idle: BTreeMap<String, Vec<Environment<JsChannel>>>,
    python: steplab_lambda::Environments,
}

impl NodeFunctions {
    fn new(python: steplab_lambda::Environments, node: &[FunctionConfig]) -> Self {
        let configs = node.iter().map(|c| (c.function_name.clone(), c.clone())).collect();
        NodeFunctions(Rc::new(RefCell::new(Pool { configs, idle: BTreeMap::new(), python })))
    }

    fn has(&self, name: &str) -> bool {
        self.0.borrow().configs.contains_key(name)
    }

    fn python_invoker(&self) -> Rc<dyn Invoker> {
        let pool = self.0.borrow();
        Rc::new(PythonInvoker {
            python: pool.python.handle(),
            node: pool.configs.keys().cloned().collect(),
        })
    }

    /// Invokes the function of `call`, if it is one of these, in an idle environment of it (a
    /// new one when all are busy).
    pub(crate) async fn invoke(
        &self,
        call: &LambdaCall,
        aws: SharedAwsHost,
    ) -> Option<LambdaReply> {
        let (config, mut slot) = {
            let mut pool = self.0.borrow_mut();
            let config = pool.configs.get(&call.function_name)?.clone();
            let slot = pool.idle.get_mut(&call.function_name).and_then(Vec::pop);
            (config, slot)
        };
        let mut host = JsHost(self.clone());
        let result = session::invoke(
            &mut host,
            &mut slot,
            &config,
            &call.payload,
            &call.request_id,
            Some(aws),
        )
        .await;
        if let Some(environment) = slot {
            self.0
                .borrow_mut()
                .idle
                .entry(call.function_name.clone())
                .or_default()
                .push(environment);
        }
        Some(
            LambdaReply::new(result.payload, result.function_error, result.log, result.duration_ms)
                .in_stream(result.log_stream_name),
        )
    }

    /// Whether `call` is a Lambda `Invoke` of one of these functions (answered once it returns).
    fn is_node_invoke(&self, call: &steplab_node::sdk::SdkCall) -> bool {
        call.service == "lambda"
            && call.operation == "Invoke"
            && ["FunctionName", "functionName"]
                .iter()
                .find_map(|k| call.input.get(*k).and_then(serde_json::Value::as_str))
                .and_then(|name| steplab_runner::FunctionRef::parse(name).ok())
                .is_some_and(|f| self.has(&f.name))
    }

    /// The answer to a Node.js function's `Invoke` of one of these: checked by the caller's
    /// handler, run in an environment of the target with a copy of the run as the caller's calls
    /// left it, its SDK calls then made again on the caller's copy.
    async fn answer_invoke(
        &self,
        call: &steplab_node::sdk::SdkCall,
        aws: &SharedAwsHost,
    ) -> String {
        let with_handler = |f: &mut dyn FnMut(&mut HandlerAws) -> Result<Invoke, AwsError>| {
            let mut host = aws.borrow_mut();
            match host.as_any_mut().and_then(|h| h.downcast_mut::<HandlerAws>()) {
                Some(handler) => f(handler),
                None => Err(AwsError {
                    code: "ServiceException".into(),
                    message: "StepLab cannot run another function while this one waits for it here"
                        .into(),
                    status: 500,
                }),
            }
        };
        let nested = match with_handler(&mut |h| h.begin_invoke(&call.input)) {
            Ok(Invoke::Run(nested)) => nested,
            Ok(Invoke::Answered(output)) => return steplab_node::sdk::reply(call.id, Ok(output)),
            Err(e) => return steplab_node::sdk::reply(call.id, Err(e)),
        };
        // the target's own calls are answered from its copy of the run
        let target = Rc::new(RefCell::new(nested.handler(Some(self.python_invoker()))));
        let shared: SharedAwsHost = target.clone();
        let reply = self.invoke(&nested.call, shared).await.map(|mut reply| {
            let (calls, invoked) = std::mem::take(&mut *target.borrow_mut()).finish();
            reply.aws_calls = calls;
            reply.invoked = invoked;
            reply
        });
        let mut host = aws.borrow_mut();
        let outcome = match host.as_any_mut().and_then(|h| h.downcast_mut::<HandlerAws>()) {
            Some(handler) => handler.end_invoke(*nested, reply, None),
            None => Err(AwsError {
                code: "ServiceException".into(),
                message: "StepLab lost the caller of this invocation".into(),
                status: 500,
            }),
        };
        steplab_node::sdk::reply(call.id, outcome)
    }

    /// Ends every environment (their Workers or processes).
    pub(crate) fn end(&self) {
        let idle = std::mem::take(&mut self.0.borrow_mut().idle);
        for mut slot in idle.into_values().flatten().map(Some) {
            session::reset(&mut slot);
        }
    }
}

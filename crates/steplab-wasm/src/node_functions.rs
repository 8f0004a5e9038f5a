//! Node.js functions for `runAsync`: each function's execution environment is StepLab's Node.js
//! runtime in a module Worker of its own (a browser) or in a `node` child process (Node.js), the
//! same JavaScript and messages the app and the CLI use (`js/node-environment.js` starts it;
//! [`steplab_node::session`] drives it). Environments are warm across a run's invocations and
//! ended with the run.

use std::collections::BTreeMap;

use steplab_function::FunctionConfig;
use steplab_function::aws::SharedAwsHost;
use steplab_node::session::{self, Channel, Environment, Reply};
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

/// The line to one environment.
struct JsChannel(JsEnvironment);

impl Channel for JsChannel {
    async fn request(
        &mut self,
        message: &serde_json::Value,
        limit_ms: u32,
        aws: Option<SharedAwsHost>,
    ) -> Reply {
        // the function's AWS SDK calls, answered while the invocation runs
        let answer = Closure::<dyn FnMut(String) -> String>::new(move |line: String| {
            match steplab_node::sdk::call_of(&line) {
                Some(call) => steplab_node::sdk::answer(&call, aws.as_ref()),
                None => String::new(),
            }
        });
        let promise =
            self.0.request(&message.to_string(), limit_ms, answer.as_ref().unchecked_ref());
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
        self.0.terminate();
    }
}

/// Starts environments in this JavaScript host.
struct JsHost;

impl session::Host for JsHost {
    type Channel = JsChannel;

    fn spawn(&mut self, _config: &FunctionConfig) -> Result<JsChannel, String> {
        start_environment(steplab_node::WORKER_HOST_JS, steplab_node::NODE_HOST_JS)
            .map(JsChannel)
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
        let mut functions = NodeFunctions::default();
        for config in node {
            functions.add(config.clone());
        }
        Mixed { python, node: functions }
    }

    /// Ends the Node.js functions' environments.
    pub(crate) fn end(&mut self) {
        self.node.end();
    }
}

impl AsyncFunctions for Mixed {
    async fn invoke_with(&mut self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        if self.node.functions.contains_key(&call.function_name) {
            return self.node.invoke(call, aws).await;
        }
        Functions::invoke_with(&mut self.python, call, aws)
    }

    // a function's synchronous Invoke reaches the Python functions (run here while it waits); a
    // Node.js function answers later, which a waiting function cannot
    fn invoker(&mut self) -> Option<std::rc::Rc<dyn steplab_runner::handler_aws::Invoker>> {
        Functions::invoker(&mut self.python)
    }
}

/// A run's Node.js functions, by name, each with its environment once started.
#[derive(Default)]
pub(crate) struct NodeFunctions {
    functions: BTreeMap<String, (FunctionConfig, Option<Environment<JsChannel>>)>,
    host: Option<JsHost>,
}

impl NodeFunctions {
    pub(crate) fn add(&mut self, config: FunctionConfig) {
        self.functions.insert(config.function_name.clone(), (config, None));
        self.host.get_or_insert(JsHost);
    }

    /// Invokes the function of `call`, if it is one of these.
    pub(crate) async fn invoke(
        &mut self,
        call: &LambdaCall,
        aws: SharedAwsHost,
    ) -> Option<LambdaReply> {
        let host = self.host.as_mut()?;
        let (config, slot) = self.functions.get_mut(&call.function_name)?;
        let result =
            session::invoke(host, slot, config, &call.payload, &call.request_id, Some(aws)).await;
        Some(LambdaReply::new(
            result.payload,
            result.function_error,
            result.log,
            result.duration_ms,
        ))
    }

    /// Ends every environment (their Workers or processes).
    pub(crate) fn end(&mut self) {
        for (_, slot) in self.functions.values_mut() {
            session::reset(slot);
        }
    }
}

impl Drop for NodeFunctions {
    fn drop(&mut self) {
        self.end();
    }
}

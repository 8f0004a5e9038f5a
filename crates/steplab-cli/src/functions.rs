//! The Lambda functions of a run, each in an execution environment of its runtime: Python sources
//! on RustPython (`steplab_lambda::Environments`), Node.js sources in a `node` process each
//! (`steplab_node::NodeEnvironment`, StepLab's Node.js runtime: the same JavaScript the browser
//! runs in a Worker). The runtime comes from the file: `.py` Python, `.mjs`, `.js`, `.cjs` Node.js.
//! A function a function invokes synchronously runs here too, while the caller waits.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use steplab_lambda::{Environments, FunctionConfig, SharedAwsHost};
use steplab_node::NodeEnvironment;
use steplab_runner::handler_aws::Invoker;
use steplab_runner::{Functions, LambdaCall, LambdaReply, Partition};

/// Whether a source file is a Node.js function's.
pub(crate) fn is_node_file(file_name: &str) -> bool {
    [".mjs", ".js", ".cjs"].iter().any(|x| file_name.ends_with(x))
}

/// Function `name` of `partition`, whose code is served as `/var/task/{file_name}`; its runtime
/// and default handler follow the file (`lambda_function.lambda_handler`, `index.handler`).
pub(crate) fn config(
    name: &str,
    code: &str,
    file_name: &str,
    handler: Option<&str>,
    partition: &Partition,
) -> FunctionConfig {
    let node = is_node_file(file_name);
    let mut config = if node {
        steplab_node::function_config(name, code)
    } else {
        FunctionConfig::new(name, code)
    };
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    let default = if node { format!("{stem}.handler") } else { format!("{stem}.lambda_handler") };
    config.handler = handler.map_or(default, str::to_owned);
    config.file_name = file_name.to_owned();
    config.region.clone_from(&partition.region);
    config.account.clone_from(&partition.account);
    config
}

/// Gives `config` the runtime `runtime` (an identifier, or the console's name: `Python 3.12`) when
/// it is of the function's language; an error otherwise. A runtime StepLab does not offer runs on
/// the nearest one it offers: the notice says which.
pub(crate) fn set_runtime(
    config: &mut FunctionConfig,
    runtime: &str,
) -> anyhow::Result<Option<String>> {
    use steplab_function::runtime::{OFFERED, display_name, id, runs_on};
    let runtime = id(runtime);
    let node = is_node_file(&config.file_name);
    let language = if node { "nodejs" } else { "python" };
    let Some(offered) = runs_on(&runtime).filter(|o| o.starts_with(language)) else {
        let choices: Vec<&str> =
            OFFERED.iter().copied().filter(|o| o.starts_with(language)).collect();
        anyhow::bail!(
            "--runtime {runtime}: not a runtime of {} (choose one of {})",
            config.file_name,
            choices.join(", ")
        );
    };
    let notice = (offered != runtime).then(|| {
        format!(
            "{} is not a runtime StepLab offers: the function runs on {}",
            display_name(&runtime),
            display_name(offered)
        )
    });
    config.runtime = runtime;
    Ok(notice)
}

/// The run's functions, by runtime. A handle: a function invoked synchronously by another
/// (Lambda `Invoke`, `RequestResponse`) runs through another handle while its caller waits, in
/// an idle environment of its own or a new one (its caller's, when it invoked itself, is busy).
#[derive(Default)]
pub(crate) struct Hosts {
    python: Environments,
    node: Rc<RefCell<NodeFunctions>>,
}

/// The Node.js functions, with their idle environments (the one that last finished last).
#[derive(Default)]
struct NodeFunctions {
    configs: BTreeMap<String, FunctionConfig>,
    idle: BTreeMap<String, Vec<NodeEnvironment>>,
}

impl Hosts {
    pub(crate) fn add(&mut self, config: FunctionConfig) {
        if steplab_node::runtimes::is_node(&config.runtime) {
            let mut node = self.node.borrow_mut();
            node.idle.remove(&config.function_name);
            node.configs.insert(config.function_name.clone(), config);
        } else {
            self.python.add(config);
        }
    }

    fn handle(&self) -> Hosts {
        Hosts { python: self.python.handle(), node: Rc::clone(&self.node) }
    }

    /// Runs `call` in an idle environment of its function (a new one when all are busy);
    /// `None` when there is no such function.
    fn run(&self, call: &LambdaCall, aws: Option<SharedAwsHost>) -> Option<LambdaReply> {
        let node = {
            let mut node = self.node.borrow_mut();
            node.configs.get(&call.function_name).cloned().map(|config| {
                let idle = node.idle.get_mut(&call.function_name).and_then(Vec::pop);
                (idle.unwrap_or_else(|| NodeEnvironment::new(config.clone())), config)
            })
        };
        let Some((mut env, config)) = node else {
            let mut python = self.python.handle();
            return match aws {
                Some(aws) => Functions::invoke_with(&mut python, call, aws),
                None => Functions::invoke(&mut python, call),
            };
        };
        let result = env.invoke_with(&call.payload, &call.request_id, aws);
        let mut node = self.node.borrow_mut();
        if node.configs.get(&call.function_name) == Some(&config) {
            node.idle.entry(call.function_name.clone()).or_default().push(env);
        }
        Some(
            LambdaReply::new(result.payload, result.function_error, result.log, result.duration_ms)
                .in_stream(result.log_stream_name),
        )
    }
}

impl Functions for Hosts {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        let mut all = Functions::timeouts(&self.python);
        all.extend(
            self.node
                .borrow()
                .configs
                .values()
                .map(|c| (c.function_name.clone(), c.timeout_seconds)),
        );
        all
    }

    fn invoke_with(&mut self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        self.run(call, Some(aws))
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        self.run(call, None)
    }

    fn invoker(&mut self) -> Option<Rc<dyn Invoker>> {
        Some(Rc::new(self.handle()))
    }
}

impl Invoker for Hosts {
    fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        self.run(call, Some(aws))
    }
}

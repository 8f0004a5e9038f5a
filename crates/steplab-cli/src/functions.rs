//! The Lambda functions of a run, each in an execution environment of its runtime: Python sources
//! on RustPython (`steplab_lambda::Environments`), Node.js sources in a `node` process each
//! (`steplab_node::NodeEnvironment`, StepLab's Node.js runtime: the same JavaScript the browser
//! runs in a Worker). The runtime comes from the file: `.py` Python, `.mjs`, `.js`, `.cjs` Node.js.

use std::collections::BTreeMap;

use steplab_lambda::{Environments, FunctionConfig};
use steplab_node::NodeEnvironment;
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

/// The run's functions, by runtime.
#[derive(Default)]
pub(crate) struct Hosts {
    python: Environments,
    node: BTreeMap<String, NodeEnvironment>,
}

impl Hosts {
    pub(crate) fn add(&mut self, config: FunctionConfig) {
        if steplab_node::runtimes::is_node(&config.runtime) {
            self.node.insert(config.function_name.clone(), NodeEnvironment::new(config));
        } else {
            self.python.add(config);
        }
    }
}

impl Functions for Hosts {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        let mut all = Functions::timeouts(&self.python);
        all.extend(
            self.node
                .values()
                .map(|e| (e.config().function_name.clone(), e.config().timeout_seconds)),
        );
        all
    }

    fn invoke_with(
        &mut self,
        call: &LambdaCall,
        aws: steplab_lambda::SharedAwsHost,
    ) -> Option<LambdaReply> {
        if let Some(env) = self.node.get_mut(&call.function_name) {
            let result = env.invoke_with(&call.payload, &call.request_id, Some(aws));
            return Some(LambdaReply {
                payload: result.payload,
                function_error: result.function_error,
                log: result.log,
                duration_ms: result.duration_ms,
                aws_calls: Vec::new(),
            });
        }
        Functions::invoke_with(&mut self.python, call, aws)
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let Some(env) = self.node.get_mut(&call.function_name) else {
            return Functions::invoke(&mut self.python, call);
        };
        let result = env.invoke(&call.payload, &call.request_id);
        Some(LambdaReply {
            payload: result.payload,
            function_error: result.function_error,
            log: result.log,
            duration_ms: result.duration_ms,
            aws_calls: Vec::new(),
        })
    }
}

//! The Lambda functions of a run: Python sources on RustPython in this thread, one execution
//! environment per function, warm after its first invocation (as the CLI runs them).

use std::collections::{BTreeMap, HashMap};

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
use steplab_runner::{Functions, LambdaCall, LambdaReply, Partition};

use crate::request::Function;

pub(crate) struct PythonFunctions {
    configs: HashMap<String, FunctionConfig>,
    warm: HashMap<String, ExecutionEnvironment>,
}

impl PythonFunctions {
    pub(crate) fn new(functions: &BTreeMap<String, Function>, partition: &Partition) -> Self {
        let configs = functions
            .iter()
            .map(|(name, f)| {
                let mut config = FunctionConfig::new(name, &f.code);
                config.handler.clone_from(&f.handler);
                config.file_name = f.file_name();
                config.timeout_seconds = f.timeout_seconds;
                config.memory_size_mb = f.memory_size_mb;
                config.environment.clone_from(&f.environment);
                config.region.clone_from(&partition.region);
                config.account.clone_from(&partition.account);
                (name.clone(), config)
            })
            .collect();
        Self { configs, warm: HashMap::new() }
    }
}

impl Functions for PythonFunctions {
    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let config = self.configs.get(&call.function_name)?;
        let environment = self
            .warm
            .entry(call.function_name.clone())
            .or_insert_with(|| ExecutionEnvironment::new(config.clone()));
        let result = environment.invoke(&call.payload, &call.request_id);
        Some(LambdaReply {
            payload: result.payload,
            function_error: result.function_error,
            log: result.log,
            duration_ms: result.duration_ms,
        })
    }
}

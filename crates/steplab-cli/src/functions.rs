//! The Lambda functions of a run: Python sources on RustPython, one execution environment each.

use std::collections::HashMap;

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
use steplab_runner::{Functions, LambdaCall, LambdaReply, Partition};

pub(crate) struct PythonFunctions {
    partition: Partition,
    configs: HashMap<String, FunctionConfig>,
    warm: HashMap<String, ExecutionEnvironment>,
}

impl PythonFunctions {
    pub(crate) fn new(partition: Partition) -> Self {
        Self { partition, configs: HashMap::new(), warm: HashMap::new() }
    }

    /// Adds function `name` whose code is served as `/var/task/{file_name}`.
    pub(crate) fn add(&mut self, name: &str, code: &str, file_name: &str, handler: &str) {
        let mut config = FunctionConfig::new(name, code);
        config.handler = handler.to_owned();
        config.file_name = file_name.to_owned();
        config.region.clone_from(&self.partition.region);
        config.account.clone_from(&self.partition.account);
        self.configs.insert(name.to_owned(), config);
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

//! The functions of a run, each given its execution environment at its first invocation (INIT, a
//! cold start) and keeping it for the later ones (warm), as Lambda keeps one environment warm
//! between calls of a function.

use std::collections::HashMap;

use crate::{ExecutionEnvironment, FunctionConfig, InvokeResult, SharedAwsHost};

/// Functions by name, with the execution environments of those invoked so far.
#[derive(Default)]
pub struct Environments {
    configs: HashMap<String, FunctionConfig>,
    warm: HashMap<String, ExecutionEnvironment>,
}

impl Environments {
    /// Adds (or replaces) the function `config.function_name`; its next invocation starts cold.
    pub fn add(&mut self, config: FunctionConfig) {
        self.warm.remove(&config.function_name);
        self.configs.insert(config.function_name.clone(), config);
    }

    /// The functions' configurations.
    pub fn configs(&self) -> impl Iterator<Item = &FunctionConfig> {
        self.configs.values()
    }

    /// Invokes function `name` with the event `event_json`; `None` when there is no such function.
    pub fn invoke(
        &mut self,
        name: &str,
        event_json: &str,
        request_id: &str,
    ) -> Option<InvokeResult> {
        let config = self.configs.get(name)?;
        let environment = self
            .warm
            .entry(name.to_owned())
            .or_insert_with(|| ExecutionEnvironment::new(config.clone()));
        Some(environment.invoke(event_json, request_id))
    }

    /// [`Environments::invoke`] with the AWS services `aws` answering the function's `boto3`.
    pub fn invoke_with(
        &mut self,
        name: &str,
        event_json: &str,
        request_id: &str,
        aws: SharedAwsHost,
    ) -> Option<InvokeResult> {
        let config = self.configs.get(name)?;
        let environment = self
            .warm
            .entry(name.to_owned())
            .or_insert_with(|| ExecutionEnvironment::new(config.clone()));
        Some(environment.invoke_with(event_json, request_id, aws))
    }
}

//! The functions of a run, each given its execution environment at its first invocation (INIT, a
//! cold start) and keeping it for the later ones (warm), as Lambda keeps one environment warm
//! between calls of a function. An invocation that comes while every environment of its function
//! is busy (the function invoked synchronously from itself, directly or through another) gets a
//! new environment, as Lambda scales out; both stay warm afterwards.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::{ExecutionEnvironment, FunctionConfig, InvokeResult, SharedAwsHost};

/// Functions by name, with the execution environments of those invoked so far. A handle: its
/// [`Environments::handle`] reaches the same functions and environments, so a host can run a
/// function while another one, which invoked it, waits (each invocation takes an idle
/// environment out while it runs).
#[derive(Default)]
pub struct Environments {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    configs: HashMap<String, FunctionConfig>,
    /// The idle environments of each function, the one that last finished last.
    idle: HashMap<String, Vec<ExecutionEnvironment>>,
}

impl Environments {
    /// Adds (or replaces) the function `config.function_name`; its next invocation starts cold.
    pub fn add(&mut self, config: FunctionConfig) {
        let mut inner = self.inner.borrow_mut();
        inner.idle.remove(&config.function_name);
        inner.configs.insert(config.function_name.clone(), config);
    }

    /// Another handle on the same functions and environments.
    pub fn handle(&self) -> Environments {
        Environments { inner: Rc::clone(&self.inner) }
    }

    /// The functions' configurations.
    pub fn configs(&self) -> Vec<FunctionConfig> {
        self.inner.borrow().configs.values().cloned().collect()
    }

    /// Invokes function `name` with the event `event_json`; `None` when there is no such function.
    pub fn invoke(
        &mut self,
        name: &str,
        event_json: &str,
        request_id: &str,
    ) -> Option<InvokeResult> {
        self.run(name, |environment| environment.invoke(event_json, request_id))
    }

    /// [`Environments::invoke`] with the AWS services `aws` answering the function's `boto3`.
    pub fn invoke_with(
        &mut self,
        name: &str,
        event_json: &str,
        request_id: &str,
        aws: SharedAwsHost,
    ) -> Option<InvokeResult> {
        self.run(name, |environment| environment.invoke_with(event_json, request_id, aws))
    }

    /// Runs `invoke` in an idle environment of `name` (a new one when none is idle), which is
    /// out of the pool meanwhile.
    fn run(
        &self,
        name: &str,
        invoke: impl FnOnce(&mut ExecutionEnvironment) -> InvokeResult,
    ) -> Option<InvokeResult> {
        let (mut environment, config) = {
            let mut inner = self.inner.borrow_mut();
            let config = inner.configs.get(name)?.clone();
            let idle = inner.idle.get_mut(name).and_then(Vec::pop);
            (idle.unwrap_or_else(|| ExecutionEnvironment::new(config.clone())), config)
        };
        let result = invoke(&mut environment);
        let mut inner = self.inner.borrow_mut();
        // a function deployed again meanwhile starts cold next time
        if inner.configs.get(name) == Some(&config) {
            inner.idle.entry(name.to_owned()).or_default().push(environment);
        }
        Some(result)
    }
}

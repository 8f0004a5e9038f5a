//! The reference lab run through the engine and the Python runtime, shared by the native and wasm tests.

use std::collections::{BTreeMap, HashMap};

use steplab_asl::{ExecutionStatus, HistoryEvent};
use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
use steplab_runner::{
    Driver, Functions, LambdaCall, LambdaReply, Partition, RunOptions, Setup, start,
};

pub(crate) const HANDLER: &str = include_str!("../../../../tests/data/lab/hello_step_function.py");
pub(crate) const DEFINITION: &str = include_str!("../../../../tests/data/lab/simple_lab.asl.json");
pub(crate) const LEGACY_DEFINITION: &str =
    include_str!("../../../../tests/data/lab/simple_lab_legacy.asl.json");

#[derive(Default)]
pub(crate) struct Python {
    pub(crate) code: HashMap<String, String>,
    warm: HashMap<String, ExecutionEnvironment>,
}

impl Functions for Python {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        self.code.keys().map(|name| (name.clone(), 3)).collect()
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let code = self.code.get(&call.function_name)?;
        let env = self.warm.entry(call.function_name.clone()).or_insert_with(|| {
            let mut config = FunctionConfig::new(&call.function_name, code);
            config.region = Partition::default().region;
            ExecutionEnvironment::new(config)
        });
        let r = env.invoke(&call.payload, &call.request_id);
        Some(LambdaReply::new(r.payload, r.function_error, r.log, r.duration_ms))
    }
}

pub(crate) struct Ran {
    pub status: ExecutionStatus,
    pub events: Vec<serde_json::Value>,
    pub logs: Vec<String>,
}

impl Ran {
    pub(crate) fn types(&self) -> Vec<&str> {
        self.events.iter().filter_map(|e| e["type"].as_str()).collect()
    }
}

/// Runs `definition` with `input`, the function `HelloStepFunction` being `handler`.
pub(crate) fn run(definition: &str, input: serde_json::Value, handler: &str) -> Ran {
    let parsed = steplab_asl::parse(definition);
    let machine = parsed
        .machine
        .unwrap_or_else(|| panic!("the definition is valid: {:?}", parsed.diagnostics));
    let mut python = Python::default();
    python.code.insert("HelloStepFunction".into(), handler.into());
    let options = RunOptions {
        partition: Partition::default(),
        name: "lab-run".into(),
        state_machine_name: "SimpleLab".into(),
        role_name: "StepFunctions-SimpleLab-role-ch8uti6wg".into(),
        start_millis: 1_764_072_000_000,
        seed: 1,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = start(machine, input, &options);
    let setup = Setup {
        functions: python.timeouts(),
        mocks: None,
        partition: options.partition.clone(),
        seed: options.seed,
    };
    let mut driver = Driver::new(execution, setup);
    let mut clock = options.start_millis;
    steplab_runner::sync::run_to_end(&mut driver, &mut python, &mut clock);
    Ran {
        status: driver.execution().status().clone(),
        events: driver.history().iter().map(HistoryEvent::to_json).collect(),
        logs: driver.logs().iter().map(|l| l.log.clone()).collect(),
    }
}

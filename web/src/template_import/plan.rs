//! What an imported template adds to the workspace: its functions and state machines as the
//! workspace keeps them, the resources' calls, and what the person should know first (the names
//! it replaces, the files left out of a function's package, the resources that already exist). No `web_sys`.

use std::collections::BTreeMap;

use serde_json::Value;
use steplab_function::FunctionConfig;
use steplab_runner::handler_aws::{AwsCall, MadeCall};
use steplab_template::Import;

use crate::store::{Function, StateMachine, Workspace};

/// What Import adds.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub functions: Vec<Function>,
    pub state_machines: Vec<StateMachine>,
    /// The resources' calls (tables, queues, topics, buckets, rules), in order.
    pub calls: Vec<AwsCall>,
    /// Functions and state machines whose names the workspace gives to something else.
    pub replaced: Vec<String>,
    /// What cannot come in as it is: what of a function's folder was left out of its package, a
    /// function whose handler file is missing or whose package is over StepLab's limits, a resource call that fails on the workspace's resources (one that
    /// exists already is kept as it is).
    pub notes: Vec<String>,
}

fn function(f: &steplab_template::Function, now: i64, notes: &mut Vec<String>) -> Option<Function> {
    let Some(file) = f.handler_file() else {
        notes.push(format!(
            "Function {} ({}): its handler {} has no file in its code; it is not imported.",
            f.name, f.logical_id, f.handler
        ));
        return None;
    };
    if !f.skipped_files.is_empty() {
        notes.push(format!(
            "Function {}: left out of its package: {}.",
            f.name,
            f.skipped_files.join("; ")
        ));
    }
    let files = f.files.iter().filter(|(p, _)| *p != file).map(|(p, t)| (p.clone(), t.clone()));
    let config = FunctionConfig {
        function_name: f.name.clone(),
        runtime: f.runtime.clone(),
        handler: f.handler.clone(),
        code: f.files[file].clone(),
        file_name: file.to_owned(),
        timeout_seconds: f.timeout,
        memory_size_mb: f.memory_size,
        environment: f.environment.clone(),
        logging: f.logging.clone(),
        files: files.collect(),
        ..FunctionConfig::new(&f.name, "")
    };
    if let Err(e) = config.check_package() {
        notes.push(format!("Function {} ({}): {e}; it is not imported.", f.name, f.logical_id));
        return None;
    }
    Some(Function {
        config,
        draft: None,
        test_events: Vec::new(),
        last_modified_millis: now,
        file_drafts: BTreeMap::new(),
    })
}

/// The plan of adding `import` to `workspace` at `now`.
pub fn plan(import: &Import, workspace: &Workspace, now: i64) -> Plan {
    let mut notes = Vec::new();
    let functions: Vec<Function> =
        import.functions.iter().filter_map(|f| function(f, now, &mut notes)).collect();
    let state_machines: Vec<StateMachine> = import
        .state_machines
        .iter()
        .map(|m| StateMachine {
            name: m.name.clone(),
            kind: m.machine_type.clone(),
            definition: m.definition.clone(),
            role_name: format!("StepFunctions-{}-role", m.name),
            creation_millis: now,
            versions: Default::default(),
            config: crate::studio::config::MachineConfig::default(),
        })
        .collect();
    let mut replaced = Vec::new();
    for f in &functions {
        if workspace.function(&f.config.function_name).is_some_and(|w| w.config != f.config) {
            replaced.push(format!("function {}", f.config.function_name));
        }
    }
    for m in &state_machines {
        if workspace.state_machine(&m.name).is_some_and(|w| w.definition != m.definition) {
            replaced.push(format!("state machine {}", m.name));
        }
    }
    let calls: Vec<AwsCall> = import
        .resources
        .iter()
        .filter_map(|c| {
            let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
            Some(AwsCall {
                service: s("service")?,
                operation: s("operation")?,
                input: c.get("input").cloned().unwrap_or(Value::Object(Default::default())),
            })
        })
        .collect();
    // the calls tried on a copy of the workspace's resources: what fails is said
    let mut scratch = workspace.services.clone();
    let context = steplab_services::Context {
        now_millis: now,
        region: workspace.partition.region.clone(),
        account: workspace.partition.account.clone(),
    };
    for c in &calls {
        if let Err(e) = scratch.call(&c.service, &c.operation, &c.input, &context) {
            notes.push(format!(
                "{} {}: {}: {} (kept as it is).",
                c.service, c.operation, e.code, e.message
            ));
        }
    }
    Plan { functions, state_machines, calls, replaced, notes }
}

/// The calls as the workspace makes them ([`crate::store::Action::MakeServiceCalls`]).
pub fn made(calls: &[AwsCall], now: i64) -> Vec<MadeCall> {
    calls.iter().map(|call| MadeCall { now_millis: now, call: call.clone() }).collect()
}

/// The template's parameters with their defaults, to show and change (name, default).
pub fn parameters(text: &str) -> BTreeMap<String, String> {
    let value = steplab_yaml::from_yaml_with(
        text,
        steplab_yaml::Options { cloudformation: true, ..Default::default() },
    )
    .ok()
    .or_else(|| serde_json::from_str(text).ok())
    .unwrap_or(Value::Null);
    value
        .get("Parameters")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .map(|(k, v)| {
                    let default = match v.get("Default") {
                        Some(Value::String(s)) => s.clone(),
                        Some(Value::Null) | None => String::new(),
                        Some(other) => other.to_string(),
                    };
                    (k.clone(), default)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sam_orders() -> (String, BTreeMap<String, String>) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/templates/sam-orders");
        let mut files = BTreeMap::new();
        for path in ["functions/validate/app.py", "statemachine/orders.asl.json"] {
            let text = std::fs::read_to_string(format!("{root}/{path}"))
                .expect("the test template's files");
            files.insert(path.to_owned(), text);
        }
        (
            std::fs::read_to_string(format!("{root}/template.yaml")).expect("the test template"),
            files,
        )
    }

    #[test]
    fn a_sam_template_becomes_functions_state_machines_and_resource_calls() {
        let (text, files) = sam_orders();
        let import = steplab_template::import(&text, &files, &steplab_template::Options::default());
        assert_eq!(import.problems, []);
        let workspace = Workspace::default();
        let p = plan(&import, &workspace, 1);
        assert_eq!(p.functions.len(), 1);
        let f = &p.functions[0].config;
        assert_eq!(
            (f.runtime.as_str(), f.file_name.as_str(), f.memory_size_mb),
            ("python3.12", "app.py", 256)
        );
        assert!(f.code.contains("def lambda_handler"));
        assert_eq!(p.state_machines.len(), 1);
        assert!(p.calls.iter().any(|c| c.operation == "CreateTable"));
        assert_eq!(p.replaced, Vec::<String>::new());
        assert_eq!(p.notes, Vec::<String>::new());
        // again into a workspace that has them: the resources exist, a changed function is replaced
        let mut services = workspace.services.clone();
        let context = steplab_services::Context {
            now_millis: 1,
            region: workspace.partition.region.clone(),
            account: workspace.partition.account.clone(),
        };
        for c in &p.calls {
            services.call(&c.service, &c.operation, &c.input, &context).unwrap();
        }
        let mut function = p.functions[0].clone();
        function.config.code = "def lambda_handler(e, c):\n    return 1\n".into();
        let again = Workspace { services, functions: vec![function], ..Workspace::default() };
        let p2 = plan(&import, &again, 2);
        assert_eq!(p2.replaced, [format!("function {}", f.function_name)]);
        assert!(p2.notes.iter().any(|n| n.contains("CreateTable")), "{:?}", p2.notes);
    }

    #[test]
    fn parameters_come_with_their_defaults() {
        let (text, _) = sam_orders();
        assert_eq!(parameters(&text).get("Stage").map(String::as_str), Some("test"));
    }
}

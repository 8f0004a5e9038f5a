//! An execution's driver made from a start request (pure: tested natively).

use steplab_runner::execution_protocol::StartRequest;
use steplab_runner::{Driver, Setup};

/// The driver of the execution `start` describes, or why it cannot start.
pub(crate) fn driver(start: &StartRequest) -> Result<Driver, String> {
    let express = start.options.express;
    let parsed = steplab_asl::parse_with(&start.definition, steplab_asl::ParseOptions { express });
    let Some(machine) = parsed.machine else {
        let first = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        return Err(format!("The state machine definition is not valid: {first}"));
    };
    let input: serde_json::Value =
        serde_json::from_str(&start.input).map_err(|e| format!("Invalid JSON: {e}"))?;
    let mocks = match &start.mocks {
        None => None,
        Some(m) => Some(
            steplab_asl::MockConfig::parse(&m.config)
                .map_err(|e| format!("The mock configuration is not valid: {e}"))?
                .test_case(&m.state_machine, &m.test_case)
                .map_err(|e| format!("The mock configuration has {e}"))?,
        ),
    };
    let execution = steplab_runner::start(machine, input, &start.options);
    let setup = Setup {
        functions: start
            .functions
            .iter()
            .map(|f| (f.function_name.clone(), f.timeout_seconds))
            .collect(),
        mocks,
        partition: start.options.partition.clone(),
        seed: start.options.seed,
    };
    let mut driver = Driver::new(execution, setup);
    driver.record_stages(start.stage_limit);
    driver.set_breakpoints(start.breakpoints.clone().into());
    if let Some(services) = &start.services {
        driver.set_services(services.clone());
    }
    for (name, definition) in &start.state_machines {
        driver.register_state_machine(name, definition);
    }
    Ok(driver)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use steplab_runner::execution_protocol::{Progress, StartRequest, WireBreakpoints};
    use steplab_runner::{Effect, Partition, RunOptions};

    use super::*;

    fn request(definition: &str) -> StartRequest {
        StartRequest {
            definition: definition.into(),
            input: "{}".into(),
            options: RunOptions {
                partition: Partition::default(),
                name: "e".into(),
                state_machine_name: "M".into(),
                role_name: "r".into(),
                start_millis: 1_000,
                seed: 3,
                express: false,
                version_arn: None,
                alias_arn: None,
            },
            functions: Vec::new(),
            mocks: None,
            breakpoints: WireBreakpoints::default(),
            stage_limit: 10,
            services: None,
            state_machines: BTreeMap::new(),
        }
    }

    #[test]
    fn updates_carry_each_event_once() {
        let def = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun", "Parameters": {"JobName": "j"}, "End": true}}}"#;
        let mut driver = driver(&request(def)).expect("starts");
        let mut progress = Progress::default();
        let mut events = Vec::new();
        loop {
            let effect = driver.poll(1_000);
            let update = progress.update(&driver);
            events.extend(update.events.values());
            if effect == Effect::Finished {
                assert_eq!(update.status, "SUCCEEDED");
                assert_eq!(update.shown, events.len());
                break;
            }
        }
        let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
        assert_eq!(types.first(), Some(&"ExecutionStarted"));
        assert_eq!(types.last(), Some(&"ExecutionSucceeded"));
        assert_eq!(events.len(), driver.history().len());
    }

    #[test]
    fn refusals_say_why() {
        assert!(driver(&request("{}")).err().is_some_and(|e| e.contains("not valid")));
        let mut r = request(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#);
        r.input = "{".into();
        assert!(driver(&r).err().is_some_and(|e| e.starts_with("Invalid JSON")));
    }
}

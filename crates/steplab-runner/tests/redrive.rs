//! RedriveExecution through the driver, as every host carries it out: a function that failed is
//! called again (and only it), the history goes on after `ExecutionRedriven`, and what cannot be
//! redriven is refused with nothing changed.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{Value, json};
use steplab_runner::{Driver, Functions, LambdaCall, LambdaReply, Partition, RunOptions, Setup};

const T0: i64 = 1_764_072_000_000;

/// A function that answers from a list, and keeps the events it was called with.
struct Changing {
    answers: VecDeque<(String, bool)>,
    calls: Vec<Value>,
}

impl Functions for Changing {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        BTreeMap::from([("Ship".to_owned(), 3)])
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        self.calls.push(serde_json::from_str(&call.payload).unwrap_or(Value::Null));
        let (payload, error) = self.answers.pop_front()?;
        Some(LambdaReply {
            payload,
            function_error: error.then(|| "Unhandled".to_owned()),
            log: format!("START RequestId: {}\n", call.request_id),
            duration_ms: 5.0,
            aws_calls: Vec::new(),
            invoked: Vec::new(),
            log_stream_name: None,
        })
    }
}

fn driver(definition: &Value) -> Driver {
    let machine = steplab_asl::parse(&definition.to_string()).machine.expect("valid");
    let options = RunOptions {
        partition: Partition::default(),
        name: "redrive".into(),
        state_machine_name: "Redrive".into(),
        role_name: "StepFunctions-Redrive-role-0000".into(),
        start_millis: T0,
        seed: 7,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = steplab_runner::start(machine, json!({"order": 7}), &options);
    let functions = BTreeMap::from([("Ship".to_owned(), 3)]);
    let setup = Setup { functions, mocks: None, partition: options.partition, seed: 7 };
    Driver::new(execution, setup)
}

fn kinds(driver: &Driver) -> Vec<&'static str> {
    driver.history().iter().map(|e| e.kind).collect()
}

#[test]
fn a_failed_function_is_called_again_and_only_it() {
    let definition = json!({"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Ship"},
        "Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "Ship", "Payload.$": "$"},
                 "OutputPath": "$.Payload", "End": true}}});
    let mut driver = driver(&definition);
    let error = r#"{"errorType": "OutOfStock", "errorMessage": "none left"}"#;
    let mut functions = Changing {
        answers: VecDeque::from([
            (error.to_owned(), true),
            (r#"{"shipped": 7}"#.to_owned(), false),
        ]),
        calls: Vec::new(),
    };
    let mut clock = T0;
    steplab_runner::sync::run_to_end(&mut driver, &mut functions, &mut clock);
    assert_eq!(driver.status().as_str(), "FAILED");
    let failed_at = driver.history().len();

    assert_eq!(driver.redrive(clock + 60_000), Ok(1));
    clock += 60_000;
    steplab_runner::sync::run_to_end(&mut driver, &mut functions, &mut clock);
    assert_eq!(driver.status().as_str(), "SUCCEEDED");
    assert_eq!(driver.execution().redrive_count(), 1);
    assert_eq!(driver.execution().redrive_millis(), Some(T0 + 60_000 + 5));
    // the function was called twice with the same event; the Pass state ran once
    assert_eq!(functions.calls, [json!({"order": 7}), json!({"order": 7})]);
    let after: Vec<&str> = kinds(&driver)[failed_at..].to_vec();
    assert_eq!(
        after,
        [
            "ExecutionRedriven",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let redriven = driver.history()[failed_at].to_json();
    assert_eq!(redriven["id"], json!(failed_at + 1));
    assert_eq!(redriven["executionRedrivenEventDetails"], json!({"redriveCount": 1}));

    // a succeeded execution is not redriven: AWS's reason, nothing changed
    let events = driver.history().len();
    let refused = driver.redrive(clock + 1000).expect_err("succeeded");
    assert_eq!(refused.message, "Execution is SUCCEEDED and cannot be redriven");
    assert_eq!(steplab_asl::ExecutionNotRedrivable::CODE, "ExecutionNotRedrivable");
    assert_eq!(driver.history().len(), events);
    assert_eq!(driver.execution().redrive_count(), 1);
}

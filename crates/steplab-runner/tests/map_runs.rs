//! A Distributed Map's Map Run as the driver hands it out: `DescribeMapRun`'s members and counts,
//! and each child execution's `DescribeExecution` and history of its own (its Task's Lambda
//! invocations recorded there, not in the parent's history); the updates to the page carry them.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use steplab_runner::{Driver, Functions, LambdaCall, LambdaReply, Partition, RunOptions, Setup};

const T0: i64 = 1_764_072_000_000;

/// `Work` fails for odd numbers.
struct Work;

impl Functions for Work {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        BTreeMap::from([("Work".to_owned(), 3)])
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let n = serde_json::from_str::<Value>(&call.payload).ok()?.as_i64()?;
        let (payload, error) = if n % 2 == 1 {
            (r#"{"errorType": "Odd", "errorMessage": "odd item"}"#.to_owned(), true)
        } else {
            (json!({"done": n}).to_string(), false)
        };
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

fn driver(tolerated: u64) -> Driver {
    let definition = json!({"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "Label": "Items", "MaxConcurrency": 2, "ToleratedFailureCount": tolerated,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Call", "States": {"Call": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "Work", "Payload.$": "$"},
                "OutputPath": "$.Payload", "End": true}}},
        "End": true}}});
    let machine = steplab_asl::parse(&definition.to_string()).machine.expect("valid");
    let options = RunOptions {
        partition: Partition::default(),
        name: "run1".into(),
        state_machine_name: "MapRuns".into(),
        role_name: "StepFunctions-MapRuns-role-0000".into(),
        start_millis: T0,
        seed: 7,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = steplab_runner::start(machine, json!([2, 3, 4]), &options);
    let functions = BTreeMap::from([("Work".to_owned(), 3)]);
    let setup = Setup { functions, mocks: None, partition: options.partition, seed: 7 };
    Driver::new(execution, setup)
}

#[test]
fn the_map_run_and_its_child_executions_with_their_histories() {
    let mut driver = driver(1);
    let mut progress = steplab_runner::execution_protocol::Progress::default();
    let mut clock = T0;
    steplab_runner::sync::run_to_end(&mut driver, &mut Work, &mut clock);
    assert_eq!(driver.status().as_str(), "SUCCEEDED");
    let parent = driver.execution().start_info().execution_arn.clone();
    let runs = driver.map_runs();
    assert_eq!(runs.len(), 1);
    let d = &runs[0]["description"];
    let arn = d["mapRunArn"].as_str().expect("an ARN");
    let start = driver.execution().start_info();
    let (region, account) = (start.region.clone(), start.account.clone());
    assert!(arn.starts_with(&format!("arn:aws:states:{region}:{account}:mapRun:MapRuns/Items:")));
    assert_eq!(d["executionArn"], json!(parent));
    assert_eq!(d["status"], "SUCCEEDED");
    assert_eq!(
        (d["maxConcurrency"].clone(), d["toleratedFailureCount"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        d["itemCounts"],
        json!({"pending": 0, "running": 0, "succeeded": 2, "failed": 1, "timedOut": 0,
               "aborted": 0, "total": 3, "resultsWritten": 0, "failuresNotRedrivable": 0,
               "pendingRedrive": 0})
    );
    assert_eq!(runs[0]["stateName"], "Each");
    let children = runs[0]["executions"].as_array().expect("children");
    assert_eq!(children.len(), 3);
    let failed = &children[1]["description"];
    let name = failed["name"].as_str().expect("a name");
    assert_eq!(
        failed["executionArn"],
        json!(format!("arn:aws:states:{region}:{account}:execution:MapRuns/Items:{name}"))
    );
    assert_eq!(
        failed["stateMachineArn"],
        json!(format!("arn:aws:states:{region}:{account}:stateMachine:MapRuns/Items"))
    );
    assert_eq!(
        (failed["status"].as_str(), failed["error"].as_str()),
        (Some("FAILED"), Some("Odd"))
    );
    assert_eq!(failed["mapRunArn"], json!(arn));
    assert_eq!(failed["input"], "3");
    let kinds: Vec<&str> = children[1]["history"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(children[0]["description"]["output"], r#"{"done":2}"#);
    // the parent's history has no Task of the children
    assert!(driver.history().iter().all(|e| !e.kind.starts_with("Task")));
    // the page gets them with the update that ends the run
    let update = progress.update(&driver);
    assert_eq!(update.map_runs.as_deref(), Some(&runs[..]));
}

#[test]
fn a_map_run_past_its_threshold_fails_and_says_so() {
    let mut driver = driver(0);
    let mut clock = T0;
    steplab_runner::sync::run_to_end(&mut driver, &mut Work, &mut clock);
    assert_eq!(driver.status().as_str(), "FAILED");
    let d = &driver.map_runs()[0]["description"];
    assert_eq!(d["status"], "FAILED");
    assert!(d["stopDate"].is_number());
    assert_eq!(d["executionCounts"]["failed"], 1);
}

//! An Express execution's identity as the context object shows it.

use serde_json::json;
use steplab_asl::{Execution, ExecutionStatus, StartExecution, Step};

#[test]
fn express_execution_id_carries_a_run_id() {
    let src = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
                       "machine.$": "$$.StateMachine.Id"}, "End": true}}}"#;
    let machine = steplab_asl::parse(src).machine.expect("valid");
    let start = StartExecution::new("Shop", "order-1", "us-east-1", "123456789012", 0, 1)
        .express("0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b");
    let mut exec = Execution::new(machine, json!({}), start);
    while !matches!(exec.step(0), Step::Done) {}
    let ExecutionStatus::Succeeded { output } = exec.status() else {
        panic!("{:?}", exec.status());
    };
    assert_eq!(
        output,
        &json!({
            "id": "arn:aws:states:us-east-1:123456789012:express:Shop:order-1:0b5a1c2e-7f3d-4c1e-9a2b-3c4d5e6f7a8b",
            "name": "order-1",
            "machine": "arn:aws:states:us-east-1:123456789012:stateMachine:Shop"
        })
    );
}

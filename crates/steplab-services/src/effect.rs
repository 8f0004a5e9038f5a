//! Deliveries a call sets off that the host carries out.

use serde_json::Value;

/// Something a service asks the host to do after a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Invoke a Lambda function asynchronously (`InvocationType: Event`) with `payload`, as an SNS
    /// subscription or an EventBridge target does.
    InvokeFunction { function_arn: String, payload: Value },
    /// Start an execution of a state machine with `input`, as an EventBridge target does.
    StartExecution { state_machine_arn: String, input: Value },
}

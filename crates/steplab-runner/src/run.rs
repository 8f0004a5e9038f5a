//! Starting an execution as `StartExecution` does, and what a synchronous host calls.

use std::collections::BTreeMap;

use steplab_asl::{Execution, StartExecution, StateMachine};

use crate::arn::Partition;
use crate::lambda::{LambdaCall, LambdaReply};

/// The Lambda functions a synchronous host runs in its own thread (see [`crate::sync`]).
pub trait Functions {
    /// The functions' names, with their timeouts in seconds.
    fn timeouts(&self) -> BTreeMap<String, u32>;
    /// Invokes the function named `call.function_name`; `None` when there is no such function.
    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply>;
    /// Invokes it with `aws` answering its AWS SDK calls (boto3); a runtime without an SDK
    /// ignores it.
    fn invoke_with(
        &mut self,
        call: &LambdaCall,
        aws: steplab_function::aws::SharedAwsHost,
    ) -> Option<LambdaReply> {
        let _ = aws;
        self.invoke(call)
    }
    /// What runs the functions a function invokes synchronously (Lambda `Invoke`,
    /// `RequestResponse`) while it waits: the same functions, each in an execution environment
    /// that is not busy (see [`crate::handler_aws::Invoker`]). `None` (the default): such an
    /// invoke fails with a message.
    fn invoker(&mut self) -> Option<std::rc::Rc<dyn crate::handler_aws::Invoker>> {
        None
    }
}

/// The function log of one invocation, kept with the request id it belongs to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InvocationLog {
    /// The Lambda request id.
    pub request_id: String,
    /// The function's name.
    pub function_name: String,
    /// START … END … REPORT, as the Lambda console's "Function Logs" shows them.
    pub log: String,
    /// The log stream (of the function's log group `/aws/lambda/<name>`) of the execution
    /// environment that ran it, where the host knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_stream_name: Option<String>,
    /// When the invocation started on the run's clock (milliseconds since the Unix epoch), where
    /// the host knows it (not for a function invoked synchronously by another).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_millis: Option<i64>,
}

/// What a run needs besides the definition and input.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunOptions {
    /// The region and account.
    pub partition: Partition,
    /// The execution name.
    pub name: String,
    /// The state machine name.
    pub state_machine_name: String,
    /// The execution role's name.
    pub role_name: String,
    /// When the execution starts, in milliseconds since the Unix epoch.
    pub start_millis: i64,
    /// The seed every random choice of the run is drawn from.
    pub seed: u64,
    /// An Express state machine's execution (`StartSyncExecution`): its ARN has the express form
    /// `arn:aws:states:{region}:{account}:express:{state machine}:{name}:{run id}`.
    #[serde(default)]
    pub express: bool,
    /// The version that runs, when `StartExecution` named a version or an alias
    /// (`arn:…:stateMachine:{name}:{number}`; see [`crate::versions::Versions::resolve`]).
    #[serde(default)]
    pub version_arn: Option<String>,
    /// The alias `StartExecution` named (`arn:…:stateMachine:{name}:{alias}`).
    #[serde(default)]
    pub alias_arn: Option<String>,
}

/// The run id an Express execution's ARN ends with (`…:express:{machine}:{name}:{run id}`),
/// drawn from the run's seed.
pub fn express_run_id(seed: u64) -> String {
    crate::Ids::new(seed ^ 0x0E4B_5E55).uuid()
}

/// Starts an execution of `machine` with `input`, named and placed as `options` says.
pub fn start(machine: StateMachine, input: serde_json::Value, options: &RunOptions) -> Execution {
    let p = &options.partition;
    let start = StartExecution {
        execution_arn: p.execution_arn(&options.state_machine_name, &options.name),
        name: options.name.clone(),
        state_machine_arn: p.state_machine_arn(&options.state_machine_name),
        state_machine_name: options.state_machine_name.clone(),
        role_arn: p.role_arn(&options.role_name),
        region: p.region.clone(),
        account: p.account.clone(),
        start_millis: options.start_millis,
        seed: options.seed,
        version_arn: options.version_arn.clone(),
        alias_arn: options.alias_arn.clone(),
    };
    let start = if options.express { start.express(&express_run_id(options.seed)) } else { start };
    Execution::new(machine, input, start)
}

//! Runs an execution to its end on a virtual clock, calling Lambda functions synchronously.
//! The CLI and the tests drive executions this way; the web app drives the same steps asynchronously.

use std::collections::VecDeque;

use steplab_asl::{Execution, Mocks, StartExecution, StateMachine, Step, TaskRequest};

use crate::arn::Partition;
use crate::ids::Ids;
use crate::lambda::{Dispatch, LambdaCall, LambdaReply, dispatch, not_found, outcome};

/// The Lambda functions an execution can call.
pub trait Functions {
    /// Invokes the function named `call.function_name`; `None` when there is no such function.
    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply>;
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
}

/// What a run needs besides the definition and input.
#[derive(Clone, Debug)]
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
}

/// Starts an execution of `machine` with `input`, named and placed as `options` says.
pub fn start(machine: StateMachine, input: serde_json::Value, options: &RunOptions) -> Execution {
    let p = &options.partition;
    Execution::new(
        machine,
        input,
        StartExecution {
            execution_arn: p.execution_arn(&options.state_machine_name, &options.name),
            name: options.name.clone(),
            state_machine_arn: p.state_machine_arn(&options.state_machine_name),
            state_machine_name: options.state_machine_name.clone(),
            role_arn: p.role_arn(&options.role_name),
            region: p.region.clone(),
            account: p.account.clone(),
            start_millis: options.start_millis,
            seed: options.seed,
        },
    )
}

/// The most steps a run takes before it is stopped: far beyond the 25,000 events an execution may have.
const STEP_LIMIT: usize = 1_000_000;

/// Drives `execution` to its end. Waits and retry back-offs pass instantly on the virtual clock,
/// which also advances by each invocation's duration. A state that `mocks` covers gets its mocked
/// response instead of an invocation. Returns the function logs in call order.
pub fn run_to_end(
    execution: &mut Execution,
    functions: &mut impl Functions,
    partition: &Partition,
    ids: &mut Ids,
    start_millis: i64,
    mut mocks: Option<&mut Mocks>,
) -> Vec<InvocationLog> {
    let mut clock = start_millis;
    let mut queued: VecDeque<TaskRequest> = VecDeque::new();
    let mut logs = Vec::new();
    for _ in 0..STEP_LIMIT {
        let request = match execution.step(clock) {
            Step::Task(request) => {
                queued.push_back(request);
                continue;
            }
            Step::Done => return logs,
            Step::Wait { until_millis } => match queued.pop_front() {
                Some(request) => request,
                None => {
                    clock = clock.max(until_millis);
                    continue;
                }
            },
            Step::Pending => match queued.pop_front() {
                Some(request) => request,
                None => {
                    execution.stop(
                        Some("States.Runtime".into()),
                        Some("the execution waits on a task that was never handed out".into()),
                        clock,
                    );
                    return logs;
                }
            },
        };
        clock = carry_out(
            execution,
            request,
            functions,
            partition,
            ids,
            clock,
            &mut logs,
            mocks.as_deref_mut(),
        );
    }
    execution.stop(
        Some("States.Runtime".into()),
        Some(format!("the run took more than {STEP_LIMIT} steps")),
        clock,
    );
    logs
}

/// Carries out one task request: a mocked answer when `mocks` covers its state, else the
/// invocation dispatched (Lambda calls to `functions`, logged in `logs`); completes the task in
/// `execution` and gives the clock after it (advanced by the Lambda's duration).
#[allow(clippy::too_many_arguments)]
pub fn carry_out(
    execution: &mut Execution,
    request: TaskRequest,
    functions: &mut impl Functions,
    partition: &Partition,
    ids: &mut Ids,
    clock: i64,
    logs: &mut Vec<InvocationLog>,
    mocks: Option<&mut Mocks>,
) -> i64 {
    if let Some(outcome) =
        mocks.filter(|m| m.covers(&request.state_name)).and_then(|m| m.answer(&request.state_name))
    {
        execution.complete_task(request.id, outcome, clock);
        return clock;
    }
    let request_id = ids.uuid();
    let (task_outcome, took) = match dispatch(&request.invocation, partition, request_id) {
        Dispatch::Done(outcome) => (outcome, 0),
        Dispatch::Lambda(call) => match functions.invoke(&call) {
            Some(reply) => {
                logs.push(InvocationLog {
                    request_id: call.request_id.clone(),
                    function_name: call.function_name.clone(),
                    log: reply.log.clone(),
                });
                #[allow(clippy::cast_possible_truncation)]
                let took = reply.duration_ms.ceil().max(0.0) as i64;
                (outcome(&call, &reply), took)
            }
            None => (not_found(&call.function_arn, &call.request_id), 0),
        },
    };
    let clock = clock + took;
    execution.complete_task(request.id, task_outcome, clock);
    clock
}

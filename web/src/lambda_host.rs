//! The page's way to its Lambda functions: they run in Workers of their own, which the execution
//! Worker starts, times out and reaches directly when an execution invokes them. The page asks the
//! execution Worker for what it needs itself: the Lambda console's Test, a syntax check while the
//! code is edited, and a function Worker booted ahead of the first call.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use steplab_function::FunctionConfig;
use steplab_runner::execution_protocol::{ToExecutions, WireAnswer};
use steplab_runner::handler_aws::AwsSnapshot;
use steplab_runner::protocol::SyntaxProblem;
use steplab_runner::{LambdaCall, LambdaReply};

use crate::execution::executions_worker;

#[derive(Default)]
struct Asked {
    next_id: u64,
    invocations: HashMap<u64, oneshot::Sender<WireAnswer>>,
    checks: HashMap<u64, oneshot::Sender<Option<SyntaxProblem>>>,
    /// The boot time of the first function Worker, once it is known.
    boot_ms: Option<f64>,
    /// Who waits for it.
    on_ready: Vec<Box<dyn FnOnce(f64)>>,
}

thread_local! {
    static ASKED: RefCell<Asked> = RefCell::new(Asked::default());
}

fn next_id() -> u64 {
    ASKED.with_borrow_mut(|a| {
        a.next_id += 1;
        a.next_id
    })
}

/// Boots a function Worker and its interpreter ahead of the first call; `on_ready` gets the boot
/// time in ms.
pub fn warm(on_ready: impl FnOnce(f64) + 'static) {
    if let Some(ms) = ASKED.with_borrow(|a| a.boot_ms) {
        on_ready(ms);
        return;
    }
    let first = ASKED.with_borrow_mut(|a| {
        a.on_ready.push(Box::new(on_ready));
        a.on_ready.len() == 1
    });
    if first {
        executions_worker::post(&ToExecutions::Warm);
    }
}

/// The syntax error importing `code` as `lambda_function.py` would raise on runtime `runtime`,
/// found by a function Worker of its own (nothing of the code runs).
pub async fn check(code: String, runtime: String) -> Result<Option<SyntaxProblem>, String> {
    let (tx, rx) = oneshot::channel();
    let id = next_id();
    ASKED.with_borrow_mut(|a| a.checks.insert(id, tx));
    executions_worker::post(&ToExecutions::Check { id, code, runtime });
    rx.await.map_err(|_| "the Python worker stopped before answering".to_owned())
}

/// Invokes `function` in its Worker, its AWS SDK calls answered from `aws` (the calls that
/// succeeded come back in the reply); a synchronous `Invoke` from it may run `functions`.
pub async fn invoke(
    function: FunctionConfig,
    call: LambdaCall,
    aws: Option<AwsSnapshot>,
    functions: Vec<FunctionConfig>,
) -> Result<LambdaReply, String> {
    let (tx, rx) = oneshot::channel();
    let id = next_id();
    ASKED.with_borrow_mut(|a| a.invocations.insert(id, tx));
    let aws = aws.map(Box::new);
    executions_worker::post(&ToExecutions::Invoke { id, function, call, aws, functions });
    match rx.await {
        Ok(WireAnswer::Returned(reply)) => Ok(reply),
        Ok(WireAnswer::Lost(e)) => Err(e),
        Err(_) => Err("the Python worker stopped before answering".to_owned()),
    }
}

/// The answer to invocation `id`.
pub(crate) fn invoked(id: u64, answer: WireAnswer) {
    if let Some(tx) = ASKED.with_borrow_mut(|a| a.invocations.remove(&id)) {
        let _ = tx.send(answer);
    }
}

/// The answer to check `id`.
pub(crate) fn checked(id: u64, problem: Option<SyntaxProblem>) {
    if let Some(tx) = ASKED.with_borrow_mut(|a| a.checks.remove(&id)) {
        let _ = tx.send(problem);
    }
}

/// A function Worker is up.
pub(crate) fn warmed(boot_ms: f64) {
    let waiting = ASKED.with_borrow_mut(|a| {
        a.boot_ms = Some(boot_ms);
        std::mem::take(&mut a.on_ready)
    });
    for f in waiting {
        f(boot_ms);
    }
}

//! A synchronous host of the [`Driver`]: functions run in the calling thread and waits pass at
//! once on a virtual clock, which also advances by each invocation's duration. The CLI and the
//! JavaScript API carry out effects this way; the JavaScript API's `runAsync` too, with
//! functions that answer later ([`AsyncFunctions`]: Node.js functions in Workers), its clock
//! still virtual.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use crate::driver::{Answer, Driver, Effect, Resume};
use crate::handler_aws::HandlerAws;
use crate::lambda::{LambdaCall, LambdaReply};
use crate::run::Functions;

/// Functions a synchronous run calls that may answer later (a Node.js function in a Worker of
/// the JavaScript API): the run waits for each, its clock still virtual.
pub trait AsyncFunctions {
    /// Invokes the function named `call.function_name`, `aws` answering its AWS SDK calls;
    /// `None` when there is no such function.
    fn invoke_with(
        &mut self,
        call: &LambdaCall,
        aws: steplab_function::aws::SharedAwsHost,
    ) -> impl Future<Output = Option<LambdaReply>>;
    /// What runs a function's synchronous `Invoke` of another while it waits (see
    /// [`Functions::invoker`]); `None`: such an invoke fails with a message.
    fn invoker(&mut self) -> Option<Rc<dyn crate::handler_aws::Invoker>> {
        None
    }
}

/// [`Functions`] as [`AsyncFunctions`] whose answers are ready at once.
struct Ready<'f, F: Functions>(&'f mut F);

impl<F: Functions> AsyncFunctions for Ready<'_, F> {
    fn invoke_with(
        &mut self,
        call: &LambdaCall,
        aws: steplab_function::aws::SharedAwsHost,
    ) -> impl Future<Output = Option<LambdaReply>> {
        std::future::ready(self.0.invoke_with(call, aws))
    }

    fn invoker(&mut self) -> Option<Rc<dyn crate::handler_aws::Invoker>> {
        self.0.invoker()
    }
}

/// Carries out the driver's effects until it holds at a breakpoint ([`Effect::Paused`]), waits
/// for a task token's callback ([`Effect::AwaitingCallback`]: send it, then carry on) or the
/// execution ends ([`Effect::Finished`]), which is returned; `clock` is the virtual clock.
pub fn carry_out(driver: &mut Driver, functions: &mut impl Functions, clock: &mut i64) -> Effect {
    steplab_function::ready::at_once(carry_out_async(driver, &mut Ready(functions), clock))
}

/// Runs the execution to its end, going on from every hold of the debugger; a wait for a task
/// token's callback no one sends here passes on the virtual clock to its end (a timeout), or,
/// with no end, ends the run early (the execution is then still `RUNNING`).
pub fn run_to_end(driver: &mut Driver, functions: &mut impl Functions, clock: &mut i64) {
    steplab_function::ready::at_once(run_to_end_async(driver, &mut Ready(functions), clock));
}

/// [`carry_out`] with functions that may answer later.
pub async fn carry_out_async(
    driver: &mut Driver,
    functions: &mut impl AsyncFunctions,
    clock: &mut i64,
) -> Effect {
    loop {
        match driver.poll(*clock) {
            Effect::Appended { .. } => {}
            Effect::Invoke { id, call, .. } => {
                // the function's boto3 calls are answered from a copy of the run, and made
                // on the run when it returns
                // (a synchronous Invoke from the function runs its target in another
                // environment of the functions, at once: see `Functions::invoker`)
                let aws = Rc::new(RefCell::new(HandlerAws::with_invoker(
                    driver.aws_snapshot(*clock),
                    functions.invoker(),
                )));
                let shared: steplab_function::aws::SharedAwsHost = aws.clone();
                let reply = functions.invoke_with(&call, shared).await;
                let (calls, invoked) = std::mem::take(&mut *aws.borrow_mut()).finish();
                let answer = match reply {
                    Some(mut reply) => {
                        reply.aws_calls = calls;
                        reply.invoked = invoked;
                        #[allow(clippy::cast_possible_truncation)]
                        let took = reply.duration_ms.ceil().max(0.0) as i64;
                        *clock += took;
                        Answer::Returned(reply)
                    }
                    None => Answer::Lost(format!("no function is named {}", call.function_name)),
                };
                // the invocation just handed out is the one in flight: the answer is expected
                let _ = driver.invoked(id, answer, *clock);
            }
            Effect::WakeAt(at) | Effect::Awaiting(at) => *clock = (*clock).max(at),
            held @ (Effect::Paused(_) | Effect::AwaitingCallback(_) | Effect::Finished) => {
                return held;
            }
        }
    }
}

/// [`run_to_end`] with functions that may answer later.
pub async fn run_to_end_async(
    driver: &mut Driver,
    functions: &mut impl AsyncFunctions,
    clock: &mut i64,
) {
    loop {
        match carry_out_async(driver, functions, clock).await {
            Effect::Paused(_) => {
                driver.resume(Resume::Continue, *clock);
            }
            Effect::AwaitingCallback(Some(until)) => *clock = (*clock).max(until),
            _ => return,
        }
    }
}

//! A synchronous host of the [`Driver`]: functions run in the calling thread and waits pass at
//! once on a virtual clock, which also advances by each invocation's duration. The CLI and the
//! JavaScript API carry out effects this way.

use std::cell::RefCell;
use std::rc::Rc;

use crate::driver::{Answer, Driver, Effect, Resume};
use crate::handler_aws::HandlerAws;
use crate::run::Functions;

/// Carries out the driver's effects until it holds at a breakpoint ([`Effect::Paused`]), waits
/// for a task token's callback ([`Effect::AwaitingCallback`]: send it, then carry on) or the
/// execution ends ([`Effect::Finished`]), which is returned; `clock` is the virtual clock.
pub fn carry_out(driver: &mut Driver, functions: &mut impl Functions, clock: &mut i64) -> Effect {
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
                let reply = functions.invoke_with(&call, shared);
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

/// Runs the execution to its end, going on from every hold of the debugger; a wait for a task
/// token's callback no one sends here passes on the virtual clock to its end (a timeout), or,
/// with no end, ends the run early (the execution is then still `RUNNING`).
pub fn run_to_end(driver: &mut Driver, functions: &mut impl Functions, clock: &mut i64) {
    loop {
        match carry_out(driver, functions, clock) {
            Effect::Paused(_) => {
                driver.resume(Resume::Continue, *clock);
            }
            Effect::AwaitingCallback(Some(until)) => *clock = (*clock).max(until),
            _ => return,
        }
    }
}

//! Python functions run in the calling thread: a Task's invocation goes to the function's
//! execution environment in [`steplab_lambda::Environments`] (cold at its first call, then warm);
//! a function a function invokes synchronously runs there too, while its caller waits.

use std::collections::BTreeMap;

use steplab_lambda::Environments;

use crate::{Functions, LambdaCall, LambdaReply};

impl Functions for Environments {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        self.configs().iter().map(|c| (c.function_name.clone(), c.timeout_seconds)).collect()
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let result =
            Environments::invoke(self, &call.function_name, &call.payload, &call.request_id)?;
        Some(reply(result))
    }

    fn invoke_with(
        &mut self,
        call: &LambdaCall,
        aws: steplab_lambda::SharedAwsHost,
    ) -> Option<LambdaReply> {
        invoke_in(self, call, aws)
    }

    fn invoker(&mut self) -> Option<std::rc::Rc<dyn crate::handler_aws::Invoker>> {
        Some(std::rc::Rc::new(self.handle()))
    }
}

/// A function invoked synchronously by another runs in an idle environment of its own, or a new
/// one when all are busy (itself, when it invoked itself).
impl crate::handler_aws::Invoker for Environments {
    fn invoke(&self, call: &LambdaCall, aws: steplab_lambda::SharedAwsHost) -> Option<LambdaReply> {
        invoke_in(&mut self.handle(), call, aws)
    }
}

/// Invokes `call` in `environments`, `aws` answering its AWS SDK calls.
fn invoke_in(
    environments: &mut Environments,
    call: &LambdaCall,
    aws: steplab_lambda::SharedAwsHost,
) -> Option<LambdaReply> {
    let result =
        environments.invoke_with(&call.function_name, &call.payload, &call.request_id, aws)?;
    Some(reply(result))
}

fn reply(result: steplab_lambda::InvokeResult) -> LambdaReply {
    LambdaReply::new(result.payload, result.function_error, result.log, result.duration_ms)
        .in_stream(result.log_stream_name)
}

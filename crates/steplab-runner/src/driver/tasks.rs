//! How the driver carries out a Task's invocation: a mocked answer when the test case covers the
//! state, a service integration's default response, or a Lambda function (handed to the host).

use steplab_asl::{Invocation, TaskOutcome, TaskRequest};

use super::{Driver, Effect, InFlight, InvokeId};
use crate::lambda::{Dispatch, dispatch, not_found};
use crate::service;

impl Driver {
    /// Carries out `request` at `now` (the execution's clock): completes it at once, or hands
    /// the host an [`Effect::Invoke`].
    pub(super) fn carry_out(&mut self, request: TaskRequest, now: i64) -> Option<Effect> {
        let mocked = self.setup.mocks.as_mut().filter(|m| m.covers(&request.state_name));
        if let Some(outcome) = mocked.and_then(|m| m.answer(&request.state_name)) {
            self.execution.complete_task(request.id, outcome, now);
            return None;
        }
        if let Invocation::Service { resource, parameters } = &request.invocation {
            let outcome = match service::default_response(
                resource,
                parameters,
                &self.setup.partition,
                now,
                &mut self.ids,
            ) {
                Some(v) => TaskOutcome::Succeeded(v),
                None => TaskOutcome::Failed {
                    error: "States.Runtime".into(),
                    cause: service::unmocked_cause(resource, &request.state_name),
                },
            };
            self.execution.complete_task(request.id, outcome, now);
            return None;
        }
        let request_id = self.ids.uuid();
        let call = match dispatch(&request.invocation, &self.setup.partition, request_id) {
            Dispatch::Done(outcome) => {
                self.execution.complete_task(request.id, outcome, now);
                return None;
            }
            Dispatch::Lambda(call) => call,
        };
        let Some(&timeout_seconds) = self.setup.functions.get(&call.function_name) else {
            let outcome = not_found(&call.function_arn, &call.request_id);
            self.execution.complete_task(request.id, outcome, now);
            return None;
        };
        self.next_invoke += 1;
        let id = InvokeId(self.next_invoke);
        let deadline = now + i64::from(timeout_seconds) * 1000 + super::HOST_GRACE_MILLIS;
        self.in_flight = Some(InFlight { id, request, call: call.clone(), deadline });
        Some(Effect::Invoke { id, call, timeout_seconds })
    }
}

//! The execution Worker's host of one driver: it sends the page what the driver hands out (as
//! deltas), invokes functions in their own Workers (started from here, not by the page) and waits
//! on timers and on what a person asks, relayed by the page.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use steplab_function::FunctionConfig;
use steplab_runner::execution_protocol::{Control, FromExecutions, Progress};
use steplab_runner::handler_aws::AwsSnapshot;
use steplab_runner::host::Host;
use steplab_runner::{Answer, Driver, LambdaCall, Resume};

use crate::worker::{now_millis, post};

/// What the page relayed for one execution, taken by the driver's host at its next turn.
#[derive(Default)]
pub(crate) struct Asked {
    pub(crate) controls: RefCell<Vec<Control>>,
}

/// How often a waiting run looks at what the page relayed.
const CONTROL_POLL_MS: u32 = 50;

pub(crate) struct WorkerHost {
    pub(crate) arn: String,
    pub(crate) asked: Rc<Asked>,
    pub(crate) progress: Progress,
    /// The functions it may call, as deployed when it started, by name.
    pub(crate) functions: Rc<BTreeMap<String, FunctionConfig>>,
}

impl Host for WorkerHost {
    fn now(&self) -> i64 {
        now_millis()
    }

    fn controls(&mut self, driver: &mut Driver) {
        let now = now_millis();
        for control in self.asked.controls.take() {
            match control {
                Control::Stop { error, cause } => driver.stop(error, cause, now),
                Control::FastForward => {
                    driver.fast_forward(now);
                }
                Control::Resume { step } => {
                    driver.resume(if step { Resume::Step } else { Resume::Continue }, now);
                }
                Control::Breakpoints(b) => driver.set_breakpoints(b.into()),
            }
        }
    }

    fn appended(&mut self, driver: &Driver, _from: usize, _to: usize) {
        // sent with the next update, as one delta, or now when there are many
        if self.progress.is_due(driver) {
            self.publish(driver);
        }
    }

    fn publish(&mut self, driver: &Driver) {
        for update in self.progress.updates(driver) {
            post(&FromExecutions::Update { arn: self.arn.clone(), update: Box::new(update) });
        }
    }

    async fn invoke(
        &mut self,
        call: LambdaCall,
        _timeout_seconds: u32,
        aws: AwsSnapshot,
    ) -> Answer {
        let Some(function) = self.functions.get(&call.function_name).cloned() else {
            return Answer::Lost(format!("no function is named {}", call.function_name));
        };
        let functions = Rc::clone(&self.functions);
        match crate::function_workers::invoke(function, call, Some(aws), functions).await {
            Ok(reply) => Answer::Returned(reply),
            Err(e) => Answer::Lost(e),
        }
    }

    async fn sleep(&mut self, until: Option<i64>) {
        loop {
            let left = until.map_or(i64::from(CONTROL_POLL_MS), |u| u - now_millis());
            if left <= 0 || !self.asked.controls.borrow().is_empty() {
                return;
            }
            let ms = u32::try_from(left.min(i64::from(CONTROL_POLL_MS))).unwrap_or(CONTROL_POLL_MS);
            gloo::timers::future::TimeoutFuture::new(ms).await;
        }
    }
}

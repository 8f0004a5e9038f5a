//! An asynchronous host of the [`Driver`]: functions answer later (a Web Worker), waits take
//! real time, the debugger holds until a person resumes. The web app provides the I/O through
//! [`Host`] and [`drive`] carries out the driver's effects with it; a native test provides a
//! simulated one, so the app's way of carrying out effects is tested outside the browser.

use std::future::Future;

use crate::driver::{Answer, Driver, Effect};
use crate::handler_aws::AwsSnapshot;
use crate::lambda::LambdaCall;

/// What an asynchronous host provides.
pub trait Host {
    /// The host's clock, in milliseconds since the Unix epoch.
    fn now(&self) -> i64;
    /// Applies to `driver` what was asked since the last call (stop, resume, fast-forward,
    /// breakpoints).
    fn controls(&mut self, driver: &mut Driver);
    /// Events `from..to` of `driver.history()` were appended.
    fn appended(&mut self, driver: &Driver, from: usize, to: usize);
    /// The run is about to wait (an invocation, a timer, a hold, the end): show where it stands.
    fn publish(&mut self, driver: &Driver);
    /// Invokes a Lambda function, its AWS SDK calls answered from `aws` (see
    /// [`crate::handler_aws`]; the calls that succeeded come back in the reply).
    fn invoke(
        &mut self,
        call: LambdaCall,
        timeout_seconds: u32,
        aws: AwsSnapshot,
    ) -> impl Future<Output = Answer>;
    /// Waits until `until` on the host's clock (`None`: no end), or less when something is asked.
    fn sleep(&mut self, until: Option<i64>) -> impl Future<Output = ()>;
}

/// Carries out `driver`'s effects with `host` until the execution ends.
pub async fn drive(driver: &mut Driver, host: &mut impl Host) {
    loop {
        host.controls(driver);
        match driver.poll(host.now()) {
            Effect::Appended { from, to } => host.appended(driver, from, to),
            Effect::Invoke { id, call, timeout_seconds } => {
                host.publish(driver);
                let aws = driver.aws_snapshot(host.now());
                let answer = host.invoke(call, timeout_seconds, aws).await;
                // an answer after a stop is not expected: the driver ignores it
                let _ = driver.invoked(id, answer, host.now());
            }
            Effect::WakeAt(until) | Effect::Awaiting(until) => {
                host.publish(driver);
                host.sleep(Some(until)).await;
            }
            Effect::AwaitingCallback(until) => {
                host.publish(driver);
                host.sleep(until).await;
            }
            Effect::Paused(_) => {
                host.publish(driver);
                host.sleep(None).await;
            }
            Effect::Finished => {
                host.publish(driver);
                return;
            }
        }
    }
}

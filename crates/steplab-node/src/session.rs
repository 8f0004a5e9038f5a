//! One execution environment of a Node.js function, driven over a channel the host supplies (a
//! browser Worker, a `node` child process reached from JavaScript): INIT when the environment is
//! new, then one `invoke` per call, each bounded by the function's timeout; the environment is
//! ended when the handler overruns, when the runtime's process would have ended on AWS (an exit,
//! an unhandled rejection) or when the host loses it. Host-neutral and asynchronous: the host
//! gives the channel, the clock and the log stream's name; [`crate::finish`] writes what the
//! platform adds (`START`, `END`, `REPORT`, timeouts).

use std::future::Future;

use serde_json::Value;
use steplab_function::FunctionConfig;
use steplab_function::aws::SharedAwsHost;

use crate::finish;
use crate::protocol::{InitOutcome, InvokeOutcome, init_message, invoke_message, read_reply};
use crate::result::InvokeResult;

/// What came back for a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The runtime's reply (JSON text).
    Text(String),
    /// Nothing came within the time given.
    TimedOut,
    /// The environment is gone (its Worker or process ended), and why.
    Lost(String),
}

/// A host's line to one running environment.
pub trait Channel {
    /// Sends `message` and waits for its reply at most `limit_ms`, answering the function's AWS
    /// SDK calls meanwhile from `aws` (none: they fail as without a network; see [`crate::sdk`]).
    fn request(
        &mut self,
        message: &Value,
        limit_ms: u32,
        aws: Option<SharedAwsHost>,
    ) -> impl Future<Output = Reply>;
    /// Ends the environment (terminates the Worker, kills the process).
    fn terminate(&mut self);
}

/// A running environment: its channel, the deployment it was started with and its log stream.
pub struct Environment<C: Channel> {
    channel: C,
    config: FunctionConfig,
    log_stream_name: String,
}

impl<C: Channel> Environment<C> {
    /// The deployment this environment runs.
    pub fn config(&self) -> &FunctionConfig {
        &self.config
    }
}

/// The host's side of a session: how to start an environment and read its clock.
pub trait Host {
    /// The channel type.
    type Channel: Channel;
    /// Starts a new environment (no INIT yet), or says why it cannot.
    fn spawn(&mut self, config: &FunctionConfig) -> Result<Self::Channel, String>;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// `YYYY/MM/DD/[$LATEST]<32 hex>` for a new environment.
    fn log_stream_name(&mut self) -> String;
}

/// Ends the environment in `slot`, if any.
pub fn reset<C: Channel>(slot: &mut Option<Environment<C>>) {
    if let Some(mut env) = slot.take() {
        env.channel.terminate();
    }
}

/// Invokes `config` with `event_json` in the environment of `slot`: a cold start (a new
/// environment with INIT) when there is none or it runs another deployment. Never fails: each
/// failure is the payload and log AWS gives (a timeout, a crash, a failed INIT).
pub async fn invoke<H: Host>(
    host: &mut H,
    slot: &mut Option<Environment<H::Channel>>,
    config: &FunctionConfig,
    event_json: &str,
    request_id: &str,
    aws: Option<SharedAwsHost>,
) -> InvokeResult {
    let mut stream = None;
    let mut result = invoke_in(host, slot, config, event_json, request_id, aws, &mut stream).await;
    result.log_stream_name = stream;
    result
}

async fn invoke_in<H: Host>(
    host: &mut H,
    slot: &mut Option<Environment<H::Channel>>,
    config: &FunctionConfig,
    event_json: &str,
    request_id: &str,
    aws: Option<SharedAwsHost>,
    stream: &mut Option<String>,
) -> InvokeResult {
    let limit = config.timeout_seconds.saturating_mul(1000);
    let mut init = None;
    if slot.as_ref().is_none_or(|env| env.config != *config) {
        reset(slot);
        let channel = match host.spawn(config) {
            Ok(channel) => channel,
            Err(detail) => return finish::crashed(config, request_id, &detail),
        };
        let env = slot.insert(Environment {
            channel,
            config: config.clone(),
            log_stream_name: host.log_stream_name(),
        });
        *stream = Some(env.log_stream_name.clone());
        let started = host.now_ms();
        // INIT has the function's timeout too
        let message = init_message(config, &env.log_stream_name);
        let outcome = match env.channel.request(&message, limit, aws.clone()).await {
            Reply::Text(text) => read_reply::<InitOutcome>(&text),
            Reply::TimedOut => {
                reset(slot);
                return finish::timed_out(config, request_id, None, started);
            }
            Reply::Lost(detail) => Err(detail),
        };
        match outcome {
            Ok(outcome) if outcome.status == "ok" => init = Some(outcome),
            Ok(outcome) => {
                reset(slot);
                return finish::init_failed(config, request_id, &outcome);
            }
            Err(detail) => {
                reset(slot);
                return finish::crashed(config, request_id, &detail);
            }
        }
    }
    let Some(env) = slot.as_mut() else {
        return finish::crashed(config, request_id, "the environment stopped");
    };
    *stream = Some(env.log_stream_name.clone());
    let started = host.now_ms();
    let deadline = started + i64::from(config.timeout_seconds) * 1000;
    let message = invoke_message(config, &env.log_stream_name, event_json, request_id, deadline);
    match env.channel.request(&message, limit, aws).await {
        Reply::Text(text) => match read_reply::<InvokeOutcome>(&text) {
            Ok(outcome) => {
                if outcome.reset || outcome.status == "exit" {
                    reset(slot);
                }
                finish::invoked(config, request_id, init.as_ref(), &outcome)
            }
            Err(detail) => {
                reset(slot);
                finish::crashed(config, request_id, &detail)
            }
        },
        Reply::TimedOut => {
            reset(slot);
            finish::timed_out(config, request_id, init.as_ref(), started)
        }
        Reply::Lost(detail) => {
            reset(slot);
            finish::crashed(config, request_id, &detail)
        }
    }
}

/// `YYYY/MM/DD/[$LATEST]<32 hex>`, as Lambda names a new environment's log stream, on the day
/// of `epoch_ms`; `random` gives each hex digit (0–15).
pub fn log_stream_name(epoch_ms: i64, mut random: impl FnMut() -> u8) -> String {
    let date = crate::report::iso_timestamp(epoch_ms);
    let hex: String =
        (0..32).map(|_| char::from_digit(u32::from(random().min(15)), 16).unwrap_or('0')).collect();
    format!("{}/{}/{}/[$LATEST]{hex}", &date[0..4], &date[5..7], &date[8..10])
}

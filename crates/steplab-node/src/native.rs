//! Natively, one execution environment is one `node` child process running the runtime: spawned on
//! the first invoke (INIT), kept warm across invokes, killed when the handler outlives the
//! function's timeout (or when the runtime's process would have ended on AWS).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use steplab_function::FunctionConfig;
use steplab_function::aws::SharedAwsHost;

use crate::javascript::NODE_HOST_JS;
use crate::result::InvokeResult;
use crate::session::{self, Channel, Environment, Reply};

/// `node` could not be found or started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeNotFound {
    /// What was looked for, and where.
    pub detail: String,
}

impl std::fmt::Display for NodeNotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Node.js functions need Node.js 20 or newer installed as `node` on PATH (or STEPLAB_NODE set to its path): {}",
            self.detail
        )
    }
}

impl std::error::Error for NodeNotFound {}

/// The `node` executable: `STEPLAB_NODE` if set, else the first `node` on `PATH`.
pub fn find_node() -> Result<PathBuf, NodeNotFound> {
    if let Some(path) = std::env::var_os("STEPLAB_NODE") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(NodeNotFound { detail: format!("STEPLAB_NODE={} is not a file", path.display()) })
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("node"), dir.join("node.exe")])
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| NodeNotFound { detail: "no `node` on PATH".to_owned() })
}

/// One Lambda execution environment of a Node.js function, natively: [`crate::session`]'s flow
/// over a `node` child process.
pub struct NodeEnvironment {
    config: FunctionConfig,
    slot: Option<Environment<NodeProcess>>,
}

struct NodeProcess {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl NodeProcess {
    fn spawn() -> Result<NodeProcess, String> {
        let node = find_node().map_err(|e| e.to_string())?;
        let mut child = Command::new(&node)
            .args(["--input-type=module", "-e", NODE_HOST_JS])
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| NodeNotFound { detail: format!("{}: {e}", node.display()) }.to_string())?;
        let stdin = child.stdin.take().ok_or("node has no stdin")?;
        let stdout = child.stdout.take().ok_or("node has no stdout")?;
        let mut stderr_pipe = child.stderr.take().ok_or("node has no stderr")?;
        let (sender, replies) = channel();
        #[allow(clippy::disallowed_methods, reason = "native host only")]
        let _reader = std::thread::Builder::new().name("node-stdout".to_owned()).spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let collected = Arc::clone(&stderr);
        #[allow(clippy::disallowed_methods, reason = "native host only")]
        let _drain = std::thread::Builder::new().name("node-stderr".to_owned()).spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    return;
                }
                if let Ok(mut text) = collected.lock() {
                    text.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        Ok(NodeProcess { child, stdin, replies, stderr })
    }

    fn write_line(&mut self, mut line: String) -> Result<(), String> {
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("writing to node: {e}\n{}", self.stderr_text()))
    }

    /// Sends `message` and waits for its reply, answering the function's AWS SDK calls from
    /// `aws` meanwhile (none: they fail as without a network).
    fn exchange(
        &mut self,
        message: &serde_json::Value,
        timeout: Duration,
        aws: Option<&SharedAwsHost>,
    ) -> Reply {
        if let Err(e) = self.write_line(message.to_string()) {
            return Reply::Lost(e);
        }
        #[allow(clippy::disallowed_methods, reason = "native host only")]
        let deadline = std::time::Instant::now() + timeout;
        loop {
            #[allow(clippy::disallowed_methods, reason = "native host only")]
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(line) => match crate::sdk::call_of(&line) {
                    Some(call) => {
                        if let Err(e) = self.write_line(crate::sdk::answer(&call, aws)) {
                            return Reply::Lost(e);
                        }
                    }
                    None => return Reply::Text(line),
                },
                Err(RecvTimeoutError::Timeout) => return Reply::TimedOut,
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = self.child.wait();
                    return Reply::Lost(format!("node ended unexpectedly\n{}", self.stderr_text()));
                }
            }
        }
    }

    fn stderr_text(&self) -> String {
        self.stderr.lock().map(|text| text.clone()).unwrap_or_default()
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl NodeEnvironment {
    /// A cold environment: `node` starts on the first [`NodeEnvironment::invoke`].
    pub fn new(config: FunctionConfig) -> Self {
        NodeEnvironment { config, slot: None }
    }

    /// The configuration this environment was created with.
    pub fn config(&self) -> &FunctionConfig {
        &self.config
    }

    /// Whether the next invoke reuses a running, initialised `node` (a warm start).
    pub fn is_warm(&self) -> bool {
        self.slot.is_some()
    }

    /// Runs one event (JSON text) through the handler. Never panics: every failure is a payload
    /// as AWS returns it (a missing `node` is a `Runtime.ExitError` whose log says so).
    pub fn invoke(&mut self, event_json: &str, request_id: &str) -> InvokeResult {
        self.invoke_with(event_json, request_id, None)
    }

    /// [`NodeEnvironment::invoke`] with the AWS services `aws` answering the function's AWS SDK
    /// calls (none: they fail as without a network).
    pub fn invoke_with(
        &mut self,
        event_json: &str,
        request_id: &str,
        aws: Option<SharedAwsHost>,
    ) -> InvokeResult {
        let mut host = Native;
        let flow =
            session::invoke(&mut host, &mut self.slot, &self.config, event_json, request_id, aws);
        steplab_function::ready::at_once(flow)
    }
}

/// This machine: `node` child processes, the system clock.
struct Native;

impl session::Host for Native {
    type Channel = NodeProcess;

    fn spawn(&mut self, _config: &FunctionConfig) -> Result<NodeProcess, String> {
        NodeProcess::spawn()
    }

    fn now_ms(&self) -> i64 {
        now_ms()
    }

    fn log_stream_name(&mut self) -> String {
        log_stream_name(now_ms())
    }
}

/// The process answers in the call (its I/O blocks): every request is ready at once.
impl Channel for NodeProcess {
    fn request(
        &mut self,
        message: &serde_json::Value,
        limit_ms: u32,
        aws: Option<SharedAwsHost>,
    ) -> impl std::future::Future<Output = Reply> {
        std::future::ready(self.exchange(
            message,
            Duration::from_millis(limit_ms.into()),
            aws.as_ref(),
        ))
    }

    fn terminate(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn now_ms() -> i64 {
    #[allow(
        clippy::disallowed_methods,
        reason = "native host only: the browser's host has its own clock"
    )]
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `YYYY/MM/DD/[$LATEST]<32 hex>`.
fn log_stream_name(epoch_ms: i64) -> String {
    use std::hash::{BuildHasher, Hasher};
    // each digit from a hasher of its own: RandomState's keys differ from one to the next
    let mut digit = 0u8;
    session::log_stream_name(epoch_ms, || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_i64(epoch_ms);
        hasher.write_u8(digit);
        digit = digit.wrapping_add(1);
        #[allow(clippy::cast_possible_truncation)]
        let d = (hasher.finish() % 16) as u8;
        d
    })
}

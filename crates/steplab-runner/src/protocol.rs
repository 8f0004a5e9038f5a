//! The messages between the web app and the Web Worker that runs Python functions.

use serde::{Deserialize, Serialize};
use steplab_function::FunctionConfig;

use crate::lambda::{LambdaCall, LambdaReply};

/// From the app to the worker.
// a message is built, serialised and dropped at once: its size does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Start the Python interpreter now, so that the first invocation does not wait for it.
    Warm,
    /// Invoke `function` for `call`; a changed `function` (a new deploy) gets a new execution environment.
    Invoke {
        /// Matches the reply to the request.
        id: u32,
        /// The function as deployed, in the workspace's region and account.
        function: FunctionConfig,
        /// The invocation.
        call: LambdaCall,
        /// What the function's AWS SDK calls are answered from (none: they fail as boto3 fails
        /// offline).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aws: Option<Box<crate::handler_aws::AwsSnapshot>>,
        /// The functions a synchronous Lambda `Invoke` from it may run (the run's, as deployed):
        /// a Python target runs in this Worker, in an interpreter of its own.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        functions: Vec<FunctionConfig>,
    },
    /// Check a function's code for the syntax error importing it would raise (nothing runs).
    Check {
        /// Matches the reply to the request.
        id: u32,
        /// The source of `lambda_function.py`.
        code: String,
        /// The function's runtime (`python3.12`): the syntax its Python version accepts.
        #[serde(default = "default_runtime")]
        runtime: String,
    },
}

/// A syntax error in a function's code, where the code editor marks it (1-based lines and
/// character columns; the end is exclusive and equals the start when Python gives none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxProblem {
    /// `SyntaxError.msg`, e.g. `expected ':'`.
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// From the worker to the app.
// a message is built, serialised and dropped at once: its size does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerReply {
    /// The worker's code is loaded and listening (messages sent before this would be lost).
    Loaded {
        /// Milliseconds from the worker's start (its time origin) to its loader's first line.
        script_ms: f64,
        /// Milliseconds from the worker's start to listening (its wasm instantiated and started).
        listening_ms: f64,
    },
    /// The interpreter is up; how long that took, in milliseconds.
    Ready {
        /// Milliseconds from the worker's start to a usable interpreter.
        boot_ms: f64,
    },
    /// INIT is over and the handler starts: the function's timeout counts from now.
    HandlerStarted {
        /// The request's id.
        id: u32,
    },
    /// The outcome of an invocation.
    Invoked {
        /// The request's id.
        id: u32,
        /// What the function returned.
        reply: LambdaReply,
    },
    /// The function of invocation `id` invokes `nested` synchronously, and its target runs in a
    /// Worker of its own (a Node.js function): posted with a `SharedArrayBuffer` beside the text
    /// (`[text, buffer]`), on which the worker waits until the answer
    /// ([`ElsewhereAnswer`], JSON after an 8-byte header: a state and a length, `i32` each)
    /// is written there and the state set to 1.
    InvokeElsewhere {
        /// The caller's request id.
        id: u32,
        /// The target's invocation.
        nested: crate::handler_aws::NestedInvoke,
    },
    /// The outcome of a [`WorkerRequest::Check`].
    Checked {
        /// The request's id.
        id: u32,
        /// The syntax error, if the code has one.
        problem: Option<SyntaxProblem>,
    },
}

/// What the execution Worker writes into the buffer of a [`WorkerReply::InvokeElsewhere`]: the
/// target's reply (`None`: no such function), or why it could not run.
pub type ElsewhereAnswer = Result<Option<LambdaReply>, String>;

/// The runtime of a check that names none (a page of an older build): python3.11.
pub(crate) fn default_runtime() -> String {
    steplab_function::runtime::DEFAULT_RUNTIME.to_owned()
}

//! The Amazon States Language engine: parse and validate state machine definitions, and run
//! them with AWS Step Functions' semantics and event history.
//!
//! **Invariants**
//! - Pure Rust: no wasm-bindgen, web-sys or js-sys; no clock, no threads, no I/O.
//! - Sans-IO: the driver (CLI, web UI, tests) passes the current time into every call, and the
//!   engine hands every Task invocation and every wait (Wait states, retry back-off, timeouts)
//!   back to it as a [`Step`]. Time is virtual: nothing sleeps.
//! - Deterministic: all randomness (retry jitter, `States.UUID`, `States.MathRandom`, request
//!   ids, trace ids) comes from one generator seeded by [`StartExecution::seed`].
//! - Never panics on any input: definition problems are [`Diagnostic`]s with a JSON Pointer and a
//!   byte span; runtime failures are ASL errors (`Error` + `Cause`) in the execution's status.
//!
//! ```
//! use steplab_asl::{Execution, StartExecution, Step, ExecutionStatus};
//! use serde_json::json;
//!
//! let parsed = steplab_asl::parse(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": true}}}"#);
//! let machine = parsed.machine.expect("valid definition");
//! let start = StartExecution::new("M", "run-1", "us-east-1", "123456789012", 0, 42);
//! let mut exec = Execution::new(machine, json!({"in": true}), start);
//! assert_eq!(exec.step(0), Step::Done);
//! assert_eq!(exec.status(), &ExecutionStatus::Succeeded { output: json!({"in": true, "r": {"x": 1}}) });
//! ```
//!
//! **Driving an execution.** Call [`Execution::step`] with the current (virtual) time until it
//! says [`Step::Done`]. [`Step::Task`] asks for an invocation: perform it (a Lambda function, a
//! mock, …) and report with [`Execution::complete_task`]; `.waitForTaskToken` tasks then wait for
//! [`Execution::send_task_success`] / [`Execution::send_task_failure`]. [`Step::Wait`] says
//! nothing happens before a time unless a task completes; [`Step::Pending`] that only tasks are
//! outstanding. [`Execution::stop`] aborts. The history ([`Execution::history`],
//! [`HistoryEvent::to_json`]) has `GetExecutionHistory`'s shape.
//!
//! **Code map.** `source` (JSON with spans) → `parse` (model + validation, [`Diagnostic`]s) →
//! `model` ([`StateMachine`], [`State`], [`Scope`]: enough to draw the graph) → `exec` (fibers,
//! states, tasks) using `payload` (paths, `.$` templates, JSONata templates), `path` (JSONPath),
//! `intrinsics`, `choice`, `errors` (`ErrorEquals` rules), `lambda` (the `lambda:invoke` envelope),
//! `history`, `rng`, `time`; `mock` (MockConfigFile) and `test_state` (TestState) on top;
//! `import` reads a real execution back from the AWS CLI's JSON.
//!
//! **Tests.** `tests/cases/**/*.json` is the case suite (one run or definition per file, each
//! naming where its expected values come from; `cargo test -p steplab-asl --test cases` prints
//! `N passed, M failed`); `tests/lab.rs` replays the reference lab and histories recorded against
//! AWS; `tests/import/*.json` are import cases (`tests/import.rs`); `fuzz/` holds cargo-fuzz targets (`cargo +nightly fuzz run parse_validate`).
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod choice;
mod diagnostic;
pub mod errors;
mod exec;
pub mod fields;
mod fix;
pub mod history;
mod history_text;
pub mod import;
pub mod intrinsics;
pub mod items_file;
pub mod lambda;
pub mod mock;
mod model;
mod parse;
pub mod path;
mod payload;
pub mod rng;
pub mod source;
mod status;
pub mod sync_execution;
mod test_state;
pub mod time;

pub use diagnostic::{Diagnostic, Severity};
pub use errors::StatesError;
pub use exec::{
    Breakpoints, ChildExecution, ChildStatus, DebugStep, Execution, ExecutionNotRedrivable,
    ExecutionStatus, Invocation, MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES, MapRunCounts, MapRunRecord,
    MapRunStatus, Pause, PauseReason, REDRIVABLE_PERIOD_MILLIS, RedriveStatus, StartExecution,
    Step, TaskId, TaskOutcome, TaskRequest, reason as redrive_reason,
};
pub use fix::add_query_language_jsonata;
pub use history::HistoryEvent;
pub use lambda::LambdaResponse;
pub use mock::{MockConfig, MockError, Mocks};
pub use model::{
    Catcher, QueryLanguage, Retrier, Scope, State, StateMachine, StateType, Transition,
    TransitionKind,
};
pub use parse::{ParseOptions, Parsed, from_value, name_problem, parse, parse_with};
pub use status::{StateRunStatus, state_statuses};
pub use sync_execution::start_sync_execution_result;
pub use test_state::{
    FieldValidationMode, InspectionLevel, StateConfiguration, TestStateException, TestStateRequest,
    TestStateResult, test_state, test_state_json,
};

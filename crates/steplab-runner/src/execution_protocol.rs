//! The messages between the web app and the Web Worker that runs executions (the engine and the
//! driver off the page's thread). The page starts an execution and relays what a person asks; the
//! execution Worker invokes Lambda functions in their own Workers, which it starts and stops
//! itself (the page never relays an invocation), and sends what the driver hands out as deltas
//! (the events appended since the last update). The page's own invocations (the Lambda console's
//! Test) and syntax checks go to the same function Workers through the execution Worker.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use steplab_asl::{Breakpoints, Pause, PauseReason};

use crate::driver::Answer;
use crate::lambda::{LambdaCall, LambdaReply};
use crate::protocol::SyntaxProblem;
use crate::run::{InvocationLog, RunOptions};

/// Where an execution stops, as the debugger sets it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireBreakpoints {
    pub states: BTreeSet<String>,
    pub retriers: BTreeSet<String>,
    pub catchers: BTreeSet<String>,
}

impl From<&Breakpoints> for WireBreakpoints {
    fn from(b: &Breakpoints) -> Self {
        Self {
            states: b.states.clone(),
            retriers: b.retriers.clone(),
            catchers: b.catchers.clone(),
        }
    }
}

impl From<WireBreakpoints> for Breakpoints {
    fn from(b: WireBreakpoints) -> Self {
        Breakpoints {
            states: b.states,
            retriers: b.retriers,
            catchers: b.catchers,
            every_event: false,
        }
    }
}

/// Where the debugger holds an execution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WirePause {
    pub event_id: u64,
    pub state_name: Option<String>,
    pub reason: WireReason,
}

/// Why the debugger holds an execution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WireReason {
    Event,
    StateEntered,
    Retry { retrier: usize, error: String, retry_count: u64, backoff_millis: i64 },
    Catch { catcher: usize, error: String, next: String },
}

impl From<&Pause> for WirePause {
    fn from(p: &Pause) -> Self {
        let reason = match &p.reason {
            PauseReason::Event => WireReason::Event,
            PauseReason::StateEntered => WireReason::StateEntered,
            PauseReason::Retry { retrier, error, retry_count, backoff_millis } => {
                WireReason::Retry {
                    retrier: *retrier,
                    error: error.clone(),
                    retry_count: *retry_count,
                    backoff_millis: *backoff_millis,
                }
            }
            PauseReason::Catch { catcher, error, next } => {
                WireReason::Catch { catcher: *catcher, error: error.clone(), next: next.clone() }
            }
        };
        Self { event_id: p.event_id, state_name: p.state_name.clone(), reason }
    }
}

impl From<WirePause> for Pause {
    fn from(p: WirePause) -> Self {
        let reason = match p.reason {
            WireReason::Event => PauseReason::Event,
            WireReason::StateEntered => PauseReason::StateEntered,
            WireReason::Retry { retrier, error, retry_count, backoff_millis } => {
                PauseReason::Retry { retrier, error, retry_count, backoff_millis }
            }
            WireReason::Catch { catcher, error, next } => {
                PauseReason::Catch { catcher, error, next }
            }
        };
        Pause { event_id: p.event_id, state_name: p.state_name, reason }
    }
}

/// A `MockConfigFile` test case the execution answers its Tasks from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MockCase {
    /// The `MockConfigFile` (JSON text).
    pub config: String,
    pub state_machine: String,
    pub test_case: String,
}

/// Everything the execution Worker needs to start an execution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StartRequest {
    /// The definition (ASL JSON text), already checked by the page.
    pub definition: String,
    /// The input (JSON text).
    pub input: String,
    pub options: RunOptions,
    /// The functions it may call, as deployed when it started.
    pub functions: Vec<steplab_function::FunctionConfig>,
    pub mocks: Option<MockCase>,
    pub breakpoints: WireBreakpoints,
    /// How many state visits' data-flow stages are recorded.
    pub stage_limit: usize,
    /// The AWS resources Task states and functions call, when the workspace keeps any (else
    /// integrations get their default responses).
    #[serde(default)]
    pub services: Option<steplab_services::Services>,
    /// The state machines `states:startExecution` may start, by name (their definitions).
    #[serde(default)]
    pub state_machines: BTreeMap<String, String>,
}

/// What a person asked of a running execution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Control {
    Stop { error: Option<String>, cause: Option<String> },
    FastForward,
    Resume { step: bool },
    Breakpoints(WireBreakpoints),
}

/// From the page to the execution Worker.
// a message is built, serialised and dropped at once: its size does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToExecutions {
    /// Start the execution `arn`.
    Start { arn: String, start: Box<StartRequest> },
    /// Relay what a person asked.
    Control { arn: String, control: Control },
    /// RedriveExecution: execution `arn`, which ended in this Worker, goes on from the states
    /// that did not succeed ([`crate::Driver::redrive`]); its updates follow as its start's did,
    /// or [`FromExecutions::RedriveRefused`] says why not.
    Redrive { arn: String },
    /// Invoke `function` (the Lambda console's Test), then answer with [`FromExecutions::Invoked`].
    /// Its AWS SDK calls are answered from `aws`; those that succeeded come back in the reply.
    Invoke {
        id: u64,
        function: steplab_function::FunctionConfig,
        call: LambdaCall,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aws: Option<Box<crate::handler_aws::AwsSnapshot>>,
        /// The functions a synchronous Lambda `Invoke` from it may run (the workspace's, as
        /// deployed); none: only itself.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        functions: Vec<steplab_function::FunctionConfig>,
    },
    /// Find the syntax error importing `code` would raise on runtime `runtime` (its Python
    /// version's syntax), then answer with [`FromExecutions::Checked`].
    Check {
        id: u64,
        code: String,
        #[serde(default = "crate::protocol::default_runtime")]
        runtime: String,
    },
    /// Boot a function Worker ahead of need, then say [`FromExecutions::Warmed`].
    Warm,
    /// Check `definition` as `ValidateStateMachineDefinition` does (off the page's thread) and,
    /// with `layout`, lay its graph out ([`steplab_layout::layout_text`]), then answer with
    /// [`FromExecutions::Validated`].
    Validate {
        id: u64,
        definition: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        layout: bool,
    },
}

/// A definition's problem, as it crosses to the page ([`steplab_asl::Diagnostic`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDiagnostic {
    pub code: String,
    /// An error (else a warning).
    pub error: bool,
    pub pointer: String,
    /// The byte span in the definition.
    pub span: Option<(usize, usize)>,
    pub message: String,
}

impl From<&steplab_asl::Diagnostic> for WireDiagnostic {
    fn from(d: &steplab_asl::Diagnostic) -> Self {
        WireDiagnostic {
            code: d.code.clone(),
            error: d.severity == steplab_asl::Severity::Error,
            pointer: d.pointer.clone(),
            span: d.span.as_ref().map(|s| (s.start, s.end)),
            message: d.message.clone(),
        }
    }
}

impl From<WireDiagnostic> for steplab_asl::Diagnostic {
    fn from(d: WireDiagnostic) -> Self {
        steplab_asl::Diagnostic {
            code: d.code,
            severity: if d.error {
                steplab_asl::Severity::Error
            } else {
                steplab_asl::Severity::Warning
            },
            pointer: d.pointer,
            span: d.span.map(|(start, end)| start..end),
            message: d.message,
        }
    }
}

/// How an invocation ended, as the page saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WireAnswer {
    Returned(LambdaReply),
    Lost(String),
}

impl From<WireAnswer> for Answer {
    fn from(a: WireAnswer) -> Self {
        match a {
            WireAnswer::Returned(r) => Answer::Returned(r),
            WireAnswer::Lost(m) => Answer::Lost(m),
        }
    }
}

/// History events as JSON text (an array in `GetExecutionHistory`'s shape), written straight from
/// the driver's events ([`steplab_asl::HistoryEvent`]'s `Serialize`) and sent as it is: the page
/// reads it once, into the values it shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EventsText(Box<serde_json::value::RawValue>);

impl EventsText {
    /// The text of `events`.
    pub fn of(events: &[steplab_asl::HistoryEvent]) -> Self {
        Self::written(serde_json::value::to_raw_value(events))
    }

    /// The text of `events` given as values.
    pub fn of_values(events: &[Value]) -> Self {
        Self::written(serde_json::value::to_raw_value(events))
    }

    fn written(text: Result<Box<serde_json::value::RawValue>, serde_json::Error>) -> Self {
        // writing events (maps of strings and numbers) to a string cannot fail
        Self(text.unwrap_or_else(|_| {
            serde_json::value::RawValue::from_string("[]".to_owned()).expect("an empty array")
        }))
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// The events, read (an array that is not one reads as no events).
    pub fn values(&self) -> Vec<Value> {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

impl Default for EventsText {
    fn default() -> Self {
        Self::of(&[])
    }
}

impl PartialEq for EventsText {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

/// Where an execution stands, with what was added since the last update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// The events appended since the last update, as `GetExecutionHistory` returns them.
    pub events: EventsText,
    /// How many events are shown in all (fewer than sent when the debugger steps back to a hold).
    pub shown: usize,
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: String,
    /// The output (JSON text), when it succeeded.
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub stop_millis: Option<i64>,
    /// The functions' logs added since the last update.
    pub logs: Vec<InvocationLog>,
    pub paused: Option<WirePause>,
    /// The data-flow stages recorded so far, when they are due.
    pub stages: Option<BTreeMap<u64, Map<String, Value>>>,
    /// The calls the run made on the AWS resources, with its last update: the page makes them
    /// again on the workspace's resources ([`crate::handler_aws::make_again`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services_made: Vec<crate::handler_aws::MadeCall>,
    /// The Map Runs as they stand ([`crate::Driver::map_runs`]), whole, when they changed: with
    /// every update while they are small, else with the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_runs: Option<Vec<Value>>,
}

/// From the execution Worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromExecutions {
    /// The Worker listens.
    Loaded,
    /// Where execution `arn` stands now.
    Update { arn: String, update: Box<Update> },
    /// The answer to [`ToExecutions::Invoke`] `id`.
    Invoked { id: u64, answer: WireAnswer },
    /// The answer to [`ToExecutions::Check`] `id`.
    Checked { id: u64, problem: Option<SyntaxProblem> },
    /// A function Worker's interpreter is up, after `boot_ms` milliseconds.
    Warmed { boot_ms: f64 },
    /// The answer to [`ToExecutions::Validate`] `id`: the definition's problems, and its graph's
    /// layout when it was asked for.
    Validated {
        id: u64,
        diagnostics: Vec<WireDiagnostic>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layout: Option<Box<steplab_layout::TextLayout>>,
    },
    /// The execution could not start (a definition or mock configuration the page let through).
    Refused { arn: String, message: String },
    /// The execution was not redriven (AWS's `ExecutionNotRedrivable` reason, or the Worker no
    /// longer holds it); nothing changed.
    RedriveRefused { arn: String, message: String },
}

/// While an execution has fewer recorded state visits than this, their stages go with every
/// update; beyond, only at a hold and at the end.
const STAGES_SENT_ALWAYS: usize = 50;

/// What of a driver's progress was sent already, to send only what is new.
#[derive(Debug, Default)]
pub struct Progress {
    events: usize,
    logs: usize,
    stages: usize,
    /// The calls on the services sent (a redriven run sends only those made since).
    made: usize,
    /// How far the Map Runs had gone when last sent (their events and ends, counted).
    map_runs: usize,
}

/// How many events a run that does not wait appends before they are sent: the page then takes
/// a long history in deltas it handles in a few milliseconds each, not in one long task.
pub const DELTA_EVENTS: usize = 1000;

impl Progress {
    /// Whether enough events were appended since the last update to send them now.
    pub fn is_due(&self, driver: &crate::Driver) -> bool {
        driver.history().len().saturating_sub(self.events) >= DELTA_EVENTS
    }

    /// The updates that bring the page from what was sent to where `driver` stands: the events in
    /// deltas of at most [`DELTA_EVENTS`] (an engine step can append thousands, e.g. an inline Map
    /// of Pass states), all but the last saying only that the run goes on.
    pub fn updates(&mut self, driver: &crate::Driver) -> Vec<Update> {
        let shown = driver.history().len();
        let mut out = Vec::new();
        while shown.saturating_sub(self.events) > DELTA_EVENTS {
            let from = self.events;
            let to = from + DELTA_EVENTS;
            let events = EventsText::of(&driver.history()[from..to]);
            self.events = to;
            out.push(Update {
                events,
                shown: to,
                status: "RUNNING".to_owned(),
                output: None,
                error: None,
                cause: None,
                stop_millis: None,
                logs: Vec::new(),
                paused: None,
                stages: None,
                services_made: Vec::new(),
                map_runs: None,
            });
        }
        out.push(self.update(driver));
        out
    }

    /// The update that brings the page from what was sent to where `driver` stands.
    pub fn update(&mut self, driver: &crate::Driver) -> Update {
        use steplab_asl::ExecutionStatus;
        let history = driver.history();
        let from = self.events.min(history.len());
        let events = EventsText::of(&history[from..]);
        self.events = history.len();
        let logs = driver.logs()[self.logs.min(driver.logs().len())..].to_vec();
        self.logs = driver.logs().len();
        let (status, output, error, cause) = match driver.status() {
            ExecutionStatus::Running => ("RUNNING", None, None, None),
            ExecutionStatus::Succeeded { output } => {
                ("SUCCEEDED", Some(output.to_string()), None, None)
            }
            ExecutionStatus::Failed { error, cause } => {
                ("FAILED", None, error.clone(), cause.clone())
            }
            ExecutionStatus::TimedOut { error, cause } => {
                ("TIMED_OUT", None, error.clone(), cause.clone())
            }
            ExecutionStatus::Aborted { error, cause } => {
                ("ABORTED", None, error.clone(), cause.clone())
            }
        };
        let ended = status != "RUNNING";
        let due = self.stages < STAGES_SENT_ALWAYS || driver.paused().is_some() || ended;
        let stages =
            driver.execution().recorded_stages().filter(|s| due && s.len() >= self.stages).cloned();
        if let Some(s) = &stages {
            self.stages = s.len();
        }
        Update {
            events,
            shown: history.len(),
            status: status.to_owned(),
            output,
            error,
            cause,
            stop_millis: if ended { history.last().map(|e| e.timestamp_millis) } else { None },
            logs,
            paused: driver.paused().map(WirePause::from),
            stages,
            map_runs: {
                // children of every Map Run: sent with each update that changed them up to this
                // many, else with the last
                const SENT_ALWAYS: usize = 200;
                let runs = driver.execution().map_runs();
                let children: usize = runs.iter().map(|r| r.children.len()).sum();
                let mark = runs
                    .iter()
                    .map(|r| {
                        let events: usize = r.children.iter().map(|c| c.history.len()).sum();
                        events + usize::from(r.status != steplab_asl::MapRunStatus::Running) + 1
                    })
                    .sum::<usize>();
                let due = mark != self.map_runs && (ended || children <= SENT_ALWAYS);
                if due {
                    self.map_runs = mark;
                }
                due.then(|| driver.map_runs())
            },
            services_made: if ended {
                let made = driver.services_made();
                let new = made[self.made.min(made.len())..].to_vec();
                self.made = made.len();
                new
            } else {
                Vec::new()
            },
        }
    }
}

//! Hosts executions in the browser: [`steplab_runner::Driver`] carries each one forward, this
//! page carries out its effects (Python functions in their Workers, Waits and retry back-offs on
//! real timers, holds of the step debugger until the page resumes) and records what it hands out
//! in the workspace, so the execution page updates live.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use steplab_asl::{Breakpoints, HistoryEvent, Pause};
use steplab_runner::driver::MAX_RECORDED_VISITS;
use steplab_runner::host::Host;
use steplab_runner::{Answer, Driver, Ids, LambdaCall, Partition, Resume, RunOptions, Setup};
use yew::UseReducerDispatcher;

use crate::lambda_host;
use crate::store::{Action, ExecutionRecord, Function, Workspace};

pub fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// What a page can ask of a running execution (the execution itself lives in its driving task).
#[derive(Default)]
struct Controls {
    /// StopExecution's error and cause, once asked.
    stop: RefCell<Option<(Option<String>, Option<String>)>>,
    /// Skip the current wait (Wait state, retry back-off): the virtual clock jumps to its end.
    fast_forward: Cell<bool>,
    /// Tells other tabs, once a second, that this page still drives the execution.
    _heartbeat: Option<gloo::timers::callback::Interval>,
    /// Where the debugger holds the execution.
    paused: RefCell<Option<Pause>>,
    /// Continue from a pause.
    resume: Cell<bool>,
    /// Stop again after the next event (the debugger's Step).
    stepping: Cell<bool>,
}

thread_local! {
    /// The executions this page is driving, by execution ARN.
    static RUNNING: RefCell<HashMap<String, Rc<Controls>>> = RefCell::new(HashMap::new());
    /// The step debugger's breakpoints, by state machine.
    static BREAKPOINTS: RefCell<HashMap<String, Breakpoints>> = RefCell::new(HashMap::new());
}

/// Sets the breakpoints of `state_machine`'s executions, running ones included: an execution
/// stops once a state named in `states` is entered (before its work), when a retrier of a state
/// in `retriers` is about to retry, and when a catcher of a state in `catchers` matches.
pub fn set_breakpoints(state_machine: &str, breakpoints: Breakpoints) {
    BREAKPOINTS.with(|b| b.borrow_mut().insert(state_machine.to_owned(), breakpoints));
}

/// The breakpoints of `state_machine`'s executions.
pub fn breakpoints(state_machine: &str) -> Breakpoints {
    BREAKPOINTS.with(|b| b.borrow().get(state_machine).cloned().unwrap_or_default())
}

/// Where the debugger holds execution `arn`, if it does.
pub fn paused_at(arn: &str) -> Option<Pause> {
    controls(arn).and_then(|c| c.paused.borrow().clone())
}

/// Lets execution `arn` go on from its pause, to the next breakpoint, or (`step`) by one event:
/// the next event of the history is shown, and the engine goes on by one transition once all
/// the events it recorded are.
pub fn resume(arn: &str, step: bool) -> bool {
    controls(arn).is_some_and(|c| {
        c.stepping.set(step);
        c.resume.set(true);
        true
    })
}

fn controls(arn: &str) -> Option<Rc<Controls>> {
    RUNNING.with(|r| r.borrow().get(arn).cloned())
}

/// Whether this page is driving the execution `arn` (a RUNNING record may belong to another tab).
pub fn is_live(arn: &str) -> bool {
    controls(arn).is_some()
}

/// StopExecution: the execution ends ABORTED (at once, or when the invocation in flight returns).
/// Returns false when this page is not driving it.
pub fn stop(arn: &str, error: Option<String>, cause: Option<String>) -> bool {
    controls(arn).is_some_and(|c| {
        *c.stop.borrow_mut() = Some((error, cause));
        true
    })
}

/// Ends the wait the execution is in now (Wait state, retry back-off) on its virtual clock.
pub fn fast_forward(arn: &str) -> bool {
    controls(arn).is_some_and(|c| {
        c.fast_forward.set(true);
        true
    })
}

/// A fresh random UUID (the console pre-fills execution names with one).
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| Ids::new(js_sys::Math::random().to_bits()).uuid())
}

/// The test cases of a state machine's mock configuration (none when it has none or it does not
/// parse).
pub fn mock_test_cases(machine: &crate::store::StateMachine) -> Vec<String> {
    if machine.config.mocks.trim().is_empty() {
        return Vec::new();
    }
    steplab_asl::MockConfig::parse(&machine.config.mocks)
        .map(|c| c.test_cases(&machine.name))
        .unwrap_or_default()
}

/// [`start_with_mocks`] with the first test case of the machine's mock configuration, if any.
#[allow(dead_code)] // the entry of pages that offer no choice of test case
pub fn start_with(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    state_machine: &str,
    name: &str,
    input: &str,
    definition: Option<&str>,
    seed: Option<u64>,
) -> Result<(), String> {
    let test_case =
        workspace.state_machine(state_machine).and_then(|m| mock_test_cases(m).into_iter().next());
    start_with_mocks(
        workspace,
        dispatcher,
        state_machine,
        name,
        input,
        definition,
        seed,
        test_case.as_deref(),
        None,
    )
}

/// Starts an execution of state machine `state_machine` named `name` with `input` (JSON text),
/// running `definition` instead of the state machine's own when given (the debugger's
/// "re-run from here": the same machine started at another state, or edited), with `seed` when
/// given (the same seed makes the same random choices). Tasks on states that `mock_test_case` of
/// the machine's mock configuration (or of `mock_config`, a `MockConfigFile` given instead: the
/// mocks an earlier execution ran with) covers get their mocked responses; other AWS service
/// integrations get their default responses ([`steplab_runner::service`]). The execution keeps
/// a snapshot of the mocks it runs with ([`crate::execution::mock_snapshot`]).
#[allow(clippy::too_many_arguments)]
pub fn start_with_mocks(
    workspace: &Workspace,
    dispatcher: UseReducerDispatcher<Workspace>,
    state_machine: &str,
    name: &str,
    input: &str,
    definition: Option<&str>,
    seed: Option<u64>,
    mock_test_case: Option<&str>,
    mock_config: Option<&str>,
) -> Result<(), String> {
    let machine_record = workspace
        .state_machine(state_machine)
        .ok_or_else(|| format!("State machine {state_machine} does not exist"))?;
    let definition = definition.unwrap_or(&machine_record.definition);
    if let Some(existing) = workspace.execution(state_machine, name) {
        // StartExecution is idempotent for a running execution started with the same input
        if existing.status == "RUNNING" && existing.input == input && is_live(&existing.arn) {
            return Ok(());
        }
        // StartExecution's error for a name in use
        return Err(format!(
            "ExecutionAlreadyExists: Execution Already Exists: '{}'",
            workspace.partition.execution_arn(state_machine, name)
        ));
    }
    let parsed = steplab_asl::parse(definition);
    let Some(machine) = parsed.machine else {
        let first = parsed.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default();
        return Err(format!("The state machine definition is not valid: {first}"));
    };
    let input_value: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    let (mocks, mock_snapshot) = match mock_test_case {
        None => (None, None),
        Some(case) => {
            let config = mock_config.unwrap_or(&machine_record.config.mocks);
            let mocks = steplab_asl::MockConfig::parse(config)
                .map_err(|e| format!("The mock configuration is not valid: {e}"))?
                .test_case(state_machine, case)
                .map_err(|e| format!("The mock configuration has {e}"))?;
            let snapshot = crate::execution::mock_snapshot::snapshot(config, state_machine, case)?;
            (Some(mocks), Some(snapshot))
        }
    };

    let start_millis = now_millis();
    #[allow(clippy::cast_sign_loss)]
    let seed = seed.unwrap_or_else(|| (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64);
    let options = RunOptions {
        partition: workspace.partition.clone(),
        name: name.to_owned(),
        state_machine_name: state_machine.to_owned(),
        role_name: machine_record.role_name.clone(),
        start_millis,
        seed,
    };
    let execution = steplab_runner::start(machine, input_value, &options);
    let setup = Setup {
        functions: workspace
            .functions
            .iter()
            .map(|f| (f.name.clone(), f.timeout_seconds))
            .collect(),
        mocks,
        partition: workspace.partition.clone(),
        seed,
    };
    let mut driver = Driver::new(execution, setup);
    driver.record_stages(MAX_RECORDED_VISITS);
    let record = ExecutionRecord {
        name: name.to_owned(),
        arn: workspace.partition.execution_arn(state_machine, name),
        state_machine: state_machine.to_owned(),
        definition: definition.to_owned(),
        input: input.to_owned(),
        status: "RUNNING".into(),
        output: None,
        error: None,
        cause: None,
        start_millis,
        stop_millis: None,
        events: Vec::new(),
        logs: Vec::new(),
        seed: Some(seed),
        mock_test_case: mock_test_case.map(str::to_owned),
        mocks: mock_snapshot,
        stages: std::collections::BTreeMap::new(),
    };
    let heartbeat = {
        let arn = record.arn.clone();
        gloo::timers::callback::Interval::new(1000, move || {
            crate::execution::recovery::beat(&arn, now_millis());
        })
    };
    let controls = Rc::new(Controls { _heartbeat: Some(heartbeat), ..Controls::default() });
    RUNNING.with(|r| r.borrow_mut().insert(record.arn.clone(), Rc::clone(&controls)));
    let run = Run {
        controls,
        record,
        functions: workspace.functions.clone(),
        partition: workspace.partition.clone(),
        dispatcher,
    };
    wasm_bindgen_futures::spawn_local(run.drive(driver));
    Ok(())
}

/// This page's host of one execution's [`Driver`]: it carries out the driver's effects (Lambda
/// functions in their Workers, waits on timers, holds until the page resumes) through
/// [`steplab_runner::host::drive`] and records what the driver hands out in the workspace.
struct Run {
    controls: Rc<Controls>,
    record: ExecutionRecord,
    functions: Vec<Function>,
    partition: Partition,
    dispatcher: UseReducerDispatcher<Workspace>,
}

/// How often a waiting run looks at the page's controls (stop, fast-forward, resume).
const CONTROL_POLL_MS: u32 = 50;

impl Run {
    async fn drive(mut self, mut driver: Driver) {
        steplab_runner::host::drive(&mut driver, &mut self).await;
    }

    fn asked(&self) -> bool {
        self.controls.stop.borrow().is_some()
            || self.controls.fast_forward.get()
            || self.controls.resume.get()
    }
}

impl Host for Run {
    fn now(&self) -> i64 {
        now_millis()
    }

    fn controls(&mut self, driver: &mut Driver) {
        let now = now_millis();
        let mut wanted = breakpoints(&self.record.state_machine);
        wanted.every_event = false;
        driver.set_breakpoints(wanted);
        if let Some((error, cause)) = self.controls.stop.borrow_mut().take() {
            driver.stop(error, cause, now);
        }
        if self.controls.fast_forward.replace(false) {
            driver.fast_forward(now);
        }
        if self.controls.resume.replace(false) {
            let how = if self.controls.stepping.get() { Resume::Step } else { Resume::Continue };
            driver.resume(how, now);
        }
    }

    fn appended(&mut self, driver: &Driver, from: usize, to: usize) {
        let history = driver.execution().history();
        self.record.events.extend(history[from..to].iter().map(HistoryEvent::to_json));
    }

    fn publish(&mut self, driver: &Driver) {
        *self.controls.paused.borrow_mut() = driver.paused().cloned();
        let record = &mut self.record;
        crate::execution::record::update(record, driver);
        if record.status == "RUNNING" {
            crate::execution::recovery::beat(&record.arn, now_millis());
        } else {
            crate::execution::recovery::forget(&record.arn);
            RUNNING.with(|r| r.borrow_mut().remove(&record.arn));
        }
        self.dispatcher.dispatch(Action::PutExecution(record.clone()));
    }

    async fn invoke(&mut self, call: LambdaCall, _timeout_seconds: u32) -> Answer {
        let Some(function) = self.functions.iter().find(|f| f.name == call.function_name) else {
            return Answer::Lost(format!("no function is named {}", call.function_name));
        };
        let code = function.deployed(&self.partition);
        match lambda_host::invoke(code, call).await {
            Ok(reply) => Answer::Returned(reply),
            Err(e) => Answer::Lost(e),
        }
    }

    /// Sleeps in short slices so that what the page asks takes effect at once.
    async fn sleep(&mut self, until: Option<i64>) {
        loop {
            let left = until.map_or(i64::from(CONTROL_POLL_MS), |u| u - now_millis());
            if left <= 0 || self.asked() {
                return;
            }
            crate::execution::recovery::beat(&self.record.arn, now_millis());
            let ms = u32::try_from(left.min(i64::from(CONTROL_POLL_MS))).unwrap_or(CONTROL_POLL_MS);
            gloo::timers::future::TimeoutFuture::new(ms).await;
        }
    }
}

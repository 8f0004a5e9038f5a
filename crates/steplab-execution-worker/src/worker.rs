//! The execution Worker's message loop: starts executions, relays what the page asks to each
//! one's host, and carries out the page's own invocations and syntax checks.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use steplab_runner::Driver;
use steplab_runner::execution_protocol::{FromExecutions, Progress, ToExecutions, WireAnswer};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::host::{Asked, WorkerHost};

thread_local! {
    /// What the page relayed, by execution ARN, for the executions running here.
    static RUNS: RefCell<HashMap<String, Rc<Asked>>> = RefCell::new(HashMap::new());
    /// The last executions that ended here and could be redriven, oldest first.
    static ENDED: RefCell<VecDeque<Ended>> = const { RefCell::new(VecDeque::new()) };
}

/// An execution that ended here, kept for a redrive: the engine redrives the execution as it
/// ended (see `steplab_asl`'s `redrive.rs`), which a stored history cannot give back.
struct Ended {
    arn: String,
    driver: Driver,
    progress: Progress,
    functions: Rc<std::collections::BTreeMap<String, steplab_function::FunctionConfig>>,
}

/// How many ended executions are kept for a redrive.
const KEPT_FOR_REDRIVE: usize = 16;

/// Drives `driver` to its end with a host sending updates for `arn`; keeps it after, when it
/// could be redriven.
fn run(
    arn: String,
    mut driver: Driver,
    progress: Progress,
    functions: Rc<std::collections::BTreeMap<String, steplab_function::FunctionConfig>>,
) {
    let asked = Rc::new(Asked::default());
    RUNS.with_borrow_mut(|r| r.insert(arn.clone(), Rc::clone(&asked)));
    let mut host = WorkerHost { arn: arn.clone(), asked, progress, functions };
    wasm_bindgen_futures::spawn_local(async move {
        steplab_runner::host::drive(&mut driver, &mut host).await;
        RUNS.with_borrow_mut(|r| r.remove(&arn));
        let redrivable = matches!(
            driver.execution().redrive_status(now_millis()),
            steplab_asl::RedriveStatus::Redrivable
        );
        if redrivable {
            let WorkerHost { progress, functions, .. } = host;
            ENDED.with_borrow_mut(|e| {
                e.retain(|x| x.arn != arn);
                if e.len() >= KEPT_FOR_REDRIVE {
                    e.pop_front();
                }
                e.push_back(Ended { arn, driver, progress, functions });
            });
        }
    });
}

/// RedriveExecution of `arn`, if it ended here.
fn redrive(arn: String) {
    let Some(mut ended) = ENDED.with_borrow_mut(|e| {
        let i = e.iter().position(|x| x.arn == arn)?;
        e.remove(i)
    }) else {
        // not confirmed as AWS's: StepLab keeps an execution for a redrive only while the
        // execution Worker that ran it is up (the page that started it has not been reloaded)
        let message = "StepLab can redrive an execution only from the page that ran it, before it is reloaded".to_owned();
        return post(&FromExecutions::RedriveRefused { arn, message });
    };
    match ended.driver.redrive(now_millis()) {
        Ok(_) => run(arn, ended.driver, ended.progress, ended.functions),
        Err(e) => {
            let message = format!("{}: {}", steplab_asl::ExecutionNotRedrivable::CODE, e.message);
            post(&FromExecutions::RedriveRefused { arn, message });
        }
    }
}

pub(crate) fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

pub(crate) fn post(message: &FromExecutions) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(text) = serde_json::to_string(message) {
        let _ = scope.post_message(&text.into());
    }
}

fn handle(message: ToExecutions) {
    match message {
        ToExecutions::Start { arn, start } => {
            let driver = match crate::start::driver(&start) {
                Ok(driver) => driver,
                Err(message) => return post(&FromExecutions::Refused { arn, message }),
            };
            let functions = std::rc::Rc::new(
                start.functions.iter().map(|f| (f.function_name.clone(), f.clone())).collect(),
            );
            run(arn, driver, Progress::default(), functions);
        }
        ToExecutions::Redrive { arn } => redrive(arn),
        ToExecutions::Control { arn, control } => {
            if let Some(asked) = RUNS.with_borrow(|r| r.get(&arn).cloned()) {
                asked.controls.borrow_mut().push(control);
            }
        }
        ToExecutions::Invoke { id, function, call, aws, functions } => {
            wasm_bindgen_futures::spawn_local(async move {
                // the Test of a function: a synchronous Invoke may reach the workspace's
                // functions (an older page names none: the function itself)
                let mut functions: std::collections::BTreeMap<_, _> =
                    functions.into_iter().map(|f| (f.function_name.clone(), f)).collect();
                functions.entry(function.function_name.clone()).or_insert_with(|| function.clone());
                let functions = std::rc::Rc::new(functions);
                let aws = aws.map(|a| *a);
                let answer =
                    match crate::function_workers::invoke(function, call, aws, functions).await {
                        Ok(reply) => WireAnswer::Returned(reply),
                        Err(e) => WireAnswer::Lost(e),
                    };
                post(&FromExecutions::Invoked { id, answer });
            });
        }
        ToExecutions::Check { id, code, runtime } => {
            wasm_bindgen_futures::spawn_local(async move {
                // a checker that cannot start finds nothing: the code is checked again on Deploy
                let problem = crate::function_workers::check(code, runtime).await.unwrap_or(None);
                post(&FromExecutions::Checked { id, problem });
            });
        }
        ToExecutions::Warm => {
            crate::function_workers::warm(|boot_ms| post(&FromExecutions::Warmed { boot_ms }));
        }
        ToExecutions::Validate { id, definition, layout } => {
            let parsed = steplab_asl::parse(&definition);
            let diagnostics = parsed.diagnostics.iter().map(Into::into).collect();
            // the graph is laid out here too, so the page only draws it
            let layout = layout.then(|| Box::new(steplab_layout::layout_text(&definition)));
            post(&FromExecutions::Validated { id, diagnostics, layout });
        }
    }
}

pub(crate) fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        if let Ok(message) = serde_json::from_str::<ToExecutions>(&text) {
            handle(message);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromExecutions::Loaded);
}

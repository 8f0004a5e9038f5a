//! Every host carries an execution forward the same way: each case file of the engine's suite
//! (`crates/steplab-asl/tests/cases`) runs through the driver as the CLI drives it
//! ([`steplab_runner::sync::run_to_end`]), as the web app drives it ([`steplab_runner::host::drive`]
//! with a simulated host whose functions answer later), and as the JavaScript API steps it (one
//! event per step, [`Driver::step_from_start`]); the three give the same status, output and
//! history, event for event.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::{Value, json};
use steplab_asl::HistoryEvent;
use steplab_runner::host::Host;
use steplab_runner::{
    Answer, Driver, Effect, Functions, LambdaCall, LambdaReply, Partition, Resume, RunOptions,
    Setup,
};

const T0: i64 = 1_764_072_000_000;

/// Lambda functions that answer from a case's scripted task answers, in order.
#[derive(Clone)]
struct Scripted {
    names: BTreeMap<String, u32>,
    answers: VecDeque<Value>,
}

impl Functions for Scripted {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        self.names.clone()
    }

    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let reply = |payload: String, error: bool| LambdaReply {
            payload,
            function_error: error.then(|| "Unhandled".to_owned()),
            log: format!("START RequestId: {}\n", call.request_id),
            duration_ms: 12.3,
            aws_calls: Vec::new(),
            invoked: Vec::new(),
            log_stream_name: None,
        };
        Some(match self.answers.pop_front() {
            Some(Value::Object(a)) if a.contains_key("Payload") => {
                reply(a["Payload"].as_str().unwrap_or("null").to_owned(), false)
            }
            Some(Value::Object(a)) if a.contains_key("FunctionError") => {
                reply(a["FunctionError"].as_str().unwrap_or("{}").to_owned(), true)
            }
            Some(Value::Object(a)) if a.contains_key("Return") => {
                reply(a["Return"].to_string(), false)
            }
            Some(Value::Object(a)) if a.contains_key("Throw") => {
                let t = &a["Throw"];
                let body = json!({"errorType": t["Error"], "errorMessage": t["Cause"]});
                reply(body.to_string(), true)
            }
            Some(Value::String(s)) if s == "Hang" => return None,
            _ => reply(call.payload.clone(), false),
        })
    }
}

/// Every function name the definition's Lambda tasks use, by walking its JSON.
fn function_names(value: &Value, out: &mut BTreeMap<String, u32>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if let Value::String(s) = v
                    && (k == "FunctionName"
                        || (k == "Resource" && s.starts_with("arn:aws:lambda:")))
                    && let Ok(f) = steplab_runner::FunctionRef::parse(s)
                {
                    out.insert(f.name, 3);
                }
                function_names(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| function_names(v, out)),
        _ => {}
    }
}

fn driver(case: &Value, src: &str) -> Option<(Driver, Scripted)> {
    let machine = steplab_asl::parse(src).machine?;
    let mut names = BTreeMap::new();
    function_names(&case["definition"], &mut names);
    let answers = case["tasks"].as_array().cloned().unwrap_or_default().into();
    let functions = Scripted { names, answers };
    let options = RunOptions {
        partition: Partition::default(),
        name: "hosts".into(),
        state_machine_name: "Hosts".into(),
        role_name: "StepFunctions-Hosts-role-0000".into(),
        start_millis: T0,
        seed: 7,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let input = case.get("input").cloned().unwrap_or_else(|| json!({}));
    let execution = steplab_runner::start(machine, input, &options);
    let setup = Setup {
        functions: functions.timeouts(),
        mocks: None,
        partition: options.partition,
        seed: 7,
    };
    Some((Driver::new(execution, setup), functions))
}

/// What a run ended with: status, output or error and cause, and the history.
fn outcome(driver: &Driver) -> Value {
    let history: Vec<Value> = driver.history().iter().map(HistoryEvent::to_json).collect();
    json!({"status": driver.status().as_str(), "history": history,
           "logs": driver.logs().iter().map(|l| l.log.clone()).collect::<Vec<_>>()})
}

/// The CLI's way: effects carried out at once, in this thread.
fn cli(mut driver: Driver, mut functions: Scripted) -> Value {
    let mut clock = T0;
    steplab_runner::sync::run_to_end(&mut driver, &mut functions, &mut clock);
    outcome(&driver)
}

/// The JavaScript API's stepping: one event per step, then on.
fn stepped(mut driver: Driver, mut functions: Scripted) -> Value {
    driver.step_from_start();
    let mut clock = T0;
    let mut shown = 0;
    for _ in 0..200_000 {
        match steplab_runner::sync::carry_out(&mut driver, &mut functions, &mut clock) {
            Effect::Finished => return outcome(&driver),
            _ => {
                assert!(driver.history().len() <= shown + 1, "a step shows at most one event");
                shown = driver.history().len();
                driver.resume(Resume::Step, clock);
            }
        }
    }
    panic!("stepping did not end");
}

/// A simulated browser: the clock is virtual, a function answers after the host yielded once
/// (as a Worker's reply comes in a later task), events are recorded as they are appended.
struct Simulated {
    clock: i64,
    functions: Scripted,
    appended: Vec<Value>,
    published: usize,
}

/// A future that is pending once, as a reply from a Worker arrives in a later task.
struct Later(bool);

impl Future for Later {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Host for Simulated {
    fn now(&self) -> i64 {
        self.clock
    }

    fn controls(&mut self, _driver: &mut Driver) {}

    fn appended(&mut self, driver: &Driver, from: usize, to: usize) {
        assert_eq!(from, self.appended.len(), "events are appended in order, once");
        self.appended.extend(driver.history()[from..to].iter().map(HistoryEvent::to_json));
    }

    fn publish(&mut self, _driver: &Driver) {
        self.published += 1;
    }

    async fn invoke(
        &mut self,
        call: LambdaCall,
        _timeout_seconds: u32,
        _aws: steplab_runner::handler_aws::AwsSnapshot,
    ) -> Answer {
        Later(false).await;
        match self.functions.invoke(&call) {
            Some(reply) => {
                #[allow(clippy::cast_possible_truncation)]
                let took = reply.duration_ms.ceil() as i64;
                self.clock += took;
                Answer::Returned(reply)
            }
            None => Answer::Lost(format!("no function is named {}", call.function_name)),
        }
    }

    async fn sleep(&mut self, until: Option<i64>) {
        Later(false).await;
        if let Some(until) = until {
            self.clock = self.clock.max(until);
        }
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The web app's way: [`steplab_runner::host::drive`] with a simulated browser.
fn app(mut driver: Driver, functions: Scripted) -> Value {
    let mut host = Simulated { clock: T0, functions, appended: Vec::new(), published: 0 };
    block_on(steplab_runner::host::drive(&mut driver, &mut host));
    let out = outcome(&driver);
    assert_eq!(Value::Array(host.appended), out["history"], "the app recorded every event");
    assert!(host.published >= 1);
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

#[test]
fn every_host_runs_the_cases_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../steplab-asl/tests/cases");
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    assert!(paths.len() > 300, "the case files are missing: {} found", paths.len());
    let (mut compared, mut failures) = (0, Vec::new());
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        let case: Value = serde_json::from_str(&text).expect("a case is JSON");
        let src = match (case.get("definition_text"), case.get("definition")) {
            (Some(Value::String(t)), _) => t.clone(),
            (_, Some(d)) => serde_json::to_string_pretty(d).expect("JSON"),
            _ => continue,
        };
        let Some((d1, f1)) = driver(&case, &src) else { continue };
        let (d2, f2) = driver(&case, &src).expect("valid");
        let (d3, f3) = driver(&case, &src).expect("valid");
        let (by_cli, by_app, by_steps) = (cli(d1, f1), app(d2, f2), stepped(d3, f3));
        compared += 1;
        if by_cli != by_app || by_cli != by_steps {
            failures.push(path.display().to_string());
        }
    }
    assert!(failures.is_empty(), "hosts differ on {} cases: {failures:#?}", failures.len());
    assert!(compared > 250, "only {compared} cases compared");
    println!("hosts: {compared} cases run alike by the CLI, the app and stepping");
}

//! Task states on the AWS services, nested executions and task-token callbacks, as data: each
//! file of `tests/integrations/` is a definition with its input, the resources it starts with
//! (`resources`: service calls, see `steplab_runner::resources`), the state machines it may start
//! (`stateMachines`), the callbacks a test host sends while the execution waits for one
//! (`callbacks`; those marked `afterRun` once the run is over), and what must come out: `expect` (status, output or error and cause), `after`
//! (service calls made through `Driver::call_service` once the run is over, with their output or
//! error), `started` (the executions it started, as `DescribeExecution` gives them) and
//! `invoked` (the calls of the `functions`, which answer `{"echo": event}`, after making the
//! AWS SDK calls `sdk` lists for them: see [`Echo`]), `logs` (the run's function logs, in
//! order, each `{"function", "requestId", "log"}`), `mocks` (a MockConfigFile whose test case
//! `Case` of the state machine `Machine` answers the states it names) and `events` (events that
//! must be in the history, in that order, each matched as below against the event as
//! `GetExecutionHistory` gives it; others may come between).
//!
//! Expected values match when every member they name matches (objects may have more members);
//! the string `"*"` matches anything, and a string ending in `…*` matches by its prefix.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use serde_json::{Value, json};
use steplab_function::aws::SharedAwsHost;
use steplab_runner::handler_aws::{AwsSnapshot, HandlerAws, Invoker};
use steplab_runner::{
    Driver, Effect, Functions, LambdaCall, LambdaReply, Partition, RunOptions, Setup, start,
};

const T0: i64 = 1_764_072_000_000;

/// Lambda functions that answer `{"echo": <the event>}` (`functions`: their names), and record
/// the calls they got. A function named in `sdk` first makes the AWS SDK calls listed there
/// (`{"service", "operation", "input"}`; a string `"$event.NAME"` in the input is the event's
/// member `NAME`; a `Payload` object is sent as its JSON text) and answers `{"echo": <the event>,
/// "sdk": [{"output": …} or {"error": {"code", "message"}}]}`; with `{"depth": 0}` in its event it
/// makes none, and with `{"fail": true}` it fails (`FunctionError` `Unhandled`). Its log is
/// `START RequestId: …` and `END RequestId: …`. A synchronous `Invoke` from a function runs its
/// target at once ([`Invoker`]).
#[derive(Clone, Default)]
struct Echo {
    names: Vec<String>,
    sdk: BTreeMap<String, Vec<Value>>,
    /// Shared by the handles a synchronous `Invoke` from a function runs its target with.
    calls: Rc<RefCell<Vec<Value>>>,
}

/// `input` with each `"$event.NAME"` string replaced by `event`'s member `NAME`.
fn from_event(input: &Value, event: &Value) -> Value {
    match input {
        Value::String(s) if s.starts_with("$event.") => event[&s["$event.".len()..]].clone(),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), from_event(v, event))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| from_event(v, event)).collect()),
        other => other.clone(),
    }
}

impl Echo {
    fn calls(&self) -> Vec<Value> {
        self.calls.borrow().clone()
    }

    fn run(&self, call: &LambdaCall, aws: &SharedAwsHost) -> Option<LambdaReply> {
        if !self.names.contains(&call.function_name) {
            return None;
        }
        let event: Value = serde_json::from_str(&call.payload).unwrap();
        self.calls.borrow_mut().push(json!({"function": call.function_name, "event": event}));
        let mut answer = json!({"echo": event});
        // an event `{"fail": true}` makes the function fail (a handled error's payload)
        let failed = event.get("fail") == Some(&json!(true));
        if let Some(calls) = self.sdk.get(&call.function_name) {
            // `{"depth": n}` in the event: the calls are made while n > 0
            let go_on = event.get("depth").and_then(Value::as_i64).is_none_or(|d| d > 0);
            let results: Vec<Value> = calls
                .iter()
                .filter(|_| go_on)
                .map(|c| {
                    let s = |k: &str| c[k].as_str().unwrap().to_owned();
                    let mut input = from_event(&c["input"], &event);
                    if let Some(Value::Object(p)) = input.get("Payload").cloned() {
                        // a payload given as an object is sent as its JSON text
                        input["Payload"] = json!(Value::Object(p).to_string());
                    }
                    match aws.borrow_mut().call(&s("service"), &s("operation"), &input) {
                        Ok(output) => json!({"output": output}),
                        Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
                    }
                })
                .collect();
            answer["sdk"] = Value::Array(results);
        }
        let id = &call.request_id;
        let (payload, function_error) = if failed {
            (json!({"errorMessage": "failed", "errorType": "Exception"}), Some("Unhandled".into()))
        } else {
            (answer, None)
        };
        Some(LambdaReply {
            payload: payload.to_string(),
            function_error,
            log: format!("START RequestId: {id}\nEND RequestId: {id}\n"),
            duration_ms: 5.0,
            aws_calls: Vec::new(),
            invoked: Vec::new(),
            log_stream_name: None,
        })
    }
}

impl Functions for Echo {
    fn timeouts(&self) -> BTreeMap<String, u32> {
        self.names.iter().map(|n| (n.clone(), 3)).collect()
    }
    fn invoke(&mut self, call: &LambdaCall) -> Option<LambdaReply> {
        let offline: SharedAwsHost = Rc::new(RefCell::new(HandlerAws::default()));
        self.run(call, &offline)
    }
    fn invoke_with(&mut self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        self.run(call, &aws)
    }
    fn invoker(&mut self) -> Option<Rc<dyn Invoker>> {
        Some(Rc::new(self.clone()))
    }
}

impl Invoker for Echo {
    fn invoke(&self, call: &LambdaCall, aws: SharedAwsHost) -> Option<LambdaReply> {
        self.run(call, &aws)
    }
}

fn matches(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(e), _) if e == "*" => Ok(()),
        (Value::String(e), Value::String(a)) if e.ends_with("…*") => {
            let prefix = &e[..e.len() - "…*".len()];
            if a.starts_with(prefix) {
                Ok(())
            } else {
                Err(format!("{at}: {a:?} does not start with {prefix:?}"))
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let Some(got) = a.get(k) else {
                    return Err(format!("{at}.{k}: missing in {actual}"));
                };
                matches(v, got, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (v, got)) in e.iter().zip(a).enumerate() {
                matches(v, got, &format!("{at}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{at}: expected {expected}, got {actual}")),
    }
}

fn check(what: &str, expected: &Value, actual: &Value) {
    if let Err(e) = matches(expected, actual, "$") {
        panic!("{what}: {e}\nactual: {}", serde_json::to_string_pretty(actual).unwrap());
    }
}

fn status(driver: &Driver) -> Value {
    let s = driver.execution().status();
    let mut out = json!({"status": s.as_str()});
    match s {
        steplab_asl::ExecutionStatus::Succeeded { output } => out["output"] = output.clone(),
        steplab_asl::ExecutionStatus::Failed { error, cause }
        | steplab_asl::ExecutionStatus::TimedOut { error, cause }
        | steplab_asl::ExecutionStatus::Aborted { error, cause } => {
            out["error"] = json!(error);
            out["cause"] = json!(cause);
        }
        steplab_asl::ExecutionStatus::Running => {}
    }
    out
}

/// Sends `callback` (a token by its index in `Driver::task_tokens` or as given); checks the
/// expected error; true when it was accepted.
fn send(driver: &mut Driver, callback: &Value, clock: i64, file: &str) -> bool {
    let token = match &callback["token"] {
        Value::Number(n) => {
            let tokens = driver.task_tokens();
            tokens.get(n.as_u64().unwrap() as usize).cloned().unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        other => panic!("{file}: a callback's token is an index or a string, not {other}"),
    };
    let result = if callback.get("api").is_some_and(|a| a == true) {
        // through the Step Functions API, as a function's boto3 call reaches the run
        let (operation, mut input) = match (callback.get("success"), callback.get("failure")) {
            (Some(output), _) => ("SendTaskSuccess", json!({"output": output.to_string()})),
            (_, Some(f)) => ("SendTaskFailure", f.clone()),
            _ => ("SendTaskHeartbeat", json!({})),
        };
        input["taskToken"] = json!(token);
        driver.call_service("stepfunctions", operation, &input, clock).map(|_| ())
    } else if let Some(output) = callback.get("success") {
        driver.send_task_success(&token, output.clone(), clock)
    } else if let Some(f) = callback.get("failure") {
        let s = |k: &str| f.get(k).and_then(Value::as_str).map(str::to_owned);
        driver.send_task_failure(&token, s("error"), s("cause"), clock)
    } else {
        driver.send_task_heartbeat(&token, clock)
    };
    match (&result, callback.get("error")) {
        (Ok(()), None) => true,
        (Err(e), Some(expected)) => {
            check(
                &format!("{file}: callback error"),
                expected,
                &json!({"code": e.code, "message": e.message}),
            );
            false
        }
        (r, expected) => {
            panic!("{file}: callback {callback}: got {r:?}, expected error {expected:?}")
        }
    }
}

/// The web app's way ([`steplab_runner::host::drive`]): a host whose functions answer later.
struct App {
    clock: i64,
    functions: Echo,
}

/// Pending once, as a Worker's reply comes in a later task.
struct Later(bool);

impl std::future::Future for Later {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

impl steplab_runner::host::Host for App {
    fn now(&self) -> i64 {
        self.clock
    }
    fn controls(&mut self, _driver: &mut Driver) {}
    fn appended(&mut self, _driver: &Driver, _from: usize, _to: usize) {}
    fn publish(&mut self, _driver: &Driver) {}
    async fn invoke(
        &mut self,
        call: LambdaCall,
        _timeout_seconds: u32,
        aws: AwsSnapshot,
    ) -> steplab_runner::Answer {
        Later(false).await;
        // as the function's Worker answers its calls from the run's copy
        let invoker: Rc<dyn Invoker> = Rc::new(self.functions.clone());
        let host = Rc::new(RefCell::new(HandlerAws::with_invoker(aws, Some(invoker))));
        match self.functions.invoke_with(&call, host.clone()) {
            Some(mut reply) => {
                let (calls, invoked) = std::mem::take(&mut *host.borrow_mut()).finish();
                reply.aws_calls = calls;
                reply.invoked = invoked;
                self.clock += 5;
                steplab_runner::Answer::Returned(reply)
            }
            None => steplab_runner::Answer::Lost("no such function".into()),
        }
    }
    async fn sleep(&mut self, until: Option<i64>) {
        Later(false).await;
        let until = until.expect("a case without callbacks never waits without an end");
        self.clock = self.clock.max(until);
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The case's driver, with its services and state machines, and its functions.
fn driver(case: &Value, file: &str) -> (Driver, Echo) {
    let parsed = steplab_asl::parse(&case["definition"].to_string());
    let machine = parsed.machine.unwrap_or_else(|| panic!("{file}: {:?}", parsed.diagnostics));
    let partition = Partition::default();
    let options = RunOptions {
        partition: partition.clone(),
        name: "run".into(),
        state_machine_name: "Parent".into(),
        role_name: "StepFunctions-Parent-role".into(),
        start_millis: T0,
        seed: 7,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = start(machine, case.get("input").cloned().unwrap_or(json!({})), &options);
    let mut functions = Echo::default();
    for name in case.get("functions").and_then(Value::as_array).into_iter().flatten() {
        functions.names.push(name.as_str().unwrap().to_owned());
    }
    if let Some(Value::Object(sdk)) = case.get("sdk") {
        for (name, calls) in sdk {
            functions.sdk.insert(name.clone(), calls.as_array().unwrap().clone());
        }
    }
    // `mocks`: a MockConfigFile whose test case `Case` of the state machine `Machine` answers
    // the states it names
    let mocks = case.get("mocks").map(|m| {
        steplab_asl::MockConfig::parse(&m.to_string())
            .unwrap_or_else(|e| panic!("{file}: mocks: {e:?}"))
            .test_case("Machine", "Case")
            .unwrap_or_else(|e| panic!("{file}: mocks: {e}"))
    });
    let setup =
        Setup { functions: functions.timeouts(), mocks, partition: partition.clone(), seed: 7 };
    let mut driver = Driver::new(execution, setup);
    let seed = case.get("resources").cloned().unwrap_or(json!([]));
    driver.set_services(
        steplab_runner::resources::seed(&seed, &partition, T0)
            .unwrap_or_else(|e| panic!("{file}: {e}")),
    );
    if let Some(Value::Object(machines)) = case.get("stateMachines") {
        for (name, definition) in machines {
            driver.register_state_machine(name, &definition.to_string());
        }
    }
    (driver, functions)
}

fn run_case(path: &PathBuf) {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut driver, mut functions) = driver(&case, &file);
    let mut clock = T0;
    // callbacks marked `afterRun` are sent once the run is over
    let (after_run, mut callbacks): (Vec<Value>, Vec<Value>) = case
        .get("callbacks")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .partition(|c| c.get("afterRun").is_some_and(|a| a == true));
    callbacks.reverse();
    loop {
        match steplab_runner::sync::carry_out(&mut driver, &mut functions, &mut clock) {
            Effect::AwaitingCallback(until) => {
                // send callbacks until one is accepted; without one the wait runs to its end
                let mut accepted = false;
                while let Some(c) = callbacks.pop() {
                    clock += 1000;
                    if send(&mut driver, &c, clock, &file) {
                        accepted = true;
                        break;
                    }
                }
                match (accepted, until) {
                    (true, _) => {}
                    (false, Some(t)) => clock = clock.max(t),
                    (false, None) => break,
                }
            }
            Effect::Finished => break,
            other => panic!("{file}: unexpected {other:?}"),
        }
    }
    // callbacks left over go to the finished run
    callbacks.extend(after_run.into_iter().rev());
    while let Some(c) = callbacks.pop() {
        assert!(!send(&mut driver, &c, clock, &file), "{file}: {c} was accepted after the run");
    }
    check(&format!("{file}: the execution"), &case["expect"], &status(&driver));
    if let Some(Value::Array(want)) = case.get("events") {
        let got: Vec<Value> = driver.history().iter().map(|e| e.to_json()).collect();
        let mut rest = got.iter();
        for w in want {
            assert!(
                rest.any(|g| matches(w, g, "$").is_ok()),
                "{file}: no event {w} (in order) in\n{}",
                serde_json::to_string_pretty(&got).unwrap()
            );
        }
    }
    for call in case.get("after").and_then(Value::as_array).into_iter().flatten() {
        let s = |k: &str| call[k].as_str().unwrap();
        let got = driver.call_service(s("service"), s("operation"), &call["input"], clock);
        let got = match got {
            Ok(output) => json!({"output": output}),
            Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
        };
        let mut expected = json!({});
        for k in ["output", "error"] {
            if let Some(v) = call.get(k) {
                expected[k] = v.clone();
            }
        }
        check(&format!("{file}: {} {}", s("service"), s("operation")), &expected, &got);
    }
    if case.get("callbacks").is_none() {
        // stepped event by event (as the JavaScript API's debugger steps), the same run
        let (mut stepped, mut functions) = self::driver(&case, &file);
        stepped.step_from_start();
        let mut clock = T0;
        while let Effect::Paused(_) =
            steplab_runner::sync::carry_out(&mut stepped, &mut functions, &mut clock)
        {
            stepped.resume(steplab_runner::Resume::Step, clock);
        }
        assert_eq!(status(&stepped), status(&driver), "{file}: stepped");
        assert_eq!(stepped.history(), driver.history(), "{file}: stepped");
        // and as the web app drives it
        let (mut app, app_functions) = self::driver(&case, &file);
        let mut host = App { clock: T0, functions: app_functions };
        block_on(steplab_runner::host::drive(&mut app, &mut host));
        assert_eq!(status(&app), status(&driver), "{file}: app");
        assert_eq!(app.history(), driver.history(), "{file}: app");
        assert_eq!(host.functions.calls(), functions.calls(), "{file}: app");
        assert_eq!(app.logs(), driver.logs(), "{file}: app");
    }
    if let Some(invoked) = case.get("invoked") {
        check(&format!("{file}: invocations"), invoked, &Value::Array(functions.calls()));
    }
    if let Some(logs) = case.get("logs") {
        // the functions' logs in the run, in order: each `{"function", "log"}`
        let got: Vec<Value> = driver
            .logs()
            .iter()
            .map(|l| json!({"function": l.function_name, "requestId": l.request_id, "log": l.log}))
            .collect();
        check(&format!("{file}: logs"), logs, &Value::Array(got));
    }
    if let Some(started) = case.get("started") {
        let got: Vec<Value> =
            driver.started_executions().into_iter().map(|s| s.description).collect();
        check(&format!("{file}: started executions"), started, &Value::Array(got));
    }
}

#[test]
fn integration_cases() {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "integrations"].iter().collect();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "the cases are there");
    for path in &paths {
        run_case(path);
    }
}

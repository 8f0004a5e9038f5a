//! One Lambda execution environment: INIT on the first invoke (cold start), then warm invokes that
//! share the module's globals, until a timeout or an exit resets it.

use serde_json::json;

use crate::FunctionConfig;
use crate::aws::SharedAwsHost;
use crate::clock::Clock;
use crate::logging;
use crate::report::{self, Report};
use crate::result::InvokeResult;
use crate::sandbox::{Arg, Outcome, Sandbox};

/// The largest synchronous response Lambda returns (6 MB plus the envelope AWS allows).
const MAX_RESPONSE_BYTES: usize = 6_291_556;

/// Boots an interpreter ahead of need (on this thread: the wasm instance of a Worker): the next
/// environment's INIT starts from it, so a cold start costs only the function's own INIT (its
/// environment and module) instead of RustPython's start and the runtime's bootstrap, which do not
/// depend on the function. The first call also pays the one-time costs of the process (in the
/// browser, V8 compiling the code it runs first). Does nothing when a booted interpreter is already
/// waiting. A Worker calls it while it waits for its first event, and again after each invocation.
pub fn prewarm() {
    if SPARE.with_borrow(Option::is_some) {
        return;
    }
    if !WARMED_UP.replace(true) {
        // the first time, a throwaway function runs INIT and an invoke, so that the code they run
        // (the compiler, the bootstrap's paths) is compiled by the browser before a real one needs it
        let config = FunctionConfig::new(
            "prewarm",
            "def lambda_handler(event, context):\n    return event\n",
        );
        let _ =
            ExecutionEnvironment::new(config).invoke("{}", "00000000-0000-4000-8000-000000000000");
    }
    let clock = Clock::default();
    if let Ok(sandbox) = Sandbox::boot(&clock) {
        SPARE.with_borrow_mut(|spare| *spare = Some((sandbox, clock)));
    }
}

/// Whether [`prewarm`] has an interpreter waiting for the next environment.
pub fn has_prewarmed() -> bool {
    SPARE.with_borrow(Option::is_some)
}

thread_local! {
    /// An interpreter booted by [`prewarm`] (with the bootstrap imported, no function yet), and
    /// the clock it reads.
    static SPARE: std::cell::RefCell<Option<(Sandbox, Clock)>> = const { std::cell::RefCell::new(None) };
    /// Whether [`prewarm`] has run a function once on this thread.
    static WARMED_UP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// One execution environment of a function (a Web Worker in the browser).
pub struct ExecutionEnvironment {
    config: FunctionConfig,
    clock: Clock,
    sandbox: Option<Sandbox>,
    log_stream_name: Option<String>,
    /// `/tmp` of a sandbox that was reset, for the next one (JSON from the bootstrap's `export_tmp`).
    tmp: Option<String>,
    /// The AWS services of the running invocation (what `boto3` reaches), none outside one.
    aws: Option<SharedAwsHost>,
}

impl ExecutionEnvironment {
    /// A cold environment: nothing runs until the first [`ExecutionEnvironment::invoke`].
    pub fn new(config: FunctionConfig) -> Self {
        ExecutionEnvironment {
            config,
            clock: Clock::default(),
            sandbox: None,
            log_stream_name: None,
            tmp: None,
            aws: None,
        }
    }

    /// The configuration this environment was created with.
    pub fn config(&self) -> &FunctionConfig {
        &self.config
    }

    /// Whether the next invoke reuses an initialised environment (a warm start).
    pub fn is_warm(&self) -> bool {
        self.sandbox.is_some()
    }

    /// Runs one event through the handler. Never panics: every failure is a payload as AWS returns it.
    /// No AWS services are connected: a `boto3` call fails as it does without a network
    /// (`EndpointConnectionError`); [`ExecutionEnvironment::invoke_with`] connects them.
    pub fn invoke(&mut self, event_json: &str, request_id: &str) -> InvokeResult {
        self.invoke_observed(event_json, request_id, &mut || {})
    }

    /// [`ExecutionEnvironment::invoke`] with the AWS services `aws` answering the function's
    /// `boto3` calls (during INIT too, when this invoke is a cold start). The host is borrowed
    /// mutably for each call only; a call made while it is already answering one (a nested
    /// invocation given the same host) fails with `ServiceUnavailable`.
    pub fn invoke_with(
        &mut self,
        event_json: &str,
        request_id: &str,
        aws: SharedAwsHost,
    ) -> InvokeResult {
        self.invoke_observed_with(event_json, request_id, &mut || {}, Some(aws))
    }

    /// [`ExecutionEnvironment::invoke`], calling `handler_starts` once INIT is over, just before
    /// the handler runs: the function's timeout counts from there (INIT has a limit of its own),
    /// so a host that watches the time (the browser's, which stops a Worker that overruns) learns
    /// when the deadline starts.
    pub fn invoke_observed(
        &mut self,
        event_json: &str,
        request_id: &str,
        handler_starts: &mut dyn FnMut(),
    ) -> InvokeResult {
        self.invoke_observed_with(event_json, request_id, handler_starts, None)
    }

    /// [`ExecutionEnvironment::invoke_observed`] with the AWS services `aws` (none: `boto3` calls
    /// fail as without a network).
    pub fn invoke_observed_with(
        &mut self,
        event_json: &str,
        request_id: &str,
        handler_starts: &mut dyn FnMut(),
        aws: Option<SharedAwsHost>,
    ) -> InvokeResult {
        self.aws = aws;
        let mut result = self.invoke_caught(event_json, request_id, handler_starts);
        result.log_stream_name = Some(self.log_stream_name());
        self.aws = None;
        if let Some(sandbox) = &self.sandbox {
            sandbox.set_aws(None);
        }
        result
    }

    fn invoke_caught(
        &mut self,
        event_json: &str,
        request_id: &str,
        handler_starts: &mut dyn FnMut(),
    ) -> InvokeResult {
        // a panic inside RustPython must not take the host down: natively it unwinds to here and
        // the environment is discarded (in wasm32 a panic aborts; the Worker's host reports it)
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.invoke_in_sandbox(event_json, request_id, handler_starts)
        }));
        outcome.unwrap_or_else(|panic| {
            self.sandbox = None;
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the runtime panicked".to_owned());
            InvokeResult::crashed(&self.config, request_id, &format!("panic: {detail}"))
        })
    }

    fn invoke_in_sandbox(
        &mut self,
        event_json: &str,
        request_id: &str,
        handler_starts: &mut dyn FnMut(),
    ) -> InvokeResult {
        let mut log = String::new();
        let mut init_duration_ms = None;
        if self.sandbox.is_none() {
            let started = self.clock.now_ns();
            let (sandbox, outcome) = match self.init() {
                Ok(ok) => ok,
                Err(internal) => return self.internal_failure(request_id, &internal),
            };
            let init_log = sandbox.call_text("take_log", vec![]).unwrap_or_default();
            let init_ms = elapsed_ms(started, self.clock.now_ns());
            if outcome.outcome != "ok" {
                return self.init_failure(request_id, &outcome, &init_log, init_ms);
            }
            log.push_str(&init_log);
            init_duration_ms = Some(init_ms);
            self.sandbox = Some(sandbox);
        }
        let Some(sandbox) = &self.sandbox else {
            return self.internal_failure(request_id, "the environment has no interpreter");
        };
        sandbox.set_aws(self.aws.clone());

        log.push_str(&logging::start(&self.config.logging, Some(self.clock.now_ns()), request_id));
        handler_starts();
        let started = self.clock.now_ns();
        let timeout_ns = i64::from(self.config.timeout_seconds) * 1_000_000_000;
        let deadline_ns = started + timeout_ns;
        let outcome = sandbox.arm(&self.clock, deadline_ns).and_then(|armed| {
            let outcome = sandbox.call(
                "invoke",
                vec![
                    Arg::Str(request_id.to_owned()),
                    Arg::Str(event_json.to_owned()),
                    Arg::Int(deadline_ns / 1_000_000),
                    Arg::Str(self.config.function_arn()),
                    Arg::Str(trace_id(started)),
                ],
            );
            sandbox.disarm(armed);
            outcome
        });
        let function_log = sandbox.call_text("take_log", vec![]).unwrap_or_default();
        let finished = self.clock.now_ns();
        log.push_str(&function_log);
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(internal) => {
                self.sandbox = None;
                return self.internal_failure(request_id, &internal);
            }
        };

        let timed_out = outcome.outcome == "timeout" || finished - started > timeout_ns;
        let (payload, function_error, status, reset) = if timed_out {
            log.push_str(&report::timeout_line(
                deadline_ns,
                request_id,
                self.config.timeout_seconds,
            ));
            let payload = timeout_payload(request_id, self.config.timeout_seconds);
            (payload, true, Some(("timeout", None)), true)
        } else {
            match outcome.outcome.as_str() {
                "ok" if outcome.payload.len() > MAX_RESPONSE_BYTES => {
                    let payload = json!({
                        "errorMessage": format!(
                            "Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
                        ),
                        "errorType": "Function.ResponseSizeTooLarge",
                    });
                    (payload.to_string(), true, None, false)
                }
                "ok" => (outcome.payload, false, None, false),
                "exit" => {
                    let (payload, line) = exit_error(request_id, outcome.exit_code.unwrap_or(0));
                    log.push_str(&line);
                    (payload, true, Some(("error", Some("Runtime.ExitError"))), true)
                }
                _ => (outcome.payload, true, None, false),
            }
        };
        let duration_ms = if timed_out {
            f64::from(self.config.timeout_seconds) * 1000.0
        } else {
            elapsed_ms(started, finished)
        };
        if reset {
            // AWS discards an environment whose runtime timed out or exited: the next invoke is
            // cold, but the sandbox's /tmp survives it
            if let Some(sandbox) = self.sandbox.take() {
                self.tmp = sandbox.call_text("export_tmp", vec![]).ok();
            }
        }
        finish(
            &self.config,
            FinishArgs {
                request_id,
                log,
                payload,
                function_error,
                duration_ms,
                init_duration_ms,
                status,
                time_ns: Some(if timed_out { deadline_ns } else { finished }),
            },
        )
    }

    fn init(&mut self) -> Result<(Sandbox, Outcome), String> {
        let sandbox = match SPARE.with_borrow_mut(Option::take) {
            Some((sandbox, clock)) => {
                // the environment's time goes on from where it was (after a reset, the time its
                // functions slept is kept)
                clock.set_offset_ns(self.clock.offset_ns());
                self.clock = clock;
                sandbox
            }
            None => Sandbox::boot(&self.clock)?,
        };
        sandbox.set_aws(self.aws.clone());
        let log_stream_name = self.log_stream_name();
        let files: Vec<(String, &str)> = self
            .config
            .package_files()
            .map(|(path, text)| (format!("/var/task/{path}"), text))
            .collect();
        let tmp: serde_json::Value =
            self.tmp.take().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        let minor = crate::python_version::minor_of(&self.config.runtime);
        let removed: Vec<&str> =
            steplab_function::removed_modules::removed_by(u32::from(minor)).collect();
        let config = json!({
            "runtime": crate::python_version::python_runtime(&self.config.runtime),
            "removed_modules": removed,
            "environment": environment_variables(&self.config, &log_stream_name),
            "files": files,
            "tmp": tmp,
        });
        // INIT gets the function's timeout too (AWS caps it at 10 s, then retries it inside the
        // first invoke with the function's timeout)
        let deadline_ns =
            self.clock.now_ns() + i64::from(self.config.timeout_seconds) * 1_000_000_000;
        let armed = sandbox.arm(&self.clock, deadline_ns)?;
        let outcome = sandbox.call("init", vec![Arg::Str(config.to_string())]);
        sandbox.disarm(armed);
        Ok((sandbox, outcome?))
    }

    /// `YYYY/MM/DD/[$LATEST]<32 hex>`, fixed for the life of the environment object.
    fn log_stream_name(&mut self) -> String {
        if let Some(name) = &self.log_stream_name {
            return name.clone();
        }
        let date = report::iso_timestamp(self.clock.now_ns());
        let name =
            format!("{}/{}/{}/[$LATEST]{}", &date[0..4], &date[5..7], &date[8..10], random_hex(16));
        self.log_stream_name = Some(name.clone());
        name
    }

    /// INIT failed: the runtime reported an error (or exited) before the handler could run.
    fn init_failure(
        &mut self,
        request_id: &str,
        outcome: &Outcome,
        init_log: &str,
        init_ms: f64,
    ) -> InvokeResult {
        let now_ns = self.clock.now_ns();
        let mut log = logging::start(&self.config.logging, Some(now_ns), request_id);
        log.push_str(init_log);
        let (payload, error_type) = if outcome.outcome == "exit" {
            let (payload, line) = exit_error(request_id, outcome.exit_code.unwrap_or(0));
            log.push_str(&line);
            (payload, "Runtime.ExitError".to_owned())
        } else if outcome.outcome == "timeout" {
            let payload = timeout_payload(request_id, self.config.timeout_seconds);
            log.push_str(&report::timeout_line(
                self.clock.now_ns(),
                request_id,
                self.config.timeout_seconds,
            ));
            (payload, "Sandbox.Timedout".to_owned())
        } else {
            let error_type = outcome.error_type.clone().unwrap_or_default();
            (outcome.payload.clone(), error_type)
        };
        self.sandbox = None;
        let status = Some(("error", Some(error_type.as_str())));
        let mut result = finish(
            &self.config,
            FinishArgs {
                request_id,
                log,
                payload,
                function_error: true,
                duration_ms: init_ms,
                init_duration_ms: None,
                status,
                time_ns: Some(now_ns),
            },
        );
        result.init_duration_ms = Some(init_ms);
        result
    }

    /// The sandbox itself failed (a bug of StepLab, not of the function): reported like a crash.
    fn internal_failure(&mut self, request_id: &str, detail: &str) -> InvokeResult {
        self.sandbox = None;
        InvokeResult::crashed(&self.config, request_id, detail)
    }
}

fn finish(config: &FunctionConfig, args: FinishArgs<'_>) -> InvokeResult {
    let FinishArgs {
        request_id,
        mut log,
        payload,
        function_error,
        duration_ms,
        init_duration_ms,
        status,
        time_ns,
    } = args;
    let billed_duration_ms = report::billed_ms(duration_ms, init_duration_ms);
    let max_memory_used_mb = report::max_memory_used_mb(config.memory_size_mb, payload.len());
    log.push_str(&logging::end(&config.logging, time_ns, request_id));
    log.push_str(&logging::report(
        &config.logging,
        time_ns,
        &Report {
            request_id,
            duration_ms,
            billed_duration_ms,
            memory_size_mb: config.memory_size_mb,
            max_memory_used_mb,
            init_duration_ms,
            status,
        },
    ));
    InvokeResult {
        payload,
        function_error: function_error.then(|| "Unhandled".to_owned()),
        log,
        duration_ms,
        billed_duration_ms,
        init_duration_ms,
        max_memory_used_mb,
        log_stream_name: None,
    }
}

impl InvokeResult {
    /// AWS's result for an invoke stopped at the function's timeout from outside the environment
    /// (the browser terminates the Worker running an endless loop): `Sandbox.Timedout`.
    pub fn timed_out(
        config: &FunctionConfig,
        request_id: &str,
        started_epoch_ms: f64,
    ) -> InvokeResult {
        #[allow(clippy::cast_possible_truncation, reason = "epoch milliseconds fit in i64 ns")]
        let started_ns = (started_epoch_ms * 1e6) as i64;
        let deadline_ns = started_ns + i64::from(config.timeout_seconds) * 1_000_000_000;
        let mut log = logging::start(&config.logging, Some(started_ns), request_id);
        log.push_str(&report::timeout_line(deadline_ns, request_id, config.timeout_seconds));
        finish(
            config,
            FinishArgs {
                request_id,
                log,
                payload: timeout_payload(request_id, config.timeout_seconds),
                function_error: true,
                duration_ms: f64::from(config.timeout_seconds) * 1000.0,
                init_duration_ms: None,
                status: Some(("timeout", None)),
                time_ns: Some(deadline_ns),
            },
        )
    }

    /// The result for an environment that crashed (a wasm trap or a panic of the sandbox): like a
    /// runtime process that aborted, `Runtime.ExitError` with `signal: aborted`; `detail` is logged
    /// (as text lines in JSON format too: no time is known for them).
    pub fn crashed(config: &FunctionConfig, request_id: &str, detail: &str) -> InvokeResult {
        let mut log = logging::start(&config.logging, None, request_id);
        log.push_str(detail);
        if !detail.ends_with('\n') {
            log.push('\n');
        }
        let message =
            format!("RequestId: {request_id} Error: Runtime exited with error: signal: aborted");
        log.push_str(&format!("{message}\nRuntime.ExitError\n"));
        let payload = json!({"errorType": "Runtime.ExitError", "errorMessage": message});
        finish(
            config,
            FinishArgs {
                request_id,
                log,
                payload: payload.to_string(),
                function_error: true,
                duration_ms: 0.0,
                init_duration_ms: None,
                status: Some(("error", Some("Runtime.ExitError"))),
                time_ns: None,
            },
        )
    }
}

/// `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: … Error: Task timed out after 3.00 seconds"}`.
/// The spacing of this service-generated body is not recorded anywhere we know of; AWS's Go
/// services write compact JSON, so it is compact here.
fn timeout_payload(request_id: &str, timeout_seconds: u32) -> String {
    json!({
        "errorType": "Sandbox.Timedout",
        "errorMessage": format!(
            "RequestId: {request_id} Error: Task timed out after {timeout_seconds}.00 seconds"
        ),
    })
    .to_string()
}

struct FinishArgs<'a> {
    request_id: &'a str,
    log: String,
    payload: String,
    function_error: bool,
    duration_ms: f64,
    init_duration_ms: Option<f64>,
    status: Option<(&'a str, Option<&'a str>)>,
    /// The time of the END/REPORT lines (host nanoseconds since the epoch), when known.
    time_ns: Option<i64>,
}

/// `Runtime.ExitError` payload and its log line for `sys.exit(code)`. Like the timeout payload this
/// body comes from the Lambda service, not the runtime: compact JSON (its exact spacing and the
/// placement of the log line are not recorded in the sources we have).
fn exit_error(request_id: &str, exit_code: i64) -> (String, String) {
    let reason = if exit_code == 0 {
        "Runtime exited without providing a reason".to_owned()
    } else {
        format!("Runtime exited with error: exit status {exit_code}")
    };
    let message = format!("RequestId: {request_id} Error: {reason}");
    let payload = json!({"errorType": "Runtime.ExitError", "errorMessage": message});
    (payload.to_string(), format!("{message}\nRuntime.ExitError\n"))
}

fn elapsed_ms(from_ns: i64, to_ns: i64) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "durations are far below 2^52 ns")]
    let ms = (to_ns - from_ns).max(0) as f64 / 1e6;
    ms
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        buf.iter_mut().enumerate().for_each(|(i, b)| *b = u8::try_from(i).unwrap_or(0));
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// `_X_AMZN_TRACE_ID` of one invoke.
fn trace_id(now_ns: i64) -> String {
    format!(
        "Root=1-{:08x}-{};Parent={};Sampled=0;Lineage=1:{}:0",
        now_ns / 1_000_000_000,
        random_hex(12),
        random_hex(8),
        random_hex(4)
    )
}

/// The environment variables of a Python function (§1.7, recorded on python3.11), then the user's
/// own. Per version only `AWS_EXECUTION_ENV` differs (`AWS_Lambda_python3.12`, the value
/// awslambdaric's marshaller tests for): AWS documents the same variables and values for every
/// Python runtime, and the values of the Amazon Linux 2023 runtimes (3.12+) where they could differ
/// (`LD_LIBRARY_PATH`, `PATH`) are not recorded, so python3.11's are kept.
fn environment_variables(config: &FunctionConfig, log_stream_name: &str) -> Vec<(String, String)> {
    let memory = config.memory_size_mb.to_string();
    let execution_env =
        format!("AWS_Lambda_{}", crate::python_version::python_runtime(&config.runtime));
    let reserved: Vec<(&str, &str)> = vec![
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEFAKEFORSTEPLABEXAMPLETOKEN"),
        ("AWS_LAMBDA_LOG_GROUP_NAME", ""),
        (
            "LD_LIBRARY_PATH",
            "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
        ),
        ("LAMBDA_TASK_ROOT", "/var/task"),
        ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"),
        ("AWS_LAMBDA_LOG_STREAM_NAME", log_stream_name),
        ("AWS_EXECUTION_ENV", &execution_env),
        ("AWS_LAMBDA_FUNCTION_NAME", &config.function_name),
        ("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"),
        ("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
        ("AWS_DEFAULT_REGION", &config.region),
        ("PWD", "/var/task"),
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTEPLABKEY"),
        ("LANG", "en_US.UTF-8"),
        ("LAMBDA_RUNTIME_DIR", "/var/runtime"),
        ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
        ("TZ", ":UTC"),
        ("AWS_REGION", &config.region),
        ("AWS_ACCESS_KEY_ID", "ASIASTEPLABEXAMPLE01"),
        ("SHLVL", "0"),
        ("_AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129"),
        ("_AWS_XRAY_DAEMON_PORT", "2000"),
        ("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR"),
        ("_HANDLER", &config.handler),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &memory),
        ("PYTHONPATH", "/var/runtime"),
    ];
    let log_group = config.log_group_name();
    let mut vars: Vec<(String, String)> = reserved
        .into_iter()
        .map(|(k, v)| {
            let v = if k == "AWS_LAMBDA_LOG_GROUP_NAME" { log_group.as_str() } else { v };
            (k.to_owned(), v.to_owned())
        })
        .collect();
    vars.extend(config.logging.environment_variables());
    for (key, value) in &config.environment {
        // Lambda refuses reserved keys at configuration time; here they simply cannot override
        if !vars.iter().any(|(k, _)| k == key) {
            vars.push((key.clone(), value.clone()));
        }
    }
    vars
}

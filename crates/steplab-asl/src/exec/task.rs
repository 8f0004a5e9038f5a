//! Task states: resolving `Resource` to an invocation, the Task/LambdaFunction events, timeouts,
//! and turning the driver's outcome into the state's result.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::fiber::{Active, Flow, Run, Wait};
use super::{Execution, Invocation, TaskId, TaskOutcome, TaskRequest};
use crate::errors::{self, StatesError};
use crate::history::{Details, Field, not_truncated};
use crate::lambda;
use crate::model::{Key, QueryLanguage, State};
use crate::path::member;
use crate::payload;

/// How the task shows in history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `arn:aws:states:::…` integrations: `Task*` events with `resourceType`/`resource`.
    Integration { resource_type: Arc<str>, resource: Arc<str>, lambda: bool },
    /// A Lambda function ARN as `Resource`: `LambdaFunction*` events.
    LegacyLambda,
    /// An activity ARN: `Activity*` events are not modelled; shown as a task.
    Activity,
}

/// What an attempt of a Task state hands out and records, made from its effective arguments.
#[derive(Debug)]
pub(crate) struct Plan {
    pub kind: Kind,
    pub invocation: Invocation,
    /// The members of the `…Scheduled` event.
    pub scheduled: Arc<[(&'static str, Field)]>,
    pub timeout: Option<u64>,
    pub heartbeat: Option<u64>,
    /// `lambda:invoke` with `"LogType": "Tail"`: the result carries the log's tail (`LogResult`).
    pub log_tail: bool,
}

pub(crate) struct Pending {
    pub id: u64,
    pub deadline: Option<i64>,
    pub kind: Kind,
    /// `.waitForTaskToken`: the token the callback must bring.
    pub token: Option<String>,
    /// The integration call returned (`TaskSubmitted`); waiting for the callback.
    pub submitted: bool,
    pub heartbeat_seconds: Option<u64>,
    pub heartbeat_deadline: Option<i64>,
    pub log_tail: bool,
}

/// `arn:aws:states:::lambda:invoke` → (`lambda`, `invoke`); `arn:aws:states:::aws-sdk:s3:listBuckets`
/// → (`aws-sdk:s3`, `listBuckets`); a function ARN → legacy.
pub(crate) fn classify(resource: &str) -> Kind {
    if let Some(rest) = resource.strip_prefix("arn:aws:states:::") {
        if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
            let (svc, action) = sdk.split_once(':').unwrap_or((sdk, ""));
            return Kind::Integration {
                resource_type: format!("aws-sdk:{svc}").into(),
                resource: action.into(),
                lambda: false,
            };
        }
        let (svc, action) = rest.split_once(':').unwrap_or((rest, ""));
        let lambda = svc == "lambda" && (action == "invoke" || action.starts_with("invoke."));
        return Kind::Integration { resource_type: svc.into(), resource: action.into(), lambda };
    }
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.len() >= 7 && parts.get(2) == Some(&"lambda") && parts.get(5) == Some(&"function") {
        return Kind::LegacyLambda;
    }
    Kind::Activity
}

/// `resourceType` and `resource` of the `Task…` events.
fn integration_fields(resource_type: &Arc<str>, resource: &Arc<str>) -> Vec<(&'static str, Field)> {
    let mut d = Vec::with_capacity(6);
    d.push(("resourceType", Field::Str(Arc::clone(resource_type))));
    d.push(("resource", Field::Str(Arc::clone(resource))));
    d
}

thread_local! {
    /// [`classify`] by `Resource` text (a retried task classifies the same resource again).
    static KINDS: std::cell::RefCell<payload::TextMap<Kind>> =
        std::cell::RefCell::new(payload::TextMap::default());
}

/// [`classify`], remembered.
fn classify_cached(resource: &str) -> Kind {
    if let Some(k) = KINDS.with(|t| t.borrow().get(resource).cloned()) {
        return k;
    }
    let k = classify(resource);
    KINDS.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() > 10_000 {
            t.clear();
        }
        t.insert(resource.to_owned(), k.clone());
    });
    k
}

impl Execution {
    fn seconds_field(
        &mut self,
        state: &State,
        (key, path_key): (&str, &str),
        input: &Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Option<u64>, StatesError> {
        let def = &state.def;
        if let Some(v) = member(def, key) {
            let v = if state.query_language == QueryLanguage::Jsonata {
                self.jsonata(json!({"input": input, "context": ctx}), vars).eval(v, key)?
            } else {
                v.clone()
            };
            return v.as_u64().filter(|n| (1..=99_999_999).contains(n)).map(Some).ok_or_else(
                || {
                    StatesError::runtime(format!(
                        "The value of the field '{key}' must be a positive integer, but was {v}"
                    ))
                },
            );
        }
        if let Some(Value::String(p)) = member(def, path_key) {
            let v = payload::resolve(p, input, ctx, vars).map_err(|_| {
                StatesError::runtime(format!(
                    "Invalid path '{p}' : No results for path: {}",
                    payload::canonical(p)
                ))
            })?;
            return v.as_u64().filter(|n| *n >= 1).map(Some).ok_or_else(|| {
                StatesError::runtime(format!(
                    "The value of the field '{path_key}' must be a positive integer, but was {v}"
                ))
            });
        }
        Ok(None)
    }

    /// Hands the invocation to the driver and blocks the state on it.
    pub(crate) fn schedule(
        &mut self,
        f: usize,
        mut a: Box<Active>,
        state: &State,
        args: Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Flow {
        let plan = match self.plan(state, &a.input, args, ctx, vars) {
            Ok(p) => Arc::new(p),
            Err(err) => return Flow::Error { active: a, err },
        };
        // a retry of this visit hands out the very same invocation when nothing it is made of
        // can differ between attempts (the input and variables cannot; `$$` and random
        // intrinsics could; the debugger and TestState record each attempt's stages)
        if state.fixed_arguments && self.debug.is_none() && self.inspection.is_none() {
            a.plan = Some(Arc::clone(&plan));
        }
        self.hand_out(f, a, &plan)
    }

    /// The invocation of a Task state and its `…Scheduled` event, from the effective arguments.
    fn plan(
        &mut self,
        state: &State,
        input: &Value,
        args: Value,
        ctx: &Value,
        vars: &Map<String, Value>,
    ) -> Result<Plan, StatesError> {
        let resource: &str = state.get(Key::Resource).and_then(Value::as_str).unwrap_or_default();
        let timeout =
            self.seconds_field(state, ("TimeoutSeconds", "TimeoutSecondsPath"), input, ctx, vars)?;
        let heartbeat = self.seconds_field(
            state,
            ("HeartbeatSeconds", "HeartbeatSecondsPath"),
            input,
            ctx,
            vars,
        )?;
        let kind = classify_cached(resource);
        let text = Arc::new(args);
        let log_tail = matches!(kind, Kind::Integration { lambda: true, .. })
            && text.as_object().and_then(|m| member(m, "LogType")).and_then(Value::as_str)
                == Some("Tail");
        let invocation = match &kind {
            Kind::Integration { lambda: true, .. } => {
                let fields = text.as_object();
                let Some(fname) =
                    fields.and_then(|m| member(m, "FunctionName")).and_then(Value::as_str)
                else {
                    return Err(StatesError::runtime(
                        "The field 'FunctionName' is required but was missing",
                    ));
                };
                Invocation::Lambda {
                    function_name: fname.into(),
                    payload: Arc::new(
                        fields.and_then(|m| member(m, "Payload")).cloned().unwrap_or(Value::Null),
                    ),
                    optimized: true,
                }
            }
            Kind::LegacyLambda => Invocation::Lambda {
                function_name: resource.into(),
                payload: Arc::clone(&text),
                optimized: false,
            },
            _ => Invocation::Service { resource: resource.into(), parameters: Arc::clone(&text) },
        };
        let mut d = match &kind {
            Kind::Integration { resource_type, resource: res, .. } => {
                let mut d = integration_fields(resource_type, res);
                let region =
                    self.region_text.get_or_insert_with(|| Arc::from(self.start.region.as_str()));
                d.push(("region", Field::Str(Arc::clone(region))));
                d.push(("parameters", Field::Text(text)));
                d
            }
            Kind::LegacyLambda | Kind::Activity => vec![
                ("resource", Field::Str(resource.into())),
                ("input", Field::Text(text)),
                ("inputDetails", Field::NotTruncated),
            ],
        };
        if let Some(t) = timeout {
            d.push(("timeoutInSeconds", Field::Value(Box::new(t.into()))));
        }
        if let Some(h) = heartbeat
            && !matches!(kind, Kind::LegacyLambda)
        {
            d.push(("heartbeatInSeconds", Field::Value(Box::new(h.into()))));
        }
        Ok(Plan { kind, invocation, scheduled: d.into(), timeout, heartbeat, log_tail })
    }

    /// Records the `…Scheduled` event of `plan`, hands its invocation to the driver and blocks
    /// the state on it.
    pub(crate) fn hand_out(&mut self, f: usize, mut a: Box<Active>, plan: &Plan) -> Flow {
        let scheduled = match plan.kind {
            Kind::LegacyLambda => "LambdaFunctionScheduled",
            Kind::Integration { .. } => "TaskScheduled",
            Kind::Activity => "ActivityScheduled",
        };
        self.emit(Some(f), scheduled, Details::Shared(Arc::clone(&plan.scheduled)));
        let id = self.next_task;
        self.next_task += 1;
        let timeout = plan.timeout;
        let deadline = timeout.map(|t| self.now + i64::try_from(t).unwrap_or(99_999_999) * 1000);
        if let Some(d) = deadline {
            self.arm_timer(f, d);
        }
        self.tasks.insert(id, f);
        let token = a.task_token.clone();
        if let Some(t) = &token {
            self.tokens.insert(t.clone(), id);
        }
        self.outbox.push_back(TaskRequest {
            id: TaskId(id),
            state_name: Arc::clone(&a.name),
            invocation: plan.invocation.clone(),
            timeout_seconds: timeout,
            task_token: token.clone(),
        });
        let heartbeat_seconds = if token.is_some() || matches!(plan.kind, Kind::Activity) {
            plan.heartbeat
        } else {
            None
        };
        a.wait = Wait::Task(Box::new(Pending {
            id,
            deadline,
            kind: plan.kind.clone(),
            token,
            submitted: false,
            heartbeat_seconds,
            heartbeat_deadline: None,
            log_tail: plan.log_tail,
        }));
        Flow::Block(a)
    }

    /// `TaskSubmitted`: the integration call returned `output`; the task waits on.
    fn emit_submitted(&mut self, f: usize, kind: &Kind, output: &Value) {
        if let Kind::Integration { resource_type, resource, .. } = kind {
            self.emit(
                Some(f),
                "TaskSubmitted",
                json!({"resourceType": &**resource_type, "resource": &**resource, "output": output.to_string(), "outputDetails": not_truncated()}),
            );
        }
    }

    /// A `.sync` task's job has started: `TaskSubmitted` once; false when task `id` is not
    /// waiting (or was submitted already).
    pub(crate) fn submit(&mut self, id: u64, output: &Value) -> bool {
        let Some(&f) = self.tasks.get(&id) else { return false };
        let Some(Run::Active(a)) = self.fibers.get_mut(f).map(|x| &mut x.run) else {
            return false;
        };
        let Wait::Task(p) = &mut a.wait else { return false };
        if p.id != id || p.submitted {
            return false;
        }
        p.submitted = true;
        let kind = p.kind.clone();
        self.emit_submitted(f, &kind, output);
        true
    }

    fn take_task(&mut self, f: usize, id: u64) -> Option<(Box<Active>, Pending)> {
        let fiber = self.fibers.get_mut(f)?;
        let Run::Active(a) = &fiber.run else { return None };
        if !matches!(&a.wait, Wait::Task(p) if p.id == id) {
            return None;
        }
        let Run::Active(mut a) = std::mem::replace(&mut fiber.run, Run::Idle) else { return None };
        let Wait::Task(p) = std::mem::replace(&mut a.wait, Wait::Start) else { return None };
        Some((a, *p))
    }

    /// The driver takes the task: its `TaskStarted` (or `LambdaFunctionStarted`) event.
    pub(crate) fn task_handed_out(&mut self, id: u64) {
        let Some(&f) = self.tasks.get(&id) else { return };
        let kind = match self.fibers.get(f).map(|x| &x.run) {
            Some(Run::Active(a)) => match &a.wait {
                Wait::Task(p) if p.id == id => p.kind.clone(),
                _ => return,
            },
            _ => return,
        };
        self.arm_heartbeat(f, id);
        match kind {
            Kind::LegacyLambda => {
                self.emit(Some(f), "LambdaFunctionStarted", Value::Null);
            }
            Kind::Integration { resource_type, resource, .. } => {
                self.emit(
                    Some(f),
                    "TaskStarted",
                    Details::Task { resource: Some((resource_type, resource)), failure: None },
                );
            }
            Kind::Activity => {
                self.emit(Some(f), "ActivityStarted", json!({"workerName": "steplab"}));
            }
        }
    }

    pub(crate) fn task_completed(&mut self, f: usize, id: u64, outcome: TaskOutcome) {
        let Some((mut a, mut p)) = self.take_task(f, id) else { return };
        if p.token.is_some() && !p.submitted {
            // the integration call of a `.waitForTaskToken` task returned: wait for the callback
            let submitted = match &outcome {
                TaskOutcome::Lambda(resp) if resp.function_error.is_none() => {
                    let trace = self.trace_id();
                    Some(if matches!(p.kind, Kind::Integration { lambda: true, .. }) {
                        lambda::optimized_result(resp, self.now, &trace, p.log_tail)
                    } else {
                        lambda::direct_result(resp)
                    })
                }
                TaskOutcome::Succeeded(v) => Some(v.clone()),
                _ => None,
            };
            if let Some(v) = submitted {
                self.emit_submitted(f, &p.kind, &v);
                p.submitted = true;
                self.tasks.insert(id, f);
                a.wait = Wait::Task(Box::new(p));
                self.set_run(f, Run::Active(a));
                return;
            }
        }
        if let Some(t) = &p.token {
            self.tokens.remove(t);
        }
        let result = match outcome {
            TaskOutcome::Lambda(resp) => {
                if resp.function_error.is_some() {
                    Err(lambda::function_error(&resp))
                } else if matches!(p.kind, Kind::Integration { lambda: true, .. }) {
                    let trace = self.trace_id();
                    Ok(lambda::optimized_result(&resp, self.now, &trace, p.log_tail))
                } else {
                    Ok(lambda::direct_result(&resp))
                }
            }
            TaskOutcome::Succeeded(v) => Ok(v),
            TaskOutcome::Failed { error, cause } => Err(StatesError::new(error, cause)),
        };
        // a result over the payload limit fails the task (catchable, as AWS records it)
        let result = result.and_then(|v| {
            if super::fiber::exceeds(&v, super::MAX_PAYLOAD_BYTES) {
                let who = match &p.kind {
                    Kind::Integration { resource_type, .. } => resource_type.to_string(),
                    Kind::LegacyLambda | Kind::Activity => {
                        self.fibers
                            .get(f)
                            .and_then(|x| x.scope.states.get(a.index))
                            .and_then(|s| member(&s.def, "Resource"))
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    }
                };
                Err(StatesError::new(
                    errors::DATA_LIMIT_EXCEEDED,
                    format!("The state/task '{who}' returned a result with a size exceeding the maximum number of bytes service limit."),
                ))
            } else {
                Ok(v)
            }
        });
        let flow = match result {
            Ok(v) => {
                let mut d = match &p.kind {
                    Kind::Integration { resource_type, resource, .. } => {
                        integration_fields(resource_type, resource)
                    }
                    Kind::LegacyLambda | Kind::Activity => Vec::with_capacity(2),
                };
                d.push(("output", Field::Text(Arc::new(v.clone()))));
                d.push(("outputDetails", Field::NotTruncated));
                let succeeded = match &p.kind {
                    Kind::LegacyLambda => "LambdaFunctionSucceeded",
                    Kind::Integration { .. } => "TaskSucceeded",
                    Kind::Activity => "ActivitySucceeded",
                };
                self.emit(Some(f), succeeded, Details::Fields(d));
                self.finish_with_result(f, a, v)
            }
            Err(err) => {
                let (failed, resource) = match p.kind {
                    Kind::LegacyLambda => ("LambdaFunctionFailed", None),
                    Kind::Integration { resource_type, resource, .. } => {
                        ("TaskFailed", Some((resource_type, resource)))
                    }
                    Kind::Activity => ("ActivityFailed", None),
                };
                let failure = Some(self.failure_text(&err));
                self.emit(Some(f), failed, Details::Task { resource, failure });
                Flow::Error { active: a, err }
            }
        };
        self.apply(f, flow);
        self.ready.push_back(f);
    }

    pub(crate) fn task_timed_out(&mut self, f: usize, id: u64, error: &'static str) {
        let Some((a, p)) = self.take_task(f, id) else { return };
        self.tasks.remove(&id);
        self.outbox.retain(|t| t.id.0 != id);
        if let Some(t) = &p.token {
            self.tokens.remove(t);
        }
        let err = StatesError::new(error, "");
        match &p.kind {
            Kind::LegacyLambda => {
                self.emit(Some(f), "LambdaFunctionTimedOut", json!({"error": error}));
            }
            Kind::Integration { resource_type, resource, .. } => {
                self.emit(
                    Some(f),
                    "TaskTimedOut",
                    json!({"resourceType": &**resource_type, "resource": &**resource, "error": error}),
                );
            }
            Kind::Activity => {
                self.emit(Some(f), "ActivityTimedOut", json!({"error": error}));
            }
        }
        self.apply(f, Flow::Error { active: a, err });
        self.ready.push_back(f);
    }

    /// `error` and `cause` of a failure event, shared with the previous failure's when equal.
    fn failure_text(&mut self, err: &StatesError) -> (Arc<str>, Arc<str>) {
        if let Some((e, c)) = &self.last_failure
            && **e == *err.error
            && **c == *err.cause
        {
            return (Arc::clone(e), Arc::clone(c));
        }
        let text: (Arc<str>, Arc<str>) = (err.error.as_str().into(), err.cause.as_str().into());
        self.last_failure = Some(text.clone());
        text
    }

    /// A task token from the seeded generator (opaque, shaped like AWS's long base64 tokens).
    pub(crate) fn task_token(&mut self) -> String {
        use base64::Engine as _;
        let mut bytes = Vec::with_capacity(96);
        for _ in 0..12 {
            bytes.extend_from_slice(&self.rng.next_u64().to_be_bytes());
        }
        format!(
            "AQB4AAAAKgAAAAMAAAAAAAAAA{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// (Re)starts the heartbeat clock of a task that has `HeartbeatSeconds`.
    pub(crate) fn arm_heartbeat(&mut self, f: usize, id: u64) {
        let now = self.now;
        let Some(Run::Active(a)) = self.fibers.get_mut(f).map(|x| &mut x.run) else { return };
        let Wait::Task(p) = &mut a.wait else { return };
        if p.id != id {
            return;
        }
        if let Some(h) = p.heartbeat_seconds {
            let until = now + i64::try_from(h).unwrap_or(99_999_999) * 1000;
            p.heartbeat_deadline = Some(until);
            self.timers.insert((until, f));
        }
    }

    /// The fiber waiting on the callback for `token`.
    pub(crate) fn callback_target(&self, token: &str) -> Option<(usize, u64)> {
        let id = *self.tokens.get(token)?;
        let f = *self.tasks.get(&id)?;
        Some((f, id))
    }

    /// `SendTaskSuccess`, `SendTaskFailure`: the callback ends the task.
    pub(crate) fn callback(&mut self, token: &str, outcome: TaskOutcome) -> bool {
        let Some((f, id)) = self.callback_target(token) else { return false };
        // a callback before the integration call returned counts as submitted
        if let Some(Run::Active(a)) = self.fibers.get_mut(f).map(|x| &mut x.run)
            && let Wait::Task(p) = &mut a.wait
        {
            p.submitted = true;
        }
        self.tasks.remove(&id);
        self.outbox.retain(|t| t.id.0 != id);
        self.task_completed(f, id, outcome);
        true
    }

    /// An `X-Amzn-Trace-Id` value from the seeded generator.
    fn trace_id(&mut self) -> String {
        let secs = self.now / 1000;
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        let c = self.rng.next_u64();
        format!("Root=1-{secs:08x}-{:08x}{:016x};Parent={c:016x};Sampled=0", a & 0xffff_ffff, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            classify("arn:aws:states:::lambda:invoke"),
            Kind::Integration {
                resource_type: "lambda".into(),
                resource: "invoke".into(),
                lambda: true
            }
        );
        assert_eq!(
            classify("arn:aws:lambda:us-east-1:123456789012:function:F"),
            Kind::LegacyLambda
        );
        assert_eq!(
            classify("arn:aws:states:::aws-sdk:s3:listBuckets"),
            Kind::Integration {
                resource_type: "aws-sdk:s3".into(),
                resource: "listBuckets".into(),
                lambda: false
            }
        );
        assert_eq!(
            classify("arn:aws:states:::sns:publish"),
            Kind::Integration {
                resource_type: "sns".into(),
                resource: "publish".into(),
                lambda: false
            }
        );
    }
}

//! A Distributed Map's calls of Amazon S3 (`ItemReader`, `ResultWriter`): the engine cannot reach
//! S3, so each call is handed to the driver as a [`TaskRequest`] with an
//! [`Invocation::MapStorage`], one at a time, and the state waits on it (`Wait::Storage`). These
//! calls are not Tasks: they record no events.

use std::sync::Arc;

use serde_json::Value;

use super::fiber::{Active, Run, Wait};
use super::item_reader::Reading;
use super::result_writer::Writing;
use super::{Execution, Invocation, TaskId, TaskOutcome, TaskRequest};

/// The call a Map state waits on, and what it is part of.
pub(crate) struct Storage {
    pub id: u64,
    pub job: Job,
}

pub(crate) enum Job {
    Read(Box<Reading>),
    Write(Box<Writing>),
}

impl Execution {
    /// Hands the driver the S3 call `operation` with `input` for the state `a` of fiber `f`; the
    /// state waits on it as part of `job`.
    pub(crate) fn call_storage(
        &mut self,
        f: usize,
        a: &mut Active,
        operation: &'static str,
        input: Value,
        job: Job,
    ) {
        let id = self.next_task;
        self.next_task += 1;
        self.tasks.insert(id, f);
        self.outbox.push_back(TaskRequest {
            id: TaskId(id),
            state_name: Arc::clone(&a.name),
            invocation: Invocation::MapStorage { operation, input: Arc::new(input) },
            timeout_seconds: None,
            task_token: None,
        });
        a.wait = Wait::Storage(Box::new(Storage { id, job }));
    }

    /// The driver answered S3 call `id` of fiber `f`; false when no state waits on that call
    /// (it is a Task's).
    pub(crate) fn storage_answered(&mut self, f: usize, id: u64, outcome: &TaskOutcome) -> bool {
        let Some(fiber) = self.fibers.get_mut(f) else { return false };
        let Run::Active(a) = &fiber.run else { return false };
        if !matches!(&a.wait, Wait::Storage(s) if s.id == id) {
            return false;
        }
        let Run::Active(mut a) = std::mem::replace(&mut fiber.run, Run::Idle) else {
            return false;
        };
        let Wait::Storage(s) = std::mem::replace(&mut a.wait, Wait::Start) else { return false };
        match s.job {
            Job::Read(r) => self.reading_answered(f, a, *r, outcome),
            Job::Write(w) => self.writing_answered(f, a, *w, outcome),
        }
        true
    }
}

/// An S3 call's failure as a cause: the service's error code and message. StepLab's wording:
/// the cause AWS gives for a failed read or write is not documented (verify).
pub(crate) fn failure_cause(operation: &str, input: &Value, outcome: &TaskOutcome) -> String {
    let s = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let what = match input.get("Key").and_then(Value::as_str) {
        Some(k) => format!("s3://{}/{k}", s("Bucket")),
        None => format!("s3://{}/{}", s("Bucket"), s("Prefix")),
    };
    match outcome {
        TaskOutcome::Failed { error, cause } => {
            format!("Amazon S3 {operation} of {what} failed: {error}: {cause}")
        }
        _ => format!("Amazon S3 {operation} of {what} failed"),
    }
}

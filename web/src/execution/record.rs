//! An execution record brought up to date with what its driver has handed out: status, output or
//! error and cause, the functions' logs and the recorded data-flow stages (the events themselves
//! are appended as they come).

use steplab_asl::ExecutionStatus;
use steplab_runner::Driver;

use crate::store::ExecutionRecord;

/// While an execution has fewer recorded state visits than this, their stages are copied at
/// every update; beyond, only at a pause and at the end.
const STAGES_COPIED_ALWAYS: usize = 50;

/// Updates `record` from `driver` (its events are already appended).
pub fn update(record: &mut ExecutionRecord, driver: &Driver) {
    let running = matches!(driver.status(), ExecutionStatus::Running);
    let due = record.stages.len() < STAGES_COPIED_ALWAYS || driver.paused().is_some() || !running;
    if due
        && let Some(stages) = driver.execution().recorded_stages()
        && stages.len() >= record.stages.len()
    {
        record.stages = stages.clone();
    }
    record.events.truncate(driver.history().len());
    if record.logs.len() != driver.logs().len() {
        record.logs = driver.logs().to_vec();
    }
    let (status, output, error, cause) = match driver.status() {
        ExecutionStatus::Running => ("RUNNING", None, None, None),
        ExecutionStatus::Succeeded { output } => {
            ("SUCCEEDED", Some(output.to_string()), None, None)
        }
        ExecutionStatus::Failed { error, cause } => ("FAILED", None, error.clone(), cause.clone()),
        ExecutionStatus::TimedOut { error, cause } => {
            ("TIMED_OUT", None, error.clone(), cause.clone())
        }
        ExecutionStatus::Aborted { error, cause } => {
            ("ABORTED", None, error.clone(), cause.clone())
        }
    };
    record.status = status.into();
    record.output = output;
    record.error = error;
    record.cause = cause;
    if status != "RUNNING" {
        record.stop_millis = driver.history().last().map(|e| e.timestamp_millis);
    }
}

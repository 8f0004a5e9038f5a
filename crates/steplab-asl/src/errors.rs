//! Runtime errors as ASL values (`Error` + `Cause`), the predefined `States.*` names and the
//! matching rules of `ErrorEquals`.

/// A runtime failure as Step Functions reports it: matched by `Retry`/`Catch`, shown in history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatesError {
    /// `States.TaskFailed`, `States.Timeout`, a Lambda `errorType`, a Fail state's `Error`, …
    pub error: String,
    /// The cause text.
    pub cause: String,
    /// For a JSONata evaluation error: the field it happened in (`Output`, `Arguments/x`), shown
    /// in the `EvaluationFailed` event.
    pub(crate) location: Option<String>,
}

impl StatesError {
    /// An error with a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> StatesError {
        StatesError { error: error.into(), cause: cause.into(), location: None }
    }

    /// The same error, raised while evaluating the JSONata of `field`.
    pub(crate) fn at(mut self, field: impl Into<String>) -> StatesError {
        self.location = Some(field.into());
        self
    }

    /// `States.Runtime`: not retried and not caught.
    pub fn runtime(cause: impl Into<String>) -> StatesError {
        StatesError::new(RUNTIME, cause)
    }
}

/// `States.ALL`
pub const ALL: &str = "States.ALL";
/// `States.Runtime`
pub const RUNTIME: &str = "States.Runtime";
/// `States.DataLimitExceeded`
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
/// `States.TaskFailed`
pub const TASK_FAILED: &str = "States.TaskFailed";
/// `States.Timeout`
pub const TIMEOUT: &str = "States.Timeout";

const PREDEFINED: &[&str] = &[
    "States.ALL",
    "States.HeartbeatTimeout",
    "States.Timeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.QueryEvaluationError",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.ResultWriterFailed",
    "States.DataLimitExceeded",
    "States.Runtime",
    "States.Http.Socket",
];

/// True for the error names Step Functions defines.
pub fn is_predefined(name: &str) -> bool {
    PREDEFINED.contains(&name)
}

/// Does an `ErrorEquals` list match `error`? `States.ALL` matches everything except
/// `States.Runtime`; `States.TaskFailed` matches everything except `States.Timeout`.
///
/// AWS's documentation says `States.ALL` does not catch `States.DataLimitExceeded` either, but
/// executions recorded against AWS show a Task's oversized result (`States.DataLimitExceeded` in
/// `TaskFailed`) caught by `States.ALL` (LocalStack `test_states_errors.snapshot.json`, 2024-03-21);
/// StepLab follows the recording. Oversized state outputs fail the execution before any catcher.
pub fn matches(error_equals: &[String], error: &str) -> bool {
    if error == RUNTIME {
        return false;
    }
    error_equals.iter().any(|e| e == error || e == ALL || (e == TASK_FAILED && error != TIMEOUT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_rules() {
        let l = |xs: &[&str]| xs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(matches(&l(&["States.ALL"]), "Exception"));
        assert!(!matches(&l(&["States.ALL"]), "States.Runtime"));
        assert!(matches(&l(&["States.DataLimitExceeded"]), "States.DataLimitExceeded"));
        assert!(matches(&l(&["States.ALL"]), "States.DataLimitExceeded"));
        assert!(matches(&l(&["States.TaskFailed"]), "Lambda.Unknown"));
        assert!(!matches(&l(&["States.TaskFailed"]), "States.Timeout"));
        assert!(matches(&l(&["States.Timeout"]), "States.Timeout"));
        assert!(!matches(&l(&["A"]), "B"));
    }
}

//! The fields each state type accepts, and which belong to one query language only: the
//! parser's rules (`SCHEMA_VALIDATION_FAILED` for the others), and the editors' completion.

use crate::model::StateType;

/// Fields of every state.
pub const COMMON: &[&str] = &["Type", "Comment", "QueryLanguage"];
/// `Next` and `End`: every state but Choice, Succeed and Fail.
pub const FLOW: &[&str] = &["Next", "End"];
/// Fields of JSONPath states only.
pub const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultPath",
    "ResultSelector",
    "Result",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "ItemsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "Iterator",
];
/// Fields of JSONata states only.
pub const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items"];
/// The fields state type `t` accepts besides [`COMMON`] (and [`FLOW`]).
pub fn specific(t: StateType) -> &'static [&'static str] {
    use StateType as T;
    match t {
        T::Pass => {
            &["InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Output", "Assign"]
        }
        T::Task => &[
            "Resource",
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "ResultSelector",
            "Arguments",
            "Output",
            "Assign",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
            "Retry",
            "Catch",
        ],
        T::Choice => &["InputPath", "OutputPath", "Output", "Assign", "Choices", "Default"],
        T::Wait => &[
            "InputPath",
            "OutputPath",
            "Output",
            "Assign",
            "Seconds",
            "SecondsPath",
            "Timestamp",
            "TimestampPath",
        ],
        T::Succeed => &["InputPath", "OutputPath", "Output"],
        T::Fail => &["Error", "ErrorPath", "Cause", "CausePath"],
        T::Parallel => &[
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "ResultSelector",
            "Arguments",
            "Output",
            "Assign",
            "Branches",
            "Retry",
            "Catch",
        ],
        T::Map => &[
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultPath",
            "ResultSelector",
            "Output",
            "Assign",
            "ItemProcessor",
            "Iterator",
            "ItemsPath",
            "Items",
            "ItemSelector",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "Label",
            "Retry",
            "Catch",
        ],
    }
}

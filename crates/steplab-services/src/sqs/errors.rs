//! SQS's errors, as the SDKs report them over the JSON protocol.
//!
//! SQS answers the JSON protocol with `__type` `com.amazonaws.sqs#QueueDoesNotExist` and the
//! header `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`; the SDKs, which
//! keep the query protocol's codes (`awsQueryCompatible`), report the latter as the error code.
//! The codes here are those the SDKs report.

use crate::ServiceError;

/// The queue named by a URL or name does not exist. Over the query protocol the message was
/// "The specified queue does not exist for this wsdl version."; the JSON protocol says
/// "The specified queue does not exist.".
pub(super) fn no_queue() -> ServiceError {
    ServiceError::client(
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )
}

/// A required member is missing.
pub(super) fn missing(name: &str) -> ServiceError {
    ServiceError::client(
        "MissingParameter",
        format!("The request must contain the parameter {name}."),
    )
}

/// A member's value is out of range or otherwise invalid.
pub(super) fn invalid_value(message: impl Into<String>) -> ServiceError {
    ServiceError::client("InvalidParameterValue", message)
}

/// `Value {value} for parameter {name} is invalid. Reason: {reason}.`
pub(super) fn invalid_parameter(
    name: &str,
    value: impl std::fmt::Display,
    reason: &str,
) -> ServiceError {
    invalid_value(format!("Value {value} for parameter {name} is invalid. Reason: {reason}."))
}

/// A receipt handle that no receive gave out.
pub(super) fn invalid_receipt(handle: &str) -> ServiceError {
    ServiceError::client(
        "ReceiptHandleIsInvalid",
        format!("The input receipt handle \"{handle}\" is not a valid receipt handle."),
    )
}

/// An attribute name SQS does not know.
pub(super) fn invalid_attribute(name: &str) -> ServiceError {
    ServiceError::client("InvalidAttributeName", format!("Unknown Attribute {name}."))
}

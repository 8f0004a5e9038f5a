//! A call's failure as the service reports it.

use std::fmt;

/// An AWS error: its code (`ConditionalCheckFailedException`), message and HTTP status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// The error code as the service returns it (botocore's `Error.Code`).
    pub code: String,
    /// The message, AWS's text where it is known.
    pub message: String,
    /// The HTTP status code of the response.
    pub status: u16,
}

impl ServiceError {
    /// An error with status 400, the status of AWS's client errors.
    pub fn client(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into(), status: 400 }
    }

    /// `ValidationException` with `message`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::client("ValidationException", message)
    }

    /// The error for an operation StepLab's services do not have.
    pub fn unknown_operation(service: &str, operation: &str) -> Self {
        Self::client(
            "UnknownOperationException",
            format!("StepLab's {service} has no operation {operation}"),
        )
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ServiceError {}

//! SNS's errors (query protocol codes, as the SDKs report them).

use crate::ServiceError;

/// `NotFound`, status 404.
pub(crate) fn not_found(what: &str) -> ServiceError {
    ServiceError { code: "NotFound".into(), message: format!("{what} does not exist"), status: 404 }
}

/// `InvalidParameter`: `Invalid parameter: {detail}`.
pub(crate) fn invalid(detail: impl std::fmt::Display) -> ServiceError {
    ServiceError::client("InvalidParameter", format!("Invalid parameter: {detail}"))
}

/// `InvalidParameterValue`, SNS's code for a bad message attribute.
pub(crate) fn invalid_value(message: impl Into<String>) -> ServiceError {
    ServiceError::client("InvalidParameterValue", message)
}

/// A required member left out: the service's model validation.
pub(crate) fn missing(member: &str) -> ServiceError {
    let mut chars = member.chars();
    let camel: String =
        chars.next().map(|c| c.to_ascii_lowercase()).into_iter().chain(chars).collect();
    ServiceError::client(
        "ValidationError",
        format!(
            "1 validation error detected: Value null at '{camel}' failed to satisfy constraint: Member must not be null"
        ),
    )
}

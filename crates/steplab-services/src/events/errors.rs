//! EventBridge's errors.

use crate::ServiceError;

pub(crate) fn validation(message: impl Into<String>) -> ServiceError {
    ServiceError::validation(message)
}

/// A required member left out: the service's model validation.
pub(crate) fn missing(member: &str) -> ServiceError {
    let mut chars = member.chars();
    let camel: String =
        chars.next().map(|c| c.to_ascii_lowercase()).into_iter().chain(chars).collect();
    validation(format!(
        "1 validation error detected: Value null at '{camel}' failed to satisfy constraint: Member must not be null"
    ))
}

pub(crate) fn no_rule(name: &str, bus: &str) -> ServiceError {
    ServiceError::client(
        "ResourceNotFoundException",
        format!("Rule {name} does not exist on EventBus {bus}."),
    )
}

pub(crate) fn no_bus(name: &str) -> ServiceError {
    ServiceError::client("ResourceNotFoundException", format!("Event bus {name} does not exist."))
}

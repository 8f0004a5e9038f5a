//! S3's errors.

use crate::ServiceError;

fn with_status(code: &str, message: &str, status: u16) -> ServiceError {
    ServiceError { code: code.into(), message: message.into(), status }
}

pub(crate) fn no_bucket() -> ServiceError {
    with_status("NoSuchBucket", "The specified bucket does not exist", 404)
}

pub(crate) fn no_key() -> ServiceError {
    with_status("NoSuchKey", "The specified key does not exist.", 404)
}

/// HeadBucket and HeadObject answer a missing bucket or key with a bare 404 (a HEAD response has
/// no body): botocore reports code `404` and message `Not Found`.
pub(crate) fn head_not_found() -> ServiceError {
    with_status("404", "Not Found", 404)
}

pub(crate) fn already_owned() -> ServiceError {
    with_status(
        "BucketAlreadyOwnedByYou",
        "Your previous request to create the named bucket succeeded and you already own it.",
        409,
    )
}

pub(crate) fn not_empty() -> ServiceError {
    with_status("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
}

pub(crate) fn invalid_bucket_name() -> ServiceError {
    with_status("InvalidBucketName", "The specified bucket is not valid.", 400)
}

pub(crate) fn invalid_argument(message: &str) -> ServiceError {
    with_status("InvalidArgument", message, 400)
}

/// A required member left out: the SDK refuses the call before it is sent (botocore's
/// `ParamValidationError`); S3 itself never sees it.
pub(crate) fn missing(member: &str) -> ServiceError {
    ServiceError::validation(format!("Missing required parameter in input: \"{member}\""))
}

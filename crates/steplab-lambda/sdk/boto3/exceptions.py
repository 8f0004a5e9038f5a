"""boto3.exceptions."""

import botocore.exceptions


class Boto3Error(Exception):
    """Base class for all Boto3 errors."""


class ResourceLoadException(Boto3Error):
    pass


class NoVersionFound(Boto3Error):
    pass


class UnknownAPIVersionError(Boto3Error, botocore.exceptions.DataNotFoundError):
    def __init__(self, service_name, bad_api_version, available_api_versions):
        msg = (
            "The '%s' resource does not support an API version of: %s\n"
            "Valid API versions are: %s" % (service_name, bad_api_version, available_api_versions)
        )
        Boto3Error.__init__(self, msg)


class ResourceNotExistsError(Boto3Error, botocore.exceptions.DataNotFoundError):
    """Raised when you attempt to create a resource that does not exist."""

    def __init__(self, service_name, available_services, has_low_level_client):
        msg = "The '{}' resource does not exist.\nThe available resources are:\n   - {}\n".format(
            service_name, "\n   - ".join(available_services)
        )
        if has_low_level_client:
            msg = (
                "{}\nConsider using a boto3.client('{}') instead of a resource for '{}'".format(
                    msg, service_name, service_name
                )
            )
        Boto3Error.__init__(self, msg)


class RetriesExceededError(Boto3Error):
    def __init__(self, last_exception, msg="Max Retries Exceeded"):
        super().__init__(msg)
        self.last_exception = last_exception


class S3TransferFailedError(Boto3Error):
    pass


class S3UploadFailedError(Boto3Error):
    pass


class DynamoDBOperationNotSupportedError(Boto3Error):
    """Raised for operations that are not supported for an operand."""

    def __init__(self, operation, value):
        msg = (
            "{} operation cannot be applied to value {} of type {} directly. "
            "Must use AttributeBase object methods (i.e. Attr().eq()). to "
            "generate ConditionBase instances first.".format(operation, value, type(value))
        )
        Exception.__init__(self, msg)


# FIXME: Backward compatibility
DynamoOperationNotSupportedError = DynamoDBOperationNotSupportedError


class DynamoDBNeedsConditionError(Boto3Error):
    """Raised when input is not a condition"""

    def __init__(self, value):
        msg = (
            "Expecting a ConditionBase object. Got {} of type {}. "
            "Use AttributeBase object methods (i.e. Attr().eq()). to "
            "generate ConditionBase instances.".format(value, type(value))
        )
        Exception.__init__(self, msg)


class DynamoDBNeedsKeyConditionError(Boto3Error):
    pass


class PythonDeprecationWarning(Warning):
    pass

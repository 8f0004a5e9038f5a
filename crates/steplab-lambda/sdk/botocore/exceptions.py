"""botocore.exceptions: the exceptions of botocore that StepLab's clients raise."""


class BotoCoreError(Exception):
    """The base exception class for BotoCore exceptions."""

    fmt = "An unspecified error occurred"

    def __init__(self, **kwargs):
        msg = self.fmt.format(**kwargs)
        Exception.__init__(self, msg)
        self.kwargs = kwargs

    def __reduce__(self):
        return _exception_from_packed_args, (self.__class__, None, self.kwargs)


def _exception_from_packed_args(exception_cls, args=None, kwargs=None):
    if args is None:
        args = ()
    if kwargs is None:
        kwargs = {}
    return exception_cls(*args, **kwargs)


class DataNotFoundError(BotoCoreError):
    fmt = "Unable to load data for: {data_path}"


class UnknownServiceError(DataNotFoundError):
    fmt = "Unknown service: '{service_name}'. Valid service names are: {known_service_names}"


class HTTPClientError(BotoCoreError):
    fmt = "An HTTP Client raised an unhandled exception: {error}"

    def __init__(self, request=None, response=None, **kwargs):
        self.request = request
        self.response = response
        super().__init__(**kwargs)


class ConnectionError(BotoCoreError):
    fmt = "An HTTP Client failed to establish a connection: {error}"


class EndpointConnectionError(ConnectionError):
    fmt = 'Could not connect to the endpoint URL: "{endpoint_url}"'


class ConnectTimeoutError(ConnectionError):
    fmt = 'Connect timeout on endpoint URL: "{endpoint_url}"'


class ReadTimeoutError(HTTPClientError):
    fmt = 'Read timeout on endpoint URL: "{endpoint_url}"'


class NoCredentialsError(BotoCoreError):
    fmt = "Unable to locate credentials"


class NoRegionError(BotoCoreError):
    fmt = "You must specify a region."


class ParamValidationError(BotoCoreError):
    fmt = "Parameter validation failed:\n{report}"


class UnknownClientMethodError(BotoCoreError):
    fmt = "Client does not have method: {method_name}"


class OperationNotPageableError(BotoCoreError):
    fmt = "Operation cannot be paginated: {operation_name}"


class UnknownKeyError(BotoCoreError):
    fmt = "Unknown key '{value}' for param '{param}'.  Must be one of: {choices}"


class ValidationError(BotoCoreError):
    fmt = "Invalid value ('{value}') for param {param} of type {type_name} "


class ClientError(Exception):
    MSG_TEMPLATE = (
        "An error occurred ({error_code}) when calling the {operation_name} "
        "operation{retry_info}: {error_message}"
    )

    def __init__(self, error_response, operation_name):
        retry_info = self._get_retry_info(error_response)
        error = error_response.get("Error", {})
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info=retry_info,
        )
        super().__init__(msg)
        self.response = error_response
        self.operation_name = operation_name

    def _get_retry_info(self, response):
        retry_info = ""
        if "ResponseMetadata" in response:
            metadata = response["ResponseMetadata"]
            if metadata.get("MaxAttemptsReached", False):
                if "RetryAttempts" in metadata:
                    retry_info = " (reached max retries: %s)" % metadata["RetryAttempts"]
        return retry_info

    def __reduce__(self):
        return self.__class__, (self.response, self.operation_name)


class WaiterError(BotoCoreError):
    fmt = "Waiter {name} failed: {reason}"

    def __init__(self, name, reason, last_response):
        super().__init__(name=name, reason=reason)
        self.last_response = last_response

"""botocore.client: low-level clients whose calls the host answers.

A call checks the required parameters (`ParamValidationError`), encodes its input as the AWS
JSON shape, hands it to `_steplab_host.aws_call(service, operation, json)` and turns the answer into
the parsed response botocore returns (with `ResponseMetadata`), or raises the `ClientError`
subclass for the error code.
"""

import binascii

import _steplab_host
import _steplab_marshal
from botocore import xform_name
from botocore import _models
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    OperationNotPageableError,
    ParamValidationError,
)


class ServiceModel(object):
    def __init__(self, service_name):
        self.service_name = service_name
        self.endpoint_prefix = _models.PROTOCOLS[service_name][0]
        self.operation_names = sorted(_models.OPERATIONS[service_name])
        self.signing_name = self.endpoint_prefix


class ClientMeta(object):
    def __init__(self, service_name, region_name, endpoint_url, config):
        self.service_model = ServiceModel(service_name)
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.config = config
        self.partition = "aws"
        self.method_to_api_mapping = {
            xform_name(op): op for op in _models.OPERATIONS[service_name]
        }


class BaseClientExceptions(object):
    """`client.exceptions`: one `ClientError` subclass per modeled error of the service (created
    when first used: a RustPython class costs time, and most calls raise none)."""

    ClientError = ClientError

    def __init__(self, service_name):
        self._service_name = service_name
        self._code_to_name = {}
        for name, codes in _models.ERRORS[service_name].items():
            self._code_to_name[name] = name
            for code in codes:
                self._code_to_name[code] = name

    def from_code(self, error_code):
        name = self._code_to_name.get(error_code)
        if name is None:
            return self.ClientError
        return getattr(self, name)

    def __getattr__(self, name):
        if name.startswith("_") or name not in _models.ERRORS[self._service_name]:
            raise AttributeError(
                "%r object has no attribute %r. Valid exceptions are: %s"
                % (self, name, ", ".join(sorted(_models.ERRORS[self._service_name])))
            )
        key = (self._service_name, name)
        cls = _ERROR_CLASSES.get(key)
        if cls is None:
            cls = type(name, (ClientError,), {})
            cls.__module__ = "botocore.errorfactory"
            _ERROR_CLASSES[key] = cls
        setattr(self, name, cls)
        return cls


_ERROR_CLASSES = {}
_EXCEPTIONS = {}


def _exceptions_for(service_name):
    exceptions = _EXCEPTIONS.get(service_name)
    if exceptions is None:
        class_name = _client_class_name(service_name) + "Exceptions"
        exceptions_cls = type(str(class_name), (BaseClientExceptions,), {})
        exceptions_cls.__module__ = "botocore.errorfactory"
        exceptions = exceptions_cls(service_name)
        _EXCEPTIONS[service_name] = exceptions
    return exceptions


def _client_class_name(service_name):
    return {
        "dynamodb": "DynamoDB",
        "s3": "S3",
        "sqs": "SQS",
        "sns": "SNS",
        "events": "EventBridge",
        "lambda": "Lambda",
        "stepfunctions": "SFN",
    }[service_name]


def _random_hex(n):
    return binascii.hexlify(_steplab_host.urandom(n)).decode("ascii")


def _uuid4():
    h = list(_random_hex(16))
    h[12] = "4"
    h[16] = "89ab"[int(h[16], 16) & 3]
    h = "".join(h)
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _request_id(service_name):
    if service_name == "dynamodb":
        return "".join(_ALNUM[b % 36] for b in _steplab_host.urandom(52))
    if service_name == "s3":
        return _random_hex(8).upper()
    return _uuid4()


def _http_date():
    import time

    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())


def _response_metadata(service_name, status, content_length, extra_headers=None):
    request_id = _request_id(service_name)
    content_type = _models.PROTOCOLS[service_name][1]
    if service_name == "s3":
        host_id = binascii.b2a_base64(_steplab_host.urandom(57), newline=False).decode("ascii")
        headers = {
            "x-amz-id-2": host_id,
            "x-amz-request-id": request_id,
            "date": _http_date(),
        }
        if extra_headers:
            headers.update(extra_headers)
        headers["server"] = "AmazonS3"
        return {
            "RequestId": request_id,
            "HostId": host_id,
            "HTTPStatusCode": status,
            "HTTPHeaders": headers,
            "RetryAttempts": 0,
        }
    headers = {}
    if service_name == "dynamodb":
        headers["server"] = "Server"
    headers["date"] = _http_date()
    headers["content-type"] = content_type
    headers["content-length"] = str(content_length)
    headers["connection"] = "keep-alive"
    headers["x-amzn-requestid"] = request_id
    if extra_headers:
        headers.update(extra_headers)
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }


def _to_wire(value):
    """Input as JSON: bytes (blobs) as base64, as botocore serializes them for the JSON protocols."""
    if isinstance(value, dict):
        return {k: _to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_wire(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return binascii.b2a_base64(bytes(value), newline=False).decode("ascii")
    if hasattr(value, "read") and callable(value.read):
        return _to_wire(value.read())
    if value.__class__.__name__ == "datetime":
        return value.timestamp()
    return value


def _body_text(body):
    """A body (S3 `Body`, Lambda `Payload`) as the text the host keeps."""
    if body is None:
        return None
    if hasattr(body, "read") and callable(body.read):
        body = body.read()
    if isinstance(body, (bytes, bytearray)):
        try:
            return bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return bytes(body).decode("latin-1")
    if isinstance(body, str):
        return body
    raise ParamValidationError(
        report="Invalid type for parameter Body, value: %r, type: %s, valid types: "
        "<class 'bytes'>, <class 'bytearray'>, file-like object" % (body, type(body))
    )


def _timestamp(value):
    import datetime

    utc = datetime.timezone.utc
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, utc)
    if isinstance(value, str):
        text = value.replace("Z", "+00:00")
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            return value
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=utc)
        return parsed.astimezone(utc)
    return value


def _parse_timestamps(value, names):
    if isinstance(value, dict):
        for key, member in value.items():
            if key in names and isinstance(member, (str, int, float)) and not isinstance(member, bool):
                value[key] = _timestamp(member)
            else:
                _parse_timestamps(member, names)
    elif isinstance(value, list):
        for member in value:
            _parse_timestamps(member, names)


def _decode_binary_attributes(value):
    """DynamoDB's `B`/`BS` attribute values arrive base64-encoded; botocore returns bytes."""
    if isinstance(value, dict):
        if len(value) == 1:
            if isinstance(value.get("B"), str):
                value["B"] = binascii.a2b_base64(value["B"])
                return
            bs = value.get("BS")
            if isinstance(bs, list) and all(isinstance(b, str) for b in bs):
                value["BS"] = [binascii.a2b_base64(b) for b in bs]
                return
        for member in value.values():
            _decode_binary_attributes(member)
    elif isinstance(value, list):
        for member in value:
            _decode_binary_attributes(member)


def _validate(service_name, operation_name, params):
    missing = [
        name
        for name in _models.OPERATIONS[service_name][operation_name]
        if name not in params
    ]
    if missing:
        report = "\n".join('Missing required parameter in input: "%s"' % name for name in missing)
        raise ParamValidationError(report=report)


class BaseClient(object):
    def __init__(self, service_name, region_name, endpoint_url=None, config=None):
        self._service_name = service_name
        if endpoint_url is None:
            prefix = _models.PROTOCOLS[service_name][0]
            if service_name == "s3" and region_name == "us-east-1":
                endpoint_url = "https://s3.amazonaws.com"
            else:
                endpoint_url = "https://%s.%s.amazonaws.com" % (prefix, region_name)
        self.meta = ClientMeta(service_name, region_name, endpoint_url, config)
        self.exceptions = _exceptions_for(service_name)
        # the DynamoDB resource's client transforms Python values in and out (boto3's injector)
        self._transformer = None

    def __repr__(self):
        return "<botocore.client.%s object at %s>" % (
            _client_class_name(self._service_name),
            hex(id(self)),
        )

    def __getattr__(self, name):
        if name.startswith("_") or name == "meta":
            raise AttributeError(name)
        operation_name = self.meta.method_to_api_mapping.get(name)
        if operation_name is None:
            raise AttributeError(
                "'%s' object has no attribute '%s'" % (_client_class_name(self._service_name), name)
            )
        return self._make_method(name, operation_name)

    def _make_method(self, py_name, operation_name):
        def _api_call(*args, **kwargs):
            if args:
                raise TypeError("%s() only accepts keyword arguments." % py_name)
            return self._make_api_call(operation_name, kwargs)

        _api_call.__name__ = str(py_name)
        return _api_call

    def _make_api_call(self, operation_name, api_params):
        service_name = self._service_name
        params = dict(api_params)
        if self._transformer is not None:
            params = self._transformer.transform_input(params)
        _validate(service_name, operation_name, params)
        if service_name == "s3":
            if "Body" in params:
                params["Body"] = _body_text(params["Body"])
            copy_source = params.get("CopySource")
            if isinstance(copy_source, dict):
                source = "%s/%s" % (copy_source.get("Bucket"), copy_source.get("Key"))
                if copy_source.get("VersionId"):
                    source += "?versionId=" + copy_source["VersionId"]
                params["CopySource"] = source
        elif service_name == "lambda" and "Payload" in params:
            params["Payload"] = _body_text(params["Payload"])
        wire = _steplab_marshal.encode(_to_wire(params))
        answer = _steplab_host.aws_call(service_name, operation_name, wire)
        if answer is None:
            raise EndpointConnectionError(endpoint_url=self.meta.endpoint_url + "/")
        status, text = answer
        if status >= 300:
            error = _steplab_marshal.loads(text)
            parsed = self._error_response(operation_name, params, error, status, len(text))
            error_class = self.exceptions.from_code(error["code"])
            raise error_class(parsed, operation_name)
        output = _steplab_marshal.loads(text)
        parsed = self._parse_output(operation_name, params, output, len(text))
        if self._transformer is not None:
            parsed = self._transformer.transform_output(operation_name, parsed)
        return parsed

    def _error_response(self, operation_name, params, error, status, length):
        code = error["code"]
        message = error["message"]
        service_name = self._service_name
        parsed = {"Error": {"Message": message, "Code": code}}
        if service_name == "s3":
            parsed = {"Error": {"Code": code, "Message": message}}
            if code == "NoSuchKey":
                parsed["Error"]["Key"] = params.get("Key")
            elif code == "NoSuchBucket":
                parsed["Error"]["BucketName"] = params.get("Bucket")
            elif code == str(status):
                parsed = {"Error": {"Code": code, "Message": message}}
        elif service_name == "sqs":
            cls = self.exceptions.from_code(code)
            if cls is not ClientError:
                parsed["Error"]["QueryErrorCode"] = cls.__name__
            parsed["Error"]["Type"] = "Sender" if status < 500 else "Receiver"
        elif service_name == "sns":
            parsed["Error"] = {"Type": "Sender", "Code": code, "Message": message}
        extra = None
        if service_name == "sqs":
            extra = {"x-amzn-query-error": "%s;Sender" % code}
        parsed["ResponseMetadata"] = _response_metadata(service_name, status, length, extra)
        if self.exceptions.from_code(code) is not ClientError:
            # botocore merges the members of a modeled error's shape into the response
            if service_name in ("dynamodb", "sqs", "events", "stepfunctions"):
                parsed["message"] = message
            elif service_name == "lambda":
                parsed["Type"] = "User" if status < 500 else "Service"
                parsed["Message"] = message
        if service_name == "s3":
            parsed["ResponseMetadata"]["HTTPHeaders"]["content-type"] = "application/xml"
        return parsed

    def _parse_output(self, operation_name, params, output, length):
        from botocore.response import StreamingBody

        service_name = self._service_name
        if not isinstance(output, dict):
            output = {}
        extra = None
        status = 200
        if service_name == "s3":
            extra = {}
            if "ETag" in output:
                extra["etag"] = output["ETag"]
            if output.get("ServerSideEncryption"):
                extra["x-amz-server-side-encryption"] = output["ServerSideEncryption"]
            if operation_name in ("GetObject", "HeadObject"):
                if "ContentType" in output:
                    extra["content-type"] = output["ContentType"]
                extra["content-length"] = str(output.get("ContentLength", 0))
                extra["accept-ranges"] = "bytes"
            if operation_name == "DeleteObject":
                status = 204
            if operation_name in ("GetObject", "HeadObject"):
                output.setdefault("AcceptRanges", "bytes")
        if service_name == "lambda" and operation_name == "Invoke":
            status = output.get("StatusCode", 200)
            extra = {
                "x-amzn-remapped-content-length": "0",
                "x-amz-executed-version": output.get("ExecutedVersion", "$LATEST"),
            }
            if output.get("FunctionError"):
                extra["x-amz-function-error"] = output["FunctionError"]
        metadata = _response_metadata(service_name, status, length, extra)
        if service_name == "lambda" and operation_name == "Invoke":
            payload = output.get("Payload")
            data = b"" if payload is None else str(payload).encode("utf-8")
            metadata["HTTPHeaders"]["content-length"] = str(len(data))
            output["Payload"] = StreamingBody(data, len(data))
        result = {"ResponseMetadata": metadata}
        result.update(output)
        if service_name == "s3" and operation_name == "GetObject":
            body = output.get("Body") or ""
            data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
            result["Body"] = StreamingBody(data, len(data))
        if service_name == "dynamodb":
            _decode_binary_attributes(result)
        names = _models.TIMESTAMPS[service_name]
        if names:
            _parse_timestamps(result, names)
        # botocore puts ResponseMetadata first for most operations and `Body` last for streams
        if "Body" in result:
            result["Body"] = result.pop("Body")
        return result

    def can_paginate(self, operation_name):
        op = self.meta.method_to_api_mapping.get(operation_name)
        return op is not None and op in _models.PAGINATORS.get(self._service_name, {})

    def get_paginator(self, operation_name):
        from botocore.paginate import Paginator

        if not self.can_paginate(operation_name):
            raise OperationNotPageableError(operation_name=operation_name)
        op = self.meta.method_to_api_mapping[operation_name]
        config = _models.PAGINATORS[self._service_name][op]
        return Paginator(getattr(self, operation_name), config)

    def get_waiter(self, waiter_name):
        from botocore.exceptions import DataNotFoundError

        raise DataNotFoundError(data_path="%s waiter %s (not in StepLab)" % (self._service_name, waiter_name))

    def close(self):
        pass


class S3Client(BaseClient):
    """The S3 client, with the methods boto3 injects (managed transfers, presigned URLs)."""

    def upload_file(self, Filename, Bucket, Key, ExtraArgs=None, Callback=None, Config=None):
        from boto3.s3 import transfer

        return transfer.upload_file(self, Filename, Bucket, Key, ExtraArgs, Callback, Config)

    def download_file(self, Bucket, Key, Filename, ExtraArgs=None, Callback=None, Config=None):
        from boto3.s3 import transfer

        return transfer.download_file(self, Bucket, Key, Filename, ExtraArgs, Callback, Config)

    def upload_fileobj(self, Fileobj, Bucket, Key, ExtraArgs=None, Callback=None, Config=None):
        from boto3.s3 import transfer

        return transfer.upload_fileobj(self, Fileobj, Bucket, Key, ExtraArgs, Callback, Config)

    def download_fileobj(self, Bucket, Key, Fileobj, ExtraArgs=None, Callback=None, Config=None):
        from boto3.s3 import transfer

        return transfer.download_fileobj(self, Bucket, Key, Fileobj, ExtraArgs, Callback, Config)

    def generate_presigned_url(self, ClientMethod, Params=None, ExpiresIn=3600, HttpMethod=None):
        """A URL of the shape S3 signs (SigV4 query parameters); StepLab has no HTTP endpoint to
        serve it, so the signature is random."""
        import time
        from urllib.parse import quote

        if ClientMethod not in self.meta.method_to_api_mapping:
            from botocore.exceptions import UnknownClientMethodError

            raise UnknownClientMethodError(method_name=ClientMethod)
        params = Params or {}
        bucket = params.get("Bucket", "")
        key = params.get("Key", "")
        region = self.meta.region_name
        now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        credential = "%s/%s/%s/s3/aws4_request" % (
            os_environ("AWS_ACCESS_KEY_ID"),
            now[:8],
            region,
        )
        query = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", credential),
            ("X-Amz-Date", now),
            ("X-Amz-Expires", str(ExpiresIn)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        token = os_environ("AWS_SESSION_TOKEN")
        if token:
            query.append(("X-Amz-Security-Token", token))
        query.append(("X-Amz-Signature", _random_hex(32)))
        host = "%s.s3.amazonaws.com" % bucket if region == "us-east-1" else "%s.s3.%s.amazonaws.com" % (bucket, region)
        return "https://%s/%s?%s" % (
            host,
            quote(key, safe="/~"),
            "&".join("%s=%s" % (k, quote(v, safe="~")) for k, v in query),
        )


def os_environ(name):
    import os

    return os.environ.get(name, "")

"""The JSON log format of the StepLab Lambda sandbox (`AWS_LAMBDA_LOG_FORMAT=JSON`).

It behaves as awslambdaric's `lambda_runtime_log_utils.JsonFormatter` and the JSON branch of its
`bootstrap.log_error`: a `logging` record becomes one JSON object a line, with `timestamp`
(`2024-05-01T12:00:00.123Z`), `level` (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`: levels
rounded down to a multiple of ten), `message`, `logger`, for a record with `exc_info` `stackTrace`,
`errorType`, `errorMessage` and `location` (`path:function:line`), `requestId`, then the record's
extra attributes; `None` values are left out; non-ASCII text is written as is. The runtime's own
error line is `{"timestamp": "2024-05-01T12:00:00", "level": "ERROR", "errorMessage": …,
"errorType": …, "requestId": …, "stackTrace": […]}` (a timestamp without milliseconds, as AWS's
`log_error` writes it).
"""

# the attributes of a LogRecord that are not extra fields
_RESERVED = frozenset(
    (
        "name",
        "msg",
        "args",
        "levelname",
        "levelno",
        "pathname",
        "filename",
        "module",
        "exc_info",
        "exc_text",
        "stack_info",
        "lineno",
        "funcName",
        "created",
        "msecs",
        "relativeCreated",
        "thread",
        "threadName",
        "processName",
        "process",
        "aws_request_id",
        "tenant_id",
        "_frame_type",
    )
)


def is_json(log_format):
    """`AWS_LAMBDA_LOG_FORMAT` names JSON (any case); anything else is text."""
    return bool(log_format) and log_format.upper() == "JSON"


def _encode(value):
    import json

    return json.JSONEncoder(ensure_ascii=False).encode(value)


def make_json_formatter():
    """A `logging.Formatter` writing JSON lines (built on first use: `logging` is imported late)."""
    import logging

    class JsonFormatter(logging.Formatter):
        def __init__(self):
            super().__init__(datefmt="%Y-%m-%dT%H:%M:%S")

        def formatTime(self, record, datefmt=None):
            from datetime import datetime, timezone

            moment = datetime.fromtimestamp(record.created, tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

        def format(self, record):
            import traceback

            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc_info = record.exc_info
            entry = {
                "timestamp": self.formatTime(record, self.datefmt),
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
                "errorType": exc_info[0].__name__ if exc_info else None,
                "errorMessage": str(exc_info[1]) if exc_info else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": (
                    "%s:%s:%s" % (record.pathname, record.funcName, record.lineno)
                    if exc_info
                    else None
                ),
            }
            tenant_id = getattr(record, "tenant_id", None)
            if tenant_id is not None:
                entry["tenantId"] = tenant_id
            for key, value in record.__dict__.items():
                if key not in _RESERVED and key not in entry:
                    entry[key] = value
            return _encode({k: v for k, v in entry.items() if v is not None}) + "\n"

    return JsonFormatter()


def json_error_line(error_result, to_json):
    """The runtime's error line in JSON format (`to_json`: the runtime's `json.dumps`)."""
    import time

    moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time()))
    entry = {"timestamp": moment, "level": "ERROR"}
    entry.update(error_result)
    return to_json(entry)

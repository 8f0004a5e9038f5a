"""StepLab's boto3: `boto3.client(...)` and `boto3.resource(...)` for the services StepLab emulates.

A faithful subset of boto3 1.38 (names, keyword-only PascalCase parameters, responses with
`ResponseMetadata`, botocore's `ClientError`); calls are answered by the host's in-memory services.
"""

from boto3.session import Session

__author__ = "Amazon Web Services"
__version__ = "1.38.36"

DEFAULT_SESSION = None


def setup_default_session(**kwargs):
    global DEFAULT_SESSION
    DEFAULT_SESSION = Session(**kwargs)


def set_stream_logger(name="boto3", level=10, format_string=None):
    import logging

    if format_string is None:
        format_string = "%(asctime)s %(name)s [%(levelname)s] %(message)s"
    logger = logging.getLogger(name)
    logger.setLevel(level)
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(format_string))
    logger.addHandler(handler)


def _get_default_session():
    if DEFAULT_SESSION is None:
        setup_default_session()
    return DEFAULT_SESSION


def client(*args, **kwargs):
    """Create a low-level service client by name using the default session."""
    return _get_default_session().client(*args, **kwargs)


def resource(*args, **kwargs):
    """Create a resource service client by name using the default session."""
    return _get_default_session().resource(*args, **kwargs)

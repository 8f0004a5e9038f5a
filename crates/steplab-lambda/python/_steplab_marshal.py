"""The response encoder of `awslambdaric/lambda_runtime_marshaller.py`.

The runtime encodes with simplejson (`use_decimal=False`, `allow_nan=True`) and a `default` that
writes `Decimal` as its raw digits. Its `Encoder` passes `ensure_ascii=False` when
`AWS_EXECUTION_ENV` is `AWS_Lambda_python3.12` (awslambdaric commit 80eefef, "Control unicode
encoding behaviour based on execution environment"): python3.11 escapes non-ASCII characters as
`\\uXXXX`, python3.12 writes them as they are. AWS's Python documentation ("Response format") says
the same of "Python 3.12 and later"; the open-source awslambdaric names only 3.12 (the managed
3.13 and 3.14 runtimes ship their own copy), so 3.13 and 3.14 follow the documentation. simplejson is not in the standard library,
so its encoding rules are reproduced here: namedtuples become objects, tuples arrays, `bytes` inside
a structure are decoded as UTF-8 strings, floats use `float.__repr__`, NaN/Infinity are written bare.
"""

import math
import sys

import _steplab_host


# simplejson's `ensure_ascii`: True on python3.11, False on 3.12+ (set by the bootstrap's INIT)
ENSURE_ASCII = True


def _encode_str(s):
    """simplejson's `encode_basestring_ascii` (or `encode_basestring` without ENSURE_ASCII), done
    by the host so that encoding a response does not import `json` (and `re`, `enum`: a third of a
    cold start); strings with lone surrogates go through the standard library's ASCII encoder (what
    the 3.12+ runtimes do with a lone surrogate, which UTF-8 cannot carry, is not known)."""
    try:
        if ENSURE_ASCII:
            return _steplab_host.encode_str(s)
        return _steplab_host.encode_str_unicode(s)
    except ValueError:
        from json.encoder import encode_basestring_ascii

        return encode_basestring_ascii(s)


def loads(text):
    """`json.loads(text)`: the host parses documents it can read exactly (no floats, no integers
    beyond 64 bits); everything else, and every error message, comes from the standard library."""
    try:
        return _steplab_host.json_loads(text)
    except ValueError:
        import json

        return json.loads(text)


class _RawJSON(object):
    __slots__ = ["encoded_json"]

    def __init__(self, encoded_json):
        self.encoded_json = encoded_json


def _default(obj):
    # the runtime's Encoder.default
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(obj, decimal.Decimal):
        if obj.is_nan():
            return math.nan
        return _RawJSON(str(obj))
    # simplejson's JSONEncoder.default
    raise TypeError("Object of type %s is not JSON serializable" % obj.__class__.__name__)


def _floatstr(o):
    if o != o:
        return "NaN"
    if o == math.inf:
        return "Infinity"
    if o == -math.inf:
        return "-Infinity"
    return float.__repr__(o)


def _stringify_key(key):
    if isinstance(key, str):
        return key
    if isinstance(key, bytes):
        return str(key, "utf-8")
    if isinstance(key, float):
        return _floatstr(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return str(int(key))
    raise TypeError(
        "keys must be str, int, float, bool or None, not %s" % key.__class__.__name__
    )


def encode(o):
    """`Encoder().encode(o)` of the function's runtime."""
    chunks = []
    _encode(o, chunks, {})
    return "".join(chunks)


def _encode(o, out, markers):
    if isinstance(o, str):
        out.append(_encode_str(o))
    elif isinstance(o, bytes):
        out.append(_encode_str(str(o, "utf-8")))
    elif isinstance(o, _RawJSON):
        out.append(o.encoded_json)
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(str(int(o)))
    elif isinstance(o, float):
        out.append(_floatstr(float(o)))
    elif isinstance(o, list):
        _encode_list(o, out, markers)
    else:
        _asdict = getattr(o, "_asdict", None)
        if _asdict and callable(_asdict):
            dct = _asdict()
            if not isinstance(dct, dict):
                raise TypeError("_asdict() must return a dict, not %s" % (type(dct).__name__,))
            _encode_dict(dct, out, markers)
        elif isinstance(o, tuple):
            _encode_list(o, out, markers)
        elif isinstance(o, dict):
            _encode_dict(o, out, markers)
        else:
            marker = id(o)
            if marker in markers:
                raise ValueError("Circular reference detected")
            markers[marker] = o
            _encode(_default(o), out, markers)
            del markers[marker]


def _encode_list(lst, out, markers):
    if not lst:
        out.append("[]")
        return
    marker = id(lst)
    if marker in markers:
        raise ValueError("Circular reference detected")
    markers[marker] = lst
    out.append("[")
    first = True
    for value in lst:
        if not first:
            out.append(", ")
        first = False
        _encode(value, out, markers)
    out.append("]")
    del markers[marker]


def _encode_dict(dct, out, markers):
    if not dct:
        out.append("{}")
        return
    marker = id(dct)
    if marker in markers:
        raise ValueError("Circular reference detected")
    markers[marker] = dct
    out.append("{")
    first = True
    for key, value in dct.items():
        key = _stringify_key(key)
        if not first:
            out.append(", ")
        first = False
        out.append(_encode_str(key))
        out.append(": ")
        _encode(value, out, markers)
    out.append("}")
    del markers[marker]

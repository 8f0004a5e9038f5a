# Exercises the modules real handlers import (issue 6, point 4); each entry is checked by the tests.
import base64
import collections
import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import itertools
import json
import logging
import math
import os
import random
import re
import sys
import time
import traceback
import typing
import urllib.parse
import uuid


@dataclasses.dataclass
class Order:
    id: int
    items: typing.List[str] = dataclasses.field(default_factory=list)


class Color(enum.Enum):
    RED = 1


def lambda_handler(event, context):
    t0 = time.time()
    m0 = time.monotonic()
    time.sleep(0.25)
    try:
        {}["missing"]
    except KeyError:
        formatted = traceback.format_exc().splitlines()[-1]
    now = datetime.datetime.now()
    utc = datetime.datetime.now(datetime.timezone.utc)
    rng = random.Random(42)
    logging.getLogger().warning("logged")
    return {
        "json": json.dumps({"a": [1, 2]}, sort_keys=True),
        "strptime": datetime.datetime.strptime("2024-01-02 03:04", "%Y-%m-%d %H:%M").isoformat(),
        "codecs": ["caf\u00e9".encode("cp1252").hex(), "caf\u00e9\n".encode("unicode_escape").decode(), "caf\u00e9".encode("utf-16-le").hex()],
        "datetime": abs((utc.replace(tzinfo=None) - now).total_seconds()) < 1 and now.year >= 2024,
        "date_today": datetime.date.today() == now.date(),
        "time": 0.249 < time.time() - t0 < 0.5 and time.time_ns() > 0 and time.perf_counter() > 0,
        "monotonic": 0.249 < time.monotonic() - m0 < 0.5,
        "strftime": len(time.strftime("%Y-%m-%dT%H:%M:%S")) == 19,
        "os": [os.name, os.sep, os.path.join("/tmp", "x.txt"), os.environ["AWS_REGION"], sys.platform],
        "urandom": len(os.urandom(16)),
        "re": re.sub(r"(\d+)", r"<\1>", "a1b22"),
        "random": [rng.randint(1, 100) for _ in range(3)],
        "uuid": [len(str(uuid.uuid4())), uuid.uuid4().version, str(uuid.uuid5(uuid.NAMESPACE_DNS, "example.com"))],
        "math": [math.sqrt(16), math.floor(2.7), math.isclose(math.pi, 3.14159, rel_tol=1e-5)],
        "decimal": str(decimal.Decimal("1.10") + decimal.Decimal("2.205")),
        "base64": [base64.b64encode(b"hello").decode(), base64.b64decode("aGVsbG8=").decode()],
        "hashlib": [hashlib.sha256(b"abc").hexdigest()[:16], hashlib.md5(b"abc").hexdigest()[:16]],
        "collections": [collections.Counter("abca").most_common(1), list(collections.OrderedDict(b=1, a=2))],
        "dataclasses": dataclasses.asdict(Order(7, ["x"])),
        "typing": typing.Optional[int].__args__[0].__name__,
        "enum": [Color.RED.name, Color(1).value],
        "itertools": list(itertools.islice(itertools.count(5), 3)),
        "functools": [functools.reduce(lambda a, b: a * b, [1, 2, 3, 4]), functools.lru_cache(maxsize=2)(abs)(-3)],
        "traceback": formatted,
        "urllib.parse": [urllib.parse.quote("a b&c"), urllib.parse.urlparse("https://h/p?q=1").query, urllib.parse.parse_qs("a=1&a=2")],
    }

"""Records what CPython 3.11 raises for each case of syntax_errors.json (each case's "cpython").

Run by hand with a CPython 3.11, never by the tests:
    python3.11 record_syntax_errors.py [SOURCE...]
re-records every case, adding each SOURCE given as a new case. "cpython" is
[type, msg, lineno, offset, end_lineno, end_offset, text] of the SyntaxError that importing
the source as lambda_function.py raises (its bytes compiled under the file's path, as importlib
does), or null when the source compiles.
"""

import json
import os
import platform
import sys
import tempfile

if sys.version_info[:2] != (3, 11):
    sys.exit("needs CPython 3.11, not %s" % sys.version)

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "syntax_errors.json")


def record(source):
    # as the runtime's import does (importlib's SourceLoader): the file's bytes compiled under its
    # path, which lets CPython read the line of a compiler error back from the file
    with tempfile.TemporaryDirectory() as task:
        path = os.path.join(task, "lambda_function.py")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(source)
        with open(path, "rb") as f:
            data = f.read()
        try:
            compile(data, path, "exec", dont_inherit=True)
        except SyntaxError as e:
            return [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, e.text]
    return None


def main():
    with open(PATH, encoding="utf-8") as f:
        data = json.load(f)
    sources = [case["source"] for case in data["cases"]]
    sources = list(dict.fromkeys(sources + sys.argv[1:]))
    version = "%s %s" % (platform.python_implementation(), platform.python_version())
    lines = [
        '{"recorded_with": %s,' % json.dumps(version),
        ' "cases": [',
        ",\n".join(
            "  " + json.dumps({"source": s, "cpython": record(s)}, ensure_ascii=False)
            for s in sources
        ),
        " ]}",
    ]
    with open(PATH, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


main()

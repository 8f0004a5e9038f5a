"""`/var/runtime/bootstrap.py` of the StepLab Lambda sandbox.

It mirrors awslambdaric's `bootstrap.py` (`_get_handler`, `make_error`, `log_error`,
`handle_event_request`, `_setup_logging`) so that payloads, tracebacks and logs come out of the same
code paths as on AWS's Python runtimes (python3.11 recorded; 3.12–3.14 per `_set_python_version`). The host (Rust) calls `init` once per cold start and
`invoke` once per event; both return a JSON document describing the outcome, and `take_log` drains
what the function wrote. Before anything else it installs the sandbox shims: the `posix` module,
a clock with a virtual offset (so `time.sleep` never blocks), the pure-Python `datetime`.
"""

import sys

import _steplab_fs
import _steplab_host
import _steplab_logging
import _steplab_posix
import _steplab_socket
import time as _time

# ---------------------------------------------------------------- log sink

_LOG = []


def take_log():
    text = "".join(_LOG)
    _LOG.clear()
    return text


class _LogStream(object):
    """stdout/stderr of the function: both end up in the function's log, verbatim."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        _LOG.append(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False


class _TelemetryLogSink(object):
    """awslambdaric's FramedTelemetryLogSink: one frame per call, as the console shows them."""

    def log(self, msg, frame_type=None):
        _LOG.append(msg)

    def log_error(self, message_lines):
        # frames are joined with "\n" and carry no final newline: the console glues the next line on
        _LOG.append("\n".join(message_lines))


_LOG_SINK = _TelemetryLogSink()

# ---------------------------------------------------------------- clock

_BOOT_NS = _steplab_host.now_ns()
# the deadline of the running invoke, in host nanoseconds (None outside an invoke)
_deadline_ns = None


class _SandboxTimeout(BaseException):
    """Raised into the function when it outlives its timeout; the host reports Sandbox.Timedout."""


def _clock_time():
    return _steplab_host.now_ns() / 1e9


def _clock_time_ns():
    return _steplab_host.now_ns()


def _clock_monotonic_ns():
    # CPython's monotonic clock counts from boot; the sandbox booted a moment before INIT
    return _steplab_host.now_ns() - _BOOT_NS + 1_000_000_000


def _clock_monotonic():
    return _clock_monotonic_ns() / 1e9


def _clock_sleep(secs):
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    ns = int(secs * 1e9)
    if _deadline_ns is not None and _steplab_host.now_ns() + ns >= _deadline_ns:
        _steplab_host.sleep_ns(max(0, _deadline_ns - _steplab_host.now_ns()))
        raise _SandboxTimeout()
    _steplab_host.sleep_ns(ns)


class _BuiltinFunction(object):
    """A callable that, like CPython's built-in functions, does not bind as a method
    (`logging.Formatter.converter = time.gmtime` must keep working)."""

    __slots__ = ("_function", "__name__", "__qualname__")

    def __init__(self, function, name):
        self._function = function
        self.__name__ = name
        self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    def __repr__(self):
        return "<built-in function %s>" % self.__name__


def _install_clock():
    t = _time
    gmtime = t.gmtime
    asctime = t.asctime
    strftime = t.strftime

    def _gmtime(secs=None):
        return gmtime(_clock_time() if secs is None else secs)

    def _asctime(tm=None):
        return asctime(_gmtime() if tm is None else tm)

    def _ctime(secs=None):
        return asctime(_gmtime(secs))

    def _strftime(fmt, tm=None):
        return strftime(fmt, _gmtime() if tm is None else tm)

    def _mktime(tm):
        import calendar

        return float(calendar.timegm(tuple(tm)))

    replacements = {
        "time": _clock_time,
        "time_ns": _clock_time_ns,
        "monotonic": _clock_monotonic,
        "monotonic_ns": _clock_monotonic_ns,
        "perf_counter": _clock_monotonic,
        "perf_counter_ns": _clock_monotonic_ns,
        "process_time": _clock_monotonic,
        "process_time_ns": _clock_monotonic_ns,
        "thread_time": _clock_monotonic,
        "thread_time_ns": _clock_monotonic_ns,
        "sleep": _clock_sleep,
        # Lambda runs with TZ=:UTC, so local time is UTC
        "gmtime": _gmtime,
        "localtime": _gmtime,
        "asctime": _asctime,
        "ctime": _ctime,
        "strftime": _strftime,
        "mktime": _mktime,
    }
    for name, function in replacements.items():
        setattr(t, name, _BuiltinFunction(function, name))
    t.timezone = 0
    t.altzone = 0
    t.daylight = 0
    t.tzname = ("UTC", "UTC")


# ---------------------------------------------------------------- sandbox shims


def _install_shims():
    _install_clock()
    if "posix" not in sys.builtin_module_names:
        sys.builtin_module_names = tuple(sorted(sys.builtin_module_names + ("posix",)))
    sys.modules["posix"] = _steplab_posix
    sys.modules["_socket"] = _steplab_socket
    # the native _datetime reads the host clock directly; the pure-Python one uses time.time()
    sys.modules["_datetime"] = None
    import _io
    import builtins

    # `io` takes `open` from `_io` when it is imported (not before the function needs it: `io`
    # imports `abc` and `_collections_abc`, a sixth of an interpreter's start)
    builtins.open = _io.open = _steplab_fs.open
    stream = _LogStream()
    sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = stream
    # Lambda runs on Linux (RustPython on wasm32 says "unknown", which sends modules such as
    # uuid down other paths than on AWS)
    sys.platform = "linux"
    sys.argv = ["/var/runtime/bootstrap.py"]
    _set_python_version(11)


# the minor version of the function's runtime (python3.11 until `init` says otherwise)
_PYTHON_MINOR = 11

class _VersionInfo(tuple):
    """`sys.version_info` of the function's runtime (CPython's type cannot be instantiated)."""

    __slots__ = ()
    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])

    def __repr__(self):
        return (
            "sys.version_info(major=%d, minor=%d, micro=%d, releaselevel=%r, serial=%d)" % self
        )


class _RemovedModuleFinder(object):
    """Refuses the modules the function's Python version removed, as CPython does: its import
    system finds no such module (`ModuleNotFoundError: No module named 'cgi'`)."""

    removed = frozenset()

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname.split(".")[0] in cls.removed:
            raise ModuleNotFoundError("No module named %r" % fullname, name=fullname)
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


class _StdlibSourceLoader(object):
    """Runs a standard-library module kept as source, compiled when it is first imported."""

    def __init__(self, source):
        self.source = source

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        # named as the frozen modules are (`email.utils`): tracebacks place it in /var/lang/lib
        exec(compile(self.source, module.__name__, "exec", dont_inherit=True), module.__dict__)


class _StdlibSourceFinder(object):
    """Finds the standard-library modules StepLab keeps as source instead of bytecode
    (`stdlib.txt`'s `[source]` part), right after the frozen ones."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _steplab_host.stdlib_source(fullname)
        if found is None:
            return None
        source, package = found
        machinery = sys.modules["_frozen_importlib"]
        spec = machinery.ModuleSpec(fullname, _StdlibSourceLoader(source), is_package=package)
        if package:
            spec.submodule_search_locations = []
        return spec

    @classmethod
    def invalidate_caches(cls):
        pass


def _install_stdlib_source_finder():
    frozen = sys.modules["_frozen_importlib"].FrozenImporter
    if _StdlibSourceFinder not in sys.meta_path:
        place = sys.meta_path.index(frozen) + 1 if frozen in sys.meta_path else len(sys.meta_path)
        sys.meta_path.insert(place, _StdlibSourceFinder)


_install_stdlib_source_finder()


def _set_python_version(minor, removed=()):
    """What a handler sees of its runtime's Python version: `sys.version_info` (major and minor of
    the runtime; the micro version AWS runs changes with its runtime updates and is not known here,
    so it is 0), `sys.version` naming RustPython, the interpreter's paths on Lambda, the modules
    the version removed, and the response's JSON rules."""
    global _PYTHON_MINOR
    _PYTHON_MINOR = minor
    v = "3.%d" % minor
    sys.version_info = _VersionInfo((3, minor, 0, "final", 0))
    sys.hexversion = 0x030000F0 | (minor << 16)
    sys.version = "%s.0 (StepLab: RustPython 0.6 in place of CPython %s)" % (v, v)
    sys.executable = "/var/lang/bin/python" + v
    # python3.11's recorded order; the 3.12+ runtimes are assumed to keep it with their version
    sys.path[:] = [
        "/var/task",
        "/opt/python/lib/python%s/site-packages" % v,
        "/opt/python",
        "/var/runtime",
        "/var/lang/lib/python3%d.zip" % minor,
        "/var/lang/lib/python" + v,
        "/var/lang/lib/python%s/lib-dynload" % v,
        "/var/lang/lib/python%s/site-packages" % v,
        "/opt/python/lib/python%s/site-packages" % v,
    ]
    # the modules the version removed (steplab_function::removed_modules): none is in StepLab's
    # frozen library, but a module RustPython has must still be refused on those versions
    _RemovedModuleFinder.removed = frozenset(removed)
    if removed and _RemovedModuleFinder not in sys.meta_path:
        # before the standard library's finders only: the function's own `cgi.py` still imports
        # (the /var/task finder goes first), as it does on CPython 3.13
        frozen = sys.modules["_frozen_importlib"].FrozenImporter
        place = sys.meta_path.index(frozen) if frozen in sys.meta_path else 0
        sys.meta_path.insert(place, _RemovedModuleFinder)
    for name in removed:
        sys.modules.pop(name, None)
    # awslambdaric's Encoder: `ensure_ascii=False` for python3.12 and later (see _steplab_marshal)
    _steplab_marshal.ENSURE_ASCII = minor < 12


import _steplab_marshal  # noqa: E402

_install_shims()

# ---------------------------------------------------------------- /var/task importer

_TASK_ROOT = "/var/task"
_TASK_FILES = {}



class _TaskLoader(object):
    def __init__(self, path, source, package=False):
        self.path = path
        self.source = source
        self.package = package

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        if self.source is None:
            return  # a namespace package: a folder without __init__.py
        # compiled as CPython 3.11 compiles it: its SyntaxError, worded and placed as 3.11's, for
        # code that 3.11 rejects (RustPython is a 3.14; syntax.rs)
        code = _steplab_host.compile_module(self.source, self.path, _PYTHON_MINOR)
        exec(code, module.__dict__)

    def get_source(self, fullname):
        return self.source

    def get_filename(self, fullname):
        return self.path

    def is_package(self, fullname):
        return self.package


def _task_dirs():
    """The folders of /var/task that hold a file of the package."""
    dirs = set()
    for path in _TASK_FILES:
        folder = path.rsplit("/", 1)[0]
        while folder.startswith(_TASK_ROOT + "/"):
            dirs.add(folder)
            folder = folder.rsplit("/", 1)[0]
    return dirs


class _TaskFinder(object):
    """Serves the function's files (`/var/task/**.py`) from the editor instead of a disk: a
    module `m.py`, a package `pkg/__init__.py` and its submodules, and a folder without
    `__init__.py` as a namespace package, as the path finder finds them in /var/task."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if path is None:
            roots = [_TASK_ROOT]
        else:
            roots = [p for p in path if p == _TASK_ROOT or p.startswith(_TASK_ROOT + "/")]
        name = fullname.rpartition(".")[2]
        machinery = sys.modules["_frozen_importlib"]
        for root in roots:
            folder = root + "/" + name
            for filename, package in ((folder + "/__init__.py", True), (folder + ".py", False)):
                source = _TASK_FILES.get(filename)
                if source is None:
                    continue
                spec = machinery.ModuleSpec(
                    fullname, _TaskLoader(filename, source, package), origin=filename,
                    is_package=package,
                )
                if package:
                    spec.submodule_search_locations = [folder]
                spec.has_location = True
                cached = "%s/__pycache__/%s.cpython-3%d.pyc"
                stem = "__init__" if package else name
                spec.cached = cached % (folder if package else root, stem, _PYTHON_MINOR)
                return spec
        for root in roots:
            folder = root + "/" + name
            if folder in _task_dirs():
                spec = machinery.ModuleSpec(
                    fullname, _TaskLoader(None, None, True), origin=None, is_package=True
                )
                spec.submodule_search_locations = [folder]
                return spec
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


def _source_line(filename, lineno):
    """The stripped source line of a frame; only the function's own files show theirs (the
    standard library's are bytecode, or source without its docstrings and comments)."""
    source = _TASK_FILES.get(filename)
    if source is None:
        return ""
    lines = source.splitlines()
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1].strip()
    return ""


# ---------------------------------------------------------------- errors (awslambdaric)


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


# sys.builtin_module_names of CPython 3.11 on Lambda's Amazon Linux 2
_BUILTIN_MODULE_NAMES = (
    "_abc", "_ast", "_codecs", "_collections", "_functools", "_imp", "_io", "_locale",
    "_operator", "_signal", "_sre", "_stat", "_string", "_symtable", "_thread", "_tokenize",
    "_tracemalloc", "_typing", "_warnings", "_weakref", "atexit", "builtins", "errno",
    "faulthandler", "gc", "itertools", "marshal", "posix", "pwd", "sys", "time", "xxsubtype",
)  # fmt: skip

_LAMBDA_UNHANDLED_EXCEPTION_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. To determine if the runtime has been updated, check the "
    "runtime version in the INIT_START log entry. If this error correlates with a change in the "
    "runtime version, you may be able to mitigate this error by temporarily rolling back to the "
    "previous runtime version. For more information, see "
    "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)

# the frames CPython 3.11's importlib puts above a module that fails while it is imported
_IMPORT_FRAMES = [
    '  File "/var/lang/lib/python3.11/importlib/__init__.py", line 126, in import_module\n'
    "    return _bootstrap._gcd_import(name[level:], package, level)\n",
    '  File "<frozen importlib._bootstrap>", line 1204, in _gcd_import\n',
]
_NESTED_IMPORT_FRAMES = [
    '  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load\n',
    '  File "<frozen importlib._bootstrap>", line 1147, in _find_and_load_unlocked\n',
    '  File "<frozen importlib._bootstrap>", line 690, in _load_unlocked\n',
    '  File "<frozen importlib._bootstrap_external>", line 940, in exec_module\n',
    '  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed\n',
]

_BOOTSTRAP_FILE = _source_line.__code__.co_filename


def _stdlib_path(filename):
    """Where a standard-library frame lives on Lambda (`/var/lang/lib/python3.11/...`)."""
    if filename.startswith("/") or filename.startswith("<"):
        return filename
    module = sys.modules.get(filename)
    is_package = module is not None and hasattr(module, "__path__")
    root = "/var/lang/lib/python3.%d/" % _PYTHON_MINOR
    if filename.split(".")[0] in ("boto3", "botocore"):
        # the SDK the python3.11 runtime bundles lives in /var/runtime
        root = "/var/runtime/"
    path = root + filename.replace(".", "/")
    return path + ("/__init__.py" if is_package else ".py")


def _extract(tb):
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return frames


def _format_frames(frames):
    """traceback.format_list of CPython 3.11 (no carets; recursion collapsed after 3 repeats)."""
    result = []
    last = None
    count = 0
    for filename, lineno, name in frames:
        if filename.startswith("_steplab_"):
            # the sandbox's shims stand in for built-in functions, which have no frames
            continue
        path = _stdlib_path(filename)
        line = _source_line(filename, lineno) if not filename.startswith("<") else ""
        text = '  File "%s", line %d, in %s\n' % (path, lineno, name)
        if line:
            text += "    %s\n" % line
        if last != (filename, lineno, name):
            if count > 3:
                count -= 3
                result.append(
                    "  [Previous line repeated %d more time%s]\n" % (count, "s" if count > 1 else "")
                )
            last = (filename, lineno, name)
            count = 0
        count += 1
        if count > 3:
            continue
        result.append(text)
    if count > 3:
        count -= 3
        result.append(
            "  [Previous line repeated %d more time%s]\n" % (count, "s" if count > 1 else "")
        )
    return result


def _invoke_trace(tb):
    """Frames of an exception raised by the handler, after dropping the bootstrap's own."""
    frames = _extract(tb)
    for i in range(len(frames)):
        if frames[i][0] != _BOOTSTRAP_FILE:
            frames = frames[i:]
            break
    else:
        frames = []
    return _format_frames(_without_import_machinery(frames))


def _is_import_machinery(filename):
    return (
        filename == _BOOTSTRAP_FILE
        or filename.startswith("<frozen importlib")
        or filename in ("importlib", "importlib._bootstrap", "importlib._bootstrap_external")
        or filename in ("_frozen_importlib", "_frozen_importlib_external")
    )


def _without_import_machinery(frames):
    """Replace RustPython's import frames by the ones CPython 3.11 shows for a nested import."""
    out = []
    pending_import = False
    for frame in frames:
        if _is_import_machinery(frame[0]):
            pending_import = True
            continue
        if pending_import and out:
            out.append(None)
        pending_import = False
        out.append(frame)
    return out


def _format_with_imports(frames):
    result = []
    chunk = []
    for frame in frames:
        if frame is None:
            result += _format_frames(chunk) + _NESTED_IMPORT_FRAMES
            chunk = []
        else:
            chunk.append(frame)
    return result + _format_frames(chunk)


def _init_trace(tb):
    """Frames of an exception raised by module-level code, as CPython's import_module shows them."""
    frames = _without_import_machinery(_extract(tb))
    while frames and frames[0] is None:
        frames = frames[1:]
    # the 3.12+ runtimes' importlib lives under their version; its line numbers there are not
    # recorded, so python3.11's are shown
    lib = "/var/lang/lib/python3.%d/" % _PYTHON_MINOR
    import_frames = [f.replace("/var/lang/lib/python3.11/", lib) for f in _IMPORT_FRAMES]
    return import_frames + _NESTED_IMPORT_FRAMES + _format_with_imports(frames)


def _message(value):
    """str(exception), with RustPython's wording brought back to CPython 3.11's where they differ."""
    text = str(value)
    if isinstance(value, RecursionError):
        # RustPython appends the (empty) place of the overflow: "maximum recursion depth exceeded "
        text = text.rstrip()
    return text


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _replace_line_indentation(line, indent_char, new_indent_char):
    count = 0
    for c in line:
        if c != indent_char:
            break
        count += 1
    return (new_indent_char * count) + line[count:]


def log_error(error_result, log_sink):
    if _LOG_FORMAT_JSON:
        log_sink.log_error([_steplab_logging.json_error_line(error_result, to_json)])
        return
    error_description = "[ERROR]"
    error_result_type = error_result.get("errorType")
    if error_result_type:
        error_description += " " + error_result_type
    error_result_message = error_result.get("errorMessage")
    if error_result_message:
        if error_result_type:
            error_description += ":"
        error_description += " " + error_result_message
    error_message_lines = [error_description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        error_message_lines += ["Traceback (most recent call last):"]
        for trace_element in stack_trace:
            if trace_element == "":
                error_message_lines += [""]
            else:
                for trace_line in trace_element.splitlines():
                    error_message_lines += [
                        _replace_line_indentation(trace_line, " ", "\u00a0")
                    ]
    log_sink.log_error(error_message_lines)


def to_json(obj):
    # json.dumps(obj) for the str/list/dict of an error result
    return _steplab_marshal.encode(obj)


# ---------------------------------------------------------------- handler resolution


def _make_fault_handler(fault):
    def result(*args):
        raise fault

    return result


def _get_handler(handler):
    import importlib

    try:
        (modname, fname) = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(
            FaultException.MALFORMED_HANDLER_NAME,
            "Bad handler '{}': {}".format(handler, str(e)),
        )

    try:
        if modname.split(".")[0] in _BUILTIN_MODULE_NAMES:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR,
            "Unable to import module '{}': {}".format(modname, str(e)),
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '{}': {}".format(modname, str(e)),
            trace,
        )

    try:
        request_handler = getattr(m, fname)
    except AttributeError:
        fault = FaultException(
            FaultException.HANDLER_NOT_FOUND,
            "Handler '{}' missing on module '{}'".format(fname, modname),
            None,
        )
        request_handler = _make_fault_handler(fault)
    return request_handler


# ---------------------------------------------------------------- logging


_GLOBAL_AWS_REQUEST_ID = None
# AWS_LAMBDA_LOG_FORMAT is JSON (read by `init`; the formats are in `_steplab_logging`)
_LOG_FORMAT_JSON = False

_AWS_LAMBDA_LOG_LEVELS = {
    "TRACE": "DEBUG",
    "DEBUG": "DEBUG",
    "INFO": "INFO",
    "WARN": "WARNING",
    "ERROR": "ERROR",
    "FATAL": "CRITICAL",
}


class _LoggingSetupFinder(object):
    """Runs `_setup_logging` the moment `logging` is first imported.

    awslambdaric sets up logging before the function's module runs; importing `logging` (and the
    `re`, `string`, `threading`, `traceback` it pulls in) is the largest part of a cold start on
    RustPython, so the sandbox does it when the function (or a module it uses) asks for `logging`.
    The function cannot tell the difference: the Lambda handler is installed before the import
    statement returns.
    """

    log_level = None
    log_sink = None

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != "logging":
            return None
        sys.meta_path.remove(cls)
        frozen = sys.modules["_frozen_importlib"].FrozenImporter
        spec = frozen.find_spec(fullname)
        if spec is None:
            return None
        spec.loader = _LoggingLoader(frozen, spec)
        return spec


class _LoggingLoader(object):
    def __init__(self, loader, spec):
        self.loader = loader
        self.spec = spec

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _setup_logging(_LoggingSetupFinder.log_level, _LoggingSetupFinder.log_sink)


def _setup_logging_on_import(log_level, log_sink):
    if "logging" in sys.modules:
        _setup_logging(log_level, log_sink)
        return
    _LoggingSetupFinder.log_level = log_level
    _LoggingSetupFinder.log_sink = log_sink
    sys.meta_path.insert(0, _LoggingSetupFinder)


def _setup_logging(log_level, log_sink):
    import logging

    class LambdaLoggerHandler(logging.Handler):
        def __init__(self, log_sink):
            logging.Handler.__init__(self)
            self.log_sink = log_sink

        def emit(self, record):
            msg = self.format(record)
            self.log_sink.log(msg)

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _GLOBAL_AWS_REQUEST_ID or ""
            return True

    logging.Formatter.converter = _time.gmtime
    logger = logging.getLogger()
    logger_handler = LambdaLoggerHandler(log_sink)
    if _LOG_FORMAT_JSON:
        logger_handler.setFormatter(_steplab_logging.make_json_formatter())
    else:
        logger_handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                "%Y-%m-%dT%H:%M:%S",
            )
        )
    if log_level in _AWS_LAMBDA_LOG_LEVELS:
        logger.setLevel(_AWS_LAMBDA_LOG_LEVELS[log_level])
    logger_handler.addFilter(LambdaLoggerFilter())
    logger.addHandler(logger_handler)


# ---------------------------------------------------------------- host entry points

_request_handler = None


def _outcome(outcome, payload="", error_type=None, exit_code=None):
    return _steplab_marshal.encode(
        {"outcome": outcome, "payload": payload, "errorType": error_type, "exitCode": exit_code}
    )


def _exit_code(e):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    _LOG.append(str(code) + "\n")
    return 1


def _uncaught(exc_info):
    """A BaseException the runtime does not catch (KeyboardInterrupt, GeneratorExit, …) ends the
    process as CPython does: the traceback on stderr, exit status 1."""
    etype, value, tb = exc_info
    frames = _extract(tb)
    while frames and frames[0][0] == _BOOTSTRAP_FILE:
        frames = frames[1:]
    lines = ["Traceback (most recent call last):\n"] + _format_frames(frames)
    message = _message(value)
    lines.append("%s: %s\n" % (etype.__name__, message) if message else etype.__name__ + "\n")
    _LOG.append("".join(lines))
    return 1


def init(config_json):
    """INIT: environment, logging, then the handler module's top-level code."""
    global _request_handler, _LOG_FORMAT_JSON
    config = _steplab_marshal.loads(config_json)
    minor = int(config.get("runtime", "python3.11")[len("python3.") :])
    _set_python_version(minor, config.get("removed_modules", ()))
    environ = _steplab_posix.environ
    environ.clear()
    for key, value in config["environment"]:
        environ[key.encode("utf-8", "surrogateescape")] = value.encode("utf-8", "surrogateescape")
    for path, source in config["files"]:
        _TASK_FILES[path] = source
        _steplab_fs.FILES[path] = source.encode("utf-8")
    _steplab_fs.DIRS.update(_task_dirs())
    _import_tmp(config.get("tmp"))
    if _TaskFinder not in sys.meta_path:
        sys.meta_path.insert(0, _TaskFinder)

    _LOG_FORMAT_JSON = _steplab_logging.is_json(_steplab_posix.getenv_str("AWS_LAMBDA_LOG_FORMAT"))
    error_result = None
    try:
        _setup_logging_on_import(_steplab_posix.getenv_str("AWS_LAMBDA_LOG_LEVEL"), _LOG_SINK)
        _request_handler = _get_handler(_steplab_posix.getenv_str("_HANDLER"))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
    except SystemExit as e:
        return _outcome("exit", exit_code=_exit_code(e))
    except _SandboxTimeout:
        return _outcome("timeout")
    except Exception:
        etype, value, tb = sys.exc_info()
        error_result = make_error(_message(value), etype.__name__, _init_trace(tb))
    except BaseException:
        return _outcome("exit", exit_code=_uncaught(sys.exc_info()))

    if error_result is not None:
        import logging

        logging.warning(_LAMBDA_UNHANDLED_EXCEPTION_WARNING)
        log_error(error_result, _LOG_SINK)
        return _outcome("error", to_json(error_result), error_result["errorType"])
    return _outcome("ok")


def export_tmp():
    """The contents of /tmp, which outlive a reset environment (bytes carried as latin-1 text)."""
    fs = _steplab_fs
    return _steplab_marshal.encode(
        {
            "dirs": sorted(d for d in fs.DIRS if fs.writable(d)),
            "files": [[p, data.decode("latin-1")] for p, data in fs.FILES.items() if fs.writable(p)],
        }
    )


def _import_tmp(saved):
    if not saved:
        return
    _steplab_fs.DIRS.update(saved["dirs"])
    for path, text in saved["files"]:
        _steplab_fs.FILES[path] = text.encode("latin-1")


def set_deadline(deadline_ns):
    """Arms (or, with None, disarms) the timeout of the running phase."""
    global _deadline_ns
    _deadline_ns = deadline_ns
    return ""


def invoke(invoke_id, event_body, deadline_ms, invoked_function_arn, trace_id):
    """One event through the handler: handle_event_request of awslambdaric."""
    global _GLOBAL_AWS_REQUEST_ID
    from _steplab_context import LambdaContext

    _GLOBAL_AWS_REQUEST_ID = invoke_id
    _steplab_posix.setenv_str("_X_AMZN_TRACE_ID", trace_id)
    error_result = None
    try:
        try:
            lambda_context = LambdaContext(invoke_id, None, None, deadline_ms, invoked_function_arn)
            try:
                event = _steplab_marshal.loads(event_body)
            except Exception as e:
                raise FaultException(
                    FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None
                )
            response = _request_handler(event, lambda_context)
            if isinstance(response, bytes):
                result = response.decode("utf-8", "replace")
            else:
                try:
                    result = _steplab_marshal.encode(response)
                except Exception as e:
                    raise FaultException(
                        FaultException.MARSHAL_ERROR,
                        "Unable to marshal response: {}".format(str(e)),
                        None,
                    )
        except FaultException as e:
            error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
        except Exception:
            etype, value, tb = sys.exc_info()
            error_result = make_error(_message(value), etype.__name__, _invoke_trace(tb), invoke_id)
    except SystemExit as e:
        return _outcome("exit", exit_code=_exit_code(e))
    except _SandboxTimeout:
        return _outcome("timeout")
    except BaseException:
        return _outcome("exit", exit_code=_uncaught(sys.exc_info()))
    finally:
        _GLOBAL_AWS_REQUEST_ID = None

    if error_result is not None:
        log_error(error_result, _LOG_SINK)
        return _outcome("error", to_json(error_result), error_result["errorType"])
    return _outcome("ok", result)


# What every INIT needs whatever the function, imported while the interpreter boots (so that an
# interpreter booted ahead of need has it ready), as awslambdaric imports it before the function.
import importlib  # noqa: E402,F401
import _steplab_context  # noqa: E402,F401

"""The sandbox's file system, in memory.

As on Lambda: `/var/task` holds the function's files (read-only), `/tmp` is writable and survives
warm invokes of the same environment; other paths do not exist, and writing outside `/tmp` fails with
`[Errno 30] Read-only file system`. `open`, `io.open` and the `posix` functions that `os` and
`os.path` use read from here, and `os.open` hands out descriptors on it (for `tempfile`).
"""

# `_io` rather than `io` (the same classes): `io` imports `abc` and `_collections_abc`, which an
# interpreter's start does not need
import _io as io

ENOENT = 2
EBADF = 9
EEXIST = 17
ENOTDIR = 20
EISDIR = 21
EINVAL = 22
ENOTEMPTY = 39
EROFS = 30

_TEXT = {
    ENOENT: "No such file or directory",
    EBADF: "Bad file descriptor",
    EEXIST: "File exists",
    ENOTDIR: "Not a directory",
    EISDIR: "Is a directory",
    EINVAL: "Invalid argument",
    ENOTEMPTY: "Directory not empty",
    EROFS: "Read-only file system",
}

_EXCEPTIONS = {
    ENOENT: FileNotFoundError,
    EEXIST: FileExistsError,
    ENOTDIR: NotADirectoryError,
    EISDIR: IsADirectoryError,
}

# absolute path -> bytes
FILES = {}
DIRS = {"/", "/tmp", "/var", "/var/task", "/var/runtime", "/var/lang", "/opt"}

# descriptor -> _Descriptor (os.open, os.write, open(fd))
DESCRIPTORS = {}
_NEXT_DESCRIPTOR = [3]

WRITABLE_ROOT = "/tmp"
CWD = "/var/task"


def error(code, path=None):
    cls = _EXCEPTIONS.get(code, OSError)
    if path is None:
        return cls(code, _TEXT[code])
    return cls(code, _TEXT[code], path)


def _fspath(path):
    if isinstance(path, (str, bytes)):
        value = path
    elif hasattr(type(path), "__fspath__"):
        value = type(path).__fspath__(path)
    else:
        raise TypeError(
            "expected str, bytes or os.PathLike object, not %s" % type(path).__name__
        )
    return value


def absolute(path):
    value = _fspath(path)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    import posixpath  # imports os, which needs this module's `posix`: not at import time

    return posixpath.normpath(posixpath.join(CWD, value))


def writable(path):
    return path == WRITABLE_ROOT or path.startswith(WRITABLE_ROOT + "/")


def is_dir(path):
    return path in DIRS


def is_file(path):
    return path in FILES


def _dirname(path):
    return path.rsplit("/", 1)[0] or "/"


def check_parent(path):
    parent = _dirname(path)
    if parent in FILES:
        raise error(ENOTDIR, path)
    if parent not in DIRS:
        raise error(ENOENT, path)


class _Descriptor(object):
    __slots__ = ("path", "flags", "position")

    def __init__(self, path, flags):
        self.path = path
        self.flags = flags
        self.position = 0


def open_descriptor(path, flags):
    fd = _NEXT_DESCRIPTOR[0]
    _NEXT_DESCRIPTOR[0] += 1
    DESCRIPTORS[fd] = _Descriptor(path, flags)
    return fd


def children(path):
    prefix = path.rstrip("/") + "/"
    names = set()
    for entry in list(FILES) + list(DIRS):
        if entry != path and entry.startswith(prefix):
            names.add(entry[len(prefix):].split("/", 1)[0])
    return sorted(names)


class _MemoryFile(io.BytesIO):
    """A file's bytes; writes go back to the file system on flush and close."""

    def __init__(self, path, data, readable, writable, appending):
        io.BytesIO.__init__(self, data)
        self._path = path
        self._readable = readable
        self._writable = writable
        self._descriptor = None
        if appending:
            self.seek(0, 2)  # SEEK_END

    def readable(self):
        return self._readable

    def writable(self):
        return self._writable

    def read(self, *args):
        if not self._readable:
            raise io.UnsupportedOperation("read")
        return io.BytesIO.read(self, *args)

    def readline(self, *args):
        if not self._readable:
            raise io.UnsupportedOperation("read")
        return io.BytesIO.readline(self, *args)

    def write(self, data):
        if not self._writable:
            raise io.UnsupportedOperation("write")
        return io.BytesIO.write(self, data)

    def flush(self):
        if self._writable and not self.closed:
            FILES[self._path] = self.getvalue()

    def close(self):
        if not self.closed:
            self.flush()
            if self._descriptor is not None:
                DESCRIPTORS.pop(self._descriptor, None)
        io.BytesIO.close(self)

    def fileno(self):
        if self._descriptor is None:
            raise io.UnsupportedOperation("fileno")
        return self._descriptor


def open(
    file,
    mode="r",
    buffering=-1,
    encoding=None,
    errors=None,
    newline=None,
    closefd=True,
    opener=None,
):
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not %s" % type(mode).__name__)
    modes = set(mode)
    if modes - set("arwxbt+") or len(mode) > len(modes):
        raise ValueError("invalid mode: '%s'" % mode)
    creating = "x" in modes
    reading = "r" in modes
    writing = "w" in modes
    appending = "a" in modes
    updating = "+" in modes
    binary = "b" in modes
    if creating + reading + writing + appending != 1:
        raise ValueError("must have exactly one of create/read/write/append mode")
    if binary and "t" in modes:
        raise ValueError("can't have text and binary mode at once")
    if binary and encoding is not None:
        raise ValueError("binary mode doesn't take an encoding argument")
    if opener is not None and not isinstance(file, int):
        flags = _flags(reading, writing, appending, creating, updating)
        file_descriptor = opener(file, flags)
        if not isinstance(file_descriptor, int):
            raise TypeError("expected integer from opener")
        if file_descriptor < 0:
            raise ValueError("opener returned %d" % file_descriptor)
        raw = _open_descriptor(file_descriptor, mode, True, reading, updating, appending, None, None, None, True)
        raw.name = file
        if binary:
            return raw
        return _wrap(raw, file, mode, False, encoding, errors, newline)
    if isinstance(file, int):
        return _open_descriptor(file, mode, binary, reading, updating, appending, encoding, errors, newline, closefd)
    path = absolute(file)
    if is_dir(path):
        raise error(EISDIR, _fspath(file))
    if reading:
        if not is_file(path):
            raise error(ENOENT, _fspath(file))
        data = FILES[path]
        if updating and not writable(path):
            raise error(EROFS, _fspath(file))
    else:
        if not writable(path):
            raise error(EROFS if is_dir(_dirname(path)) else ENOENT, _fspath(file))
        check_parent(path)
        if creating and is_file(path):
            raise error(EEXIST, _fspath(file))
        data = FILES.get(path, b"") if appending or (reading and updating) else b""
        FILES[path] = data
    raw = _MemoryFile(
        path, data, reading or updating, not reading or updating, appending
    )
    return _wrap(raw, file, mode, binary, encoding, errors, newline)


def _flags(reading, writing, appending, creating, updating):
    """The os.open flags of an open() mode (O_RDONLY 0, O_WRONLY 1, O_RDWR 2, O_CREAT 64,
    O_EXCL 128, O_TRUNC 512, O_APPEND 1024, O_CLOEXEC 524288)."""
    flags = 2 if updating else (0 if reading else 1)
    if writing:
        flags |= 64 | 512
    if appending:
        flags |= 64 | 1024
    if creating:
        flags |= 64 | 128
    return flags | 524288


def _open_descriptor(fd, mode, binary, reading, updating, appending, encoding, errors, newline, closefd):
    entry = DESCRIPTORS.get(fd)
    if entry is None:
        raise error(EBADF)
    raw = _MemoryFile(
        entry.path,
        FILES.get(entry.path, b""),
        reading or updating,
        not reading or updating,
        appending,
    )
    if closefd:
        raw._descriptor = fd
    return _wrap(raw, fd, mode, binary, encoding, errors, newline)


def _wrap(raw, name, mode, binary, encoding, errors, newline):
    raw.name = name
    raw.mode = mode
    if binary:
        return raw
    text = io.TextIOWrapper(raw, encoding or "utf-8", errors, newline)
    try:
        text.mode = mode
    except AttributeError:
        pass
    return text

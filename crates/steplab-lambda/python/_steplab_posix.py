"""The `posix` module of the StepLab Lambda sandbox.

RustPython on wasm32 has no operating system underneath, so the real `os.py` runs on top of this
module: the environment (filled by the bootstrap), process facts as seen inside a Lambda sandbox,
randomness from the host, and the in-memory file system of `_steplab_fs` (`/var/task` read-only,
`/tmp` writable). Anything else raises `OSError` like an unsupported call.
"""

import _steplab_fs as _fs
import _steplab_host

error = OSError

# no fd-based or *at() variants: os.supports_dir_fd and friends stay empty
_have_functions = []

# bytes -> bytes, like CPython's posix.environ; os.environ wraps it
environ = {}

F_OK = 0
R_OK = 4
W_OK = 2
X_OK = 1
O_RDONLY = 0
O_WRONLY = 1
O_RDWR = 2
O_CREAT = 64
O_EXCL = 128
O_TRUNC = 512
O_APPEND = 1024
O_NONBLOCK = 2048
O_CLOEXEC = 524288
EX_OK = 0
WNOHANG = 1

_ERRNO_TEXT = {
    1: "Operation not permitted",
    2: "No such file or directory",
    9: "Bad file descriptor",
    13: "Permission denied",
    17: "File exists",
    20: "Not a directory",
    21: "Is a directory",
    22: "Invalid argument",
    30: "Read-only file system",
    38: "Function not implemented",
}


def strerror(code):
    return _ERRNO_TEXT.get(code, "Unknown error %d" % code)


def _missing(path):
    raise FileNotFoundError(2, strerror(2), path)


def _unsupported(*args, **kwargs):
    raise OSError(38, strerror(38))


def getenv_str(key):
    """`os.environ.get(key)` without importing `os` (the runtime's own reads)."""
    value = environ.get(key.encode("utf-8", "surrogateescape"))
    return None if value is None else value.decode("utf-8", "surrogateescape")


def setenv_str(key, value):
    """`os.environ[key] = value`; os.environ wraps this very dict, so it sees the change."""
    environ[key.encode("utf-8", "surrogateescape")] = value.encode("utf-8", "surrogateescape")


def _check_env(value):
    if not isinstance(value, (str, bytes)):
        raise TypeError("str expected, not %s" % type(value).__name__)


def putenv(key, value):
    _check_env(key)
    _check_env(value)


def unsetenv(key):
    _check_env(key)


def getcwd():
    return "/var/task"


def getcwdb():
    return b"/var/task"


def chdir(path):
    _missing(path)


# the sandbox user of the managed runtime (sbx_user1051)
def getuid():
    return 993


geteuid = getuid


def getgid():
    return 990


getegid = getgid


def getpid():
    return 8


def getppid():
    return 1


def getlogin():
    raise OSError(6, "No such device or address")


def cpu_count():
    return 2


def urandom(size):
    if size < 0:
        raise ValueError("negative argument not allowed")
    return _steplab_host.urandom(size)


class uname_result(tuple):
    n_fields = 5

    def __new__(cls, values):
        return tuple.__new__(cls, values)

    sysname = property(lambda self: self[0])
    nodename = property(lambda self: self[1])
    release = property(lambda self: self[2])
    version = property(lambda self: self[3])
    machine = property(lambda self: self[4])

    def __repr__(self):
        return (
            "posix.uname_result(sysname=%r, nodename=%r, release=%r, version=%r, machine=%r)"
            % tuple(self)
        )


def uname():
    return uname_result(
        ("Linux", "169.254.10.1", "5.10.240-258.955.amzn2.x86_64", "#1 SMP", "x86_64")
    )


class stat_result(tuple):
    n_sequence_fields = 10

    def __new__(cls, values):
        return tuple.__new__(cls, values)

    st_mode = property(lambda self: self[0])
    st_ino = property(lambda self: self[1])
    st_dev = property(lambda self: self[2])
    st_nlink = property(lambda self: self[3])
    st_uid = property(lambda self: self[4])
    st_gid = property(lambda self: self[5])
    st_size = property(lambda self: self[6])
    st_atime = property(lambda self: self[7])
    st_mtime = property(lambda self: self[8])
    st_ctime = property(lambda self: self[9])


def _stat(path):
    target = _fs.absolute(path)
    if _fs.is_dir(target):
        return stat_result((0o040755, 0, 0, 2, 0, 0, 4096, 0.0, 0.0, 0.0))
    if _fs.is_file(target):
        size = len(_fs.FILES[target])
        mode = 0o100644 if _fs.writable(target) else 0o100444
        return stat_result((mode, 0, 0, 1, getuid(), getgid(), size, 0.0, 0.0, 0.0))
    raise _fs.error(_fs.ENOENT, path)


def stat(path, *, dir_fd=None, follow_symlinks=True):
    if isinstance(path, int):
        return fstat(path)
    return _stat(path)


def lstat(path, *, dir_fd=None):
    return _stat(path)


def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
    target = _fs.absolute(path)
    if not (_fs.is_dir(target) or _fs.is_file(target)):
        return False
    return not (mode & W_OK) or _fs.writable(target)


def listdir(path="."):
    target = _fs.absolute(path)
    if _fs.is_file(target):
        raise _fs.error(_fs.ENOTDIR, path)
    if not _fs.is_dir(target):
        raise _fs.error(_fs.ENOENT, path)
    names = _fs.children(target)
    if isinstance(path, bytes):
        return [n.encode("utf-8", "surrogateescape") for n in names]
    return names


class DirEntry(object):
    def __init__(self, directory, name):
        self.name = name
        self.path = directory.rstrip("/") + "/" + name if directory not in (".", "") else name
        self._target = _fs.absolute(self.path)

    def is_dir(self, *, follow_symlinks=True):
        return _fs.is_dir(self._target)

    def is_file(self, *, follow_symlinks=True):
        return _fs.is_file(self._target)

    def is_symlink(self):
        return False

    def is_junction(self):
        return False

    def stat(self, *, follow_symlinks=True):
        return _stat(self._target)

    def inode(self):
        return 0

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry %r>" % self.name


class _ScandirIterator(object):
    def __init__(self, entries):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def close(self):
        self._entries = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def scandir(path="."):
    directory = path if isinstance(path, str) else _fs.absolute(path)
    return _ScandirIterator([DirEntry(directory, n) for n in listdir(path)])


def open(path, flags, mode=0o777, *, dir_fd=None):
    """A descriptor on a file of the in-memory file system (what `tempfile` uses)."""
    target = _fs.absolute(path)
    writing = flags & (O_WRONLY | O_RDWR)
    if _fs.is_dir(target):
        raise _fs.error(_fs.EISDIR, path)
    if flags & O_CREAT:
        if flags & O_EXCL and _fs.is_file(target):
            raise _fs.error(_fs.EEXIST, path)
        if not _fs.is_file(target):
            if not _fs.writable(target):
                raise _fs.error(_fs.EROFS, path)
            _fs.check_parent(target)
            _fs.FILES[target] = b""
    elif not _fs.is_file(target):
        raise _fs.error(_fs.ENOENT, path)
    if writing and not _fs.writable(target):
        raise _fs.error(_fs.EROFS, path)
    if writing and flags & O_TRUNC:
        _fs.FILES[target] = b""
    return _fs.open_descriptor(target, flags)


def _descriptor(fd):
    entry = _fs.DESCRIPTORS.get(fd)
    if entry is None:
        raise OSError(9, strerror(9))
    return entry


def close(fd):
    _descriptor(fd)
    del _fs.DESCRIPTORS[fd]


def write(fd, data):
    entry = _descriptor(fd)
    if not entry.flags & (O_WRONLY | O_RDWR):
        raise OSError(9, strerror(9))
    content = _fs.FILES.get(entry.path, b"")
    if entry.flags & O_APPEND:
        entry.position = len(content)
    data = bytes(data)
    start = entry.position
    _fs.FILES[entry.path] = content[:start].ljust(start, b"\0") + data + content[start + len(data):]
    entry.position = start + len(data)
    return len(data)


def read(fd, length):
    entry = _descriptor(fd)
    if entry.flags & O_WRONLY:
        raise OSError(9, strerror(9))
    content = _fs.FILES.get(entry.path, b"")
    data = content[entry.position:entry.position + length]
    entry.position += len(data)
    return data


def lseek(fd, position, how):
    entry = _descriptor(fd)
    base = {0: 0, 1: entry.position, 2: len(_fs.FILES.get(entry.path, b""))}.get(how)
    if base is None or base + position < 0:
        raise OSError(22, strerror(22))
    entry.position = base + position
    return entry.position


def fstat(fd):
    return _stat(_descriptor(fd).path)


def ftruncate(fd, length):
    entry = _descriptor(fd)
    content = _fs.FILES.get(entry.path, b"")
    _fs.FILES[entry.path] = content[:length].ljust(length, b"\0")


def mkdir(path, mode=0o777, *, dir_fd=None):
    target = _fs.absolute(path)
    if _fs.is_dir(target) or _fs.is_file(target):
        raise _fs.error(_fs.EEXIST, path)
    if not _fs.writable(target):
        raise _fs.error(_fs.EROFS, path)
    _fs.check_parent(target)
    _fs.DIRS.add(target)


def rmdir(path, *, dir_fd=None):
    target = _fs.absolute(path)
    if not _fs.is_dir(target):
        raise _fs.error(_fs.ENOTDIR if _fs.is_file(target) else _fs.ENOENT, path)
    if not _fs.writable(target) or target == _fs.WRITABLE_ROOT:
        raise _fs.error(_fs.EROFS, path)
    if _fs.children(target):
        raise _fs.error(_fs.ENOTEMPTY, path)
    _fs.DIRS.discard(target)


def unlink(path, *, dir_fd=None):
    target = _fs.absolute(path)
    if _fs.is_dir(target):
        raise _fs.error(_fs.EISDIR, path)
    if not _fs.is_file(target):
        raise _fs.error(_fs.ENOENT, path)
    if not _fs.writable(target):
        raise _fs.error(_fs.EROFS, path)
    del _fs.FILES[target]


remove = unlink


def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    source = _fs.absolute(src)
    target = _fs.absolute(dst)
    if not _fs.is_file(source):
        raise _fs.error(_fs.ENOENT, src)
    if not (_fs.writable(source) and _fs.writable(target)):
        raise _fs.error(_fs.EROFS, src)
    _fs.check_parent(target)
    _fs.FILES[target] = _fs.FILES.pop(source)


replace = rename


def readlink(path, *, dir_fd=None):
    _missing(path)


def umask(mask):
    return 0o022


def isatty(fd):
    return False


def get_terminal_size(fd=1):
    raise OSError(25, "Inappropriate ioctl for device")


def _exit(code):
    raise SystemExit(code)


def kill(pid, sig):
    raise PermissionError(1, strerror(1))


def times():
    return (0.0, 0.0, 0.0, 0.0, 0.0)


def register_at_fork(*, before=None, after_in_child=None, after_in_parent=None):
    pass


def waitstatus_to_exitcode(status):
    return status >> 8


system = _unsupported
fork = _unsupported
execv = _unsupported
pipe = _unsupported
dup = _unsupported
chmod = _unsupported
utime = _unsupported
truncate = _unsupported
symlink = _unsupported
link = _unsupported

"""`_socket` of the StepLab Lambda sandbox: the browser has no sockets.

Names resolve nowhere and connections do not leave the machine, so network code fails the way it
does on a machine without a network: `socket.gaierror: [Errno -3] Temporary failure in name
resolution` for host names, `[Errno 101] Network is unreachable` for addresses.
"""

AF_UNSPEC = 0
AF_UNIX = 1
AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
SOCK_NONBLOCK = 2048
SOCK_CLOEXEC = 524288
SOL_SOCKET = 1
SO_REUSEADDR = 2
SO_KEEPALIVE = 9
SO_BROADCAST = 6
SO_RCVBUF = 8
SO_SNDBUF = 7
SO_ERROR = 4
SOL_TCP = 6
SOL_UDP = 17
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_IPV6 = 41
IPV6_V6ONLY = 26
TCP_NODELAY = 1
TCP_KEEPIDLE = 4
TCP_KEEPINTVL = 5
TCP_KEEPCNT = 6
MSG_PEEK = 2
MSG_DONTWAIT = 64
MSG_WAITALL = 256
AI_PASSIVE = 1
AI_CANONNAME = 2
AI_NUMERICHOST = 4
AI_NUMERICSERV = 1024
NI_NUMERICHOST = 1
NI_NUMERICSERV = 2
EAI_AGAIN = -3
EAI_NONAME = -2
SHUT_RD = 0
SHUT_WR = 1
SHUT_RDWR = 2
INADDR_ANY = 0
SOMAXCONN = 4096
has_ipv6 = True

error = OSError
timeout = TimeoutError


class herror(OSError):
    pass


class gaierror(OSError):
    pass


_default_timeout = None


def _unresolvable():
    return gaierror(EAI_AGAIN, "Temporary failure in name resolution")


def _is_address(host):
    if not isinstance(host, str):
        return False
    parts = host.split(".")
    if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
        return True
    return ":" in host


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    if isinstance(host, bytes):
        host = host.decode("idna")
    if host is None or host in ("localhost",) or _is_address(host):
        address = "127.0.0.1" if host in (None, "localhost") else host
        family = family or (AF_INET6 if ":" in address else AF_INET)
        sockaddr = (address, int(port or 0)) if family == AF_INET else (address, int(port or 0), 0, 0)
        return [(family, type or SOCK_STREAM, proto or IPPROTO_TCP, "", sockaddr)]
    raise _unresolvable()


def gethostname():
    return "169.254.10.1"


def gethostbyname(host):
    if _is_address(host):
        return host
    if host == "localhost":
        return "127.0.0.1"
    raise _unresolvable()


def gethostbyname_ex(host):
    return (host, [], [gethostbyname(host)])


def gethostbyaddr(address):
    raise herror(1, "Unknown host")


def getnameinfo(sockaddr, flags):
    return (sockaddr[0], str(sockaddr[1]))


def getfqdn(name=""):
    return name or gethostname()


def getdefaulttimeout():
    return _default_timeout


def setdefaulttimeout(value):
    global _default_timeout
    _default_timeout = value


def getservbyname(name, proto=None):
    ports = {"http": 80, "https": 443, "ftp": 21, "smtp": 25}
    if name in ports:
        return ports[name]
    raise OSError("service/proto not found")


def htons(x):
    return ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)


ntohs = htons


def htonl(x):
    return int.from_bytes(x.to_bytes(4, "little"), "big")


ntohl = htonl


def inet_aton(address):
    if not _is_address(address) or ":" in address:
        raise OSError("illegal IP address string passed to inet_aton")
    return bytes(int(p) for p in address.split("."))


def inet_ntoa(packed):
    return ".".join(str(b) for b in packed)


def socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0):
    raise OSError(97, "Address family not supported by protocol")


_next_fd = [3]


class socket(object):
    __slots__ = ("_family", "_type", "_proto", "_timeout", "_fd", "_sock_closed")

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        self._family = AF_INET if family == -1 else family
        self._type = SOCK_STREAM if type == -1 else type
        self._proto = 0 if proto == -1 else proto
        self._timeout = _default_timeout
        self._sock_closed = False
        self._fd = _next_fd[0]
        _next_fd[0] += 1

    family = property(lambda self: self._family)
    type = property(lambda self: self._type)
    proto = property(lambda self: self._proto)
    timeout = property(lambda self: self._timeout)

    def fileno(self):
        return -1 if self._sock_closed else self._fd

    def detach(self):
        fd = self.fileno()
        self._sock_closed = True
        return fd

    def close(self):
        self._sock_closed = True

    def settimeout(self, value):
        self._timeout = value

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0

    def getblocking(self):
        return self._timeout != 0.0

    def setsockopt(self, *args):
        pass

    def getsockopt(self, *args):
        return 0

    def connect(self, address):
        host = address[0]
        if not _is_address(host) and host != "localhost":
            raise _unresolvable()
        raise OSError(101, "Network is unreachable")

    def connect_ex(self, address):
        try:
            self.connect(address)
        except gaierror:
            raise
        except OSError as e:
            return e.errno
        return 0

    def bind(self, address):
        pass

    def listen(self, backlog=0):
        pass

    def accept(self):
        raise OSError(22, "Invalid argument")

    def _not_connected(self, *args, **kwargs):
        raise OSError(107, "Transport endpoint is not connected")

    send = sendall = sendto = recv = recv_into = recvfrom = recvfrom_into = _not_connected
    getpeername = shutdown = _not_connected

    def getsockname(self):
        return ("0.0.0.0", 0)

    def _accept(self):
        raise OSError(22, "Invalid argument")


SocketType = socket
CAPI = None

"""botocore.response.StreamingBody: the body of an S3 object or of a Lambda invoke's payload."""


class StreamingBody(object):
    """Wraps the bytes of a response body (read once, as from a socket)."""

    _DEFAULT_CHUNK_SIZE = 1024

    def __init__(self, raw_stream, content_length):
        if isinstance(raw_stream, (bytes, bytearray)):
            raw_stream = bytes(raw_stream)
        self._data = raw_stream
        self._pos = 0
        self._content_length = content_length
        self._amount_read = 0
        self.closed = False

    def __del__(self):
        pass

    def set_socket_timeout(self, timeout):
        pass

    def readable(self):
        return not self.closed

    def read(self, amt=None):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if amt is None or amt < 0:
            chunk = self._data[self._pos :]
        else:
            chunk = self._data[self._pos : self._pos + amt]
        self._pos += len(chunk)
        self._amount_read += len(chunk)
        return chunk

    def readinto(self, b):
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readlines(self):
        return self.read().splitlines(True)

    def __iter__(self):
        return self.iter_chunks(self._DEFAULT_CHUNK_SIZE)

    def __next__(self):
        current_chunk = self.read(self._DEFAULT_CHUNK_SIZE)
        if current_chunk:
            return current_chunk
        raise StopIteration()

    def __enter__(self):
        return self

    def __exit__(self, type, value, traceback):
        self.close()

    next = __next__

    def iter_lines(self, chunk_size=_DEFAULT_CHUNK_SIZE, keepends=False):
        pending = b""
        for chunk in self.iter_chunks(chunk_size):
            lines = (pending + chunk).splitlines(True)
            for line in lines[:-1]:
                yield line.splitlines(keepends)[0]
            pending = lines[-1]
        if pending:
            yield pending.splitlines(keepends)[0]

    def iter_chunks(self, chunk_size=_DEFAULT_CHUNK_SIZE):
        while True:
            current_chunk = self.read(chunk_size)
            if current_chunk == b"":
                break
            yield current_chunk

    def tell(self):
        return self._pos

    def close(self):
        self.closed = True

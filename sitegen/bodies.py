"""Bodies kept on disk rather than in memory while a build holds its records.

A record's packed body is most of what a build holds per article (1.7 KB of 8 at 10,000
articles), and every page a worker renders writes to the memory holding the objects it
reads (their reference counts), so a forked worker ends up with its own copy of the
bodies: at 100,000 articles a third of a gigabyte, twice. Once a build has a source's
records it moves their bodies (``sources.held``) to one temporary file of this process,
unlinked from the start, and keeps in each record a ``Spilled`` body: where in the file
it is. Reading it back is one ``pread`` from the page cache, which no process owns, and
workers forked later read the same file. A spilled body pickles (to the cache, to another
process) as the bytes it stands for, so nothing outside this process ever sees one.
"""

from __future__ import annotations

import errno
import os
import tempfile
import threading


class _File:
    """The append-only file of one process: opened when first needed, gone with it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fd: int | None = None
        self.pid = 0
        self.end = 0

    def append(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` at the end of the file; the file's descriptor and the offset."""
        with self.lock:
            if self.fd is None or self.pid != os.getpid():  # a forked child writes its own
                self.fd, name = tempfile.mkstemp(prefix="sitegen-bodies-")
                os.unlink(name)  # the file lives while this process holds it open
                self.pid, self.end = os.getpid(), 0
            offset = self.end
            if os.pwrite(self.fd, data, offset) != len(data):  # at a file size limit
                raise OSError(errno.EFBIG, "the body file cannot grow")
            self.end += len(data)
            return self.fd, offset


_file = _File()


class Spilled:
    """A packed body (``model.pack_body``) at ``offset`` in this process's body file; it
    compares, hashes and pickles as those bytes."""

    __slots__ = ("fd", "offset", "size")

    def __init__(self, data: bytes):
        self.fd, self.offset = _file.append(data)
        self.size = len(data)

    def __bytes__(self) -> bytes:
        return os.pread(self.fd, self.size, self.offset)

    def __len__(self) -> int:
        return self.size

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, Spilled | bytes):
            return len(other) == self.size and bytes(other) == bytes(self)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(bytes(self))

    def __reduce__(self):
        return bytes, (bytes(self),)

    def __repr__(self) -> str:
        return f"Spilled({self.size} bytes at {self.offset})"


def spilled(body: bytes | Spilled) -> bytes | Spilled:
    """``body`` moved to the body file, unless it is empty or there already. Where the
    file cannot grow (a full disk, a file size limit) it stays in memory: spilling saves
    memory, it is never why a build fails."""
    if not isinstance(body, bytes) or not body:
        return body
    try:
        return Spilled(body)
    except OSError:
        return body

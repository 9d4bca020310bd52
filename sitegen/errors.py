"""One error type for everything a user can cause, and a collector for many at once."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A located message: ``path:line: message`` (line 0 means the whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if not self.path:
            return self.message
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


class SitegenError(Exception):
    """A user-facing error: bad input, bad config, a broken template.

    It carries one or more problems; the CLI prints each as ``path:line: message``.
    """

    def __init__(self, message: str = "", path: str = "", line: int = 0, *, problems=None):
        self.problems: tuple[Problem, ...] = (
            tuple(problems) if problems else (Problem(str(path), line, message),)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def path(self) -> str:
        return self.problems[0].path

    @property
    def line(self) -> int:
        return self.problems[0].line


class Problems:
    """Collects errors across a build so they can be reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, error: SitegenError) -> None:
        self.items.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise SitegenError(problems=self.items)


class OutputError(OSError):
    """The new site could not be written beside the output (a full or read-only device,
    a file size limit): ``filename`` is the output folder, which still holds the old site."""


def unexpected(err: Exception) -> str:
    """One line on an error no check foresaw, with what to do about it."""
    if isinstance(err, OutputError):
        return f"cannot write the site to {err.filename}: {err.strerror}; nothing was changed there"
    if isinstance(err, OSError) and err.filename:
        what = f"{err.strerror or err}: {err.filename}"
        if isinstance(err, FileExistsError | NotADirectoryError):
            return f"a file is in the way of the folder {err.filename}; choose another path"
        if isinstance(err, PermissionError | IsADirectoryError):
            return f"cannot write or read {err.filename} ({err.strerror}); choose another path"
        if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # a page written in place
            return (
                f"cannot write {err.filename} ({err.strerror}): make room and build again, "
                "which repairs the output"
            )
        return what
    detail = str(err) or type(err).__name__
    return (
        f"{type(err).__name__}: {detail} (a bug in sitegen: run again with --debug for the "
        "traceback, and report it)"
    )

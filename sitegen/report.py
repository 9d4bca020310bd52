"""What a build tells its user: plain lines in logs, a progress bar on a terminal."""

from __future__ import annotations

import sys
from typing import TextIO


class Reporter:
    """Prints milestones; shows progress as a bar on a terminal, as a few lines otherwise."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self._last_step = -1
        self.errors = 0  # errors reported (a run that kept going past them)

    def info(self, message: str) -> None:
        if not self.quiet:
            self._clear()
            print(message, file=self.stream, flush=True)

    def error(self, message: str) -> None:
        self.errors += 1
        self._clear()
        print(f"error: {message}", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        if self.quiet:
            return
        self._clear()
        print(f"warning: {message}", file=self.stream, flush=True)

    def progress(self, label: str, done: int, total: int) -> None:
        """Report ``done`` of ``total``; in logs only each quarter of a long job gets a line."""
        if self.quiet or total < 200:
            return
        if self.tty:
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done == total else ""
            print(f"\r{label} [{bar}] {done}/{total}", end=end, file=self.stream, flush=True)
            return
        step = 4 * done // total
        if step != self._last_step and done:
            self._last_step = step
            print(f"{label}: {done}/{total}", file=self.stream, flush=True)
        if done == total:
            self._last_step = -1

    def _clear(self) -> None:
        if self.tty:
            print("\r\033[K", end="", file=self.stream)

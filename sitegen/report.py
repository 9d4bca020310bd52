"""What a build tells its user: plain lines in logs, a progress bar on a terminal."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
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


@dataclass
class BuildReport:
    """What one build did: what it read, skipped, rendered and removed, and how long
    each stage took."""

    records: dict[str, int] = field(default_factory=dict)  # source -> records read
    skipped: list[str] = field(default_factory=list)
    media: list[Path] = field(default_factory=list)  # images and other files among the sources
    reread: list[str] = field(default_factory=list)  # sources read this time (not reused)
    restamped: list[str] = field(default_factory=list)  # sources touched, not changed
    rendered: list[str] = field(default_factory=list)  # output paths rendered this time
    hashed: int = 0  # pages whose inputs were hashed this time (the others could not change)
    pages: int = 0
    files: int = 0
    removed: list[str] = field(default_factory=list)  # output paths deleted this time
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in order
    search_stale: bool = False  # the search index was left behind the articles

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

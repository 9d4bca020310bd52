"""The only code that writes the site: guarded paths into a staging folder, then one swap.

A build writes into a fresh staging folder beside the output. Only when everything
succeeded does the staging folder replace the output folder, so a failed build leaves
the previous site as it was and pages that no longer exist disappear.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .errors import SitegenError


class OutputTree:
    """Writes files under one root; refuses paths outside it and writing one path twice."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.written: dict[str, str] = {}  # relative path -> what wrote it

    def target(self, relative: str) -> Path:
        """The guarded destination of a site-relative path."""
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or "\\" in relative or ".." in parts:
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        path = self.root.joinpath(*parts)
        if not path.resolve().is_relative_to(self.root):
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        return path

    def write(self, relative: str, data: bytes, origin: str = "") -> None:
        """Write ``data`` to ``relative``; two writers of one path are an error naming both."""
        if relative in self.written:
            raise SitegenError(
                f"two outputs for '{relative}': {self.written[relative]} and {origin}"
            )
        path = self.target(relative)
        self.written[relative] = origin
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def copy(self, relative: str, source: Path, origin: str = "") -> None:
        self.write(relative, source.read_bytes(), origin or str(source))


@contextmanager
def staged_output(output: Path):
    """Yield an OutputTree on a staging folder; publish it over ``output`` on success."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield OutputTree(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(staging, output)


def publish(staging: Path, output: Path) -> None:
    """Swap a finished staging folder in for the output folder."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        if not output.is_dir():
            raise SitegenError(f"output path exists and is not a folder: {output}")
        shutil.rmtree(old, ignore_errors=True)
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)

"""The only code that writes the site: guarded paths into a staging folder, then publish.

A build writes into a fresh staging folder beside the output. Only when everything
succeeded is it published, so a failed build leaves the previous site as it was:
- a full build's staging folder replaces the output folder in one swap;
- an incremental build's staging folder holds only the pages that changed; they are
  moved into the output, and files no page claims any more are deleted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import SitegenError


class OutputTree:
    """Writes files under one root; refuses paths outside it and writing one path twice.

    ``fresh``: the root is a folder this build just created, so no symlink inside it can
    lead out and checking each path's parts is enough (resolving every path costs more
    than writing it).
    """

    def __init__(self, root: Path, fresh: bool = False):
        self.root = root.resolve()
        self.fresh = fresh
        self.folders: set[Path] = set()  # folders known to exist
        self.written: dict[str, str] = {}  # relative path -> what wrote it
        self.kept: dict[str, str] = {}  # unchanged files the site still has, not rewritten

    def target(self, relative: str) -> Path:
        """The guarded destination of a site-relative path."""
        path = self.root.joinpath(*self._parts(relative))
        if not self.fresh and not path.resolve().is_relative_to(self.root):
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        return path

    @staticmethod
    def _parts(relative: str) -> list[str]:
        parts = relative.split("/")
        if (
            not relative
            or "\\" in relative
            or "\0" in relative
            or any(p in ("", ".", "..") for p in parts)
        ):
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        return parts

    def claim(self, relative: str, origin: str) -> None:
        """Reserve an output path; two claims of one path are an error naming both."""
        previous = self.written.get(relative) or self.kept.get(relative)
        if previous is not None:
            raise SitegenError(f"two outputs for '{relative}': {previous} and {origin}")
        self._parts(relative)

    def write(self, relative: str, data: bytes, origin: str = "") -> None:
        """Write ``data`` to ``relative`` in the staging folder."""
        self.reserve(relative, origin)
        self.put(relative, data)

    def reserve(self, relative: str, origin: str = "") -> None:
        """Claim ``relative`` for a file that ``put`` will write (maybe in a worker process)."""
        self.claim(relative, origin)
        self.written[relative] = origin

    def put(self, relative: str, data: bytes) -> None:
        """Write a reserved path; every byte of the site is written here."""
        path = self.target(relative)
        self.make_folder(path.parent)
        path.write_bytes(data)

    def make_folder(self, folder: Path) -> None:
        """Create ``folder`` (a guarded path's parent) once per tree, not once per file."""
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def keep(self, relative: str, origin: str = "") -> None:
        """Declare that ``relative`` is still part of the site, unchanged since the last build."""
        self.claim(relative, origin)
        self.kept[relative] = origin

    @property
    def paths(self) -> set[str]:
        return set(self.written) | set(self.kept)

    def copy(self, relative: str, source: Path, origin: str = "") -> None:
        self.write(relative, source.read_bytes(), origin or str(source))


@contextmanager
def staged_output(output: Path, previous: set[str] | None = None):
    """Yield an OutputTree on a staging folder; publish it over ``output`` on success.

    ``previous``: the files the last build left in ``output``; given, the build is
    incremental and only changed files are staged. None: a full build.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        tree = OutputTree(staging, fresh=True)
        yield tree
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if previous is None or not output.is_dir():
        publish(staging, output)
    else:
        merge(tree, output, previous)
        staging.rename(aside(output))  # the staged pages' emptied folders: one per page
        sweep(output)


def publish(staging: Path, output: Path) -> None:
    """Swap a finished staging folder in for the output folder.

    The old folder is deleted in the background: unlinking tens of thousands of files
    can take seconds, and nobody needs to wait for it. Whatever an interrupted deletion
    leaves behind is swept up by the next build.
    """
    if output.exists() and not output.is_dir():
        raise SitegenError(f"output path exists and is not a folder: {output}")
    if output.exists():
        output.rename(aside(output))
    staging.rename(output)
    sweep(output)


def aside(output: Path) -> Path:
    """A fresh name beside ``output`` for a folder that is to be deleted."""
    return output.parent / f".{output.name}.old-{os.getpid()}-{time.time_ns()}"


def sweep(output: Path) -> None:
    """Delete, in the background, every folder set aside beside ``output``: this build's
    and any an interrupted deletion left."""
    leftovers = sorted(output.parent.glob(f".{output.name}.old-*"))
    if leftovers:
        discard(leftovers)


def discard(folders: list[Path]) -> None:
    """Delete ``folders`` in a process of their own that outlives this one."""
    rm = shutil.which("rm")
    if rm is None or os.name != "posix":
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def merge(tree: OutputTree, output: Path, previous: set[str]) -> None:
    """Move staged files into ``output``; delete the files of ``previous`` no page claims."""
    target = OutputTree(output)
    for relative in sorted(tree.written):
        destination = target.target(relative)
        target.make_folder(destination.parent)
        os.replace(tree.target(relative), destination)  # staging is fresh: no resolve
    for relative in sorted(previous - tree.paths):
        path = target.target(relative)
        path.unlink(missing_ok=True)
        for parent in path.parents:  # drop folders the deletion left empty
            if parent == target.root or any(parent.iterdir()):
                break
            parent.rmdir()

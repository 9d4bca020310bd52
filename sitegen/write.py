"""The only code that writes the site: guarded paths into a staging folder, then publish.

A build writes into a fresh staging folder beside the output. Only when everything
succeeded is it published, so a failed build leaves the previous site as it was:
- a full build's staging folder replaces the output folder in one swap;
- an incremental build's staging folder holds only the pages that changed; they are
  moved into the output, and files no page claims any more are deleted. Up to
  ``HOLD_BYTES`` of changed pages (shared out among the processes) are not staged at
  all but held in memory, then written over the old files in place: on a file system
  that must free and allocate blocks for every new file, that costs a tenth as much.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from . import parallel
from .errors import OutputError, SitegenError

HOLD_BYTES = 128 << 20  # changed pages an incremental build holds in memory, in all


def _plain(relative: str) -> bool:
    """Whether a path surely has no empty, "." or ".." part, no backslash and no NUL: such
    a part needs a leading or trailing "/", a "//", a leading "." or a "/."."""
    return not (
        not relative
        or relative[0] in "./"
        or relative[-1] == "/"
        or "//" in relative
        or "/." in relative
        or "\\" in relative
        or "\0" in relative
    )


class OutputTree:
    """Writes files under one root; refuses paths outside it and writing one path twice.

    ``fresh``: the root is a folder this build just created, so no symlink inside it can
    lead out and checking each path's parts is enough (resolving every path costs more
    than writing it).
    """

    def __init__(self, root: Path, fresh: bool = False, hold: int = 0):
        self.root = root.resolve()
        self._root = str(self.root)
        self.fresh = fresh
        self.hold = hold  # bytes of pages ``put`` may still hold instead of writing
        self.held: dict[str, bytes] = {}  # relative path -> bytes to write when published
        self.folders: set[str] = set()  # folders known to exist
        self.inside: set[str] = {self._root}  # folders known to lead nowhere outside
        self.written: dict[str, str] = {}  # relative path -> what wrote it
        self.kept: dict[str, str] = {}  # unchanged files the site still has, not rewritten

    def target(self, relative: str) -> Path:
        """The guarded destination of a site-relative path."""
        return Path(self.location(relative))

    def location(self, relative: str) -> str:
        """``target`` as a string: what the writers of many files use (a Path costs more
        to make than the file's write)."""
        path = os.path.join(self._root, *self._parts(relative))
        if not self.fresh and not (self._inside(os.path.dirname(path)) and self._stays(path)):
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        return path

    def _inside(self, folder: str) -> bool:
        """Whether ``folder`` leads nowhere outside the root: each folder is looked at
        once, and only a symlink among its parts costs a full resolve."""
        if folder not in self.inside:
            if not (self._inside(os.path.dirname(folder)) and self._stays(folder)):
                return False
            self.inside.add(folder)
        return True

    def _stays(self, path: str) -> bool:
        return not os.path.islink(path) or Path(path).resolve().is_relative_to(self.root)

    @staticmethod
    def _parts(relative: str) -> list[str]:
        """The parts of a site-relative path, which may hold no empty, "." or ".." part
        (so no leading or trailing "/"), no backslash and no NUL."""
        parts = relative.split("/")
        if _plain(relative):  # the common case, decided without looking at each part
            return parts
        if "" in parts or "." in parts or ".." in parts or "\\" in relative or "\0" in relative:
            raise SitegenError(f"refusing to write outside the output folder: '{relative}'")
        return parts

    def claim(self, relative: str, origin: str) -> None:
        """Reserve an output path; two claims of one path are an error naming both."""
        previous = self.written.get(relative) or self.kept.get(relative)
        if previous is not None:
            raise SitegenError(f"two outputs for '{relative}': {previous} and {origin}")
        if not _plain(relative):
            self._parts(relative)

    def write(self, relative: str, data: bytes, origin: str = "") -> None:
        """Write ``data`` to ``relative`` in the staging folder."""
        self.reserve(relative, origin)
        self.put(relative, data)

    def reserve(self, relative: str, origin: str = "") -> None:
        """Claim ``relative`` for a file that ``put`` will write (maybe in a worker process)."""
        self.claim(relative, origin)
        self.written[relative] = origin

    def put(self, relative: str, data: bytes) -> bytes | None:
        """Write a reserved path; every byte of the site is written here.

        While the tree may hold pages, the bytes are held instead and returned: a worker
        process hands them back to the main one, which adds them to its ``held``.
        """
        if self.hold and len(data) <= self.hold:
            self.hold -= len(data)
            self.held[relative] = data
            return data
        path = self.location(relative)
        try:
            self.make_folder(os.path.dirname(path))
            with open(path, "wb") as file:
                file.write(data)
        except OSError as err:  # a full device, a size limit: a failed write names no file
            raise OSError(err.errno, err.strerror, path) from None
        return None

    def make_folder(self, folder: str) -> None:
        """Create ``folder`` (a guarded path's parent) once per tree, not once per file."""
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
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
    in_the_way(output)  # before writing a page, not once all are written
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    incremental = previous is not None and output.is_dir()
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        hold = HOLD_BYTES // parallel.jobs() if incremental else 0
        tree = OutputTree(staging, fresh=True, hold=hold)
        yield tree
        if not incremental or not output.is_dir():
            tree.hold = 0
            for relative, data in tree.held.items():  # the output went away meanwhile
                tree.put(relative, data)
            publish(staging, output)
            return
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        if staged(err, staging):  # the output was not touched
            raise OutputError(err.errno, err.strerror, str(output)) from err
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        merge(tree, output, previous or set())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        staging.rmdir()  # every page was held: nothing was staged
    except OSError:
        staging.rename(aside(output))  # the staged pages' emptied folders: one per page
    sweep(output)


def in_the_way(output: Path) -> None:
    """Refuse an output path that is not a folder (a file there is not the site's)."""
    if output.exists() and not output.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(output))


def staged(err: OSError, staging: Path) -> bool:
    """Whether ``err`` is about the staging folder or a file in it."""
    names = [str(n) for n in (err.filename, err.filename2) if n is not None]
    return any(n == str(staging) or n.startswith(f"{staging}{os.sep}") for n in names)


def publish(staging: Path, output: Path) -> None:
    """Swap a finished staging folder in for the output folder: in one step where the
    system can (then a kill at any moment leaves the old site or the new one there),
    else in two renames.

    The old folder is deleted in the background: unlinking tens of thousands of files
    can take seconds, and nobody needs to wait for it. Whatever an interrupted deletion
    leaves behind is swept up by the next build.
    """
    in_the_way(output)
    if output.is_dir() and exchange(staging, output):
        staging.rename(aside(output))  # the old site, now under the staging name
    else:
        if output.exists():
            output.rename(aside(output))
        staging.rename(output)
    sweep(output)


RENAME_EXCHANGE = 2  # renameat2's flag for swapping two paths (Linux 3.15)
AT_FDCWD = -100


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28, musl 1.2.3
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # not here: rename
            return False
        raise OSError(code, os.strerror(code), str(first), None, str(second))
    return True


def aside(output: Path) -> Path:
    """A fresh name beside ``output`` for a folder that is to be deleted."""
    return output.parent / f".{output.name}.old-{os.getpid()}-{time.time_ns()}"


def sweep(output: Path) -> None:
    """Delete, in the background, every folder set aside beside ``output`` (this build's
    and any an interrupted deletion left) and the staging folders of killed builds."""
    leftovers = sorted(output.parent.glob(f".{output.name}.old-*"))
    staging = sorted(output.parent.glob(f".{output.name}.staging-*"))
    leftovers += [folder for folder in staging if abandoned(folder)]
    if leftovers:
        discard(leftovers)


def abandoned(staging: Path) -> bool:
    """Whether the build that made a staging folder is gone (killed: nothing else leaves
    one behind). Another user's build counts as alive; one in another PID namespace
    (another container writing the same folder) would not."""
    try:
        pid = int(staging.name.rsplit("-", 1)[1])
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (ValueError, IndexError, OSError):
        return False
    return False


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
        destination = target.location(relative)
        held = tree.held.get(relative)
        if held is not None:
            try:
                overwrite(destination, held)
            except OSError as err:  # a full device, a size limit: a failed write names no file
                raise OSError(err.errno, err.strerror, err.filename or destination) from None
        else:
            target.make_folder(os.path.dirname(destination))
            os.replace(tree.location(relative), destination)  # staging is fresh: no resolve
    for relative in sorted(previous - tree.paths):
        path = target.target(relative)
        path.unlink(missing_ok=True)
        for parent in path.parents:  # drop folders the deletion left empty
            if parent == target.root or any(parent.iterdir()):
                break
            parent.rmdir()


def overwrite(path: str, data: bytes) -> None:
    """Write ``data`` over the file at ``path`` in place, when it is a plain file with no
    other name (another name would see the change: a hard-linked snapshot, say). Any
    other path gets a new file, written beside it and renamed over it."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))  # none on Windows
    except OSError:  # no such file, a symlink, a folder
        fd = -1
    if fd >= 0:
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if info.st_size > len(data):  # else every old byte was written over
                    os.ftruncate(fd, len(data))
                return
        finally:
            os.close(fd)
    replace_file(path, data)


def replace_file(path: str, data: bytes) -> None:
    """Give ``path`` the contents ``data`` at once: written beside it, then renamed over
    it, so a reader (or a build killed meanwhile) sees the old file or the new one."""
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    fresh = os.path.join(folder, f".{name}.new-{os.getpid()}")
    try:
        with open(fresh, "wb") as file:
            file.write(data)
        os.replace(fresh, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(fresh)
        raise

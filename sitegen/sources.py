"""Finding the sources, telling which changed since the last build, and reading those.

A source is re-read only when its file (or its folder's ``_defaults.toml``) changed:
first by stamp (modification time and size, one ``stat``), then, when the stamp differs,
by a digest of the bytes, so a fresh checkout with new timestamps still counts as
unchanged. The digests of all sources are known before anything is read, which lets a
build that finds nothing changed stop without loading a single record.
"""

from __future__ import annotations

import os
import pickle
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import parallel
from .bodies import Spilled, spilled
from .config import Config
from .errors import Problems, SitegenError
from .hashing import content_digest, file_stamp, source_digest
from .media import is_media
from .model import ReadOptions, ReadResult, Record
from .readers import DEFAULTS_FILE, is_source, read_source
from .report import BuildReport, Reporter
from .stories import lede_shingles
from .text import reading_minutes
from .topics import mentioned, wants_topics


@dataclass
class SourceEntry:
    stamp: tuple  # (mtime, size) of the file and its folder's defaults: a quick check
    records: list[Record]
    warnings: list
    content: str = ""  # digest of those files' bytes: the check that survives a checkout
    features: list[Features] = field(default_factory=list)  # one per record
    # records, warnings and features as cached, until needed; or what fetches them from
    # the cache (a build that finds nothing changed never does)
    packed: bytes | Callable[[], bytes] | None = None
    keyed: dict[str, Features] | None = field(default=None, repr=False, compare=False)

    def unpack(self) -> SourceEntry:
        """Load what the cache holds for this source (only a build that uses it pays)."""
        if self.packed is not None:
            self.records, self.warnings, self.features = pickle.loads(self.pack())
            self.packed = None
        return self

    def pack(self) -> bytes:
        if callable(self.packed):
            self.packed = self.packed()
        if self.packed is not None:
            return self.packed
        return pickle.dumps((self.records, self.warnings, self.features), 5)


@dataclass(frozen=True)
class Features:
    """What the site-wide passes need from one record, worked out where it is read (in a
    worker, once per change of its source) rather than for every record on every build."""

    shingles: array  # for related coverage: distinct 64-bit ints, 8 bytes each (a frozenset
    # of Python ints costs ten times that, which counts at 100,000 records)
    mentions: Counter | None  # names for derived topics; None when it gets none
    minutes: int  # reading time, on its card: the body's text is not looked at again

    @classmethod
    def of(cls, record: Record) -> Features:
        shingles = array("Q", sorted(lede_shingles(record)))
        mentions = mentioned(record) if wants_topics(record) else None
        return cls(shingles, mentions, reading_minutes(record.body_html))


def held(records: list[Record]) -> list[Record]:
    """``records`` as a build holds them: their bodies in the body file (``bodies``), and
    the names and field sets many records repeat (authors, sections, tags, which fields
    were derived) one object each, not one per record as they arrive from the workers
    (the same list when that is done already)."""
    if all(isinstance(r.body, Spilled) or not r.body for r in records):
        return records
    return [
        replace(
            r,
            body=spilled(r.body),
            authors=_shared(r.authors),
            sections=_shared(r.sections),
            tags=_shared(r.tags),
            derived=_SETS.setdefault(r.derived, r.derived),
        )
        for r in records
    ]


_SETS: dict[frozenset[str], frozenset[str]] = {}


def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sys.intern(name) for name in names) if names else ()


def read_options(config: Config) -> ReadOptions:
    """What the readers are told of the site's settings."""
    return ReadOptions(
        config.timezone,
        config.trust_html,
        config.summary_chars,
        markdown_engine=config.markdown_engine,
    )


EDITOR_FILES = ("~", ".swp", ".swx", ".tmp")


# Jekyll's folder of posts is content; its other ``_`` folders (layouts, includes, data,
# the built _site) are not read
CONTENT_FOLDERS = ("_posts",)


def discover(content: Path, report: BuildReport) -> list[Path]:
    """Source files under ``content``, sorted. Hidden and editor files are passed over;
    images and other media are copied (``report.media``); other files no reader takes and
    those under another generator's ``_`` folders are skipped (``report.skipped``, whose
    reasons ``skip_reason`` gives)."""
    if not content.is_dir():
        raise SitegenError(f"no content folder at {content}")
    found: list[tuple[tuple[str, ...], str, Path]] = []
    kinds: dict[str, str] = {}  # suffix -> what a file of it is, decided once per suffix
    root = str(content)
    for folder, dirs, files in os.walk(content):
        for name in [d for d in dirs if d.startswith("_") and d not in CONTENT_FOLDERS]:
            report.skipped += [
                str(Path(inner, file))
                for inner, _, names in os.walk(Path(folder, name))
                for file in names
                if not file.startswith(".")
            ]
        dirs[:] = [d for d in dirs if not d.startswith((".", "_")) or d in CONTENT_FOLDERS]
        # once per folder, not per file: a million Paths parsed whole cost seconds
        at = Path(folder)
        parts = at.relative_to(content).parts if folder != root else ()
        for name in files:
            if name.startswith(".") or name.endswith(EDITOR_FILES):
                continue
            if name.startswith("_"):  # another generator's file or a section's page: by name
                kind = file_kind(at / name)
            else:
                suffix = os.path.splitext(name)[1].lower()
                if suffix not in kinds:
                    kinds[suffix] = file_kind(at / name)
                kind = kinds[suffix]
            if kind == "source":
                found.append((parts, name, at))
            elif kind == "media":
                report.media.append(at / name)
            else:
                report.skipped.append(str(at / name))
    found.sort(key=lambda item: (*item[0], item[1]))  # the order of sorted(content.rglob("*"))
    report.skipped.sort()
    report.media.sort()
    return [at / name for _, name, at in found]


def file_kind(path: Path) -> str:
    """ "source" (a reader takes it), "media" (copied) or "other" (skipped)."""
    if is_media(path):
        return "media"
    return "source" if is_source(path) else "other"


def source_name(site_dir: Path, path: Path) -> str:
    """How a source is named in records and messages: relative to the site when inside it."""
    root = f"{site_dir}{os.sep}"
    text = str(path)
    if text.startswith(root) and os.sep == "/":  # the common case, without pathlib's cost
        return text[len(root) :]
    return path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)


@dataclass
class Scan:
    """The sources of a build and which of them must be read again."""

    paths: list[Path]
    names: list[str]
    stamps: list[tuple]
    contents: list[str]  # digest of each source's bytes (and its folder's defaults); for a
    # source the last build did not have, "" until it is read (a worker digests it then)
    stale: list[int]  # positions of the sources to read
    restamped: list[str]  # sources touched but not changed: only their stamp is new
    skipped: list[str] = field(default_factory=list)  # files found that no reader takes
    media: list[Path] = field(default_factory=list)  # images and other files to copy
    positions: dict[Path, int] = field(default_factory=dict, repr=False)  # made when needed


def scan(site_dir: Path, sources: list[Path], known: dict[str, SourceEntry]) -> Scan:
    """Compare ``sources`` with what the last build read (``known``)."""
    names = [source_name(site_dir, path) for path in sources]
    defaults: dict[str, tuple] = {}  # folder -> stamp of its defaults file
    found = Scan(sources, names, [], [], [], [])
    touched = []  # known sources with a new stamp: are their bytes new too?
    for i, (path, name) in enumerate(zip(sources, names, strict=True)):
        text = str(path)  # as strings: pathlib's parent, hash and stat cost more than stat
        folder = os.path.dirname(text)
        if folder not in defaults:
            defaults[folder] = file_stamp(os.path.join(folder, DEFAULTS_FILE))
        found.stamps.append(file_stamp(text) + defaults[folder])
        entry = known.get(name)
        if entry is None:  # new: read it in any case
            found.contents.append("")
            found.stale.append(i)
        elif entry.stamp == found.stamps[i]:
            found.contents.append(entry.content)
        else:
            found.contents.append("")
            touched.append(i)
    _settle(found, touched, known)
    return found


def rescan(last: Scan, known: dict[str, SourceEntry], touched: Iterable[Path]) -> Scan | None:
    """``last`` brought up to date for the files in ``touched`` alone: what the dev
    server's watcher saw change. None when one of them is not a source ``last`` had or is
    gone (sources came or went, or a folder's defaults changed: discover them again)."""
    if not last.positions:
        last.positions = {path: i for i, path in enumerate(last.paths)}
    found = Scan(
        last.paths,
        last.names,
        list(last.stamps),
        list(last.contents),
        [],
        [],
        last.skipped,
        last.media,
        last.positions,
    )
    looked = []
    for path in touched:
        i = last.positions.get(path)
        stamp = file_stamp(path) if i is not None else ()
        if not stamp or last.names[i] not in known:
            return None
        found.stamps[i] = stamp + last.stamps[i][len(stamp) :]  # the same folder defaults
        if known[last.names[i]].stamp != found.stamps[i]:
            looked.append(i)
    _settle(found, sorted(set(looked)), known)
    return found


def _settle(found: Scan, touched: list[int], known: dict[str, SourceEntry]) -> None:
    """Digest the ``touched`` sources: unchanged bytes only take the new stamp, others
    are to be read."""
    sources, names = found.paths, found.names
    later = prefetch_ahead(touched, sources)  # a fresh checkout touches every file
    for i in touched:
        if i in later:
            prefetch((later[i],))
        path, entry = sources[i], known[names[i]]
        found.contents[i] = content_digest(path, path.parent / DEFAULTS_FILE)
        if entry.content == found.contents[i]:
            entry.stamp = found.stamps[i]  # touched or checked out again, not changed
            found.restamped.append(names[i])
        else:
            found.stale.append(i)
    found.stale.sort()


PREFETCH = 512  # files asked for ahead of the one being read


def prefetch(paths: Iterable[Path]) -> None:
    """Ask the kernel to start reading these files now (``posix_fadvise(WILLNEED)``).

    Read one after another from a disk (not from memory), small files cost a round trip
    each: 10,000 of them took 19 s here while another build's output was being deleted.
    With the next files always asked for ahead of the one being read, the disk works on
    many at once while this process parses; asking for all of them up front would make
    it wait for every byte before parsing any (45 s of 100,000 files, here).
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # reading it will report the problem
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def prefetch_ahead(order: list[int], paths: list[Path]) -> dict[int, Path]:
    """Ask for the first ``PREFETCH`` files of ``order`` (positions in ``paths``) now;
    return, for each position, the file to ask for when it is read: ``PREFETCH`` later."""
    prefetch(paths[i] for i in order[:PREFETCH])
    return {i: paths[j] for i, j in zip(order, order[PREFETCH:], strict=False)}


def read_all(
    site_dir: Path,
    sources: list[Path],
    config: Config,
    report: BuildReport,
    reporter: Reporter,
    known: dict[str, SourceEntry] | None = None,
    scanned: Scan | None = None,
    replaced: dict[str, SourceEntry | None] | None = None,
    keep_going: bool = False,
) -> list[Record]:
    """Read every source (reusing ``known`` for unchanged files); report all problems at once.

    ``replaced`` is given the entries of ``known`` that this read replaced or dropped (None
    for a source ``known`` did not have). ``keep_going``: a source that cannot be read is
    reported as an error and left out, and the others' records are returned."""
    replaced = {} if replaced is None else replaced
    options = read_options(config)
    known = known if known is not None else {}
    found = scanned or scan(site_dir, sources, known)
    paths, names = found.paths, found.names
    later = prefetch_ahead(found.stale, paths)

    def read(i: int):
        if i in later:
            prefetch((later[i],))
        data = paths[i].read_bytes()  # once, for the reader and the digest alike
        try:
            result = read_source(paths[i], names[i], options, data)
        except SitegenError as err:
            return err.problems  # plain data: it crosses back from a worker process
        content = found.contents[i] or source_digest(data, paths[i].parent / DEFAULTS_FILE)
        return result, [Features.of(record) for record in result.records], content

    progress = lambda done: reporter.progress("reading", done, len(found.stale))  # noqa: E731
    problems = Problems()
    for i, result in zip(found.stale, parallel.run(read, found.stale, progress), strict=True):
        if not isinstance(result[0], ReadResult):
            problems.items.extend(result)
            continue
        result, features, found.contents[i] = result
        replaced[names[i]] = known.get(names[i])
        known[names[i]] = SourceEntry(
            found.stamps[i], result.records, result.warnings, found.contents[i], features
        )
        report.reread.append(names[i])
        for warning in result.warnings:
            reporter.warn(str(warning))
    if keep_going:
        for problem in problems.items:
            reporter.error(str(problem))
        names = [name for name in names if name in known]
    else:
        problems.raise_if_any()
    records: list[Record] = []
    for name in names:
        entry = known[name].unpack()
        entry.records = held(entry.records)
        records.extend(entry.records)
        report.records[name] = len(entry.records)
    for gone in set(known) - set(names):
        replaced[gone] = known.pop(gone)
    if report.skipped:
        reporter.info(skipped_line(report.skipped))
    if not reporter.quiet:  # a dev server's rebuild says only what it did
        summarise_sources(report.records, reporter)
    media = f" and {len(report.media)} media files" if report.media else ""
    reporter.info(f"read {len(records)} records from {len(report.records)} sources{media}")
    return records


def skip_reason(path: str) -> str:
    """Why a found file is not read."""
    parts = Path(path).parts
    folder = next((p for p in parts[:-1] if p.startswith("_") and p not in CONTENT_FOLDERS), None)
    if folder:
        return f"in {folder}/ (another generator's folder)"
    if parts[-1].startswith("_"):
        return f"named {parts[-1]} (another generator's own file)"
    suffix = Path(path).suffix.lower()
    return f"{suffix or 'no extension'} (no reader)"


def skip_counts(skipped: list[str]) -> str:
    """The skipped files counted by reason: "2 .jpg (no reader), 1 in _layouts/ (…)"."""
    reasons = Counter(skip_reason(path) for path in skipped)
    return ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))


def skipped_line(skipped: list[str]) -> str:
    """One line: how many files were skipped, counted by reason."""
    return f"skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''}: {skip_counts(skipped)}"


def summarise_sources(counts: dict[str, int], reporter: Reporter, limit: int = 30) -> None:
    """Records per source; past ``limit`` sources, per folder, so big sites stay readable."""
    if len(counts) > limit:
        folders: dict[str, list[int]] = {}
        for source, count in counts.items():
            folder = folders.setdefault(source.rpartition("/")[0] or ".", [0, 0])
            folder[0], folder[1] = folder[0] + 1, folder[1] + count
        lines = {
            f"{name}/": f"{n} records in {files} files" for name, (files, n) in folders.items()
        }
    else:
        lines = {source: f"{n} record{'s' if n != 1 else ''}" for source, n in counts.items()}
    for name, text in lines.items():
        reporter.info(f"  {name}: {text}")

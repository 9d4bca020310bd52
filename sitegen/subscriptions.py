"""The sources a site follows: ``[[sources]]`` tables in ``sitegen.toml``, checked.

``sitegen fetch`` (``sitegen.fetch``) downloads them into the content folder; a build
reads only the files it wrote. Each subscription names a URL and what it is (a feed, a
page, or ``auto``: told by the response), and optionally the folder its files go to, the
defaults written to that folder's ``_defaults.toml``, how often it is due and how long a
feed's captures are kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from slugify import slugify

from .errors import Problem, SitegenError

KINDS = ("auto", "feed", "page")
DEFAULT_KEYS = ("section", "publisher", "timezone")  # written to the folder's _defaults.toml
KEYS = ("url", "kind", "folder", "every", "keep", *DEFAULT_KEYS)
FOLDER = "fetched"  # under the content folder, then the host: fetched/example.org
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True)
class Subscription:
    url: str
    kind: str = "auto"
    folder: str = ""  # '/'-separated, under the content folder
    every: timedelta | None = None  # due again this long after a fetch; None: every run
    keep: timedelta | None = None  # a feed's captures older than this are removed
    defaults: tuple[tuple[str, str], ...] = ()  # for the folder's _defaults.toml
    line: int = 0  # of its [[sources]] table in sitegen.toml

    @property
    def name(self) -> str:
        """The stem of its files: readable, from the URL, and unique to it."""
        parts = urlsplit(self.url)
        readable = slugify(f"{parts.hostname} {parts.path}", max_length=60) or "source"
        return f"{readable}-{hashlib.sha256(self.url.encode()).hexdigest()[:8]}"


def parse_duration(text: object) -> timedelta:
    """ "90s", "30m", "1h", "2d", "1w"."""
    found = _DURATION.match(text) if isinstance(text, str) else None
    if not found:
        raise ValueError(
            f'a duration is a number and a unit (s, m, h, d, w), e.g. "1h", not {text!r}'
        )
    return timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)])


def table_lines(text: str) -> list[int]:
    """The line of each ``[[sources]]`` table, in order."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip().replace(" ", "") == "[[sources]]"
    ]


def parse_sources(value: object, source: str, text: str) -> tuple[Subscription, ...]:
    """The ``[[sources]]`` of sitegen.toml (``source``, whose ``text`` gives lines), every
    problem reported at once."""
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise SitegenError("'sources' must be [[sources]] tables, each with a url", source)
    lines = table_lines(text)
    problems: list[Problem] = []
    found: list[Subscription] = []
    for number, table in enumerate(value):
        line = lines[number] if number < len(lines) else 0
        where = f"[[sources]] #{number + 1}"
        try:
            found.append(_subscription(table, line))
        except ValueError as err:
            problems.append(Problem(source, line, f"{where}: {err}"))
    folders: dict[str, Subscription] = {}
    for sub in found:
        other = folders.setdefault(sub.folder, sub)
        if other.defaults != sub.defaults:
            problems.append(
                Problem(
                    source,
                    sub.line,
                    f"{sub.url} and {other.url} (line {other.line}) share the folder "
                    f"'{sub.folder}' with different defaults; give one of them its own folder",
                )
            )
    urls = [sub.url for sub in found]
    for sub in found:
        if urls.count(sub.url) > 1 and sub is not found[urls.index(sub.url)]:
            problems.append(Problem(source, sub.line, f"{sub.url} is subscribed to twice"))
    if problems:
        raise SitegenError(problems=problems)
    return tuple(found)


def _subscription(table: dict, line: int) -> Subscription:
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (valid: {', '.join(KEYS)})")
    for key, value in table.items():
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string, not {type(value).__name__}")
    url = table.get("url", "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"'url' must be an http(s) URL, not {url!r}")
    kind = table.get("kind", "auto")
    if kind not in KINDS:
        raise ValueError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    folder = table.get("folder", f"{FOLDER}/{parts.hostname}").strip("/")
    pieces = folder.split("/")
    if "\\" in folder or any(p in ("", ".", "..") or p.startswith((".", "_")) for p in pieces):
        raise ValueError(
            f"'folder' must be a folder inside the content folder, with no '..' and no part "
            f"starting with '.' or '_', not {folder!r}"
        )
    if "timezone" in table:
        try:
            ZoneInfo(table["timezone"])
        except (ValueError, KeyError, OSError):
            raise ValueError(f"unknown timezone {table['timezone']!r}") from None
    every = parse_duration(table["every"]) if "every" in table else None
    keep = parse_duration(table["keep"]) if "keep" in table else None
    defaults = tuple((key, table[key]) for key in DEFAULT_KEYS if key in table)
    return Subscription(url, kind, folder, every, keep, defaults, line)

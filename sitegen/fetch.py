"""``sitegen fetch``: the feeds and pages a site follows, downloaded into its content folder.

Fetching writes files and building reads only files, so a build stays reproducible from
what is on disk. Each subscription (``sitegen.subscriptions``) that is due is fetched
with httpx, a few at a time and at most ``PER_HOST`` at once from one host, after its
host's ``robots.txt`` (read with the standard library's parser) allows it. Requests are
conditional: the validators of the last response (``ETag``, ``Last-Modified``) are sent
back, so a source that did not change costs one 304 and writes nothing.

What a response becomes:
- a feed: a new capture ``<name>-<YYYY-MM-DD-HHMMSS>.xml`` each time it changed, so
  entries that have left the feed stay in the archive; the captures of one entry are
  one article (``sitegen.merge``, by the entry's id), showing its newest text. ``keep``
  removes captures older than that, never the newest.
- a page: ``<name>.html``, replaced when it changed.
Text is saved as UTF-8 (the encoding the readers take), from the charset the response
or the document declares. Every file is written beside its place and renamed over it,
so none is ever half-written. What each source last answered (URL, time, validators,
failures) is kept in a hidden sidecar beside its files, ``.<name>.fetch.json``.

A failed source (an HTTP error, a timeout, too many redirects, a body over
``fetch_max_mb``, a ``robots.txt`` refusal) is reported with its reason and tried again
on a later run after a back-off that doubles with each failure; the others still land.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.robotparser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from . import __version__
from .config import Config
from .errors import SitegenError, unexpected
from .report import Reporter
from .subscriptions import Subscription
from .write import replace_file

PER_HOST = 2  # requests in flight to one host
WORKERS = 8  # requests in flight in all
MAX_REDIRECTS = 5
BACKOFF = timedelta(minutes=10)  # after the first failure; doubled after each next one
MAX_BACKOFF = timedelta(days=1)
STAMP = "%Y-%m-%d-%H%M%S"  # a capture's time in its name: the capture day merge reads
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([\w.:-]+)(["'])""", re.I)
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]", re.S)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.S | re.I)


@dataclass
class Memo:
    """What a source last answered: its sidecar file."""

    url: str
    final_url: str = ""  # after redirects
    fetched: str = ""  # ISO time of the last response (a 304 too)
    status: int = 0
    etag: str = ""
    last_modified: str = ""
    failures: int = 0  # in a row
    retry_at: str = ""  # ISO time before which a failed source is not tried again
    error: str = ""
    files: list[str] = field(default_factory=list)  # names saved, in the source's folder

    @classmethod
    def load(cls, path: Path, url: str) -> Memo:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            memo = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return cls(url)
        return memo if memo.url == url else cls(url)

    def due_at(self, sub: Subscription) -> datetime | None:
        """When the source is to be fetched again: after a failure's back-off, or its
        ``every`` after the last answer; None: on any run."""
        if self.failures:
            return datetime.fromisoformat(self.retry_at) if self.retry_at else None
        if not self.fetched or sub.every is None:
            return None
        return datetime.fromisoformat(self.fetched) + sub.every


@dataclass
class Outcome:
    sub: Subscription
    state: str  # "saved", "unchanged", "failed", "not due"
    detail: str = ""
    saved: list[str] = field(default_factory=list)  # paths under the content folder


class Failed(Exception):
    """A source that could not be fetched: the reason, said to the user."""


def user_agent(config: Config) -> str:
    contact = f"; +{config.fetch_contact}" if config.fetch_contact else ""
    return f"sitegen/{__version__} (static news site generator{contact})"


def fetch_sources(
    site_dir: Path,
    config: Config,
    reporter: Reporter,
    now: datetime | None = None,
    force: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> list[Outcome]:
    """Fetch every subscription that is due (all of them with ``force``) into the content
    folder; report each and return what became of it. ``now``: the clock; ``transport``:
    httpx's, for tests."""
    if not config.sources:
        raise SitegenError(
            'no sources to fetch: add [[sources]] tables to sitegen.toml (url = "https://…")',
            "sitegen.toml",
        )
    now = now or datetime.now(UTC)
    content = (site_dir / config.content_dir).resolve()
    fetcher = Fetcher(config, content, now, transport)
    due, outcomes = [], {}
    for sub in config.sources:
        memo = Memo.load(fetcher.memo_path(sub), sub.url)
        when = memo.due_at(sub)
        if force or when is None or now >= when:
            due.append((sub, memo))
        else:
            outcomes[sub.url] = Outcome(sub, "not due", f"due at {when.isoformat()}")
    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            for outcome in pool.map(lambda job: fetcher.run(*job), due):
                outcomes[outcome.sub.url] = outcome
                say(outcome, reporter)
    finally:
        fetcher.client.close()
    ordered = [outcomes[sub.url] for sub in config.sources]
    counts = {s: sum(o.state == s for o in ordered) for s in ("saved", "unchanged", "failed")}
    waiting = sum(o.state == "not due" for o in ordered)
    reporter.info(
        f"fetched {len(due)} of {len(ordered)} sources: {counts['saved']} saved, "
        f"{counts['unchanged']} unchanged, {counts['failed']} failed"
        + (f", {waiting} not due yet" if waiting else "")
    )
    if due and counts["failed"] == len(due):
        raise SitegenError(f"no source could be fetched ({len(due)} tried; see above)")
    return ordered


def say(outcome: Outcome, reporter: Reporter) -> None:
    if outcome.state == "failed":
        reporter.warn(f"{outcome.sub.url}: {outcome.detail}")
    else:
        reporter.info(f"{outcome.sub.url}: {outcome.detail}")


class Fetcher:
    """The client, the robots.txt of each host and the per-host limits of one run."""

    def __init__(self, config: Config, content: Path, now: datetime, transport):
        self.config, self.content, self.now = config, content, now
        self.agent = user_agent(config)
        self.limit = config.fetch_max_mb << 20
        self.client = httpx.Client(
            headers={"User-Agent": self.agent},
            timeout=httpx.Timeout(config.fetch_timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=transport,
        )
        self.lock = threading.Lock()
        self.hosts: dict[str, threading.Semaphore] = {}
        self.robots: dict[str, Callable[[str], bool]] = {}
        self.robots_locks: dict[str, threading.Lock] = {}

    def folder(self, sub: Subscription) -> Path:
        """The source's folder, refused when it leads out of the content folder."""
        folder = self.content.joinpath(*sub.folder.split("/"))
        if not folder.resolve().is_relative_to(self.content):
            raise Failed(f"refusing to write outside the content folder: {sub.folder}")
        return folder

    def memo_path(self, sub: Subscription) -> Path:
        return self.content.joinpath(*sub.folder.split("/"), f".{sub.name}.fetch.json")

    def run(self, sub: Subscription, memo: Memo) -> Outcome:
        host = urlsplit(sub.url).netloc
        with self.lock:
            gate = self.hosts.setdefault(host, threading.Semaphore(PER_HOST))
        with gate:
            try:
                outcome = self.fetch(sub, memo)
                memo.failures, memo.retry_at, memo.error = 0, "", ""
            except Failed as err:
                outcome = self.failed(sub, memo, str(err))
            except httpx.TimeoutException:
                outcome = self.failed(sub, memo, f"no answer in {self.config.fetch_timeout} s")
            except httpx.TooManyRedirects:
                outcome = self.failed(sub, memo, f"more than {MAX_REDIRECTS} redirects")
            except httpx.HTTPError as err:
                outcome = self.failed(sub, memo, f"{type(err).__name__}: {err}")
            except Exception as err:  # a full disk, say: this source fails, not the run
                outcome = self.failed(sub, memo, unexpected(err))
        try:
            folder = self.folder(sub)
            folder.mkdir(parents=True, exist_ok=True)
            replace_file(str(self.memo_path(sub)), json.dumps(asdict(memo), indent=1).encode())
        except (OSError, Failed) as err:
            outcome = Outcome(sub, "failed", f"its state could not be saved: {err}")
        return outcome

    def failed(self, sub: Subscription, memo: Memo, reason: str) -> Outcome:
        memo.failures += 1
        memo.error = reason
        wait = min(BACKOFF * 2 ** (memo.failures - 1), MAX_BACKOFF)
        memo.retry_at = (self.now + wait).isoformat(timespec="seconds")
        return Outcome(sub, "failed", f"{reason} (tried again after {memo.retry_at})")

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets us fetch ``url`` (read once per run). Missing
        (4xx): allowed; 401/403, or unreachable: not (RFC 9309)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            lock = self.robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self.robots:
                self.robots[origin] = self.read_robots(origin)
        return self.robots[origin](url)

    def read_robots(self, origin: str) -> Callable[[str], bool]:
        try:
            status, body, _ = self.get(origin + "/robots.txt", {})
        except (httpx.HTTPError, Failed):
            return lambda url: False
        if status in (401, 403) or status >= 500:
            return lambda url: False
        if status >= 400:
            return lambda url: True
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return lambda url: parser.can_fetch(self.agent, url)

    def get(self, url: str, headers: dict) -> tuple[int, bytes, httpx.Response]:
        """A GET, its body read up to the size limit (decompressed: a small gzip or brotli
        body cannot grow past it)."""
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limit and response.status_code < 300:
                raise Failed(f"larger than fetch_max_mb ({self.config.fetch_max_mb} MB)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.limit:
                    raise Failed(f"larger than fetch_max_mb ({self.config.fetch_max_mb} MB)")
            return response.status_code, bytes(body), response

    def fetch(self, sub: Subscription, memo: Memo) -> Outcome:
        if not self.allowed(sub.url):
            raise Failed("robots.txt does not allow fetching it")
        headers = {}
        if memo.etag:
            headers["If-None-Match"] = memo.etag
        if memo.last_modified:
            headers["If-Modified-Since"] = memo.last_modified
        status, body, response = self.get(sub.url, headers)
        memo.status, memo.final_url = status, str(response.url)
        if status == 304:
            memo.fetched = self.now.isoformat(timespec="seconds")
            return Outcome(sub, "unchanged", "not modified (304)")
        if status >= 400:
            raise Failed(f"HTTP {status} {response.reason_phrase}".rstrip())
        if not 200 <= status < 300:
            raise Failed(f"HTTP {status} {response.reason_phrase}, not an answer to save")
        kind = sub.kind if sub.kind != "auto" else kind_of(response, body)
        text = as_utf8(body, response.headers.get("content-type", ""), kind)
        folder = self.folder(sub)
        saved = self.save(sub, memo, folder, kind, text)
        self.write_defaults(sub, folder)
        memo.fetched = self.now.isoformat(timespec="seconds")
        memo.etag = response.headers.get("etag", "")
        memo.last_modified = response.headers.get("last-modified", "")
        removed = self.prune(sub, memo, folder) if kind == "feed" else 0
        gone = f", {removed} old capture{'s' * (removed != 1)} removed" if removed else ""
        if not saved:
            return Outcome(sub, "unchanged", f"{status}, the same as last time{gone}")
        where = [str((folder / name).relative_to(self.content)) for name in saved]
        return Outcome(
            sub, "saved", f"{status}, saved {where[0]} ({len(text):,} bytes){gone}", where
        )

    def save(
        self, sub: Subscription, memo: Memo, folder: Path, kind: str, text: bytes
    ) -> list[str]:
        """The response's file, written unless it holds what the last one saved did."""
        last = memo.files[-1] if memo.files else None
        if last and (folder / last).is_file() and (folder / last).read_bytes() == text:
            return []
        if kind == "feed":
            name = f"{sub.name}-{self.now.astimezone(UTC).strftime(STAMP)}.xml"
        else:
            name = f"{sub.name}.html"
        folder.mkdir(parents=True, exist_ok=True)
        replace_file(str(folder / name), text)
        memo.files = [f for f in memo.files if f != name and (folder / f).is_file()] + [name]
        return [name]

    def write_defaults(self, sub: Subscription, folder: Path) -> None:
        """The subscription's section, publisher and timezone, as its folder's defaults."""
        if not sub.defaults:
            return
        text = "".join(f"{key} = {json.dumps(value)}\n" for key, value in sub.defaults)
        path = folder / "_defaults.toml"
        head = "# written by sitegen fetch from the [[sources]] of sitegen.toml\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != head + text:
            replace_file(str(path), (head + text).encode())

    def prune(self, sub: Subscription, memo: Memo, folder: Path) -> int:
        """Remove the feed's captures older than its ``keep``, never the newest."""
        if sub.keep is None or len(memo.files) < 2:
            return 0
        cutoff = self.now - sub.keep
        kept, removed = [], 0
        for name in memo.files[:-1]:
            stamp = name[len(sub.name) + 1 : -len(".xml")]
            try:
                old = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC) < cutoff
            except ValueError:
                old = False
            if old:
                (folder / name).unlink(missing_ok=True)
                removed += 1
            else:
                kept.append(name)
        memo.files = kept + memo.files[-1:]
        return removed


def kind_of(response: httpx.Response, body: bytes) -> str:
    """ "feed" or "page", from the content type, or the body's start when it says neither."""
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    head = body[:2048].lstrip(b"\xef\xbb\xbf")
    if "html" in ctype:
        return "page"
    if any(word in ctype for word in ("rss", "atom", "xml")) or _FEED_START.match(head):
        return "feed"
    if _HTML_START.match(head):
        return "page"
    raise Failed(f"neither a feed nor a web page (content type {ctype or 'none'})")


def as_utf8(body: bytes, content_type: str, kind: str) -> bytes:
    """The body in UTF-8, decoded by the charset the response or the document declares
    (or UTF-8); a feed's XML declaration is made to say so."""
    declared = _CHARSET.search(content_type.encode("latin-1", "replace"))
    if body.startswith(b"\xef\xbb\xbf"):
        body, charset = body[3:], "utf-8"
    elif declared:
        charset = declared.group(1).decode()
    else:
        inner = _XML_ENCODING.match(body) if kind == "feed" else _CHARSET.search(body[:4096])
        charset = (
            (inner.group(2) if kind == "feed" else inner.group(1)).decode() if inner else "utf-8"
        )
    try:
        text = body.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        text = body.decode("utf-8", "replace")
    data = text.encode("utf-8")
    if kind == "feed":
        data = _XML_ENCODING.sub(rb"\1utf-8\3", data, count=1)
    return data

"""Site settings: one declared schema, a documented default per key, unknown keys reported.

Settings live in ``sitegen.toml`` at the site root. Command-line flags override them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import SitegenError
from .model import MARKDOWN_ENGINES
from .subscriptions import parse_sources

CONFIG_FILE = "sitegen.toml"


def _setting(default, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Config:
    """Every setting a site can make, with its default. Field docs are the reference."""

    title: str = _setting("sitegen news", "Site title, shown in every page header.")
    description: str = _setting("", "One-line description of the site.")
    base_url: str = _setting(
        "http://localhost:8000/",
        "Where the site will live. Its path (e.g. /repo/ on GitHub Pages) prefixes every link.",
    )
    language: str = _setting("en", "Language code for <html lang>.")
    timezone: str = _setting("UTC", "IANA zone for dates given without an offset.")
    per_page: int = _setting(10, "Articles per list page (index, author, tag, section, archive).")
    article_permalink: str = _setting(
        "{year}/{month}/{day}/{slug}/",
        "URL of a dated article. Fields: {year} {month} {day} {slug} {section}.",
    )
    undated_permalink: str = _setting(
        "articles/{slug}/",
        "URL of an article without a date. Fields: {slug} {section}.",
    )
    summary_chars: int = _setting(240, "Length of a summary derived from the body, at most.")
    date_format: str = _setting("%B %d, %Y", "strftime format for dates shown on pages.")
    markdown_engine: str = _setting(
        MARKDOWN_ENGINES[0],
        'Markdown engine: "python-markdown" (the reference) or "pulldown-cmark" (compiled '
        "CommonMark, much faster to read a large archive; see Markdown engines).",
    )
    trust_html: bool = _setting(
        False,
        "Keep raw HTML in Markdown as written. Off: it is sanitized (scripts, handlers removed).",
    )
    derive_topics: bool = _setting(
        True, "Give records without tags topic tags from names recurring in the corpus."
    )
    topics_per_article: int = _setting(4, "Most derived topics one article gets.")
    related_coverage: bool = _setting(
        True, "Group reports of the same story and link them from each other's pages."
    )
    feed_entries: int = _setting(20, "Entries in each feed (newest first).")
    feed_full_content: bool = _setting(
        True, "Feeds carry each article's full text; off: the summary only."
    )
    term_feeds: bool = _setting(True, "Atom and RSS feeds for every author, tag and section.")
    search: bool = _setting(
        True, "Write a search index of the articles (Pagefind) for the theme's search page."
    )
    content_dir: str = _setting("content", "Folder of sources, relative to the site.")
    static_dir: str = _setting("static", "Folder of files copied as they are to the output.")
    drafts: bool = _setting(False, "Publish drafts (also --drafts).")
    future: bool = _setting(False, "Publish articles dated in the future (also --future).")
    sources: tuple = _setting(
        (), "Feeds and pages `sitegen fetch` downloads: [[sources]] tables (Following sources)."
    )
    fetch_contact: str = _setting(
        "", "An email or URL sent in the User-Agent of `sitegen fetch`, for site owners."
    )
    fetch_timeout: int = _setting(30, "Seconds `sitegen fetch` waits for a server to answer.")
    fetch_max_mb: int = _setting(20, "Largest response `sitegen fetch` saves, in megabytes.")

    @property
    def pages_settings(self) -> Config:
        """These settings without those of `sitegen fetch`, which no page depends on."""
        return replace(self, **{name: getattr(Config, name) for name in FETCH_SETTINGS})

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


FETCH_SETTINGS = ("sources", "fetch_contact", "fetch_timeout", "fetch_max_mb")


def settings_doc() -> list[tuple[str, object, str]]:
    """(key, default, doc) for every setting, in declaration order."""
    return [(f.name, f.default, f.metadata["doc"]) for f in fields(Config)]


def load_config(site: Path, overrides: dict | None = None) -> Config:
    """Read ``sitegen.toml`` (if any) and apply command-line overrides."""
    path = site / CONFIG_FILE
    text, values = "", {}
    if path.exists():
        try:
            text = path.read_bytes().decode("utf-8")
            values = tomllib.loads(text)
        except UnicodeDecodeError as err:
            raise SitegenError(f"not UTF-8: {err.reason}", CONFIG_FILE) from None
        except tomllib.TOMLDecodeError as err:
            raise SitegenError(f"invalid TOML: {err}", CONFIG_FILE, _toml_error_line(err)) from None
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_config(values, CONFIG_FILE, text)


def make_config(values: dict, source: str = CONFIG_FILE, text: str = "") -> Config:
    """Validate a dict of settings against the schema; report every bad key at once."""
    known = {f.name: f for f in fields(Config)}
    problems = []
    if "sources" in values:
        try:
            values = values | {"sources": parse_sources(values["sources"], source, text)}
        except SitegenError as err:
            problems.append(err)
            values = {k: v for k, v in values.items() if k != "sources"}
    for key, value in values.items():
        line = key_line(text, key)
        if key not in known:
            valid = ", ".join(known)
            problems.append(SitegenError(f"unknown setting '{key}' (valid: {valid})", source, line))
            continue
        expected = type(known[key].default)
        if type(value) is not expected:
            problems.append(
                SitegenError(
                    f"setting '{key}' must be {expected.__name__}, not {type(value).__name__}",
                    source,
                    line,
                )
            )
    if problems:
        raise SitegenError(problems=[p for e in problems for p in e.problems])
    config = replace(Config(), **values)
    _check_values(config, source, text)
    return config


def _check_values(config: Config, source: str, text: str) -> None:
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SitegenError(
            f"unknown timezone '{config.timezone}'", source, key_line(text, "timezone")
        ) from None
    if config.markdown_engine not in MARKDOWN_ENGINES:
        choices = " or ".join(f'"{name}"' for name in MARKDOWN_ENGINES)
        raise SitegenError(
            f"markdown_engine must be {choices}, not '{config.markdown_engine}'",
            source,
            key_line(text, "markdown_engine"),
        )
    for key in ("fetch_timeout", "fetch_max_mb"):
        if getattr(config, key) < 1:
            raise SitegenError(f"{key} must be at least 1", source, key_line(text, key))
    if config.per_page < 1:
        raise SitegenError("per_page must be at least 1", source, key_line(text, "per_page"))
    url = urlsplit(config.base_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise SitegenError(
            f"base_url must be an absolute http(s) URL, not '{config.base_url}'",
            source,
            key_line(text, "base_url"),
        )
    for key in ("article_permalink", "undated_permalink"):
        pattern = getattr(config, key)
        if "{slug}" not in pattern or ".." in pattern or not pattern.endswith("/"):
            raise SitegenError(
                f"{key} must contain {{slug}}, end with '/' and have no '..'",
                source,
                key_line(text, key),
            )


def key_line(text: str, key: str) -> int:
    """The line of ``key = …`` (or ``key: …``) in a TOML/YAML text, 0 if not found."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip().lstrip('"').lstrip("'")
        if stripped.startswith(key):
            rest = stripped[len(key) :].lstrip('"').lstrip("'").lstrip()
            if rest.startswith(("=", ":")):
                return number
    return 0


def _toml_error_line(err: tomllib.TOMLDecodeError) -> int:
    match = re.search(r"line (\d+)", str(err))
    return int(match.group(1)) if match else 0


def require_site(site: Path) -> None:
    """A site folder must be there before anything is read from or written into it."""
    if not site.is_dir():
        raise SitegenError(f"no site folder at {site}: give one with --site, or sitegen init one")

"""Metadata shared by the readers that take key/value metadata: validation and defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import dateutil.parser

from ..dates import to_datetime
from ..errors import SitegenError
from ..model import KINDS, ReadOptions, Record, pack_body
from ..text import derive_headline, first_paragraph, html_to_text, shorten
from .captured_dates import find_date

Fail = Callable[[str, str], SitegenError]
LIST_KEYS = ("authors", "author", "tags", "sections", "section", "category")
TEXT_KEYS = ("title", "summary", "slug", "publisher", "role")
DATE_KEYS = ("date", "updated", "expires")
KNOWN_KEYS = frozenset({*DATE_KEYS, "draft", "kind", *LIST_KEYS, *TEXT_KEYS})


def make_record(
    source: str, line: int, index: int, fields: dict, html: str, options: ReadOptions
) -> Record:
    """A record from validated fields and its body; a missing title or summary is derived."""
    derived = set()
    about_term = fields.get("kind") in ("profile", "section")
    if fields.get("title") is None and not about_term:
        fields["title"] = derive_headline(html_to_text(html)) or None
        derived.add("title")
    if fields.get("summary") is None and not about_term:
        fields["summary"] = shorten(first_paragraph(html), options.summary_chars) or None
        derived.add("summary")
    return Record(
        source=source,
        line=line,
        index=index,
        body=pack_body(html),
        derived=frozenset(derived),
        **fields,
    )


def record_fields(
    meta: dict, options: ReadOptions, fail: Fail, guesses: list | None = None
) -> dict:
    """Validate metadata (front matter, a JSON object) and map it onto Record fields.

    ``fail(key, message)`` makes the error for a bad key, located as the source can. A
    date in none of the forms we take but one that peers accept (``Jan 5, 2020``,
    ``2023-01-29 18:30:22 2023 -0800``) is read as the date it shows, and ``guesses`` is
    given a warning saying so.
    """
    zone = ZoneInfo(options.timezone)
    meta = peer_keys(meta)
    out: dict = {"extra": {k: v for k, v in meta.items() if k not in KNOWN_KEYS}}
    for key in TEXT_KEYS:
        if meta.get(key) is not None:
            value = meta[key]
            if isinstance(value, (dict, list, bool)):
                raise fail(key, f"'{key}' must be text, not {type(value).__name__}")
            out[key] = str(value).strip()
    for key in DATE_KEYS:
        if meta.get(key) is not None:
            try:
                out[key], date_only = to_datetime(meta[key], zone)
            except ValueError as err:
                found = lenient_date(str(meta[key]), zone)
                if found is None:
                    raise fail(key, f"'{key}': {err}") from None
                out[key], date_only = found
                if guesses is not None:
                    value = out[key]
                    shown = value.date() if date_only else value.isoformat()
                    guesses += fail(key, f"'{key}': read '{meta[key]}' as {shown}").problems
            if key == "date":
                out["date_only"] = date_only
    out["authors"] = _names(meta, ("authors", "author"), fail)
    out["tags"] = _names(meta, ("tags",), fail)
    out["sections"] = _names(meta, ("sections", "section", "category"), fail)
    if "draft" in meta:
        if not isinstance(meta["draft"], bool):
            raise fail("draft", f"'draft' must be true or false, not {meta['draft']!r}")
        out["draft"] = meta["draft"]
    if "kind" in meta:
        if meta["kind"] not in KINDS:
            raise fail(
                "kind",
                f"'kind' must be one of {', '.join(KINDS)}, not {meta['kind']!r}",
            )
        out["kind"] = meta["kind"]
    return out


# what Hugo, Jekyll and Pelican call our keys; ours win where both are given, and the
# first of theirs where several are
PEER_KEYS = {
    "publishdate": "date",  # Hugo's date fallbacks, in its order
    "pubdate": "date",
    "published": "date",
    "lastmod": "updated",
    "modified": "updated",
    "categories": "sections",
    "headless": "draft",  # a Hugo page without a page of its own
    "expirydate": "expires",  # Hugo's: no longer published from then on
    "description": "summary",  # when there is no summary (nor a <!--more--> break)
}


def peer_keys(meta: dict) -> dict:
    """Metadata as other generators write it, in our keys: Hugo's ``publishDate`` (and
    ``lastmod`` as the date when there is no other), ``lastmod``, ``expiryDate`` and
    ``headless``, Jekyll's
    ``categories`` (a list, or names separated by spaces) and ``published: false``,
    Pelican's ``modified`` and ``status: draft|hidden|skip``. Hugo's ``description`` is
    the summary when the file has neither ``summary`` nor a ``<!--more-->`` break."""
    if all(key in KNOWN_KEYS for key in meta):
        return meta
    ours = KNOWN_KEYS | PEER_KEYS.keys()  # in any case, as Hugo and Pelican read keys
    meta = {key.lower() if key.lower() in ours else key: value for key, value in meta.items()}
    if meta.get("published") is False and "draft" not in meta:
        meta["draft"] = True
    if isinstance(meta.get("published"), bool):
        del meta["published"]
    for theirs, ours in PEER_KEYS.items():
        if theirs in meta and ours not in meta:
            value = meta.pop(theirs)
            if theirs == "categories" and isinstance(value, str) and "," not in value:
                value = value.split()  # Jekyll: "categories: news local"
            meta[ours] = value
    if "date" not in meta and meta.get("updated") is not None:
        meta["date"] = meta["updated"]  # Hugo dates a page by its lastmod when it has no date
    if meta.get("published") is False and "draft" not in meta:
        meta["draft"] = True
    status = meta.get("status")
    if isinstance(status, str) and status.strip().lower() in ("draft", "hidden", "skip"):
        meta.setdefault("draft", True)
    return meta


def lenient_date(text: str, zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """(date, date only) of a date in a form peers accept: the printed forms captured
    news uses, then what dateutil reads (Pelican's own date parser: ``24-05-2015``,
    ``08-02-21 15:00`` month first); None when neither reads it."""
    found = find_date(text, zone)
    if found is not None:
        return found.value, found.date_only
    try:
        value = dateutil.parser.parse(text)
    except (ValueError, OverflowError):
        return None
    return (value if value.tzinfo else value.replace(tzinfo=zone)), ":" not in text


def _names(meta: dict, keys: tuple[str, ...], fail: Fail) -> tuple[str, ...]:
    """A list of names from one or more keys: a YAML list, or one comma-separated string.
    A person given as a mapping with a ``name`` (``{name: Ana, link: …}``, as Hugo themes
    take) is that name."""
    names: list[str] = []
    for key in keys:
        value = meta.get(key)
        if value is None:
            continue
        items = value.split(",") if isinstance(value, str) else value
        items = [items] if isinstance(items, dict) else items
        if isinstance(items, list):
            items = [i.get("name") if isinstance(i, dict) else i for i in items]
        if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
            raise fail(key, f"'{key}' must be a list of names or one name")
        if any(i is None for i in items):
            raise fail(key, f"'{key}': a person given as a mapping needs a 'name'")
        for item in items:
            name = " ".join(str(item).split())
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _invalid_default(key: str, message: str) -> SitegenError:
    return SitegenError(message)


DEFAULT_KEYS = ("publisher", "section", "sections", "timezone", "date", "captured")


def check_defaults(data: dict, fail: Fail) -> dict:
    """Validate a defaults table (``_defaults.toml`` or a capture's front matter)."""
    for key in data:
        if key not in DEFAULT_KEYS:
            raise fail(key, f"unknown default '{key}' (valid: {', '.join(DEFAULT_KEYS)})")
    if "timezone" in data:
        try:
            ZoneInfo(str(data["timezone"]))
        except (ValueError, KeyError, OSError):
            raise fail("timezone", f"unknown timezone '{data['timezone']}'") from None
    zone = ZoneInfo(str(data.get("timezone", "UTC")))
    checked = record_fields(
        {k: v for k, v in data.items() if k not in ("timezone", "captured")},
        ReadOptions(timezone=zone.key),
        fail,
    )
    if data.get("captured") is not None:  # when the page was saved: "3 hours ago" counts back
        try:
            checked["captured"] = to_datetime(data["captured"], zone)[0]
        except ValueError as err:
            raise fail("captured", f"'captured': {err}") from None
    return {k: v for k, v in checked.items() if v not in ((), None, {})} | (
        {"timezone": zone.key} if "timezone" in data else {}
    )


def apply_defaults(records: list[Record], defaults: dict) -> list[Record]:
    """Fill what records lack from a folder's or a capture's defaults: publisher, sections
    and a fallback date (not for profiles). ``defaults`` may be as written or as
    ``check_defaults`` returns them."""
    if not defaults:
        return records
    if "date_only" not in defaults and not isinstance(defaults.get("sections"), tuple):
        defaults = check_defaults(dict(defaults), _invalid_default)
    result = []
    for record in records:
        changes = {}
        if record.publisher is None and defaults.get("publisher"):
            changes["publisher"] = defaults["publisher"]
        if not record.sections and defaults.get("sections"):
            changes["sections"] = defaults["sections"]
        if record.date is None and defaults.get("date") and not record.about_term:
            changes["date"] = defaults["date"]
            changes["date_only"] = defaults.get("date_only", False)
        result.append(replace(record, **changes) if changes else record)
    return result

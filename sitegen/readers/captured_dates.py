"""Dates as captured news sites print them, read as local times in the site's timezone.

Three places carry dates: a pipe byline (``By A | 2024/2/24 13:22:42``), an article page's
dateline (``2025-08-26 15:57 Last Updated At:08-27 00:27`` or ``…At:23:37``) and a text
dateline opening a paragraph (``Islamabad July 01, 2025: …``). A date is numeric
(year first) or has a month name; a time is optional, and without one the record is
``date_only``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)"
_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"  # one separator
    rf"(?:(?:[ T]|,\s*){_TIME})?"
)
_MONTH_FIRST = re.compile(
    rf"\b(?P<mon>[A-Z][a-z]{{2,8}})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>\d{{4}})(?!\d)"
    rf"(?:,? {_TIME})?"
)
_DAY_FIRST = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}) (?P<mon>[A-Z][a-z]{{2,8}})\.?,? (?P<y>\d{{4}})(?!\d)(?:,? {_TIME})?"
)
# A later time on a dateline: the update, with its month-day (and year) optional.
_LATER = re.compile(r"(?:(?:(?P<y>\d{4})[-/.])?(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[ T]+)?" + _TIME)
# A paragraph's opening dateline: up to four place words, the date, then ':' or a dash.
_PLACE = re.compile(r"(?:[A-Z][\w’'.-]*,?\s+){0,4}")
_DATELINE_END = re.compile(r"\s*(?:[:：]|[-–—]{1,2})")
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True, slots=True)
class Found:
    """A date found in a text: the aware value, whether it had no time, and where it was."""

    value: datetime
    date_only: bool
    start: int
    end: int


def _month(word: str) -> int | None:
    """A month name or its abbreviation (``Sept``, ``Jan``); None for other words."""
    word = word.lower()
    for name, number in _MONTHS.items():
        if len(word) >= 3 and name.startswith(word):
            return number
    return 4 if word == "sept" else None  # the one common four-letter abbreviation


def _build(match: re.Match, month: int | None, zone: tzinfo) -> Found | None:
    if month is None:
        return None
    parts = match.groupdict()
    hour, minute, second = (int(parts[k] or 0) for k in ("H", "M", "S"))
    try:
        value = datetime(int(parts["y"]), month, int(parts["d"]), hour, minute, second, tzinfo=zone)
    except (ValueError, OverflowError):
        return None  # a date-shaped number that is no date (2024-13-45)
    return Found(value, parts["H"] is None, match.start(), match.end())


def find_date(text: str, zone: tzinfo) -> Found | None:
    """The first valid date in ``text``, in any of the printed forms."""
    found = []
    for pattern in (_NUMERIC, _MONTH_FIRST, _DAY_FIRST):
        for match in pattern.finditer(text):
            month = int(match["m"]) if pattern is _NUMERIC else _month(match["mon"])
            date = _build(match, month, zone)
            if date:
                found.append(date)
                break
    return min(found, key=lambda f: f.start, default=None)


def leading_date(text: str, zone: tzinfo) -> Found | None:
    """A date that opens ``text`` (a pipe byline's timestamp)."""
    found = find_date(text[:60], zone)
    return found if found and found.start <= 2 else None


def dateline(text: str, zone: tzinfo) -> tuple[Found, datetime | None] | None:
    """An article page's dateline: a short line led by a date, maybe with an update time."""
    if len(text) > 120:
        return None
    found = find_date(text, zone)
    if not found or found.start > 30 or len(text[found.end :].split()) > 8:
        return None  # a date inside a sentence is not a dateline
    return found, _later(text[found.end :], found)


def _later(rest: str, base: Found) -> datetime | None:
    """The update time after a dateline's date; the missing parts come from that date."""
    match = _LATER.search(rest)
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    start = base.value
    try:
        value = start.replace(
            year=parts.get("y", start.year),
            month=parts.get("m", start.month),
            day=parts.get("d", start.day),
            hour=parts["H"],
            minute=parts["M"],
            second=parts.get("S", 0),
        )
    except ValueError:
        return None
    try:
        if value < start and "d" not in parts:  # 23:50 updated at 00:10: the next day
            value += timedelta(days=1)
        elif value < start and "y" not in parts:  # 12-31 updated 01-01: the next year
            value = value.replace(year=value.year + 1)
    except (ValueError, OverflowError):
        return None  # past the calendar's end, or a 29 February with no twin
    return value


def text_dateline(text: str, zone: tzinfo) -> Found | None:
    """A dateline opening a paragraph: ``Islamabad July 01, 2025: …``."""
    found = find_date(text[:80], zone)
    if not found or not _PLACE.fullmatch(text[: found.start]):
        return None
    return found if _DATELINE_END.match(text, found.end) else None

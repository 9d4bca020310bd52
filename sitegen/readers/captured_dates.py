"""Dates as news sites print them, read as local times in the site's timezone.

A date is numeric (``2024/2/24``, ``2024-02-24T13:22``, ``24.02.2024``) or has a month
name (``May 24, 2017``, ``27th May 2022``, ``Mon, 20 Nov 2017``); a time of day may follow
it (``13:22:42``, ``at 11:25 am``, ``21:45:46 -0500``) or lead it (``10:38pm on May 24``).
A printed UTC offset is kept; otherwise the site's zone applies. Without a time the record
is ``date_only``. Relative times (``3 hours ago``, ``yesterday``) are read only against a
capture time the file gives; without one they are no date.

Where dates sit: a byline's ``| timestamp``, a dateline line (``2025-08-26 15:57 Last
Updated At:08-27 00:27``), a paragraph's opening dateline (``Islamabad July 01, 2025: …``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache

_TIME = (
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)"
    r"(?:\s*(?P<ap>[AaPp])\.?[Mm]\b\.?)?"
    r"(?:\s*(?:GMT|UTC)?\s*(?P<off>[+-]\d{2}:?\d{2})(?!\d)|\s*(?P<z>Z|GMT|UTC)\b)?"
)
_TIME_RE = re.compile(_TIME)
_HOUR_ONLY = re.compile(r"(?P<H>\d{1,2})\s*(?P<ap>[AaPp])\.?[Mm]\b\.?")
# what may stand between a date and its time: "2024-05-01T10:00", "May 1, 2024, at 10:00",
# "25. April 2016 um 10:00", "3 mars 2021 à 14:05", "alle ore 9:30", "kl. 09.32"
_TIME_AFTER = re.compile(r"(?:T|,?\s*(?:at|@|um|à|a las|alle(?: ore)?|ore|kl\.?|klo|[-–—|•·])?\s*)")
# what may stand between a time and the date it precedes: "10:38pm on May 24", "11:25 ET,"
_TIME_BEFORE = re.compile(_TIME + r"(?:\s+[A-Z]{2,4})?(?:\s+on|,)?\s*$")
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC = re.compile(r"(?<![\d.])(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)")
_DAY_DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)")
_SLASHED = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d)")
_MONTH_WORD = r"(?P<mon>[^\W\d_]{3,12})"  # a month's name in any language; _month() judges
_MONTH_FIRST = re.compile(
    rf"\b{_WEEKDAY}{_MONTH_WORD}\.? (?P<d>\d{{1,2}}){_ORDINAL},? (?P<y>\d{{4}})(?!\d)"
)
_DAY_FIRST = re.compile(  # "27th May 2022", "25. April 2016", "25 de abril de 2016"
    rf"(?<![\d.]){_WEEKDAY}(?P<d>\d{{1,2}}){_ORDINAL}\.? (?:of |de )?"
    rf"{_MONTH_WORD}\.?,? (?:de )?(?P<y>\d{{4}})(?!\d)"
)
_RELATIVE = re.compile(
    r"\b(?P<n>\d+|an?|one)\s+(?P<unit>min(?:ute)?|hr|hour|day|week)s?\s+ago\b"
    r"|\b(?P<word>yesterday|today)\b",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.IGNORECASE)
# A later time on a dateline: the update, with its month-day (and year) optional.
_LATER = re.compile(
    r"(?:(?:(?P<y>\d{4})[-/.])?(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[ T]+)?"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)"
)
# A paragraph's opening dateline: up to four place words, the date, then ':' or a dash.
_PLACE = re.compile(r"(?:[A-Z][\w’'.-]*,?\s+){0,4}")
_DATELINE_END = re.compile(r"\s*(?:[:：]|[-–—]{1,2})")
_FOUR_DIGITS = re.compile(r"\d{4}")
# A line that is an all-number date and nothing more, maybe with a time: "05.19.15",
# "3/4/2016 10:00". Whether it is day or month first the list's other dates show.
_NUMBERS_LINE = re.compile(
    r"\s*(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:(?:,?\s+|\s*[|–-]\s*)(?P<time>.{4,12}))?\s*"
)
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_UNITS = {"min": 60, "minute": 60, "hr": 3600, "hour": 3600, "day": 86400, "week": 604800}


@dataclass(frozen=True, slots=True)
class Found:
    """A date found in a text: the aware value, whether it had no time, and where it was."""

    value: datetime
    date_only: bool
    start: int
    end: int


def _month(word: str) -> int | None:
    """A month name or its abbreviation (``Sept``, ``Jan``, ``MAY``, ``aprile``,
    ``März``); None for other words."""
    word = word.lower()
    for name, number in _MONTHS.items():
        if len(word) >= 3 and name.startswith(word):
            return number
    return 9 if word == "sept" else _other_months().get(word)


# The languages whose month names captures are read in, beyond English.
_LANGUAGES = "de fr es it pt nl sv da nb fi pl cs sk sl ro hu tr id ca et lv lt ru uk bg el is"


@cache
def _other_months() -> dict[str, int]:
    """Month names and abbreviations in the languages above, from the Unicode CLDR data
    Babel ships (both the forms used in dates and the stand-alone ones: Russian
    ``апреля`` and ``апрель``). A word naming two months in two languages is left out."""
    from babel.dates import get_month_names  # loaded on the first non-English month

    months: dict[str, set[int]] = {}
    for language in _LANGUAGES.split():
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    if len(name := name.lower().rstrip(".")) >= 3:
                        months.setdefault(name, set()).add(number)
    return {name: numbers.pop() for name, numbers in months.items() if len(numbers) == 1}


def _clock(match: re.Match) -> tuple[int, int, int, tzinfo | None] | None:
    """Hour, minute, second and any printed offset of a time match; None for no time."""
    hour = int(match["H"])
    minute = int(match.groupdict().get("M") or 0)
    second = int(match.groupdict().get("S") or 0)
    if match["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = None
    if match.groupdict().get("off"):
        sign = -1 if match["off"][0] == "-" else 1
        digits = match["off"][1:].replace(":", "")
        zone = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    elif match.groupdict().get("z"):
        zone = UTC
    return hour, minute, second, zone


def _time_near(text: str, start: int, end: int) -> tuple[tuple, int, int] | None:
    """The time printed right after a date (``, at 11:25 am``) or right before it
    (``10:38pm on``): the clock and the span it widens the date to."""
    after = _TIME_AFTER.match(text, end)
    at = after.end() if after else end
    for pattern in (_TIME_RE, _HOUR_ONLY):
        match = pattern.match(text, at)
        if match and (clock := _clock(match)):
            return clock, start, match.end()
    before = _TIME_BEFORE.search(text[max(0, start - 40) : start])
    if before and (clock := _clock(before)):
        return clock, max(0, start - 40) + before.start(), end
    return None


def _make(
    text: str, span: tuple[int, int], ymd: tuple[int, int, int], zone: tzinfo
) -> Found | None:
    year, month, day = ymd
    timed = _time_near(text, *span)
    hour, minute, second, printed = timed[0] if timed else (0, 0, 0, None)
    start, end = (timed[1], timed[2]) if timed else span
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=printed or zone)
    except (ValueError, OverflowError):
        return None  # a date-shaped number that is no date (2024-13-45)
    return Found(value, timed is None, start, end)


def _ymd(pattern: re.Pattern, match: re.Match) -> tuple[int, int, int] | None:
    if pattern is _SLASHED:  # 05/24/2017 or 24/05/2017: read only when the order is clear
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b:
            return int(match["y"]), b, a
        if b > 12 >= a:
            return int(match["y"]), a, b
        return None
    month = int(match["m"]) if "m" in match.groupdict() else _month(match["mon"])
    return (int(match["y"]), month, int(match["d"])) if month else None


_PATTERNS = (_NUMERIC, _MONTH_FIRST, _DAY_FIRST, _DAY_DOTTED, _SLASHED)


def find_dates(text: str, zone: tzinfo) -> list[Found]:
    """Every valid date in ``text``, in order, none overlapping another."""
    if not _FOUR_DIGITS.search(text):
        return []  # every form has a year
    found: list[Found] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            ymd = _ymd(pattern, match)
            date = _make(text, match.span(), ymd, zone) if ymd else None
            if date and not any(f.start < date.end and date.start < f.end for f in found):
                found.append(date)
    return sorted(found, key=lambda f: f.start)


def find_date(text: str, zone: tzinfo) -> Found | None:
    """The first valid date in ``text``, in any of the printed forms."""
    found = find_dates(text, zone)
    return found[0] if found else None


def list_dates(texts: list[str], zone: tzinfo) -> dict[str, Found]:
    """The all-number date lines of a list (``05.19.15``, ``05.06.15``) read in the order
    the list itself shows: a first number over 12 is a day, a second one over 12 makes
    the first a month. A list that never shows its order keeps such lines undated."""
    lines = {text: m for text in texts if (m := _NUMBERS_LINE.fullmatch(text))}
    day_first = {
        int(m["a"]) > 12 for m in lines.values() if (int(m["a"]) > 12) != (int(m["b"]) > 12)
    }
    if len(day_first) != 1:
        return {}  # no line shows the order, or lines disagree
    first_is_day = day_first.pop()
    found = {}
    for text, match in lines.items():
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        day, month = (a, b) if first_is_day else (b, a)
        if year < 100:  # a fixed pivot, not today's century, for reproducible builds
            year += 2000 if year < 70 else 1900
        if date := _make(text, (match.start("a"), match.end("y")), (year, month, day), zone):
            found[text] = date
    return found


def relative_date(text: str, captured: datetime | None) -> Found | None:
    """``3 hours ago``, ``2 days ago``, ``yesterday`` against the capture time; None
    without one. Hours and minutes keep the time of day; days and weeks give a day."""
    match = _RELATIVE.search(text) if captured else None
    if not match:
        return None
    if match["word"]:
        days = 1 if match["word"].lower() == "yesterday" else 0
        return Found(captured - timedelta(days=days), True, match.start(), match.end())
    count = 1 if not match["n"].isdigit() else int(match["n"])
    unit = match["unit"].lower()
    seconds = count * _UNITS[unit]
    value = captured - timedelta(seconds=seconds)
    return Found(value, seconds >= 86400, match.start(), match.end())


def is_update(text: str, found: Found) -> bool:
    """Whether the words just before a date say it is an update time."""
    return bool(_UPDATED.search(text[max(0, found.start - 24) : found.start]))


def leading_date(text: str, zone: tzinfo) -> Found | None:
    """A date that opens ``text`` (a pipe byline's timestamp)."""
    found = find_date(text[:80], zone)
    return found if found and found.start <= 2 else None


def dateline(text: str, zone: tzinfo) -> tuple[Found, datetime | None] | None:
    """An article page's dateline: a short line led by a date, maybe with an update time."""
    if len(text) > 120:
        return None
    found = find_date(text, zone)
    if not found or found.start > 30 or len(text[found.end :].split()) > 8:
        return None  # a date inside a sentence is not a dateline
    later = find_dates(text[found.end :], zone)
    if later:  # "Published May 1, 2024 Updated May 2, 2024"
        return found, later[0].value
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

"""Turning the dates sources give into timezone-aware datetimes."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

# Tried in order after ISO 8601 (which fromisoformat covers, 'T' or space, with or without offset).
_FORMATS = (
    ("%Y/%m/%d %H:%M:%S", False),
    ("%Y/%m/%d %H:%M", False),
    ("%Y/%m/%d", True),
    ("%B %d, %Y", True),
    ("%b %d, %Y", True),
    ("%d %B %Y", True),
    ("%d %b %Y", True),
)


def to_datetime(value: object, zone: tzinfo) -> tuple[datetime, bool]:
    """Parse a date value into ``(aware datetime, date_only)``; naive times take ``zone``.

    Raises ``ValueError`` with a readable message for anything that is not a date.
    """
    if isinstance(value, datetime):
        return _aware(value, zone), False
    if isinstance(value, date):
        return datetime.combine(value, time(), zone), True
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {type(value).__name__} {value!r}")
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _aware(parsed, zone), len(text) <= 10
    except ValueError:
        pass
    for fmt, date_only in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone), date_only
        except ValueError:
            continue
    raise ValueError(f"invalid date {value!r} (use e.g. 2024-05-01 or 2024-05-01T09:30:00+08:00)")


def _aware(value: datetime, zone: tzinfo) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=zone)

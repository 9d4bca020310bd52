"""Captured news: text saved from news sites, many articles to a file, boilerplate and all.

Each non-blank line is a unit (a paragraph, a heading, a byline…). The file is recognised
by the shapes its units make, never by particular words:

- an author page: a name, a role and a bio, then bulleted items, each a title line, a
  summary and a ``By A, B and C | timestamp`` byline;
- a section front: teasers ending in a bracketed ellipsis (``[…]``), each maybe followed
  by the full article, whose first unit is a byline with section labels glued on
  (``Tec WorldBy Cui Yan, People’s Daily``); the teaser then summarises the article;
- an article page: a title, section labels, the title again, a dateline (date, then
  maybe an update time), the body, the title twice to close, then recommended articles
  (body, title twice) and trailing boilerplate;
- a wire: one-paragraph briefs, one per unit.

Anything else becomes one record for the file, with a warning. Captured text is always
text: it is escaped, never read as markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from ..config import key_line
from ..dates import to_datetime
from ..errors import Problem, SitegenError
from ..model import ReadOptions, ReadResult, Record
from ..text import paragraphs_html
from .fields import apply_defaults, check_defaults, make_record
from .markdown import split_front_matter

Unit = tuple[int, str]  # (line number, text)

_TEASER_END = re.compile(r"\s*\[\s*(?:…|\.{3})\s*\]\s*$")
_BULLET = re.compile(r"^[•·▪◦‣*-]\s+(?P<text>\S.*)$")
_PIPE_BYLINE = re.compile(r"^(?:By\s+)+(?P<names>.+?)\s*\|\s*(?P<when>.+)$")
_DATELINE = re.compile(
    r"^(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\b(?P<rest>.*)$"
)
_LATER_TIME = re.compile(
    r"(?:(?P<month>\d{1,2})-(?P<day>\d{1,2})\s+)?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
)
_TEXT_DATE = re.compile(r"\b(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})\s*:")
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "WorldBy", "WorldIslamabad"
_LABEL = re.compile(r"^[A-Z][A-Za-z&-]{1,20}$")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w’'. -]*$")  # "Fan Lingzhi in Geneva"
_NAME = re.compile(r"^[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}$")
_PLACEHOLDER = re.compile(r"lorem ipsum", re.IGNORECASE)
_SENTENCE_END = (".", '"', "”", "’", "?", "!", ")", "。")


def read(text: str, source: str, options: ReadOptions) -> ReadResult:
    """Read one captured file into records, in file order."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    defaults, body_start = _front_matter(text, source)
    if "timezone" in defaults:
        options = ReadOptions(defaults["timezone"], options.trust_html, options.summary_chars)
    units = [
        (n, " ".join(line.split()))
        for n, line in enumerate(text.split("\n"), 1)
        if n >= body_start and line.strip()
    ]
    warnings: list[Problem] = []
    if not units:
        return ReadResult([], [Problem(source, 0, "no text in this capture")])
    reader = _Reader(source, options)
    for shape in (reader.author_page, reader.section_front, reader.article_page, reader.wire):
        found = shape(units)
        if found is not None:
            break
    else:
        found = [reader.record(units[0][0], "article", body=[t for _, t in units])]
        warnings.append(Problem(source, units[0][0], "no known capture shape; read as one article"))
    return ReadResult(apply_defaults(found, defaults), warnings)


def _front_matter(text: str, source: str) -> tuple[dict, int]:
    """Defaults from a YAML block at the top (publisher, section, timezone, date), and the
    line the capture itself starts on."""
    if not text.startswith(("---\n", "+++\n")):
        return {}, 1
    data, header, _ = split_front_matter(text, source)

    def fail(key: str, message: str) -> SitegenError:
        line = key_line(header, key)
        return SitegenError(message, source, line + 1 if line else 1)

    return check_defaults(data, fail), header.count("\n") + 4


class _Reader:
    def __init__(self, source: str, options: ReadOptions):
        self.source = source
        self.options = options
        self.zone = ZoneInfo(options.timezone)
        self.count = 0

    def record(
        self,
        line: int,
        kind: str,
        *,
        body: list[str],
        title: str | None = None,
        summary: str | None = None,
        summary_derived: bool = False,
        **fields,
    ) -> Record:
        values = {"kind": kind, "title": title, "summary": summary, **fields}
        record = make_record(
            self.source, line, self.count, values, paragraphs_html(body), self.options
        )
        if summary_derived:  # a teaser that summarises its article: shown, not the source's
            record = _with_derived(record, "summary")
        self.count += 1
        return record

    def when(self, value: str) -> tuple[datetime | None, bool]:
        try:
            return to_datetime(value, self.zone)
        except ValueError:
            return None, False

    # -- author page -------------------------------------------------------------------
    def author_page(self, units: list[Unit]) -> list[Record] | None:
        bullets = [i for i, (_, t) in enumerate(units) if _BULLET.match(t)]
        bylines = [i for i, (_, t) in enumerate(units) if _PIPE_BYLINE.match(t)]
        with_text = [
            i for i in bullets if i + 1 < len(units) and not _BULLET.match(units[i + 1][1])
        ]
        if len(bylines) < 2 and (len(bullets) < 2 or len(with_text) < len(bullets) / 2):
            return None  # a list of items needs bylines, or text under most of its bullets
        starts = bullets or [i - 2 for i in bylines if i >= 2]
        records = []
        header = units[: starts[0]]
        if len(header) >= 2:  # name, role, bio
            name, role = header[0][1], header[1][1]
            bio = [t for _, t in header[2:]]
            records.append(
                self.record(
                    header[0][0],
                    "profile",
                    body=bio,
                    title=name,
                    summary=" ".join(bio) or None,
                    authors=(name,),
                    role=role,
                )
            )
        for start, end in zip(starts, starts[1:] + [len(units)], strict=True):
            item = units[start:end]
            line, first = item[0]
            title = _BULLET.match(first).group("text") if _BULLET.match(first) else first
            rest = [t for _, t in item[1:]]
            byline = next((t for t in rest if _PIPE_BYLINE.match(t)), None)
            summary = [t for t in rest if t is not byline]
            fields = {}
            if byline:
                match = _PIPE_BYLINE.match(byline)
                fields["authors"] = split_names(match.group("names"))
                fields["date"], fields["date_only"] = self.when(match.group("when"))
            records.append(
                self.record(
                    line,
                    "listing",
                    body=summary,
                    title=title,
                    summary=" ".join(summary) or None,
                    **fields,
                )
            )
        return records

    # -- section front -------------------------------------------------------------------
    def section_front(self, units: list[Unit]) -> list[Record] | None:
        teasers = [i for i, (_, t) in enumerate(units) if _TEASER_END.search(t)]
        if len(teasers) < 2:
            return None
        publishers = _publishers(units)
        records = []
        for n, i in enumerate(teasers):
            line, text = units[i]
            labels, rest = split_labels(_TEASER_END.sub("", text))
            authors, publisher, rest = _byline_prefix(rest, publishers)
            if not (labels or authors) and (
                _PLACEHOLDER.search(rest) or not _TEXT_DATE.search(rest)
            ):
                continue  # placeholder text with no attribution: page furniture
            end = teasers[n + 1] if n + 1 < len(teasers) else len(units)
            article = units[i + 1 : end]
            byline = _standalone_byline(article[0][1], publishers) if article else None
            if byline:
                a_labels, a_authors, a_publisher = byline
                records.append(
                    self.record(
                        line,
                        "article",
                        body=[t for _, t in article[1:]],
                        summary=rest,
                        summary_derived=True,
                        sections=tuple(a_labels),
                        authors=a_authors,
                        publisher=a_publisher,
                    )
                )
                continue
            dated = _TEXT_DATE.search(rest[:80])
            date, date_only = self.when(dated.group("date")) if dated else (None, False)
            records.append(
                self.record(
                    line,
                    "teaser",
                    body=[rest],
                    summary=rest,
                    sections=tuple(labels),
                    authors=authors,
                    publisher=publisher,
                    date=date,
                    date_only=date_only,
                )
            )
        return records

    # -- article page --------------------------------------------------------------------
    def article_page(self, units: list[Unit]) -> list[Record] | None:
        texts = [t for _, t in units]
        counts = Counter(texts)
        dateline = next((i for i, t in enumerate(texts[:12]) if _DATELINE.match(t)), None)
        heads = range(dateline - 1, -1, -1) if dateline else range(min(6, len(texts)))
        title_at = next((i for i in heads if counts[texts[i]] >= 2 and _is_heading(texts[i])), None)
        if title_at is None or (dateline is None and texts.index(texts[title_at]) != title_at):
            return None
        title = texts[title_at]
        first = texts.index(title)
        if dateline is None:  # no dateline: the body starts after the title's second showing
            title_at = texts.index(title, first + 1)
            opening = title_at
        else:
            opening = dateline
        sections = tuple(dict.fromkeys(t for t in texts[first + 1 : title_at] if t != title))
        date, updated = self._dateline(texts[dateline]) if dateline is not None else (None, None)
        end = next((i for i in range(opening + 1, len(texts)) if texts[i] == title), len(texts))
        records = [
            self.record(
                units[first][0],
                "article",
                body=texts[opening + 1 : end],
                title=title,
                sections=sections,
                date=date,
                updated=updated,
            )
        ]
        i = end
        while i < len(texts) and texts[i] == title:
            i += 1
        body_start = i
        while i + 1 < len(texts):
            if texts[i] == texts[i + 1] and i > body_start:  # a title doubled closes a story
                records.append(
                    self.record(
                        units[body_start][0], "article", body=texts[body_start:i], title=texts[i]
                    )
                )
                i += 2
                body_start = i
            else:
                i += 1
        return records

    def _dateline(self, text: str) -> tuple[datetime | None, datetime | None]:
        match = _DATELINE.match(text)
        date, _ = self.when(match.group("date"))
        later = _LATER_TIME.search(match.group("rest"))
        if not (date and later):
            return date, None
        month = int(later.group("month") or date.month)
        day = int(later.group("day") or date.day)
        hour, minute, *second = (int(x) for x in later.group("time").split(":"))
        try:
            updated = date.replace(
                month=month, day=day, hour=hour, minute=minute, second=second[0] if second else 0
            )
        except ValueError:
            return date, None
        return date, updated

    # -- wire of briefs ------------------------------------------------------------------
    def wire(self, units: list[Unit]) -> list[Record] | None:
        sentences = [t for _, t in units if len(t) >= 60 and t.endswith(_SENTENCE_END)]
        if len(units) < 2 or len(sentences) < 0.8 * len(units):
            return None
        return [self.record(line, "brief", body=[text]) for line, text in units]


def _is_heading(text: str) -> bool:
    return len(text) <= 200 and not text.endswith((".", ":", ";", ","))


def _with_derived(record: Record, name: str) -> Record:

    return replace(record, derived=record.derived | {name})


def split_names(text: str) -> tuple[str, ...]:
    """``By By A, B in City and C`` → ``("A", "B", "C")``."""
    text = re.sub(r"^(?:By\s+)+", "", text.strip())
    parts = re.split(r",\s*|\s+and\s+", text)
    names = [_IN_PLACE.sub("", p).strip() for p in parts]
    return tuple(n for n in names if n)


def split_labels(text: str) -> tuple[list[str], str]:
    """Section labels glued to what follows: ``Tec WorldBy …`` → (["Tec", "World"], "By …")."""
    words = text.split(" ")
    for i, word in enumerate(words[:4]):
        glue = _GLUE.search(word)
        if glue and all(_LABEL.match(w) for w in words[:i]) and _LABEL.match(word[: glue.start()]):
            rest = " ".join([word[glue.start() :], *words[i + 1 :]])
            if rest.startswith("By ") or _TEXT_DATE.search(rest[:60]):  # a byline or dateline
                return words[:i] + [word[: glue.start()]], rest
        if not _LABEL.match(word):
            break
    return [], text


def _byline_prefix(text: str, publishers: set[str]) -> tuple[tuple[str, ...], str | None, str]:
    """A teaser's leading ``By A, B, Publisher`` → (authors, publisher, the teaser text)."""
    if not text.startswith("By "):
        return (), None, text
    for publisher in sorted(publishers, key=len, reverse=True):
        at = text.find(publisher)
        if at > 0:
            names = split_names(text[:at].rstrip(" ,"))
            return names, publisher, text[at + len(publisher) :].strip()
    words = text.split(" ")[1:]
    names = []
    while words and re.match(r"^[A-Z][\w’'.-]*,?$", words[0]) and len(names) < 3:
        names.append(words.pop(0))
    return split_names(" ".join(names).rstrip(",")), None, " ".join(words)


def _standalone_byline(text: str, publishers: set[str]):
    """``WorldBy A, B, Publisher`` alone on its line → (labels, authors, publisher)."""
    labels, rest = split_labels(text)
    if not rest.startswith("By ") or len(rest) > 150:
        return None
    parts = [p.strip() for p in re.split(r",\s*", re.sub(r"^(?:By\s+)+", "", rest))]
    publisher = parts.pop() if len(parts) > 1 and parts[-1] in publishers else None
    authors = split_names(", ".join(parts))
    if not authors or not all(_NAME.match(a) for a in authors):
        return None  # a sentence that happens to start with "By"
    return labels, authors, publisher


def _publishers(units: list[Unit]) -> set[str]:
    """Publishers are the trailing byline parts that recur across a file's bylines."""
    tails: Counter = Counter()
    for _, text in units:
        _, rest = split_labels(_TEASER_END.sub("", text))
        if rest.startswith("By ") and len(rest) <= 150:
            parts = re.split(r",\s*", rest)
            if len(parts) > 1:
                tails[parts[-1].strip()] += 1
    return {tail for tail, n in tails.items() if n >= 2 and _NAME.match(tail)}

"""The captured-news reader: the five real captures against ../shared/seeds/expected.jsonl,
captures written for the tests (the seeds' shapes with other words, names, dates and
layouts), derived headlines, defaults, odd input and a fuzz test."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_seeds import FIELDS

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions, ReadResult, Record
from sitegen.readers.captured import (
    apply_defaults,
    derive_headline,
    read,
    split_labels,
    split_names,
)
from sitegen.records import describe, local_iso

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CAPTURES = Path(__file__).resolve().parent / "captures"
SEED_FIELDS = FIELDS
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def local(value: datetime | None, date_only: bool = False) -> str | None:
    """A date as the source printed it (the form `sitegen records` prints)."""
    return local_iso(value, date_only)


def as_expected(record: Record) -> dict:
    """A record in expected.jsonl's terms, as `sitegen records` describes it."""
    described = describe(record)
    return {key: described[key] for key in ("title", *SEED_FIELDS)}


def read_capture(name: str, timezone: str = "UTC") -> ReadResult:
    text = (CAPTURES / name).read_bytes().decode("utf-8")
    return read(text, name, ReadOptions(timezone=timezone))


# -- the five real captures --------------------------------------------------------------------


def _expected() -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    if (SEEDS / "expected.jsonl").is_file():
        for line in (SEEDS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_file.setdefault(row["file"], []).append(row)
    return by_file


EXPECTED = _expected()


@pytest.mark.skipif(not EXPECTED, reason=f"no seeds at {SEEDS} (clone shared/ beside the repo)")
@pytest.mark.parametrize("name", sorted(EXPECTED) or ["none"])
def test_seed_records_match_expected(name):
    zone = "Asia/Shanghai"
    result = read((SEEDS / name).read_text(encoding="utf-8"), name, ReadOptions(timezone=zone))
    want = EXPECTED[name]
    problems = []
    if len(result.records) != len(want):
        problems.append(f"{name}: {len(result.records)} records, expected {len(want)}")
    for row, record in zip(want, result.records, strict=False):
        got = as_expected(record) | {"index": record.index}
        fields = ("index", *SEED_FIELDS) + (("title",) if row["title"] is not None else ())
        problems += [
            f"{name}#{row['index']} {field}: got {got[field]!r}, want {row.get(field)!r}"
            for field in fields
            if got[field] != row.get(field)
        ]
        assert record.source == name
        assert record.date is None or record.date.tzinfo == ZoneInfo(zone)
    assert problems == [], f"{len(problems)} mismatches:\n" + "\n".join(problems[:40])
    assert [r.line for r in result.records] == sorted(r.line for r in result.records)


@pytest.mark.skipif(not EXPECTED, reason=f"no seeds at {SEEDS}")
def test_seed_records_without_a_title_get_a_derived_headline():
    for name in EXPECTED:
        records = read((SEEDS / name).read_text(encoding="utf-8"), name, ReadOptions()).records
        for record in records:
            if record.kind != "profile" and "title" in record.derived:
                assert record.title and len(record.title) <= 100


# -- captures written for the tests ------------------------------------------------------------


def rows(name: str, timezone: str = "UTC") -> list[tuple]:
    """Each record as (kind, title, authors, date, updated, sections, publisher, paragraphs);
    a derived title shows as None."""
    keys = ("kind", "title", "authors", "date", "updated", "sections", "publisher", "paragraphs")
    result = read_capture(name, timezone)
    return [tuple(as_expected(r)[k] for k in keys) for r in result.records]


def test_section_front_teasers_articles_labels_and_a_body_line_starting_with_by():
    result = read_capture("section-front.txt")
    assert rows("section-front.txt") == [
        ("teaser", None, ["Ana Ruiz"], None, None, [], "Harbour Herald", 1),
        ("teaser", None, ["Tom Weller"], None, None, ["Sport"], "Harbour Herald", 1),
        (
            "article",
            None,
            ["Tom Weller", "Lena Park"],
            None,
            None,
            ["Sport", "Local"],
            "Harbour Herald",
            3,
        ),
        ("article", None, ["Ines Duarte"], None, None, ["Culture"], "Harbour Herald", 2),
    ]
    stadium = result.records[2]
    assert "<p>By agreement with the city, the club will pay" in stadium.body_html
    assert stadium.summary.startswith("The new stadium roof will be finished")
    assert "summary" in stadium.derived  # the teaser is the article's opening, cut short
    assert result.records[0].summary.startswith("Fishermen in the southern bay")
    assert [r.line for r in result.records] == [2, 3, 4, 9]
    assert result.warnings == []


def test_section_front_with_menus_blank_lines_four_coauthors_and_a_dated_teaser():
    result = read_capture("section-front-spaced.txt")
    writers = ["Omar Haddad", "Jonas Berg", "Mei Tan", "Luis Ortega"]
    assert rows("section-front-spaced.txt") == [
        ("article", None, ["Priya Nair"], None, None, ["Business"], "Coastal Courier", 2),
        ("article", None, writers, None, None, ["Science", "Environment"], "Coastal Courier", 2),
        ("teaser", None, [], "2025-03-03", None, ["Travel"], None, 1),
    ]
    flood, vessel, flights = result.records
    assert "Share" not in flood.body_html and "Share" not in vessel.body_html
    assert flights.date_only and flights.summary.startswith("Geneva March 3, 2025: Airlines")
    assert result.warnings == []


def test_section_front_with_ascii_ellipses_and_lone_teasers():
    assert rows("section-front-dotted.txt") == [
        ("article", None, ["Ana Costa"], None, None, ["City"], "The Daily Beacon", 2),
        ("teaser", None, ["Ana Costa"], None, None, [], "The Daily Beacon", 1),
        ("teaser", None, ["Marco Valli"], None, None, [], None, 1),
    ]
    records = read_capture("section-front-dotted.txt").records
    assert "By Friday, Officials said" in records[0].body_html
    assert records[1].summary.startswith("A heatwave warning was issued")
    assert records[2].summary == (
        "The council postponed its budget vote after a late amendment from the opposition"
    )


def test_a_byline_under_a_teaser_must_be_its_own_and_a_missing_byline_is_tolerated():
    result = read_capture("section-front-mixed.txt")
    assert rows("section-front-mixed.txt") == [
        ("teaser", None, ["Ana Costa"], None, None, [], "The Daily Beacon", 1),
        ("article", None, ["Rui Lopes"], None, None, ["Culture"], "The Daily Beacon", 2),
        ("article", None, ["Ana Costa"], None, None, [], "The Daily Beacon", 2),
    ]
    flood, orchestra, buses = result.records
    assert flood.summary.startswith("Flood barriers") and orchestra.line == 2
    assert "summary" in buses.derived and buses.summary.startswith("The night bus network")


def test_lone_teasers_share_their_publisher_where_their_bylines_end():
    result = read_capture("section-front-teasers-only.txt")
    assert rows("section-front-teasers-only.txt") == [
        ("teaser", None, ["Priya Nair"], None, None, [], "Coastal Courier", 1),
        ("teaser", None, ["Jonas Berg"], None, None, ["Sport"], "Coastal Courier", 1),
        ("teaser", None, ["Mei Tan", "Luis Ortega"], None, None, [], "Coastal Courier", 1),
    ]
    assert [r.summary.split(",")[0] for r in result.records] == [
        "On March 3",
        "At the city's oldest stadium",
        "“We never expected this",
    ]


def test_articles_that_open_on_a_bare_byline():
    assert rows("byline-front.txt") == [
        ("article", None, ["Sara Lind"], None, None, [], "Nordic Post", 2),
        ("article", None, ["Erik Holm", "Ida Berg"], "2025-11-14", None, [], "Nordic Post", 2),
        ("article", None, ["Nils Dahl"], None, None, [], None, 1),
    ]


def test_author_page_with_four_coauthors_cities_and_a_doubled_by():
    result = read_capture("author-page.txt")
    assert rows("author-page.txt") == [
        ("profile", "Maria Okafor", ["Maria Okafor"], None, None, [], None, 1),
        (
            "listing",
            "Refinery output doubles as new units come online",
            ["Maria Okafor", "Tunde Bello", "Grace Eze", "Samuel Obi"],
            "2025-03-04T09:05:11",
            None,
            [],
            None,
            1,
        ),
        (
            "listing",
            "Port congestion eases after customs reform",
            ["Maria Okafor", "Kwame Mensah"],
            "2025-02-27T18:40:02",
            None,
            [],
            None,
            1,
        ),
    ]
    profile, refinery, _ = result.records
    assert profile.role == "Correspondent, Lagos"
    assert profile.summary.startswith("Maria Okafor reports on energy markets")
    assert refinery.summary.startswith("The Dangote plant's second crude unit")
    assert result.warnings == []


def test_author_page_without_bullets_or_by_and_with_a_menu_above_the_name():
    result = read_capture("author-page-plain.txt")
    assert rows("author-page-plain.txt") == [
        ("profile", "Lena Fischer", ["Lena Fischer"], None, None, [], None, 2),
        (
            "listing",
            "Glaciers in the Alps lost a record share of their ice this summer",
            ["Lena Fischer"],
            "2025-09-12T08:30:00",
            None,
            [],
            None,
            1,
        ),
        (
            "listing",
            "Telescope spots water vapour on a distant planet",
            ["Lena Fischer", "Arjun Rao", "Kim Soo-jin", "Tom Hale"],
            "2025-08-01T07:05:09",
            None,
            [],
            None,
            1,
        ),
    ]
    assert result.records[0].role == "Science Editor"


def test_article_page_with_windows_line_endings_and_a_recommended_story():
    assert b"\r\n" in (CAPTURES / "article-page-crlf.txt").read_bytes()
    title = "Ferry service resumes on northern route"
    assert rows("article-page-crlf.txt") == [
        ("article", title, [], "2024-11-03T08:15:00", "2024-11-04T10:02:00", ["Travel"], None, 2),
        ("article", "Council backs riverside tree plan", [], None, None, [], None, 1),
    ]


def test_article_page_without_a_dateline_and_its_boilerplate():
    assert rows("article-page-no-dateline.txt") == [
        ("article", "Museum reopens its east wing", [], None, None, [], None, 2)
    ]


def test_article_page_boilerplate_placeholder_and_an_update_in_the_next_year():
    assert b"\r\n" in (CAPTURES / "article-page-boilerplate.txt").read_bytes()
    result = read_capture("article-page-boilerplate.txt")
    assert rows("article-page-boilerplate.txt") == [
        (
            "article",
            "River port expands as grain exports climb",
            [],
            "2024-12-31",
            "2025-01-01T09:10:00",
            ["Economy"],
            None,
            2,
        ),
        ("article", "Canal footbridge opens to walkers", [], None, None, [], None, 1),
        ("article", "Library extends its weekend opening hours", [], None, None, [], None, 1),
    ]
    port = result.records[0]
    assert "Lorem" not in port.body_html and "Share" not in port.body_html
    assert "<p>By 2027 the port expects" in port.body_html  # body text, not a byline
    assert port.line == 5 and result.records[2].line == 33
    assert result.warnings == []


def test_article_page_with_two_labels_a_subheading_and_a_time_only_update():
    result = read_capture("article-page-labels.txt", "Europe/Berlin")
    assert rows("article-page-labels.txt", "Europe/Berlin") == [
        (
            "article",
            "Harbour cranes get an upgrade",
            [],
            "2025-05-06T11:20:00",
            "2025-05-06T14:05:00",
            ["World", "Asia"],
            None,
            3,
        )
    ]
    assert result.records[0].date.utcoffset().total_seconds() == 2 * 3600  # CEST


def test_article_page_with_a_byline_in_its_header():
    assert rows("article-page-byline.txt") == [
        (
            "article",
            "Floods close the valley road",
            ["Ana Lopez", "Ben Cole"],  # after "A and B", the last comma part is no co-author
            "2025-02-03T07:30:00",
            None,
            ["Weather"],
            "Valley Times",
            2,
        )
    ]


def test_a_stray_timestamped_byline_does_not_make_an_author_page():
    text = (CAPTURES / "section-front.txt").read_text() + "By Lena Park | 2025/1/2 10:00\n"
    assert [r.kind for r in read(text, "s.txt", ReadOptions()).records] == [
        "teaser",
        "teaser",
        "article",
        "article",
    ]


def test_briefs_with_extra_blank_lines():
    assert [r[0] for r in rows("briefs.txt")] == ["brief"] * 3
    assert [r.line for r in read_capture("briefs.txt").records] == [1, 4, 6]


def test_wire_drops_furniture_and_keeps_a_brief_starting_with_by():
    result = read_capture("wire-furniture.txt")
    briefs = result.records
    assert [(r.kind, r.line, local(r.date, r.date_only)) for r in briefs] == [
        ("brief", 4, None),
        ("brief", 6, "2025-03-03"),
        ("brief", 9, None),
    ]
    assert briefs[0].body_html.startswith("<p>By 2030, the region")
    assert result.warnings == []


def test_titled_briefs_take_the_heading_above_them():
    assert rows("titled-briefs.txt") == [
        ("listing", "Bridge repairs finish early", [], None, None, [], None, 1),
        ("listing", "New bus route links the airport", [], None, None, [], None, 2),
        ("listing", "School meals get more vegetables", [], None, None, [], None, 1),
    ]


def test_captured_text_is_escaped_never_markup():
    text = "<script>alert(1)</script> & friends said on Monday that prices rose 5 percent.\n"
    (record,) = read(text, "x.txt", ReadOptions()).records
    assert "<script>" not in record.body_html and "&lt;script&gt;" in record.body_html


# -- derived headlines -------------------------------------------------------------------------


def test_derived_headline_is_flagged_short_and_cut_at_a_word():
    records = read_capture("briefs.txt").records
    assert records[0].title == (
        "The regional parliament approved a new water law on Thursday, setting limits on groundwater use…"
    )
    for record in records:
        text = html.unescape(_PARAGRAPH.findall(record.body_html)[0])
        assert "title" in record.derived and len(record.title) <= 100
        stem = record.title.removesuffix("…")
        assert text.startswith(stem) and text[len(stem)] in " ,.;:"


def test_derived_headline_is_the_first_sentence_and_skips_abbreviations():
    assert derive_headline("Prices fell. Then they rose.") == "Prices fell"
    assert derive_headline("The U.S. and Mr. Li met on Friday. Talks went well.") == (
        "The U.S. and Mr. Li met on Friday"
    )
    assert derive_headline("Will it rain? Nobody knows.") == "Will it rain?"
    long = derive_headline("word " * 60)
    assert len(long) <= 100 and long.endswith("word…")


# -- bylines and labels ------------------------------------------------------------------------


def test_bylines_and_labels():
    assert split_names("By By A Li, B Wu in Paris and C Ode in Rome") == ("A Li", "B Wu", "C Ode")
    assert split_labels("Tec WorldBy Cui Yan, Paper") == (["Tec", "World"], "By Cui Yan, Paper")
    assert split_labels("Culture WorldIslamabad July 01, 2025: Text") == (
        ["Culture", "World"],
        "Islamabad July 01, 2025: Text",
    )
    assert split_labels("The McDonald family") == ([], "The McDonald family")


# -- unknown shapes, empty files, defaults -----------------------------------------------------


def test_unknown_shapes_warn_and_never_vanish():
    result = read_capture("odd.txt")
    assert [(r.kind, r.title, r.line) for r in result.records] == [("article", "TODO list", 1)]
    assert [str(w) for w in result.warnings] == [
        "odd.txt:1: no known capture shape; read as 1 article"
    ]
    result = read_capture("odd-blocks.txt")
    assert [(r.line, as_expected(r)["paragraphs"]) for r in result.records] == [(1, 2), (5, 1)]
    assert [str(w) for w in result.warnings] == [
        "odd-blocks.txt:1: no known capture shape; read as 2 articles, one per paragraph block"
    ]


def test_empty_and_placeholder_only_files_warn():
    for text in ("", "\n\n  \r\n"):
        empty = read(text, "e.txt", ReadOptions())
        assert empty.records == []
        assert [str(w) for w in empty.warnings] == ["e.txt: no text in this capture"]
    filler = read("\nLorem ipsum dolor sit amet […]\n", "f.txt", ReadOptions())
    assert filler.records == [] and [str(w) for w in filler.warnings] == [
        "f.txt:2: only placeholder text"
    ]


def test_front_matter_gives_defaults_and_its_timezone():
    records = read_capture("defaults.txt").records
    assert [(r.publisher, r.sections, r.line) for r in records] == [
        ("Valley Times", ("Wire",), 6),
        ("Valley Times", ("Wire",), 8),
    ]
    tokyo = "---\ntimezone: Asia/Tokyo\n---\n" + (CAPTURES / "author-page.txt").read_text()
    records = read(tokyo, "t.txt", ReadOptions(timezone="UTC")).records
    assert records[1].date.isoformat() == "2025-03-04T09:05:11+09:00"
    assert records[1].line == 10  # lines count from the top of the file


def test_front_matter_date_is_a_fallback_only():
    text = (
        "---\ndate: 2025-03-01\nsections: [Local, Wire]\n---\n"
        + (CAPTURES / "article-page-crlf.txt").read_text()
    )
    main, recommended = read(text, "d.txt", ReadOptions()).records
    assert local(main.date) == "2024-11-03T08:15:00" and main.sections == ("Travel",)
    assert local(recommended.date, recommended.date_only) == "2025-03-01"
    assert recommended.sections == ("Local", "Wire")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\npublisher: X\nauthor: Y\n---\nText.\n", "c.txt:3: unknown default 'author'"),
        ("---\npublisher: X\n\ndate: 2024-13-45\n---\nText.\n", "c.txt:4: 'date': invalid date"),
        ("---\ntimezone: Mars/Olympus\n---\nText.\n", "c.txt:2: unknown timezone 'Mars/Olympus'"),
        ("---\npublisher: X\nsection: [A\n---\nText.\n", "c.txt:3: invalid YAML front matter"),
        ("---\npublisher: X\n  bad: indent\n---\nText.\n", "c.txt:3: invalid YAML front matter"),
        ("---\n- a list\n---\nText.\n", "c.txt:2: front matter must be a mapping"),
        ("---\npublisher: X\nText.\n", "c.txt:1: front matter opened with '---' is never closed"),
    ],
)
def test_bad_front_matter_names_the_line(text, message):
    with pytest.raises(SitegenError) as caught:
        read(text, "c.txt", ReadOptions())
    assert str(caught.value).startswith(message)


def test_apply_defaults_takes_defaults_as_written_or_as_validated():
    records = read_capture("briefs.txt").records
    written = apply_defaults(
        records, {"publisher": "Wire Desk", "section": "World", "date": "2024-01-02"}
    )
    assert {(r.publisher, r.sections, local(r.date, r.date_only)) for r in written} == {
        ("Wire Desk", ("World",), "2024-01-02")
    }
    assert apply_defaults(written, {"publisher": "Other", "sections": ("X",)}) == written
    assert apply_defaults(records, {}) == records


# -- fuzz ---------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "\n",
        "\r\n",
        "\r",
        "---\n",
        "By ",
        "By By ",
        "WorldBy ",
        "Tec ",
        " | ",
        "|",
        "[…]",
        "[...]",
        "…",
        ", ",
        " and ",
        " in Paris",
        "People’s Daily",
        "2024/2/24 13:22:42",
        "2025-08-26 15:57",
        " Last Updated At:",
        "08-27 00:27",
        ":23:37",
        "July 01, 2025: ",
        "0000-00-00",
        "9999-12-31 23:59",
        "2024-02-29 10:00 ",
        "Lorem ipsum ",
        "  • ",
        "Title line\nTitle line\n",
        "陈青青",
        "\x00",
        "\ufeff",
        "\u2028",
        ".",
        "?",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_arbitrary_text_never_crashes(text):
    try:
        result = read(text, "fuzz.txt", ReadOptions(timezone="Asia/Shanghai"))
    except SitegenError as err:  # only a bad front matter block may stop a capture
        assert text.lstrip("\ufeff").startswith("---") and err.path == "fuzz.txt"
        return
    assert isinstance(result, ReadResult)
    assert result.records or result.warnings  # never silently nothing
    for index, record in enumerate(result.records):
        assert record.index == index and record.line >= 1 and record.source == "fuzz.txt"
        assert record.title is None or len(record.title) <= 100 or "title" not in record.derived

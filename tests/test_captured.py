"""The captured-news reader on captures written for the tests: the seeds' shapes with
other words, names, dates and layouts."""

from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions
from sitegen.readers.captured import read, split_labels, split_names
from sitegen.records import describe

CAPTURES = Path(__file__).resolve().parent / "captures"
FIELDS = ("kind", "title", "authors", "date", "updated", "sections", "publisher", "paragraphs")


def rows(name: str, timezone: str = "UTC"):
    text = (CAPTURES / name).read_bytes().decode("utf-8")
    result = read(text, name, ReadOptions(timezone=timezone))
    return [{k: describe(r)[k] for k in FIELDS} for r in result.records], result.warnings


def row(
    kind, title=None, authors=(), date=None, updated=None, sections=(), publisher=None, paragraphs=1
):
    return {
        "kind": kind,
        "title": title,
        "authors": list(authors),
        "date": date,
        "updated": updated,
        "sections": list(sections),
        "publisher": publisher,
        "paragraphs": paragraphs,
    }


def test_author_page_with_four_coauthors_cities_and_a_doubled_by():
    found, warnings = rows("author-page.txt")
    assert warnings == []
    assert found == [
        row("profile", "Maria Okafor", ["Maria Okafor"]),
        row(
            "listing",
            "Refinery output doubles as new units come online",
            ["Maria Okafor", "Tunde Bello", "Grace Eze", "Samuel Obi"],
            "2025-03-04T09:05:11",
        ),
        row(
            "listing",
            "Port congestion eases after customs reform",
            ["Maria Okafor", "Kwame Mensah"],
            "2025-02-27T18:40:02",
        ),
    ]
    (profile,) = [
        r
        for r in read((CAPTURES / "author-page.txt").read_text(), "a.txt", ReadOptions()).records
        if r.kind == "profile"
    ]
    assert profile.role == "Correspondent, Lagos"
    assert profile.summary.startswith("Maria Okafor reports on energy markets")


def test_article_page_with_windows_line_endings_and_a_recommended_story():
    found, _ = rows("article-page-crlf.txt")
    assert found == [
        row(
            "article",
            "Ferry service resumes on northern route",
            date="2024-11-03T08:15:00",
            updated="2024-11-04T10:02:00",
            sections=["Travel"],
            paragraphs=2,
        ),
        row("article", "Council backs riverside tree plan"),
    ]


def test_article_page_without_a_dateline_and_its_boilerplate():
    found, _ = rows("article-page-no-dateline.txt")
    assert found == [row("article", "Museum reopens its east wing", paragraphs=2)]


def test_section_front_teasers_articles_labels_and_a_body_line_starting_with_by():
    found, _ = rows("section-front.txt")
    assert found == [
        row("teaser", None, ["Ana Ruiz"], publisher="Harbour Herald"),
        row("teaser", None, ["Tom Weller"], sections=["Sport"], publisher="Harbour Herald"),
        row(
            "article",
            None,
            ["Tom Weller", "Lena Park"],
            sections=["Sport", "Local"],
            publisher="Harbour Herald",
            paragraphs=3,
        ),
        row(
            "article",
            None,
            ["Ines Duarte"],
            sections=["Culture"],
            publisher="Harbour Herald",
            paragraphs=2,
        ),
    ]
    records = read((CAPTURES / "section-front.txt").read_text(), "s.txt", ReadOptions()).records
    stadium = records[2]
    assert "By agreement with the city" in stadium.body_html  # body text, not a byline
    assert stadium.summary.startswith("The new stadium roof")  # its teaser summarises it
    assert "summary" in stadium.derived


def test_briefs_with_extra_blank_lines_get_derived_headlines():
    found, _ = rows("briefs.txt")
    assert [r["kind"] for r in found] == ["brief"] * 3
    records = read((CAPTURES / "briefs.txt").read_text(), "b.txt", ReadOptions()).records
    assert records[0].title == (
        "The regional parliament approved a new water law on Thursday, setting limits on groundwater use…"
    )
    assert all("title" in r.derived and len(r.title) <= 101 for r in records)
    assert records[2].title.endswith("reported…") or len(records[2].title) <= 101


def test_front_matter_gives_defaults_and_its_timezone():
    text = (CAPTURES / "defaults.txt").read_text()
    records = read(text, "d.txt", ReadOptions()).records
    assert [(r.publisher, r.sections, r.line) for r in records] == [
        ("Valley Times", ("Wire",), 6),
        ("Valley Times", ("Wire",), 8),
    ]
    tokyo = "---\ntimezone: Asia/Tokyo\n---\n" + (CAPTURES / "author-page.txt").read_text()
    records = read(tokyo, "t.txt", ReadOptions(timezone="UTC")).records
    assert records[1].date.isoformat() == "2025-03-04T09:05:11+09:00"


def test_bad_front_matter_names_the_line():
    with pytest.raises(SitegenError) as caught:
        read("---\npublisher: X\nauthor: Y\n---\nText.\n", "c.txt", ReadOptions())
    assert str(caught.value).startswith("c.txt:3: unknown default 'author'")


def test_unknown_shapes_and_empty_files_warn_and_never_vanish():
    found, warnings = rows("odd.txt")
    assert len(found) == 1 and found[0]["paragraphs"] == 3
    assert [str(w) for w in warnings] == ["odd.txt:1: no known capture shape; read as one article"]
    empty = read("\n\n  \n", "e.txt", ReadOptions())
    assert empty.records == [] and [str(w) for w in empty.warnings] == [
        "e.txt: no text in this capture"
    ]


def test_bylines_and_labels():
    assert split_names("By By A Li, B Wu in Paris and C Ode in Rome") == ("A Li", "B Wu", "C Ode")
    assert split_labels("Tec WorldBy Cui Yan, Paper") == (["Tec", "World"], "By Cui Yan, Paper")
    assert split_labels("Culture WorldIslamabad July 01, 2025: Text") == (
        ["Culture", "World"],
        "Islamabad July 01, 2025: Text",
    )
    assert split_labels("The McDonald family") == ([], "The McDonald family")

import json

from sitegen.cli import main

from conftest import SITES


def records(capsys, *args):
    assert main(["records", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_records_prints_one_json_object_per_record(capsys):
    site = SITES / "basic"
    (one,) = records(capsys, "--site", str(site), str(site / "content/news/one.md"))
    assert one == {
        "source": "content/news/one.md",
        "index": 0,
        "line": 1,
        "kind": "article",
        "title": "Harbour reopens after storm",
        "headline": None,
        "authors": ["Ana Silva", "陈青青"],
        "date": "2024-03-01T10:00:00",
        "updated": None,
        "sections": ["Local"],
        "tags": ["Weather", "Ports"],
        "topics": [],
        "publisher": None,
        "summary": None,
        "first_words": "The harbour reopened on Friday morning after three",
        "paragraphs": 2,
        "role": None,
        "slug": "harbour-reopens-after-storm",
        "draft": False,
        "derived": ["summary"],
    }


def test_derived_headline_and_bare_dates_and_profiles(capsys):
    site = SITES / "basic"
    untitled, profile = records(
        capsys,
        "--site",
        str(site),
        str(site / "content/news/untitled.md"),
        str(site / "content/people/ana.md"),
    )
    assert untitled["title"] is None
    assert untitled["headline"] == "Snow fell across the region on Christmas Eve"
    assert untitled["date"] == "2023-12-24"
    assert (profile["kind"], profile["title"], profile["role"]) == (
        "profile",
        "Ana Silva",
        "Harbour correspondent",
    )


def test_without_paths_every_source_is_listed_in_order(capsys):
    rows = records(capsys, "--site", str(SITES / "basic"))
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)
    assert len(rows) == 10

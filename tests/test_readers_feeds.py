from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions
from sitegen.readers import read_source
from sitegen.readers.feeds import read as read_feed
from sitegen.readers.jsonl import read as read_jsonl

SOURCES = Path(__file__).resolve().parent / "sources"
OPTIONS = ReadOptions(timezone="Europe/Lisbon")


def test_rss_items_become_records():
    result = read_source(SOURCES / "wire.rss", "wire.rss", OPTIONS)
    first, second = result.records
    assert first.title == "Cranes return to the east quay"
    assert first.authors == ("Ana Silva",)
    assert first.date == datetime(2025, 6, 3, 7, 39, 21, tzinfo=UTC)
    assert first.tags == ("Ports",) and first.publisher == "Harbour Wire"
    assert first.summary == "Two cranes are back in service."
    assert first.body_html == "<p>Two cranes are back <b>in service</b>.</p>"
    assert first.extra == {"link": "https://wire.example/cranes"}
    assert (first.line, first.index) == (7, 0)
    assert second.authors == ("Bo Li",) and second.date is None
    assert second.body_html == "<p>Summer sailings start Monday.</p>"
    assert (second.line, second.index) == (16, 1)


def test_atom_entries_become_records():
    (record,) = read_source(SOURCES / "desk.atom", "desk.atom", OPTIONS).records
    assert record.authors == ("Tomás Ferreira", "Mara Lindqvist")
    assert record.date == datetime(2025, 6, 4, 8, tzinfo=UTC)
    assert record.updated == datetime(2025, 6, 4, 12, tzinfo=UTC)
    assert record.body_html == "<p>Open until <em>midnight</em>.</p>"
    assert record.tags == ("Libraries",) and record.line == 6


def test_a_broken_feed_with_nothing_readable_is_an_error():
    with pytest.raises(SitegenError, match=r"^bad.xml:\d+: not a readable RSS or Atom feed"):
        read_feed("<rss><channel><item><title>x</tit", "bad.xml", OPTIONS)


def test_jsonl_lines_become_records():
    text = (
        '{"title": "One", "date": "2025-01-02 10:00", "authors": ["A"], "text": "Para one.\\n\\nPara <two>."}\n'
        "\n"
        '{"title": "Two", "body": "Some *markdown*", "tags": "x, y"}\n'
        '{"body_html": "<p onclick=\\"x()\\">Three. More.</p>", "kind": "brief"}\n'
    )
    one, two, three = read_jsonl(text, "r.jsonl", OPTIONS).records
    assert one.body_html == "<p>Para one.</p>\n<p>Para &lt;two&gt;.</p>"
    assert one.date.isoformat() == "2025-01-02T10:00:00+00:00"  # Lisbon is UTC+0 in winter
    assert (one.line, two.line, three.line) == (1, 3, 4)
    assert two.body_html == "<p>Some <em>markdown</em></p>" and two.tags == ("x", "y")
    assert three.body_html == "<p>Three. More.</p>" and three.kind == "brief"
    assert three.title == "Three" and "title" in three.derived


def test_jsonl_errors_name_every_bad_line():
    with pytest.raises(SitegenError) as caught:
        read_jsonl('{"title": "ok"}\n{"title": \n[1]\n{"date": "never"}\n', "r.jsonl", OPTIONS)
    assert [str(p) for p in caught.value.problems] == [
        "r.jsonl:2: invalid JSON: Expecting value (column 11)",
        "r.jsonl:3: each line must be a JSON object",
        "r.jsonl:4: 'date': invalid date 'never' (use e.g. 2024-05-01 or 2024-05-01T09:30:00+08:00)",
    ]


def test_a_source_holding_a_path_or_url_is_read_as_text_never_followed(tmp_path):
    feed = tmp_path / "real.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Secret</title><description>x</description></item></channel></rss>"
    )
    for text in (str(feed), f"file://{feed}", "//["):
        with pytest.raises(SitegenError, match="odd.xml:.*not a readable RSS or Atom feed"):
            read_feed(text, "odd.xml", ReadOptions())

"""The captured reader's parts on shapes the seeds do not have: bylines as a grammar, dates
in the common printed forms, line labels, and the item finder on list pages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitegen.cli import main
from sitegen.model import ReadOptions
from sitegen.readers.captured import read
from sitegen.readers.captured_bylines import byline
from sitegen.readers.captured_dates import find_dates, is_update, list_dates, relative_date
from sitegen.records import describe

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("line", "authors", "publisher"),
    [
        ("By Jane Doe, Staff Writer", ("Jane Doe",), None),
        ("Posted by John Smith on May 24, 2017 at 11:25 am", ("John Smith",), None),
        (
            "By A Li, B Wu, C Ode, and D Fox in Geneva | 12 Mar 2024",
            ("A Li", "B Wu", "C Ode", "D Fox"),
            None,
        ),
        (
            "By Fan Lingzhi in Geneva and Rome and Liu Xin in Beijing",
            ("Fan Lingzhi", "Liu Xin"),
            None,
        ),
        ("Source: Xinhua", (), "Xinhua"),
        ("By The Editorial Board", (), "The Editorial Board"),
        (
            "By JOHN SMITH and MARY JONES, Associated Press",
            ("JOHN SMITH", "MARY JONES"),
            "Associated Press",
        ),
        ("Written by Sam Lee", ("Sam Lee",), None),
        ("By Jane Doe and Tom Roe, Nordic Post", ("Jane Doe", "Tom Roe"), "Nordic Post"),
        ("By Jane Doe, Chief Political Correspondent, The Times", ("Jane Doe",), "The Times"),
    ],
)
def test_bylines_read_as_a_grammar(line, authors, publisher):
    found = byline(line, set())
    assert found is not None and (found.authors, found.publisher) == (authors, publisher)


@pytest.mark.parametrize(
    "line",
    [
        "By reporters in the field",
        "By Friday, officials said, barriers would stand.",
        "By 2027 the port expects",
    ],
)
def test_sentences_opening_with_by_are_no_bylines(line):
    assert byline(line, set()) is None


def test_a_byline_glued_to_its_text_keeps_the_text():
    found = byline("By Jane Doe The council said on Monday it would act.", set())
    assert found.authors == ("Jane Doe",) and found.glued.startswith("The council said")


@pytest.mark.parametrize(
    ("text", "iso", "date_only"),
    [
        ("Mon, 20 Nov 2017 21:45:46 -0500", "2017-11-20T21:45:46-05:00", False),
        ("May 24, 2017 at 11:25 am", "2017-05-24T11:25:00+00:00", False),
        ("27th May 2022", "2022-05-27T00:00:00+00:00", True),
        ("12 Mar 2024", "2024-03-12T00:00:00+00:00", True),
        ("Published 3:04 PM EST, Fri March 1, 2024", "2024-03-01T15:04:00+00:00", False),
        ("24.05.2017 14:00", "2017-05-24T14:00:00+00:00", False),
        ("2024-03-12T10:00:00Z", "2024-03-12T10:00:00+00:00", False),
        # other languages' month names (Babel's CLDR data) and time words
        ("aprile 25, 2016 - 5:47 pm", "2016-04-25T17:47:00+00:00", False),
        ("25. April 2016 um 10:00", "2016-04-25T10:00:00+00:00", False),
        ("25 de abril de 2016", "2016-04-25T00:00:00+00:00", True),
        ("le 3 mars 2021 à 14:05", "2021-03-03T14:05:00+00:00", False),
        ("8. april 2013 kl. 09.32", "2013-04-08T09:32:00+00:00", False),
        ("25 апреля 2016", "2016-04-25T00:00:00+00:00", True),
    ],
)
def test_dates_in_common_printed_forms(text, iso, date_only):
    found = find_dates(text, UTC)
    assert [(f.value.isoformat(), f.date_only) for f in found] == [(iso, date_only)]


def test_an_update_time_and_relative_times():
    text = "Updated at 10:38pm on May 3, 2021"
    [found] = find_dates(text, UTC)
    assert is_update(text, found) and found.value.hour == 22
    captured = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)
    assert relative_date("3 hours ago", captured).value == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    assert relative_date("2 days ago", captured).date_only
    assert relative_date("3 hours ago", None) is None  # no capture time: no date
    assert find_dates("05/06/2017", UTC) == []  # day and month order unclear: no date
    assert find_dates("Page 12, 2016", UTC) == []  # a word that is no month


def test_all_number_date_lines_take_the_order_their_list_shows():
    def read_list(lines):
        return {k: v.value.date().isoformat() for k, v in list_dates(lines, UTC).items()}

    # "05.19.15" can only be month first, so "05.06.15" is 6 May (a US senator's list)
    assert read_list(["05.19.15", "Headline", "05.06.15"]) == {
        "05.19.15": "2015-05-19",
        "05.06.15": "2015-05-06",
    }
    # "25.03.2013" can only be day first, so "08.04.2013 09:32" is 8 April
    assert read_list(["25.03.2013", "08.04.2013 09:32"])["08.04.2013 09:32"] == "2013-04-08"
    assert read_list(["05.06.15", "04.03.15"]) == {}  # the list never shows its order
    assert read_list(["13.01.15", "01.13.15"]) == {}  # its lines disagree
    assert read_list(["Version 1.2.3", "3.1.12 released"]) == {}  # not whole-line dates


SECTION_FRONT = """\
Home | World | Business | Sport
Latest news

POLITICS
Parliament passes the new budget after a long night of votes
By Ana Costa and Luis Prado in Lisbon | 12 Mar 2024
Lawmakers approved the spending plan by a narrow margin early on Tuesday.
Read more

ECONOMY
Central bank holds rates steady for a third month
Source: Reuters
The bank said inflation was easing but remained above its target…
Read more

• SCIENCE
Probe sends first pictures from the far side of the moon
May 24, 2017 at 11:25 am
The images show a cratered landscape never seen in colour before.
Read more

© 2024 The Example Times. All rights reserved.
"""


def test_a_section_front_with_kickers_bylines_sources_and_read_more():
    records = read(SECTION_FRONT, "front.txt", ReadOptions()).records
    got = [
        {
            k: describe(r)[k]
            for k in ("kind", "title", "authors", "publisher", "sections", "date", "summary")
        }
        for r in records
    ]
    assert got == [
        {
            "kind": "listing",
            "title": "Parliament passes the new budget after a long night of votes",
            "authors": ["Ana Costa", "Luis Prado"],
            "publisher": None,
            "sections": ["POLITICS"],
            "date": "2024-03-12",
            "summary": "Lawmakers approved the spending plan by a narrow margin early on Tuesday.",
        },
        {
            "kind": "listing",
            "title": "Central bank holds rates steady for a third month",
            "authors": [],
            "publisher": "Reuters",
            "sections": ["ECONOMY"],
            "date": None,
            "summary": "The bank said inflation was easing but remained above its target",
        },
        {
            "kind": "listing",
            "title": "Probe sends first pictures from the far side of the moon",
            "authors": [],
            "publisher": None,
            "sections": ["SCIENCE"],
            "date": "2017-05-24T11:25:00",
            "summary": "The images show a cratered landscape never seen in colour before.",
        },
    ]


DATE_FIRST = """\
Press releases

March 3, 2024
Ministry opens consultation on river water quality rules
The consultation runs for twelve weeks and covers discharge limits.

March 1, 2024
New grants for community energy projects announced
Groups can apply for up to 50,000 pounds towards solar panels.

February 27, 2024
Minister visits flood defence works in the north
The visit marked the completion of the first phase of the scheme.
"""


def test_items_whose_date_comes_first():
    records = read(DATE_FIRST, "releases.txt", ReadOptions()).records
    assert [(r.title.split()[0], describe(r)["date"]) for r in records] == [
        ("Ministry", "2024-03-03"),
        ("New", "2024-03-01"),
        ("Minister", "2024-02-27"),
    ]


def test_records_explain_shows_labels_and_the_pattern(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "front.txt").write_text(SECTION_FRONT, encoding="utf-8")
    assert main(["records", "--explain", "--site", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "3 items, pattern: short title byline text more" in out
    assert "read by the item finder" in out
    assert "    4 #0   short     POLITICS" in out
    assert "    5      title     Parliament passes" in out
    assert "    6      byline    By Ana Costa" in out


RELATIVE = (
    "---\ncaptured: 2025-03-02 18:00\n---\nLatest\n\n"
    "Harbour cranes return to work after the strike ends\n3 hours ago\n"
    "Dock workers went back on Monday after a deal on pay.\n\n"
    "Ferry timetable changes for the winter season\n2 days ago\n"
    "The operator cut the late sailings until March.\n"
)


def test_relative_times_count_back_from_the_capture_time():
    text = RELATIVE
    records = read(text, "rel.txt", ReadOptions()).records
    assert [(r.kind, describe(r)["date"]) for r in records] == [
        ("listing", "2025-03-02T15:00:00"),
        ("listing", "2025-02-28"),
    ]
    undated = read(text.split("---\n", 2)[2], "rel.txt", ReadOptions()).records
    assert [r.date for r in undated] == [None, None]


DIGEST = """\
Daily Briefing
Friday, 4 August 2017

The Solar Eclipse Could Mean Trouble For The Harvest
Max Hale, Farm Weekly | Crops And Sky | August 3, 2017
Growers fear the shade will cut yields for a week.

Port Strike Enters Its Second Week
Ana Lima, Harbour News | Docks | August 2, 2017
Talks broke down again on Tuesday...

Also:
A bridge in the north reopened after repairs that took a year.
The city library extended its opening hours for the summer.
"""


def test_a_digest_with_piped_credits_and_a_lead_in_to_briefs():
    records = read(DIGEST, "digest.txt", ReadOptions()).records
    got = [
        (
            r.kind,
            describe(r)["title"],
            r.authors,
            r.publisher,
            r.sections,
            describe(r)["date"],
            describe(r)["summary"],
        )
        for r in records
    ]
    assert got == [
        (
            "listing",
            "The Solar Eclipse Could Mean Trouble For The Harvest",
            ("Max Hale",),
            "Farm Weekly",
            ("Crops And Sky",),
            "2017-08-03",
            "Growers fear the shade will cut yields for a week.",
        ),
        (
            "listing",
            "Port Strike Enters Its Second Week",
            ("Ana Lima",),
            "Harbour News",
            ("Docks",),
            "2017-08-02",
            "Talks broke down again on Tuesday",
        ),
        ("brief", None, (), None, (), "2017-08-04", None),  # the digest's day
        ("brief", None, (), None, (), "2017-08-04", None),
    ]


GROUPED = """\
What happened on Wednesday, 22 October 2025

Council approves a new cycle lane on the river road
The vote was unanimous after a short debate.

School board delays the vote on the new timetable
Parents asked for more time to respond to the plan.

Tuesday, 21 October 2025

Library extends its weekend opening hours to the evening
The change starts next month and runs until spring.
"""


def test_date_headings_date_the_items_under_them():
    records = read(GROUPED, "days.txt", ReadOptions()).records
    assert [(r.title.split()[0], describe(r)["date"]) for r in records] == [
        ("Council", "2025-10-22"),
        ("School", "2025-10-22"),
        ("Library", "2025-10-21"),
    ]


ARTICLE_PAGE = """\
Skip to main content
Home | World | Business | Sport | Culture
Harbour city plans a tunnel under the old port
Harbour city plans a tunnel under the old port
By Jane Doe, Transport Correspondent
Updated 3 March 2024, 10:15
The city council on Monday approved the first study for a road tunnel under the old port.
The tunnel would take lorries away from the historic quarter, officials said.
Work could start in 2027 if the study finds no obstacle in the ground.
What the tunnel would change
Traffic on the waterfront road would fall by half, according to the council's figures.
Shop owners in the quarter welcomed the plan but asked for help during the works.
Residents will be consulted in the autumn.
Most read
Ferry timetable changes for the winter season
New cycle lane opens on the river road
Sign up for our newsletter
© 2024 The Harbour Times
"""


def test_an_article_page_is_one_story_with_its_subheadings_and_no_links():
    [record] = read(ARTICLE_PAGE, "page.txt", ReadOptions()).records
    assert record.kind == "article"
    assert record.title == "Harbour city plans a tunnel under the old port"
    assert record.authors == ("Jane Doe",)
    assert describe(record)["date"] == "2024-03-03T10:15:00"  # the only time it prints
    assert describe(record)["paragraphs"] == 6  # the subheading's paragraphs included
    assert "Most read" not in record.body_html and "Ferry" not in record.body_html


CREDITS = """\
Latest

Parliament passes the budget after a night of votes
JANE DOE

Central bank holds its rates for a third month
TOM ROE AND ANA LIMA

Probe sends first pictures from the far side of the moon
SAM LEE, ORBIT NEWS
"""


def test_a_line_of_names_under_each_headline_credits_it():
    records = read(CREDITS, "credits.txt", ReadOptions()).records
    assert [r.authors for r in records] == [("JANE DOE",), ("TOM ROE", "ANA LIMA"), ("SAM LEE",)]


POLICE_BEAT = """\
Police beat

BATTERY
1800 block of South Main Street, 7:27 p.m. Saturday, officers were called to a fight.

VANDALISM
1000 block of West 15th Street, 8 a.m. Friday, workers found a broken window.

THEFT
200 block of East 3rd Street, 6:56 p.m. Friday, a bicycle was taken from a porch.
"""


def test_briefs_under_labels_take_their_label_as_section():
    records = read(POLICE_BEAT, "beat.txt", ReadOptions()).records
    assert [(r.kind, r.sections, describe(r)["first_words"].split()[0]) for r in records] == [
        ("brief", ("BATTERY",), "1800"),
        ("brief", ("VANDALISM",), "1000"),
        ("brief", ("THEFT",), "200"),
    ]


def test_a_name_and_an_outlet_without_and():
    found = byline("By Jonathan Chait, New York", set())
    assert (found.authors, found.publisher) == (("Jonathan Chait",), "New York")
    found = byline("By Jonathan Chait, Ana Lima and Tom Roe", set())
    assert (found.authors, found.publisher) == (("Jonathan Chait", "Ana Lima", "Tom Roe"), None)


def test_a_folders_capture_time_dates_relative_times(tmp_path):
    from sitegen.readers import read_source

    (tmp_path / "_defaults.toml").write_text('captured = "2025-03-02 18:00"\n')
    page = tmp_path / "rel.txt"
    page.write_text(RELATIVE.split("---\n", 2)[2], encoding="utf-8")
    records = read_source(page, "rel.txt", ReadOptions()).records
    assert [describe(r)["date"] for r in records] == ["2025-03-02T15:00:00", "2025-02-28"]

"""The same story captured again: captures of one article become one article, one URL."""

import io
from datetime import UTC, datetime

import pytest

from sitegen.build import build
from sitegen.merge import capture_day, merge_captures
from sitegen.model import Record, pack_body
from sitegen.records import site_records
from sitegen.report import Reporter
from sitegen.state import BuildState
from sitegen.stories import lede_shingles

from conftest import read_tree, run_build, write_site

FISH_TEASER = (
    "By Ana Ruiz, Harbour Herald Fishermen in the southern bay say catches of sardines have "
    "fallen by a third this season, blaming warmer water and […]"
)
ROWING_TEASER = (
    "SportBy Tom Weller, Harbour Herald The city's rowing club won its first national title "
    "in forty years on Saturday, beating the defending champions by […]"
)
FISH_LEDE = (
    "Fishermen in the southern bay say catches of sardines have fallen by a third this "
    "season, blaming warmer water and new rules."
)


FISH_MIDDLE = " ".join(
    f"Boat {n} came back with half its usual catch, its skipper said at the market."
    for n in range(5)
)


def fish_article(last: str) -> str:
    """The full article; ``last`` is past its lede (what related coverage compares)."""
    return f"{FISH_TEASER}\nBy Ana Ruiz, Harbour Herald\n{FISH_LEDE}\n{FISH_MIDDLE}\n{last}\n"


# one front page saved on three days: teasers; one of them now a full article; revised
DAYS = {
    "content/fronts/2025-03-01-herald.txt": f"{FISH_TEASER}\n{ROWING_TEASER}\n",
    "content/fronts/2025-03-02-herald.txt": fish_article(
        "The fishing cooperative will ask the ministry for help."
    )
    + ROWING_TEASER
    + "\n",
    "content/fronts/2025-03-03-herald.txt": fish_article(
        "The fishing cooperative will ask the ministry for emergency help on Monday."
    )
    + ROWING_TEASER
    + "\n",
}
FISH_URL = "articles/fishermen-in-the-southern-bay-say-catches-of-sardines-have-fallen-by-a-third/"
ROWING_URL = (
    "articles/the-citys-rowing-club-won-its-first-national-title-in-forty-years-on-saturday/"
)


def article_pages(output) -> list[str]:
    """The article pages of a site whose articles are all undated."""
    return sorted(
        p.parent.relative_to(output).as_posix() + "/" for p in output.glob("articles/*/index.html")
    )


def page(output, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def test_a_page_captured_three_times_is_one_article_per_story_with_the_newest_text(tmp_path):
    site = write_site(tmp_path / "site", DAYS)
    output = tmp_path / "out"
    report, log = run_build(site, output)
    assert "is taken by" not in log  # no URL clash
    assert "built 2 articles" in log
    assert article_pages(output) == [FISH_URL, ROWING_URL]
    fish = page(output, FISH_URL)
    assert "for emergency help on Monday." in fish and "for help." not in fish
    assert "warmer water and new rules." in fish  # the full article, not the teaser
    # revised on the day the third capture was saved: the day alone, no "00:00"
    assert 'Updated <time datetime="2025-03-03T00:00:00+00:00">March 03, 2025</time>' in fish
    assert "updated" not in page(output, ROWING_URL).split("</header>")[0]  # never revised
    index = (output / "index.html").read_text(encoding="utf-8")
    assert index.count(f'href="/{FISH_URL}"') == 1


@pytest.mark.parametrize("mode", ["in process", "cached"])
def test_the_url_stays_as_captures_arrive_and_change_and_equals_a_clean_build(tmp_path, mode):
    """``in process``: one BuildState, as the dev server keeps it; ``cached``: each build a
    new process with the cache (which then knows the edited files, not the merged site)."""
    site, output = tmp_path / "site", tmp_path / "incremental"
    state = BuildState()

    def rebuild(step: str) -> None:
        reporter = Reporter(io.StringIO())
        if mode == "cached":
            build(site, output, None, reporter, cache_dir=tmp_path / "cache")
        else:
            build(site, output, None, reporter, state)
        assert article_pages(output) == [FISH_URL, ROWING_URL], step
        run_build(site, tmp_path / step)
        assert read_tree(output) == read_tree(tmp_path / step), step

    for name, text in DAYS.items():
        write_site(site, {name: text})
        rebuild(name.split("/")[-1])
    newest = site / "content/fronts/2025-03-03-herald.txt"
    newest.write_text(newest.read_text().replace("on Monday", "on Tuesday"))  # past the lede
    rebuild("past-the-lede")
    assert "on Tuesday" in page(output, FISH_URL)
    newest.write_text(newest.read_text().replace("Boat 1 ", "The first boat "))  # in the lede
    rebuild("lede")
    assert "The first boat came back" in page(output, FISH_URL)
    older = site / "content/fronts/2025-03-02-herald.txt"
    older.write_text(older.read_text().replace("for help", "for some help"))  # not shown
    rebuild("older")
    assert "some help" not in page(output, FISH_URL)
    newest.unlink()
    rebuild("newest-deleted")
    assert "some help" in page(output, FISH_URL)


FRONT = """\
By Mei Tan, Coastal Courier The port opened a new container terminal on Monday, doubling its capacity to handle ships from Asia […]
By Mei Tan, Coastal Courier
The port opened a new container terminal on Monday, doubling its capacity to handle ships from Asia.
The terminal cost two billion euros.
SportBy Jonas Berg, Coastal Courier At the city's oldest stadium, work began on Monday to replace the roof that leaked for years […]
CultureBy Ines Duarte, Coastal Courier The tram network will run all night during the festival, the transport office announced, adding […]
"""


def test_two_copies_of_one_capture_give_no_clashes_and_no_duplicate_pages(tmp_path):
    site = write_site(tmp_path / "site", {"content/a.txt": FRONT, "content/b.txt": FRONT})
    single = write_site(tmp_path / "single", {"content/a.txt": FRONT})
    report, log = run_build(site, tmp_path / "out")
    assert "warning" not in log
    assert report.records == {"content/a.txt": 3, "content/b.txt": 3}
    assert "built 3 articles" in log
    run_build(single, tmp_path / "single-out")
    assert read_tree(tmp_path / "out") == read_tree(tmp_path / "single-out")


ARTICLE_PAGE = """\
Home
Weather
Local
Weather
{when}
{body}
Weather
Weather
"""


def test_two_stories_with_one_generic_title_on_unrelated_dates_stay_two(tmp_path):
    files = {
        "content/january.txt": ARTICLE_PAGE.format(
            when="2025-01-05 07:30",
            body="Snow closed the mountain pass overnight, the police said.",
        ),
        "content/june.txt": ARTICLE_PAGE.format(
            when="2025-06-20 07:30", body="A heat wave brought the hottest June day on record."
        ),
    }
    site = write_site(tmp_path / "site", files)
    output = tmp_path / "out"
    _, log = run_build(site, output)
    assert "built 2 articles" in log
    assert (output / "2025/01/05/weather/index.html").is_file()
    assert (output / "2025/06/20/weather/index.html").is_file()


def test_a_markdown_article_is_never_merged_with_a_capture(tmp_path):
    """Markdown is written by the site's people, one file per article: even the same
    title, byline and day as a capture leave two articles (and the URL clash is told)."""
    capture = ARTICLE_PAGE.format(when="2025-01-05 07:30", body="Snow closed the pass.")
    markdown = "---\ntitle: Weather\ndate: 2025-01-05 07:30\n---\nSnow closed the pass.\n"
    site = write_site(tmp_path / "site", {"content/a.txt": capture, "content/b.md": markdown})
    output = tmp_path / "out"
    _, log = run_build(site, output)
    assert "built 2 articles" in log
    assert "URL /2025/01/05/weather/ is taken by" in log


# -- the rule, on records ---------------------------------------------------------------

WHEN = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LEDE = "<p>The harbour reopened on Friday morning after three days of closure, the port said.</p>"


def record(source: str, index: int = 0, **fields) -> Record:
    fields = {"kind": "article", "title": "Harbour reopens", "body_html": LEDE} | fields
    fields["body"] = pack_body(fields.pop("body_html"))
    return Record(source=source, line=1, index=index, **fields)


def merged(*records: Record) -> list[Record]:
    return merge_captures(list(records), lede_shingles, UTC)[0]


def test_the_same_title_needs_a_byline_a_day_or_the_text_to_agree():
    other = "<p>Ferries will run again from Monday, the operator announced on its website.</p>"
    alike = [record("a.txt", date=WHEN), record("b.txt", date=WHEN, body_html=other)]
    assert len(merged(*alike)) == 1  # same title, same day
    authors = [
        record("a.txt", authors=("Ana",)),
        record("b.txt", authors=("ana",), body_html=other),
    ]
    assert len(merged(*authors)) == 1  # same title, same byline
    assert len(merged(record("a.txt"), record("b.txt", body_html=other))) == 2  # title alone
    assert len(merged(record("a.txt"), record("b.txt"))) == 1  # title and text
    byline = [record("a.txt", authors=("Ana",)), record("b.txt", authors=("Bo",))]
    assert len(merged(*byline)) == 2  # bylines disagree
    later = WHEN.replace(day=9)
    assert len(merged(record("a.txt", date=WHEN), record("b.txt", date=later))) == 2


def test_near_identical_text_merges_untitled_captures_within_days():
    untitled = {"title": "Derived", "derived": frozenset({"title"})}
    teaser = "<p>The harbour reopened on Friday morning after three days of closure, the</p>"
    a = record("a.txt", kind="teaser", body_html=teaser, **untitled)
    b = record("b.txt", **(untitled | {"title": "Other derived"}))
    assert len(merged(a, b)) == 1
    far = record("b.txt", date=WHEN.replace(month=5), **untitled)
    assert len(merged(record("a.txt", date=WHEN, **untitled), far)) == 2
    short = {"body_html": "<p>Shares rose.</p>"}  # too few words to tell
    assert (
        len(merged(record("a.txt", **untitled, **short), record("b.txt", **untitled, **short))) == 2
    )


def test_records_of_one_file_and_authored_records_stay_apart():
    assert len(merged(record("a.txt", 0), record("a.txt", 1))) == 2
    assert len(merged(record("a.md"), record("b.txt"))) == 2
    assert len(merged(record("a.jsonl"), record("b.jsonl"))) == 2
    assert len(merged(record("a.txt", kind="profile"), record("b.txt", kind="profile"))) == 2
    # one file's two copies of a story pair with another file's two
    pairs = merged(record("a.txt", 0), record("a.txt", 1), record("b.txt", 0), record("b.txt", 1))
    assert [r.key for r in pairs] == ["a.txt#0", "a.txt#1"]


def test_the_merged_record_keeps_the_first_identity_and_takes_the_richest_fields():
    revised = "<p>The harbour reopened on Friday morning after three days of closure, the port said on Sunday.</p>"
    records = [
        record("2025-03-01.txt", kind="teaser", title="Harbour Reopens!", sections=("Local",)),
        record("2025-03-02.txt", authors=("Ana",), date=WHEN, sections=("local", "Ports")),
        record("2025-03-04.txt", body_html=revised, publisher="Herald", date=WHEN),
        record("other.txt", index=3, title="Unrelated", body_html="<p>" + "word " * 20 + "</p>"),
    ]
    result, groups = merge_captures(records, lede_shingles, UTC)
    assert groups == {
        "2025-03-01.txt#0": ("2025-03-01.txt#0", "2025-03-02.txt#0", "2025-03-04.txt#0")
    }
    one, unrelated = result
    assert unrelated is records[3]
    assert (one.key, one.slug, one.title) == (
        "2025-03-01.txt#0",
        "harbour-reopens",
        "Harbour reopens",
    )
    assert (one.kind, one.body_html, one.authors, one.publisher) == (
        "article",
        revised,
        ("Ana",),
        "Herald",
    )
    assert (one.date, one.sections) == (WHEN, ("Local", "Ports"))
    assert one.updated == datetime(2025, 3, 4, tzinfo=UTC)  # revised: the newest capture's day


def test_identical_captures_are_not_updated_and_a_capture_day_is_read_from_the_path():
    again = merged(record("2025-03-01.txt", date=WHEN), record("2025-03-05.txt", date=WHEN))
    assert len(again) == 1 and again[0].updated is None
    assert capture_day("content/2025-03-05/front.txt", UTC) == datetime(2025, 3, 5, tzinfo=UTC)
    assert capture_day("content/2025-13-45-front.txt", UTC) is None
    assert capture_day("content/front.txt", UTC) is None


def test_sitegen_records_shows_each_file_as_read_not_merged(tmp_path):
    site = write_site(tmp_path / "site", DAYS)
    records = site_records(site, [], {}, Reporter(io.StringIO()))
    assert [(r.source.rpartition("/")[2], r.kind) for r in records] == [
        ("2025-03-01-herald.txt", "teaser"),
        ("2025-03-01-herald.txt", "teaser"),
        ("2025-03-02-herald.txt", "article"),
        ("2025-03-02-herald.txt", "teaser"),
        ("2025-03-03-herald.txt", "article"),
        ("2025-03-03-herald.txt", "teaser"),
    ]

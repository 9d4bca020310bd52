from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions
from sitegen.readers import decode, read_source, reader_for
from sitegen.readers.markdown import read

OPTIONS = ReadOptions(timezone="Asia/Shanghai")


def one(text: str, options: ReadOptions = OPTIONS):
    result = read(text, "post.md", options)
    assert len(result.records) == 1
    return result.records[0]


def error(text: str) -> str:
    with pytest.raises(SitegenError) as caught:
        read(text, "post.md", OPTIONS)
    return str(caught.value)


def test_yaml_front_matter_fields():
    record = one(
        "---\n"
        "title: Hello world\n"
        "date: 2024-05-01T09:30:00+02:00\n"
        "updated: 2024-05-02 10:00\n"
        "authors: [Ana Silva, Bo Li]\n"
        "tags: [economy, trade]\n"
        "sections: [World]\n"
        "summary: A summary.\n"
        "slug: custom-slug\n"
        "publisher: The Daily\n"
        "draft: true\n"
        "mood: sunny\n"
        "---\n"
        "Body *text*.\n"
    )
    assert record.title == "Hello world"
    assert record.date == datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert record.updated.utcoffset() == timedelta(hours=8)  # naive: the site's timezone
    assert record.authors == ("Ana Silva", "Bo Li")
    assert record.tags == ("economy", "trade")
    assert record.sections == ("World",)
    assert (record.summary, record.slug, record.publisher) == (
        "A summary.",
        "custom-slug",
        "The Daily",
    )
    assert record.draft is True
    assert record.extra == {"mood": "sunny"}
    assert record.body_html == "<p>Body <em>text</em>.</p>"
    assert record.derived == frozenset()
    assert (record.source, record.line, record.kind) == ("post.md", 1, "article")


def test_toml_front_matter_and_single_author_and_category():
    record = one(
        '+++\ntitle = "T"\ndate = 2024-05-01\nauthor = "Ana"\ncategory = "Local"\n'
        'tags = ["a"]\n+++\nBody.\n'
    )
    assert record.authors == ("Ana",)
    assert record.sections == ("Local",)
    assert record.date == datetime(2024, 5, 1, tzinfo=OPTIONS_ZONE())
    assert record.date_only is True


def OPTIONS_ZONE():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_missing_date_and_derived_summary():
    record = one("---\ntitle: T\n---\nFirst paragraph here.\n\nSecond one.\n")
    assert record.date is None
    assert record.summary == "First paragraph here."
    assert "summary" in record.derived


def test_derived_summary_is_cut_at_a_word_boundary():
    words = " ".join(["word"] * 200)
    record = one(f"---\ntitle: T\n---\n{words}\n", ReadOptions(summary_chars=50))
    assert len(record.summary) <= 50
    assert record.summary.endswith("word…")


def test_title_from_leading_heading_without_front_matter():
    record = one("# A heading title\n\nThe body.\n")
    assert record.title == "A heading title"
    assert record.body_html == "<p>The body.</p>"


def test_untitled_gets_a_derived_headline():
    record = one("---\ndate: 2024-01-01\n---\nSnow fell today. Roads were cleared.\n")
    assert record.title == "Snow fell today"
    assert "title" in record.derived


def test_markdown_features():
    html = one(
        '---\ntitle: T\n---\n## Sub "quoted"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
        "Note[^1].\n\n```python\nx = 1\n```\n\n[^1]: The note.\n"
    ).body_html
    assert '<h2 id="sub-quoted">Sub “quoted”</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert '<code class="language-python">x = 1' in html


def test_raw_html_is_sanitized_unless_trusted():
    text = '---\ntitle: T\n---\nHi <script>alert(1)</script><img src="a.png" onerror="x()">\n'
    html = one(text).body_html
    assert "<script" not in html and "onerror" not in html and '<img src="a.png">' in html
    trusted = one(text, ReadOptions(trust_html=True)).body_html
    assert "<script>alert(1)</script>" in trusted


def test_javascript_links_are_removed():
    html = one(
        '---\ntitle: T\n---\n<a href="javascript:alert(1)">x</a> [y](javascript:z)\n'
    ).body_html
    assert "javascript:" not in html


def test_profile_record():
    record = one("---\nkind: profile\ntitle: Ana Silva\nrole: Editor\n---\nAna writes.\n")
    assert (record.kind, record.title, record.role) == ("profile", "Ana Silva", "Editor")
    assert record.summary is None


def test_windows_line_endings_and_bom():
    record = one("\ufeff---\r\ntitle: T\r\n---\r\nBody.\r\n")
    assert record.title == "T" and record.body_html == "<p>Body.</p>"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: T\ntags: [a\n---\nBody", "post.md:3: invalid YAML front matter"),
        (
            "---\ntitle: T\n\ndate: 2024-13-45\n---\n",
            "post.md:4: 'date': invalid date '2024-13-45'",
        ),
        ("---\ntitle: T\ndate: yesterday\n---\n", "post.md:3: 'date': invalid date 'yesterday'"),
        ("---\ntitle: T\nupdated: [1]\n---\n", "post.md:3: 'updated': expected a date, got list"),
        ("---\ntitle: T\nbody", "post.md:1: front matter opened with '---' is never closed"),
        ("---\n- a\n---\n", "post.md:2: front matter must be a mapping of keys to values"),
        ("---\ndraft: maybe\n---\n", "post.md:2: 'draft' must be true or false"),
        ("---\ntitle: {a: 1}\n---\n", "post.md:2: 'title' must be text, not dict"),
        (
            "---\nauthors:\n  - {a: 1}\n---\n",
            "post.md:2: 'authors': a person given as a mapping needs a 'name'",
        ),
        ("---\nkind: essay\n---\n", "post.md:2: 'kind' must be one of"),
        ('+++\ntitle = "T"\nbad = \n+++\n', "post.md:3: invalid TOML front matter"),
    ],
)
def test_bad_front_matter_names_file_and_line(text, message):
    assert error(text).startswith(message)


def test_non_utf8_names_the_line():
    with pytest.raises(SitegenError) as caught:
        decode(b"---\ntitle: T\n---\nok\ncaf\xe9\n", "post.md")
    assert str(caught.value) == (
        "post.md:5: not valid UTF-8 (byte 0xe9 at offset 23); save the file as UTF-8"
    )


def test_read_source_picks_the_reader_by_type(tmp_path):
    path = tmp_path / "a.MD"
    path.write_text("---\ntitle: T\n---\nBody\n", encoding="utf-8")
    assert read_source(path, "a.MD", OPTIONS).records[0].title == "T"


# Other generators' content as it is (the shapes their documentation gives)


def test_pelican_key_value_header():
    text = (
        "Title: Harbour reopens: cranes back\n"
        "Date: 2010-10-20 10:14\n"
        "Modified: 2010-10-22 19:30\n"
        "Category: Local\n"
        "Tags: ports, weather\n"
        "Authors: Ana Silva; Chen Qing\n"
        "Summary: Two cranes are back.\n"
        "\n"
        "The port reopened on Monday.\n"
    )
    (record,) = read(text, "content/harbour.md", OPTIONS).records
    assert record.title == "Harbour reopens: cranes back"
    assert record.date.strftime("%Y-%m-%d %H:%M") == "2010-10-20 10:14"
    assert record.updated.strftime("%Y-%m-%d %H:%M") == "2010-10-22 19:30"
    assert record.sections == ("Local",) and record.tags == ("ports", "weather")
    assert record.authors == ("Ana Silva", "Chen Qing")
    assert record.summary == "Two cranes are back."
    assert "Title:" not in record.body_html and "The port reopened" in record.body_html


def test_a_pelican_draft_and_a_body_that_only_looks_like_a_header():
    (draft,) = read("Title: Soon\nStatus: draft\n\nText.\n", "a.md", OPTIONS).records
    assert draft.draft
    (note,) = read("Note: this is prose, not metadata.\n\nMore.\n", "b.md", OPTIONS).records
    assert "Note: this is prose" in note.body_html and note.title != "this is prose"


def test_a_bad_pelican_date_names_its_line():
    with pytest.raises(SitegenError) as err:
        read("Title: X\nDate: someday\n\nText.\n", "content/x.md", OPTIONS)
    assert str(err.value).startswith("content/x.md:2: 'date'")


def test_hugo_front_matter_after_blank_lines_and_its_keys():
    text = (
        "\n\n---\ntitle: Storm\ndate: 2024-03-01\nlastmod: 2024-03-02\n"
        "description: The short of it.\ncategories: [Weather]\ndraft: true\n---\nBody.\n"
    )
    (record,) = read(text, "content/posts/storm.md", OPTIONS).records
    assert record.title == "Storm" and record.summary == "The short of it."
    assert record.updated.date().isoformat() == "2024-03-02"
    assert record.sections == ("Weather",) and record.draft
    with pytest.raises(SitegenError) as err:
        read("\n\n---\ntitle: [\n---\n", "content/bad.md", OPTIONS)
    assert str(err.value).startswith("content/bad.md:4:")  # the file's own line


def test_jekyll_post_name_gives_date_and_slug_and_its_keys():
    text = "---\ntitle: Storm\ncategories: news local\npublished: false\n---\nBody.\n"
    (record,) = read(text, "_posts/2013-05-06-storm-hits.md", OPTIONS).records
    assert record.date.date().isoformat() == "2013-05-06" and record.slug == "storm-hits"
    assert record.sections == ("news", "local") and record.draft
    dated = "---\ntitle: Storm\ndate: 2013-05-06 02:12:52 +0200\n---\nBody.\n"
    (record,) = read(dated, "_posts/2013-05-01-storm.md", OPTIONS).records
    assert record.date.isoformat() == "2013-05-06T02:12:52+02:00"  # front matter wins


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".MD"])
def test_every_markdown_extension_has_the_markdown_reader(suffix):
    assert reader_for(Path("a" + suffix)) is read


def test_hugo_json_front_matter_summary_break_and_shortcodes():
    text = (
        '{\n  "title": "Storm",\n  "date": "2024-03-01T10:00:00+01:00",\n'
        '  "tags": ["weather"]\n}\n\n'
        "The storm came at night.\n\n<!--more-->\n\n"
        '{{< figure src="/img/crane.jpg" caption="The crane, Monday" >}}\n\n'
        "{{< youtube dQw4w9WgXcQ >}}\n\n{{< tweet 12345 >}}\n"
    )
    result = read(text, "content/storm.md", OPTIONS)
    (record,) = result.records
    assert record.title == "Storm" and record.tags == ("weather",)
    assert record.summary == "The storm came at night."
    assert "<!--more-->" not in record.body_html
    assert (
        '<figure><img src="/img/crane.jpg" alt="The crane, Monday">'
        "<figcaption>The crane, Monday</figcaption></figure>"
    ) in record.body_html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in record.body_html
    assert "{{&lt; tweet 12345 &gt;}}" in record.body_html  # left as text
    assert [str(w) for w in result.warnings] == [
        "content/storm.md:1: Hugo shortcodes shown as text: tweet"
    ]
    with pytest.raises(SitegenError) as err:
        read('{\n  "title": "x",\n  "date": 3\n', "content/bad.md", OPTIONS)
    assert str(err.value).startswith("content/bad.md:")


def test_jekyll_liquid_tags_are_text_with_one_warning():
    text = "---\ntitle: Liquid\n---\n{% include note.html %}\n\nHello {{ page.title }}.\n"
    result = read(text, "_posts/2020-01-01-liquid.md", OPTIONS)
    assert "{% include note.html %}" in result.records[0].body_html
    assert "{{ page.title }}" in result.records[0].body_html
    assert [str(w) for w in result.warnings] == [
        "_posts/2020-01-01-liquid.md:1: Liquid tags ({% %}, {{ }}) shown as text, not run"
    ]


def test_pelican_values_go_on_over_indented_lines_and_a_header_may_lack_a_title():
    text = "Title: Multi\nDate: 2012-10-31\nSummary:\n    A summary over\n    two lines.\n\nBody.\n"
    (record,) = read(text, "a.md", OPTIONS).records
    assert record.summary == "A summary over two lines."
    text = "category: yeah\nauthor: Alexis Métaireau\n\nA heading\n=========\n\nText.\n"
    (record,) = read(text, "b.md", OPTIONS).records
    assert record.title == "A heading" and record.sections == ("yeah",)
    assert record.authors == ("Alexis Métaireau",)


def test_a_date_peers_accept_is_read_with_a_warning_naming_its_line():
    text = "---\ntitle: Jekyll\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nBody.\n"
    result = read(text, "_posts/x.md", OPTIONS)
    assert result.records[0].date.strftime("%Y-%m-%d %H:%M:%S") == "2023-01-29 18:30:22"
    assert [str(w) for w in result.warnings] == [
        "_posts/x.md:3: 'date': read '2023-01-29 18:30:22 2023 -0800' as 2023-01-29T18:30:22+08:00"
    ]
    with pytest.raises(SitegenError):  # no date in it at all: still an error
        read("---\ntitle: X\ndate: someday\n---\n", "y.md", OPTIONS)


def test_hugo_dates_a_page_by_publish_date_then_lastmod_and_its_teaser_beats_description():
    hugo = ReadOptions(timezone="UTC")
    published = one("---\ntitle: A\npublishDate: 2021-02-10\nlastmod: 2021-02-12\n---\nB.\n", hugo)
    assert published.date.date().isoformat() == "2021-02-10"
    assert published.updated.date().isoformat() == "2021-02-12"
    modified = one("---\ntitle: A\nlastmod: 2021-02-12\n---\nB.\n", hugo)
    assert modified.date.date().isoformat() == "2021-02-12"
    teaser = "---\ntitle: A\ndescription: For search engines.\n---\nThe lede.\n<!--more-->\nRest.\n"
    assert one(teaser, hugo).summary == "The lede."
    no_break = "---\ntitle: A\ndescription: For search engines.\n---\nThe lede.\n"
    assert one(no_break, hugo).summary == "For search engines."
    headless = one("---\ntitle: Home parts\nheadless: true\n---\nB.\n", hugo)
    assert headless.draft
    expiring = one("---\ntitle: Sale\ndate: 2020-01-01\nexpiryDate: 2020-02-01\n---\nB.\n", hugo)
    assert expiring.expires.date().isoformat() == "2020-02-01"


def test_a_jekyll_posts_bare_timestamp_is_utc_and_a_quoted_one_local():
    la = ReadOptions(timezone="America/Los_Angeles")
    bare = "---\ntitle: A\ndate: 2016-06-13 02:00:00\n---\nB.\n"
    quoted = "---\ntitle: A\ndate: '2016-06-13 02:00:00'\n---\nB.\n"
    (utc,) = read(bare, "content/_posts/2016-06-13-a.md", la).records
    assert utc.date.utcoffset() == timedelta(0) and utc.date.hour == 2
    (local,) = read(quoted, "content/_posts/2016-06-13-a.md", la).records
    assert local.date.utcoffset() == timedelta(hours=-7) and local.date.hour == 2
    (hugo,) = read(bare, "content/posts/a.md", la).records  # outside _posts: the site's zone
    assert hugo.date.utcoffset() == timedelta(hours=-7)


def test_pelican_header_without_a_blank_line_authors_by_semicolon_and_markdown_summary():
    text = (
        "Title: Hot take\nDate: 2020-05-01\nAuthors: Doe, Jane; Roe, Rich\n"
        "Summary: A **bold** claim.\n_Italic body_ starts here.\n"
    )
    (record,) = read(text, "content/hot.md", OPTIONS).records
    assert record.title == "Hot take" and record.date.date().isoformat() == "2020-05-01"
    assert record.authors == ("Doe, Jane", "Roe, Rich")
    assert record.summary == "A bold claim."
    assert record.body_html.startswith("<p><em>Italic body</em>")
    (record,) = read("Title: T\nAuthors: Ana, Bo\n\nB.\n", "content/t.md", OPTIONS).records
    assert record.authors == ("Ana", "Bo")


def test_a_pelican_file_name_gives_the_date_and_an_empty_file_no_record():
    (record,) = read("Title: T\n\nB.\n", "content/2012-11-30_md_w_meta#x.md", OPTIONS).records
    assert record.date.date().isoformat() == "2012-11-30" and record.slug is None
    for empty in ("", "\ufeff\n", "  \n\n"):
        result = read(empty, "content/empty.md", OPTIONS)
        assert result.records == [] and "empty file" in str(result.warnings[0])


def test_what_held_out_peer_sites_write_is_read_not_refused():
    """Shapes found on real Pelican and Hugo sites (pythonclub.github.io, grpc.io)."""
    sao_paulo = ReadOptions(timezone="America/Sao_Paulo")
    (day_first,) = read("Title: A\nDate: 24-05-2015\n\nB.\n", "content/a.md", sao_paulo).records
    assert day_first.date.isoformat() == "2015-05-24T00:00:00-03:00"
    short = read("Title: B\nDate: 08-02-21 15:00\n\nB.\n", "content/b.md", sao_paulo)
    assert short.records[0].date.isoformat() == "2021-08-02T15:00:00-03:00"  # as dateutil
    assert "content/b.md:2: 'date': read '08-02-21 15:00'" in str(short.warnings[0])
    fenced = "---\nTitle: Python: an introduction\nDate: 2015-07-08 12:40\nTags: a, b\n---\nText.\n"
    (record,) = read(fenced, "content/c.md", sao_paulo).records  # Pelican's lines, not YAML
    assert record.title == "Python: an introduction" and record.tags == ("a", "b")
    assert record.body_html == "<p>Text.</p>"
    capitals = one("---\nTitle: Caps\nDate: 2015-07-08\nTags: [x]\n---\nB.\n")
    assert capitals.title == "Caps" and capitals.tags == ("x",) and capitals.date
    people = "---\ntitle: G\nauthor: {name: Yuxuan Li, link: 'https://x'}\nauthors: [{name: Bo}, Cy]\n---\nB.\n"
    assert one(people).authors == ("Bo", "Cy", "Yuxuan Li")
    assert "needs a 'name'" in error("---\ntitle: G\nauthor: {link: x}\n---\nB.\n")
    broken = "---\ntitle: [unclosed\n---\nB.\n"  # neither YAML nor Pelican's lines
    assert "invalid YAML front matter" in error(broken)

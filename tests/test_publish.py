"""Feeds, sitemaps, robots.txt, metadata and hosting files, read back by real parsers."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest

from sitegen.cli import main

from conftest import broken_links, run_build, write_site

BASE = "https://user.github.io/repo/"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from conftest import copy_site

    root = tmp_path_factory.mktemp("publish")
    site = copy_site("basic", root)
    recent = (datetime.now(UTC) - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    write_site(
        site,
        {
            "content/news/fresh.md": f"---\ntitle: Fresh news\ndate: {recent}\n"
            "authors: [Bo Li]\n---\nJust in. See [the harbour](/2024/03/01/harbour-"
            "reopens-after-storm/) and [below](#more).\n\n## More {#more}\n\nText.\n"
        },
    )
    output = root / "out"
    run_build(site, output, base_url=BASE)
    return output


def test_atom_and_rss_parse_cleanly_with_every_entry(out):
    for name in ("feed.xml", "rss.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == 8
        first = feed.entries[0]
        assert first.title == "Fresh news"
        assert first.link == BASE + first.link.removeprefix(BASE) and first.link.startswith(BASE)
        assert [a.name for a in feed.entries[1].authors] == ["Chen Qing Qing"]
        assert "Just in." in first.content[0].value
        assert 'href="https://user.github.io/2024/03/01/' not in first.content[0].value
        assert 'href="https://user.github.io/2024' not in first.content[0].value


def test_feed_links_and_fragments_are_absolute(out):
    content = feedparser.parse((out / "feed.xml").read_bytes()).entries[0].content[0].value
    assert 'href="https://user.github.io/repo/2024/03/01/harbour-reopens-after-storm/"' in content
    assert re.search(
        r'href="https://user\.github\.io/repo/\d{4}/\d\d/\d\d/fresh-news/#more"', content
    )


def test_feed_dates_follow_the_rfcs_and_ids_are_unique_and_stable(out, tmp_path):
    atom = ET.parse(out / "feed.xml").getroot()
    a = "{http://www.w3.org/2005/Atom}"
    for entry in atom.iter(a + "entry"):
        datetime.fromisoformat(entry.find(a + "updated").text)  # RFC 3339
    ids = [e.find(a + "id").text for e in atom.iter(a + "entry")]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    rss = ET.parse(out / "rss.xml").getroot()
    for date in rss.iter("pubDate"):
        assert parsedate_to_datetime(date.text).tzinfo is not None  # RFC 822
    guids = [g.text for g in rss.iter("guid")]
    assert guids == ids  # the same id in both formats


def test_an_edit_keeps_the_entry_id(basic_site, tmp_path):
    run_build(basic_site, tmp_path / "a")
    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("Harbour reopens after storm", "Harbour reopens"))
    run_build(basic_site, tmp_path / "b")

    def ids(folder):
        return {
            e.link.rsplit("/", 2)[0][-10:]: e.id
            for e in feedparser.parse((folder / "feed.xml").read_bytes()).entries
        }

    assert set(ids(tmp_path / "a").values()) == set(ids(tmp_path / "b").values())


def test_json_feed(out):
    feed = json.loads((out / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == BASE + "feed.json"
    assert [i["title"] for i in feed["items"]][:2] == ["Fresh news", "Council approves budget"]
    assert feed["items"][1]["authors"] == [
        {"name": "Chen Qing Qing", "url": BASE + "authors/chen-qing-qing/"}
    ]


def test_term_feeds_and_alternate_links(out):
    feed = feedparser.parse((out / "tags/ports/feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "Basic Test Site: Ports"
    assert {e.title for e in feed.entries} == {
        "Harbour reopens after storm",
        "Background: how the harbour works",
    }
    assert not feedparser.parse((out / "authors/ana-silva/rss.xml").read_bytes()).bozo
    assert not feedparser.parse((out / "sections/local/feed.xml").read_bytes()).bozo
    page = (out / "tags/ports/index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" href="/repo/feed.xml"' in page
    assert 'href="/repo/tags/ports/feed.xml" title="Basic Test Site: Ports"' in page


def test_sitemap_lists_every_page_and_robots_points_to_it(out):
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = {u.find("s:loc", NS).text for u in root.findall("s:url", NS)}
    pages = {
        BASE + p.relative_to(out).as_posix().removesuffix("index.html")
        for p in out.rglob("*.html")
        if p.name != "404.html" and not p.match("search/index.html")
    }
    assert locs == pages
    assert (
        out / "robots.txt"
    ).read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_news_sitemap_has_only_the_last_two_days(out):
    root = ET.parse(out / "news-sitemap.xml").getroot()
    titles = [u.find("n:news/n:title", NS).text for u in root.findall("s:url", NS)]
    assert titles == ["Fresh news"]


def test_metadata_and_json_ld(out):
    page = (out / "2024/03/01/harbour-reopens-after-storm/index.html").read_text()
    assert f'<link rel="canonical" href="{BASE}2024/03/01/harbour-reopens-after-storm/">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<meta name="description" content="The harbour reopened on Friday morning' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["@type"] == "NewsArticle" and data["headline"] == "Harbour reopens after storm"
    assert data["datePublished"] == "2024-03-01T10:00:00+01:00"
    assert [a["name"] for a in data["author"]] == ["Ana Silva", "陈青青"]
    assert data["articleSection"] == ["Local"] and data["publisher"]["name"] == "Basic Test Site"
    author = (out / "authors/ana-silva/index.html").read_text()
    person = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', author).group(1)
    )
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Ana Silva",
        "url": BASE + "authors/ana-silva/",
        "jobTitle": "Harbour correspondent",
        "description": "Ana has covered the port for a decade.",
    }


def test_github_pages_files(out):
    assert (out / ".nojekyll").read_bytes() == b""
    assert (out / "404.html").is_file()
    assert broken_links(out, BASE) == []


def test_check_command_passes_a_good_site_and_lists_problems(out, capsys, tmp_path):
    import shutil

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text(f'base_url = "{BASE}"\n')
    assert main(["check", "--site", str(site), "--output", str(out)]) == 0
    assert "0 problems" in capsys.readouterr().err
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    (broken / "index.html").write_text(
        '<title>x</title><link rel="canonical" href="/"><a href="/repo/gone/">gone</a>'
    )
    assert main(["check", "--site", str(site), "--output", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}/index.html: broken link /repo/gone/" in err and "1 problems" in err

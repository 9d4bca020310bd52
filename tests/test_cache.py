"""The persistent build cache: warm builds read and render only what changed."""

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sitegen.build
import sitegen.cache
import sitegen.hashing
import sitegen.reuse
from sitegen.sources import SourceEntry

from conftest import SiteUnderTest, read_tree, run_build


def mtimes(root):
    return {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_a_warm_build_reads_renders_and_writes_nothing(basic_site, tmp_path):
    output = tmp_path / "out"
    first = SiteUnderTest(basic_site, output, cached=True).build()
    assert len(first.rendered) == first.pages
    before = mtimes(output)
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert (warm.reread, warm.rendered, warm.removed) == ([], [], [])
    assert mtimes(output) == before


def test_new_timestamps_with_the_same_bytes_are_not_changes(basic_site, tmp_path):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    for path in (basic_site / "content").rglob("*.md"):
        os.utime(path, (1, 1))  # what a fresh checkout does to every file
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert warm.reread == [] and warm.rendered == []


def test_one_edit_reads_one_source_and_renders_its_pages(basic_site, tmp_path):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes", "Twelve cranes"))
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert warm.reread == ["content/news/one.md"]
    html = [p for p in warm.rendered if p.endswith(".html")]
    assert html == ["2024/03/01/harbour-reopens-after-storm/index.html"]
    assert all(p.endswith(("feed.xml", "rss.xml", "feed.json")) for p in warm.rendered[1:])
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert read_tree(output) == read_tree(clean)


def test_a_template_edit_renders_only_its_pages_from_the_cache(basic_site, tmp_path):
    """The cache remembers each template's hash: the pages of a changed template are
    rendered (and hashed while at it), the others compared, as in the dev server."""
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    tag = basic_site / "templates" / "tag.html"
    tag.parent.mkdir()
    tag.write_text('{% extends "base.html" %}{% block main %}TAG {{ term.name }}{% endblock %}')
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert warm.rendered == [
        "tags/politics/index.html",
        "tags/ports/index.html",
        "tags/weather/index.html",
    ]
    assert (
        SiteUnderTest(basic_site, output, cached=True).build().rendered == []
    )  # their new hashes were kept
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert read_tree(output) == read_tree(clean)


def test_related_coverage_is_worked_out_again_only_when_what_it_reads_changes(
    basic_site, tmp_path, monkeypatch
):
    calls = []
    real = sitegen.reuse.related_reports
    monkeypatch.setattr(
        sitegen.reuse, "related_reports", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("tags: [Weather, Ports]", "tags: [Weather]"))
    SiteUnderTest(basic_site, output, cached=True).build()
    assert len(calls) == 1  # tags are not what it reads
    one.write_text(one.read_text().replace("The harbour reopened", "The port reopened"))
    SiteUnderTest(basic_site, output, cached=True).build()
    assert len(calls) == 2
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert read_tree(output) == read_tree(clean)


def test_an_output_the_cache_did_not_write_is_rebuilt_in_full(basic_site, tmp_path):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    run_build(basic_site, output, base_url="https://elsewhere.example/x/")  # no cache
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert len(warm.rendered) == warm.pages
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert read_tree(output) == read_tree(clean)


def test_a_deleted_output_is_rebuilt_in_full(basic_site, tmp_path):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    shutil.rmtree(output)
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert warm.reread == [] and len(warm.rendered) == warm.pages


def test_a_broken_cache_is_ignored(basic_site, tmp_path):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    (basic_site / ".cache" / "state.sqlite").write_bytes(b"not a database")
    report = SiteUnderTest(basic_site, output, cached=True).build()
    assert len(report.reread) == 10
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert read_tree(output) == read_tree(clean)


def test_a_no_change_build_loads_no_record(basic_site, tmp_path, monkeypatch):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()

    def refuse(entry):
        raise AssertionError(f"loaded the records of {entry} for a build with nothing to do")

    monkeypatch.setattr(SourceEntry, "unpack", refuse)
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert (warm.reread, warm.rendered) == ([], [])


def test_a_no_change_build_reads_no_cached_record_from_disk(basic_site, tmp_path, monkeypatch):
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()

    def refuse(blobs, name):
        raise AssertionError(f"read the cached records of {name} for a build with nothing to do")

    monkeypatch.setattr(sitegen.cache.Blobs, "take", refuse)
    warm = SiteUnderTest(basic_site, output, cached=True).build()
    assert (warm.reread, warm.rendered) == ([], [])


def cached_pages(cache: Path) -> dict[str, str]:
    with closing(sqlite3.connect(cache / "state.sqlite")) as db:
        return dict(db.execute("SELECT path, hash FROM pages"))


def test_the_cached_page_hashes_stay_exact_as_pages_change_and_go(basic_site, tmp_path):
    output = tmp_path / "out"
    site = SiteUnderTest(basic_site, output, cached=True)
    site.build()
    first = cached_pages(site.cache)
    assert first and set(first) == {p for p in read_tree(output) if p != ".sitegen-build"}
    site.edit("content/news/one.md", "Two cranes", "Twelve cranes")
    (basic_site / "content/news/two.md").unlink()  # its pages go, and their rows with them
    site.build()
    second = cached_pages(site.cache)
    assert set(second) == {p for p in read_tree(output) if p != ".sitegen-build"}
    assert second != first
    state = sitegen.cache.load(site.cache, output)  # the marker matches: the hashes count
    assert state.pages == second


def test_the_clock_alone_publishes_a_future_article(basic_site, tmp_path, monkeypatch):
    soon = datetime.now(UTC) + timedelta(hours=1)
    (basic_site / "content" / "news" / "soon.md").write_text(
        f'---\ntitle: "Embargoed until soon"\ndate: {soon.isoformat()}\n---\nNews.\n'
    )
    output = tmp_path / "out"
    SiteUnderTest(basic_site, output, cached=True).build()
    assert "Embargoed until soon" not in (output / "index.html").read_text()

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return soon + timedelta(minutes=1)

    monkeypatch.setattr(sitegen.build, "datetime", Later)
    later = SiteUnderTest(basic_site, output, cached=True).build()
    assert "index.html" in later.rendered
    assert "Embargoed until soon" in (output / "index.html").read_text()


def test_a_source_is_read_once_for_its_records_and_its_digest(basic_site, tmp_path, monkeypatch):
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    SiteUnderTest(basic_site, tmp_path / "out", cached=True).build()
    sources = sorted(p.name for p in (basic_site / "content").rglob("*.md"))
    assert sorted(name for name in reads if name.endswith(".md")) == sources


def test_a_new_page_engine_renders_every_page_again(basic_site, tmp_path, monkeypatch):
    """Pages that no edit touches keep their cached hash without being hashed again, so
    a change to how pages are rendered (a new ENGINE) must drop the cache."""
    output = tmp_path / "out"
    first = SiteUnderTest(basic_site, output, cached=True).build()
    monkeypatch.setattr(sitegen.hashing, "ENGINE", b"sitegen-pages-test")
    monkeypatch.setattr(sitegen.cache, "ENGINE", b"sitegen-pages-test")
    again = SiteUnderTest(basic_site, output, cached=True).build()
    assert len(again.rendered) == first.pages

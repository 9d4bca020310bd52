"""Edits that leave the site's shape alone reuse the last build's site, in one process
(the dev server's loop), and still give what a clean build gives, byte for byte."""

import io
import time
from types import SimpleNamespace

import pytest

from sitegen import cache, dev
from sitegen.build import build
from sitegen.dev import DevLoop
from sitegen.report import Reporter

from conftest import edit, read_tree, run_build

ARTICLE = "2024/03/01/harbour-reopens-after-storm/index.html"


@pytest.fixture
def loop(basic_site, tmp_path):
    dev_loop = DevLoop(basic_site, tmp_path / "out", {}, Reporter(io.StringIO()))
    dev_loop.rebuild()
    return dev_loop


def same_as_clean(loop, tmp_path) -> bool:
    if getattr(loop, "indexer", None):  # the search index the loop remakes once edits pause
        loop.indexer.cancel()
        loop.index(loop.builds)
    run_build(loop.site, tmp_path / "clean")
    return read_tree(loop.output) == read_tree(tmp_path / "clean")


def test_a_body_edit_reuses_the_site_and_hashes_only_the_pages_showing_it(loop, tmp_path):
    one = loop.site / "content/news/one.md"
    edit(one, "Two cranes were damaged.", "Three cranes were damaged.")
    report = loop.rebuild({one.resolve()})
    assert "assemble" not in report.stages and "plan" not in report.stages
    assert report.reread == ["content/news/one.md"]
    assert [p for p in report.rendered if p.endswith(".html")] == [ARTICLE]
    assert same_as_clean(loop, tmp_path)


def test_a_summary_change_reaches_every_list_that_shows_the_article(loop, tmp_path):
    one = loop.site / "content/news/one.md"
    edit(one, "sections: [Local]", "sections: [Local]\nsummary: Cranes down, port open.")
    report = loop.rebuild({one.resolve()})
    assert "assemble" not in report.stages
    assert {"tags/ports/index.html", "authors/ana-silva/index.html"} <= set(report.rendered)
    assert any(p.startswith("page/") for p in report.rendered)  # the index page with it
    assert "Cranes down, port open." in (loop.output / "tags/ports/index.html").read_text()
    assert same_as_clean(loop, tmp_path)


@pytest.mark.parametrize(
    "old, new",
    [
        ('title: "Harbour reopens after storm"', 'title: "Harbour opens"'),  # its URL
        ("tags: [Weather, Ports]", "tags: [Weather]"),  # a tag page loses it
        ("2024-03-01T10:00", "2024-02-01T10:00"),  # another archive month
        ("sections: [Local]", "sections: [Local]\nupdated: 2024-03-09"),  # the sitemap's date
    ],
    ids=["title", "tags", "date", "updated"],
)
def test_an_edit_to_the_sites_shape_assembles_it_again(loop, tmp_path, old, new):
    one = loop.site / "content/news/one.md"
    edit(one, old, new)
    report = loop.rebuild({one.resolve()})
    assert "assemble" in report.stages
    assert same_as_clean(loop, tmp_path)


def test_told_which_files_changed_a_build_looks_at_no_other(loop, tmp_path):
    one, two = loop.site / "content/news/one.md", loop.site / "content/news/two.md"
    edit(one, "Two cranes", "Three cranes")
    edit(two, "budget", "spending plan")
    report = loop.rebuild({one.resolve()})
    assert report.reread == ["content/news/one.md"]
    report = loop.rebuild(None)  # told nothing: every source is looked at
    assert report.reread == ["content/news/two.md"]
    assert same_as_clean(loop, tmp_path)


def test_a_new_or_deleted_source_among_those_told_is_found(loop, tmp_path):
    new = loop.site / "content/news/new.md"
    new.write_text("---\ntitle: Ferry resumes\ndate: 2024-03-09\n---\nThe ferry runs again.\n")
    loop.rebuild({new.resolve()})
    assert (loop.output / "2024/03/09/ferry-resumes/index.html").is_file()
    assert same_as_clean(loop, tmp_path / "a")
    new.unlink()
    loop.rebuild({new.resolve()})
    assert not (loop.output / "2024/03/09/ferry-resumes").exists()
    assert same_as_clean(loop, tmp_path / "b")


def test_after_a_failed_build_every_source_is_looked_at_again(loop, tmp_path):
    one, two = loop.site / "content/news/one.md", loop.site / "content/news/two.md"
    edit(one, "title:", "title: [")
    assert loop.rebuild({one.resolve()}) is None  # failed: the last good site stays
    edit(two, "budget", "spending plan")  # the watcher's event for this one is missed
    edit(one, "title: [", "title:")
    report = loop.rebuild({one.resolve()})
    assert report.reread == ["content/news/two.md"]  # one.md is as it was: nothing to read
    assert same_as_clean(loop, tmp_path)


def test_the_cache_is_saved_once_edits_pause_and_when_the_loop_stops(
    basic_site, tmp_path, monkeypatch
):
    monkeypatch.setattr(dev, "SAVE_AFTER", 0.05)
    folder, output = tmp_path / "cache", tmp_path / "out"
    loop = DevLoop(basic_site, output, {}, Reporter(io.StringIO()), folder)
    loop.rebuild()
    deadline = time.monotonic() + 10
    while cache.load(folder, output.resolve()).pages != loop.state.pages:
        assert time.monotonic() < deadline, "the cache was not saved"
        time.sleep(0.05)
    monkeypatch.setattr(dev, "SAVE_AFTER", 60)
    one = basic_site / "content/news/one.md"
    edit(one, "Two cranes", "Three cranes")
    loop.rebuild({one.resolve()})
    assert cache.load(folder, output.resolve()).pages == {}  # not saved yet: not trusted
    loop.save()  # as when the loop stops
    assert cache.load(folder, output.resolve()).pages == loop.state.pages


def test_a_server_started_on_a_current_cache_has_the_site_ready_for_the_first_edit(
    basic_site, tmp_path
):
    folder, output = tmp_path / "cache", tmp_path / "out"
    first = DevLoop(basic_site, output, {}, Reporter(io.StringIO()), folder)
    first.rebuild()
    first.save()
    loop = DevLoop(basic_site, output, {}, Reporter(io.StringIO()), folder)
    assert loop.rebuild().rendered == []  # nothing changed: it stopped early
    before = read_tree(output)
    loop.prime()  # what `serve` runs in the background once it is up
    assert read_tree(output) == before
    one = basic_site / "content/news/one.md"
    edit(one, "Two cranes", "Three cranes")
    report = loop.rebuild({one.resolve()})
    assert "assemble" not in report.stages
    assert same_as_clean(loop, tmp_path)


def test_in_a_new_process_an_edit_that_keeps_the_shape_hashes_only_its_pages(basic_site, tmp_path):
    folder, output = tmp_path / "cache", tmp_path / "out"

    def cli_build():  # a fresh state each time, from the cache, as `sitegen build` has
        return build(basic_site, output, None, Reporter(io.StringIO()), cache_dir=folder)

    one = basic_site / "content/news/one.md"
    lede = " ".join(["the harbour was closed for days"] * 15)  # past it, edits change no lede
    edit(one, "The harbour reopened", f"{lede}.\n\nThe harbour reopened")
    everything = cli_build().pages
    edit(one, "were damaged", "were badly damaged")  # no new name: the same derived topics
    report = cli_build()
    assert report.hashed < 25 < everything  # its page, its neighbours', lists and feeds
    assert [p for p in report.rendered if p.endswith(".html")] == [ARTICLE]
    assert same_as_clean(SimpleNamespace(site=basic_site, output=output), tmp_path / "a")
    edit(one, "tags: [Weather, Ports]", "tags: [Weather]")
    report = cli_build()
    assert report.hashed == report.pages  # a tag page lost it: every page is checked
    assert same_as_clean(SimpleNamespace(site=basic_site, output=output), tmp_path / "b")


def test_an_edit_that_changes_another_articles_derived_topics_checks_every_page(tmp_path):
    """A name in three untagged articles is a derived topic of each; edited out of one of
    them (past its lede), the other two lose that topic too."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "sitegen.toml").write_text('title = "Topics"\n')
    for n, letter in enumerate("abcd"):
        filler = " ".join(f"{letter}{word}" for word in range(90))  # a lede of its own
        name = "Marta Kowalska spoke at the quay." if n < 3 else "Nobody spoke."
        (site / "content" / f"{letter}.md").write_text(
            f"---\ntitle: Report {letter}\ndate: 2024-03-0{n + 1}\n---\n{filler}.\n\n{name}\n"
        )
    folder, output = tmp_path / "cache", tmp_path / "out"
    build(site, output, None, Reporter(io.StringIO()), cache_dir=folder)
    assert (output / "tags/marta-kowalska/index.html").is_file()
    edit(site / "content/a.md", "Marta Kowalska spoke at the quay.", "Nobody spoke.")
    report = build(site, output, None, Reporter(io.StringIO()), cache_dir=folder)
    assert report.hashed == report.pages
    assert not (output / "tags/marta-kowalska").exists()
    assert same_as_clean(SimpleNamespace(site=site, output=output), tmp_path)

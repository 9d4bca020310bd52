"""The search index sitegen build writes (Pagefind's): made from the articles, remade only
when they change, deterministic, and kept off the dev server's edit → reload path."""

import io
import json
import tempfile
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.errors import SitegenError
from sitegen.report import Reporter
from sitegen.state import BuildState

from conftest import read_tree, run_build


def index_files(output):
    return {k: v for k, v in read_tree(output).items() if k.startswith("pagefind/")}


def test_the_build_writes_a_search_index_of_every_article(basic_site, tmp_path):
    output = tmp_path / "out"
    report, _ = run_build(basic_site, output)
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    assert language["page_count"] == 7  # the basic site's articles, not its list pages
    assert (output / "pagefind/pagefind.js").is_file()
    assert "search/index.html" in report.rendered


def test_the_index_is_the_same_bytes_on_every_clean_build(basic_site, tmp_path):
    run_build(basic_site, tmp_path / "a")
    run_build(basic_site, tmp_path / "b")
    first, second = index_files(tmp_path / "a"), index_files(tmp_path / "b")
    assert first and first == second


def test_the_index_is_remade_only_when_an_article_changes(basic_site, tmp_path):
    output, state = tmp_path / "out", BuildState()
    quiet = Reporter(io.StringIO())
    build(basic_site, output, None, quiet, state)
    before = index_files(output)

    (basic_site / "templates").mkdir()  # a page changes, the articles do not
    (basic_site / "templates/tag.html").write_text(
        '{% extends "base.html" %}{% block main %}tag{% endblock %}'
    )
    report = build(basic_site, output, None, quiet, state)
    assert "search" in report.stages and not any(p.startswith("pagefind/") for p in report.rendered)
    assert index_files(output) == before

    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes", "Seventeen cranes"))
    build(basic_site, output, None, quiet, state)
    assert index_files(output) != before


def test_a_build_may_leave_the_index_stale_and_the_next_one_remakes_it(basic_site, tmp_path):
    """The dev server's way: the edit's pages first, the index once edits pause."""
    output, state = tmp_path / "out", BuildState()
    quiet = Reporter(io.StringIO())
    build(basic_site, output, None, quiet, state)
    before = index_files(output)
    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes", "Seventeen cranes"))

    report = build(basic_site, output, None, quiet, state, search_now=False)
    assert report.search_stale and report.rendered
    assert index_files(output) == before  # untouched, and still a whole index

    report = build(basic_site, output, None, quiet, state)  # no source changed since
    assert not report.search_stale and index_files(output) != before
    clean = tmp_path / "clean"
    run_build(basic_site, clean)
    assert index_files(output) == index_files(clean)

    log = io.StringIO()
    build(basic_site, output, None, Reporter(log), state)
    assert "nothing changed" in log.getvalue()


def test_search_can_be_turned_off(basic_site, tmp_path):
    output = tmp_path / "out"
    run_build(basic_site, output, search=False)
    assert not (output / "pagefind").exists()
    assert (output / "search/index.html").is_file()  # sections and tags, without the index


def test_a_failed_build_stops_the_indexer_and_leaves_nothing_behind(basic_site, tmp_path):
    scratch = set(Path(tempfile.gettempdir()).glob("sitegen-search-*"))
    (basic_site / "templates").mkdir()
    (basic_site / "templates/article.html").write_text("{{ article.nothing.there }}")
    with pytest.raises(SitegenError):
        build(basic_site, tmp_path / "out", None, Reporter(io.StringIO()))
    assert set(Path(tempfile.gettempdir()).glob("sitegen-search-*")) == scratch
    assert not (tmp_path / "out").exists()

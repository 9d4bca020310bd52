"""`sitegen serve` as a subprocess on a temporary site: what it serves, before and after edits."""

import json
import os
import threading
import time

import pytest
from servers import EventLog, Served

from conftest import copy_site, read_tree, run_build

pytestmark = pytest.mark.slow  # a real server

ARTICLE = "2024/03/01/harbour-reopens-after-storm/"


@pytest.fixture
def served(tmp_path):
    site = copy_site("basic", tmp_path)
    server = Served(site)
    yield server
    server.stop()


def test_pretty_urls_types_and_the_404_page(served):
    status, headers, body = served.get("/" + ARTICLE)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Harbour reopens after storm" in body
    assert served.get("/static/sitegen.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    status, headers, _ = served.get("/" + ARTICLE.rstrip("/"))
    assert status == 302 and headers["Location"] == "/" + ARTICLE
    status, _, body = served.get("/no/such/page/")
    assert status == 404 and b"Page not found" in body
    status, headers, body = served.get("/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_live_reload_script_is_served_but_never_written(served):
    assert "/__sitegen/events" in served.text("/")
    assert "__sitegen" not in (served.site / "output" / "index.html").read_text()


@pytest.mark.parametrize(
    "path",
    [
        "/../sitegen.toml",
        "/%2e%2e/sitegen.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/static/..%2f..%2fsitegen.toml",
        "/..%5csitegen.toml",
    ],
)
def test_never_serves_outside_the_output_folder(served, path):
    status, _, body = served.get(path)
    assert status == 404 and b"title =" not in body and b"root:" not in body


def test_symlinks_out_of_the_output_are_refused(served):
    os.symlink(served.site / "sitegen.toml", served.site / "output" / "leak.txt")
    assert served.get("/leak.txt")[0] == 404


def test_many_concurrent_clients(served):
    events = [EventLog(served) for _ in range(5)]  # open event streams hold threads too
    results = []

    def fetch():
        for _ in range(10):
            results.append(served.get("/" + ARTICLE)[0])

    threads = [threading.Thread(target=fetch) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [200] * 200
    for log in events:
        log.close()


def test_edits_creations_renames_and_deletions_are_served(served, tmp_path):
    site, builds = served.site, served.rebuilds()
    one = site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes", "Four cranes"))
    served.wait_for(lambda: "Four cranes" in served.text("/" + ARTICLE), what="edit")
    (site / "content/news/new.md").write_text(
        "---\ntitle: Brand new\ndate: 2024-05-01\n---\nNew.\n"
    )
    served.wait_for(lambda: served.get("/2024/05/01/brand-new/")[0] == 200, what="new article")
    assert "Brand new" in served.text("/")
    (site / "content/news/new.md").rename(site / "content/news/newer.md")
    served.wait_rebuild(builds + 3)
    assert served.get("/2024/05/01/brand-new/")[0] == 200  # same title, same URL
    (site / "content/news/newer.md").unlink()
    served.wait_for(lambda: served.get("/2024/05/01/brand-new/")[0] == 404, what="deletion")
    assert "Brand new" not in served.text("/")
    (site / "templates").mkdir()
    (site / "templates/tag.html").write_text(
        '{% extends "base.html" %}{% block main %}TAGGED {{ term.name }}{% endblock %}'
    )
    served.wait_for(lambda: "TAGGED Ports" in served.text("/tags/ports/"), what="template")
    clean = tmp_path / "clean"
    run_build(site, clean)
    # the search index follows once edits pause (after the pages' reload)
    served.wait_for(lambda: read_tree(site / "output") == read_tree(clean), what="index")


def test_editor_save_patterns_give_one_rebuild(served):
    site, builds = served.site, served.rebuilds()
    one = site / "content/news/one.md"
    text = one.read_text().replace("Two cranes", "Six cranes")
    swap = site / "content/news/.one.md.swp"
    swap.write_text("swap")
    temp = site / "content/news/one.md.tmp"
    temp.write_text(text)
    os.replace(temp, one)  # the atomic save of many editors
    (site / "content/news/one.md~").write_text("backup")
    served.wait_for(lambda: "Six cranes" in served.text("/" + ARTICLE), what="atomic save")
    time.sleep(1)  # any second rebuild would have started by now
    assert served.rebuilds() == builds + 1


def test_a_build_error_keeps_the_last_good_site_and_reports_it(served):
    events = EventLog(served)
    one = served.site / "content/news/one.md"
    good = one.read_text()
    before = served.text("/" + ARTICLE)
    one.write_text(good.replace("title:", "title: [", 1))
    served.wait_for(lambda: any(e == "failed" for e, _ in events.events), what="failure event")
    failed = json.loads(next(d for e, d in events.events if e == "failed"))
    assert failed["problems"][0].startswith("content/news/one.md:3: invalid YAML front matter")
    served.wait_for(  # the terminal line travels through a pipe: it may trail the event
        lambda: any(line.startswith("error: content/news/one.md:3:") for line in served.lines),
        what="the error in the terminal",
    )
    assert served.text("/" + ARTICLE) == before
    late = EventLog(served)  # a page opened while the site is broken sees the error too
    served.wait_for(lambda: late.events and late.events[0][0] == "failed", what="replayed failure")
    one.write_text(good.replace("Two cranes", "Seven cranes"))
    served.wait_for(lambda: any(e == "built" for e, _ in events.events), what="fixed build")
    assert "Seven cranes" in served.text("/" + ARTICLE)
    # "reload" follows "built" on the stream: wait for it rather than race it
    served.wait_for(lambda: any(e == "reload" for e, _ in events.events), what="reload")
    reload = json.loads([d for e, d in events.events if e == "reload"][-1])
    assert "/" + ARTICLE in reload["paths"]
    events.close()
    late.close()


def test_serves_under_a_base_url_subpath(tmp_path):
    site = copy_site("basic", tmp_path)
    server = Served(site, "--base-url", "https://user.github.io/repo/")
    try:
        assert server.base == "/repo/"
        assert server.get("/repo/" + ARTICLE)[0] == 200
        assert server.get("/")[0] == 302 and server.get("/")[1]["Location"] == "/repo/"
        assert server.get("/" + ARTICLE)[0] == 404
        assert 'href="/repo/static/sitegen.css"' in server.text("/repo/")
    finally:
        server.stop()


def test_ctrl_c_shuts_down_cleanly(served):
    assert served.stop() == 0
    assert served.lines[-1] == "stopped"


def test_the_search_index_follows_an_edit_after_its_pages_reloaded(served):
    """Remaking the index (seconds at 10,000 articles) is never on the edit → reload path."""
    events = EventLog(served)
    one = served.site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes", "Nine cranes"))
    served.wait_for(lambda: any(e[0] == "reload" for e in events.events), what="reload")
    assert not any("search index updated" in line for line in served.lines)
    served.wait_for(
        lambda: any("search index updated" in line for line in served.lines), what="index"
    )
    events.close()

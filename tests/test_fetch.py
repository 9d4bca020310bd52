"""sitegen fetch against a real HTTP server on 127.0.0.1: feeds and pages saved with their
validators, conditional requests, redirects, failures with back-off, robots.txt, size
and time limits, and a fetched site built with each feed entry once."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest
import yaml

from sitegen.build import build
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.fetch import fetch_sources
from sitegen.report import Reporter
from sitegen.state import BuildState

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def rss(entries: list[tuple[str, str, str]], encoding: str = "utf-8") -> bytes:
    items = "".join(
        f"<item><guid>urn:test:{guid}</guid><title>{title}</title>"
        f"<link>http://news.test/{guid}</link><pubDate>Wed, 02 Dec 2026 10:00:00 GMT</pubDate>"
        f"<description>{text}</description></item>"
        for guid, title, text in entries
    )
    head = f'<?xml version="1.0" encoding="{encoding}"?>'
    return (
        head + f"<rss version='2.0'><channel><title>Test Wire</title>{items}</channel></rss>"
    ).encode(encoding)


ENTRIES = [
    ("one", "Harbour reopens after the storm", "The harbour reopened on Tuesday after repairs."),
    ("two", "Council approves the budget", "The council approved next year's budget."),
    ("three", "Bridge closed for inspection", "The old bridge closes for a week of checks."),
]

PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Tram line opens</title>
</head><body><article><h1>Tram line opens</h1><p class="byline">By Ann Lee</p>
<p>The new tram line opened on Monday, carrying its first passengers across the city
from the station to the harbour in twelve minutes.</p>
<p>Officials said the line would run every six minutes at peak hours.</p></article></body></html>"""


class Server:
    """A local server whose answers a test can change; it logs each request's headers."""

    def __init__(self):
        self.feed = rss(ENTRIES)
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.answer(self)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (the timeout test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer(self, request) -> tuple[int, dict, bytes]:
        path = request.path
        etag = f'"{hash(self.feed) & 0xFFFFFF:x}"'
        modified = format_datetime(datetime(2026, 12, 1, tzinfo=UTC), usegmt=True)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed.xml":
            if request.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, self.feed
        if path == "/page.html":
            if request.headers.get("If-Modified-Since") == modified:
                return 304, {}, b""
            return 200, {"Content-Type": "text/html", "Last-Modified": modified}, PAGE
        if path == "/gzipped":  # no content type: told a feed by its first bytes
            return 200, {"Content-Encoding": "gzip"}, gzip.compress(rss(ENTRIES[:1]))
        if path == "/brotli.html":
            return (
                200,
                {"Content-Type": "text/html", "Content-Encoding": "br"},
                brotli.compress(PAGE),
            )
        if path == "/latin.xml":
            feed = rss([("l", "Café reopens", "Crème brûlée returns to the menu.")], "iso-8859-1")
            return 200, {"Content-Type": "text/xml"}, feed
        if path == "/latin.html":
            page = PAGE.replace(b"utf-8", b"iso-8859-1").replace(b"Tram line", "Café".encode())
            return 200, {"Content-Type": "text/html"}, page.decode().encode("iso-8859-1")
        if path == "/moved":
            return 301, {"Location": "/page.html"}, b""
        if path == "/loop":
            return 302, {"Location": "/loop"}, b""
        if path == "/error":
            return 500, {}, b"broken"
        if path == "/slow":
            time.sleep(3)
            return 200, {"Content-Type": "text/html"}, PAGE
        if path == "/huge":
            return 200, {"Content-Type": "text/html"}, b"<html>" + b"x" * (2 << 20)
        if path == "/private/page.html":
            return 200, {"Content-Type": "text/html"}, PAGE
        return 404, {}, b"not here"

    def seen(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def make_site(folder: Path, server: Server, *paths: str, extra: str = "") -> Path:
    (folder / "content").mkdir(parents=True)
    tables = "".join(f'\n[[sources]]\nurl = "{server.base}{path}"\n' for path in paths)
    (folder / "sitegen.toml").write_text(
        'title = "Followed"\nsearch = false\nfetch_timeout = 1\nfetch_max_mb = 1\n'
        'fetch_contact = "desk@news.test"\n' + extra + tables
    )
    return folder


def run_fetch(site: Path, now: datetime = NOW, force: bool = False, log=None):
    reporter = Reporter(log or io.StringIO())
    return fetch_sources(site, load_config(site), reporter, now, force)


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def sidecar(site: Path, outcome) -> dict:
    folder = site / "content" / outcome.sub.folder
    return json.loads((folder / f".{outcome.sub.name}.fetch.json").read_text())


def test_feeds_and_pages_are_saved_with_their_validators(server, tmp_path):
    paths = ("/feed.xml", "/page.html", "/gzipped", "/moved", "/brotli.html")
    site = make_site(tmp_path, server, *paths)
    outcomes = run_fetch(site)
    assert [o.state for o in outcomes] == ["saved"] * 5, [o.detail for o in outcomes]
    saved = [path for o in outcomes for path in o.saved]
    assert saved[0].startswith("fetched/127.0.0.1/127-0-0-1-feed-xml-")
    assert saved[0].endswith("-2026-12-04-080000.xml") and saved[1].endswith(".html")
    content = site / "content"
    assert (content / saved[0]).read_bytes() == server.feed
    assert (content / saved[1]).read_bytes() == PAGE
    assert b"<rss" in (content / saved[2]).read_bytes()  # gunzipped, and told a feed
    assert (content / saved[4]).read_bytes() == PAGE  # decompressed
    assert "br" in server.seen("/brotli.html")[0]["Accept-Encoding"]
    memo = sidecar(site, outcomes[0])
    assert memo["etag"] and memo["status"] == 200 and memo["fetched"] == NOW.isoformat()
    assert sidecar(site, outcomes[1])["last_modified"] == "Tue, 01 Dec 2026 00:00:00 GMT"
    assert sidecar(site, outcomes[3])["final_url"] == server.base + "/page.html"
    agent = server.seen("/feed.xml")[0]["User-Agent"]
    assert agent.startswith("sitegen/") and "desk@news.test" in agent
    assert len(server.seen("/robots.txt")) == 1  # once per host and run


def test_a_second_run_is_conditional_and_writes_nothing(server, tmp_path):
    site = make_site(tmp_path, server, "/feed.xml", "/page.html")
    run_fetch(site)
    before = files_under(site / "content")
    outcomes = run_fetch(site, NOW + timedelta(hours=1))
    assert [o.state for o in outcomes] == ["unchanged", "unchanged"]
    assert server.seen("/feed.xml")[-1]["If-None-Match"] == sidecar(site, outcomes[0])["etag"]
    assert server.seen("/page.html")[-1]["If-Modified-Since"].endswith("GMT")
    after = files_under(site / "content")
    assert {k for k in after if "/." not in k} == {k for k in before if "/." not in k}


def test_failures_are_reported_retried_later_and_the_others_land(server, tmp_path):
    paths = ("/error", "/slow", "/huge", "/private/page.html", "/loop", "/feed.xml")
    site = make_site(tmp_path, server, *paths)
    log = io.StringIO()
    outcomes = run_fetch(site, log=log)
    states = {o.sub.url.removeprefix(server.base): (o.state, o.detail) for o in outcomes}
    assert states["/feed.xml"][0] == "saved"
    assert "HTTP 500" in states["/error"][1]
    assert "no answer in 1 s" in states["/slow"][1]
    assert "larger than fetch_max_mb (1 MB)" in states["/huge"][1]
    assert "robots.txt" in states["/private/page.html"][1]
    assert "redirects" in states["/loop"][1]
    assert not server.seen("/private/page.html")
    assert log.getvalue().count("warning:") == 5
    failed = [o for o in outcomes if o.state == "failed"]
    for outcome in failed:
        memo = sidecar(site, outcome)
        assert memo["failures"] == 1 and memo["retry_at"] == "2026-12-04T08:10:00+00:00"
    saved = [p for p in files_under(site / "content") if not p.rsplit("/", 1)[-1].startswith(".")]
    assert len(saved) == 1  # only the feed's capture: nothing of a failed source
    # five minutes on, the failed ones wait out their back-off; the feed is asked again
    later = run_fetch(site, NOW + timedelta(minutes=5))
    assert [o.state for o in later if o.sub.url.endswith("/error")] == ["not due"]
    assert [o.state for o in later if o.sub.url.endswith("/feed.xml")] == ["unchanged"]
    # after it, tried again; a second failure doubles the wait
    again = run_fetch(site, NOW + timedelta(minutes=11))
    error = next(o for o in again if o.sub.url.endswith("/error"))
    assert error.state == "failed"
    assert sidecar(site, error)["retry_at"] == "2026-12-04T08:31:00+00:00"


def test_every_source_failing_is_an_error(server, tmp_path):
    site = make_site(tmp_path, server, "/error")
    with pytest.raises(SitegenError, match="no source could be fetched"):
        run_fetch(site)


def test_every_and_keep(server, tmp_path):
    site = make_site(tmp_path, server, "/feed.xml")
    config = site / "sitegen.toml"
    config.write_text(config.read_text() + 'every = "1h"\nkeep = "2d"\n')
    first = run_fetch(site)[0]
    assert run_fetch(site, NOW + timedelta(minutes=30))[0].state == "not due"
    server.feed = rss(ENTRIES[1:])
    second = run_fetch(site, NOW + timedelta(days=1))[0]
    assert second.state == "saved"
    server.feed = rss(ENTRIES[:1])
    third = run_fetch(site, NOW + timedelta(days=3))[0]
    assert "1 old capture removed" in third.detail
    folder = site / "content" / first.sub.folder
    captures = sorted(p.name for p in folder.glob("*.xml"))
    assert captures == [Path(second.saved[0]).name, Path(third.saved[0]).name]


def test_text_is_saved_as_utf8_and_defaults_go_to_the_folder(server, tmp_path):
    site = make_site(tmp_path, server)
    (site / "sitegen.toml").write_text(
        (site / "sitegen.toml").read_text()
        + f'\n[[sources]]\nurl = "{server.base}/latin.xml"\nfolder = "wires/latin"\n'
        'section = "Food"\npublisher = "Latin Wire"\ntimezone = "Europe/Paris"\n'
        f'\n[[sources]]\nurl = "{server.base}/latin.html"\nfolder = "pages"\n'
    )
    outcome, page = run_fetch(site)
    assert "Café opens" in (site / "content" / page.saved[0]).read_text(encoding="utf-8")
    text = (site / "content" / outcome.saved[0]).read_bytes()
    assert text.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert "Café reopens" in text.decode("utf-8")
    defaults = (site / "content/wires/latin/_defaults.toml").read_text()
    assert 'section = "Food"' in defaults and 'timezone = "Europe/Paris"' in defaults
    state = BuildState()
    build(site, tmp_path / "out", None, Reporter(io.StringIO()), state, None, now=NOW)
    articles = {a.title: a for a in state.last.site.articles.values()}
    assert "Café opens" in articles
    article = articles["Café reopens"]
    assert article.record.sections == ("Food",)
    assert article.record.publisher == "Test Wire"  # the feed's own name comes first


def test_nothing_is_written_outside_the_content_folder(server, tmp_path):
    site = make_site(tmp_path / "site", server, "/feed.xml", "/page.html", "/error")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (site / "content" / "fetched").symlink_to(outside, target_is_directory=True)
    before = files_under(tmp_path)
    log = io.StringIO()
    with pytest.raises(SitegenError, match="no source could be fetched"):
        run_fetch(site, log=log)
    assert log.getvalue().count("refusing to write outside the content folder") == 3
    assert files_under(tmp_path) == before
    (site / "content" / "fetched").unlink()
    run_fetch(site, force=True)
    changed = {p for p, data in files_under(tmp_path).items() if before.get(p) != data}
    assert changed and all(p.startswith("site/content/fetched/") for p in changed), changed


def test_a_fetched_site_shows_each_entry_once_after_a_changed_entry(server, tmp_path):
    site = make_site(tmp_path, server, "/feed.xml")
    run_fetch(site)
    state = BuildState()
    build(site, tmp_path / "out", None, Reporter(io.StringIO()), state, None, now=NOW)
    first = {a.title: a.url for a in state.last.site.articles.values()}
    assert len(first) == 3
    changed = ("two", "Council approves the budget", "The council approved a smaller budget.")
    server.feed = rss([("four", "Ferry timetable changes", "Ferries run later."), changed])
    assert run_fetch(site, NOW + timedelta(hours=2))[0].state == "saved"
    state = BuildState()
    build(site, tmp_path / "out2", None, Reporter(io.StringIO()), state, None, now=NOW)
    articles = list(state.last.site.articles.values())
    titles = [a.title for a in articles]
    assert sorted(titles) == sorted([*first, "Ferry timetable changes"])  # each once
    budget = next(a for a in articles if a.title == "Council approves the budget")
    assert "smaller budget" in budget.record.body_html  # the newest text
    assert budget.url == first["Council approves the budget"]  # at the URL it had
    page = (tmp_path / "out2" / budget.url / "index.html").read_text()
    assert "smaller budget" in page


def test_sitegen_fetch_build_on_the_command_line(server, tmp_path):
    site = make_site(tmp_path, server, "/feed.xml", "/error")
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "fetch", "--build", "--site", str(site)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "HTTP 500" in done.stderr and "Traceback" not in done.stderr
    assert "1 saved, 0 unchanged, 1 failed" in done.stderr
    assert (site / "output" / "index.html").is_file()
    again = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--fetch", "--site", str(site)],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert "not modified (304)" in again.stderr and "1 not due yet" in again.stderr
    assert "nothing changed since the last build" in again.stderr
    empty = tmp_path / "empty"
    (empty / "content").mkdir(parents=True)
    (empty / "sitegen.toml").write_text('title = "x"\n')
    none = subprocess.run(
        [sys.executable, "-m", "sitegen", "fetch", "--site", str(empty)],
        capture_output=True,
        text=True,
    )
    assert none.returncode == 1 and "no sources to fetch" in none.stderr
    assert "Traceback" not in none.stderr


@pytest.mark.parametrize(
    "table, message",
    [
        ('url = "ftp://x.test/feed"', "'url' must be an http(s) URL"),
        ('url = "https://x.test/"\nfolder = "../up"', "'folder' must be a folder inside"),
        ('url = "https://x.test/"\nevery = "often"', "a duration is a number and a unit"),
        ('url = "https://x.test/"\nkind = "podcast"', "'kind' must be one of auto, feed, page"),
        ('url = "https://x.test/"\ncolour = "red"', "unknown key 'colour'"),
        ('url = "https://x.test/"\ntimezone = "Mars/Base"', "unknown timezone"),
    ],
)
def test_a_bad_subscription_names_its_line(tmp_path, table, message):
    (tmp_path / "sitegen.toml").write_text(f'title = "x"\n\n[[sources]]\n{table}\n')
    with pytest.raises(SitegenError) as caught:
        load_config(tmp_path)
    problem = caught.value.problems[0]
    assert problem.line == 3 and message in problem.message, problem


def test_subscriptions_are_not_a_setting_of_the_pages(tmp_path):
    """Adding a source does not make the next build start over."""
    (tmp_path / "sitegen.toml").write_text('title = "x"\n')
    plain = load_config(tmp_path)
    (tmp_path / "sitegen.toml").write_text('title = "x"\n[[sources]]\nurl = "https://x.test/"\n')
    followed = load_config(tmp_path)
    assert followed.sources and followed.pages_settings == plain.pages_settings


def test_the_scheduled_workflow_fetches_keeps_the_files_builds_and_deploys():
    workflow = Path(__file__).parents[1] / "examples/workflows/fetch-and-publish.yml"
    loaded = yaml.safe_load(workflow.read_text())
    triggers = loaded.get("on", loaded.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"]
    steps = loaded["jobs"]["fetch-and-build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    order = [
        next(i for i, c in enumerate(commands) if word in c)
        for word in ("sitegen fetch", "git add content", "sitegen build")
    ]
    assert order == sorted(order)
    assert any(step.get("with", {}).get("path") == ".cache" for step in steps)

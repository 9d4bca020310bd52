"""The default theme as a reader meets it, in a real browser (Debian's chromium, Playwright).

The repository's own site is built once, served over HTTP on 127.0.0.1, and read: search,
keys, read state, the theme switch, narrow screens, accessibility (axe-core from npm, see
tests/package.json) and screenshots (written to tests/screenshots/, which git ignores).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import ARGS, CHROMIUM

from conftest import run_build

pytestmark = pytest.mark.slow  # a real browser

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = TESTS / "screenshots"

ARTICLE = "/2025/06/14/riverside-cleanup/"  # content/articles/2025-06-14-riverside-cleanup.md
AUTHOR = "/authors/mara-lindqvist/"
TAG = "/tags/rivers/"
SEARCH = "/search/?q=litter"
ITEMS = "main .articles > .item"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's default site, built once and served; yields its origin."""
    output = tmp_path_factory.mktemp("reader") / "site"
    report, log = run_build(REPO, output)
    assert (output / "index.html").is_file(), log
    assert (output / "pagefind" / "pagefind.js").is_file(), log
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Fresh browser contexts (own storage) for one test, closed after it."""
    made = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture(scope="module")
def axe_script():
    """axe-core's script, installed from tests/package-lock.json when it is missing."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is needed for axe-core (tests/package.json)")
            pytest.skip("npm is not installed (needed for axe-core)")
        subprocess.run(
            [npm, "ci", "--prefix", str(TESTS), "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
            capture_output=True,
        )
    assert AXE.is_file()
    return AXE


def luminance(css_color: str) -> float:
    """WCAG relative luminance of a computed ``rgb()``/``rgba()`` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def background(page) -> float:
    return luminance(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def read_flags(page) -> list[bool]:
    return page.eval_on_selector_all(ITEMS, "items => items.map(i => i.classList.contains('read'))")


def test_search_finds_a_known_article_and_typing_searches_again(site, new_context):
    page = new_context().new_page()
    page.goto(site + SEARCH)
    page.wait_for_selector("#search-results li")
    first = page.locator("#search-results > li.item").first
    assert "Volunteers clear two tonnes of litter" in first.locator(".headline a").inner_text()
    assert (
        first.locator(".headline a").get_attribute("href").rstrip("/").endswith(ARTICLE.rstrip("/"))
    )
    assert first.locator(".summary mark").count() >= 1
    assert "litter" in first.locator(".summary mark").first.inner_text().lower()
    assert "found for “litter”" in page.inner_text("#search-status")
    assert page.input_value("#search-page-input") == "litter"

    page.fill("#search-page-input", "")
    page.type("#search-page-input", "library")
    page.wait_for_function(
        "document.getElementById('search-status').textContent.includes('“library”')"
    )
    titles = page.locator("#search-results .headline a").all_inner_texts()
    assert titles, "no results for library"
    assert not any("two tonnes of litter" in t for t in titles)
    assert any("ibrar" in t for t in titles)  # Library / library in a headline
    assert "q=library" in page.url  # the address follows, so a reload searches again


def test_slash_focuses_the_search_box(site, new_context):
    page = new_context().new_page()
    page.goto(site + "/")
    assert page.evaluate("document.activeElement.id") != "search-input"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert page.input_value("#search-input") == ""  # the key is not typed into the box

    page.goto(site + "/search/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-page-input"


def test_question_mark_opens_the_keys_dialog(site, new_context):
    page = new_context().new_page()
    page.goto(site + "/")
    assert not page.is_visible("#keys-help")
    page.keyboard.press("?")
    assert page.is_visible("#keys-help")
    assert page.evaluate("document.getElementById('keys-help').open")


def test_j_j_o_opens_the_second_article(site, new_context):
    page = new_context().new_page()
    page.goto(site + "/")
    links = page.locator(f"{ITEMS} .headline a")
    assert links.count() >= 3
    second = links.nth(1).evaluate("a => a.href")
    page.keyboard.press("j")
    page.keyboard.press("j")
    selected = page.locator(f"{ITEMS}.selected")
    assert selected.count() == 1
    assert selected.get_attribute("aria-current") == "true"
    assert selected.locator(".headline a").evaluate("a => a.href") == second
    page.keyboard.press("k")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url(second)
    assert page.url == second
    page.wait_for_selector("article.story")
    # and `u` goes back to the list it came from
    page.keyboard.press("u")
    page.wait_for_url(site + "/")


def test_read_state_survives_a_reload_and_mark_all_read(site, new_context):
    page = new_context().new_page()
    page.goto(site + "/")
    first = page.locator(ITEMS).first
    url = first.get_attribute("data-url")
    assert read_flags(page) == [False] * len(read_flags(page))
    first.locator(".headline a").click()
    page.wait_for_selector(f"article.story[data-url='{url}']")
    page.go_back()
    page.wait_for_selector(f"{ITEMS}.read")
    item = page.locator(f"{ITEMS}[data-url='{url}']")
    assert item.get_attribute("class").split() == ["item", "read"]
    assert item.get_attribute("data-read") == "true"
    assert read_flags(page).count(True) == 1
    assert json.loads(page.evaluate("localStorage.getItem('sitegen:read')")) == [url]

    page.reload()
    assert "read" in page.locator(f"{ITEMS}[data-url='{url}']").get_attribute("class").split()
    assert read_flags(page).count(True) == 1

    assert page.is_visible(".reader-tools")
    page.click("#unread-only")  # hides the one read item, not the others
    assert page.get_attribute("#unread-only", "aria-pressed") == "true"
    assert not item.is_visible()
    assert page.locator(f"{ITEMS}:not(.read)").first.is_visible()
    page.click("#unread-only")
    assert page.get_attribute("#unread-only", "aria-pressed") == "false"
    assert item.is_visible()

    page.click("#mark-all-read")
    flags = read_flags(page)
    assert len(flags) >= 2 and all(flags)
    page.reload()
    assert all(read_flags(page))
    assert page.locator(ITEMS).count() == len(flags)

    page.click("#unread-only")
    assert page.get_attribute("#unread-only", "aria-pressed") == "true"
    items = page.locator(ITEMS)
    assert not any(items.nth(i).is_visible() for i in range(items.count()))
    page.reload()  # the filter is remembered too
    assert page.get_attribute("#unread-only", "aria-pressed") == "true"
    assert not page.locator(ITEMS).first.is_visible()


def test_dark_mode_follows_the_system_and_the_toggle_is_remembered(site, new_context):
    dark = new_context(color_scheme="dark").new_page()
    dark.goto(site + "/")
    assert background(dark) < 0.2
    assert luminance(dark.evaluate("getComputedStyle(document.body).color")) > 0.6
    assert dark.inner_text("#theme-toggle") == "Light mode"
    assert dark.get_attribute("#theme-toggle", "aria-pressed") == "true"

    light = new_context(color_scheme="light").new_page()
    light.goto(site + "/")
    assert background(light) > 0.8
    assert light.inner_text("#theme-toggle") == "Dark mode"
    assert light.get_attribute("#theme-toggle", "aria-pressed") == "false"
    assert light.evaluate("document.documentElement.dataset.theme") is None

    light.click("#theme-toggle")
    assert light.evaluate("document.documentElement.dataset.theme") == "dark"
    assert light.evaluate("localStorage.getItem('sitegen:theme')") == "dark"
    assert background(light) < 0.2
    assert light.inner_text("#theme-toggle") == "Light mode"
    light.reload()
    assert background(light) < 0.2  # the choice beats the system's light setting
    light.goto(site + ARTICLE)  # and holds on every page
    assert background(light) < 0.2
    assert light.get_attribute("#theme-toggle", "aria-pressed") == "true"

    dark.click("#theme-toggle")
    assert background(dark) > 0.8
    dark.reload()
    assert background(dark) > 0.8
    assert dark.inner_text("#theme-toggle") == "Dark mode"


def test_no_console_errors_no_failed_or_foreign_requests(site, new_context):
    page = new_context().new_page()
    errors, requests, failed = [], [], []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))

    for path in ["/", ARTICLE, AUTHOR, TAG]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    page.goto(site + SEARCH)
    page.wait_for_selector("#search-results li")
    page.wait_for_load_state("networkidle")

    assert errors == []
    assert failed == []
    host = urlsplit(site).netloc
    assert any("/pagefind/" in u for u in requests)  # the search really ran
    assert any(u.endswith("/static/reader.js") for u in requests)
    foreign = [u for u in requests if urlsplit(u).netloc != host]
    assert foreign == []


@pytest.mark.parametrize("path", ["/", ARTICLE, SEARCH, "/tags/"])
def test_no_horizontal_scroll_at_320_px(site, new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(site + path)
    if path == SEARCH:
        page.wait_for_selector("#search-results li")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 320.5)
                .slice(0, 8).map(e => e.tagName + '.' + e.className)"""
        )
        pytest.fail(f"{path} is {width} px wide at 320 px: {wide}")


def test_the_front_page_groups_articles_by_day_newest_first(site, new_context):
    page = new_context().new_page()
    page.goto(site + "/")
    assert page.inner_text("main h1") == "Latest"
    headings = page.locator("main h2.day-heading")
    assert headings.count() >= 2
    first = headings.first.locator("time")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first.get_attribute("datetime"))
    days = page.eval_on_selector_all(
        "main h2.day-heading time[datetime]", "ts => ts.map(t => t.getAttribute('datetime'))"
    )
    assert len(days) >= 2
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in days)
    assert days == sorted(days, reverse=True) and len(set(days)) == len(days)
    # every day's articles sit under its heading
    assert (
        page.locator("main section.day > ol.articles > li.item").count()
        == page.locator(ITEMS).count()
    )


# The article first: lists after it show it read, so read items' colours are checked too.
AXE_PAGES = [ARTICLE, "/", AUTHOR, TAG, SEARCH]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problems(site, new_context, axe_script, scheme):
    page = new_context(color_scheme=scheme).new_page()
    problems = []
    for path in AXE_PAGES:
        page.goto(site + path)
        if path == SEARCH:
            page.wait_for_selector("#search-results li")
        if path != ARTICLE:
            assert page.locator(f"{ITEMS}.read").count() >= 1, path
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run()")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [" ".join(map(str, n["target"])) for n in v["nodes"]][:6]
                problems.append(f"{path} [{scheme}] {v['id']} ({v['impact']}): {targets}")
    assert problems == [], "\n".join(problems)


def test_screenshots(site, new_context):
    SHOTS.mkdir(exist_ok=True)
    sizes = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
    written = []
    for scheme in ("light", "dark"):
        for device, viewport in sizes.items():
            context = new_context(color_scheme=scheme, viewport=viewport)
            page = context.new_page()
            for name, path in (("front", "/"), ("article", ARTICLE)):
                page.goto(site + path)
                target = SHOTS / f"{name}-{device}-{scheme}.png"
                target.unlink(missing_ok=True)
                page.screenshot(path=str(target), full_page=False)
                written.append(target)
            context.close()
    assert len(written) == 8
    for target in written:
        assert target.is_file() and target.stat().st_size > 5 * 1024, target


def test_search_links_and_read_marks_work_under_a_base_path(tmp_path, browser):
    """A site published under a path (GitHub Pages' /REPO/) finds its index and links its
    results under that path."""
    root = tmp_path / "root"
    run_build(REPO, root / "news", base_url="https://example.org/news/")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(origin + "/news/search/?q=litter")
        first = page.wait_for_selector("#search-results li .headline a")
        assert first.get_attribute("href") == "/news" + ARTICLE
        first.click()
        page.wait_for_url(origin + "/news" + ARTICLE)
        page.goto(origin + "/news/")
        read = page.eval_on_selector_all(
            ITEMS + ".read .headline a", "links => links.map(a => a.getAttribute('href'))"
        )
        assert read == ["/news" + ARTICLE]
    finally:
        context.close()
        server.shutdown()
        server.server_close()

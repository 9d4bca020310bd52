"""A real browser (Debian's chromium driven by Playwright) keeps a page open while we edit."""

import os

import pytest
from servers import ARGS, CHROMIUM, Served

from conftest import copy_site

pytestmark = pytest.mark.slow  # a real browser

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_open_page_reloads_with_the_new_text_and_shows_build_errors(browser, tmp_path):
    site = copy_site("basic", tmp_path)
    server = Served(site)
    try:
        page = browser.new_page()
        page.goto(f"http://{server.host}:{server.port}/2024/03/01/harbour-reopens-after-storm/")
        page.wait_for_function("document.querySelector('.body').textContent.includes('Two cranes')")
        page.evaluate("window.__marker = 1")  # gone after a reload
        one = site / "content/news/one.md"
        good = one.read_text()
        one.write_text(good.replace("Two cranes", "Nine cranes"))
        page.wait_for_function(
            "document.querySelector('.body').textContent.includes('Nine cranes')", timeout=20000
        )
        assert page.evaluate("window.__marker") is None

        one.write_text(good.replace("title:", "title: [", 1))
        overlay = page.wait_for_selector("#sitegen-error", timeout=20000)
        assert "content/news/one.md:3: invalid YAML front matter" in overlay.text_content()
        assert "Nine cranes" in page.text_content(".body")  # still the last good page

        one.write_text(good.replace("Two cranes", "Ten cranes"))
        page.wait_for_function(
            "document.querySelector('.body').textContent.includes('Ten cranes')", timeout=20000
        )
        assert page.query_selector("#sitegen-error") is None
    finally:
        server.stop()


def test_pages_that_did_not_change_do_not_reload(browser, tmp_path):
    site = copy_site("basic", tmp_path)
    server = Served(site)
    try:
        page = browser.new_page()
        page.goto(f"http://{server.host}:{server.port}/tags/ports/")
        page.wait_for_load_state()
        page.evaluate("window.__marker = 1")
        builds = server.rebuilds()
        one = site / "content/news/one.md"
        one.write_text(one.read_text().replace("Two cranes", "Eleven cranes"))
        server.wait_rebuild(builds + 1)
        page.wait_for_timeout(500)
        assert page.evaluate("window.__marker") == 1
    finally:
        server.stop()

"""Media among the sources: page bundles, images and files under content/, the links to
them and to other sources, and the width, height and lazy loading of images."""

import re

import pytest
from PIL import Image

from sitegen.check import check_site

from conftest import SiteUnderTest, read_tree, run_build, write_site


def image(path, size):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "navy").save(path)


def page(output, url):
    return (output / url / "index.html").read_text(encoding="utf-8")


def images_on(html):
    return re.findall(r"<img [^>]*>", html.split('class="body"', 1)[1])


@pytest.fixture
def site(tmp_path):
    root = write_site(
        tmp_path / "site",
        {
            "content/posts/harbour/index.md": (
                "---\ntitle: Harbour reopens\ndate: 2024-02-01\n---\n"
                "![The quay](quay.jpg)\n\nA [map](maps/port.png), the "
                "[report](../../files/report.pdf#page=2) and [the storm](../storm.md).\n"
            ),
            "content/posts/storm.md": (
                "---\ntitle: Storm closes port\ndate: 2024-01-30\n---\n"
                "![Waves](waves.png)\n\n![Chart](../images/chart.png)\n\n"
                "![Pelican]({static}/images/chart.png) ![Old](|static|../images/chart.png)\n\n"
                '<img src="https://images.example.com/far.png" alt="far" width="5">\n\n'
                "Back to [the harbour]({filename}/posts/harbour/index.md) and "
                "[a page not there](gone.md).\n"
            ),
            "content/drafts/secret/index.md": "---\ntitle: Secret\ndraft: true\n---\nSoon.\n",
            "content/files/report.pdf": b"%PDF-1.4\n",
        },
    )
    image(root / "content/posts/harbour/quay.jpg", (640, 480))
    image(root / "content/posts/harbour/maps/port.png", (30, 20))
    image(root / "content/posts/waves.png", (200, 100))
    image(root / "content/images/chart.png", (50, 60))
    image(root / "content/drafts/secret/leak.png", (1, 1))
    return root


def test_a_bundles_files_go_beside_its_page_and_its_links_work_as_written(site, tmp_path):
    output = tmp_path / "out"
    report, log = run_build(site, output)
    assert "and 6 media files" in log
    harbour = page(output, "2024/02/01/harbour-reopens")
    assert (output / "2024/02/01/harbour-reopens/quay.jpg").is_file()
    assert (output / "2024/02/01/harbour-reopens/maps/port.png").is_file()
    assert not (output / "posts/harbour/quay.jpg").exists()  # once, where it is used
    assert images_on(harbour) == ['<img alt="The quay" src="quay.jpg" width="640" height="480">']
    assert '<a href="maps/port.png">map</a>' in harbour
    assert '<a href="/files/report.pdf#page=2">report</a>' in harbour
    assert '<a href="/2024/01/30/storm-closes-port/">the storm</a>' in harbour
    assert (output / "files/report.pdf").read_bytes() == b"%PDF-1.4\n"
    assert not list(output.rglob("leak.png"))  # a draft's bundle stays unpublished
    problems = [p.message for p in check_site(output, "http://localhost:8000/")]
    assert problems == ["broken link gone.md"]


def test_other_files_keep_their_place_under_content_and_links_to_them_are_rewritten(site, tmp_path):
    output = tmp_path / "out"
    run_build(site, output)
    storm = page(output, "2024/01/30/storm-closes-port")
    assert (output / "posts/waves.png").is_file() and (output / "images/chart.png").is_file()
    assert images_on(storm) == [
        '<img alt="Waves" src="/posts/waves.png" width="200" height="100">',
        '<img alt="Chart" src="/images/chart.png" width="50" height="60" loading="lazy">',
        '<img alt="Pelican" src="/images/chart.png" width="50" height="60" loading="lazy">',
        '<img alt="Old" src="/images/chart.png" width="50" height="60" loading="lazy">',
        '<img src="https://images.example.com/far.png" alt="far" width="5" loading="lazy">',
    ]
    assert '<a href="/2024/02/01/harbour-reopens/">the harbour</a>' in storm
    assert '<a href="gone.md">a page not there</a>' in storm  # left as written
    served = tmp_path / "served"  # under a base path, links rooted at the site follow it
    run_build(site, served, base_url="https://example.org/news/")
    storm = page(served, "2024/01/30/storm-closes-port")
    assert 'src="/news/images/chart.png"' in storm and 'src="/news/posts/waves.png"' in storm
    problems = [p.message for p in check_site(served, "https://example.org/news/")]
    assert problems == ["broken link gone.md"]


def test_a_missing_image_is_reported_by_check(site, tmp_path):
    (site / "content/posts/waves.png").unlink()
    output = tmp_path / "out"
    run_build(site, output)
    assert 'src="waves.png"' in page(output, "2024/01/30/storm-closes-port")
    problems = [p.message for p in check_site(output, "http://localhost:8000/")]
    assert "missing image waves.png" in problems


@pytest.mark.parametrize("mode", ["in memory", "cached"])
def test_a_resized_image_rebuilds_the_pages_showing_it(site, tmp_path, mode):
    output = tmp_path / "out"
    rebuild = SiteUnderTest(site, output, cached=mode == "cached").build
    rebuild()
    image(site / "content/images/chart.png", (70, 80))
    report = rebuild()
    assert "2024/01/30/storm-closes-port/index.html" in report.rendered
    assert "2024/02/01/harbour-reopens/index.html" not in report.rendered
    assert 'width="70" height="80"' in page(output, "2024/01/30/storm-closes-port")
    clean = tmp_path / "clean"
    run_build(site, clean)
    assert read_tree(output) == read_tree(clean)
    (site / "content/images/chart.png").unlink()  # gone: no size, and not in the site
    rebuild()
    run_build(site, clean)
    assert read_tree(output) == read_tree(clean)
    assert not (output / "images/chart.png").exists()

import re
import shutil

import pytest

from sitegen.errors import SitegenError

from conftest import TESTS, broken_links, read_tree, run_build, write_site


def html(output, path):
    return (output / path).read_text(encoding="utf-8")


def titles_on(page: str) -> list[str]:
    return re.findall(r'<h[23] class="headline[^"]*"><a href="[^"]*"[^>]*>([^<]*)</a>', page)


@pytest.fixture
def built(basic_site, tmp_path):
    output = tmp_path / "out"
    report, log = run_build(basic_site, output)
    return output, report, log


def test_build_reports_what_it_did(built):
    _, report, log = built
    assert report.records["content/news/one.md"] == 1
    assert len(report.records) == 10
    assert "read 10 records from 10 sources" in log
    assert re.search(
        r"built 7 articles into (\d+) pages \(\1 rendered, \d+ files\) in [\d.]+ s", log
    )


def test_index_is_newest_first_paginated_with_undated_last(built):
    output, _, _ = built
    pages = [
        titles_on(html(output, p))
        for p in ("index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html")
    ]
    assert pages == [
        ["Council approves budget", "Council approves budget"],  # 04-02, then 03-05 18:00
        ["Council approves budget", "Harbour reopens after storm"],
        [
            "Raw HTML &lt;em&gt;is&lt;/em&gt; sanitized",
            "Snow fell across the region on Christmas Eve",
        ],
        ["Background: how the harbour works"],
    ]
    first, second, last = (
        html(output, p) for p in ("index.html", "page/2/index.html", "page/4/index.html")
    )
    assert 'rel="next" href="/page/2/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="/"' in second and 'rel="next" href="/page/3/"' in second
    assert 'rel="next"' not in last.split("<main")[1]
    assert not (output / "page/5").exists()


def test_article_page_links_authors_tags_sections_and_neighbours(built):
    output, _, _ = built
    page = html(output, "2024/03/01/harbour-reopens-after-storm/index.html")
    assert "<title>Harbour reopens after storm · Basic Test Site</title>" in page
    assert '<a href="/authors/ana-silva/">Ana Silva</a>' in page
    assert '<a href="/authors/chen-qing-qing-2/">陈青青</a>' in page
    assert (
        '<a href="/tags/weather/">weather</a>' in page
        and '<a href="/tags/ports/">Ports</a>' in page
    )
    assert '<a href="/sections/local/">Local</a>' in page
    assert '<h2 id="damage">Damage report</h2>' in page
    assert 'rel="prev" href="/2024/03/05/council-approves-budget-2/"' in page  # newer
    assert 'rel="next" href="/2024/02/10/raw-html-em-is-em-sanitized/"' in page  # older
    assert (
        '<time datetime="2024-03-01T10:00:00+01:00" data-pagefind-meta="date">'
        "March 01, 2024 10:00</time>"
    ) in page


def test_coauthored_article_is_under_every_author_and_profiles_show(built):
    output, _, _ = built
    ana = html(output, "authors/ana-silva/index.html")
    assert "<h1>Ana Silva</h1>" in ana and '<p class="role">Harbour correspondent</p>' in ana
    assert "Ana has covered the port for a decade." in ana
    assert "Harbour reopens after storm" in html(output, "authors/chen-qing-qing-2/index.html")
    assert titles_on(ana) == ["Council approves budget", "Harbour reopens after storm"]
    assert titles_on(html(output, "authors/ana-silva/page/2/index.html")) == [
        "Background: how the harbour works"
    ]
    index = html(output, "authors/index.html")
    assert '<a href="/authors/ana-silva/">Ana Silva</a> <span class="count">3</span>' in index


def test_tags_and_sections_indexes_with_counts_merge_case_variants(built):
    output, _, _ = built
    tags = html(output, "tags/index.html")
    # the spelling of the newest article names the term
    assert '<a href="/tags/politics/">Politics</a> <span class="count">2</span>' in tags
    assert '<a href="/tags/weather/">weather</a> <span class="count">2</span>' in tags
    assert not (output / "tags/weather-2").exists()
    sections = html(output, "sections/index.html")
    assert '<a href="/sections/local/">Local</a> <span class="count">3</span>' in sections
    assert (output / "sections/local/page/2/index.html").is_file()


def test_date_archive_per_year_and_month(built):
    output, _, _ = built
    archive = html(output, "archive/index.html")
    assert '<a href="/archive/2024/">2024</a>' in archive
    assert '<a href="/archive/2024/03/">2024-03</a> <span class="count">3</span>' in archive
    month = html(output, "archive/2024/03/index.html")
    assert "<title>March 2024 · Basic Test Site</title>" in month
    assert titles_on(html(output, "archive/2023/12/index.html")) == [
        "Snow fell across the region on Christmas Eve"
    ]


def test_same_slug_articles_are_told_apart_and_reported(built):
    output, _, log = built
    assert (output / "2024/03/05/council-approves-budget/index.html").is_file()
    assert (output / "2024/03/05/council-approves-budget-2/index.html").is_file()
    assert (output / "2024/04/02/council-approves-budget/index.html").is_file()
    assert (
        "warning: content/news/two.md:1: URL /2024/03/05/council-approves-budget/ is taken by "
        "content/news/four.md:1; this article gets /2024/03/05/council-approves-budget-2/"
    ) in log
    assert "warning: author '陈青青' and 'Chen Qing Qing' share the slug 'chen-qing-qing'" in log


def test_untrusted_html_is_sanitized_and_titles_escaped(built):
    output, _, _ = built
    page = html(output, "2024/02/10/raw-html-em-is-em-sanitized/index.html")
    body = page.split('<div class="body">')[1].split("</article>")[0]
    assert "<script" not in body
    assert "onerror" not in page and "javascript:" not in page
    assert (
        '<h1 class="headline"><a href="/2024/02/10/raw-html-em-is-em-sanitized/">Raw HTML &lt;em&gt;'
        in page
    )


def test_drafts_and_future_only_when_asked(basic_site, tmp_path):
    output = tmp_path / "out"
    run_build(basic_site, output)
    assert "Unfinished draft" not in html(output, "archive/2024/index.html")
    assert not (output / "2999").exists()
    run_build(basic_site, output, drafts=True, future=True)
    assert (output / "2024/01/01/unfinished-draft/index.html").is_file()
    assert (output / "2999/01/01/from-the-future/index.html").is_file()


def test_no_broken_internal_links_at_the_root(built):
    output, _, _ = built
    assert broken_links(output, "https://example.org/") == []


def test_no_broken_internal_links_under_a_subpath(basic_site, tmp_path):
    output = tmp_path / "out"
    run_build(basic_site, output, base_url="https://user.github.io/repo/")
    assert broken_links(output, "https://user.github.io/repo/") == []
    index = html(output, "index.html")
    assert 'href="/repo/static/sitegen.css"' in index
    assert '<link rel="canonical" href="https://user.github.io/repo/">' in index
    assert not re.search(r'href="/(?!repo/)', index)


def test_the_crawler_finds_broken_links(built):
    output, _, _ = built
    (output / "index.html").write_text(
        '<a href="/nowhere/">x</a><a href="#nope">y</a><img src="/img/gone.jpg" alt="">'
    )
    (output / "tags/index.html").write_text("<p>no title</p>")
    (output / "feed.xml").write_text("<feed><entry>")
    assert broken_links(output, "https://example.org/") == [
        "index.html: page has no <title>",
        "index.html: page has no canonical URL",
        "tags/index.html: page has no <title>",
        "tags/index.html: page has no canonical URL",
        "index.html: broken link /nowhere/",
        "index.html: link #nope: no id 'nope' in index.html",
        "index.html: missing image /img/gone.jpg",
        "feed.xml: feed does not parse: <unknown>:2:13: no element found",
    ]


def test_output_is_deterministic(basic_site, tmp_path):
    run_build(basic_site, tmp_path / "a")
    run_build(basic_site, tmp_path / "b")
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")


def test_stale_files_disappear_and_a_failed_build_changes_nothing(basic_site, tmp_path):
    output = tmp_path / "out"
    run_build(basic_site, output)
    (basic_site / "content/news/undated.md").unlink()
    run_build(basic_site, output)
    assert not (output / "articles/background-how-the-harbour-works").exists()
    before = read_tree(output)
    write_site(basic_site, {"content/news/bad.md": "---\ntitle: [\n---\n"})
    with pytest.raises(Exception, match="content/news/bad.md:2: invalid YAML"):
        run_build(basic_site, output)
    assert read_tree(output) == before


def test_site_templates_override_the_theme_and_static_files_are_copied(basic_site, tmp_path):
    write_site(
        basic_site,
        {
            "templates/tag.html": '{% extends "base.html" %}{% block main %}TAG {{ term.name }}{% endblock %}',
            "static/robots.txt": "User-agent: *\n",
            "static/static/sitegen.css": "/* mine */",
        },
    )
    output = tmp_path / "out"
    run_build(basic_site, output)
    assert "TAG Ports" in html(output, "tags/ports/index.html")
    assert html(output, "robots.txt") == "User-agent: *\n"
    assert html(output, "static/sitegen.css") == "/* mine */"


def test_permalink_patterns(basic_site, tmp_path):
    config = basic_site / "sitegen.toml"
    config.write_text(
        config.read_text() + 'article_permalink = "{section}/{year}/{slug}/"\n'
        'undated_permalink = "explainers/{slug}/"\n'
    )
    output = tmp_path / "out"
    run_build(basic_site, output)
    assert (output / "local/2024/harbour-reopens-after-storm/index.html").is_file()
    assert (output / "explainers/background-how-the-harbour-works/index.html").is_file()
    assert broken_links(output, "https://example.org/") == []


def test_golden_output(basic_site, tmp_path, request):
    """The basic site's pages byte for byte; refresh with `pytest --update-golden`."""
    output = tmp_path / "out"
    run_build(basic_site, output)
    golden = TESTS / "golden" / "basic"
    # the search index is Pagefind's format, not ours: tests/test_search.py reads it back
    shutil.rmtree(output / "pagefind")
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(output, golden)
    assert read_tree(output) == read_tree(golden)


def test_related_coverage_and_derived_topics_on_pages(tmp_path):
    from test_stories import REPORTS

    files = {
        f"content/{i}.md": f"---\ntitle: Report {i}\ndate: 2024-01-01 0{i}:00\n---\n{text}\n"
        for i, text in enumerate(REPORTS + ["Later, Acme Rail hired 40 drivers."])
    }
    site = write_site(tmp_path / "site", files)
    output = tmp_path / "out"
    run_build(site, output)
    page = html(output, "2024/01/01/report-0/index.html")
    related = page.split('<aside class="related"')[1].split("</aside>")[0]
    assert "/2024/01/01/report-2/" in related and "/2024/01/01/report-4/" in related
    assert "report-1" not in related
    assert "Related coverage" not in html(output, "2024/01/01/report-1/index.html")
    assert 'class="derived" title="derived from the text" href="/tags/acme-rail/"' in page
    assert (output / "tags/acme-rail/index.html").is_file()
    (site / "sitegen.toml").write_text("derive_topics = false\nrelated_coverage = false\n")
    run_build(site, output)
    assert not (output / "tags/acme-rail").exists()
    assert "Related coverage" not in html(output, "2024/01/01/report-0/index.html")


def test_a_jekyll_posts_folder_is_read_and_other_generators_files_are_counted(tmp_path):
    site = write_site(
        tmp_path / "site",
        {
            "content/_posts/2023-01-29-launch.md": "---\ntitle: Launch\n---\nBody.\n",
            "content/_layouts/default.html": "<html>{{ content }}</html>",
            "content/_includes/head.html": "<head></head>",
            "content/_config.yml": "title: Blog\n",
            "content/photo.jpg": b"\xff\xd8",
            "content/notes.rst": "Notes\n=====\n",
            "content/data.csv": "a,b\n",
        },
    )
    report, log = run_build(site, tmp_path / "out")
    assert report.records == {"content/_posts/2023-01-29-launch.md": 1}
    assert (tmp_path / "out/2023/01/29/launch/index.html").is_file()
    assert "read 1 records from 1 sources and 1 media files" in log  # photo.jpg
    assert (
        "skipped 5 files: 1 .csv (no reader), 1 .rst (no reader), "
        "1 in _includes/ (another generator's folder), "
        "1 in _layouts/ (another generator's folder), "
        "1 named _config.yml (another generator's own file)"
    ) in log


def test_hugo_index_pages_name_their_folders_section_and_introduce_it(tmp_path):
    site = write_site(
        tmp_path / "site",
        {
            "content/_index.md": "---\ntitle: Home\n---\nWelcome to *the harbour*.\n",
            "content/posts/_index.md": "---\ntitle: Harbour Posts\n---\nEvery post on the port.\n",
            "content/posts/one.md": "---\ntitle: One\ndate: 2024-01-02\n---\nBody.\n",
            "content/posts/deep/two.md": "---\ntitle: Two\ndate: 2024-01-03\n---\nBody.\n",
            "content/posts/own.md": "---\ntitle: Own\ndate: 2024-01-04\ncategories: [Go]\n---\nB.\n",
            "content/news-desk/_index.markdown": "The desk's own words.\n",
            "content/news-desk/three.md": "---\ntitle: Three\ndate: 2024-01-05\n---\nBody.\n",
            "content/about.md": "---\ntitle: About\n---\nNot in a section.\n",
        },
    )
    output = tmp_path / "out"
    report, _ = run_build(site, output)
    assert sorted(p.name for p in (output / "sections").iterdir()) == [
        "go",
        "harbour-posts",
        "index.html",
        "news-desk",
    ]
    section = html(output, "sections/harbour-posts/index.html")
    assert '<div class="intro"><p>Every post on the port.</p></div>' in section
    assert titles_on(section) == ["Two", "One"]  # the nearest _index.md above, at any depth
    assert '<meta name="description" content="Every post on the port.">' in section
    desk = html(output, "sections/news-desk/index.html")  # untitled: the folder's name
    assert "News Desk" in desk and "s own words.</p></div>" in desk
    assert titles_on(html(output, "sections/go/index.html")) == ["Own"]  # its own wins
    front = html(output, "index.html")
    assert '<div class="intro"><p>Welcome to <em>the harbour</em>.</p></div>' in front
    assert "Home" not in titles_on(front) and "Harbour Posts" not in titles_on(front)
    assert len(titles_on(front)) == 5
    assert 'class="intro"' not in html(output, "sections/go/index.html")


def test_a_content_folder_with_files_but_no_article_is_an_error_that_says_why(tmp_path):
    site = write_site(
        tmp_path / "site",
        {"content/_layouts/post.html": "<html></html>", "content/cover.png": b"\x89PNG"},
    )
    with pytest.raises(SitegenError) as err:
        run_build(site, tmp_path / "out")
    message = str(err.value)
    assert "no article in content/: none of its 2 files is an article" in message
    assert "1 media (copied)" in message and "1 in _layouts/" in message
    assert not (tmp_path / "out").exists()
    empty = write_site(tmp_path / "empty", {"content/.keep": ""})
    report, _ = run_build(empty, tmp_path / "out2")  # nothing there: an empty site
    assert report.records == {}


def test_an_output_folder_that_would_replace_the_sites_own_files_is_refused(basic_site, tmp_path):
    mine = write_site(tmp_path / "mine", {"notes.txt": "my own file"})
    before = read_tree(basic_site)
    for output, said in [
        (basic_site, "is the site"),
        (basic_site / "content", "is the sources"),
        (basic_site / "content/news/out", "is inside the sources"),
        (tmp_path, "holds the site"),
        (mine, "holds files that no sitegen build wrote"),
    ]:
        with pytest.raises(SitegenError) as err:
            run_build(basic_site, output)
        assert said in str(err.value), output
    assert read_tree(basic_site) == before and read_tree(mine) == {"notes.txt": b"my own file"}
    run_build(basic_site, tmp_path / "empty-is-fine")
    run_build(basic_site, tmp_path / "empty-is-fine")  # and so is the last build's


def test_a_bundles_other_pages_and_an_expired_article_are_not_published(tmp_path):
    site = write_site(
        tmp_path / "site",
        {
            "content/story/index.md": "---\ntitle: Story\ndate: 2024-01-02\n---\nBody.\n",
            "content/story/sidebar.md": "---\ntitle: Sidebar\ndate: 2024-01-03\n---\nPart.\n",
            "content/other.md": "---\ntitle: Other\ndate: 2024-01-04\n---\nBody.\n",
            "content/sale.md": (
                "---\ntitle: Sale\ndate: 2024-01-01\nexpiryDate: 2024-01-05\n---\nGone.\n"
            ),
        },
    )
    output = tmp_path / "out"
    run_build(site, output)
    assert titles_on(html(output, "index.html")) == ["Other", "Story"]
    assert not list(output.rglob("sidebar*")) and not (output / "2024/01/01").exists()

from sitegen.config import Config
from sitegen.model import ReadOptions
from sitegen.plan import PageSpec, paginate, plan_pages
from sitegen.readers.markdown import read
from sitegen.site import assemble


def test_paginate_splits_and_links_pages():
    pages = paginate("tag", "tags/x/", "tag.html", tuple("abcde"), 2, subject="x")
    assert [p.url for p in pages] == ["tags/x/", "tags/x/page/2/", "tags/x/page/3/"]
    assert [p.items for p in pages] == [("a", "b"), ("c", "d"), ("e",)]
    assert {p.pages for p in pages} == {3}
    assert pages[1].page_url(1) == "tags/x/" and pages[1].page_url(3) == "tags/x/page/3/"


def test_an_empty_list_still_has_one_page():
    pages = paginate("index", "", "index.html", (), 10)
    assert len(pages) == 1 and pages[0].items == () and pages[0].output_path == "index.html"


def test_output_paths():
    assert (
        PageSpec("article", "2024/01/02/x/", "article.html").output_path
        == "2024/01/02/x/index.html"
    )
    assert PageSpec("notfound", "404.html", "404.html").output_path == "404.html"


def records(*texts):
    return [
        r for i, text in enumerate(texts) for r in read(text, f"c/{i}.md", ReadOptions()).records
    ]


def test_every_page_kind_is_planned():
    site = assemble(
        records(
            "---\ntitle: A\ndate: 2024-01-02\nauthors: [X, Y]\ntags: [t]\nsections: [s]\n---\nA",
            "---\ntitle: B\ndate: 2023-05-06\nauthors: [X]\n---\nB",
            "---\ntitle: C\n---\nundated",
        ),
        Config(),
    )
    urls = {spec.url: spec.kind for spec in plan_pages(site, Config(per_page=1))}
    assert urls == {
        "": "index",
        "page/2/": "index",
        "page/3/": "index",
        "2024/01/02/a/": "article",
        "2023/05/06/b/": "article",
        "articles/c/": "article",
        "authors/": "authors",
        "authors/x/": "author",
        "authors/x/page/2/": "author",
        "authors/y/": "author",
        "tags/": "tags",
        "tags/t/": "tag",
        "sections/": "sections",
        "sections/s/": "section",
        "archive/": "archive",
        "search/": "search",
        "archive/2024/": "year",
        "archive/2024/01/": "month",
        "archive/2023/": "year",
        "archive/2023/05/": "month",
        "404.html": "notfound",
        "feed.xml": "atom",
        "rss.xml": "rss",
        "feed.json": "jsonfeed",
        "authors/x/feed.xml": "atom",
        "authors/x/rss.xml": "rss",
        "authors/y/feed.xml": "atom",
        "authors/y/rss.xml": "rss",
        "tags/t/feed.xml": "atom",
        "tags/t/rss.xml": "rss",
        "sections/s/feed.xml": "atom",
        "sections/s/rss.xml": "rss",
        "sitemap.xml": "sitemap",
        "news-sitemap.xml": "newssitemap",
        "robots.txt": "robots",
        ".nojekyll": "nojekyll",
    }


def test_a_sitemap_index_past_fifty_thousand_urls():
    from datetime import UTC, datetime

    from sitegen.plan import feeds_and_sitemaps

    site = assemble([], Config())
    pages = [PageSpec("article", f"a/{i}/", "article.html") for i in range(120_000)]
    specs = {s.url: s for s in feeds_and_sitemaps(site, Config(), pages, datetime.now(UTC))}
    assert specs["sitemap.xml"].kind == "sitemapindex"
    assert specs["sitemap.xml"].links == ("sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml")
    assert [len(specs[f"sitemap-{n}.xml"].links) for n in (1, 2, 3)] == [50_000, 50_000, 20_000]

"""``markdown_engine``: Python-Markdown (the default, the reference) and pulldown-cmark (the
fast one) read what authors write alike, and where they differ it is as the README says."""

import re

import pytest

from sitegen.config import make_config
from sitegen.errors import SitegenError
from sitegen.model import ReadOptions
from sitegen.readers import read_source
from sitegen.readers.markdown import render_markdown
from sitegen.text import html_to_text, reading_minutes

from conftest import SITES, TESTS, SiteUnderTest, broken_links, copy_site, run_build

ENGINES = ("python-markdown", "pulldown-cmark")
MARKDOWN_FILES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")

DOCUMENT = """\
[TOC]

# Port *reopens* {#top}

"Quoted" -- and it's done... ~~not~~ yet.

## Damage & repairs

| crane | state |
|-------|-------|
| one   | down  |

Term
: Its definition.

A note.[^1]

[^1]: The footnote's text.

## Damage & repairs

```python
x = 1
```

<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">link</a>
"""


@pytest.fixture(params=ENGINES)
def html(request):
    return render_markdown(DOCUMENT, engine=request.param)


def heading_ids(markup):
    return re.findall(r'<h[1-6][^>]* id="([^"]+)"', markup)


def test_headings_get_the_same_ids_from_either_engine():
    found = [heading_ids(render_markdown(DOCUMENT, engine=e)) for e in ENGINES]
    assert found[0] == found[1] == ["top", "damage-repairs", "damage-repairs_1"]


def test_either_engine_reads_the_extensions_authors_use(html):
    assert "<table>" in html and "<dl>" in html
    assert 'class="language-python"' in html
    assert "“Quoted” – and it’s done…" in html.replace("<del>not</del>", "~~not~~")
    assert '<div class="toc">' in html and '<a href="#damage-repairs_1">' in html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html
    # the footnote is kept on the page but is not the article's text
    assert "The footnote’s text." in html
    assert "footnote" not in html_to_text(html)
    assert reading_minutes(html) == 1


def test_where_they_differ_pulldown_cmark_follows_commonmark_as_hugo_does():
    nested = "Fruit\n\n- Apple\n  - Green\n"  # two spaces: CommonMark nests, Markdown.pl not
    assert "<ul>" not in render_markdown(nested, engine="python-markdown").split("Apple")[1]
    assert "<ul>" in render_markdown(nested, engine="pulldown-cmark").split("Apple")[1]
    assert "<del>" in render_markdown("~~gone~~", engine="pulldown-cmark")  # GFM's
    assert "<del>" not in render_markdown("~~gone~~", engine="python-markdown")
    fenced = '```yml {linenos=true}\nkey: "v"\n```\n'  # Hugo's code block attributes
    assert "<code" in render_markdown(fenced, engine="pulldown-cmark")


def peer_files():
    return sorted(p for p in (TESTS / "peers").rglob("*") if p.suffix in MARKDOWN_FILES)


def test_peers_content_has_the_same_metadata_with_either_engine():
    """Titles, dates, authors and tags never depend on the engine (a title from a leading
    heading neither): checked over every peer file, 160 records."""
    count = 0
    for path in peer_files():
        source = path.relative_to(TESTS).as_posix()
        found = [
            read_source(path, source, ReadOptions(markdown_engine=engine)).records
            for engine in ENGINES
        ]
        for a, b in zip(*found, strict=True):
            assert (a.title, a.date, a.authors, a.tags) == (b.title, b.date, b.authors, b.tags)
            count += 1
    assert count > 150


def test_a_site_built_with_pulldown_cmark_has_the_same_pages_and_text(tmp_path):
    site = copy_site("basic", tmp_path)
    run_build(site, tmp_path / "default")
    (site / "sitegen.toml").write_text(
        (SITES / "basic/sitegen.toml").read_text() + 'markdown_engine = "pulldown-cmark"\n'
    )
    run_build(site, tmp_path / "fast")
    pages = sorted(p.relative_to(tmp_path / "default") for p in (tmp_path / "default").rglob("*"))
    assert pages == sorted(p.relative_to(tmp_path / "fast") for p in (tmp_path / "fast").rglob("*"))
    assert broken_links(tmp_path / "fast", "https://example.org/") == []
    for page in pages:
        if page.suffix == ".html":
            text = [
                html_to_text((tmp_path / out / page).read_text()) for out in ("default", "fast")
            ]
            assert text[0] == text[1], page


def test_changing_the_engine_reads_every_source_again(tmp_path):
    site = SiteUnderTest(copy_site("basic", tmp_path), tmp_path / "out", cached=True)
    (site.root / "content/news/list.md").write_text(
        "---\ntitle: List\ndate: 2024-01-01\n---\nFruit\n\n- Apple\n  - Green\n"
    )
    site.build()
    page = tmp_path / "out/2024/01/01/list/index.html"
    nested = re.compile(r"<li>Apple\s*<ul>\s*<li>Green</li>")
    assert not nested.search(page.read_text())
    config = site.root / "sitegen.toml"
    config.write_text(config.read_text() + 'markdown_engine = "pulldown-cmark"\n')
    site.build()
    assert nested.search(page.read_text())


def test_an_unknown_engine_is_an_error_naming_the_setting():
    with pytest.raises(SitegenError, match='markdown_engine must be "python-markdown"') as err:
        make_config({"markdown_engine": "cmark"}, "sitegen.toml", 'markdown_engine = "cmark"\n')
    assert err.value.problems[0].line == 1

"""Incremental builds: exactly the pages that depend on a change are rendered, and the
result always equals a clean build of the same sources, byte for byte."""

import os
import random
import shutil

import pytest
from PIL import Image

from sitegen.render import theme_dir

from conftest import SiteUnderTest, read_tree


@pytest.fixture
def site(basic_site, tmp_path):
    s = SiteUnderTest(basic_site, tmp_path / "out")
    s.build()
    return s


def test_nothing_changed_nothing_rendered_or_read(site):
    before = read_tree(site.output)
    report = site.build()
    assert report.rendered == [] and report.reread == []
    assert read_tree(site.output) == before


FEEDS = ("feed.xml", "rss.xml", "feed.json")


def pages_only(paths):
    return sorted(p for p in paths if not p.endswith(FEEDS + ("sitemap.xml",)))


def test_a_body_edit_renders_only_that_article_and_the_feeds_carrying_it(site):
    site.edit("content/news/one.md", "Two cranes were damaged.", "Three cranes were damaged.")
    report = site.build()
    assert report.reread == ["content/news/one.md"]
    assert pages_only(report.rendered) == ["2024/03/01/harbour-reopens-after-storm/index.html"]
    assert "Three cranes" in (site.output / pages_only(report.rendered)[0]).read_text()
    feeds = sorted(p for p in report.rendered if p.endswith(FEEDS))
    assert feeds == sorted(
        ["feed.xml", "rss.xml", "feed.json"]
        + [
            f"{term}/{name}"
            for term in (
                "authors/ana-silva",
                "authors/chen-qing-qing-2",
                "tags/weather",
                "tags/ports",
                "sections/local",
            )
            for name in ("feed.xml", "rss.xml")
        ]
    )
    assert all("Three cranes" in (site.output / f).read_text() for f in feeds)


def test_a_title_edit_renders_every_page_that_shows_it(site):
    site.edit("content/news/two.md", 'title: "Council approves budget"', 'title: "Budget passes"')
    report = site.build()
    assert "sitemap.xml" in report.rendered  # a URL changed
    assert pages_only(report.rendered) == sorted(
        [
            "2024/03/05/budget-passes/index.html",  # its own page, at its new URL
            "2024/03/05/council-approves-budget/index.html",  # newer neighbour's link
            "2024/03/01/harbour-reopens-after-storm/index.html",  # older neighbour's link
            "page/2/index.html",  # the index page listing it
            "authors/ana-silva/index.html",
            "tags/politics/index.html",
            "tags/weather/index.html",
            "sections/local/index.html",
            "archive/2024/page/2/index.html",  # third of 2024: page 1 does not show it
            "archive/2024/03/index.html",
        ]
    )
    assert not (site.output / "2024/03/05/council-approves-budget-2").exists()


def test_a_template_edit_renders_the_pages_that_use_it(site):
    path = site.root / "templates" / "tag.html"
    path.parent.mkdir()
    path.write_text('{% extends "base.html" %}{% block main %}TAG {{ term.name }}{% endblock %}')
    report = site.build()
    assert report.reread == []
    assert sorted(report.rendered) == [
        "tags/politics/index.html",
        "tags/ports/index.html",
        "tags/weather/index.html",
    ]


def test_a_template_edited_again_within_the_same_second_is_rendered_anew(site):
    """Compiled templates are kept between builds and never stat'ed again: only the
    comparison of their text with the last build's makes a new environment."""
    path = site.root / "templates" / "tag.html"
    path.parent.mkdir()
    for word in ("FIRST", "AGAIN"):  # same size; the same mtime on a coarse clock
        path.write_text('{% extends "base.html" %}{% block main %}' + word + "{% endblock %}")
        os.utime(path, ns=(10**18, 10**18))
        site.build()
        assert word in (site.output / "tags/ports/index.html").read_text()


def test_a_base_template_edit_renders_everything_that_extends_it(site):
    path = site.root / "templates" / "base.html"
    path.parent.mkdir()

    path.write_text(
        (theme_dir() / "base.html")
        .read_text()
        .replace('<main id="main">', '<main id="main" class="x">')
    )
    report = site.build()
    html = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html"))
    assert sorted(report.rendered) == html  # every page, and no feed: feeds do not extend it


def test_a_settings_change_rebuilds_everything(site):
    config = site.root / "sitegen.toml"
    config.write_text(config.read_text().replace("Basic Test Site", "Renamed"))
    report = site.build()
    assert len(report.reread) == 10 and len(report.rendered) == report.pages


def test_a_deleted_output_folder_is_written_again_in_full(site):
    first = read_tree(site.output)
    shutil.rmtree(site.output)
    report = site.build()
    assert len(report.rendered) == report.pages
    assert read_tree(site.output) == first


def test_a_deleted_source_takes_its_pages_with_it(site):
    (site.root / "content/news/three.md").unlink()
    report = site.build()
    assert not (site.output / "2024/04/02").exists()
    assert not (site.output / "archive/2024/04").exists()
    # 陈青青 no longer clashes with Chen Qing Qing, so takes the plain slug
    assert not (site.output / "authors/chen-qing-qing-2").exists()
    assert len(report.removed) >= 4


def test_a_failed_incremental_build_changes_nothing_and_the_next_one_recovers(site):
    before = read_tree(site.output)
    site.edit("content/news/one.md", "title:", "title: [")
    with pytest.raises(Exception, match="content/news/one.md:3: invalid YAML"):
        site.build()
    assert read_tree(site.output) == before
    site.edit("content/news/one.md", "title: [", "title:")
    report = site.build()
    assert report.rendered == []  # back to what was built before
    assert read_tree(site.output) == before


ARTICLE = """---
title: "{title}"
date: 2024-0{month}-1{day}
authors: [{author}]
tags: [{tag}]
sections: [{section}]
---
{body}
"""


TEASER = (
    "By Ana Silva, Harbour Herald Ferry crews returned to work on Saturday after the storm "
    "closed the harbour for three days, the operator said, and […]"
)
ROWING = (
    "SportBy Bo Li, Harbour Herald The rowing club won its first title in forty years on "
    "Saturday, beating the champions by […]"
)
FULL = (
    f"{TEASER}\nBy Ana Silva, Harbour Herald\nFerry crews returned to work on Saturday after "
    "the storm closed the harbour for three days, the operator said.\n"
    + " ".join(
        f"Crew {n} checked the engines, the ropes and the radios before the boats left."
        for n in range(6)
    )
    + "\n{more}\n{ROWING}\n"
)
PAGE = (
    "Home\nFerry crews return\nLocal\nFerry crews return\n2024-03-02 08:00{update}\n{body}\n"
    "Ferry crews return\nFerry crews return\n"
)
# the same stories as a front page or an article page might be saved on several days:
# teasers; a teaser that became a full article; that article revised past its lede (the
# same shape and lede: only the merged text shows it), or in its lede; a page updated
CAPTURES = {
    "front": [
        f"{TEASER}\n{ROWING}\n",
        FULL.format(more="The first boat left at noon.", ROWING=ROWING),
        FULL.format(more="The first two boats left at noon.", ROWING=ROWING),
        FULL.format(more="The first boat left at noon.", ROWING=ROWING).replace(
            "Crew 1 ", "Crew one "
        ),
    ],
    "page": [
        PAGE.format(update="", body="Ferry crews returned to work on Saturday, the operator said."),
        PAGE.format(
            update=" Last Updated At:03-03 09:15",
            body="Ferry crews returned to work on Saturday, the operator said on Sunday.",
        ),
    ],
}


def capture_edit(rng: random.Random, root) -> tuple[str, set]:
    """A capture saved (again), or one deleted: the same stories in several files."""
    folder = root / "content" / "captures"
    folder.mkdir(exist_ok=True)
    kind = rng.choice(sorted(CAPTURES))
    path = folder / f"2024-03-0{rng.randint(1, 3)}-{kind}.txt"
    if path.exists() and rng.random() < 0.25:
        path.unlink()
        return "capture deleted", {path.resolve()}
    path.write_text(rng.choice(CAPTURES[kind]))
    return "capture", {path.resolve()}


def random_edit(rng: random.Random, root, step: int) -> tuple[str, set]:
    """One edit a writer might make; returns what it was and the files it touched."""
    content = root / "content" / "news"
    files = sorted(content.glob("*.md"))
    choice = rng.choice(
        ["add", "add", "edit", "lede", "extra", "summary", "updated", "profile", "draft"]
        + ["retag", "redate", "delete", "rename", "template", "capture", "capture", "section"]
        + ["image"]
    )
    if choice == "capture":
        return capture_edit(rng, root)
    path = rng.choice(files) if files else content / f"new-{step}.md"
    touched = {path.resolve()}
    if choice == "add" or not files:
        path = content / f"new-{step}.md"
        touched = {path.resolve()}
        path.write_text(
            ARTICLE.format(
                title=rng.choice(["Storm", "Budget", "Harbour news", "Ferry"]) + f" {step % 3}",
                month=rng.randint(1, 5),
                day=rng.randint(0, 9),
                author=rng.choice(["Ana Silva", "Bo Li", "Cy"]),
                tag=rng.choice(["Ports", "weather", "Politics", "new"]),
                section=rng.choice(["Local", "Biz"]),
                body=f"Body {step}.",
            )
        )
    elif choice == "edit":  # past the lede, or the whole body of a short article
        path.write_text(path.read_text() + f"\nMore text {step}.\n")
    elif choice in ("lede", "extra", "summary", "updated", "draft"):
        head, _, body = path.read_text().partition("\n---\n")
        field = {
            "extra": f"subtitle: Part {step}",
            "summary": f"summary: In short, {step}.",
            "updated": f"updated: 2024-06-0{rng.randint(1, 9)}",
            "draft": f"draft: {rng.choice(['true', 'false'])}",
        }.get(choice)
        if field:
            key = field.split(":")[0] + ":"
            head = "\n".join(line for line in head.split("\n") if not line.startswith(key))
            head += "\n" + field
        else:
            body = (
                f"Ferry crews said on day {step} that the harbour storm closed the port.\n\n{body}"
            )
        path.write_text(f"{head}\n---\n{body}")
    elif choice == "profile":
        path = root / "content" / "people" / "ana.md"
        touched = {path.resolve()}
        path.write_text(path.read_text() + f"\nShe joined in {2000 + step}.\n")
    elif choice == "section":  # Hugo's _index.md: written, retitled, rewritten or removed
        path = content / "_index.md"
        touched = {path.resolve()}
        if path.exists() and rng.random() < 0.3:
            path.unlink()
        else:
            title = rng.choice(["", "title: Newsroom\n", "title: The Desk\n"])
            path.write_text(f"---\n{title}---\nAbout the desk, {step}.\n")
    elif choice == "image":  # an image resized (its width and height are on the page)
        image = root / "content" / "images" / "map.png"
        image.parent.mkdir(exist_ok=True)
        Image.new("RGB", (rng.randint(1, 40), rng.randint(1, 40))).save(image)
        touched = {image.resolve()}
        if path.exists() and "map.png" not in path.read_text():
            path.write_text(path.read_text() + "\n![Map](../images/map.png)\n")
            touched.add(path.resolve())
    elif choice == "retag":
        text = path.read_text()
        path.write_text(
            text.replace("tags: [", f"tags: [t{step % 2}, ", 1) if "tags: [" in text else text
        )
    elif choice == "redate":
        path.write_text(path.read_text().replace("date: 2024-0", "date: 2023-0", 1))
    elif choice == "delete":
        path.unlink()
    elif choice == "rename":
        path.rename(path.with_name(f"renamed-{step}.md"))
        touched.add(path.with_name(f"renamed-{step}.md").resolve())
    else:
        templates = root / "templates"
        templates.mkdir(exist_ok=True)
        path = templates / "tag.html"
        touched = {path.resolve()}
        path.write_text(
            '{% extends "base.html" %}{% block main %}'
            f"v{step}"
            " {{ term.name }}{% endblock %}"
        )
    return choice, touched


@pytest.mark.slow  # 16 random edits, each checked against a clean build
@pytest.mark.parametrize("mode", ["scanned", "watched", "cached"])
@pytest.mark.parametrize("seed", range(3))
def test_incremental_result_always_equals_a_clean_build(basic_site, tmp_path, seed, mode):
    """``scanned``: one process keeps its state, as the dev server does; ``watched``: each
    build is also told which files changed, as the server's watcher tells it, and looks
    at no other source; ``cached``: each build is a new process, with the cache."""
    rng = random.Random(seed)
    site = SiteUnderTest(basic_site, tmp_path / "incremental", cached=mode == "cached")
    site.build()
    for step in range(16):
        what, touched = random_edit(rng, basic_site, step)
        site.build(touched if mode == "watched" else None)
        assert site.same_as_clean(tmp_path / f"clean-{step}"), f"step {step}: {what}"

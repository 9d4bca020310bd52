"""``sitegen init`` and ``sitegen new``: a new site, and a new article in it."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import datetime
from pathlib import Path

from slugify import slugify

from .config import Config, load_config
from .errors import SitegenError
from .render import theme_dir

SETTINGS_SHOWN = ("base_url", "language", "timezone", "per_page", "date_format", "search")

WORKFLOW = """\
# Build the site with sitegen and publish it on GitHub Pages.
# Settings to make once: Settings → Pages → Source: "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - id: pages
        uses: actions/configure-pages@v5
      - uses: actions/cache@v4
        with:
          path: .cache
          key: sitegen-${{ github.sha }}
          restore-keys: sitegen-
      # sitegen itself: from the package index, or from where you keep it
      # (e.g. pip install "sitegen @ git+https://github.com/OWNER/sitegen")
      - run: pip install sitegen
      - run: sitegen build --base-url "${{ steps.pages.outputs.base_url }}/"
      - run: sitegen check --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def init_site(folder: Path, now: datetime, theme: bool = False) -> list[Path]:
    """Make a new site in ``folder`` (made if missing, else it must hold no site yet);
    returns the files written. ``theme``: copy the default templates in, to override."""
    if folder.exists() and not folder.is_dir():
        raise SitegenError(f"{folder} is a file, not a folder: choose another place")
    if (folder / "sitegen.toml").exists():
        raise SitegenError(f"{folder} already holds a site (sitegen.toml); nothing written")
    title = folder.resolve().name.replace("-", " ").replace("_", " ").title() or "News"
    files = {
        "sitegen.toml": settings_file(title),
        ".gitignore": "output/\n.cache/\n",
        ".github/workflows/pages.yml": WORKFLOW,
        f"content/{now:%Y-%m-%d}-welcome.md": article_text(
            "Welcome to your news site",
            now,
            draft=False,
            body='This is a sample article. Write yours with `sitegen new "Title"`, '
            "preview with `sitegen serve`, and publish the `output/` folder.\n",
        ),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if theme:
        templates = folder / "templates"
        shutil.copytree(theme_dir(), templates, ignore=shutil.ignore_patterns("__*", "*.py*"))
        written.append(templates)
    return written


def settings_file(title: str) -> str:
    """``sitegen.toml`` for a new site: its title set, the common settings shown with
    their defaults (commented out) and what each does."""
    lines = [
        "# sitegen settings. Every key has a default; the README lists them all.",
        f"title = {json.dumps(title, ensure_ascii=False)}",
        "",
    ]
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for name in SETTINGS_SHOWN:
        value = fields[name].default
        shown = str(value).lower() if isinstance(value, bool) else json.dumps(value)
        lines += [f"# {fields[name].metadata['doc']}", f"# {name} = {shown}", ""]
    return "\n".join(lines)


def new_article(
    site: Path,
    title: str,
    now: datetime | None = None,
    section: str | None = None,
    author: str | None = None,
    draft: bool = True,
) -> Path:
    """Write a new Markdown article with front matter into the site's content folder
    (``content/[section/]YYYY-MM-DD-slug.md``, dated now in the site's timezone)."""
    config = load_config(site)
    if not (site / "sitegen.toml").is_file() and not (site / config.content_dir).is_dir():
        raise SitegenError(f"no site at {site} (no sitegen.toml, no content/): sitegen init")
    if not title.strip():
        raise SitegenError('the article needs a title: sitegen new "Title"')
    now = (now or datetime.now(config.zone)).astimezone(config.zone).replace(microsecond=0)
    slug = slugify(title) or "article"
    folder = site / config.content_dir / (slugify(section) if section else "")
    path = folder / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        raise SitegenError(f"{path} exists already; nothing written")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(title, now, draft, section, author), encoding="utf-8")
    return path


def article_text(
    title: str,
    when: datetime,
    draft: bool,
    section: str | None = None,
    author: str | None = None,
    body: str = "Write the article here.\n",
) -> str:
    """A Markdown article: YAML front matter (values quoted as JSON, which YAML reads),
    then the body."""
    head = [f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {when.isoformat()}"]
    if author:
        head.append(f"authors: [{json.dumps(author, ensure_ascii=False)}]")
    if section:
        head.append(f"sections: [{json.dumps(section, ensure_ascii=False)}]")
    if draft:
        head.append("draft: true")
    return "---\n" + "\n".join(head) + "\n---\n\n" + body

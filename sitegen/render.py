"""Render one PageSpec to HTML with Jinja2: autoescaped, strict, site templates over the theme."""

from __future__ import annotations

import re
import traceback
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from email.utils import format_datetime
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension

from . import plugins
from .config import Config
from .errors import Problem, SitegenError
from .plan import PageSpec

PACKAGE_DIR = Path(__file__).resolve().parent


def theme_dir() -> Path:
    """The default theme: package data when installed, ``templates/`` in a checkout."""
    installed = PACKAGE_DIR / "theme"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def template_dirs(site_dir: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the site's, the theme, then the
    page kinds' of plugins."""
    dirs = [site_dir / "templates", theme_dir(), *plugins.template_dirs()]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in seen:
            seen.append(d.resolve())
    return seen


class FragmentCache(Extension):
    """``{% cache "card", article %}…{% endcache %}`` renders its body once per build and
    process for each distinct key, and reuses the HTML wherever the key comes back.

    A card that appears on its article's tag, author, section, archive and index pages is
    rendered once instead of on each of them. The key must hold everything the body shows
    (views are frozen values, so an article's card is itself a good key); the fragments are
    forgotten when the build ends, so a changed template or card is never served stale.
    At most ``LIMIT`` are held, so memory stays bounded in a big archive: past it, the
    cache starts again (pages render the same either way).
    """

    tags = {"cache"}
    LIMIT = 25_000  # about 1 KB each: 25 MB per process

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key: tuple, caller) -> str:
        fragments = self.environment.fragments  # type: ignore[attr-defined]
        found = fragments.get(key)
        if found is None:
            if len(fragments) >= self.LIMIT:
                fragments.clear()
            found = fragments[key] = caller()
        return found


def make_environment(dirs: list[Path], config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=[FragmentCache],
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # no stat of every template at every page: a build whose templates changed makes a
        # new environment (sitegen.build compares their closures)
        auto_reload=False,
    )
    base_path, base_url = config.base_path, config.base_url.rstrip("/") + "/"
    env.globals["url"] = lambda path="": base_path + path.lstrip("/")
    env.globals["absolute_url"] = lambda path="": base_url + path.lstrip("/")
    env.filters["date"] = lambda value, fmt=None: value.strftime(fmt or config.date_format)
    env.filters["isodate"] = lambda value: value.isoformat()
    env.filters["moment"] = lambda value: moment(value, config.date_format)
    env.filters["rfc822"] = format_datetime
    env.filters["by_day"] = by_day
    env.filters["longdate"] = lambda day: f"{day:%A} {day.day} {day:%B %Y}"
    env.filters["by_initial"] = by_initial
    env.filters["figures"] = figures
    env.filters["og_image"] = lambda html, page: og_image(html, base_url, page)
    # an article is in up to a dozen feeds (site, authors, tags, sections; Atom and RSS):
    # its body's links are rewritten once per process, not once per feed
    env.filters["absolute_links"] = lru_cache(maxsize=4096)(
        lambda html, page: absolute_links(html, base_url, page)
    )
    env.filters["site_links"] = lambda html: site_links(html, base_path)
    env.globals["entry_id"] = lambda key: (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url + key)}"
    )
    return env


_ROOTED = re.compile(r'(\s(?:href|src)=")(/(?!/)|#)')


def site_links(html: str, base_path: str) -> str:
    """Links written from the site's root (``/2024/…``) put under its base path (``/repo/``)."""
    if base_path == "/":
        return html
    return _ROOTED.sub(lambda m: m.group(1) + (base_path if m.group(2) == "/" else "#"), html)


def absolute_links(html: str, base_url: str, page: str) -> str:
    """Root-relative links and #fragments made absolute, as feeds need them."""
    return _ROOTED.sub(
        lambda m: m.group(1) + (base_url if m.group(2) == "/" else base_url + page + "#"), html
    )


TEMPLATE_TYPES = ["html", "xml", "json", "txt"]


class Renderer:
    """Holds the template environment; ``render(spec, context)`` gives a page's HTML."""

    def __init__(self, site_dir: Path, config: Config):
        self.site_dir = site_dir
        self.dirs = template_dirs(site_dir)
        self.config = config
        self.env = make_environment(self.dirs, config)

    def check_templates(self) -> None:
        """Compile every template now, so all syntax errors are reported before rendering."""
        problems = []
        for name in self.env.list_templates(extensions=TEMPLATE_TYPES):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as err:
                problems.append(Problem(self.display(err.filename), err.lineno, err.message or ""))
        if problems:
            raise SitegenError(problems=problems)

    def display(self, filename: str | None) -> str:
        """A template path as a user should see it: relative to the site when inside it."""
        if not filename:
            return "<template>"
        path = Path(filename).resolve()
        try:
            return str(path.relative_to(self.site_dir.resolve()))
        except ValueError:
            return str(path)

    def render(self, spec: PageSpec, context: dict) -> str:
        """The page's HTML; errors become SitegenErrors pointing at the template line."""
        try:
            template = self.env.get_template(spec.template)
            return template.render(context)
        except jinja2.TemplateSyntaxError as err:
            raise SitegenError(err.message or "", self.display(err.filename), err.lineno) from None
        except jinja2.TemplateNotFound as err:
            raise SitegenError(f"template '{err.name}' not found (page /{spec.url})") from None
        except Exception as err:  # a runtime error inside a template: point at its line
            path, line = self._template_frame(err)
            raise SitegenError(
                f"{type(err).__name__}: {err} (rendering /{spec.url})", path, line
            ) from err

    def _template_frame(self, err: Exception) -> tuple[str, int]:
        dirs = [str(d) for d in self.dirs]
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if any(frame.filename.startswith(d) for d in dirs):
                return self.display(frame.filename), frame.lineno or 0
        return "", 0


def moment(value: datetime, date_format: str) -> str:
    """A date with its time of day, or the date alone when it has none (an update known
    only by the day a capture was saved)."""
    shown = value.strftime(date_format)
    return shown if value.time() == time(0) else f"{shown} {value:%H:%M}"


def by_day(cards: Iterable) -> list[tuple[date | None, list]]:
    """Cards grouped by their day, in the order given (newest first), the undated last:
    the river of news under its date headings."""
    groups: dict[date | None, list] = {}
    for card in cards:
        groups.setdefault(card.date.date() if card.date else None, []).append(card)
    undated = groups.pop(None, None)
    return list(groups.items()) + ([(None, undated)] if undated else [])


def by_initial(terms: Iterable) -> list[tuple[str, list]]:
    """Terms grouped under the first letter of their name (digits and signs under "#"),
    letters in order: the a-z index of a long list of tags or authors."""
    groups: dict[str, list] = {}
    for term in terms:
        first = unicodedata.normalize("NFKD", term.name[:1].upper())[:1]
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return sorted(groups.items(), key=lambda item: (item[0] != "#", item[0]))


_IMAGE_ALONE = re.compile(
    r"<p>\s*(<img\b[^>]*?>)\s*</p>(?:\s*<p>\s*<em>((?:(?!</?p\b).)+?)</em>\s*</p>)?", re.S
)
_TITLE = re.compile(r'\stitle="([^"]*)"')
_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')


def figures(html: str) -> str:
    """An image alone in its paragraph shown as a figure with its caption: the image's
    title (Markdown's ``![alt](src "caption")``) or an italic line right below it."""

    def figure(match: re.Match) -> str:
        image, below = match.group(1), match.group(2)
        title = _TITLE.search(image)
        caption = below or (title.group(1) if title else "")
        if not caption:
            return match.group(0)
        return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"

    return _IMAGE_ALONE.sub(figure, html) if "<img" in html else html


def og_image(html: str, base_url: str, page: str) -> str | None:
    """The absolute URL of an article's first image (for ``og:image``), or None. A path
    from the site's root (``/images/a.jpg``) is under the site's base URL."""
    found = _SRC.search(html)
    if not found:
        return None
    src = unescape(found.group(1))
    if src.startswith("/") and not src.startswith("//"):
        return base_url + src.lstrip("/")
    return urljoin(base_url + page, src)

"""Media among the sources: images and other files in ``content/`` copied into the site,
and the links of article bodies resolved against the file they were written in.

A file inside a page bundle (the folder of an ``index.md`` article, as Hugo has them) is
copied beside that article's page, so the bundle's relative links work as written; any
other file goes to its path under ``content/``, and a relative link to it from an article
(``photo.jpg``, ``../images/map.png``, Pelican's ``{static}/images/map.png``) is
rewritten to that path. Links to another Markdown source (``other.md``, Pelican's
``{filename}/other.md``) become links to its article. Images whose file is known get
their ``width`` and ``height`` (so the page does not jump as they load) and, but for the
first, ``loading="lazy"``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from .model import Site

MEDIA_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .webp .avif .svg .ico .bmp .tif .tiff "
    ".mp3 .m4a .ogg .oga .opus .wav .flac .mp4 .m4v .webm .ogv .mov .vtt .pdf".split()
)
MARKDOWN_SUFFIXES = frozenset(".md .markdown .mdown .mkd .mkdn".split())
BUNDLE_STEM = "index"  # a folder with its index.md is one article and its files

_TAG = re.compile(r"<(a|img|source|video|audio|track)\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r'(\s(?:src|href|poster)=)"([^"]*)"')
_PELICAN = re.compile(r"^(?:\{(static|attach|filename)\}|\|(static|attach|filename)\|)(.*)$")
_OUTSIDE = re.compile(r"^(?:[a-zA-Z][\w+.-]*:|//|/|#|\?|$)")  # a scheme, rooted, or in-page


def is_media(path: Path) -> bool:
    return path.suffix.lower() in MEDIA_SUFFIXES


def place_media(
    media: Iterable[Path], sources: Iterable[Path], content: Path, site_dir: Path, site: Site
) -> dict[str, Path]:
    """Output path -> file for every media file: beside its bundle's article page, or at
    its path under ``content``. A bundle whose article is not published (a draft) keeps
    its files to itself."""
    urls = {
        (site_dir / a.record.source).parent: a.url
        for a in site.articles.values()
        if is_bundle_index(a.record.source)
    }
    bundles = {path.parent for path in sources if is_bundle_index(path.name)}
    placed = {}
    for path in media:
        for folder in path.parents:
            if folder in bundles:
                if folder in urls:
                    placed[urls[folder] + path.relative_to(folder).as_posix()] = path
                break
            if folder == content:
                placed[path.relative_to(content).as_posix()] = path
                break
    return placed


def is_bundle_index(source: str) -> bool:
    """Whether a source is a page bundle's article: ``index.md``, as Hugo has them."""
    name = PurePosixPath(source)
    return name.stem == BUNDLE_STEM and name.suffix.lower() in MARKDOWN_SUFFIXES


class BodyLinks:
    """Resolves the links of article bodies, for one build's site and media."""

    def __init__(self, site: Site, site_dir: Path, content_dir: str, placed: dict[str, Path]):
        self.site = site
        self.site_dir = site_dir
        self.content = site_dir / content_dir
        self.files = placed  # output path -> file
        self.placed = {
            path.relative_to(self.content).as_posix(): out for out, path in placed.items()
        }
        self._articles: dict[str, str] | None = None
        self._sizes: dict[Path, tuple[int, int] | None] = {}

    def article_url(self, source: str) -> str | None:
        """The URL of the article read from ``source`` (content-relative), if published."""
        if self._articles is None:  # made once, and only for a body that links a source
            self._articles = {}
            for article in self.site.articles.values():
                path = self.site_dir / article.record.source
                if path.is_relative_to(self.content):
                    relative = path.relative_to(self.content).as_posix()
                    self._articles.setdefault(relative, article.url)
        return self._articles.get(source)

    def resolve(self, html: str, source: str) -> str:
        """``html`` of the article read from ``source`` (site-relative), its links and
        images resolved."""
        if "src=" not in html and "href=" not in html:
            return html
        path = self.site_dir / source
        if not path.is_relative_to(self.content):
            return html
        folder = path.parent.relative_to(self.content).as_posix()
        bundle = is_bundle_index(source)
        images = 0
        changed = False

        def tag(match: re.Match) -> str:
            nonlocal images, changed
            file = None

            def attribute(found: re.Match) -> str:
                nonlocal file
                value, file = self.target(found.group(2), folder, bundle)
                return f'{found.group(1)}"{value}"'

            text = _ATTRIBUTE.sub(attribute, match.group(0))
            changed = changed or text != match.group(0)
            if match.group(1).lower() != "img":
                return text
            images += 1
            extra = ""
            size = self.size_of(file) if file and " width=" not in text else None
            if size and " height=" not in text:
                extra += f' width="{size[0]}" height="{size[1]}"'
            if images > 1 and " loading=" not in text:
                extra += ' loading="lazy"'
            changed = changed or bool(extra)
            return text[:-1].rstrip("/").rstrip() + extra + ">" if extra else text

        resolved = _TAG.sub(tag, html)
        return resolved if changed else html  # the record's own string: no copy kept

    def target(self, value: str, folder: str, bundle: bool) -> tuple[str, Path | None]:
        """Where a link written in a source in ``folder`` (content-relative) leads, and
        the media file it is, if the site holds it."""
        pelican = _PELICAN.match(value)
        if pelican:
            value = pelican.group(3)
        elif _OUTSIDE.match(value):
            return value, None
        end = min((i for i in (value.find("#"), value.find("?")) if i >= 0), default=len(value))
        written, rest = value[:end], value[end:]
        if pelican and written.startswith("/"):
            relative = posixpath.normpath(written.lstrip("/"))
        else:
            relative = posixpath.normpath(posixpath.join(folder, written))
        if relative.startswith("../") or relative == "..":
            return value, None
        if PurePosixPath(relative).suffix.lower() in MARKDOWN_SUFFIXES:
            url = self.article_url(relative)
            return ("/" + url + rest if url is not None else value), None
        out = self.placed.get(relative)
        if out is not None:
            beside = bundle and not pelican and not written.startswith("../")
            return (value if beside else "/" + out + rest), self.files[out]
        return ("/" + relative + rest if pelican else value), None

    def size_of(self, path: Path) -> tuple[int, int] | None:
        """(width, height) of an image file; None for one Pillow cannot read (an SVG)."""
        if path not in self._sizes:
            try:
                with Image.open(path) as image:
                    self._sizes[path] = image.size
            except (OSError, UnidentifiedImageError, ValueError):
                self._sizes[path] = None
        return self._sizes[path]

"""Other generators' content as it is: Pelican's header lines, Hugo's JSON front matter,
summary break and shortcodes, Jekyll's dated post names and Liquid tags."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import PurePosixPath

from ..errors import Problem, SitegenError
from .front_matter import key_errors

MORE = "<!--more-->"  # Hugo's (and WordPress's) summary break

_HEADER_LINE = re.compile(r"([A-Za-z][\w -]{0,30}):[ \t]*(.*)")
PELICAN_KEYS = frozenset(
    "title date modified category tags author authors slug summary status lang "
    "translation template save_as url".split()
)
_PELICAN_LISTS = ("authors", "tags")


def pelican_header(text: str, source: str, first: int = 1):
    """Pelican's Markdown metadata: ``Key: value`` lines at the top, up to the first blank
    line or the first line that is not one, a value going on over indented lines
    (``Title``, ``Date``, ``Tags``, ``Authors`` split at ``;`` if there is one, else at
    ``,`` …). Returns
    the metadata (keys in lower case), the body, and ``fail`` for a bad key's line; no
    metadata when the top of the file is not such a block. ``first``: the file's line
    number of the text's first line."""
    lines = text.split("\n")
    meta: dict = {}
    where: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and meta:  # an indented line continues the last value
            key = next(reversed(meta))
            meta[key] = f"{meta[key]} {line.strip()}".strip()
            continue
        match = _HEADER_LINE.fullmatch(line.rstrip())
        if not match:
            if not meta:
                return {}, text, key_errors("", source)
            number -= 1  # the body starts here, with no blank line before it
            break
        key = match.group(1).strip().lower()
        meta[key], where[key] = match.group(2).strip(), number + first - 1
    else:
        number = len(lines) + 1
    if not ({"title", "date"} & set(meta) or set(meta) <= PELICAN_KEYS):
        return {}, text, key_errors("", source)  # prose that opens with "Note: …"
    for key in _PELICAN_LISTS:  # split at ";" when there is one, as Pelican does, else ","
        if key in meta:
            separator = ";" if ";" in meta[key] else ","
            meta[key] = [name.strip() for name in meta[key].split(separator) if name.strip()]

    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, source, where.get(key, 1))

    return meta, "\n".join(lines[number:]), fail


_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})([-_ ])(.+)")


def from_file_name(meta: dict, source: str) -> dict:
    """The date and slug that a file name like Jekyll's ``_posts/2024-03-01-harbour.md``
    gives, or the date alone of Pelican's ``2024-03-01_harbour.md``, where the metadata
    has none."""
    match = _DATED_NAME.fullmatch(PurePosixPath(source).stem)
    if not match or ("date" in meta and "slug" in meta):
        return meta
    meta = dict(meta)
    meta.setdefault("date", match.group(1))
    if match.group(2) == "-":
        meta.setdefault("slug", match.group(3))
    return meta


_YAML_SYNTAX = ("[", "{", '"', "'", "|", ">", "&", "*", "!")


def fenced_pelican_header(text: str, source: str):
    """Pelican's ``Key: value`` lines between ``---`` fences (Python-Markdown's Meta
    allows them), which YAML cannot read (``Title: Python: an introduction``): as
    ``pelican_header`` gives them, or None when the fenced block is not such lines."""
    opening, _, rest = text.partition("\n")
    if opening.strip() != "---":
        return None
    meta, body, fail = pelican_header(rest, source, first=2)
    closing, _, body = body.partition("\n")
    if not meta or closing.strip() not in ("---", "..."):
        return None
    header = rest[: len(rest) - len(body) - len(closing) - 1]
    values = (m.group(2) for m in map(_HEADER_LINE.fullmatch, header.split("\n")) if m)
    if any(value.startswith(_YAML_SYNTAX) for value in values):
        return None  # broken YAML ("tags: [a, b"), not plain lines: its error stands
    return meta, body, fail


def json_front_matter(text: str, source: str):
    """Hugo's JSON front matter: an object at the top of the file, then the body; None
    when the file does not start with one."""
    if not text.startswith("{"):
        return None
    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as err:
        raise SitegenError(f"invalid JSON front matter: {err.msg}", source, err.lineno) from None
    if not isinstance(meta, dict):
        return None
    lines = {key: text.count("\n", 0, max(text.find(f'"{key}"'), 0)) + 1 for key in meta}

    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(message, source, lines.get(key, 1))

    return meta, text[end:].lstrip("\n"), fail


_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)([\w/-]+)(.*?)\s*[>%]\}\}", re.S)
_ARG = re.compile(r'(\w+)\s*=\s*"([^"]*)"|"([^"]*)"|(\S+)')
_LIQUID = re.compile(r"\{%-?\s*\w+.*?-?%\}|\{\{-?\s*[\w.|\s:\'\"-]+?-?\}\}", re.S)


def peer_markup(body: str, source: str) -> tuple[str, list[Problem]]:
    """Hugo shortcodes made HTML where they have a plain meaning (``figure``, ``youtube``,
    ``vimeo``, ``ref``/``relref`` links) and left as text otherwise; Jekyll's Liquid tags
    left as text, never run. Each kind of markup left as text is one warning per file."""
    warnings: list[Problem] = []
    if "{{" not in body and "{%" not in body:
        return body, warnings
    unknown: set[str] = set()

    def shortcode(match: re.Match) -> str:
        closing, name, rest = match.group(1), match.group(2), match.group(3)
        args, named = [], {}
        for key, quoted_value, quoted, bare in _ARG.findall(rest):
            if key:
                named[key] = quoted_value
            else:
                args.append(quoted or bare)
        if closing:
            unknown.add(name)
            return match.group(0)
        if name == "figure" and named.get("src"):
            caption = named.get("caption") or named.get("title") or ""
            image = f'<img src="{escape(named["src"])}" alt="{escape(named.get("alt", caption))}">'
            text = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            return f"\n<figure>{image}{text}</figure>\n"
        if name in ("youtube", "vimeo") and (named.get("id") or args):
            video = named.get("id") or args[0]
            url = (
                f"https://www.youtube.com/watch?v={video}"
                if name == "youtube"
                else f"https://vimeo.com/{video}"
            )
            return f"[Video: {url}]({url})"  # a link: no request leaves the page
        if name in ("ref", "relref") and args:
            return args[0]
        unknown.add(name)
        return match.group(0)

    body = _SHORTCODE.sub(shortcode, body)
    if unknown:
        names = ", ".join(sorted(unknown))
        warnings.append(Problem(source, 1, f"Hugo shortcodes shown as text: {names}"))
    if _LIQUID.search(_SHORTCODE.sub("", body)):
        warnings.append(Problem(source, 1, "Liquid tags ({% %}, {{ }}) shown as text, not run"))
    return body, warnings

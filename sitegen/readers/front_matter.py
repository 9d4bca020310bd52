"""Front matter: the block of metadata between fences at the top of a source file.

One loader for every reader that takes it: Markdown articles (YAML ``---`` or TOML
``+++``) and captures (a YAML block of defaults). Errors name the line in the whole file.
"""

from __future__ import annotations

import re
import tomllib

import yaml

from ..config import key_line
from ..errors import SitegenError

FENCES = {"---": "yaml", "+++": "toml"}


def split_front_matter(
    text: str, source: str, fences: tuple[str, ...] = ("---", "+++"), blank_first: bool = False
) -> tuple[dict, str, str]:
    """Return ``(data, header, body)``; the header, if any, starts on the file's line 2.
    ``blank_first``: blank lines may come before the opening fence, as Hugo allows (the
    header then gets as many leading newlines, so its lines keep their numbers)."""
    stripped = text.lstrip("\n") if blank_first else text
    skipped = len(text) - len(stripped)
    first, _, rest = stripped.partition("\n")
    fence = first.strip()
    if fence not in fences:
        return {}, "", text
    lines = rest.split("\n")
    for offset, line in enumerate(lines):
        if line.rstrip() == fence or (fence == "---" and line.rstrip() == "..."):
            header = "\n" * skipped + "\n".join(lines[:offset])
            body = "\n".join(lines[offset + 1 :])
            return parse_header(FENCES[fence], header, source), header, body
    raise SitegenError(f"front matter opened with '{fence}' is never closed", source, skipped + 1)


def key_errors(header: str, source: str):
    """``fail(key, message)`` for the keys of a front matter block: the error at the key's
    line in the whole file (the header starts on line 2), or at line 1."""

    def fail(key: str, message: str) -> SitegenError:
        line = key_line(header, key)
        return SitegenError(message, source, line + 1 if line else 1)

    return fail


class _PlainDatesLoader(yaml.CSafeLoader):
    """Loads timestamps as strings, so a bad date is reported by key and line, not by PyYAML."""


_PlainDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def parse_header(fmt: str, header: str, source: str) -> dict:
    """A front matter block's mapping (``fmt`` "yaml" or "toml"); errors located in the file."""
    try:
        if fmt == "yaml":
            try:
                data = yaml.load(header, Loader=yaml.CSafeLoader)
            except ValueError:  # a timestamp-shaped value that is no date, e.g. 2024-13-45
                data = yaml.load(header, Loader=_PlainDatesLoader)
        else:
            data = tomllib.loads(header)
    except yaml.YAMLError as err:
        last = header.count("\n")  # errors at the end of the header point at its last line
        mark = getattr(err, "problem_mark", None)
        line = min(mark.line, last) + 2 if mark else 2
        problem = getattr(err, "problem", None) or str(err)
        context = getattr(err, "context", None)
        if context and getattr(err, "context_mark", None):
            problem += f" ({context} on line {min(err.context_mark.line, last) + 2})"
        raise SitegenError(f"invalid YAML front matter: {problem}", source, line) from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) + 1 if match else header.count("\n") + 2
        raise SitegenError(f"invalid TOML front matter: {err}", source, line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SitegenError("front matter must be a mapping of keys to values", source, 2)
    return {str(key): value for key, value in data.items()}

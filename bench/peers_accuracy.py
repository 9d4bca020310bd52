#!/usr/bin/env python3
"""How often sitegen reads other generators' content with the title and date they show.

    .venv/bin/python bench/peers_accuracy.py [--build] [--mismatches N] SITE [SITE ...]

Each SITE is a Pelican, Hugo or Jekyll site's folder (the repository root: the one with
``pelicanconf.py``, ``hugo.toml``/``config.toml``/``config/_default/``, or ``_config.yml``
and ``_posts/``); ``pelican:DIR``, ``hugo:DIR`` or ``jekyll:DIR`` says which when the
folder does not. Its timezone is the site's own (``TIMEZONE``, ``timeZone``, ``timezone``;
UTC when unset), given to sitegen as its site timezone.

For every Markdown file the peer reads as a page (Pelican: everything under ``PATH``;
Hugo: ``content/`` but ``_index.md``; Jekyll: ``_posts/YYYY-MM-DD-*``), the title and date
that tool shows are worked out here from the file's own front matter, header or name with
PyYAML, tomllib, json and dateutil (the date parser Pelican itself uses), following each
tool's documented rules, never with sitegen's readers:

- Pelican: Python-Markdown ``Meta`` header lines (``Key: value``, indented continuation,
  optional ``---`` fences, the block ends at a blank or non-matching line); ``Date`` or
  else ``FILENAME_METADATA``'s date (default: a leading ``YYYY-MM-DD``); an article with no
  title, or with no date and no ``DEFAULT_DATE``, is skipped by Pelican (counted apart).
- Hugo: YAML/TOML/JSON front matter with case-insensitive keys; the date is the first of
  ``date publishDate pubdate published lastmod modified`` (``[frontmatter] date``), no
  title shows none.
- Jekyll: only ``YYYY-MM-DD-slug`` files with a ``---`` front matter are posts; the front
  matter's ``date`` wins over the file name's (midnight in the site's timezone; an
  unquoted ``2015-12-03 10:01:01`` is a YAML timestamp, which Ruby reads as UTC, while
  the same text quoted is in the site's timezone); no
  ``title`` shows the slug titleized (``my-first-post`` -> ``My First Post``).

sitegen's side is its reader (``sitegen.readers.read_source``) on each file, as ``sitegen
records`` reads it; a title sitegen derived from the text counts as none. Dates match when
they are the same instant to the minute. Prints, per site: files, % right title, % right
date, % both, files sitegen could not read (each fails ``sitegen build``), files the tool
itself skips, and the first mismatches. ``--build`` also runs a real ``sitegen build`` of
the site's Markdown in a temporary folder and reports its exit status. Always exits 0.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from dateutil import parser as dateutil_parser  # what Pelican's get_date uses

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.errors import SitegenError  # noqa: E402
from sitegen.model import ReadOptions  # noqa: E402
from sitegen.readers import read_source  # noqa: E402

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
SKIP = object()  # the tool itself does not publish the file


# --- dates -----------------------------------------------------------------------------
def as_instant(value, zone: ZoneInfo) -> datetime | None:
    """A parsed front matter value (date, datetime, or text) as an aware datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), zone)
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateutil_parser.parse(text, default=datetime(2000, 1, 1))
        except (ValueError, OverflowError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


# --- front matter ------------------------------------------------------------------------
class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader; a timestamp it cannot build stays text."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def front_matter(text: str, yaml_only: bool = False) -> dict | None:
    """The front matter mapping at the top of ``text`` (YAML ``---``, TOML ``+++`` or a
    JSON object), None when there is none; raises ValueError when it does not parse."""
    if not yaml_only:
        text = text.lstrip()
    if text.startswith("{") and not yaml_only:
        data, _ = json.JSONDecoder().raw_decode(text)
        return data if isinstance(data, dict) else None
    for fence in ("---",) if yaml_only else ("---", "+++"):
        match = re.match(
            rf"{re.escape(fence)}[ \t]*\r?\n(.*?)^{re.escape(fence)}[ \t]*$", text, re.S | re.M
        )
        if not match and fence == "---":
            match = re.match(r"---[ \t]*\r?\n(.*?)^\.\.\.[ \t]*$", text, re.S | re.M)
        if match:
            if fence == "+++":
                return tomllib.loads(match.group(1))
            data = yaml.load(match.group(1), Loader=_Loader)
            return data if isinstance(data, dict) else {}
    return None


# --- Pelican -------------------------------------------------------------------------------
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")


def pelican_meta(text: str) -> dict[str, list[str]]:
    """Python-Markdown's Meta extension, as Pelican's Markdown reader runs it."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, list[str]] = {}
    key = None
    if lines and re.match(r"^-{3}(\s.*)?$", lines[0]):
        lines.pop(0)
    for line in lines:
        if not line.strip() or re.match(r"^(-{3}|\.{3})(\s.*)?$", line):
            break
        match = _META.match(line)
        if match:
            key = match.group("key").lower().strip()
            meta.setdefault(key, []).append(match.group("value").strip())
            continue
        more = _META_MORE.match(line)
        if more and key:
            meta[key].append(more.group("value").strip())
        else:
            break
    return meta


def _conf_value(conf: str, name: str):
    """A literal assignment in pelicanconf.py (the last one), else None."""
    found = None
    for match in re.finditer(rf"^{name}\s*=\s*(.+)$", conf, re.M):
        with contextlib.suppress(ValueError, SyntaxError):
            found = ast.literal_eval(match.group(1).strip())
    return found


@dataclass
class Site:
    kind: str
    root: Path
    zone: ZoneInfo
    files: list[Path] = field(default_factory=list)
    expect: dict = field(default_factory=dict)  # Path -> (title, date) or SKIP
    content: Path | None = None


def pelican_site(root: Path) -> Site:
    conf_file = root / "pelicanconf.py"
    conf = conf_file.read_text("utf-8", "replace") if conf_file.exists() else ""
    zone = ZoneInfo(_conf_value(conf, "TIMEZONE") or "UTC")
    content = root / (_conf_value(conf, "PATH") or "content")
    if not content.is_dir():
        content = root
    name_pattern = re.compile(
        _conf_value(conf, "FILENAME_METADATA") or r"(?P<date>\d{4}-\d{2}-\d{2}).*"
    )
    default_date = _conf_value(conf, "DEFAULT_DATE")
    pages = _conf_value(conf, "PAGE_PATHS") or ["pages"]
    site = Site("pelican", root, zone, content=content)
    for path in sorted(content.rglob("*")):
        if path.suffix not in MARKDOWN or not path.is_file():
            continue
        site.files.append(path)
        text = path.read_text("utf-8", "replace").lstrip("\ufeff")
        meta = pelican_meta(text)
        title = "\n".join(meta["title"]) if "title" in meta else None
        when = as_instant(" ".join(meta["date"]), zone) if meta.get("date") else None
        if when is None:
            match = name_pattern.match(path.stem)
            if match and match.groupdict().get("date"):
                when = as_instant(match.group("date"), zone)
        relative = path.relative_to(content).as_posix()
        is_page = any(relative.startswith(f"{p.rstrip('/')}/") for p in pages)
        if title is None or (when is None and not is_page and default_date is None):
            site.expect[path] = SKIP  # "Skipping …: could not find information about …"
        elif when is None and default_date == "fs":
            site.expect[path] = (title, "unknown")  # the file's mtime: not comparable
        else:
            site.expect[path] = (title, when)
    return site


# --- Hugo --------------------------------------------------------------------------------
HUGO_DATES = ["date", "publishdate", "pubdate", "published", "lastmod", "modified"]


def hugo_config(root: Path) -> dict:
    names = [
        f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
    ]
    for folder in (root, root / "config" / "_default"):
        for name in names:
            path = folder / name
            if path.is_file():
                text = path.read_text("utf-8", "replace")
                if path.suffix == ".toml":
                    data = tomllib.loads(text)
                elif path.suffix == ".json":
                    data = json.loads(text)
                else:
                    data = yaml.safe_load(text) or {}
                return {str(k).lower(): v for k, v in data.items()}
    return {}


def hugo_site(root: Path) -> Site:
    config = hugo_config(root)
    zone = ZoneInfo(str(config.get("timezone") or "UTC"))
    content = root / str(config.get("contentdir") or "content")
    if not content.is_dir():
        content = root
    dates = HUGO_DATES
    matter = {str(k).lower(): v for k, v in (config.get("frontmatter") or {}).items()}
    if matter.get("date"):
        dates = []
        for key in matter["date"]:
            dates += HUGO_DATES if key == ":default" else [str(key).lower()]
    site = Site("hugo", root, zone, content=content)
    for path in sorted(content.rglob("*")):
        if path.suffix not in MARKDOWN or not path.is_file() or path.stem == "_index":
            continue
        site.files.append(path)
        text = path.read_text("utf-8", "replace").lstrip("\ufeff")
        try:
            data = front_matter(text) or {}
        except (ValueError, yaml.YAMLError, tomllib.TOMLDecodeError):
            site.expect[path] = SKIP  # Hugo fails the build on it
            continue
        data = {str(k).lower(): v for k, v in data.items()}
        title = data.get("title")
        title = str(title) if title not in (None, "") else None
        when = None
        for key in dates:
            if key == ":filename":
                match = re.match(r"(\d{4}-\d{2}-\d{2})", path.stem)
                when = as_instant(match.group(1), zone) if match else None
            elif data.get(key):
                when = as_instant(data[key], zone)
            if when is not None:
                break
        site.expect[path] = (title, when)
    return site


# --- Jekyll --------------------------------------------------------------------------------
_POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")


def jekyll_site(root: Path) -> Site:
    config_file = root / "_config.yml"
    config = {}
    if config_file.is_file():
        config = yaml.safe_load(config_file.read_text("utf-8", "replace")) or {}
    zone = ZoneInfo(str(config.get("timezone") or "UTC"))
    site = Site("jekyll", root, zone)
    for path in sorted(root.rglob("*")):
        if path.suffix not in MARKDOWN or not path.is_file() or "_posts" not in path.parts:
            continue
        if any(part.startswith((".", "_site", "node_modules", "vendor")) for part in path.parts):
            continue
        name = _POST_NAME.match(path.name)
        if not name:
            continue  # Jekyll does not read it as a post
        site.files.append(path)
        text = path.read_text("utf-8", "replace")
        try:
            data = front_matter(text, yaml_only=True)
        except (ValueError, yaml.YAMLError):
            site.expect[path] = SKIP  # Jekyll reports the error and skips it
            continue
        if data is None:
            site.expect[path] = SKIP  # no front matter: a static file, not a post
            continue
        data = {str(k): v for k, v in data.items()}
        title = data.get("title")
        if title in (None, ""):
            title = " ".join(word.capitalize() for word in name.group(2).split("-"))
        value = data.get("date")
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # Ruby's YAML: a bare timestamp is UTC
        when = as_instant(value, zone) if value else None
        if when is None:
            when = as_instant(name.group(1), zone)
        site.expect[path] = (str(title), when)
    return site


def detect(spec: str) -> Site:
    kind, _, folder = (
        spec.partition(":")
        if spec.split(":", 1)[0]
        in (
            "pelican",
            "hugo",
            "jekyll",
        )
        else ("", "", spec)
    )
    root = Path(folder).resolve()
    if not kind:
        if (root / "pelicanconf.py").is_file():
            kind = "pelican"
        elif (root / "_config.yml").is_file() and any(root.rglob("_posts")):
            kind = "jekyll"
        elif hugo_config(root) or (root / "content").is_dir():
            kind = "hugo"
        else:
            raise SystemExit(f"{spec}: say which generator, e.g. hugo:{spec}")
    return {"pelican": pelican_site, "hugo": hugo_site, "jekyll": jekyll_site}[kind](root)


# --- comparing -----------------------------------------------------------------------------
def fold(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < timedelta(minutes=1)


def show(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else repr(value)


def measure(site: Site, mismatches: int) -> dict:
    options = ReadOptions(timezone=site.zone.key)
    counted = right_title = right_date = both = failed = skipped = 0
    wrong: list[str] = []
    for path in site.files:
        relative = path.relative_to(site.root).as_posix()
        try:
            result = read_source(path, relative, options)
            record = result.records[0] if result.records else None
        except SitegenError as err:
            failed += 1
            wrong.append(f"{relative}: sitegen cannot read it: {err}")
            continue
        except Exception as err:  # noqa: BLE001 - a crash is a build failure too
            failed += 1
            wrong.append(f"{relative}: sitegen crashed: {type(err).__name__}: {err}")
            continue
        expected = site.expect[path]
        if expected is SKIP:
            skipped += 1
            continue
        counted += 1
        want_title, want_date = expected
        got_title = None
        if record is not None and "title" not in record.derived:
            got_title = record.title
        got_date = record.date if record is not None else None
        title_ok = fold(got_title) == fold(want_title)
        date_ok = want_date == "unknown" or same_instant(got_date, want_date)
        right_title += title_ok
        right_date += date_ok
        both += title_ok and date_ok
        if not title_ok:
            wrong.append(f"{relative}: title {want_title!r}, sitegen {got_title!r}")
        if not date_ok:
            wrong.append(f"{relative}: date {show(want_date)}, sitegen {show(got_date)}")
    return {
        "files": len(site.files),
        "counted": counted,
        "title": right_title,
        "date": right_date,
        "both": both,
        "read_failures": failed,
        "skipped_by_tool": skipped,
        "mismatches": wrong[:mismatches],
        "mismatch_count": len(wrong),
    }


def real_build(site: Site) -> str:
    """Build the site's Markdown with sitegen in a temporary folder: 'ok' or the error."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        for path in site.files:
            base = site.content or site.root
            target = content / path.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        (Path(tmp) / "sitegen.toml").write_text(
            f'timezone = "{site.zone.key}"\nsearch = false\n', encoding="utf-8"
        )
        run = subprocess.run(
            [sys.executable, "-m", "sitegen", "build", "-q", "--site", tmp, "--no-cache"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if run.returncode == 0:
            return "ok"
        return f"exit {run.returncode}: " + " | ".join(run.stderr.strip().splitlines()[:3])


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    - "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", help="site folders, or pelican:/hugo:/jekyll:DIR")
    parser.add_argument("--build", action="store_true", help="also run a real sitegen build")
    parser.add_argument("--mismatches", type=int, default=10, help="mismatches to print")
    parser.add_argument("--json", action="store_true", help="one JSON object per site")
    args = parser.parse_args()
    rows = []
    for spec in args.sites:
        site = detect(spec)
        figures = measure(site, args.mismatches)
        figures |= {"site": site.root.name, "kind": site.kind, "timezone": site.zone.key}
        if args.build:
            figures["build"] = real_build(site)
        rows.append(figures)
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
            continue
        n = figures["counted"]
        print(f"== {figures['site']} ({site.kind}, {site.zone.key})")
        print(
            f"   files {figures['files']}, compared {n}: title {percent(figures['title'], n)}, "
            f"date {percent(figures['date'], n)}, both {percent(figures['both'], n)}; "
            f"sitegen cannot read {figures['read_failures']}; "
            f"{site.kind} skips {figures['skipped_by_tool']}"
            + (f"; build: {figures['build']}" if args.build else "")
        )
        for line in figures["mismatches"]:
            print(f"   - {line}")
        if figures["mismatch_count"] > len(figures["mismatches"]):
            print(f"   … {figures['mismatch_count'] - len(figures['mismatches'])} more")
    if not args.json and len(rows) > 1:
        print("\nsite                          kind     files  title    date     both   fail")
        for row in rows:
            n = row["counted"]
            print(
                f"{row['site'][:29]:29} {row['kind']:8} {row['files']:5}  "
                f"{percent(row['title'], n)}  {percent(row['date'], n)}  "
                f"{percent(row['both'], n)}  {row['read_failures']:4}"
            )


if __name__ == "__main__":
    main()

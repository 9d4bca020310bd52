"""Shared test helpers: temporary sites written from dicts, builds, and a link crawler."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.report import Reporter
from sitegen.state import BuildState
from sitegen.views import Card, Link

TESTS = Path(__file__).resolve().parent
SITES = TESTS / "sites"
SEEDS = TESTS.parents[1] / "shared" / "seeds"
# tests that read the seeds skip, as CI never does, where ../shared is not beside the repo
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seeds at {SEEDS}")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ files")


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under ``root`` and return it."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def copy_site(name: str, destination: Path) -> Path:
    """A writable copy of a fixture site under tests/sites/."""
    target = destination / name
    shutil.copytree(SITES / name, target, ignore=shutil.ignore_patterns(".cache", "output"))
    return target


def run_build(site: Path, output: Path | None = None, **overrides):
    """Build quietly; returns (report, log text)."""
    log = io.StringIO()
    report = build(site, output, overrides or None, Reporter(log))
    return report, log.getvalue()


class SiteUnderTest:
    """A site folder built, edited and built again as a user's process would: with one
    long-lived state in memory (``sitegen serve``), or with the cache on disk between
    builds, each a new state (``sitegen build`` run again) when ``cached``."""

    def __init__(self, root: Path, output: Path, cached: bool = False):
        self.root, self.output = root, output
        self.cache = root / ".cache" if cached else None
        self.state = None if cached else BuildState()

    def build(self, touched=None, **overrides):
        reporter = Reporter(io.StringIO())
        return build(
            self.root,
            self.output,
            overrides or None,
            reporter,
            self.state,
            self.cache,
            touched=touched,
        )

    def edit(self, relative: str, old: str, new: str) -> Path:
        return edit(self.root / relative, old, new)

    def same_as_clean(self, clean: Path) -> bool:
        """Whether the output equals a clean build of the same sources, byte for byte."""
        run_build(self.root, clean)
        return read_tree(self.output) == read_tree(clean)


def edit(path: Path, old: str, new: str) -> Path:
    """Replace ``old`` (which must be there) with ``new`` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def read_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def broken_links(output: Path, base_url: str) -> list[str]:
    """Everything `sitegen check` finds wrong: links, fragments, titles, canonicals, feeds."""
    return [str(problem) for problem in check_site(output, base_url)]


@pytest.fixture
def basic_site(tmp_path) -> Path:
    return copy_site("basic", tmp_path)


WHEN = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def card(**changes):
    """A card of a dated article with one author, section and derived tag; ``changes``
    replace fields."""
    fields = dict(
        key="news/a.md#0",
        url="2024/03/01/a/",
        title="Harbour reopens",
        title_derived=False,
        kind="article",
        date=WHEN,
        updated=None,
        date_only=False,
        summary="Two cranes are back.",
        summary_derived=False,
        publisher=None,
        authors=(Link("Ada Lee", "authors/ada-lee/"),),
        sections=(Link("Local", "sections/local/"),),
        tags=(Link("ports", "tags/ports/", derived=True),),
        minutes=1,
    )
    return Card(**(fields | changes))

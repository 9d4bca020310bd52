"""Rendering the pages whose inputs changed: each page's inputs hashed (in parallel, or
while it renders when it must be rendered anyway), the renders scheduled across the
workers, errors collected once per template line; and the assets copied beside them."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from . import cache, parallel
from .config import Config
from .errors import Problem, Problems, SitegenError
from .hashing import Fingerprints, content_digest, page_hash
from .render import Renderer, theme_dir
from .report import BuildReport, Reporter
from .reuse import Snapshot
from .write import OutputTree


@dataclass(frozen=True)
class Shard:
    """Part K of N of a build's output files (``sitegen build --shard K/N``): every file
    belongs to exactly one part, by a hash of its path that is the same on every machine,
    so N builds, one per part, write between them the files of one full build."""

    number: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Shard:
        number, slash, count = text.partition("/")
        try:
            shard = cls(int(number), int(count))
        except ValueError:
            shard = None
        if not slash or shard is None or not 1 <= shard.number <= shard.count:
            raise ValueError(f"a shard is K/N with 1 <= K <= N, e.g. 2/4, not {text!r}")
        return shard

    def owns(self, path: str) -> bool:
        """Whether the output file at ``path`` (or the folder, for files made together,
        like the search index) is this part's to write."""
        return self.count == 1 or zlib.crc32(path.encode()) % self.count == self.number - 1

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


WHOLE = Shard()


@dataclass
class Inputs:
    """What decides whether an output must be made again."""

    config_hash: str
    templates: dict[str, str]  # template name -> closure hash
    previous: dict[str, str]  # output path -> input hash of the last build
    previous_templates: dict[str, str]  # template name -> closure hash of the last build


def render_all(
    snapshot: Snapshot,
    renderer: Renderer,
    out: OutputTree,
    reporter: Reporter,
    inputs: Inputs,
    report: BuildReport,
    only: set[int] | None = None,
    shard: Shard = WHOLE,
) -> dict[str, str]:
    """Render the pages whose inputs changed; distinct errors are collected, not repeated.

    ``only``: the numbers of the only pages whose context may differ from the last build's
    (None: any). ``shard``: the part of the pages to make; the others are left out.
    Returns the input hash of every page made, by output path.
    """
    specs, views, paths = snapshot.specs, snapshot.views, snapshot.paths
    mine = [number for number, path in enumerate(paths) if shard.owns(path)]
    prints = Fingerprints()  # each worker process fills its own

    def page_input(number: int, context: dict | None = None) -> str:
        spec = specs[number]
        context = views.context(spec) if context is None else context
        template = inputs.templates.get(spec.template, "")
        return page_hash(inputs.config_hash, template, context, prints)

    def render(number: int):
        spec = specs[number]
        context = views.context(spec)
        try:
            held = out.put(paths[number], renderer.render(spec, context).encode("utf-8"))
        except SitegenError as err:
            return None, err.problems, None
        return (page_input(number, context) if number in fused else None), (), held

    # A page is hashed while it is rendered when it must be rendered anyway: there is
    # nothing to compare with, or its template changed since the last build (its input
    # hash covers the template). Every other page is hashed first, to see if it changed.
    changed = {n for n, h in inputs.templates.items() if inputs.previous_templates.get(n) != h}
    fused = {number for number in mine if not inputs.previous or specs[number].template in changed}
    hashes: dict[str, str] = {}
    todo: list[int] = []
    with report.stage("hash pages"):
        unsure = [number for number in mine if number not in fused]
        if only is not None:  # the other pages show nothing that changed: their hash stands
            for number in unsure:
                if number not in only and paths[number] in inputs.previous:
                    hashes[paths[number]] = inputs.previous[paths[number]]
            unsure = [n for n in unsure if paths[n] not in hashes]
        report.hashed = len(unsure) + len(fused)
        for number, found in zip(unsure, parallel.run(page_input, unsure), strict=True):
            hashes[paths[number]] = found
        for number in mine:
            spec, path = specs[number], paths[number]
            origin = f"{spec.kind} page /{spec.url}"
            if path in hashes and inputs.previous.get(path) == hashes[path]:
                out.keep(path, origin)
            else:
                out.reserve(path, origin)
                todo.append(number)

    progress = lambda done: reporter.progress("rendering", done, len(todo))  # noqa: E731
    failures: dict[tuple[str, int], list[Problem]] = {}
    with report.stage("render"):
        results = parallel.run(render, todo, progress)
    for number, (found, failed, held) in zip(todo, results, strict=True):
        if found:
            hashes[paths[number]] = found
        if held is not None:  # a worker's page, to be written when the build succeeds
            out.held[paths[number]] = held
        if not failed:
            report.rendered.append(paths[number])
        for problem in failed:  # one broken template line fails many pages alike
            failures.setdefault((problem.path, problem.line), []).append(problem)
    problems = Problems()
    for same in failures.values():
        more = f" (and {len(same) - 1} more pages)" if len(same) > 1 else ""
        problems.items.append(Problem(same[0].path, same[0].line, same[0].message + more))
    problems.raise_if_any()
    return {paths[number]: hashes[paths[number]] for number in mine}


def mark_output(
    out: OutputTree, output: Path, pages: dict[str, str], incremental: bool, base_url: str
) -> None:
    """Say in the output which build wrote it, so a cache can tell it still describes it,
    and for which base URL, so ``sitegen check`` crawls it as it will be served."""
    marker = cache.marker_text(pages, base_url).encode()
    current = output / cache.MARKER
    if incremental and current.is_file() and current.read_bytes() == marker:
        out.keep(cache.MARKER, "the build marker")
    else:
        out.write(cache.MARKER, marker, "the build marker")


def find_assets(site_dir: Path, config: Config) -> dict[str, Path]:
    """Files copied as they are: the theme's ``static/`` to ``/static/``, the site's static
    folder to the root. A site file at the same path as a theme file replaces it."""
    assets: dict[str, Path] = {}
    theme_static = theme_dir() / "static"
    for root, prefix in ((theme_static, "static/"), (site_dir / config.static_dir, "")):
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    assets[prefix + path.relative_to(root).as_posix()] = path
    return assets


def copy_assets(
    assets: dict[str, Path], out: OutputTree, inputs: Inputs, shard: Shard = WHOLE
) -> dict[str, str]:
    """Copy the assets (of the ``shard``) that changed; keep the others."""
    hashes = {}
    for relative, path in assets.items():
        if not shard.owns(relative):
            continue
        hashes[relative] = content_digest(path)  # by content: the same on every checkout
        if inputs.previous.get(relative) == hashes[relative]:
            out.keep(relative, str(path))
        else:
            out.copy(relative, path)
    return hashes

"""The pipeline on one screen: config → discover → read → assemble → plan → render → write."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import cache, parallel, search
from .config import Config, load_config
from .errors import Problem, Problems, SitegenError
from .hashing import (
    Fingerprints,
    canonical_bytes,
    content_digest,
    digest,
    file_stamp,
    page_hash,
    template_closures,
)
from .media import BodyLinks, place_media
from .merge import merge_captures
from .model import Record
from .plan import NEWS_WINDOW, plan_pages
from .render import Renderer, template_dirs, theme_dir
from .report import BuildReport, Reporter
from .reuse import Snapshot, edited_keys, related_coverage, reuse_site
from .site import assemble
from .sources import Features, SourceEntry, discover, read_all, rescan, scan, skip_counts
from .state import BuildState
from .topics import derive_topics
from .views import Views
from .write import OutputTree, staged_output


@parallel.settling
def build(
    site_dir: Path,
    output: Path | None = None,
    overrides: dict | None = None,
    reporter: Reporter | None = None,
    state: BuildState | None = None,
    cache_dir: Path | None = None,
    timings: bool = False,
    touched: Collection[Path] | None = None,
    keep_site: bool = False,
    search_now: bool = True,
    search_index: tuple[str, dict[str, bytes]] | None = None,
) -> BuildReport:
    """Build the site in ``site_dir`` into ``output`` (default: the site's ``output/``).

    Given the ``state`` the previous build left (kept in memory by the dev server, or in
    ``cache_dir`` between runs), only changed sources are read and only pages whose
    inputs changed are rendered; ``state`` is updated when the build succeeds. With
    ``timings``, the seconds spent in each stage are reported too. ``touched``: the only
    files changed since the last build in this process (the dev server's watcher knows);
    while they are all sources that build had, no other source is looked at.
    ``keep_site``: make the site in memory even when nothing changed, so that the next
    build in this process can reuse it (the dev server's first edit).
    ``search_now``: off, a search index that the build would remake is left as it is and
    the report says it is stale (the dev server remakes it after the page reload).
    ``search_index``: (digest, files) of an index made beforehand, outside the build.
    """
    started = time.perf_counter()
    reporter = reporter or Reporter()
    report = BuildReport()
    site_dir = site_dir.resolve()
    output = (output or site_dir / "output").resolve()
    if state is None:
        with report.stage("load cache"):
            state = cache.load(cache_dir, output) if cache_dir else BuildState()
    with report.stage("config"):
        config = load_config(site_dir, overrides)
        refuse_unsafe_output(output, site_dir, config)
    config_hash = digest(canonical_bytes(config))
    # the files the last build left here: only those changed are then written
    known_output = state.pages and state.output == output and output.is_dir()
    previous = set(state.pages) if known_output else None
    if (config_hash, output) != (state.config_hash, state.output):
        state.start_over(config_hash, output)  # the settings changed
    last_scan, state.scanned = state.scanned, None  # kept again if this build succeeds
    content = site_dir / config.content_dir
    with report.stage("discover"):
        scanned = None
        if touched is not None and last_scan is not None:
            scanned = rescan(last_scan, state.sources, touched)
        if scanned is None:
            scanned = scan(site_dir, discover(content, report), state.sources)
            scanned.skipped, scanned.media = list(report.skipped), list(report.media)
        report.skipped, report.media, sources = list(scanned.skipped), scanned.media, scanned.paths
        report.restamped = scanned.restamped
        # the last build's templates, compiled, while none of them changed
        renderer = state.renderer
        if renderer is None or renderer.dirs != template_dirs(site_dir):
            renderer = Renderer(site_dir, config)
        templates = template_closures(renderer.env)
        if renderer is state.renderer and templates != state.templates:
            renderer = Renderer(site_dir, config)  # no stale compiled template or fragment
        renderer.env.fragments = {}  # type: ignore[attr-defined]
        assets = find_assets(site_dir, config)
        # an image's size is on the pages showing it: a media file changed rehashes them
        media_basis = digest(canonical_bytes([(str(p), file_stamp(p)) for p in report.media]))
        media_same = media_basis == state.media_basis
    # everything the pages are made from: unchanged, and the output is as we left it,
    # means there is nothing to do, until the clock publishes an article or moves one
    # out of the news sitemap's window
    now = datetime.now(UTC)

    def signature() -> str:
        return digest(
            config_hash.encode(),
            canonical_bytes(sorted(templates.items())),
            canonical_bytes(list(zip(scanned.names, scanned.contents, strict=True))),
            canonical_bytes([(rel, str(path), file_stamp(path)) for rel, path in assets.items()]),
            media_basis.encode(),
        )

    current = state.next_change is None or now < state.next_change
    unread = not scanned.stale  # a source to read is a change: no need to look further
    unchanged = previous is not None and unread and current and signature() == state.signature
    unchanged = unchanged and not state.search_stale
    if unchanged and not (keep_site and state.last is None):
        report.pages, report.files = state.page_count, len(state.pages)
        report.seconds = time.perf_counter() - started
        reporter.info(f"nothing changed since the last build ({report.seconds:.2f} s)")
        state.scanned = scanned
        return report
    # the sources and the pages of the state agree (again once this build succeeds)
    settled, state.settled = state.settled, False
    replaced: dict[str, SourceEntry | None] = {}
    with report.stage("read"):
        records = read_all(
            site_dir, sources, config, report, reporter, state.sources, scanned, replaced
        )
    if not records and (sources or report.skipped or report.media):
        raise SitegenError(nothing_read(config, len(sources), report.skipped, len(report.media)))
    parallel.settle()  # the records live as long as the build
    with report.stage("templates"):
        if renderer is not state.renderer:
            renderer.check_templates()
    features = state.features()
    with report.stage("merge"):  # the same article in several captures becomes one record
        shingles_of = lambda r: features[r.key].shingles  # noqa: E731
        records, merged = merge_captures(records, shingles_of, config.zone)
        for record in records if merged else ():
            if record.key in merged:  # its text may be another capture's
                features[record.key] = Features.of(record)
    read = records
    with report.stage("related"):
        related, related_basis = ({}, "")
        if config.related_coverage:
            last_answer = (state.related, state.related_basis)
            related, related_basis = related_coverage(records, features, state.last, last_answer)
    with report.stage("topics"):
        if config.derive_topics:
            records = derive_topics(
                records,
                per_record=config.topics_per_article,
                mentions_of=lambda r: features[r.key].mentions,
            )
    # an edit that leaves the site's shape alone reuses the last build's site and pages
    basis = (config_hash, tuple(assets), media_basis)
    reused = None
    if known_output and current:
        reused = reuse_site(state.last, basis, read, features, records, related)
    if reused is None:
        with report.stage("assemble"):
            site = assemble(records, config, now, related=related)
        # your own static robots.txt or .nojekyll replaces the generated one
        with report.stage("plan"):
            specs = [
                spec
                for spec in plan_pages(site, config, now)
                if not (spec.kind in ("robots", "nojekyll") and spec.output_path in assets)
            ]
            placed = place_media(report.media, sources, content, site_dir, site)
            views = Views(site, config, BodyLinks(site, site_dir, config.content_dir, placed))
        snapshot, only = Snapshot(basis, read, features, records, related, site, specs, views), None
        # no site to reuse, but maybe the edit kept its shape: then only the pages that
        # show an edited article are hashed, not every page
        if known_output and state.pages and current and settled and media_same:
            captures = {key for keys in merged.values() for key in keys}
            keys = edited_keys(replaced, state.sources, captures)
            if keys is not None and related_basis == state.related_basis:
                only = snapshot.pages_showing(keys)
    else:
        snapshot, only = reused
    parallel.settle()  # and so do the site and its views
    for warning in snapshot.site.warnings:
        reporter.warn(str(warning))
    # the last build's page hashes count only while its output is there to keep
    inputs = Inputs(
        config_hash,
        templates,
        state.pages if known_output else {},
        state.templates if known_output else {},
    )
    indexing = None  # Pagefind works in its own process while the pages render
    if config.search:
        with report.stage("search"):
            indexing = plan_search(snapshot, config, inputs, report, search_now, search_index)
    try:
        with staged_output(output, previous) as out:
            pages = render_all(snapshot, renderer, out, reporter, inputs, report, only)
            if indexing is not None:
                with report.stage("search"):
                    pages |= indexing.write(out)
            with report.stage("assets"):
                pages |= copy_assets(snapshot.views.body_links.files | assets, out, inputs)
                mark_output(out, output, pages, previous is not None, config.base_url)
            publishing = time.perf_counter()  # the held pages are written as the block ends
    finally:
        if indexing is not None:
            indexing.cancel()
    report.stages["publish"] = time.perf_counter() - publishing
    state.pages, state.signature, state.page_count = pages, signature(), len(snapshot.specs)
    state.search_stale = report.search_stale  # then remade by the next build
    state.templates, state.last, state.renderer = templates, snapshot, renderer
    state.scanned, state.settled, state.media_basis = scanned, True, media_basis
    state.related, state.related_basis = related, related_basis
    if reused is None:  # the same dates as last time: the same next change
        state.next_change = next_change(records, now)
    if cache_dir:
        with report.stage("save cache"):
            cache.save(cache_dir, state, report.reread + report.restamped)
    report.pages, report.files = len(snapshot.specs), len(pages)
    report.removed = sorted((previous or set()) - set(pages))
    report.seconds = time.perf_counter() - started
    if timings:
        report.stages["finish"] = report.seconds - sum(report.stages.values())
        counts = {"hash pages": report.hashed, "render": len(report.rendered)}
        for name, seconds in report.stages.items():
            pages = f" ({counts[name]} pages)" if name in counts else ""
            reporter.info(f"  {name:<12} {seconds:7.3f} s{pages}")
    reporter.info(
        f"built {len(snapshot.site.articles)} articles into {report.pages} pages "
        f"({len(report.rendered)} rendered, {report.files} files) in {report.seconds:.2f} s"
    )
    return report


def refuse_unsafe_output(output: Path, site_dir: Path, config: Config) -> None:
    """A build replaces its output folder whole: refuse one that holds, or is inside, the
    site's own files, and one holding files no sitegen build wrote."""
    inputs = {
        "the site": site_dir,
        "the sources": site_dir / config.content_dir,
        "the templates": site_dir / "templates",
        "the static files": site_dir / config.static_dir,
    }
    for what, folder in inputs.items():
        folder = folder.resolve()
        if folder.is_relative_to(output) or (folder != site_dir and output.is_relative_to(folder)):
            where = "is" if folder == output else "holds"
            where = where if folder.is_relative_to(output) else "is inside"
            raise SitegenError(
                f"the output folder {output} {where} {what} ({folder}), which a build would "
                f"replace or read back; build into another folder (the default is "
                f"{site_dir / 'output'})"
            )
    if output.is_dir() and not (output / cache.MARKER).is_file() and any(output.iterdir()):
        raise SitegenError(
            f"the output folder {output} holds files that no sitegen build wrote (it has no "
            f"{cache.MARKER}), which a build would delete; build into a new or empty folder, "
            "or remove that one first"
        )


def nothing_read(config: Config, sources: int, skipped: list[str], media: int) -> str:
    """Why a build whose content folder holds files read no article from them."""
    if sources:
        return (
            f"no article in {config.content_dir}/: its {sources} source file(s) held none "
            "(see the warnings above)"
        )
    counts = [f"{media} media (copied)"] if media else []
    counts += [skip_counts(skipped)] if skipped else []
    return (
        f"no article in {config.content_dir}/: none of its {len(skipped) + media} files is "
        f"an article ({', '.join(counts)}); sitegen reads Markdown (.md), captured news "
        "(.txt), saved pages (.html) and feeds (.xml)"
    )


def next_change(records: list[Record], now: datetime) -> datetime | None:
    """The first moment after ``now`` at which the clock alone changes the site: a
    future-dated article comes out, a recent one leaves the news sitemap, or one expires."""
    moments = [
        moment
        for r in records
        if r.date or r.expires
        for moment in (r.date, r.date and r.date + NEWS_WINDOW, r.expires)
        if moment and moment > now
    ]
    return min(moments, default=None)


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
) -> dict[str, str]:
    """Render the pages whose inputs changed; distinct errors are collected, not repeated.

    ``only``: the numbers of the only pages whose context may differ from the last build's
    (None: any). Returns the input hash of every page, by output path.
    """
    specs, views, paths = snapshot.specs, snapshot.views, snapshot.paths
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
    fused = {
        number
        for number, spec in enumerate(specs)
        if not inputs.previous or spec.template in changed
    }
    hashes: dict[str, str] = {}
    todo: list[int] = []
    with report.stage("hash pages"):
        unsure = [number for number in range(len(specs)) if number not in fused]
        if only is not None:  # the other pages show nothing that changed: their hash stands
            for number in unsure:
                if number not in only and paths[number] in inputs.previous:
                    hashes[paths[number]] = inputs.previous[paths[number]]
            unsure = [n for n in unsure if paths[n] not in hashes]
        report.hashed = len(unsure) + len(fused)
        for number, found in zip(unsure, parallel.run(page_input, unsure), strict=True):
            hashes[paths[number]] = found
        for number, (spec, path) in enumerate(zip(specs, paths, strict=True)):
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
    return {path: hashes[path] for path in paths}


@dataclass
class SearchIndex:
    """What a build does with the search index: keep the last one's files (``kept``), or
    write new ones, made beforehand (``files``) or being made (``indexing``). Each file's
    input hash is the digest of the documents it was made from."""

    digest: str
    kept: dict[str, str] | None = None
    files: dict[str, bytes] | None = None
    indexing: search.Indexing | None = None

    def write(self, out: OutputTree) -> dict[str, str]:
        if self.kept is not None:
            for path in self.kept:
                out.keep(path, "the search index")
            return self.kept
        files = self.files if self.files is not None else self.indexing.files()
        for path, data in files.items():
            out.write(path, data, "the search index")
        return dict.fromkeys(files, self.digest)

    def cancel(self) -> None:
        if self.indexing is not None:
            self.indexing.cancel()


def plan_search(
    snapshot: Snapshot,
    config: Config,
    inputs: Inputs,
    report: BuildReport,
    now: bool = True,
    prepared: tuple[str, dict[str, bytes]] | None = None,
) -> SearchIndex:
    """The index remade when the articles' search documents changed, and kept otherwise,
    or when not ``now`` (then ``report.search_stale`` says it may be behind). ``prepared``:
    (digest, files) of an index made beforehand from this very site."""
    previous = {p: h for p, h in inputs.previous.items() if p.startswith(search.FOLDER + "/")}
    if previous and not now:  # not even its documents: they cost a second at 10,000
        report.search_stale = True
        return SearchIndex("", kept=previous)
    if prepared is not None:  # the caller made sure no build came between
        return SearchIndex(prepared[0], files=prepared[1])
    docs, language, wanted = search_documents(snapshot, config)
    if not docs:  # no article, no index (Pagefind refuses to make an empty one)
        return SearchIndex(wanted, files={})
    if previous and set(previous.values()) == {wanted}:
        return SearchIndex(wanted, kept=previous)
    return SearchIndex(wanted, indexing=search.Indexing(docs, language))


def search_documents(snapshot: Snapshot, config: Config) -> tuple[list, str, str]:
    """The search documents of a built site, the index's language, and their digest."""
    views = snapshot.views
    docs = search.documents(
        (views.story(key) for key in snapshot.site.articles), config.base_path, config.date_format
    )
    language = config.language.split("-")[0].lower() or "en"
    return docs, language, search.digest(docs, language)


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


def copy_assets(assets: dict[str, Path], out: OutputTree, inputs: Inputs) -> dict[str, str]:
    """Copy the assets that changed; keep the others."""
    hashes = {}
    for relative, path in assets.items():
        hashes[relative] = content_digest(path)  # by content: the same on every checkout
        if inputs.previous.get(relative) == hashes[relative]:
            out.keep(relative, str(path))
        else:
            out.copy(relative, path)
    return hashes

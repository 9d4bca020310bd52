"""The pipeline on one screen: config → discover → read → assemble → plan → render → write."""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import cache, parallel, search
from .config import Config, load_config
from .errors import SitegenError
from .hashing import canonical_bytes, digest, file_stamp, template_closures
from .media import BodyLinks, place_media
from .merge import merge_captures
from .model import Record
from .pages import WHOLE, Inputs, Shard, copy_assets, find_assets, mark_output, render_all
from .plan import NEWS_WINDOW, plan_pages
from .render import Renderer, template_dirs
from .report import BuildReport, Reporter
from .reuse import Snapshot, edited_keys, minutes_of, related_coverage, reuse_site
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
    now: datetime | None = None,
    shard: Shard = WHOLE,
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
    ``now``: the time the build publishes at (future articles, the news sitemap).
    ``shard``: the part of the output files to write (``--shard K/N``); all by default.
    """
    run = Run.start(site_dir, output, overrides, reporter, state, cache_dir, now, shard)
    run.find_inputs(touched)
    if run.unchanged() and not (keep_site and run.state.last is None):
        return run.nothing_to_do()
    records = run.read_sources()
    records = run.merge_and_relate(records)
    snapshot, only = run.make_site(records)
    pages = run.publish(snapshot, only, search_now, search_index)
    run.remember(snapshot, pages, records)
    return run.summary(snapshot, pages, timings)


class Run:
    """One build's working set, from its settings to its report; each method a stage."""

    def __init__(self, site_dir: Path, output: Path, reporter: Reporter, state: BuildState):
        self.started = time.perf_counter()
        self.site_dir, self.output, self.reporter, self.state = site_dir, output, reporter, state
        self.report = BuildReport()

    @classmethod
    def start(cls, site_dir, output, overrides, reporter, state, cache_dir, now, shard) -> Run:
        """Settings loaded and checked, and the last build's state (from ``cache_dir``)."""
        site_dir = site_dir.resolve()
        output = (output or site_dir / "output").resolve()
        run = cls(site_dir, output, reporter or Reporter(), state or BuildState())
        run.cache_dir, run.now, run.shard = cache_dir, now or datetime.now(UTC), shard
        report = run.report
        if state is None and cache_dir:
            with report.stage("load cache"):
                run.state = cache.load(cache_dir, output)
        with report.stage("config"):
            run.config = load_config(site_dir, overrides)
            refuse_unsafe_output(output, site_dir, run.config)
        # the part written is a setting too: a build of another part starts over
        part = [str(shard).encode()] if shard != WHOLE else []
        run.config_hash = digest(canonical_bytes(run.config.pages_settings), *part)
        state = run.state
        # the files the last build left here: only those changed are then written
        run.known_output = bool(state.pages) and state.output == output and output.is_dir()
        run.previous = set(state.pages) if run.known_output else None
        if (run.config_hash, output) != (state.config_hash, state.output):
            state.start_over(run.config_hash, output)  # the settings changed
        return run

    def find_inputs(self, touched: Collection[Path] | None) -> None:
        """The sources (and which to read), media, templates and assets."""
        state, report, config, site_dir = self.state, self.report, self.config, self.site_dir
        last_scan, state.scanned = state.scanned, None  # kept again if this build succeeds
        with report.stage("discover"):
            scanned = None
            if touched is not None and last_scan is not None:
                scanned = rescan(last_scan, state.sources, touched)
            if scanned is None:
                scanned = scan(site_dir, discover(self.content, report), state.sources)
                scanned.skipped, scanned.media = list(report.skipped), list(report.media)
            report.skipped, report.media = list(scanned.skipped), scanned.media
            report.restamped = scanned.restamped
            self.scanned = scanned
            # the last build's templates, compiled, while none of them changed
            renderer = state.renderer
            if renderer is None or renderer.dirs != template_dirs(site_dir):
                renderer = Renderer(site_dir, config)
            self.templates = template_closures(renderer.env)
            if renderer is state.renderer and self.templates != state.templates:
                renderer = Renderer(site_dir, config)  # no stale compiled template or fragment
            renderer.env.fragments = {}  # type: ignore[attr-defined]
            self.renderer = renderer
            self.assets = find_assets(site_dir, config)
            # an image's size is on the pages showing it: a media file changed rehashes them
            stamps = [(str(p), file_stamp(p)) for p in report.media]
            self.media_basis = digest(canonical_bytes(stamps))

    @property
    def content(self) -> Path:
        return self.site_dir / self.config.content_dir

    def signature(self) -> str:
        """A digest of everything the pages are made from."""
        return digest(
            self.config_hash.encode(),
            canonical_bytes(sorted(self.templates.items())),
            canonical_bytes(list(zip(self.scanned.names, self.scanned.contents, strict=True))),
            canonical_bytes([(r, str(p), file_stamp(p)) for r, p in self.assets.items()]),
            self.media_basis.encode(),
        )

    @property
    def current(self) -> bool:
        """Whether the clock alone changed nothing since the last build."""
        return self.state.next_change is None or self.now < self.state.next_change

    def unchanged(self) -> bool:
        """Whether everything the pages are made from is unchanged and the output is as we
        left it: then there is nothing to do, until the clock publishes an article or moves
        one out of the news sitemap's window."""
        state = self.state
        if self.previous is None or self.scanned.stale or not self.current:
            return False  # a source to read is a change: no need to look further
        return self.signature() == state.signature and not state.search_stale

    def nothing_to_do(self) -> BuildReport:
        report = self.report
        report.pages, report.files = self.state.page_count, len(self.state.pages)
        report.seconds = time.perf_counter() - self.started
        self.reporter.info(f"nothing changed since the last build ({report.seconds:.2f} s)")
        self.state.scanned = self.scanned
        return report

    def read_sources(self) -> list[Record]:
        """The records of every source, reading those that changed; the templates checked."""
        state, report, config = self.state, self.report, self.config
        # the sources and the pages of the state agree (again once this build succeeds)
        self.settled, state.settled = state.settled, False
        self.replaced: dict[str, SourceEntry | None] = {}
        sources = self.scanned.paths
        with report.stage("read"):
            records = read_all(
                self.site_dir,
                sources,
                config,
                report,
                self.reporter,
                state.sources,
                self.scanned,
                self.replaced,
            )
        if not records and (sources or report.skipped or report.media):
            raise SitegenError(
                nothing_read(config, len(sources), report.skipped, len(report.media))
            )
        parallel.settle()  # the records live as long as the build
        with report.stage("templates"):
            if self.renderer is not state.renderer:
                self.renderer.check_templates()
        return records

    def merge_and_relate(self, records: list[Record]) -> list[Record]:
        """Captures of one article merged; related coverage and derived topics found."""
        state, report, config = self.state, self.report, self.config
        features = self.features = state.features()
        with report.stage("merge"):  # the same article in several captures becomes one record
            shingles_of = lambda r: features[r.key].shingles  # noqa: E731
            records, self.merged = merge_captures(records, shingles_of, config.zone)
            for record in records if self.merged else ():
                if record.key in self.merged:  # its text may be another capture's
                    features[record.key] = Features.of(record)
        self.read = records
        with report.stage("related"):
            self.related, self.related_basis = ({}, "")
            if config.related_coverage:
                answer = (state.related, state.related_basis)
                self.related, self.related_basis = related_coverage(
                    records, features, state.last, answer
                )
        with report.stage("topics"):
            if config.derive_topics:
                records = derive_topics(
                    records,
                    per_record=config.topics_per_article,
                    mentions_of=lambda r: features[r.key].mentions,
                )
        return records

    def make_site(self, records: list[Record]) -> tuple[Snapshot, set[int] | None]:
        """The site and its pages, and the numbers of the only pages that can have
        changed (None: any). An edit that leaves the site's shape alone reuses the last
        build's site and pages."""
        state, report, config = self.state, self.report, self.config
        self.basis = (self.config_hash, tuple(self.assets), self.media_basis)
        reused = None
        if self.known_output and self.current:
            reused = reuse_site(
                state.last, self.basis, self.read, self.features, records, self.related
            )
        self.reused = reused is not None
        if reused is not None:
            snapshot, only = reused
        else:
            with report.stage("assemble"):
                site = assemble(records, config, self.now, related=self.related)
            with report.stage("plan"):
                snapshot = self.plan(site, records)
            only = self.pages_to_check(snapshot)
        parallel.settle()  # and so do the site and its views
        for warning in snapshot.site.warnings:
            self.reporter.warn(str(warning))
        return snapshot, only

    def plan(self, site, records: list[Record]) -> Snapshot:
        """Every page of ``site`` and the views they are rendered from. Your own static
        robots.txt or .nojekyll replaces the generated one."""
        config, assets = self.config, self.assets
        specs = [
            spec
            for spec in plan_pages(site, config, self.now)
            if not (spec.kind in ("robots", "nojekyll") and spec.output_path in assets)
        ]
        placed = place_media(
            self.report.media, self.scanned.paths, self.content, self.site_dir, site
        )
        links = BodyLinks(site, self.site_dir, config.content_dir, placed)
        views = Views(site, config, links, minutes_of(self.features))
        return Snapshot(
            self.basis, self.read, self.features, records, self.related, site, specs, views
        )

    def pages_to_check(self, snapshot: Snapshot) -> set[int] | None:
        """No site to reuse, but maybe the edit kept its shape: then only the pages that
        show an edited article are hashed, not every page."""
        state = self.state
        if not (self.known_output and state.pages and self.current and self.settled):
            return None
        if self.media_basis != state.media_basis or self.related_basis != state.related_basis:
            return None
        captures = {key for keys in self.merged.values() for key in keys}
        keys = edited_keys(self.replaced, state.sources, captures)
        return None if keys is None else snapshot.pages_showing(keys)

    def publish(self, snapshot: Snapshot, only, search_now: bool, search_index) -> dict[str, str]:
        """Render the pages that changed, make the search index, copy the assets, and swap
        the new site in; the input hash of every output file, by path."""
        state, report, config = self.state, self.report, self.config
        # the last build's page hashes count only while its output is there to keep
        known = self.known_output
        inputs = Inputs(
            self.config_hash,
            self.templates,
            state.pages if known else {},
            state.templates if known else {},
        )
        indexing = None  # Pagefind works in its own process while the pages render
        if config.search and self.shard.owns(search.FOLDER):  # the index is made whole
            with report.stage("search"):
                indexing = plan_search(snapshot, config, inputs, report, search_now, search_index)
        try:
            with staged_output(self.output, self.previous) as out:
                pages = render_all(
                    snapshot, self.renderer, out, self.reporter, inputs, report, only, self.shard
                )
                if indexing is not None:
                    with report.stage("search"):
                        pages |= indexing.write(out)
                with report.stage("assets"):
                    files = snapshot.views.body_links.files | self.assets
                    pages |= copy_assets(files, out, inputs, self.shard)
                    mark_output(out, self.output, pages, known, config.base_url)
                publishing = time.perf_counter()  # the held pages are written as the block ends
        finally:
            if indexing is not None:
                indexing.cancel()
        report.stages["publish"] = time.perf_counter() - publishing
        return pages

    def remember(self, snapshot: Snapshot, pages: dict[str, str], records: list[Record]) -> None:
        """What the next build needs of this one, in memory and in the cache."""
        state, report = self.state, self.report
        state.pages, state.signature, state.page_count = (
            pages,
            self.signature(),
            len(snapshot.specs),
        )
        state.search_stale = report.search_stale  # then remade by the next build
        state.templates, state.last, state.renderer = self.templates, snapshot, self.renderer
        state.scanned, state.settled, state.media_basis = self.scanned, True, self.media_basis
        state.related, state.related_basis = self.related, self.related_basis
        if not self.reused:  # the same dates as last time: the same next change
            state.next_change = next_change(records, self.now)
        if self.cache_dir:
            with report.stage("save cache"):
                cache.save(self.cache_dir, state, report.reread + report.restamped)

    def summary(self, snapshot: Snapshot, pages: dict[str, str], timings: bool) -> BuildReport:
        report, reporter = self.report, self.reporter
        report.pages, report.files = len(snapshot.specs), len(pages)
        report.removed = sorted((self.previous or set()) - set(pages))
        report.seconds = time.perf_counter() - self.started
        if timings:
            report.stages["finish"] = report.seconds - sum(report.stages.values())
            counts = {"hash pages": report.hashed, "render": len(report.rendered)}
            for name, seconds in report.stages.items():
                rendered = f" ({counts[name]} pages)" if name in counts else ""
                reporter.info(f"  {name:<12} {seconds:7.3f} s{rendered}")
        part = f"part {self.shard}: " if self.shard != WHOLE else ""
        reporter.info(
            f"built {len(snapshot.site.articles)} articles into {report.pages} pages "
            f"({part}{len(report.rendered)} rendered, {report.files} files) "
            f"in {report.seconds:.2f} s"
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

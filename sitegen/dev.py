"""``sitegen serve`` and ``sitegen watch``: build, then rebuild incrementally on every change."""

from __future__ import annotations

import errno
import gc
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import cache, search
from .build import build, search_documents
from .config import load_config, require_site
from .errors import SitegenError, unexpected
from .render import theme_dir
from .report import BuildReport, Reporter
from .serve import Broadcaster, make_server
from .state import BuildState
from .watch import Watcher

SAVE_AFTER = 1.0  # seconds of quiet before the cache is saved
SEARCH_AFTER = 1.0  # seconds of quiet before a stale search index is remade


class DevLoop:
    """Keeps a BuildState between builds and tells browsers what each build changed.

    The cache is saved once edits pause, not after every rebuild: on a big site saving
    costs about as much as rebuilding after an edit. A loop stopped before it saved leaves
    a cache whose pages no longer match the output; the next build then ignores them.
    """

    def __init__(
        self,
        site: Path,
        output: Path,
        overrides: dict,
        reporter: Reporter,
        cache_dir: Path | None = None,
    ):
        self.site, self.output, self.overrides = site, output, overrides
        self.reporter = reporter
        self.cache_dir = cache_dir
        self.state = cache.load(cache_dir, output.resolve()) if cache_dir else BuildState()
        self.broadcaster = Broadcaster()
        self.lock = threading.Lock()
        self.builds = 0
        self.unsaved: set[str] | None = None  # sources to save, when a build is unsaved
        self.saver: threading.Timer | None = None
        self.indexer: threading.Timer | None = None

    def rebuild(self, touched: set[Path] | None = None) -> BuildReport | None:
        """Build; on error keep the last good site, show the problems, and wait for a fix.

        ``touched``: the files the watcher saw change (None: look at every input)."""

        with self.lock:
            started = time.perf_counter()
            try:
                report = build(
                    self.site,
                    self.output,
                    self.overrides,
                    self.quiet(),
                    self.state,
                    touched=touched,
                    search_now=self.builds == 0,  # after that, once the browsers reloaded
                )
            except SitegenError as err:
                return self.failed([str(p) for p in err.problems])
            except OSError as err:  # a full device, a size limit: pages may be half written
                self.state.pages = {}  # so the next build writes the whole site afresh
                return self.failed([unexpected(err)])
            self.builds += 1
            self.unsaved = (self.unsaved or set()) | set(report.reread + report.restamped)
            self.save_soon()
            changed = report.rendered + report.removed
            took = (time.perf_counter() - started) * 1000
            self.reporter.info(
                f"rebuilt {len(report.rendered)} of {report.pages} pages, "
                f"removed {len(report.removed)}, in {took:.0f} ms"
            )
            self.broadcaster.send("built", {})
            if changed:
                self.broadcaster.send("reload", {"paths": [self.url_path(p) for p in changed]})
            self.ready_for_edits()
            if report.search_stale:
                self.index_soon()
            return report

    def failed(self, problems: list[str]) -> None:
        """Say what failed, in the terminal and over the open pages."""
        for problem in problems:
            self.reporter.error(problem)
        self.broadcaster.send("failed", {"problems": problems})

    def index_soon(self) -> None:
        """Remake the search index once edits pause: an edit's page reload never waits
        for it (at 10,000 articles it takes seconds)."""
        if self.indexer is not None:
            self.indexer.cancel()
        self.indexer = threading.Timer(SEARCH_AFTER, self.index, (self.builds,))
        self.indexer.daemon = True
        self.indexer.start()

    def index(self, ticket: int) -> None:
        """Make the index without holding the lock (an edit meanwhile is built at once,
        and its own timer makes the index again), then publish it with a build."""
        with self.lock:
            if ticket != self.builds or self.state.last is None:
                return
            try:
                config = load_config(self.site, self.overrides)
            except SitegenError:
                return
            snapshot, pages = self.state.last, self.state.pages
        started = time.perf_counter()
        docs, language, wanted = search_documents(snapshot, config)
        if {h for p, h in pages.items() if p.startswith(search.FOLDER + "/")} == {wanted}:
            with self.lock:  # the articles' text did not change: the index stands
                if ticket == self.builds:
                    self.state.search_stale = False
            return
        try:
            files = search.make_index(docs, language)
        except SitegenError as err:
            self.reporter.error(str(err))
            return
        with self.lock:
            if ticket != self.builds:
                return
            quiet = Reporter(self.reporter.stream, quiet=True)
            try:
                report = build(
                    self.site,
                    self.output,
                    self.overrides,
                    quiet,
                    self.state,
                    search_index=(wanted, files),
                )
            except SitegenError:
                return  # the next rebuild reports it
            self.unsaved = (self.unsaved or set()) | set(report.reread + report.restamped)
            self.save_soon()
            made = time.perf_counter() - started
            self.reporter.info(f"search index updated in {made:.2f} s (while edits went on)")
            self.ready_for_edits()

    def ready_for_edits(self) -> None:
        """Which pages show which article, worked out now that the browsers have their
        reload, not at the next edit: after a new page list, 50 ms at 10,000 articles."""
        if self.state.last is not None:
            self.state.last.pages_showing([])
        # What the build left (the site kept for the next one, at 10,000 articles millions
        # of objects) is not garbage: the collector's full passes, which took a quarter of
        # a second at the next edit, skip it from now on.
        gc.freeze()

    def prime(self) -> None:
        """Make the site in memory if the first build found nothing to do (it stopped
        early, the cache being current), so that the first edit can reuse it. Run in the
        background once the server is up; it renders nothing, and says nothing."""
        with self.lock:
            if self.state.last is not None or self.builds == 0:
                return
            quiet = Reporter(self.reporter.stream, quiet=True)
            try:
                build(self.site, self.output, self.overrides, quiet, self.state, keep_site=True)
            except SitegenError:
                return  # the next rebuild reports it
            self.ready_for_edits()

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Rebuild on every change while the block runs, with the site made in memory for
        the first edit in the background; save the cache when it ends."""
        watcher = Watcher(self.inputs, self.site, self.rebuild)
        watcher.start()
        threading.Thread(target=self.prime, name="sitegen-prime", daemon=True).start()
        try:
            yield
        finally:
            watcher.stop()
            self.save(retry=False)

    def save_soon(self) -> None:
        if self.cache_dir is None:
            return
        if self.saver is not None:
            self.saver.cancel()
        self.saver = threading.Timer(SAVE_AFTER, self.save)
        self.saver.daemon = True
        self.saver.start()

    def save(self, retry: bool = True) -> None:
        """Save what the builds since the last save changed (also when the loop stops);
        a save that failed (another process had the cache locked) is tried again later."""
        with self.lock:
            if self.cache_dir is None or self.unsaved is None:
                return
            if cache.save(self.cache_dir, self.state, sorted(self.unsaved)):
                self.unsaved = None
            elif retry:
                self.save_soon()

    def quiet(self) -> Reporter:
        """The first build reports like `sitegen build`; rebuilds only say what they did."""
        return self.reporter if self.builds == 0 else Reporter(self.reporter.stream, quiet=True)

    def url_path(self, output_path: str) -> str:
        base = load_config(self.site, self.overrides).base_path
        if output_path == "index.html" or output_path.endswith("/index.html"):
            return base + output_path.removesuffix("index.html")
        return base + output_path

    def inputs(self) -> list[Path]:
        """Folders whose changes matter: content, templates, static files, the theme."""
        try:
            config = load_config(self.site, self.overrides)
        except SitegenError:
            config = None
        content = config.content_dir if config else "content"
        static = config.static_dir if config else "static"
        roots = [self.site / content, self.site / "templates", self.site / static]
        theme = theme_dir()
        if "site-packages" not in theme.parts:  # a checkout: theme edits are development
            roots.append(theme)
        return roots


def _stop_on_sigterm() -> None:
    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def watch(
    site: Path,
    output: Path | None,
    overrides: dict,
    reporter: Reporter,
    cache_dir: Path | None = None,
) -> None:
    """Build, then rebuild on every change until interrupted."""
    require_site(site)  # with nothing there, waiting for a fix would wait forever
    loop = DevLoop(site, output or site / "output", overrides, reporter, cache_dir)
    loop.rebuild()
    _stop_on_sigterm()
    try:
        with loop.watching():
            reporter.info(f"watching {site.resolve()} (Ctrl-C stops)")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass


def serve(
    site: Path,
    output: Path | None,
    overrides: dict,
    host: str,
    port: int,
    reporter: Reporter,
    cache_dir: Path | None = None,
) -> None:
    """Build, serve the output with live reload, and rebuild on every change."""
    require_site(site)  # with nothing there, waiting for a fix would wait forever
    loop = DevLoop(site, output or site / "output", overrides, reporter, cache_dir)
    base_path = load_config(site, overrides).base_path
    try:  # the port first: a busy one is known before a long first build
        server = make_server(loop.output, base_path, host, port, loop.broadcaster)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise SitegenError(
                f"port {port} on {host} is in use: choose another with --port N, "
                "or --port 0 for any free one"
            ) from None
        raise SitegenError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
    loop.rebuild()
    loop.output.mkdir(parents=True, exist_ok=True)
    _stop_on_sigterm()
    try:
        with loop.watching():
            address = f"http://{host}:{server.server_port}{base_path}"
            reporter.info(f"serving {site.resolve()} at {address} (Ctrl-C stops)")
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        loop.broadcaster.close()
        server.server_close()
        reporter.info("stopped")
        sys.stderr.flush()

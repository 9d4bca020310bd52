"""Watching a site's inputs: one rebuild per burst of saves, editors' temp files ignored."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .config import CONFIG_FILE

# Files editors write beside the real one while saving: never a reason to rebuild.
_NOISE_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".bak", ".orig")


def is_noise(path: str) -> bool:
    name = Path(path).name
    return (
        name.startswith((".", "#"))  # hidden, vim/emacs swap and lock files, .#name, #name#
        or name.endswith(_NOISE_SUFFIXES)
        or name == "4913"  # vim's probe for a writable folder
        or name.startswith("_")
        and name != "_defaults.toml"
        and not name.startswith("_index.")  # a section's own page
        and not name.endswith(".html")
    )


class Watcher(FileSystemEventHandler):
    """Calls ``rebuild`` once the inputs have been quiet for ``delay`` seconds after a change,
    with the files that changed (None when a folder did: anything may have)."""

    def __init__(
        self,
        roots: Callable[[], list[Path]],
        site: Path,
        rebuild: Callable[[set[Path] | None], object],
        delay: float = 0.1,
    ):
        self.roots = roots  # the input folders to watch; asked again after every rebuild
        self.site = site.resolve()
        self.rebuild = rebuild
        self.delay = delay
        self.observer = Observer()
        self.watched: set[Path] = set()
        self.changed = threading.Event()
        self.touched: set[Path] | None = set()  # files changed since the last rebuild began;
        # None: something else changed too (a folder), so every input must be looked at
        self.touched_lock = threading.Lock()
        self.last_change = 0.0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True)

    def start(self) -> None:
        self.observer.schedule(self, str(self.site), recursive=False)  # sitegen.toml, new folders
        self._watch_inputs()
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.changed.set()
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)
        if self.thread.is_alive():
            self.thread.join(timeout=30)

    def _watch_inputs(self) -> None:
        for root in self.roots():
            root = root.resolve()
            if root.is_dir() and root not in self.watched:
                self.observer.schedule(self, str(root), recursive=True)
                self.watched.add(root)

    def relevant(self, event: FileSystemEvent) -> list[Path]:
        """The paths of ``event`` that may change the site (none: ignore the event)."""
        if event.event_type in ("opened", "closed_no_write") or (
            event.is_directory and event.event_type == "modified"
        ):
            return []
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        inputs = {root.resolve() for root in self.roots()}
        found = []
        for raw in paths:
            path = Path(os.fsdecode(raw)).resolve()
            if path.parent == self.site:  # at the root: the settings, or a new input folder
                if path.name == CONFIG_FILE or (event.is_directory and path in inputs):
                    found.append(path)
            elif not is_noise(str(path)):
                found.append(path)
        return found

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = self.relevant(event)
        if paths:
            with self.touched_lock:  # an editor's temp file is no source: leave it out
                if event.is_directory or self.touched is None:
                    self.touched = None
                else:
                    self.touched.update(paths)
            self.last_change = time.monotonic()
            self.changed.set()

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.changed.wait()
            if self.stopping.is_set():
                return
            while (
                time.monotonic() - self.last_change < self.delay
            ):  # debounce: one save, many events
                time.sleep(self.delay / 4)
            self.changed.clear()
            with self.touched_lock:
                touched, self.touched = self.touched, set()
            self.rebuild(touched)
            self._watch_inputs()

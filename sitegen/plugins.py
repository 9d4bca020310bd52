"""Readers and page kinds from other packages, found through their entry points.

A package adds a reader for a file type, and a page kind, by declaring them in its
``pyproject.toml`` (``examples/sitegen-updates/`` is one, tested in the suite)::

    [project.entry-points."sitegen.readers"]
    ".org" = "sitegen_org:read"        # read(text, source, options) -> ReadResult

    [project.entry-points."sitegen.pages"]
    updates = "sitegen_updates:pages"  # pages(site, config) -> list[PageSpec]

A page kind's templates are looked up in a ``templates/`` folder beside its module,
after the site's and the theme's. Installed plugins are part of the cache's key: adding,
removing or upgrading one reads and renders everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from .errors import SitegenError


@dataclass(frozen=True)
class Plugin:
    group: str
    name: str  # a file suffix (".org") for readers, a page kind for pages
    value: Callable
    origin: str  # "distribution version", for messages and the cache key

    @property
    def folder(self) -> Path | None:
        module = import_module(self.value.__module__)
        return Path(module.__file__).parent if getattr(module, "__file__", None) else None


def _load(group: str) -> tuple[Plugin, ...]:
    found = []
    for point in sorted(entry_points(group=group), key=lambda p: (p.name, p.value)):
        found.append(Plugin(group, point.name, _resolve(point), _origin(point)))
    return tuple(found)


def _resolve(point: EntryPoint) -> Callable:
    try:
        value = point.load()
    except Exception as err:  # a plugin's own bug: say whose, never a traceback
        raise SitegenError(
            f"plugin {point.name!r} ({point.value}, from {_origin(point)}) could not be "
            f"loaded: {type(err).__name__}: {err}; upgrade or uninstall it"
        ) from None
    if not callable(value):
        raise SitegenError(f"plugin {point.name!r} ({point.value}) is not a function")
    return value


def _origin(point: EntryPoint) -> str:
    dist = point.dist
    return f"{dist.name} {dist.version}" if dist is not None else point.value


@cache
def readers() -> dict[str, Plugin]:
    """File suffix (lower case, with its dot) -> the plugin that reads it."""
    return {"." + p.name.lower().lstrip("."): p for p in _load("sitegen.readers")}


@cache
def page_kinds() -> tuple[Plugin, ...]:
    return _load("sitegen.pages")


def template_dirs() -> list[Path]:
    """The ``templates/`` folders of the page kinds' modules."""
    folders = (plugin.folder for plugin in page_kinds())
    return [
        folder / "templates" for folder in folders if folder and (folder / "templates").is_dir()
    ]


def fingerprint() -> str:
    """Which plugins are installed, in which versions."""
    plugins = [*readers().values(), *page_kinds()]
    return " ".join(sorted(f"{p.group}:{p.name}={p.origin}" for p in plugins))

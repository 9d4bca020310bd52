"""Plugins: readers and page kinds from other installed packages, through entry points.

The example plugin in examples/plugin is installed with pip into a folder that the
sitegen processes under test see on their path, as an installed package would be."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_site

pytestmark = pytest.mark.slow  # pip installs the example plugin

ROOT = Path(__file__).resolve().parents[1]

ORG = """#+TITLE: Harbour night shift
#+DATE: <2024-03-01 Fri 10:00>
#+AUTHOR: Ana Silva, Bo Li
#+FILETAGS: :port:night:

The night shift at the harbour
loads three ships.

Second paragraph.
"""


@pytest.fixture(scope="module")
def example_plugin(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("plugin")
    source = tmp_path_factory.mktemp("source") / "plugin"  # pip builds in the tree: not ours
    shutil.copytree(ROOT / "examples/plugin", source)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
        + [str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def sitegen(site: Path, *args: str, path: Path | None = None):
    env = dict(os.environ, PYTHONPATH=str(path) if path else "")
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args, "--site", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def fake_plugin(folder: Path, name: str, entry_points: str, module: str) -> Path:
    """An installed distribution as importlib.metadata finds one: a dist-info folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.py").write_text(module)
    info = folder / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entry_points)
    return folder


@pytest.fixture
def site(tmp_path) -> Path:
    return write_site(
        tmp_path / "site",
        {
            "content/night.org": ORG,
            "content/storm.md": "---\ntitle: Storm\ndate: 2024-01-01\nupdated: 2024-01-05\n---\nB.\n",
            "content/calm.md": "---\ntitle: Calm\ndate: 2024-01-02\nupdated: 2024-01-03\n---\nB.\n",
            "content/plain.md": "---\ntitle: Plain\ndate: 2024-01-04\n---\nB.\n",
        },
    )


def test_the_example_plugin_reads_org_files_and_adds_the_updates_page(site, example_plugin):
    result = sitegen(site, "build", path=example_plugin)
    assert result.returncode == 0, result.stderr
    output = site / "output"
    night = (output / "2024/03/01/harbour-night-shift/index.html").read_text()
    assert "Ana Silva" in night and "Bo Li" in night and 'datetime="2024-03-01T10:00:00' in night
    assert "The night shift at the harbour loads three ships." in night
    assert (output / "tags/night/index.html").is_file()
    updates = (output / "updates/index.html").read_text()
    assert "<title>Updated stories" in updates
    assert updates.index(">Storm<") < updates.index(">Calm<")  # latest update first
    assert ">Plain<" not in updates and ">Harbour night shift<" not in updates
    assert "/updates/</loc>" in (output / "sitemap.xml").read_text()


def test_installing_a_plugin_reads_again_what_the_cache_holds(site, example_plugin):
    without = sitegen(site, "build")
    assert without.returncode == 0, without.stderr
    assert "1 .org (no reader)" in without.stderr
    assert not (site / "output/updates").exists()
    again = sitegen(site, "build", path=example_plugin)
    assert again.returncode == 0, again.stderr
    assert (site / "output/updates/index.html").is_file()
    assert (site / "output/2024/03/01/harbour-night-shift/index.html").is_file()
    assert sitegen(site, "build").returncode == 0  # and uninstalling it takes its pages away
    assert not (site / "output/updates").exists()


def test_a_plugin_that_cannot_load_is_a_message_naming_it(site, tmp_path):
    broken = fake_plugin(
        tmp_path / "broken",
        "broken_reader",
        "[sitegen.readers]\n.org = broken_reader:read\n",
        "import not_installed_anywhere\n",
    )
    result = sitegen(site, "build", path=broken)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        "error: plugin '.org' (broken_reader:read, from broken_reader 0.1) could not be loaded"
        in (result.stderr)
    )
    assert "ModuleNotFoundError" in result.stderr


def test_a_failing_plugin_reader_or_page_kind_names_the_plugin_and_the_file(site, tmp_path):
    failing = fake_plugin(
        tmp_path / "failing",
        "failing_plugin",
        "[sitegen.readers]\n.org = failing_plugin:read\n"
        "[sitegen.pages]\nodd = failing_plugin:pages\n",
        "def read(text, source, options):\n    return 1 / 0\n"
        "def pages(site, config):\n    return ['not a page']\n",
    )
    result = sitegen(site, "build", path=failing)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "error: content/night.org: the reader of plugin failing_plugin 0.1 failed: "
        "ZeroDivisionError: division by zero"
    ) in result.stderr
    (site / "content/night.org").unlink()
    result = sitegen(site, "build", path=failing)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: page kind 'odd' of plugin failing_plugin 0.1 gave no PageSpec" in result.stderr

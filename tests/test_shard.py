"""``sitegen build --shard K/N``: N builds, one per part, write between them exactly the
files of one full build, each file once, and a part builds incrementally like a whole."""

import io
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image
from test_cli import sitegen

from sitegen.build import build
from sitegen.pages import Shard
from sitegen.report import Reporter

from conftest import SiteUnderTest, copy_site, read_tree, run_build

MARKER = ".sitegen-build"  # names the pages of the part that wrote it: one per output


@pytest.fixture
def site(tmp_path):
    root = copy_site("basic", tmp_path)
    Image.new("RGB", (40, 30), "teal").save(root / "content/news/chart.png")
    (root / "static").mkdir()
    (root / "static/favicon.ico").write_bytes(b"\0\0\1\0")
    return root


def files(output):
    return {path: data for path, data in read_tree(output).items() if path != MARKER}


def build_part(site, output, shard, cache=None):
    return build(site, output, None, Reporter(io.StringIO()), None, cache, shard=shard)


@pytest.mark.parametrize("count", [2, 3, 7])
def test_the_parts_of_a_site_are_the_whole_site_each_file_once(site, tmp_path, count):
    run_build(site, tmp_path / "whole")
    whole = files(tmp_path / "whole")
    assert any(p.startswith("pagefind/") for p in whole) and "news/chart.png" in whole
    parts = []
    for number in range(1, count + 1):
        output = tmp_path / f"part-{number}"
        build_part(site, output, Shard(number, count))
        parts.append(files(output))
    union = {}
    for part in parts:
        assert not union.keys() & part.keys(), "a file written by two parts"
        union |= part
    assert union == whole
    assert sum(1 for part in parts if part) > 1, "the files were not spread at all"
    # the search index is made whole, by one part
    assert sum(1 for part in parts if any(p.startswith("pagefind/") for p in part)) == 1


def test_a_part_built_again_after_an_edit_equals_a_clean_build_of_that_part(site, tmp_path):
    shard, output, cache = Shard(2, 3), tmp_path / "part", site / ".cache"
    build_part(site, output, shard, cache)
    assert build_part(site, output, shard, cache).rendered == []  # nothing changed
    SiteUnderTest(site, output).edit("content/news/one.md", "Two cranes", "Three cranes")
    build_part(site, output, shard, cache)
    build_part(site, tmp_path / "clean", shard)
    assert read_tree(output) == read_tree(tmp_path / "clean")
    # the whole site into the same output and cache: every file, none left out
    build(site, output, None, Reporter(io.StringIO()), None, cache)
    run_build(site, tmp_path / "whole")
    assert read_tree(output) == read_tree(tmp_path / "whole")


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"])
def test_a_shard_that_is_not_k_of_n_is_one_clear_error(text, tmp_path):
    with pytest.raises(ValueError, match="K/N"):
        Shard.parse(text)
    result = sitegen("build", "--site", str(tmp_path), "--shard", text)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--shard" in result.stderr and "K/N" in result.stderr


def test_the_command_says_which_part_it_built(site, tmp_path):
    result = sitegen("build", "--site", str(site), "--no-cache", "--shard", "1/2")
    assert result.returncode == 0, result.stderr
    assert "(part 1/2: " in result.stderr


def test_the_sharded_workflow_builds_every_part_of_its_matrix():
    workflow = Path(__file__).parents[1] / "examples/workflows/pages-sharded.yml"
    loaded = yaml.safe_load(workflow.read_text())
    jobs, parts = loaded["jobs"], int(loaded["env"]["PARTS"])
    assert jobs["part"]["strategy"]["matrix"]["part"] == list(range(1, parts + 1))
    commands = " ".join(step.get("run", "") for step in jobs["part"]["steps"])
    assert re.search(r'--shard "\$\{\{ matrix.part \}\}/\$PARTS"', commands)
    merged = [s for s in jobs["join"]["steps"] if "download-artifact" in s.get("uses", "")]
    assert merged and merged[0]["with"]["merge-multiple"] is True

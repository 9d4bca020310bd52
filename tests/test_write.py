import time

import pytest

from sitegen.errors import SitegenError
from sitegen.write import OutputTree, staged_output


@pytest.mark.parametrize("bad", ["../x.html", "a/../../x", "/etc/passwd", "a\\..\\b", ""])
def test_refuses_paths_outside_the_output(tmp_path, bad):
    with pytest.raises(SitegenError, match="refusing to write outside"):
        OutputTree(tmp_path).write(bad, b"x")


def test_refuses_a_symlink_that_leads_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(SitegenError, match="refusing to write outside"):
        OutputTree(tmp_path / "out").write("link/x.html", b"x")


def test_refuses_writing_one_path_twice(tmp_path):
    tree = OutputTree(tmp_path)
    tree.write("a/index.html", b"1", "article page /a/")
    with pytest.raises(SitegenError) as caught:
        tree.write("a/index.html", b"2", "tag page /a/")
    assert str(caught.value) == "two outputs for 'a/index.html': article page /a/ and tag page /a/"
    assert (tmp_path / "a/index.html").read_bytes() == b"1"


def test_staged_output_swaps_in_only_on_success(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as tree:
        tree.write("old.html", b"old")
    with pytest.raises(RuntimeError), staged_output(output) as tree:
        tree.write("new.html", b"new")
        raise RuntimeError("build failed")
    assert sorted(p.name for p in output.iterdir()) == ["old.html"]
    with staged_output(output) as tree:
        tree.write("new.html", b"new")
    assert sorted(p.name for p in output.iterdir()) == ["new.html"]
    assert not list(tmp_path.glob(".output.staging-*"))  # no staging left behind
    assert wait_for(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["output"])


def test_old_output_left_by_an_interrupted_deletion_is_swept_up(tmp_path):
    output = tmp_path / "output"
    leftover = tmp_path / ".output.old-1-2" / "a"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_bytes(b"old")
    with staged_output(output) as tree:
        tree.write("index.html", b"new")
    assert (output / "index.html").read_bytes() == b"new"
    assert wait_for(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["output"])


def test_an_incremental_build_moves_its_pages_in_and_leaves_nothing_behind(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as tree:
        tree.write("a/index.html", b"a1")
        tree.write("b/index.html", b"b1")
    with staged_output(output, previous={"a/index.html", "b/index.html"}) as tree:
        tree.keep("a/index.html")
        tree.write("b/index.html", b"b2")
        tree.write("c/d/index.html", b"c1")
    found = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
    assert found == {"a/index.html": b"a1", "b/index.html": b"b2", "c/d/index.html": b"c1"}
    assert wait_for(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["output"])


def wait_for(condition, seconds: float = 10.0) -> bool:
    """The old output is deleted by a background process: give it time."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True

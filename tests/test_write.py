import random
import time

import pytest

from sitegen.errors import SitegenError
from sitegen.write import OutputTree, staged_output


@pytest.mark.parametrize("bad", ["../x.html", "a/../../x", "/etc/passwd", "a\\..\\b", ""])
def test_refuses_paths_outside_the_output(tmp_path, bad):
    with pytest.raises(SitegenError, match="refusing to write outside"):
        OutputTree(tmp_path).write(bad, b"x")


def test_refuses_exactly_the_paths_with_an_empty_dot_or_dotdot_part(tmp_path):
    """Every short path over a few telling characters: refused exactly when one of its
    '/'-separated parts is empty, '.' or '..', or it holds a backslash or a NUL."""
    tree = OutputTree(tmp_path, fresh=True)
    rng = random.Random(7)
    for _ in range(20000):
        path = "".join(rng.choice("ab./\\\0") for _ in range(rng.randint(0, 7)))
        parts = path.split("/")
        escapes = "\\" in path or "\0" in path or any(p in ("", ".", "..") for p in parts)
        try:
            tree.claim(path, "test")
        except SitegenError:
            assert escapes, repr(path)
        else:
            assert not escapes, repr(path)


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


def two_builds(output, second, previous=("a/index.html", "b/index.html")):
    with staged_output(output) as tree:
        tree.write("a/index.html", b"a1")
        tree.write("b/index.html", b"b1 is longer")
    with staged_output(output, previous=set(previous)) as tree:
        second(tree)


def test_an_incremental_build_writes_changed_pages_over_the_old_files(tmp_path):
    output = tmp_path / "output"
    inodes = {}

    def second(tree):
        inodes.update({p: (output / p).stat().st_ino for p in ("a/index.html", "b/index.html")})
        tree.write("a/index.html", b"a2 is longer")
        tree.write("b/index.html", b"b2")
        tree.write("c/index.html", b"c2")

    two_builds(output, second)
    assert (output / "a/index.html").read_bytes() == b"a2 is longer"
    assert (output / "b/index.html").read_bytes() == b"b2"  # the old tail cut off
    assert (output / "c/index.html").read_bytes() == b"c2"
    assert {p: (output / p).stat().st_ino for p in inodes} == inodes  # in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # nothing was staged


def test_a_file_with_another_name_is_replaced_not_written_through(tmp_path):
    output = tmp_path / "output"
    snapshot = tmp_path / "snapshot.html"

    def second(tree):
        snapshot.hardlink_to(output / "b/index.html")
        tree.keep("a/index.html")
        tree.write("b/index.html", b"b2")

    two_builds(output, second)
    assert (output / "b/index.html").read_bytes() == b"b2"
    assert snapshot.read_bytes() == b"b1 is longer"


def test_a_symlink_in_the_output_is_not_written_through(tmp_path):
    output, outside = tmp_path / "output", tmp_path / "outside.html"
    outside.write_bytes(b"secret")

    def second(tree):
        (output / "b/index.html").unlink()
        (output / "b/index.html").symlink_to(outside)
        tree.keep("a/index.html")
        tree.write("b/index.html", b"b2")

    with pytest.raises(SitegenError, match="refusing to write outside"):
        two_builds(output, second)
    assert outside.read_bytes() == b"secret"


def test_a_symlinked_folder_in_the_output_is_not_written_through(tmp_path, monkeypatch):
    monkeypatch.setattr("sitegen.write.HOLD_BYTES", 5)
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    output, outside = tmp_path / "output", tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_bytes(b"secret")

    def second(tree):
        for name in ("a", "b"):  # one page held in memory, one staged
            (output / name / "index.html").unlink()
            (output / name).rmdir()
            (output / name).symlink_to(outside)
        tree.write("a/index.html", b"a2")
        tree.write("b/index.html", b"b2 is past the budget")

    with pytest.raises(SitegenError, match="refusing to write outside"):
        two_builds(output, second)
    assert (outside / "index.html").read_bytes() == b"secret"


def test_pages_past_the_memory_budget_are_staged_and_moved_in(tmp_path, monkeypatch):
    monkeypatch.setattr("sitegen.write.HOLD_BYTES", 5)
    monkeypatch.setenv("SITEGEN_JOBS", "1")  # all five bytes for this process
    output = tmp_path / "output"

    def second(tree):
        tree.write("a/index.html", b"a2")  # held
        tree.write("b/index.html", b"b2 is past the budget")  # staged
        assert set(tree.held) == {"a/index.html"}

    two_builds(output, second)
    found = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
    assert found == {"a/index.html": b"a2", "b/index.html": b"b2 is past the budget"}
    assert wait_for(lambda: sorted(p.name for p in tmp_path.iterdir()) == ["output"])


def test_a_failed_incremental_build_writes_none_of_its_held_pages(tmp_path):
    output = tmp_path / "output"

    def second(tree):
        tree.write("a/index.html", b"a2")
        assert tree.held
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError):
        two_builds(output, second)
    found = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
    assert found == {"a/index.html": b"a1", "b/index.html": b"b1 is longer"}


def test_a_full_build_holds_nothing_not_even_an_empty_file(tmp_path):
    output = tmp_path / "output"
    with staged_output(output) as tree:
        tree.write(".nojekyll", b"")
        assert tree.held == {}
    assert (output / ".nojekyll").read_bytes() == b""

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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging left behind

"""One broken site per error case under tests/sites/invalid-*/, each with the exact message."""

import pytest

from sitegen.cli import main

from conftest import SITES

CASES = sorted(p.name for p in SITES.glob("invalid-*"))


@pytest.mark.parametrize("name", CASES)
def test_broken_site_reports_file_line_and_keeps_the_old_output(name, tmp_path, capsys):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous good site")
    (output / ".sitegen-build").write_text("a previous build\n")  # sitegen's own output
    status = main(
        ["build", "--site", str(SITES / name), "--output", str(output), "-q", "--no-cache"]
    )
    expected = (SITES / name / "expected.txt").read_text(encoding="utf-8")
    assert status == 1
    assert capsys.readouterr().err == expected
    assert sorted(p.name for p in output.iterdir()) == [".sitegen-build", "index.html"]
    assert (output / "index.html").read_text() == "previous good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging left


def test_there_is_a_case_for_each_kind_of_bad_input():
    assert {
        "invalid-yaml",
        "invalid-date",
        "invalid-encoding",
        "invalid-unclosed",
        "invalid-template-syntax",
        "invalid-template-runtime",
        "invalid-setting",
        "invalid-many",
    } <= set(CASES)

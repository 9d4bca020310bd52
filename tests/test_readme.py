from pathlib import Path

from sitegen.config import settings_doc

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    blocks = README.split("```sh\n")[1:3]
    assert "sitegen build" in blocks[0] and "pip install -e ." in blocks[0]
    assert "pytest" in blocks[1] and "pip install -e '.[test]'" in blocks[1]


def test_every_setting_is_in_the_readme_with_its_default():
    for key, default, _doc in settings_doc():
        shown = (
            str(default).lower() if isinstance(default, bool) else repr(default).replace("'", '"')
        )
        assert f"| `{key}` | `{shown}` |" in README, key


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    command = README.split("```sh\n")[2].split("\n")[0]
    assert command in ci

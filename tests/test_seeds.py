"""`sitegen records` on the five real captures equals ../shared/seeds/expected.jsonl."""

import json
import shutil

import pytest

from sitegen.cli import main
from sitegen.records import EXPECTED_FIELDS

from conftest import SEEDS, needs_seeds

FIELDS = (*(f for f in EXPECTED_FIELDS if f != "title"), "role")  # title: where given

pytestmark = needs_seeds


def expected_records():
    with open(SEEDS / "expected.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    """Run `sitegen records` over a site holding the seeds, as a user would."""
    site = tmp_path_factory.mktemp("seeds")
    (site / "content").mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, site / "content" / seed.name)
    (site / "sitegen.toml").write_text('timezone = "Asia/Shanghai"\n')
    return site


def test_every_seed_record_is_found_in_order_with_its_fields(produced, capsys):
    assert main(["records", "--site", str(produced)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = expected_records()
    got = {(r["source"].removeprefix("content/"), r["index"]): r for r in rows}
    problems = []
    for want in expected:
        have = got.get((want["file"], want["index"]))
        if have is None:
            problems.append(f"{want['file']}#{want['index']}: missing")
            continue
        for field in FIELDS + (("title",) if want["title"] is not None else ()):
            if have[field] != want.get(field):
                problems.append(
                    f"{want['file']}#{want['index']} {field}: {have[field]!r} != {want.get(field)!r}"
                )
    assert len(rows) == len(expected), f"{len(rows)} records, expected {len(expected)}"
    assert problems == [], "\n".join(problems[:40])


def test_untitled_records_get_a_derived_headline(produced, capsys):
    assert main(["records", "--site", str(produced)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    untitled = [r for r in rows if r["title"] is None and r["kind"] != "profile"]
    assert untitled, "the brief wire has no titles"
    for row in untitled:
        assert row["headline"] and len(row["headline"]) <= 101
        assert "title" in row["derived"]

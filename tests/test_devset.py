"""tests/devset/expected.jsonl matches its captures, so labels cannot drift from their files;
and the reader keeps the score bench/records_accuracy.py gives it on them.
"""

import json
import re
import sys
from pathlib import Path

import pytest

from sitegen.records import EXPECTED_FIELDS

DEVSET = Path(__file__).resolve().parent / "devset"
FIELDS = {"file", "index", *EXPECTED_FIELDS}
KINDS = {"article", "listing", "teaser", "brief", "profile"}
DATE = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d)?$")


def fold(text: str) -> str:
    return " ".join(text.split())


def rows():
    with open(DEVSET / "expected.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def texts():
    return {p.name: fold(p.read_text(encoding="utf-8")) for p in DEVSET.glob("*.txt")}


def test_every_listed_file_exists_and_every_capture_is_listed():
    listed = {row["file"] for row in rows()}
    on_disk = {p.name for p in DEVSET.glob("*.txt")}
    assert sorted(listed - on_disk) == [], "labelled but missing"
    assert sorted(on_disk - listed) == [], "captures without labels"


def test_indexes_run_from_zero_in_order_per_file():
    seen: dict[str, int] = {}
    order: list[str] = []
    for row in rows():
        name = row["file"]
        if name not in seen:
            assert name not in order, f"{name} labelled in two runs"
            order.append(name)
        assert row["index"] == seen.get(name, 0), f"{name}: index {row['index']}"
        seen[name] = row["index"] + 1
    assert order == sorted(order), "files out of order"


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['file'][:3]}#{r['index']}")
def test_row_has_its_fields_and_they_are_in_the_text(row):
    assert row.keys() >= FIELDS, f"missing {FIELDS - row.keys()}"
    assert row["kind"] in KINDS
    assert ("role" in row) == (row["kind"] == "profile")
    assert isinstance(row["authors"], list) and isinstance(row["sections"], list)
    assert isinstance(row["paragraphs"], int) and row["paragraphs"] >= 0
    for field in ("date", "updated"):
        assert row[field] is None or DATE.match(row[field]), f"{field} {row[field]!r}"
    text = TEXTS[row["file"]]
    for field in ("title", "summary", "first_words", "publisher", "role"):
        value = row.get(field)
        if value:
            assert fold(value) in text, f"{field} not in {row['file']}: {value[:80]!r}"
    for value in row["authors"] + row["sections"]:
        assert fold(value) in text, f"{value!r} not in {row['file']}"
    assert len(row["first_words"].split()) <= 8


TEXTS = texts()


def test_the_reader_keeps_its_dev_set_score(capsys):
    """A guard against regressions, not a target: the figures of the day the item finder
    landed (records found 97.3%, fields 95.1%), less a margin for honest trade-offs."""
    sys.path.insert(0, str(DEVSET.parents[1] / "bench"))
    from records_accuracy import score_folder

    expected, found, _, right, compared = score_folder(DEVSET, verbose=False)
    capsys.readouterr()
    assert found / expected >= 0.95, f"{found}/{expected} records found"
    assert right / compared >= 0.93, f"{right}/{compared} fields right"

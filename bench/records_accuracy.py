#!/usr/bin/env python3
"""How well the captured-news reader finds the hand-labelled records of real captures.

    .venv/bin/python bench/records_accuracy.py [DIR ...] [--verbose]

Each DIR (default: tests/devset and, when present, ../shared/seeds) holds captures and an
``expected.jsonl`` labelling their records in file order. Every listed file is read the
way ``sitegen records`` reads it (``read_source`` + ``describe``), in the timezone of the
folder's ``settings.toml`` (``timezone = "..."``), else of TIMEZONES below, else UTC; a
``_defaults.toml`` or front matter in the folder still wins, as in a build. Produced
records are aligned to expected ones per file, in order, on their title (when both have
one) or first words. Prints, per folder and per file: records expected, found (matched),
extra (produced, unmatched), and field accuracy over matched records. ``--verbose`` also
prints every wrong field and every missing or extra record. Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import ReadOptions  # noqa: E402
from sitegen.readers import read_source  # noqa: E402
from sitegen.records import EXPECTED_FIELDS, describe  # noqa: E402

FIELDS = EXPECTED_FIELDS
TIMEZONES = {"seeds": "Asia/Shanghai"}  # folder name -> timezone, as tests/test_seeds.py


def fold(value):
    """Whitespace folded, recursively: the form in which fields are compared."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [fold(v) for v in value]
    return value


def align(want: list[dict], got: list[dict]) -> list[tuple[int, int]]:
    """Order-preserving pairs (i, j): LCS of records that match on title or first words."""

    def same(a: dict, b: dict) -> bool:
        if a.get("title") and b.get("title") and fold(a["title"]) == fold(b["title"]):
            return True
        words = fold(a.get("first_words") or "")
        return bool(words) and words == fold(b.get("first_words") or "")

    n, m = len(want), len(got)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same(want[i], got[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if same(want[i], got[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def timezone_for(folder: Path) -> str:
    settings = folder / "settings.toml"
    if settings.is_file():
        zone = tomllib.loads(settings.read_text(encoding="utf-8")).get("timezone")
        if zone:
            return zone
    return TIMEZONES.get(folder.name, "UTC")


def produce(path: Path, zone: str) -> list[dict]:
    result = read_source(path, path.name, ReadOptions(timezone=zone))
    return [describe(record) for record in result.records]


def compare(want: dict, got: dict) -> list[str]:
    """Names of compared fields; a '!' prefix marks a wrong one."""
    names = [f for f in FIELDS if f != "title" or want.get("title") is not None]
    if want.get("kind") == "profile":
        names.append("role")
    return [("" if fold(got.get(f)) == fold(want.get(f)) else "!") + f for f in names]


def score_folder(folder: Path, verbose: bool) -> tuple[int, int, int, int, int]:
    expected: dict[str, list[dict]] = defaultdict(list)
    with open(folder / "expected.jsonl", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                expected[row["file"]].append(row)
    zone = timezone_for(folder)
    print(f"== {folder} (timezone {zone})")
    print(f"  {'file':44} {'expected':>8} {'found':>6} {'extra':>6} {'fields':>15}")
    totals = [0, 0, 0, 0, 0]  # expected, found, extra, right, compared
    for name, want in expected.items():
        try:
            got = produce(folder / name, zone)
        except Exception as err:  # a failing reader counts as finding nothing
            print(f"  {name}: reader failed: {type(err).__name__}: {err}")
            got = []
        pairs = align(want, got)
        right = compared = 0
        for i, j in pairs:
            for field in compare(want[i], got[j]):
                compared += 1
                if field.startswith("!"):
                    field = field[1:]
                    if verbose:
                        print(
                            f"    {name}#{want[i]['index']} {field}: "
                            f"got {got[j].get(field)!r} want {want[i].get(field)!r}"
                        )
                else:
                    right += 1
        if verbose:
            matched_want = {i for i, _ in pairs}
            matched_got = {j for _, j in pairs}
            for i, row in enumerate(want):
                if i not in matched_want:
                    print(f"    {name}#{row['index']} missing: {label(row)}")
            for j, row in enumerate(got):
                if j not in matched_got:
                    print(f"    {name} extra #{row.get('index')}: {label(row)}")
        extra = len(got) - len(pairs)
        share = f"{right}/{compared}" + (f" {right / compared:5.1%}" if compared else "")
        print(f"  {name[:44]:44} {len(want):8} {len(pairs):6} {extra:6} {share:>15}")
        for k, v in enumerate((len(want), len(pairs), extra, right, compared)):
            totals[k] += v
    exp, found, extra, right, compared = totals
    rate = f"{right / compared:.1%}" if compared else "-"
    print(
        f"  total: {exp} expected, {found} found ({found / max(exp, 1):.1%}), {extra} extra, "
        f"fields {right}/{compared} right ({rate})"
    )
    return exp, found, extra, right, compared


def label(row: dict) -> str:
    text = row.get("title") or row.get("headline") or row.get("first_words") or ""
    return f"{row.get('kind')} {text[:70]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    dirs = args.dirs or [ROOT / "tests" / "devset"] + [
        d for d in [ROOT.parent / "shared" / "seeds"] if d.is_dir()
    ]
    grand = [0, 0, 0, 0, 0]
    for folder in dirs:
        if not (folder / "expected.jsonl").is_file():
            print(f"== {folder}: no expected.jsonl, skipped")
            continue
        for k, v in enumerate(score_folder(folder, args.verbose)):
            grand[k] += v
    if len(dirs) > 1:
        exp, found, extra, right, compared = grand
        print(
            f"== all: {exp} expected, {found} found, {extra} extra, "
            f"fields {right}/{compared} right ({right / max(compared, 1):.1%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Page fingerprints: equal inputs give equal digests, in any process; any change shows."""

import dataclasses
import os
import subprocess
import sys
from datetime import timedelta, timezone

from markupsafe import Markup

from sitegen.hashing import Fingerprints
from sitegen.views import Card, Link, Story

from conftest import WHEN, card


def of(value):
    return Fingerprints().of(value)


def test_equal_values_built_apart_have_one_digest():
    context = {"articles": [card(), card(title="Other")], "page": 2, "title": "Latest"}
    again = {"articles": [card(), card(title="Other")], "page": 2, "title": "Latest"}
    prints = Fingerprints()
    assert prints.of(context) == prints.of(again) == of(again)
    shared = card()  # the same card twice on a page: its memoized digest both times
    assert of({"a": [shared, shared]}) == of({"a": [card(), card()]})


def test_every_field_of_a_card_counts():
    base = of({"articles": [card()]})
    other_values = {
        "key": "news/b.md#0",
        "url": "x/",
        "title": "Harbour reopens!",
        "title_derived": True,
        "kind": "brief",
        "date": WHEN + timedelta(seconds=1),
        "updated": WHEN,
        "date_only": True,
        "summary": None,
        "summary_derived": True,
        "publisher": "Wire",
        "authors": (),
        "sections": (Link("Local", "sections/local/", derived=True),),
        "tags": (Link("port", "tags/ports/", derived=True),),
        "minutes": 7,
    }
    assert set(other_values) == {f.name for f in dataclasses.fields(Card)}
    for name, value in other_values.items():
        assert of({"articles": [card(**{name: value})]}) != base, name


def test_values_that_render_differently_digest_differently():
    pairs = [
        ("<b>", Markup("<b>")),  # escaped against trusted
        (["a"], ("a",)),
        ([1], [True]),
        ([0], [False]),
        ([1], [1.0]),
        (None, "None"),
        ("t" + WHEN.isoformat(), WHEN),
        (WHEN, WHEN.astimezone(timezone(timedelta(hours=2)))),  # same moment, shown apart
        ({"a": 1}, {"a": "1"}),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # a template may loop over a dict in order
        (b"x", "x"),
        (Story(card(), "<p>a</p>", (), "a.md"), Story(card(), "<p>b</p>", (), "a.md")),
    ]
    for left, right in pairs:
        assert of({"v": left}) != of({"v": right}), (left, right)


def test_a_set_digests_alike_in_every_process():
    code = (
        "from sitegen.hashing import Fingerprints;"
        "print(Fingerprints().of({'v': {'alpha', 'beta', 'gamma', 'delta', 'epsilon'}}))"
    )
    found = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(4)
    }
    assert len(found) == 1

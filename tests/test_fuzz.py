"""Arbitrary text never crashes a reader: it gives records or a located SitegenError."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions, ReadResult
from sitegen.readers import READERS

# Text with the characters that matter to readers: fences, bylines, brackets, dates, markup.
PIECES = st.sampled_from(
    [
        "---",
        "+++",
        "\n",
        "\r\n",
        "title: ",
        "date: ",
        "By ",
        "By By ",
        " | ",
        "[…]",
        "…",
        "<",
        ">",
        "</p>",
        "<item>",
        "<entry>",
        "{",
        "}",
        '"',
        ":",
        "2024/2/24 13:22:42",
        "July 01, 2025",
        "Last Updated At:",
        "08-27 00:27",
        "#",
        "*",
        "\x00",
        "\ufeff",
        "陈青青",
        " and ",
        ", ",
        "Posted by ",
        "Source: ",
        "Read more",
        "3 hours ago",
        "captured: 2025-03-02 18:00",
        "Mon, 20 Nov 2017 21:45:46 -0500",
        " at 11:25 am",
        " AND ",
        "• ",
        "Also:",
        "JANE DOE",
        "Jane Doe, Staff Writer",
        "<h1>",
        "<li><a href=x>",
        "<time datetime=2024-03-12>",
        "05.19.15",
        "05.06.15",
        "aprile 25, 2016",
        "25 de abril de 2016 um 10:00",
        "Filed under: ",
        "<article><h2><a href=x>",
        '<a rel="author">',
        '<div class="byline">',
        '<a href="#comments">',
        '<a rel="category tag">',
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


@pytest.mark.parametrize("suffix", sorted(set(READERS)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_readers_never_crash(suffix, text):
    try:
        result = READERS[suffix](text, f"fuzz{suffix}", ReadOptions())
    except SitegenError as err:
        assert all(p.path == f"fuzz{suffix}" for p in err.problems)
        return
    assert isinstance(result, ReadResult)
    for record in result.records:
        assert record.source == f"fuzz{suffix}" and record.line >= 1

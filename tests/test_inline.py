"""SkippingInlineExtension must give exactly what Python-Markdown's inline pass gives."""

import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.readers.inline import SkippingInlineProcessor, needed_chars
from sitegen.readers.markdown import _markdown
from sitegen.readers.smart import FastSmartyExtension

from test_smart import (
    CHARACTERS,
    PIECEWISE,
    TRICKY,
    corpus_bodies,
    fuzz,
    markdown_body,
    outputs,
    project_sources,
)


def without_skipping() -> markdown.Markdown:
    """The production converter as it would be with Python-Markdown's own inline pass."""
    toc = {"slugify": _markdown().treeprocessors["toc"].slugify}
    return markdown.Markdown(
        extensions=["extra", FastSmartyExtension(), "toc", "sane_lists"],
        extension_configs={"toc": toc},
        output_format="html",
    )


PLAIN = without_skipping()


def assert_same(text: str) -> None:
    fast, plain = outputs(_markdown(), text), outputs(PLAIN, text)
    assert fast[0] == plain[0], text
    assert fast == plain, text


def test_production_converter_skips():
    assert isinstance(_markdown().treeprocessors["inline"], SkippingInlineProcessor)
    assert not isinstance(PLAIN.treeprocessors["inline"], SkippingInlineProcessor)


@pytest.mark.parametrize(
    ("regex", "needed"),
    [
        (r"\[", "["),
        (r"(?<!\!)\[", "["),
        (r"\*|_", "*_"),
        (r"  \n", "\n"),  # the rarer of two required characters
        (r"(&(?:\#[0-9]+|[a-z]+);)", "&"),
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", "\\`"),
        (r"[ab]x*", "ab"),
        (r"a?b", "b"),
        (r"(?:x|y+)z?", "xy"),
        (r"\w+", None),
        (r"a*", None),
        (r"[^a]", None),
        (r"(?:x|\d)", None),  # one branch needs no particular character
        (r"(?i)a", None),
        (r"(a)\1", "a"),
    ],
)
def test_needed_chars(regex, needed):
    found = needed_chars(re.compile(regex))
    assert (None if found is None else "".join(sorted(found))) == (
        None if needed is None else "".join(sorted(needed))
    )


REGEX_PARTS = st.sampled_from(
    [
        "a",
        "b",
        "\\*",
        "_",
        "[ab]",
        "[a-c]",
        "\\w",
        ".",
        "x?",
        "y*",
        "z+",
        "(?:a|b)",
        "(?:a|\\d)",
        "(?=a)",
        "(?<!b)",
        "^",
        "$",
        "(c)",
        "\\s",
        "[^a]",
        "(?:ab)+",
        "a{2,3}",
        "(?:b|)",
    ]
)


@fuzz(1500)
@given(st.lists(REGEX_PARTS, min_size=1, max_size=6), st.text(alphabet="abcxyz*_ 1\n", max_size=20))
def test_every_match_holds_a_needed_character(parts, text):
    regex = re.compile("".join(parts))
    needed = needed_chars(regex)
    if needed is not None:
        for match in regex.finditer(text):
            assert needed & set(match.group()), (regex.pattern, text, match)


@pytest.mark.parametrize("path", project_sources(), ids=lambda p: p.name)
def test_project_markdown_files(path):
    assert_same(markdown_body(path))


def test_generated_corpus(tmp_path):
    for body in corpus_bodies(tmp_path).values():
        assert_same(body)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_cases(text):
    assert_same(text)


@fuzz(1000)
@given(text=CHARACTERS)
def test_random_characters(text):
    assert_same(text)


@fuzz(1000)
@given(pieces=PIECEWISE)
def test_random_markdown_pieces(pieces):
    assert_same("".join(pieces))

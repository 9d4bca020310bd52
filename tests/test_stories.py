import html
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import ReadOptions, Record, pack_body
from sitegen.readers import read_source
from sitegen.stories import (
    _WORD,
    LEDE_WORDS,
    lede_body_words,
    lede_shingles,
    lede_words,
    related_reports,
)
from sitegen.text import html_to_text

from conftest import SEEDS, needs_seeds

REPORTS = [
    "Acme Rail rejected claims that it could be added to the regulator's watch list, calling "
    "the claim baseless, after media reports said officials had recommended including the firm.",
    "The city opened a new library on Friday with room for 200 readers.",
    "Acme Rail and Bolt Motors rejected claims that they could be added to the regulator's watch "
    "list after media reports said officials had recommended including the companies.",
    "Farmers expect a larger harvest this year after steady spring rains.",
    "Bolt Motors rejected claims that it could be added to the regulator's watch list, saying the "
    "claim has no basis, after media reports said officials had recommended including the firm.",
]


def records(texts, kind="brief"):
    return [
        Record(
            source="wire.txt",
            line=i + 1,
            index=i,
            kind=kind,
            body=pack_body(f"<p>{html.escape(t)}</p>"),
        )
        for i, t in enumerate(texts)
    ]


def test_reports_of_one_story_find_each_other():
    assert related_reports(records(REPORTS)) == {
        "wire.txt#0": ("wire.txt#4", "wire.txt#2"),
        "wire.txt#2": ("wire.txt#4", "wire.txt#0"),  # most similar first
        "wire.txt#4": ("wire.txt#0", "wire.txt#2"),
    }


def test_reports_far_apart_in_time_are_not_one_story():
    dated = [
        replace(r, date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=10 * i))
        for i, r in enumerate(records(REPORTS))
    ]
    assert related_reports(dated) == {}
    close = [replace(r, date=datetime(2024, 1, 1, i, tzinfo=UTC)) for i, r in enumerate(dated)]
    assert set(related_reports(close)) == {"wire.txt#0", "wire.txt#2", "wire.txt#4"}


def test_similarity_is_not_chained_and_lists_are_capped():
    chain = [
        f"alpha beta gamma delta {i} epsilon zeta eta theta {i + 1} iota kappa" for i in range(6)
    ]
    related = related_reports(records(chain), threshold=0.01, limit=1)
    assert all(len(others) == 1 for others in related.values())


def test_unrelated_records_form_no_cluster():
    assert related_reports(records([REPORTS[1], REPORTS[3]])) == {}


def test_boilerplate_shared_by_many_records_does_not_join_them():
    tail = " according to a statement posted on the ministry website on Thursday"
    texts = [f"Story number {n} is about topic {n * 7}{tail}" for n in range(20)]
    assert related_reports(records(texts)) == {}


def test_profiles_are_not_clustered():
    assert related_reports(records(REPORTS, kind="profile")) == {}


# lede_words reads only as many paragraphs as the lede needs; it must give exactly the
# words of the whole body's text.
def whole_lede(record):
    text = " ".join(filter(None, (record.summary, html_to_text(record.body_html))))
    return _WORD.findall(text)[:LEDE_WORDS]


def lede_record(body, summary=None):
    return Record(
        source="a.md", line=1, index=0, kind="article", body=pack_body(body), summary=summary
    )


LONG = " ".join(f"word{i}" for i in range(60))


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<p>short</p>",
        f"<p>{LONG}</p><p>{LONG}</p><p>{LONG}</p>",
        f"<p>{LONG}</p><p>{LONG}</p>" + '<div class="footnote"><p>note words</p></div>',
        f'<p>{LONG}</p><div class="footnote"><p>{LONG}</p><p>{LONG}</p></div>',  # cut inside
        f"<p>short a < b {LONG} {LONG}</p><p>x <em>c</em></p>",  # bare < pairs past the cut
        f"<p>{LONG}</p><p>ca&eacute;f&amp;&lt;x</p><p>{LONG}</p>",
        f"<p>{LONG}<br>x</p><ul><li>{LONG}</li></ul><p>{LONG}</p>",
        f"<P>{LONG}</P><p>{LONG}</p><p>{LONG}</p>",
        f"<p>{LONG}</p>" * 40,
    ],
)
def test_the_lede_is_the_start_of_the_whole_text(body):
    for summary in (None, "", "A summary of five words", LONG + " " + LONG):
        record = lede_record(body, summary)
        assert lede_words(record) == whole_lede(record)


PIECES = [
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    " ",
    "word",
    "x",
    "&amp;",
    "&",
    "<",
    ">",
    "<br>",
    "\n",
    "</li>",
    "<li>",
    '<div class="footnote">',
    "</div>",
    "é",
    "-",
    LONG,
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.sampled_from([None, "", "two words"]))
def test_the_lede_is_the_start_of_the_whole_text_for_any_markup(pieces, summary):
    record = lede_record("".join(pieces), summary)
    assert lede_words(record) == whole_lede(record)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES[:-1]), max_size=40), st.integers(1, 8))
def test_a_lede_cut_after_any_paragraph_keeps_the_words_of_the_whole(pieces, words):
    markup = "".join(pieces)
    start = lede_body_words(markup, words)[:words]
    assert start == _WORD.findall(html_to_text(markup))[:words]


@needs_seeds
def test_the_lede_of_every_seed_record_is_the_start_of_its_whole_text():
    records = []
    for path in sorted(SEEDS.iterdir()):
        if path.is_file() and path.suffix in (".txt", ".md"):
            records += read_source(path, path.name, ReadOptions()).records
    assert len(records) > 300
    for record in records:
        assert lede_words(record) == whole_lede(record)


@needs_seeds
def test_distinct_word_grams_get_distinct_shingles():
    """A shingle stands for its four words in their order: across the seeds' grams (and
    the same words reordered) no two distinct grams share a number."""
    grams = set()
    for path in sorted(SEEDS.iterdir()):
        if path.is_file() and path.suffix in (".txt", ".md"):
            for record in read_source(path, path.name, ReadOptions()).records:
                words = [w.lower() for w in lede_words(record)]
                grams.update(tuple(words[i : i + 4]) for i in range(len(words) - 3))
    grams = sorted(grams)[:4000]
    grams += [gram[::-1] for gram in grams] + [gram[1:] + gram[:1] for gram in grams]
    numbers = {}
    for gram in set(grams):
        (number,) = lede_shingles(lede_record(f"<p>{' '.join(gram)}</p>"))
        numbers.setdefault(number, gram)
    assert len(numbers) == len(set(grams))

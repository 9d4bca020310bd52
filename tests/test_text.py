"""Headlines derived from untitled text: the first sentence, whatever the source type."""

import pytest

from sitegen.text import derive_headline, reading_minutes


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Roads closed on Christmas Eve. Crews worked all night.", "Roads closed on Christmas Eve"),
        ("Mr. Lee met Dr. Park in St. Paul. They spoke.", "Mr. Lee met Dr. Park in St. Paul"),
        ("The U.S. Senate voted on Friday. The bill passed.", "The U.S. Senate voted on Friday"),
        ("J. R. Okafor scored 30. The team won.", "J. R. Okafor scored 30"),
        (
            "The court ruled on Jan. 5 in Lagos. Appeals follow.",
            "The court ruled on Jan. 5 in Lagos",
        ),
        ("Prices rose 3.5 per cent. Analysts were surprised.", "Prices rose 3.5 per cent"),
        ('"We will not resign." The minister left.', '"We will not resign."'),
        ("Tariffs, e.g. on steel, rise. Talks resume.", "Tariffs, e.g. on steel, rise"),
        ("Is it over? Nobody knows.", "Is it over?"),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_the_first_sentence_is_the_headline(text, headline):
    assert derive_headline(text) == headline


def test_long_sentences_are_cut_at_a_word():
    headline = derive_headline("word " * 40 + "end. Next.", limit=30)
    assert len(headline) <= 30 and headline.endswith("word…")
    assert headline.removesuffix("…").split(" ") == ["word"] * headline.count("word")


def test_reading_time_counts_words_and_unspaced_characters():
    assert reading_minutes("") == 0 and reading_minutes("<p> </p>") == 0
    assert reading_minutes("<p>Short.</p>") == 1
    assert reading_minutes("<p>" + "word " * 690 + "</p>") == 3  # 230 a minute
    assert reading_minutes("<p>" + "北京" * 600 + "</p>") == 3  # 400 characters a minute
    mixed = "<p>" + "word " * 230 + "</p><p>" + "东京" * 200 + "</p>"
    assert reading_minutes(mixed) == 2

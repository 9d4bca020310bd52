import html

from sitegen.model import Record, pack_body
from sitegen.topics import derive_topics, names_in


def records(*texts, tags=()):
    return [
        Record(
            source="c.txt",
            line=i + 1,
            index=i,
            tags=tags,
            body=pack_body(f"<p>{html.escape(t)}</p>"),
        )
        for i, t in enumerate(texts)
    ]


def test_names_are_acronyms_and_capitalised_runs_inside_sentences():
    text = (
        "Officials from the Ministry of Transport met WHO experts in Lagos on Monday. "
        "The U.N. said Acme Rail's plan was sound. Later, Acme Rail agreed."
    )
    assert names_in(text) == [
        "Ministry of Transport",
        "WHO",
        "Lagos",
        "UN",
        "Acme Rail",
        "Acme Rail",
    ]


def test_sentence_initial_and_grammatical_capitals_are_not_names():
    assert names_in("The rain fell. However, it stopped. On Friday it rained again.") == []


def test_recurring_names_become_topics_on_untagged_records_only():
    texts = [
        "Storm hits Port Elm as the NWS warns of floods in Port Elm.",
        "Ferries stop at Port Elm, the NWS says.",
        "The NWS lifts its warning for Port Elm and Dune Bay.",
        "A quiet day in Dune Bay with Kestrel Airways flights on time.",
        "Kestrel Airways adds routes.",
    ]
    result = derive_topics(records(*texts), min_records=3, max_share=1.0)
    assert [r.topics for r in result] == [
        ("Port Elm", "NWS"),
        ("NWS", "Port Elm"),
        ("NWS", "Port Elm"),
        (),
        (),
    ]
    tagged = derive_topics(records(*texts, tags=("weather",)), min_records=3, max_share=1.0)
    assert all(r.topics == () for r in tagged)


def test_names_in_nearly_every_record_are_not_topics():
    texts = [
        f"Gloria City council met on day {i}. Road {i} in Gloria City reopened." for i in range(10)
    ]
    assert all(r.topics == () for r in derive_topics(records(*texts), max_share=0.4))


def test_adjectives_of_place_are_not_topics():
    texts = ["The Ruritanian minister spoke.", "A Ruritanian team won.", "Ruritanian exports rose."]
    assert all(r.topics == () for r in derive_topics(records(*texts), max_share=1.0))


def test_topics_are_deterministic_and_capped():
    texts = ["Alpha Corp, Beta Ltd, Gamma Inc, Delta Co and Epsilon AG met in Zeta Town."] * 5
    first = derive_topics(records(*texts), per_record=3, max_share=1.0)
    assert first == derive_topics(records(*texts), per_record=3, max_share=1.0)
    assert all(len(r.topics) == 3 for r in first)

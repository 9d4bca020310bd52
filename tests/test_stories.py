import html
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sitegen.model import Record
from sitegen.stories import related_reports

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
            source="wire.txt", line=i + 1, index=i, kind=kind, body_html=f"<p>{html.escape(t)}</p>"
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

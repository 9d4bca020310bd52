import html

from sitegen.model import Record
from sitegen.stories import story_clusters

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


def test_reports_of_one_story_are_grouped_in_source_order():
    assert story_clusters(records(REPORTS)) == [("wire.txt#0", "wire.txt#2", "wire.txt#4")]


def test_unrelated_records_form_no_cluster():
    assert story_clusters(records([REPORTS[1], REPORTS[3]])) == []


def test_boilerplate_shared_by_many_records_does_not_join_them():
    tail = " according to a statement posted on the ministry website on Thursday"
    texts = [f"Story number {n} is about topic {n * 7}{tail}" for n in range(20)]
    assert story_clusters(records(texts)) == []


def test_profiles_are_not_clustered():
    assert story_clusters(records(REPORTS, kind="profile")) == []

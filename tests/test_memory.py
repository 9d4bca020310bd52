"""What a build holds per article stays small: bodies packed in records, and the stories
(cards with their bodies) that pages and feeds are rendered from kept only in a bounded
number, never by a page hash."""

import io
import pickle

from sitegen import views as views_module
from sitegen.bodies import Spilled
from sitegen.build import build
from sitegen.hashing import Fingerprints
from sitegen.model import ReadOptions, pack_body
from sitegen.readers.fields import make_record
from sitegen.report import Reporter
from sitegen.sources import held
from sitegen.state import BuildState
from sitegen.views import Story

from conftest import SITES


def built_snapshot(tmp_path):
    state = BuildState()
    build(SITES / "basic", tmp_path / "out", None, Reporter(io.StringIO()), state, None)
    return state.last


def test_a_body_is_kept_packed_and_read_back_whole():
    html = "<p>“Quoted” text, " + "again and again, " * 200 + "</p>"
    packed = pack_body(html)
    assert isinstance(packed, bytes) and len(packed) < len(html.encode()) / 4
    assert pack_body("") == b""


def test_records_of_a_build_keep_their_bodies_in_the_body_file(tmp_path):
    snapshot = built_snapshot(tmp_path)
    article = next(iter(snapshot.site.articles.values()))
    body = article.record.body
    assert isinstance(body, Spilled) and len(body) == len(bytes(body))
    assert article.record.body_html.startswith("<") and article.record.body_html.endswith(">")
    # it stands for its bytes: equal, hashed and pickled as them
    assert body == bytes(body) and bytes(body) == body and hash(body) == hash(bytes(body))
    assert body != bytes(body)[:-1] and body != Spilled(bytes(body) + b"x")
    assert pickle.loads(pickle.dumps(article.record)).body == bytes(body)
    assert type(pickle.loads(pickle.dumps(article.record)).body) is bytes


def test_records_held_have_their_bodies_moved_once_and_share_repeated_names():
    options = ReadOptions()

    def fields(title: str) -> dict:  # names made apart, as two readers make them
        return {"title": title, "authors": ("".join(["Ann", " Lee"]),), "tags": ("Ports",)}

    records = [make_record("a.md", 1, 0, fields("A"), "<p>a</p>", options)]
    records.append(make_record("b.md", 1, 0, fields("B"), "", options))
    assert records[0].authors[0] is not records[1].authors[0]  # as a worker sends them
    spilled = held(records)
    assert isinstance(spilled[0].body, Spilled) and spilled[1].body == b""
    assert spilled[0].body_html == "<p>a</p>" and spilled[1] == records[1]
    assert spilled[0].authors[0] is spilled[1].authors[0]
    assert spilled[0].derived is spilled[1].derived
    assert held(spilled) is spilled


def test_stories_kept_are_bounded_and_remade_alike(tmp_path, monkeypatch):
    snapshot = built_snapshot(tmp_path)
    views, keys = snapshot.views, list(snapshot.site.articles)
    assert len(keys) > 3
    monkeypatch.setattr(views_module, "STORIES", 2)
    views._stories.clear()
    first = [views.story(key) for key in keys]
    assert len(views._stories) == 2 and list(views._stories) == keys[-2:]
    again = views.story(keys[0])  # made again, equal to the first one
    assert again is not first[0] and again == first[0]
    assert views.story(keys[0]) is again  # and kept while it is among the last asked


def test_a_page_hash_does_not_keep_the_stories_it_saw(tmp_path):
    snapshot = built_snapshot(tmp_path)
    prints = Fingerprints()
    key = next(iter(snapshot.site.articles))
    digest = prints.of({"article": snapshot.views.story(key)})
    assert not any(isinstance(value, Story) for value, _ in prints.memo.values())
    assert any(value is snapshot.views.cards[key] for value, _ in prints.memo.values())
    assert Fingerprints().of({"article": snapshot.views.story(key)}) == digest

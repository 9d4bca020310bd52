"""The template environment: ``{% cache %}`` fragments rendered once per key and build."""

import random
from pathlib import Path

from sitegen.config import load_config
from sitegen.render import FragmentCache, Renderer, by_day, by_initial, figures, og_image
from sitegen.views import Link, Story

from conftest import card, write_site


def renderer(tmp_path: Path, template: str) -> Renderer:
    site = write_site(tmp_path / "site", {"templates/t.html": template})
    return Renderer(site, load_config(site))


def render(r: Renderer, **context) -> str:
    return r.env.get_template("t.html").render(context)


def test_a_cached_fragment_is_rendered_once_per_key(tmp_path):
    calls = []
    r = renderer(
        tmp_path,
        '{% for x in items %}{% cache "item", x %}<{{ note(x) }}>{% endcache %}{% endfor %}',
    )
    r.env.globals["note"] = lambda x: calls.append(x) or x
    assert render(r, items=[1, 2, 1, 2, 3]) == "<1><2><1><2><3>"
    assert render(r, items=[3, 1]) == "<3><1>"  # a later page reuses what an earlier one made
    assert calls == [1, 2, 3]


def test_the_fragments_held_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(FragmentCache, "LIMIT", 3)
    calls = []
    r = renderer(
        tmp_path, '{% for x in items %}{% cache "i", x %}{{ note(x) }}{% endcache %}{% endfor %}'
    )
    r.env.globals["note"] = lambda x: calls.append(x) or x
    assert render(r, items=[1, 2, 3, 1, 4, 1, 2]) == "1231412"
    assert calls == [1, 2, 3, 4, 1, 2]  # past three, the cache started again at 4
    assert len(r.env.fragments) == 3


def test_every_part_of_the_key_counts(tmp_path):
    r = renderer(tmp_path, '{% cache "a", x, y %}{{ x }}{{ y }}{% endcache %}')
    assert render(r, x=1, y=2) == "12"
    assert render(r, x=1, y=3) == "13"
    assert render(r, x=2, y=2) == "22"


def test_fragments_are_forgotten_with_their_build(tmp_path):
    """A new build starts with no fragments, so a changed template or card shows at once."""
    template = '{% cache "a", x %}{{ note(x) }}{% endcache %}'
    first = renderer(tmp_path / "one", template)
    first.env.globals["note"] = lambda x: "old"
    assert render(first, x=1) == "old"
    second = renderer(tmp_path / "two", template)
    second.env.globals["note"] = lambda x: "new"
    assert render(second, x=1) == "new"


def test_a_fragment_sees_the_loop_and_macros_around_it(tmp_path):
    r = renderer(
        tmp_path,
        "{% macro b(v) %}[{{ v }}]{% endmacro %}"
        '{% for x in items %}{% cache "c", x %}{{ b(x) }}{% endcache %}{% endfor %}',
    )
    assert render(r, items=["p", "q"]) == "[p][q]"


def test_a_cards_categories_are_what_jinjas_unique_filter_gives(tmp_path):
    r = renderer(
        tmp_path,
        '{{ (c.sections + c.tags) | map(attribute="name") | unique | join("|") }}'
        '={{ c.categories | join("|") }}={{ s.categories | join("|") }}',
    )
    rng = random.Random(6)
    words = ["Port", "port", "PORT", "Harbour", "harbour", "Ölhafen", "ölhafen", "Local", "ß"]
    for _ in range(300):
        links = [Link(rng.choice(words), "x/") for _ in range(rng.randrange(6))]
        cut = rng.randrange(len(links) + 1)
        c = card(sections=tuple(links[:cut]), tags=tuple(links[cut:]))
        jinja, ours, story = render(r, c=c, s=Story(c, "", (), "a.md")).split("=")
        assert ours == story == jinja, links


def test_the_river_groups_cards_by_day_in_order_with_the_undated_last():
    from datetime import datetime, timedelta, timezone

    zone = timezone(timedelta(hours=8))
    late, early = datetime(2024, 3, 2, 23, 0, tzinfo=zone), datetime(2024, 3, 2, 1, 0, tzinfo=zone)
    before = datetime(2024, 2, 28, 9, 0, tzinfo=zone)
    cards = [card(title="a", date=late), card(title="u", date=None), card(title="b", date=early)]
    cards.append(card(title="c", date=before))
    groups = [(day and day.isoformat(), [c.title for c in group]) for day, group in by_day(cards)]
    assert groups == [("2024-03-02", ["a", "b"]), ("2024-02-28", ["c"]), (None, ["u"])]


def test_long_term_lists_group_by_initial_letter():
    terms = [Link(name, "") for name in ("Zoë", "Ana", "éclair", "Ödön", "4chan", "Ann", "李")]
    grouped = {letter: [t.name for t in group] for letter, group in by_initial(terms)}
    assert list(grouped)[0] == "#"
    assert grouped["A"] == ["Ana", "Ann"] and grouped["E"] == ["éclair"]
    assert grouped["O"] == ["Ödön"] and grouped["#"] == ["4chan"] and grouped["李"] == ["李"]


def test_an_image_alone_in_its_paragraph_becomes_a_figure_with_its_caption():
    titled = '<p><img alt="Crane" src="c.jpg" title="The new crane, Monday" /></p>'
    assert figures(titled) == (
        '<figure><img alt="Crane" src="c.jpg" title="The new crane, Monday" />'
        "<figcaption>The new crane, Monday</figcaption></figure>"
    )
    below = '<p><img alt="Crane" src="c.jpg" /></p>\n<p><em>Photo: A. Lee</em></p><p>Text.</p>'
    assert figures(below).startswith(
        '<figure><img alt="Crane" src="c.jpg" /><figcaption>Photo: A. Lee</figcaption></figure>'
    )
    plain = '<p><img alt="Crane" src="c.jpg" /></p><p>Text with <em>stress</em>.</p>'
    assert figures(plain) == plain  # no caption: left as it is
    inline = '<p>See <img alt="x" src="x.png" title="t" /> here.</p>'
    assert figures(inline) == inline


def test_og_image_is_the_first_image_made_absolute():
    base, page = "https://example.org/news/", "2024/03/01/a/"
    assert og_image('<p><img src="/img/a.jpg"><img src="b.jpg"></p>', base, page) == (
        "https://example.org/news/img/a.jpg"
    )
    assert og_image('<img alt="" src="b.jpg">', base, page) == (
        "https://example.org/news/2024/03/01/a/b.jpg"
    )
    assert og_image('<img src="https://cdn.example/c.jpg">', base, page) == (
        "https://cdn.example/c.jpg"
    )
    assert og_image("<p>No picture.</p>", base, page) is None

"""The template environment: ``{% cache %}`` fragments rendered once per key and build."""

import random
from pathlib import Path

from sitegen.config import load_config
from sitegen.render import Renderer
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

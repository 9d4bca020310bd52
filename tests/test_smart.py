"""FastSmartyExtension must give exactly what Python-Markdown's smarty gives, byte for byte."""

import subprocess
import sys
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.util import AtomicString

from sitegen.errors import SitegenError
from sitegen.readers.markdown import _markdown, split_front_matter
from sitegen.readers.smart import PATTERNS, FastSmartyExtension, FastSmartyProcessor

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def reference() -> markdown.Markdown:
    """The real smarty, with the production converter's extensions and toc slugify."""
    toc = {"slugify": _markdown().treeprocessors["toc"].slugify}
    return markdown.Markdown(
        extensions=["extra", "smarty", "toc", "sane_lists"],
        extension_configs={"toc": toc},
        output_format="html",
    )


REAL = reference()


def outputs(md: markdown.Markdown, text: str) -> tuple:
    md.reset()
    html = md.convert(text)
    return html, md.toc, md.toc_tokens, md.htmlStash.rawHtmlBlocks


def assert_same(text: str) -> None:
    fast, real = outputs(_markdown(), text), outputs(REAL, text)
    assert fast[0] == real[0], text  # the HTML first, for a readable diff
    assert fast == real, text


def test_production_converter_uses_the_fast_extension():
    assert isinstance(_markdown().treeprocessors["smarty"], FastSmartyProcessor)


def test_patterns_mirror_smarty_registry():
    md = markdown.Markdown(extensions=["smarty"])
    registry = md.treeprocessors["smarty"].inlinePatterns
    assert [(p.compiled_re.pattern, tuple(p.replace)) for p in registry] == [
        (regex, replace) for regex, replace, *_ in PATTERNS
    ]
    fast = markdown.Markdown(extensions=[FastSmartyExtension()])
    assert fast.ESCAPED_CHARS == md.ESCAPED_CHARS


def project_sources() -> list[Path]:
    return sorted(p for folder in ("content", "tests") for p in (ROOT / folder).rglob("*.md"))


def markdown_body(path: Path) -> str:
    """A source's Markdown: its body, or all of it for the broken fixture sites."""
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        return split_front_matter(text, str(path))[2]
    except SitegenError:
        return text


def corpus_bodies(folder: Path, articles: int = 300) -> dict[str, str]:
    """The bodies of a generated benchmark corpus, by file name."""
    if not MAKE_CORPUS.exists():
        pytest.skip("../shared/bench/make_corpus.py is not there")
    command = [sys.executable, str(MAKE_CORPUS), "--articles", str(articles), "--out", str(folder)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    paths = sorted(folder.glob("*.md"))
    assert len(paths) == articles
    return {path.name: markdown_body(path) for path in paths}


@pytest.mark.parametrize("path", project_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_project_markdown_files(path):
    assert_same(markdown_body(path))


def test_generated_corpus(tmp_path):
    bodies = corpus_bodies(tmp_path)
    different = [
        name for name, body in bodies.items() if outputs(_markdown(), body) != outputs(REAL, body)
    ]
    assert different == []


TRICKY = [
    # quotes at the start of a node, in sets, nested, adjacent
    "'Tis the season.",
    "'. starts with a quote and a full stop",
    '". and a double one',
    '"Hello," she said. "It\'s fine."',
    "He said, \"'Quoted' words in a larger quote.\"",
    "'\"Nested\" words' and \"'nested' words\"",
    "x'\"'\"y and a\"'\"'b and 'a'\"b\"'c'",
    "a''b a\"\"b '' \"\" '''' \"\"\"\" ''a'' \"\"a\"\"",
    "\"'\"'\"'\"' alone",
    '("a") [\'b\'] {"c"} ("d" \'(e)\'',
    # apostrophes, decades, possessives
    "don't won't it's o'clock rock 'n' roll the students' work James' book",
    "the '80s and '90s, '20s, 1980's, '99 and '9s, x'80s",
    "'s 's' x's' 'ss",
    # dashes
    "a--b a---b a----b a-----b -- --- 1--2 x -- y",
    "word--'quoted' word---\"quoted\" -- 'a' --- \"b\" ----'c' ----\"d\"",
    '&mdash;"a" &ndash;\'b\' &nbsp;"c" &#8212;"d" &#8211;\'e\' –"f" —\'g\'',
    '"--" \'--\' "---" \'...\' "..." ...\' ..."',
    # ellipses
    "Wait... .... ..... . . . a...b...c ...---... ...",
    # escapes
    '\\"quoted\\" \\\'single\\\' \\\\"x\\\\" \\-\\- \\.\\.\\. \\*"a"\\*',
    # emphasis, links, images, code spans
    "*\"emph\"* \"*emph*\" _'a'_ **\"bold\"** 'x' *'it's'*",
    '[link "text"](http://x.com "title \'with\' quotes") and ["ref"][r]\n\n[r]: /u "T \'q\'"',
    '![alt "text" \'x\' -- ...](img.png "t \'q\'") !["a"][i]\n\n[i]: /i.png',
    '`code "quotes" -- ...` "`code`" \'`x`\' ``"a"`` <http://example.com/a\'b>',
    "a \"b `c` d\" e 'f *g* h' i",
    # raw HTML, inline and block
    '<a href="x" title="\'q\'">"link"</a> <span class="a">\'x\' -- y</span>',
    '<div class="x">\n"quoted" -- text...\n</div>\n\nafter "it"',
    '<div markdown="1">\n"md" -- text\'s...\n</div>',
    '<!-- "comment" -- --> "after"\n\n<!-- block "comment" -->',
    '<script>var a = "x" -- 1;</script>\n\n<p>"raw p"</p>',
    "a << b >> c <<d>> 'e' <b>\"bold\"</b>",
    # headings and the table of contents
    '# "Quoted" heading\n\n## It\'s -- a \'test\'...\n\n## "Quoted" heading',
    "[TOC]\n\n# 'Tis\n\n## \"A\" {#custom-id}\n\n### Rock 'n' roll -- '80s",
    "Setext \"heading\"\n===\n\n'Another' -- one\n---",
    '# Heading with `code "x"` and *"em"*\n\n# H { data-toc-label="\'Label\' -- x" }',
    "# \"\n\n# '\n\n# --\n\n# ...",
    # attr_list, tables, footnotes, abbreviations, definition lists
    'paragraph "text"\n{: .cls title="a \'b\'" }',
    '| "a" | \'b\' |\n|---|---|\n| -- | ... |\n| it\'s | "c" |',
    "Text \"q\"[^1] and 'r'[^2].\n\n[^1]: Note 'quoted' -- here...\n[^2]: \"Two\"",
    "*[HTML]: Hyper \"Text\" 'Markup'\n\nThe HTML \"spec\" and 'HTML'.",
    '"Term"\n:   \'Definition\' -- here...\n\nIt\'s\n:   "x"',
    # blocks around quotes
    "- \"a\"\n- 'b'\n\n1. --x\n2. ...",
    '> "quote"\n> -- author\'s',
    '```\n"x" -- ...\n```\n\n    "indented" -- code\n\n"after"',
    "\"a\"  \n'b'  \n--",
    "\"a\n\"b\" 'c\n'd'",
    "&quot;x&quot; &#39;y&#39; «a» “curly” \"中文\" 'ça' ‘x’",
    # more than 9,999 placeholders in one document
    "\n\n".join("'a' \"b\" -- c... d's" for _ in range(2200)),
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_cases(text):
    assert_same(text)


ALPHABET = "'\"-.*_`[]()<>!\\&;:|{}=#abstxA089 \n"
WORDS = "' \" -- --- ... 's '80s n't \\' \\\" '\" \"' &nbsp; &mdash; &#8211; – — * _ ` word ( )"
PIECES = st.sampled_from(
    WORDS.split()
    + [" ", "\n", "\n\n", "  \n", ". . .", "<<", ">>", "<span>", "</span>", "<div>\n", "\n</div>\n"]
    + ["<!-- c -->", "# ", "## ", "\n===\n", "- ", "1. ", "> ", "\n    ", "\n```\n", "[TOC]"]
    + ['[a](/u "t")', "![x](/i.png)", "[^1]", "\n\n[^1]: ", "*[AB]: ", "AB", "\n: "]
    + ["\n| a | b |\n|---|---|\n| ", " | ", "{: #x }", "{ .c }"]
)
CHARACTERS = st.text(alphabet=ALPHABET, max_size=80)
SHORT = st.text(alphabet=ALPHABET, max_size=5)
PIECEWISE = st.lists(st.one_of(PIECES, SHORT), max_size=30)


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


@fuzz(1500)
@given(text=CHARACTERS)
def test_random_characters(text):
    assert_same(text)


@fuzz(1000)
@given(pieces=PIECEWISE)
def test_random_markdown_pieces(pieces):
    assert_same("".join(pieces))


# Text as the tree processors see it, with what the parser leaves there: entities it did not
# stash, escaped characters (\x0234\x03 is an escaped '"') and stashed HTML placeholders.
# "\0" separates the texts of the nodes.
NODE_TEXTS = st.lists(
    st.one_of(
        PIECES,
        st.sampled_from(
            ["&nbsp;", "&ndash;", "&#8212;", "\x0234\x03", "\x0239\x03", "\x02wzxhzdk:0\x03"]
        ),
        st.text(alphabet=ALPHABET + "\0", max_size=5),
    ),
    max_size=60,
).map(lambda pieces: ("".join(pieces) + "\0" * 8).split("\0")[:9])


def smarten_tree(md: markdown.Markdown, texts: list[str]) -> tuple:
    """Run md's smarty tree processor alone on a small tree holding ``texts``."""
    root = etree.Element("div")
    p = etree.SubElement(root, "p")
    p.text = texts[0]
    em = etree.SubElement(p, "em")
    em.text, em.tail = texts[1], texts[2]
    code = etree.SubElement(p, "code")
    code.text, code.tail = AtomicString(texts[3]), AtomicString(texts[4])
    quote = etree.SubElement(root, "blockquote")
    quote.text, quote.tail = texts[5], texts[6]
    etree.SubElement(quote, "p").text = texts[7]
    root.text = root.tail = texts[8]  # never visited
    md.reset()
    md.treeprocessors["smarty"].run(root)
    nodes = [(e.text, type(e.text), e.tail, type(e.tail)) for e in root.iter()]
    return nodes, md.htmlStash.rawHtmlBlocks


FAST_ALONE = markdown.Markdown(extensions=[FastSmartyExtension()])
REAL_ALONE = markdown.Markdown(extensions=["smarty"])


@fuzz(1000)
@given(texts=NODE_TEXTS)
def test_random_text_nodes(texts):
    assert smarten_tree(FAST_ALONE, texts) == smarten_tree(REAL_ALONE, texts)

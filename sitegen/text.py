"""Small text helpers shared by readers and pages."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|blockquote|pre|figure|"
    r"figcaption|section|article|header|footer|aside|nav)\b[^>]*>",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# Python-Markdown's one footnote block, or pulldown-cmark's block per footnote
_FOOTNOTES = re.compile(r'<div class="footnote(?:-definition)?"[^>]*>.*?</div>', re.S)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace folded (footnotes left out).

    Block elements separate words; inline ones (``<em>``) do not.
    """
    return _SPACE.sub(" ", unmarked(BLOCK_TAG.sub(" ", _FOOTNOTES.sub("", markup)))).strip()


def unmarked(markup: str) -> str:
    """Markup with its tags dropped and its entities decoded, whitespace left as it is:
    ``html_to_text``'s last step but the folding, for markup whose block tags are spaces."""
    return html.unescape(_TAG.sub("", markup))


def first_paragraph(markup: str) -> str:
    """Text of the first non-empty ``<p>`` of a fragment, or of the whole fragment."""
    for chunk in markup.split("</p>"):
        start = chunk.find("<p")
        if start >= 0:
            text = html_to_text(chunk[start:])
            if text:
                return text
    return html_to_text(markup)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, adding an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


# A sentence ends at . ! ? (or their CJK forms), after any closing quotes, where the next
# sentence starts with a capital or a digit...
_SENTENCE_BREAK = re.compile(r"[.!?。！？]['\"”’)\]]*\s+(?=['\"“‘(\[]?[A-Z0-9])")
# ...unless the full stop closes a title, a month or initials: "Mr.", "Jan.", "J.", "U.S."
_TITLES = frozenset(
    """mr mrs ms dr prof st jr sr gov gen sen rep lt col capt sgt rev hon mt ft no vs
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_INITIALS = re.compile(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]?")


def derive_headline(text: str, limit: int = 100) -> str:
    """A headline for an untitled text: its first sentence, cut at a word boundary to at
    most ``limit`` characters."""
    text = _SPACE.sub(" ", text).strip()
    sentence = text
    for match in _SENTENCE_BREAK.finditer(text):
        word = text[: match.start()].rsplit(" ", 1)[-1].lstrip("(\"'“‘")
        if word.lower() not in _TITLES and not _INITIALS.fullmatch(word):
            sentence = text[: match.end()].rstrip()
            break
    return shorten(sentence.removesuffix("."), limit)


def paragraphs_html(paragraphs) -> str:
    """Plain-text paragraphs as escaped ``<p>`` elements: captured text is never markup."""
    return "\n".join(
        f"<p>{html.escape(' '.join(p.split()), quote=False)}</p>" for p in paragraphs if p.strip()
    )


_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+")
# scripts written without spaces between words: read by the character
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WORDS_PER_MINUTE = 230
CHARACTERS_PER_MINUTE = 400  # Chinese and Japanese readers, by the character


def reading_minutes(markup: str) -> int:
    """Minutes a reader takes over an article's text (at least one when there is any):
    its words at 230 a minute, and characters of unspaced scripts at 400 a minute."""
    text = html_to_text(markup)
    unspaced = len(_UNSPACED.findall(text))
    words = len(_WORD.findall(_UNSPACED.sub(" ", text)))
    if not words and not unspaced:
        return 0
    return max(1, round(words / WORDS_PER_MINUTE + unspaced / CHARACTERS_PER_MINUTE))

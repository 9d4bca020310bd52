"""Small text helpers shared by readers and pages."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_FOOTNOTES = re.compile(r'<div class="footnote">.*?</div>', re.S)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace folded (footnotes left out)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", _FOOTNOTES.sub("", markup)))).strip()


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


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"'”’)]*\s")


def derive_headline(text: str, limit: int = 100) -> str:
    """A headline for an untitled text: its first sentence, cut at a word boundary."""
    text = _SPACE.sub(" ", text).strip()
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start()].rstrip(".") if match else text
    return shorten(sentence, limit)

"""What a page says about itself to search engines and link previews: its description
and, for articles and authors, schema.org JSON-LD."""

from __future__ import annotations

from .config import Config
from .plan import PageSpec
from .text import html_to_text, shorten


def describe(spec: PageSpec, ctx: dict, config: Config) -> tuple[str, dict | None]:
    """A page's description, and its schema.org JSON-LD (articles and authors)."""
    base = config.base_url.rstrip("/") + "/"
    if spec.kind == "article":
        a = ctx["article"]
        description = a.summary or a.title
        data: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title[:110],
            "url": base + a.url,
            "mainEntityOfPage": base + a.url,
            "description": description,
            "author": [{"@type": "Person", "name": p.name, "url": base + p.url} for p in a.authors],
            "publisher": {"@type": "Organization", "name": a.publisher or config.title},
        }
        if a.date:
            data["datePublished"] = a.date.isoformat()
            data["dateModified"] = (a.updated or a.date).isoformat()
        if a.sections:
            data["articleSection"] = [s.name for s in a.sections]
        return description, data
    if spec.kind == "author":
        term = ctx["term"]
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": term.name,
            "url": base + term.url,
        }
        if term.role:
            data["jobTitle"] = term.role
        if term.about_html:
            data["description"] = html_to_text(term.about_html)
        return (f"{term.role}. " if term.role else "") + f"Articles by {term.name}.", data
    if spec.kind in ("tag", "section"):
        term = ctx["term"]
        about = html_to_text(term.about_html)
        return (shorten(about, 200) if about else f"Articles filed under {term.name}."), None
    return config.description or config.title, None

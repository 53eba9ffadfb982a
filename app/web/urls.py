"""The URLs of the archive's things (an article, a passage, an event …), each built through the
route table (routes.path); Archive.url(path) makes one absolute. Templates get these and
routes.path itself as `path`, and write no URL of their own."""

from __future__ import annotations

from app.model import Article, Event, Passage
from app.state.search.request import PARAMS
from app.web import current_archive
from app.web.highlight import Highlight
from app.web.routes import path

SITE_CARD = path("site_card")
BAG_PATH = path("bag")


def article_path(slug: str) -> str:
    return path("article", slug=slug)


def passage_permalink(passage: Passage) -> str:
    return path("passage", slug=passage.slug, key=passage.key)


def article_card_path(slug: str) -> str:
    return path("article_card", slug=slug)


def passage_card_path(passage: Passage, highlight: Highlight | None = None) -> str:
    """The passage's card, or with a highlight the card of the part it marks."""
    return path("passage_card", slug=passage.slug, key=passage.key, hl=highlight.param if highlight else None)


def citation_path(article: Article, passage: Passage | None = None) -> str:
    """The CSL-JSON citation of an article, or of one passage of it."""
    if passage is None:
        return path("article_cite", slug=article.slug)
    return path("passage_cite", slug=passage.slug, key=passage.key)


def passage_marked(passage: Passage, start: int, end: int) -> str:
    """The passage's permalink with characters start..end marked (?hl=)."""
    return path("passage", slug=passage.slug, key=passage.key, hl=f"{start}-{end}")


def passage_embed_path(passage: Passage) -> str:
    """The passage alone, for an <iframe> on another site (the only page that may be framed)."""
    return path("passage_embed", slug=passage.slug, key=passage.key)


def quote_path(quotation: str) -> str:
    return path("quote", q=quotation)


def oembed_path(url: str) -> str:
    return path("oembed", url=url, format="json")


def passage_in_context(passage: Passage) -> str:
    return f"{article_path(passage.slug)}#{passage.anchor}"


def original_path(article: Article) -> str:
    return path("original", slug=article.slug)


def capture_path(article: Article, line: int | None = None) -> str:
    """The capture line by line; with `line`, scrolled to that line (#L<n>)."""
    return path("capture", slug=article.slug) + (f"#L{line}" if line else "")


def static_url(source: str) -> str:
    """A file under static/, by its content-hashed name, so it may be cached for good."""
    return path("static_file", name=current_archive().assets.published_name(source))


def wayback_url(article: Article) -> str:
    """The Wayback Machine's list of its captures of the article's original URL (linked, never fetched)."""
    return f"https://web.archive.org/web/*/{article.url}"


def person_path(slug: str) -> str:
    return path("person", slug=slug)


def event_path(event: Event) -> str:
    return f"{path('timeline')}#{event.anchor}"


def search_path(params: dict[str, str] | None = None) -> str:
    """The search page with these parameters (empty ones left out), in a stable order."""
    return path("search", **(params or {}))


def search_link(request, **changes) -> str:
    """The search `request` (a SearchRequest) with some parameters changed; a change of
    query, filter or order starts again at page 1."""
    params = {**request.params(), **{PARAMS.get(name, name): str(value) for name, value in changes.items()}}
    if changes.get("page", 1) == 1:
        params.pop("page", None)
    if params.get("sort") == "relevance":
        params.pop("sort")
    return search_path(params)


TEMPLATE_HELPERS = {
    "path": path,
    "article_path": article_path,
    "passage_permalink": passage_permalink,
    "passage_in_context": passage_in_context,
    "passage_marked": passage_marked,
    "passage_embed_path": passage_embed_path,
    "quote_path": quote_path,
    "oembed_path": oembed_path,
    "site_card": SITE_CARD,
    "article_card_path": article_card_path,
    "passage_card_path": passage_card_path,
    "citation_path": citation_path,
    "original_path": original_path,
    "capture_path": capture_path,
    "static_url": static_url,
    "wayback_url": wayback_url,
    "bag_path": BAG_PATH,
    "person_path": person_path,
    "event_path": event_path,
    "search_path": search_path,
    "search_link": search_link,
}

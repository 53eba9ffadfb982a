"""Every URL path the archive publishes is built here; Archive.url(path) makes it absolute.

Plain string building: these are the archive's stable promise, and cheaper than url_for in
a page with hundreds of links."""

from __future__ import annotations

from urllib.parse import urlencode

from app.corpus.grammar import passage_path
from app.model import Article, Event, Passage
from app.web.highlight import Highlight

SITE_CARD = "/card.png"


def article_path(slug: str) -> str:
    return f"/articles/{slug}"


def passage_permalink(passage: Passage) -> str:
    return passage_path(passage.slug, passage.key)


def article_card_path(slug: str) -> str:
    return f"{article_path(slug)}/card.png"


def passage_card_path(passage: Passage, highlight: Highlight | None = None) -> str:
    """The passage's card, or with a highlight the card of the part it marks."""
    path = f"{passage_permalink(passage)}/card.png"
    return f"{path}?hl={highlight.param}" if highlight else path


def passage_marked(passage: Passage, start: int, end: int) -> str:
    """The passage's permalink with characters start..end marked (?hl=)."""
    return f"{passage_permalink(passage)}?hl={start}-{end}"


def passage_embed_path(passage: Passage) -> str:
    """The passage alone, for an <iframe> on another site (the only page that may be framed)."""
    return f"{passage_permalink(passage)}/embed"


def quote_path(quotation: str) -> str:
    return "/quote?" + urlencode({"q": quotation})


def oembed_path(url: str) -> str:
    return "/oembed?" + urlencode({"url": url, "format": "json"})


def passage_in_context(passage: Passage) -> str:
    return f"{article_path(passage.slug)}#{passage.anchor}"


def original_path(article: Article) -> str:
    return f"{article_path(article.slug)}/original"


def capture_path(article: Article, line: int | None = None) -> str:
    """The capture line by line; with `line`, scrolled to that line (#L<n>)."""
    return f"{article_path(article.slug)}/capture" + (f"#L{line}" if line else "")


def wayback_url(article: Article) -> str:
    """The Wayback Machine's list of its captures of the article's original URL (linked, never fetched)."""
    return f"https://web.archive.org/web/*/{article.url}"


BAG_PATH = "/archive.zip"


def person_path(slug: str) -> str:
    return f"/people/{slug}"


def event_path(event: Event) -> str:
    return f"/timeline#{event.anchor}"


def search_path(params: dict[str, str] | None = None) -> str:
    """/search with these parameters (empty ones left out), in a stable order."""
    query = urlencode([(name, value) for name, value in (params or {}).items() if value])
    return f"/search?{query}" if query else "/search"


def search_link(request, **changes) -> str:
    """The search `request` (a SearchRequest) with some parameters changed; a change of
    query, filter or order starts again at page 1."""
    params = {**request.params(), **{name: str(value) for name, value in changes.items()}}
    if changes.get("page", 1) == 1:
        params.pop("page", None)
    if params.get("sort") == "relevance":
        params.pop("sort")
    return search_path(params)


TEMPLATE_HELPERS = {
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
    "original_path": original_path,
    "capture_path": capture_path,
    "wayback_url": wayback_url,
    "bag_path": BAG_PATH,
    "person_path": person_path,
    "event_path": event_path,
    "search_path": search_path,
    "search_link": search_link,
}

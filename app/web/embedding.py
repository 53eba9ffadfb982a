"""Embedding a passage elsewhere: the oEmbed 1.0 answer (type "rich") for a passage's permalink.

Its `html` is a self-contained <blockquote> (the quote, who said it, the outlet, the date and the
permalink), which a host that strips iframes (WordPress, for providers it does not know) still
shows, followed by an <iframe> of the passage's embed page, the one page that may be framed.
The iframe's height is estimated from the passage's length at the width given, since the
archive cannot measure text it has not rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from app.corpus.grammar import PASSAGE_URL
from app.model import Article, Passage
from app.web import urls

WIDTH = 550  # the embed's width unless the consumer allows less (Twitter's embeds are 550 wide)
_CHARS_PER_PIXEL = 1 / 8.4  # the embed's serif at 18 px sets about one character every 8.4 px
_LINE_HEIGHT = 28
_CHROME = 120  # the embed's padding, source lines and link, in pixels
_DIMENSION = re.compile(r"\A[0-9]{1,5}\Z")


class BadEmbedRequest(ValueError):
    """An oEmbed request that cannot be answered; `status` is its HTTP status (oEmbed 1.0 §2.3.4)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Embed:
    """The passage and the size the consumer allows."""

    article: Article
    passage: Passage
    speaker: str | None
    permalink: str
    embed_url: str
    width: int
    height: int


def passage_address(url: str, base_url: str) -> tuple[str, str]:
    """The (slug, key) of a passage permalink of this archive (a query such as ?hl= is ignored);
    BadEmbedRequest 404 for any other URL."""
    own, given = urlsplit(base_url), urlsplit(url.strip())
    match = PASSAGE_URL.match(given.path)
    if given.netloc.lower() != own.netloc.lower() or given.scheme not in ("http", "https") or match is None:
        raise BadEmbedRequest(404, f"{url[:200]!r} is not the permalink of a passage of this archive "
                                   f"(they look like {base_url}/articles/<slug>/p/<key>).")
    return match["slug"], match["key"]


def dimension(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not _DIMENSION.match(value) or int(value) == 0:
        raise BadEmbedRequest(400, f"{name} is a width or height in pixels, a whole number from 1; “{value[:20]}” is not.")
    return int(value)


def sized(text: str, maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The embed's width (WIDTH, or less if maxwidth says so) and the height its text needs there."""
    width = min(WIDTH, maxwidth) if maxwidth else WIDTH
    lines = -(-len(text) // max(1, int((width - 40) * _CHARS_PER_PIXEL)))
    height = _CHROME + lines * _LINE_HEIGHT
    return width, min(height, maxheight) if maxheight else height


def oembed(embed: Embed, provider_name: str, provider_url: str) -> dict:
    """The oEmbed 1.0 response (type rich) for `embed`."""
    article = embed.article
    return {
        "type": "rich",
        "version": "1.0",
        "provider_name": provider_name,
        "provider_url": provider_url,
        "title": f"{article.title} — {article.outlet}, {article.published.label}, ¶{embed.passage.number}",
        "author_name": embed.speaker or article.outlet,
        "author_url": embed.permalink,
        "cache_age": 86400,
        "width": embed.width,
        "height": embed.height,
        "html": str(embed_html(embed)),
    }


def embed_html(embed: Embed) -> Markup:
    """The blockquote (every value escaped by Markup.format) and the iframe after it."""
    article = embed.article
    who = Markup("{}, ").format(embed.speaker) if embed.speaker else ""
    quote = Markup(
        '<blockquote class="archive-passage" cite="{permalink}"><p>{text}</p>'
        '<footer>— {who}<cite>{outlet}</cite>, <time datetime="{iso}">{date}</time>, ¶{number}. '
        '<a href="{permalink}">{permalink}</a></footer></blockquote>'
    ).format(permalink=embed.permalink, text=embed.passage.text, who=who, outlet=article.outlet, iso=article.published.iso,
             date=article.published.label, number=embed.passage.number)
    frame = Markup(
        '<iframe src="{src}" width="{width}" height="{height}" title="{title}" loading="lazy" '
        'style="border:0;max-width:100%" referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    ).format(src=embed.embed_url, width=embed.width, height=embed.height,
             title=f"¶{embed.passage.number} of {article.title}, {article.outlet}")
    return quote + frame


def embed_for(article: Article, passage: Passage, speaker: str | None, absolute, maxwidth: int | None, maxheight: int | None) -> Embed:
    """The Embed of a passage at the size allowed; `absolute` makes a path a public URL."""
    width, height = sized(passage.text, maxwidth, maxheight)
    return Embed(article, passage, speaker, absolute(urls.passage_permalink(passage)), absolute(urls.passage_embed_path(passage)),
                 width, height)

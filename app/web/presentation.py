"""Words and helpers the templates share: date bases, public URLs, citations, structured data.

Helpers build strings from what a view gave the template; none looks anything up."""

from __future__ import annotations

import json

from flask import Flask
from markupsafe import Markup, escape

from app.model import Article, Passage, Statement
from app.web import cards, cite, current_archive, urls
from app.web.dated_text import mark_dates
from app.web.highlight import marked

BASIS_LABELS = {
    "printed": "printed in the capture",
    "inferred": "inferred from the text",
    "reported": "from outside reports",
}


def absolute(path: str) -> str:
    return current_archive().url(path)


def speaker(passage: Passage) -> str | None:
    """Who speaks in the passage, by name ("A and B"), or None where no one is recorded as speaking
    (narrative): what the quote check, oEmbed's author_name and the embed page show."""
    return cite.speaker_names(said_in(passage)) or None


def citable(article: Article, passage: Passage | None = None) -> cite.Citable:
    """An article, or one passage of it, with the archive URL to cite it by."""
    address = urls.passage_permalink(passage) if passage else urls.article_path(article.slug)
    said = said_in(passage) if passage else ()
    return cite.Citable(article, absolute(address), current_archive().site_name, passage, said)


def said_in(passage: Passage) -> tuple[Statement, ...]:
    """The statements of a passage, for the line that says who speaks in it."""
    return current_archive().corpus.statements.of(passage)


def citation_html(text: str, date_format: str) -> Markup:
    """A citation, escaped, its access date a placeholder the page's script fills in."""
    placeholder = str(escape(cite.ACCESSED_PLACEHOLDER))
    span = f'<span class="accessed" data-format="{date_format}">{placeholder}</span>'
    return Markup(str(mark_dates(text)).replace(placeholder, span))


def bibtex_html(item: cite.Citable) -> Markup:
    """The BibTeX, escaped, its urldate line hidden until the page's script has the reader's date:
    without script there is no date to give, and a placeholder in a .bib file is wrong."""
    before, line, after = cite.bibtex(item).partition(cite.URLDATE_LINE)
    hidden = Markup('<span class="accessed-field" hidden>{}</span>').format(citation_html(line, "iso")) if line else ""
    return citation_html(before, "iso") + hidden + citation_html(after, "iso")


def news_article_jsonld(article) -> Markup:
    """schema.org NewsArticle, safe inside <script>: every "<" is escaped as \\u003c."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published.iso,
        "publisher": {"@type": "Organization", "name": article.outlet},
        "url": absolute(urls.article_path(article.slug)),
        "sameAs": article.url,
        "inLanguage": article.language,
        "isBasedOn": absolute(urls.original_path(article)),
        "description": article.lede,
    }
    if article.title_supplied:
        data["alternativeHeadline"] = "Headline supplied by the archive"
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(urls.TEMPLATE_HELPERS)
    app.jinja_env.globals.update(site_name=app.extensions["archive"].site_name, site_short_name=app.config["SITE_SHORT_NAME"],
                                 site_description=app.config["SITE_DESCRIPTION"], basis_labels=BASIS_LABELS, absolute=absolute,
                                 citable=citable, said_in=said_in, citation_html=citation_html, chicago=cite.chicago, bibtex_html=bibtex_html,
                                 marked=marked, speaker=speaker, news_article_jsonld=news_article_jsonld, embedded_metadata=cite.embedded_metadata,
                                 card_width=cards.WIDTH, card_height=cards.HEIGHT)
    app.jinja_env.filters["dated"] = mark_dates

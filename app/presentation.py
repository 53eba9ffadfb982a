"""Words and helpers the templates share: the site's name, date bases, URL builders."""

from __future__ import annotations

import json

from flask import Flask
from markupsafe import Markup, escape

from . import cite, urls
from .archive import current_archive
from .dated_text import mark_dates
from .highlight import marked

SITE_NAME = "Iran on the War in Ukraine"

BASIS_LABELS = {
    "printed": "printed in the capture",
    "inferred": "inferred from the text",
    "reported": "from outside reports",
}


def absolute(path: str) -> str:
    return urls.absolute(current_archive().base_url, path)


def article_of(passage):
    return current_archive().corpus.article(passage.slug)


def related_to(passage):
    return current_archive().related.get((passage.slug, passage.key), ())


def people_in(passage):
    return current_archive().corpus.people.named_in.get((passage.slug, passage.key), ())


def citable(article, passage=None) -> cite.Citable:
    path = urls.passage_permalink(passage) if passage else urls.article_path(article.slug)
    return cite.Citable(article, absolute(path), passage)


def citation_html(text: str, date_format: str) -> Markup:
    """A citation, escaped, its access date a placeholder the page's script fills in."""
    placeholder = str(escape(cite.ACCESSED_PLACEHOLDER))
    span = f'<span class="accessed" data-format="{date_format}">{placeholder}</span>'
    return Markup(str(mark_dates(text)).replace(placeholder, span))


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
    app.jinja_env.globals.update(site_name=SITE_NAME, basis_labels=BASIS_LABELS, absolute=absolute,
                                 article_of=article_of, related_to=related_to, people_in=people_in,
                                 citable=citable, citation_html=citation_html, chicago=cite.chicago, bibtex=cite.bibtex,
                                 marked=marked, news_article_jsonld=news_article_jsonld)
    app.jinja_env.filters["dated"] = mark_dates

"""Words and helpers the templates share: the site's name, date bases, URL builders."""

from __future__ import annotations

from flask import Flask

from . import urls
from .archive import current_archive
from .dated_text import mark_dates

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


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(urls.TEMPLATE_HELPERS)
    app.jinja_env.globals.update(site_name=SITE_NAME, basis_labels=BASIS_LABELS, absolute=absolute,
                                 article_of=article_of, related_to=related_to, people_in=people_in)
    app.jinja_env.filters["dated"] = mark_dates

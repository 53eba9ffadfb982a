"""What a passage URL answers, the same for the page and each of its sub-resources (card,
citation, annotation): the current passage; for a moved key a 301 to the same resource of its
successor; for a withdrawn key a 410 with its tombstone (errors.py renders it)."""

from __future__ import annotations

from flask import abort, redirect, request

from app.model import Article, Passage
from app.state import CurrentPassage, MovedPassage, WithdrawnPassage
from app.web import current_archive, routes


class PassageWithdrawn(Exception):
    """The passage a URL names was withdrawn: answered 410 by errors.py."""

    def __init__(self, gone: WithdrawnPassage):
        super().__init__(f"The passage {gone.stone.key!r} of the article {gone.article.slug!r} was withdrawn "
                         f"from the edition on {gone.stone.date.isoformat()}: {gone.stone.reason}")
        self.gone = gone
        self.detail = str(self)


def current_passage(slug: str, key: str) -> tuple[Article, Passage]:
    """The article and current passage a URL names, or the answer for an old key, raised: the
    redirect keeps the route and its query but `hl` (a highlight's offsets were into the old text;
    an access date or an embed's size still hold)."""
    match current_archive().resolve_passage(slug, key):
        case CurrentPassage(article, passage):
            return article, passage
        case MovedPassage(key=successor):
            kept = {name: value for name, value in request.args.items() if name != "hl"}
            abort(redirect(routes.path(request.endpoint, **{**request.view_args, "key": successor}, **kept), 301))
        case WithdrawnPassage() as gone:
            raise PassageWithdrawn(gone)

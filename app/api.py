"""The JSON routes: the same data as the pages, for programs. Errors are JSON too."""

from __future__ import annotations

from flask import Blueprint, jsonify

from . import urls
from .archive import current_archive
from .model import Passage
from .timeline import Event

api = Blueprint("api", __name__, url_prefix="/api")


def _absolute(path: str) -> str:
    return urls.absolute(current_archive().base_url, path)


def _date(date) -> dict:
    return {"iso": date.iso, "label": date.label, "precision": date.precision}


def _passage(passage: Passage) -> dict:
    article = current_archive().corpus.article(passage.slug)
    return {
        "url": _absolute(urls.passage_permalink(passage)),
        "article": passage.slug,
        "key": passage.key,
        "number": passage.number,
        "text": passage.text,
        "published": _date(article.published),
    }


def _event(event: Event) -> dict:
    return {
        "id": event.id,
        "url": _absolute(urls.event_path(event)),
        "date": _date(event.date),
        "basis": event.basis,
        "basis_note": event.basis_note,
        "title": event.title,
        "summary": event.summary,
        "people": [person.slug for person in event.people],
        "passages": [_passage(passage) for passage in event.passages],
        "context": event.context,
        "article": _absolute(urls.article_path(event.article.slug)) if event.article else None,
    }


@api.route("/timeline")
def timeline():
    corpus = current_archive().corpus
    return jsonify(
        context=[_event(event) for event in corpus.timeline.context],
        events=[_event(event) for event in corpus.timeline.events],
    )


@api.route("/people")
def people():
    corpus = current_archive().corpus
    return jsonify(people=[
        {"slug": p.slug, "name": p.name, "role": p.role, "url": _absolute(urls.person_path(p.slug)),
         "passages": len(corpus.people.mentions[p.slug])}
        for p in corpus.people.persons
    ])


@api.route("/people/<slug>")
def person(slug: str):
    corpus = current_archive().corpus
    found = corpus.people.person(slug)
    if found is None:
        return jsonify(error=f"no person with the slug {slug!r}; see /api/people"), 404
    events = [event.id for event in corpus.timeline.context + corpus.timeline.events if found in event.people]
    return jsonify(
        slug=found.slug, name=found.name, role=found.role, spellings=list(found.spellings),
        url=_absolute(urls.person_path(found.slug)),
        passages=[_passage(passage) for passage in corpus.people.mentions[found.slug]],
        events=events,
    )

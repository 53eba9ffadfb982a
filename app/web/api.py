"""The JSON routes (/api/…): the same data as the pages, for programs. Thin, like the HTML
views; their errors are problem+json (errors.py)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.json.provider import DefaultJSONProvider

from app.model import Event, FuzzyDate, Passage
from app.state.search import PAGE_SIZE, ArticleHits, SearchHit, SearchResults, search
from app.state.search.request import BadSearch, read_request
from app.web import current_archive, urls
from app.web.admission import expensive
from app.web.http import keep_unless_partial
from app.web.presentation import absolute
from app.web.state_files import reads_state_files

api = Blueprint("api", __name__, url_prefix="/api")

HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class HtmlSafeJSONProvider(DefaultJSONProvider):
    """JSON whose text holds no <, > or &: the same data, but a search query echoed in it can
    never become markup, even if a browser sniffs the answer or a page embeds it."""

    def dumps(self, obj, **kwargs) -> str:
        return super().dumps(obj, **kwargs).translate(HTML_SAFE)


ENDPOINTS = (
    ("/api/search?q=<query>", "Search the passages; also page, sort (relevance, date, newest), outlet, year, person."),
    ("/api/timeline", "The events, in date order, with the passages they cite."),
    ("/api/people", "The people the articles name."),
    ("/api/people/<slug>", "One person: every passage that names them, and their events."),
    ("/articles/<slug>/p/<key>/annotation.json", "A passage as a W3C Web Annotation target (quote and position selectors)."),
    ("/articles/<slug>/cite.json", "An article's citation as CSL-JSON (add ?accessed=YYYY-MM-DD)."),
    ("/articles/<slug>/p/<key>/cite.json", "A passage's citation as CSL-JSON (add ?accessed=YYYY-MM-DD)."),
    ("/feed.atom", "The articles as an Atom feed."),
    ("/sitemap.xml", "Every page, for crawlers."),
    ("/archive.zip", "The whole archive as a BagIt bag (RFC 8493): every capture byte for byte, the edition, events, "
                     "people, aliases and the permalinks lock, with SHA-256 manifests."),
)


@api.route("")
def index():
    """What there is to ask for."""
    return jsonify(endpoints=[{"path": path, "description": description} for path, description in ENDPOINTS])


@api.route("/search")
@reads_state_files
@expensive
def search_json():
    wanted = read_request(request.args)
    if not wanted.query:
        raise BadSearch(" ".join(["Say what to search for in the `q` parameter, for example /api/search?q=drones.", *wanted.notes]))
    results = search(current_archive().search_index, wanted)
    return keep_unless_partial(jsonify(_results(results)), results)


def _results(results: SearchResults) -> dict:
    wanted = results.request
    return {
        "query": wanted.query,
        "corrected_query": results.corrected,
        "all_words_matched": results.all_words,
        "also_matched": list(results.also_matched),
        "notes": list(wanted.notes),
        "sort": wanted.sort,
        "filters": wanted.filters,
        "total_hits": results.total,
        "total_articles": results.articles,
        "page": wanted.page,
        "pages": results.pages,
        "page_size": PAGE_SIZE,  # articles
        "timed_out": results.timed_out,
        "facets": {name: [{"value": v.value, "count": v.count} for v in values] for name, values in results.facets.items()},
        "articles": [_group(group) for group in results.groups],
    }


def _group(group: ArticleHits) -> dict:
    article = group.article
    return {
        "slug": article.slug,
        "headline": article.title,
        "headline_supplied": article.title_supplied,
        "outlet": article.outlet,
        "published": article.published.iso,
        "url": absolute(urls.article_path(article.slug)),
        "score": group.score,
        "matching_passages": group.matched,
        "hits": [_hit(hit) for hit in group.hits],
    }


def _hit(hit: SearchHit) -> dict:
    return {
        "key": hit.passage.key,
        "number": hit.passage.number,
        "url": absolute(urls.passage_in_context(hit.passage)),
        "permalink": absolute(urls.passage_permalink(hit.passage)),
        "score": hit.score,
        "excerpt": str(hit.excerpt),
    }


def _date(date: FuzzyDate) -> dict:
    return {"iso": date.iso, "label": date.label, "precision": date.precision}


def _passage(passage: Passage) -> dict:
    article = current_archive().source_of(passage)
    return {
        "url": absolute(urls.passage_permalink(passage)),
        "article": passage.slug,
        "key": passage.key,
        "number": passage.number,
        "text": passage.text,
        "published": _date(article.published),
    }


def _event(event: Event) -> dict:
    return {
        "id": event.id,
        "url": absolute(urls.event_path(event)),
        "date": _date(event.date),
        "basis": event.basis,
        "basis_note": event.basis_note,
        "title": event.title,
        "summary": event.summary,
        "people": [person.slug for person in event.people],
        "passages": [_passage(passage) for passage in event.passages],
        "context": event.context,
        "article": absolute(urls.article_path(event.article.slug)) if event.article else None,
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
        {"slug": p.slug, "name": p.name, "role": p.role, "url": absolute(urls.person_path(p.slug)),
         "passages": len(corpus.people.mentions[p.slug])}
        for p in corpus.people.persons
    ])


@api.route("/people/<slug>")
def person(slug: str):
    archive = current_archive()
    found = archive.person(slug)
    return jsonify(
        slug=found.slug, name=found.name, role=found.role, spellings=list(found.spellings),
        url=absolute(urls.person_path(found.slug)),
        passages=[_passage(passage) for passage in archive.corpus.people.mentions[found.slug]],
        events=[event.id for event in archive.corpus.timeline.with_person(found)],
    )

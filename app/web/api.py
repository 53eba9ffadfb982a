"""The JSON API's views: the same data as the pages, for programs. Thin, like the HTML
views; their errors are problem+json (errors.py)."""

from __future__ import annotations

from flask import jsonify, request
from flask.json.provider import DefaultJSONProvider

from app.model import Event, FuzzyDate, Passage, Statement
from app.state.quoted_text import BadQuote
from app.state.quotes import THRESHOLD, QuoteMatch
from app.state.search import ArticleHits, SearchHit, SearchResults
from app.state.search.request import BadSearch, read_request
from app.web import current_archive, routes, urls
from app.web.http import keep_unless_partial
from app.web.presentation import absolute, speaker

views = routes.Views()

HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class HtmlSafeJSONProvider(DefaultJSONProvider):
    """JSON whose text holds no <, > or &: the same data, but a search query echoed in it can
    never become markup, even if a browser sniffs the answer or a page embeds it."""

    def dumps(self, obj, **kwargs) -> str:
        return super().dumps(obj, **kwargs).translate(HTML_SAFE)


@views.serve("api")
def index():
    """What there is to ask for: the routes the table lists for /api."""
    return jsonify(endpoints=[{"path": path, "description": description} for path, description in routes.api_listing()])


@views.serve("api_search")
def search_json():
    wanted = read_request(request.args)
    if not wanted.query:
        example = routes.path("api_search", q="drones")
        raise BadSearch(" ".join([f"Say what to search for in the `q` parameter, for example {example}.", *wanted.notes]))
    results = current_archive().search(wanted)
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
        "page_size": results.page_size,  # articles
        "timed_out": results.timed_out,
        "facets": {name: [{"value": v.value, "count": v.count, **({"label": v.label} if v.label else {})} for v in values]
                   for name, values in results.facets.items()},
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
        "speakers": [{"slug": s.speaker.slug, "name": s.speaker.name, "kind": s.kind}
                     for s in current_archive().corpus.statements.of(hit.passage)],
    }


@views.serve("api_quote")
def quote_json():
    quotation = request.args.get("q", "")
    if not quotation:
        raise BadQuote("Say which quotation to check in the `q` parameter, for example /api/quote?q=NATO expansion is a serious threat.")
    checked = current_archive().check_quote(quotation)
    return jsonify(quotation=checked.quotation, threshold=THRESHOLD, matches=[_quote_match(match) for match in checked.matches])


def _quote_match(match: QuoteMatch) -> dict:
    """A match: its first passage's marked permalink, who said it and where, and how it differs."""
    article, first = match.article, match.parts[0]
    return {
        "permalink": absolute(urls.passage_marked(first.passage, first.start, first.end)),
        "speaker": speaker(first.passage),
        "outlet": article.outlet,
        "published": _date(article.published),
        "headline": article.title,
        "headline_supplied": article.title_supplied,
        "similarity": match.similarity,
        "passages": [{"permalink": absolute(urls.passage_marked(part.passage, part.start, part.end)), "key": part.passage.key,
                      "number": part.passage.number, "start": part.start, "end": part.end,
                      "text": part.passage.text[part.start:part.end]} for part in match.parts],
        "differences": [{"kind": change.kind, "quoted": change.quoted, "captured": change.captured} for change in match.changes],
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


def _statement(statement: Statement) -> dict:
    return {
        "url": absolute(urls.passage_permalink(statement.passage)),
        "kind": statement.kind,
        "evidence": statement.evidence.text,
        "text": statement.passage.text,
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


@views.serve("api_timeline")
def timeline():
    corpus = current_archive().corpus
    return jsonify(
        context=[_event(event) for event in corpus.timeline.context],
        events=[_event(event) for event in corpus.timeline.events],
    )


@views.serve("api_people")
def people():
    corpus = current_archive().corpus
    return jsonify(people=[
        {"slug": p.slug, "name": p.name, "role": p.role, "url": absolute(urls.person_path(p.slug)),
         "statements": len(corpus.statements.said_by(p.slug)), "passages": len(corpus.people.mentions[p.slug])}
        for p in corpus.people.persons
    ])


@views.serve("api_person")
def person(slug: str):
    archive = current_archive()
    found = archive.person(slug)
    return jsonify(
        slug=found.slug, name=found.name, role=found.role, spellings=list(found.spellings),
        url=absolute(urls.person_path(found.slug)),
        statements=[_statement(statement) for statement in archive.corpus.statements.said_by(found.slug)],
        passages=[_passage(passage) for passage in archive.corpus.people.mentions[found.slug]],
        events=[event.id for event in archive.corpus.timeline.with_person(found)],
    )

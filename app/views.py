"""The HTML routes. Thin: resolve what the URL names, render it; nothing is computed here."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.exceptions import BadHost, HTTPException

from . import urls
from .archive import current_archive
from .highlight import read_highlight, sentences
from .http import keep_unless_partial
from .model import Article, Passage
from .search import PAGE_SIZE, search
from .search_request import MAX_QUERY_CHARS, BadSearch, read_request
from .timeline import overview

pages = Blueprint("pages", __name__)


class ArticleNotFound(Exception):
    """No article has this slug: a 404 that links home."""


class PassageNotFound(Exception):
    """The article exists but no passage has this key: a 404 that links to the article."""

    def __init__(self, article: Article):
        self.article = article


def resolve_article(slug: str) -> Article:
    article = current_archive().corpus.article(slug)
    if article is None:
        raise ArticleNotFound(slug)
    return article


@pages.app_errorhandler(ArticleNotFound)
def article_not_found(error):
    return render_template("error.html", status=404, title="No such article",
                           message="There is no article at this address."), 404


@pages.app_errorhandler(PassageNotFound)
def passage_not_found(error):
    return render_template("error.html", status=404, title="No such passage", article=error.article,
                           message="This article has no passage with that key."), 404


@pages.app_errorhandler(404)
def page_not_found(error):
    return render_template("error.html", status=404, title="Page not found",
                           message="There is nothing at this address."), 404


@pages.app_errorhandler(405)
def method_not_allowed(error):
    response = error.get_response()
    body = render_template("error.html", status=405, title="Method not allowed",
                           message="This archive is read-only: it answers GET and HEAD.")
    return Response(body, 405, headers={"Allow": response.headers.get("Allow", "GET, HEAD")})


@pages.app_errorhandler(HTTPException)
def other_http_error(error: HTTPException):
    """Any other 4xx (a malformed Host, an oversized body …) still gets the archive's own page."""
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, BadHost):
        # No URL can be built for a host that is not a host name (a label over 63 characters …),
        # and every page links its style sheet: answer in plain text.
        return Response(f"{error.code} {error.name}: the Host header is not a valid host name.\n", error.code, mimetype="text/plain")
    body = render_template("error.html", status=error.code, title=error.name, message=error.description)
    return Response(body, error.code)


@pages.before_app_request
def refuse_oversized_body():
    """No route reads a body, so Flask's own MAX_CONTENT_LENGTH check never runs: apply it here,
    before any work, so that a large upload is refused (413) rather than read and ignored."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


@pages.before_app_request
def refuse_undecodable_query():
    """A query string must be UTF-8 (percent-encoded or not): anything else cannot be read as
    parameters, so it is refused (400) before any view or cache tries to."""
    try:
        request.query_string.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, "The address’s query string is not UTF-8 text. Percent-encode it as UTF-8 and try again.")


@pages.route("/")
def home():
    return render_template("home.html", articles=current_archive().corpus.articles)


@pages.route("/articles/<slug>")
def article(slug: str):
    found = resolve_article(slug)
    before, after = current_archive().corpus.neighbours(found)
    return render_template("article.html", article=found, before=before, after=after)


@pages.route("/articles/<slug>/original")
def original(slug: str):
    found = resolve_article(slug)
    return Response(found.capture.data, content_type="text/plain; charset=utf-8")


def resolve_passage(slug: str, key: str) -> tuple[Article, Passage]:
    """A current passage; an old or unknown key is the PassageNotFound 404 (sub-resources
    such as citations only exist for current passages)."""
    found = resolve_article(slug)
    chosen = _passage_by_key(found, key)
    if chosen is None:
        raise PassageNotFound(found)
    return found, chosen


@pages.route("/articles/<slug>/p/<key>")
def passage(slug: str, key: str):
    found = resolve_article(slug)
    chosen = _passage_by_key(found, key)
    if chosen is not None:
        highlight, notice = read_highlight(request.args.get("hl"), chosen.text)
        return render_template("passage.html", article=found, passage=chosen, highlight=highlight, notice=notice,
                               sentences=sentences(chosen.text))
    permalinks = current_archive().corpus.permalinks
    successor = permalinks.successor.get((slug, key))
    if successor is not None:
        return redirect(urls.passage_permalink(_passage_by_key(found, successor)), 301)
    stone = permalinks.withdrawn.get((slug, key))
    if stone is not None:
        return render_template("withdrawn.html", article=found, stone=stone), 410
    raise PassageNotFound(found)


def _passage_by_key(article: Article, key: str) -> Passage | None:
    return next((passage for passage in article.passages if passage.key == key), None)


@pages.route("/static/<path:name>")
def static_file(name: str):
    """A fingerprinted static file, from memory; an unknown name is the archive's 404."""
    asset = current_archive().assets.lookup(name)
    if asset is None:
        abort(404)
    return Response(asset.data, mimetype=asset.mimetype)


@pages.route("/healthz")
def healthz():
    """Answers only once the corpus is loaded: the app is not built until then."""
    return Response("ok\n", mimetype="text/plain")


# Timeline and people ---------------------------------------------------------------------


class PersonNotFound(Exception):
    """No person has this slug: a 404 that links to the list of people."""


@pages.app_errorhandler(PersonNotFound)
def person_not_found(error):
    return render_template("error.html", status=404, title="No such person", people_link=True,
                           message="There is no person at this address in the archive."), 404


def resolve_person(slug: str):
    person = current_archive().corpus.people.person(slug)
    if person is None:
        raise PersonNotFound(slug)
    return person


@pages.route("/timeline")
def timeline():
    corpus = current_archive().corpus
    wanted = request.args.get("person")
    person = resolve_person(wanted) if wanted else None
    mentioned_in = {passage.slug for passage in corpus.people.mentions.get(wanted, ())}
    events = corpus.timeline.involving(person, mentioned_in)
    return render_template("timeline.html", timeline=corpus.timeline, events=events, person=person,
                           overview=overview(corpus.timeline), people=corpus.people)


@pages.route("/people")
def people():
    return render_template("people.html", people=current_archive().corpus.people)


@pages.route("/people/<slug>")
def person(slug: str):
    corpus = current_archive().corpus
    found = resolve_person(slug)
    events = [event for event in corpus.timeline.context + corpus.timeline.events if found in event.people]
    return render_template("person.html", person=found, passages=corpus.people.mentions[found.slug], events=events)
# Search: /search and the OpenSearch description that lets a browser use it.


FACET_LABELS = {"outlet": "Outlet", "year": "Year", "person": "People"}


@pages.errorhandler(BadSearch)
def bad_search(error: BadSearch):
    query = request.args.get("q", "")[:MAX_QUERY_CHARS]
    return render_template("search.html", wanted=None, results=None, error=error.message, search_query=query), error.status


@pages.route("/search")
def search_page():
    wanted = read_request(request.args)
    results = search(current_archive().search_index, wanted) if wanted.query else None
    page = render_template("search.html", wanted=wanted, results=results, search_query=wanted.query,
                           facet_labels=FACET_LABELS, page_size=PAGE_SIZE)
    return keep_unless_partial(Response(page, mimetype="text/html"), results)


@pages.route("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")

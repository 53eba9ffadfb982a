"""The HTML routes. Thin: resolve what the URL names, render it with everything the
template shows; nothing is computed here, and templates look nothing up."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request

from app.model import summarise
from app.state import PassageNotFound
from app.state.held_files import StateDamaged
from app.state.search import PAGE_SIZE, search
from app.state.search.request import read_request
from app.web import current_archive, urls
from app.web.admission import expensive
from app.web.highlight import read_highlight, sentences
from app.web.http import keep_unless_partial
from app.web.overview import overview
from app.web.state_files import reads_state_files

pages = Blueprint("pages", __name__)

FACET_LABELS = {"outlet": "Outlet", "year": "Year", "person": "People"}


@pages.route("/")
def home():
    archive = current_archive()
    return render_template("home.html", articles=archive.corpus.articles, bag=archive.bag)


@pages.route("/articles/<slug>")
def article(slug: str):
    archive = current_archive()
    found = archive.article(slug)
    before, after = archive.corpus.neighbours(found)
    return render_template("article.html", article=found, before=before, after=after)


@pages.route("/articles/<slug>/original")
def original(slug: str):
    found = current_archive().article(slug)
    return Response(found.capture.data, content_type="text/plain; charset=utf-8")


@pages.route("/articles/<slug>/capture")
def capture(slug: str):
    """The capture line by line, each with its fate, from the alignment the fidelity check made
    at startup (the capture's bytes are split into lines here: the page is rendered once)."""
    found = current_archive().article(slug)
    lines = found.alignment.lines(found.capture.data)
    return render_template("capture.html", article=found, lines=lines, summary=summarise(lines),
                           passage_lines=found.alignment.passage_lines())


@pages.route("/articles/<slug>/p/<key>")
def passage(slug: str, key: str):
    """A current passage; an old key redirects to its successor or shows its tombstone."""
    archive = current_archive()
    try:
        found, chosen = archive.passage(slug, key)
    except PassageNotFound as missing:
        return _former_passage(missing, key)
    highlight, notice = read_highlight(request.args.get("hl"), chosen.text)
    return render_template("passage.html", article=found, passage=chosen, highlight=highlight, notice=notice,
                           capture_lines=found.alignment.passage_lines()[chosen.number],
                           sentences=sentences(chosen.text), named=archive.people_in(chosen),
                           related=archive.related_to(chosen), sources=archive.corpus.articles_by_slug)


def _former_passage(missing: PassageNotFound, key: str):
    article = missing.article
    permalinks = current_archive().corpus.permalinks
    successor = permalinks.successor.get((article.slug, key))
    if successor is not None:
        return redirect(urls.passage_path(article.slug, successor), 301)
    stone = permalinks.withdrawn.get((article.slug, key))
    if stone is not None:
        return render_template("withdrawn.html", article=article, stone=stone), 410
    raise missing


@pages.route("/static/<path:name>")
def static_file(name: str):
    """A fingerprinted static file, from memory; an unknown name is the archive's 404."""
    asset = current_archive().assets.lookup(name)
    if asset is None:
        abort(404)
    return Response(asset.data, mimetype=asset.mimetype)


@pages.route("/healthz")
def healthz():
    """Answers only once the corpus is loaded (the app is not built until then), and 503 once a
    state file is found damaged (app.state.held_files), until a restart builds the state again."""
    try:
        current_archive().files.check()
    except StateDamaged as damage:
        return Response(f"unhealthy: {damage.what}: restart the archive\n", 503, mimetype="text/plain", headers={"Cache-Control": "no-store"})
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})


@pages.route("/timeline")
def timeline():
    archive = current_archive()
    corpus = archive.corpus
    wanted = request.args.get("person")
    person = archive.person(wanted) if wanted else None
    mentioned_in = {passage.slug for passage in corpus.people.mentions.get(wanted, ())}
    events = corpus.timeline.involving(person, mentioned_in)
    return render_template("timeline.html", timeline=corpus.timeline, events=events, person=person,
                           overview=overview(corpus.timeline), people=corpus.people, sources=corpus.articles_by_slug)


@pages.route("/people")
def people():
    return render_template("people.html", people=current_archive().corpus.people)


@pages.route("/people/<slug>")
def person(slug: str):
    archive = current_archive()
    found = archive.person(slug)
    return render_template("person.html", person=found, passages=archive.corpus.people.mentions[found.slug],
                           events=archive.corpus.timeline.with_person(found), sources=archive.corpus.articles_by_slug)


@pages.route("/search")
@reads_state_files
@expensive
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

"""The HTML pages' views (their URLs are the route table's, routes.py). Thin: resolve what
the URL names, render it with everything the template shows; nothing is computed here, and
templates look nothing up."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from app.model import summarise
from app.state.held_files import StateDamaged
from app.state.quotes import THRESHOLD
from app.state.search.request import query_words, read_request
from app.web import current_archive
from app.web.highlight import read_highlight, sentences
from app.web.http import keep_unless_partial
from app.web.overview import overview
from app.web.passages import current_passage
from app.web.routes import Views

views = Views()

FACET_LABELS = {"outlet": "Outlet", "year": "Year", "person": "People", "said_by": "Said by"}


@views.serve("home")
def home():
    archive = current_archive()
    return render_template("home.html", articles=archive.corpus.articles, bag=archive.bag)


@views.serve("article")
def article(slug: str):
    archive = current_archive()
    found = archive.article(slug)
    before, after = archive.corpus.neighbours(found)
    return render_template("article.html", article=found, before=before, after=after)


@views.serve("original")
def original(slug: str):
    found = current_archive().article(slug)
    return Response(found.capture.data, content_type="text/plain; charset=utf-8")


@views.serve("capture")
def capture(slug: str):
    """The capture line by line, each with its fate, from the alignment the fidelity check made
    at startup (the capture's bytes are split into lines here: the page is rendered once)."""
    found = current_archive().article(slug)
    lines = found.alignment.lines(found.capture.data)
    return render_template("capture.html", article=found, lines=lines, summary=summarise(lines),
                           passage_lines=found.alignment.passage_lines())


@views.serve("passage")
def passage(slug: str, key: str):
    """A current passage (an old key is answered by current_passage: a redirect or its tombstone)."""
    archive = current_archive()
    found, chosen = current_passage(slug, key)
    highlight, notice = read_highlight(request.args.get("hl"), chosen.text)
    return render_template("passage.html", article=found, passage=chosen, highlight=highlight, notice=notice,
                           capture_lines=found.alignment.passage_lines()[chosen.number],
                           sentences=sentences(chosen.text), named=archive.people_in(chosen),
                           related=archive.related_to(chosen), sources=archive.corpus.articles_by_slug)


@views.serve("passage_embed")
def passage_embed(slug: str, key: str):
    """The passage alone, for another site's <iframe>: the one page that may be framed (http.py)."""
    article, chosen = current_passage(slug, key)
    return render_template("embed.html", article=article, passage=chosen)


@views.serve("static_file")
def static_file(name: str):
    """A fingerprinted static file, from memory; an unknown name is the archive's 404."""
    asset = current_archive().assets.lookup(name)
    if asset is None:
        abort(404)
    return Response(asset.data, mimetype=asset.mimetype)


@views.serve("healthz")
def healthz():
    """Answers only once the corpus is loaded (the app is not built until then), and 503 once a
    state file is found damaged (app.state.held_files), until a restart builds the state again."""
    try:
        current_archive().files.check()
    except StateDamaged as damage:
        return Response(f"unhealthy: {damage.what}: restart the archive\n", 503, mimetype="text/plain", headers={"Cache-Control": "no-store"})
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})


@views.serve("timeline")
def timeline():
    archive = current_archive()
    corpus = archive.corpus
    wanted = request.args.get("person")
    person = archive.person(wanted) if wanted else None
    mentioned_in = {passage.slug for passage in corpus.people.mentions.get(wanted, ())}
    events = corpus.timeline.involving(person, mentioned_in)
    return render_template("timeline.html", timeline=corpus.timeline, events=events, person=person,
                           overview=overview(corpus.timeline), people=corpus.people, sources=corpus.articles_by_slug)


@views.serve("people")
def people():
    corpus = current_archive().corpus
    return render_template("people.html", people=corpus.people, statements=corpus.statements)


@views.serve("person")
def person(slug: str):
    archive = current_archive()
    found = archive.person(slug)
    said = archive.corpus.statements.said_by(found.slug)
    spoken = {(statement.passage.slug, statement.passage.key) for statement in said}
    named = [p for p in archive.corpus.people.mentions[found.slug] if (p.slug, p.key) not in spoken]
    return render_template("person.html", person=found, said=said, passages=named,
                           events=archive.corpus.timeline.with_person(found), sources=archive.corpus.articles_by_slug)


@views.serve("search")
def search_page():
    wanted = read_request(request.args)
    current_archive().search_index.facets.check(wanted.filters)
    results = current_archive().search(wanted) if wanted.query else None
    page = render_template("search.html", wanted=wanted, results=results, search_query=wanted.query, facet_labels=FACET_LABELS,
                           offer_quote=worth_checking_as_quote(wanted.query, results))
    return keep_unless_partial(Response(page, mimetype="text/html"), results)


QUOTE_WORDS = 8  # a search longer than this is probably a quotation


def worth_checking_as_quote(query: str, results) -> bool:
    """A long query, or a quoted phrase found nowhere, is probably a quotation someone read."""
    if results is None:
        return False
    return len(list(query_words(query))) > QUOTE_WORDS or ('"' in query and results.total == 0)


@views.serve("quote")
def quote_page():
    """The quote check's page: the form, and for a quotation the closest passages (an empty or
    unreadable one is BadQuote: errors.py answers 400 with this page and the reason)."""
    quotation = request.args.get("q")
    checked = current_archive().check_quote(quotation) if quotation else None
    return render_template("quote.html", quotation=quotation or "", checked=checked, threshold=THRESHOLD)


@views.serve("opensearch")
def opensearch():
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")

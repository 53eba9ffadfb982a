"""The archive in other formats, for feed readers, crawlers, chat apps, reference tools and
archivists: Atom, sitemap, robots.txt, favicon, link-preview cards, CSL-JSON citations, W3C Web
Annotation targets and the whole archive as a BagIt bag.

XML is built with ElementTree, so every value is escaped by construction.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.http import is_resource_modified, parse_range_header

from app.model import Corpus
from app.state import CurrentPassage, MovedPassage, NotInArchive
from app.state.bag import BAG_FILE
from app.state.held_files import HeldFiles
from app.web import cards, cite, current_archive, embedding, routes, urls
from app.web.highlight import read_highlight
from app.web.passages import current_passage
from app.web.presentation import absolute, citable, speaker
from app.web.routes import Each, path

views = routes.Views()
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(root: ET.Element, mimetype: str) -> Response:
    return Response(ET.tostring(root, encoding="utf-8", xml_declaration=True), mimetype=mimetype)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@views.serve("feed")
def feed():
    corpus = current_archive().corpus
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "title", f"{current_archive().site_name}: the articles")
    _text(root, "id", absolute(path("home")))
    _text(root, "updated", _timestamp(max(a.published.value for a in corpus.articles)))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=absolute(path("feed")))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=absolute(path("home")))
    for article in reversed(corpus.articles):
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "title", article.headline)
        _text(entry, "id", absolute(urls.article_path(article.slug)))
        _text(entry, "updated", _timestamp(article.published.value))
        _text(entry, "published", _timestamp(article.published.value))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=absolute(urls.article_path(article.slug)))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=article.url)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", article.outlet)
        _text(entry, "summary", f"{article.outlet}, {article.published.label} ({article.published_basis}). {article.lede}")
    return _xml(root, "application/atom+xml")


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = value


def sitemap_paths(corpus: Corpus) -> list[str]:
    """Every page a crawler may index, as the route table marks them: the fixed pages, then
    each person's, then each article's followed by its passages' (not search, which robots.txt
    keeps crawlers out of and whose pages say noindex)."""
    paths = _each(Each.SITE)
    for person in corpus.people.persons:
        paths += _each(Each.PERSON, slug=person.slug)
    for article in corpus.articles:
        paths += _each(Each.ARTICLE, slug=article.slug)
        for passage in article.passages:
            paths += _each(Each.PASSAGE, slug=passage.slug, key=passage.key)
    return paths


def _each(each: Each, **values) -> list[str]:
    return [path(route.name, **values) for route in routes.IN_SITEMAP[each]]


@views.serve("sitemap")
def sitemap():
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sitemap_paths(current_archive().corpus):
        ET.SubElement(ET.SubElement(root, f"{{{SITEMAP}}}url"), f"{{{SITEMAP}}}loc").text = absolute(page)
    return _xml(root, "application/xml")


@views.serve("robots")
def robots():
    # Disallow first: crawlers that take the first matching rule (Python's robotparser among
    # them), not the longest, would otherwise stop at "Allow: /".
    disallowed = "".join(f"Disallow: {prefix}\n" for prefix in routes.not_for_robots())
    return Response(f"User-agent: *\n{disallowed}Allow: {path('home')}\n\nSitemap: {absolute(path('sitemap'))}\n", mimetype="text/plain")


@views.serve("favicon")
def favicon():
    asset = current_archive().assets.by_source["favicon.ico"]
    return Response(asset.data, mimetype="image/vnd.microsoft.icon")


@views.serve("site_card")
def site_card():
    archive = current_archive()
    return _card(cards.site_card(archive.corpus, archive.site_name))


@views.serve("article_card")
def article_card(slug: str):
    archive = current_archive()
    return _card(cards.article_card(archive.article(slug), archive.site_name))


@views.serve("passage_card")
def passage_card(slug: str, key: str):
    """The quote, or with ?hl= the part the page marks; a range that does not fit gives the
    whole passage, as the page shows it."""
    archive = current_archive()
    article, passage = current_passage(slug, key)
    highlight, _ = read_highlight(request.args.get("hl"), passage.text)
    part = passage.text[highlight.start:highlight.end] if highlight else passage.text
    return _card(cards.passage_card(article, passage, part, archive.site_name, archive.corpus.statements.of(passage)))


def _card(card: cards.Card) -> Response:
    """Drawn on its first request; the response cache (http.py) keeps the bytes like a page's."""
    return Response(cards.draw(card, current_app.extensions["card_fonts"]), mimetype="image/png")


@views.serve("article_cite")
def article_citation(slug: str):
    return _csl(citable(current_archive().article(slug)))


@views.serve("passage_cite")
def passage_citation(slug: str, key: str):
    return _csl(citable(*current_passage(slug, key)))


def _csl(item: cite.Citable) -> Response:
    response = jsonify([cite.csl_json(item, cite.read_accessed(request.args.get("accessed")))])
    response.mimetype = "application/vnd.citationstyles.csl+json"
    response.headers["Content-Disposition"] = f'attachment; filename="{item.key}.json"'
    return response


@views.serve("annotation")
def annotation_target(slug: str, key: str):
    """A W3C Web Annotation target: the passage within the article's edition text (the
    passages joined by blank lines), by quote and by position."""
    article, passage = current_passage(slug, key)
    texts = [p.text for p in article.passages]
    start = sum(len(text) + 2 for text in texts[: passage.number - 1])
    edition = "\n\n".join(texts)
    response = jsonify({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": absolute(urls.passage_permalink(passage)),
        "type": "SpecificResource",
        "source": absolute(urls.article_path(slug)),
        "selector": [
            {"type": "TextQuoteSelector", "exact": passage.text,
             "prefix": edition[max(0, start - 32):start], "suffix": edition[start + len(passage.text):start + len(passage.text) + 32]},
            {"type": "TextPositionSelector", "start": start, "end": start + len(passage.text)},
        ],
    })
    response.mimetype = "application/ld+json"
    return response


@views.serve("oembed")
def oembed():
    """oEmbed 1.0 for a passage's permalink: JSON only (format=xml is 501), 404 for any other URL."""
    wanted = request.args.get("format", "json")
    if wanted != "json":
        raise embedding.BadEmbedRequest(501, f"This archive answers oEmbed in JSON only (format=json), not {wanted[:20]!r}.")
    archive = current_archive()
    article, passage = _embeddable(*embedding.passage_address(request.args.get("url", ""), archive.base_url))
    maxwidth, maxheight = (embedding.dimension(request.args.get(name), name) for name in ("maxwidth", "maxheight"))
    embed = embedding.embed_for(article, passage, speaker(passage), absolute, maxwidth, maxheight)
    return jsonify(embedding.oembed(embed, archive.site_name, absolute(path("home"))))


def _embeddable(slug: str, key: str):
    """The current passage a permalink names (a moved key's successor); anything else is a 404
    problem: a withdrawn passage, or a key or article the archive never had."""
    archive = current_archive()
    try:
        found = archive.resolve_passage(slug, key)
        if isinstance(found, MovedPassage):
            found = archive.resolve_passage(slug, found.key)
    except NotInArchive as missing:
        raise embedding.BadEmbedRequest(404, missing.detail) from None
    if not isinstance(found, CurrentPassage):
        raise embedding.BadEmbedRequest(404, f"The passage {key!r} of the article {slug!r} was withdrawn from the edition.")
    return found.article, found.passage


@views.serve("bag")
def bag():
    """The zipped BagIt bag, streamed from the state folder where it was written with the rest
    of the state (tens of megabytes at 10,000 articles: not a response to keep in memory).
    Its ETag is its SHA-256; a Range of bytes gets those bytes (206), or 416 beyond the end."""
    archive = current_archive()
    found = archive.bag
    response = Response(_read_in_chunks(archive.files, BAG_FILE), mimetype="application/zip", direct_passthrough=True)
    response.content_length = found.size
    response.set_etag(found.etag)
    response.last_modified = archive.modified
    response.headers["Content-Disposition"] = f'attachment; filename="{found.name}.zip"'
    response.headers["Cache-Control"] = routes.current().cache.value
    return response.make_conditional(_range_as_answered(request.environ, found.size), accept_ranges=True, complete_length=found.size)


def _range_as_answered(environ: dict, size: int) -> dict:
    """The request as RFC 9110 answers it, where Werkzeug would not.
    - A matching If-None-Match (or, without one, If-Modified-Since) is a 304 before any Range
      is looked at (13.2.2): the Range is dropped, so that the condition decides.
    - A Range in a unit other than bytes is ignored (14.2), and so is one that does not parse or
      asks for several ranges, as it allows (the whole file is sent); Werkzeug would answer 416.
    - A suffix longer than the file (bytes=-N, N > size) is the whole file (14.1.3), as a 206."""
    if "HTTP_RANGE" not in environ:
        return environ
    wanted = parse_range_header(environ["HTTP_RANGE"])
    unanswerable = wanted is None or wanted.units != "bytes" or len(wanted.ranges) != 1
    if unanswerable or _not_modified(environ):
        return {name: value for name, value in environ.items() if name != "HTTP_RANGE"}
    start, end = wanted.ranges[0]
    if end is None and start < -size:
        return {**environ, "HTTP_RANGE": "bytes=0-"}
    return environ


def _not_modified(environ: dict) -> bool:
    archive = current_archive()
    return not is_resource_modified(environ, archive.bag.etag, last_modified=archive.modified)


def _read_in_chunks(files: HeldFiles, name: str, chunk: int = 256 * 1024):
    """The bytes of the state file `name`, read through the descriptor held since the state was
    checked (so the bag opened is the bag sent), only once the body is sent (a HEAD, a 304 or a
    416 reads nothing). Each chunk is read after checking the files: a bag damaged while it is
    sent ends the answer short of its Content-Length, which every client sees as a failure."""
    offset = 0
    while True:
        files.check()
        data = os.pread(files.descriptor(name), chunk, offset)
        if not data:
            return
        offset += len(data)
        yield data


def init_app(app: Flask) -> None:
    app.extensions["card_fonts"] = cards.Fonts.from_assets(app.extensions["archive"].assets)

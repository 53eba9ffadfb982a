"""The route table: every URL the archive answers, declared once.

Each Route names its view, its pattern, what kind of answer it gives (an HTML page, JSON or
another format), how long a cache may keep it, whether the sitemap lists it and whether robots
may crawl it. Everything else reads this table: the Flask rules (register), every URL built
(path), the Cache-Control header (http.py), problem+json or an HTML error page (errors.py),
/api's list of endpoints, the sitemap and robots.txt (formats.py), and the templates' links.

Adding a route is one declaration here and one view, decorated `@views.serve(name)` in the
module of its kind (pages.py, api.py, formats.py); register() refuses a route without a view
and a view without a route.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote, urlencode

from flask import Flask, request

from app.corpus.grammar import PASSAGE_ROUTE
from app.web.admission import expensive
from app.web.state_files import reads_state_files


class Kind(Enum):
    """What a route answers with, and so how its errors are answered (errors.py)."""

    PAGE = "an HTML page"  # errors: the archive's HTML error page
    JSON = "JSON"  # errors: application/problem+json
    FORMAT = "another format (text, XML, an image, a zip)"  # errors: the HTML error page


class Cache(Enum):
    """How long a shared cache may keep a route's successful answer (its errors: SHORT)."""

    IMMUTABLE = "public, max-age=31536000, immutable"  # content-hashed names (static files)
    PAGE = "public, max-age=3600, stale-while-revalidate=86400"
    SHORT = "public, max-age=300"  # search answers, and every error
    NO_STORE = "no-store"  # the health check: always asked afresh


class Each(Enum):
    """What the sitemap lists a route for: once, or once for each person, article or passage."""

    SITE = "once"
    PERSON = "each person"
    ARTICLE = "each article"
    PASSAGE = "each passage"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # a Werkzeug rule: /articles/<slug>
    kind: Kind
    cache: Cache = Cache.PAGE
    sitemap: Each | None = None
    crawl: bool = True  # robots.txt disallows it when False (a route without parameters)
    api: str = ""  # what /api says of it; not listed there when empty
    query: str = ""  # the query /api shows with it, e.g. q=<query>
    expensive: bool = False  # bounded per client and per worker, run off the event loop (admission.py)
    reads_state: bool = False  # reads the state's files as it answers: checked around it (state_files.py)
    framed: bool = False  # another site may show it in a frame (http.py); the embed page alone


ARTICLE = "/articles/<slug>"
PASSAGE = PASSAGE_ROUTE  # the lock file's form of a passage URL (corpus/grammar.py)
API = "/api"

PAGE, JSON, FORMAT = Kind.PAGE, Kind.JSON, Kind.FORMAT
CITE_NOTE = "citation as CSL-JSON (add ?accessed=YYYY-MM-DD)."

TABLE = (
    Route("home", "/", PAGE, sitemap=Each.SITE),
    Route("timeline", "/timeline", PAGE, sitemap=Each.SITE),
    Route("people", "/people", PAGE, sitemap=Each.SITE),
    Route("person", "/people/<slug>", PAGE, sitemap=Each.PERSON),
    Route("article", ARTICLE, PAGE, sitemap=Each.ARTICLE),
    Route("original", f"{ARTICLE}/original", FORMAT),
    Route("capture", f"{ARTICLE}/capture", PAGE, sitemap=Each.ARTICLE),
    Route("passage", PASSAGE, PAGE, sitemap=Each.PASSAGE),
    Route("passage_embed", f"{PASSAGE}/embed", PAGE, framed=True),
    Route("search", "/search", PAGE, Cache.SHORT, crawl=False, expensive=True, reads_state=True),
    Route("quote", "/quote", PAGE, Cache.SHORT, crawl=False, expensive=True, reads_state=True),
    Route("opensearch", "/opensearch.xml", FORMAT),
    Route("healthz", "/healthz", FORMAT, Cache.NO_STORE),
    Route("static_file", "/static/<path:name>", FORMAT, Cache.IMMUTABLE),
    Route("api", API, JSON),
    Route("api_search", f"{API}/search", JSON, Cache.SHORT, crawl=False, query="q=<query>", expensive=True, reads_state=True,
          api="Search the passages; also page, sort (relevance, date, newest), outlet, year, person, said-by."),
    Route("api_quote", f"{API}/quote", JSON, Cache.SHORT, crawl=False, query="q=<quotation>", expensive=True, reads_state=True,
          api="Check a quotation: the closest passages (similarity 0..1, at least the threshold), their speaker, outlet "
              "and date, the matched span (?hl=) and the word-level differences."),
    Route("oembed", "/oembed", JSON, query="url=<permalink>&format=json",
          api="oEmbed 1.0 (rich) for a passage: a blockquote and an iframe to embed it elsewhere; also maxwidth, maxheight."),
    Route("api_timeline", f"{API}/timeline", JSON, api="The events, in date order, with the passages they cite."),
    Route("api_people", f"{API}/people", JSON, api="The people the articles name."),
    Route("api_person", f"{API}/people/<slug>", JSON,
          api="One person: what they said (statements, with evidence), every passage that names them, and their events."),
    Route("annotation", f"{PASSAGE}/annotation.json", JSON,
          api="A passage as a W3C Web Annotation target (quote and position selectors)."),
    Route("article_cite", f"{ARTICLE}/cite.json", JSON, api=f"An article's {CITE_NOTE}"),
    Route("passage_cite", f"{PASSAGE}/cite.json", JSON, api=f"A passage's {CITE_NOTE}"),
    Route("feed", "/feed.atom", FORMAT, api="The articles as an Atom feed."),
    Route("sitemap", "/sitemap.xml", FORMAT, api="Every page, for crawlers."),
    Route("robots", "/robots.txt", FORMAT),
    Route("favicon", "/favicon.ico", FORMAT),
    Route("site_card", "/card.png", FORMAT, expensive=True),
    Route("article_card", f"{ARTICLE}/card.png", FORMAT, expensive=True),
    Route("passage_card", f"{PASSAGE}/card.png", FORMAT, expensive=True),
    Route("bag", "/archive.zip", FORMAT, reads_state=True,
          api="The whole archive as a BagIt bag (RFC 8493): every capture byte for byte, the edition, events, "
              "people, statements, aliases and the permalinks lock, with SHA-256 manifests."),
)
ROUTES = {route.name: route for route in TABLE}
IN_SITEMAP = {each: tuple(route for route in TABLE if route.sitemap is each) for each in Each}

_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")  # characters quote() leaves as they are (but "~")


@dataclass(frozen=True)
class _Builder:
    """A pattern made ready to fill: a format string and, for each parameter, the characters
    its value keeps unquoted (a path converter keeps its slashes)."""

    template: str
    safe: dict[str, str]

    @classmethod
    def of(cls, pattern: str) -> _Builder:
        safe = {m["name"]: "/" if m["converter"] == "path" else "" for m in _PARAMETER.finditer(pattern)}
        return cls(_PARAMETER.sub(lambda m: "{" + m["name"] + "}", pattern), safe)


_BUILDERS = {route.name: _Builder.of(route.pattern) for route in TABLE}


def path(name: str, /, **values) -> str:
    """The path of route `name`: its parameters filled in from `values` (quoted), the other
    values as its query string in the order given, leaving out None and empty ones (as url_for
    does, but without a request context, and cheap enough for a page of hundreds of links)."""
    builder = _BUILDERS[name]
    filled = builder.template.format_map({key: _quoted(str(values.pop(key)), safe) for key, safe in builder.safe.items()})
    if not values:
        return filled
    query = urlencode([(key, value) for key, value in values.items() if value not in (None, "")])
    return f"{filled}?{query}" if query else filled


def _quoted(value: str, safe: str) -> str:
    """The value as a path segment (or, with safe="/", segments); slugs and keys need no quoting,
    and skipping quote() for them keeps building a link cheap (bench/RESULTS.md, "Building links")."""
    return value if _PLAIN.fullmatch(value) else quote(value, safe=safe)


def current() -> Route | None:
    """The route that answers this request; None when no route matched (a 404 or 405)."""
    return ROUTES.get(request.endpoint)


_JSON_ADDRESSES = [re.compile(_PARAMETER.sub("[^/]+", re.escape(route.pattern))) for route in TABLE if route.kind is Kind.JSON]


def answers_json() -> bool:
    """Whether this request is answered in JSON: a JSON route's, or, when no route matched (a
    refused method), an address of one, or one that looks like one (under /api, or ending .json)."""
    route = current()
    if route is not None:
        return route.kind is Kind.JSON
    address = request.path
    return (address == API or address.startswith(f"{API}/") or address.endswith(".json")
            or any(pattern.fullmatch(address) for pattern in _JSON_ADDRESSES))


def not_for_robots() -> list[str]:
    """The path prefixes robots.txt disallows, in table order."""
    return [route.pattern.split("<")[0] for route in TABLE if not route.crawl]


def api_listing() -> list[tuple[str, str]]:
    """/api's endpoints: each listed route's pattern (with its query) and what it gives."""
    return [(f"{route.pattern}?{route.query}" if route.query else route.pattern, route.api) for route in TABLE if route.api]


class Views:
    """The views of one module, each naming the route it answers (like a Blueprint without
    URLs: the URLs are the table's)."""

    def __init__(self) -> None:
        self.by_route: dict[str, Callable] = {}

    def serve(self, name: str) -> Callable[[Callable], Callable]:
        if name not in ROUTES:
            raise LookupError(f"no route named {name!r} in the route table (app/web/routes.py)")

        def decorate(view: Callable) -> Callable:
            self.by_route[name] = view
            return view
        return decorate


def register(app: Flask, *modules: Views) -> None:
    """One Flask rule per route, each to its view; a route without a view, or with two, is a
    mistake caught at startup."""
    views: dict[str, Callable] = {}
    for module in modules:
        twice = views.keys() & module.by_route.keys()
        if twice:
            raise LookupError(f"routes served by two views: {sorted(twice)}")
        views.update(module.by_route)
    unserved = [route.name for route in TABLE if route.name not in views]
    if unserved:
        raise LookupError(f"routes without a view: {unserved}")
    for route in TABLE:
        app.add_url_rule(route.pattern, endpoint=route.name, view_func=_guarded(route, views[route.name]))


def _guarded(route: Route, view: Callable) -> Callable:
    """The view with what its declaration asks for: admitted as expensive work, inside the check
    of the state's files (so a damaged state is refused before a client's rate is spent)."""
    if route.expensive:
        view = expensive(view)
    if route.reads_state:
        view = reads_state_files(view)
    return view

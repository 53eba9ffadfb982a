"""HTTP for an immutable site: the request rules every route shares (no body, a UTF-8 query),
strong ETags and 304s, Cache-Control by route type, brotli or gzip where it helps, and the
security headers, on every response.

Nothing here depends on which route answered: a route only declares, through its cache class
in the route table (routes.py), how long a cache may keep what it says.
"""

from __future__ import annotations

import gzip
import hashlib

import brotli
from flask import Flask, Response, abort, current_app, request
from werkzeug.http import HTTP_STATUS_CODES, parse_accept_header

from app.web import current_archive, routes
from app.web.response_cache import ResponseCache, Stored
from app.web.routes import Cache

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# The embed page alone may be framed, by any site (its route says `framed`): its own policy (no
# script at all), and no X-Frame-Options (which has no value for "anyone"); every other page
# refuses frames twice over.
FRAMEABLE_HEADERS = {
    **{name: value for name, value in SECURITY_HEADERS.items() if name != "X-Frame-Options"},
    "Content-Security-Policy": CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
                                                      .replace("script-src 'self'", "script-src 'none'"),
}

COMPRESSIBLE = ("text/", "application/json", "application/atom+xml", "application/xml", "image/svg+xml",
                "application/opensearchdescription+xml", "application/javascript", "application/ld+json")
MIN_COMPRESS = 860  # below about one packet gzip saves nothing worth its cost


def cache_class(response: Response) -> Cache:
    """The route's cache class for a success; any error briefly (the health check never)."""
    route = routes.current()
    declared = route.cache if route is not None else Cache.SHORT
    if response.status_code >= 400 and declared is not Cache.NO_STORE:
        return Cache.SHORT
    return declared


# Bytes of memory each worker may keep finished responses in (response_cache.py): pages (answers
# 200 to URLs without a query string, as many as the corpus has) and everything else.
CACHE_BUDGET = 64 * 1024 * 1024
OPEN_CACHE_BUDGET = 8 * 1024 * 1024


class ServeKeptResponses:
    """WSGI middleware: a GET or HEAD whose answer was kept is answered with those bytes before
    Flask sees it (no request context, routing or hooks), which is what lets the app serve at
    the speed of a bare Flask route. Anything else, or a miss, goes to Flask, whose
    finish_response() keeps what it answers."""

    def __init__(self, wsgi_app, cache: ResponseCache):
        self.wsgi_app, self.cache = wsgi_app, cache

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method in ("GET", "HEAD") and not environ.get("CONTENT_LENGTH") and "HTTP_TRANSFER_ENCODING" not in environ:
            stored = self.cache.get(_cache_key(environ))
            if stored is not None:
                if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
                    return Response(stored.body, stored.status, list(stored.headers)).make_conditional(environ)(environ, start_response)
                start_response(f"{stored.status} {HTTP_STATUS_CODES[stored.status]}", list(stored.headers))
                return [stored.body] if method == "GET" else []
        return self.wsgi_app(environ, start_response)


def _cache_key(environ) -> tuple:
    """The URL as sent (path and query as WSGI gives them: they need not be UTF-8) and the encoding."""
    return environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), _encoding(environ.get("HTTP_ACCEPT_ENCODING"))


def keep_unless_partial(response: Response, results) -> Response:
    """A search stopped by its time limit is a partial answer: no cache may keep it."""
    if results is not None and results.timed_out:
        response.headers["Cache-Control"] = Cache.NO_STORE.value
    return response


def finish_response(response: Response) -> Response:
    """Every response: security headers, caching, compression, then the conditional answer."""
    route = routes.current()
    for name, value in (FRAMEABLE_HEADERS if route is not None and route.framed else SECURITY_HEADERS).items():
        response.headers.setdefault(name, value)
    if response.direct_passthrough or response.status_code not in (200, 404, 410) or response.cache_control.no_store:
        return response
    cache = cache_class(response)
    response.headers["Cache-Control"] = cache.value
    _compress(response)
    if response.status_code == 200:
        response.set_etag(_etag(response))
        response.last_modified = current_archive().modified
    if request.method in ("GET", "HEAD") and cache is not Cache.NO_STORE:
        kept = current_app.extensions["response_cache"]
        kept.put(_cache_key(request.environ), Stored(response.status_code, tuple(response.headers.items()), response.get_data()))
    if response.status_code == 200:
        response.make_conditional(request)
    return response


def _etag(response: Response) -> str:
    """Strong, from the corpus version and the exact bytes (so each encoding has its own)."""
    digest = hashlib.sha256(current_archive().corpus.digest.encode())
    digest.update(response.get_data())
    return digest.hexdigest()[:32]


def _encoding(accept_encoding: str | None) -> str | None:
    """The best encoding the client takes: brotli (smaller), else gzip, else none."""
    accepted = parse_accept_header(accept_encoding)
    return next((name for name in ("br", "gzip") if accepted[name]), None)


def _compress(response: Response) -> None:
    """Compressed once per response (the response cache keeps the result)."""
    response.vary.add("Accept-Encoding")
    encoding = _encoding(request.headers.get("Accept-Encoding"))
    if encoding is None or response.content_encoding or not (response.mimetype or "").startswith(COMPRESSIBLE):
        return
    body = response.get_data()
    if len(body) < MIN_COMPRESS:
        return
    packed = brotli.compress(body, quality=9) if encoding == "br" else gzip.compress(body, compresslevel=6, mtime=0)
    response.set_data(packed)
    response.content_encoding = encoding


def refuse_oversized_body() -> None:
    """No route reads a body, so Flask's own MAX_CONTENT_LENGTH check never runs: apply it here,
    before any work, so that a large upload is refused (413) rather than read and ignored."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def refuse_undecodable_query() -> None:
    """A query string must be UTF-8 (percent-encoded or not): anything else cannot be read as
    parameters, so it is refused (400) before any view or cache tries to."""
    try:
        request.query_string.decode("utf-8")
    except UnicodeDecodeError:
        abort(400, "The address’s query string is not UTF-8 text. Percent-encode it as UTF-8 and try again.")


def init_app(app: Flask) -> None:
    app.before_request(refuse_oversized_body)
    app.before_request(refuse_undecodable_query)
    app.extensions["response_cache"] = ResponseCache(CACHE_BUDGET, OPEN_CACHE_BUDGET)
    app.wsgi_app = ServeKeptResponses(app.wsgi_app, app.extensions["response_cache"])
    app.after_request(finish_response)


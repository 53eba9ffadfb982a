"""The one error path: every not-found, gone, bad request and refused method becomes a
response here, and nowhere else.

JSON routes (their kind in the route table, routes.py) answer with `application/problem+json`
(RFC 9457: type, title, status, detail); every other route with the archive's own HTML error
page, which says what is wrong and where to go instead. Views raise (a typed NotInArchive,
PassageWithdrawn, BadSearch, or Werkzeug's HTTP errors through abort()); they never build an
error response themselves.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import BadHost, HTTPException, RequestedRangeNotSatisfiable
from werkzeug.http import HTTP_STATUS_CODES

from app.state import ArticleNotFound, NotInArchive, PassageNotFound, PersonNotFound
from app.state.held_files import StateDamaged
from app.state.quoted_text import MAX_QUOTE_CHARS, BadQuote
from app.state.quotes import THRESHOLD
from app.state.search import NoSuchPage
from app.state.search.request import MAX_QUERY_CHARS, BadSearch
from app.web import routes
from app.web.embedding import BadEmbedRequest
from app.web.passages import PassageWithdrawn

PROBLEM_JSON = "application/problem+json"

# What each kind of not-found says to a reader, and where its page sends them.
NOT_FOUND_PAGES = {
    ArticleNotFound: ("No such article", "There is no article at this address."),
    PassageNotFound: ("No such passage", "This article has no passage with that key."),
    PersonNotFound: ("No such person", "There is no person at this address in the archive."),
}


def problem(status: int, detail: str, headers: dict | None = None) -> Response:
    """An RFC 9457 problem: no problem type of our own, so `type` is about:blank and the title
    is the status's phrase."""
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status, "detail": detail}
    response = current_app.json.response(body)
    response.status_code, response.mimetype = status, PROBLEM_JSON
    response.headers.update(headers or {})
    return response


def error_page(status: int, title: str, message: str, headers: dict | None = None, **context) -> Response:
    body = render_template("error.html", status=status, title=title, message=message, **context)
    return Response(body, status, headers=headers)


def not_found(error: NotInArchive) -> Response:
    if routes.answers_json():
        return problem(404, _with_listing(error))
    title, message = NOT_FOUND_PAGES[type(error)]
    return error_page(404, title, message, article=getattr(error, "article", None), people_link=isinstance(error, PersonNotFound))


def _with_listing(error: NotInArchive) -> str:
    """The detail, and for a person where a program finds them all."""
    if isinstance(error, PersonNotFound):
        return f"{error.detail.removesuffix('.')}; {routes.path('api_people')} lists them."
    return error.detail


def withdrawn(error: PassageWithdrawn) -> Response:
    """A withdrawn passage's URL, page or sub-resource: 410, with its tombstone."""
    if routes.answers_json():
        return problem(410, error.detail)
    gone = error.gone
    return Response(render_template("withdrawn.html", article=gone.article, stone=gone.stone), 410)


def bad_search(error: BadSearch) -> Response:
    """A request the search cannot answer as asked is a 400; a page past the last one a 404."""
    status = 404 if isinstance(error, NoSuchPage) else 400
    if routes.answers_json():
        return problem(status, error.message)
    query = request.args.get("q", "")[:MAX_QUERY_CHARS]
    body = render_template("search.html", wanted=None, results=None, error=error.message, search_query=query)
    return Response(body, status)


def bad_embed_request(error: BadEmbedRequest) -> Response:
    return problem(error.status, error.message)


def bad_quote(error: BadQuote) -> Response:
    """A quotation the check cannot read is a 400: problem+json, or the quote page saying why."""
    if routes.answers_json():
        return problem(400, error.message)
    quotation = request.args.get("q", "")[:MAX_QUOTE_CHARS]
    body = render_template("quote.html", quotation=quotation, checked=None, error=error.message, threshold=THRESHOLD)
    return Response(body, 400)


def http_error(error: HTTPException) -> Response | HTTPException:
    """Werkzeug's errors (404 for an unknown route, 405, 400, 413 …) in the archive's words."""
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, BadHost):
        # No URL can be built for a host that is not a host name (a label over 63 characters …),
        # and every page links its style sheet: answer in plain text.
        return Response(f"{error.code} {error.name}: the Host header is not a valid host name.\n", error.code, mimetype="text/plain")
    title, message, headers = error.name, error.description, {}
    if error.code == 404:
        title, message = "Page not found", "There is nothing at this address."
    elif error.code == 405:
        title, message = "Method not allowed", "This archive is read-only: it answers GET and HEAD."
        headers["Allow"] = error.get_response().headers.get("Allow", "GET, HEAD")
    elif isinstance(error, RequestedRangeNotSatisfiable):  # says how long the resource is
        headers.update((name, value) for name, value in error.get_headers() if name == "Content-Range")
    elif error.code in (429, 503):  # a refusal for now (admission.py): when to come back, and no cache may keep it
        headers.update((name, value) for name, value in error.get_headers() if name == "Retry-After")
        headers["Cache-Control"] = "no-store"
    if routes.answers_json():
        return problem(error.code, message, headers)
    if error.code in (429, 503):
        return Response(refusal_page(error.code, title, message), error.code, headers=headers)
    return error_page(error.code, title, message, headers)


def refusal_page(status: int, title: str, message: str) -> str:
    """A refusal's page, rendered once per app: a busy archive refuses many requests, and each
    must cost it as little as possible (it names no URL, so one page serves them all)."""
    rendered = current_app.extensions.setdefault("refusal_pages", {})
    if (status, message) not in rendered:
        rendered[status, message] = render_template("error.html", status=status, title=title, message=message)
    return rendered[status, message]


def state_damaged(error: StateDamaged) -> Response:
    """A state file changed under the running server (logged with its name by HeldFiles): no
    answer from it, and nothing any cache may keep, until a restart builds the state again."""
    detail = "The archive's stored index is damaged, so it cannot answer this now. It is whole again once the archive is restarted."
    headers = {"Cache-Control": "no-store", "Retry-After": "60"}
    if routes.answers_json():
        return problem(503, detail, headers)
    return error_page(503, "Temporarily unavailable", detail, headers)


def init_app(app: Flask) -> None:
    app.register_error_handler(NotInArchive, not_found)
    app.register_error_handler(PassageWithdrawn, withdrawn)
    app.register_error_handler(BadSearch, bad_search)
    app.register_error_handler(BadQuote, bad_quote)
    app.register_error_handler(BadEmbedRequest, bad_embed_request)
    app.register_error_handler(StateDamaged, state_damaged)
    app.register_error_handler(HTTPException, http_error)

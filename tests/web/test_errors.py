"""The one error path: JSON routes answer every error with RFC 9457 problem+json, pages with
the archive's HTML error page, each with the right status."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

import pytest
from werkzeug.http import HTTP_STATUS_CODES

from app.web.routes import TABLE, Kind

ARTICLE = "/articles/2022-02-25-drones-over-the-capital"
PASSAGE = f"{ARTICLE}/p/c2qkpdb5"

# Every JSON route, with a bad input of each kind it can get, and the status that answers it.
JSON_ERRORS = [
    ("GET", "/api/no-such-thing", 404),
    ("POST", "/api", 405),
    ("GET", "/api?%ff=1", 400),
    ("GET", "/api/search", 400),
    ("GET", "/api/search?q=drones&page=abc", 400),
    ("GET", "/api/search?q=drones&sort=sideways", 400),
    ("GET", "/api/search?q=drones&year=22", 400),
    ("GET", "/api/search?q=" + "x" * 600, 400),
    ("GET", "/api/search?q=drones&page=999", 404),
    ("POST", "/api/search?q=drones", 405),
    ("POST", "/api/timeline", 405),
    ("GET", "/api/timeline?%ff", 400),
    ("DELETE", "/api/people", 405),
    ("GET", "/api/people/no-such-person", 404),
    ("PUT", "/api/people/ebrahim-raisi", 405),
    ("GET", "/articles/no-such-article/cite.json", 404),
    ("GET", f"{ARTICLE}/p/zzzzzzzz/cite.json", 404),
    ("GET", "/articles/no-such-article/p/c2qkpdb5/cite.json", 404),
    ("POST", f"{ARTICLE}/cite.json", 405),
    ("GET", f"{ARTICLE}/p/zzzzzzzz/annotation.json", 404),
    ("GET", "/articles/no-such-article/p/c2qkpdb5/annotation.json", 404),
    ("POST", f"{PASSAGE}/annotation.json", 405),
    ("GET", "/api/quote", 400),
    ("GET", "/api/quote?q=%21%21%21", 400),
    ("GET", "/api/quote?q=" + "x" * 2001, 400),
    ("POST", "/api/quote?q=drones", 405),
    ("GET", "/oembed?url=https%3A%2F%2Felsewhere.example%2Farticles%2Fx%2Fp%2Fc2qkpdb5", 404),
    ("GET", f"/oembed?url=https%3A%2F%2Farchive.example{ARTICLE}%2Fp%2Fzzzzzzzz", 404),
    ("GET", f"/oembed?url=https%3A%2F%2Farchive.example{PASSAGE}&format=xml", 501),
    ("GET", f"/oembed?url=https%3A%2F%2Farchive.example{PASSAGE}&maxwidth=wide", 400),
    ("POST", "/oembed", 405),
]


def send(client, method: str, path: str):
    """The request as a WSGI server hands it over: the query string's bytes undecoded."""
    path, _, query = path.partition("?")
    raw = unquote_to_bytes(query).decode("latin-1")
    return client.open(path, method=method, environ_overrides={"QUERY_STRING": raw})


@pytest.mark.parametrize(("method", "path", "status"), JSON_ERRORS)
def test_a_json_route_answers_errors_as_problem_json(client, method, path, status):
    response = send(client, method, path)
    problem = response.get_json(force=True)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert set(problem) == {"type", "title", "status", "detail"}
    assert problem["status"] == status and problem["type"] == "about:blank"
    assert problem["title"] == HTTP_STATUS_CODES[status] and problem["detail"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_every_json_route_has_its_errors_tested():
    tested = {path.split("?")[0] for _, path, _ in JSON_ERRORS}
    rules = {route.pattern for route in TABLE if route.kind is Kind.JSON}
    for rule in rules:
        pattern = rule.replace("<slug>", "[^/]+").replace("<key>", "[^/]+")
        assert any(re.fullmatch(pattern, path) for path in tested), f"no error case for {rule}"


def test_a_refused_method_on_a_json_route_says_what_is_allowed(client):
    response = client.post("/api/people/ebrahim-raisi")
    assert response.headers["Allow"] and "GET" in response.headers["Allow"]


def test_the_problem_names_what_was_asked_for(client):
    assert "no-such-person" in client.get("/api/people/no-such-person").get_json(force=True)["detail"]
    assert "zzzzzzzz" in client.get(f"{ARTICLE}/p/zzzzzzzz/cite.json").get_json(force=True)["detail"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/no-such-page", 404, "There is nothing at this address."),
        ("/articles/no-such-article", 404, "There is no article at this address."),
        (f"{ARTICLE}/p/zzzzzzzz", 404, "This article has no passage with that key."),
        ("/people/no-such-person", 404, "There is no person at this address"),
        ("/timeline?person=no-such-person", 404, "There is no person at this address"),
        ("/search?q=drones&page=999", 404, "There is no page 999"),
        ("/search?q=drones&sort=sideways", 400, "is not a way to sort results"),
        ("/?%ff", 400, "not UTF-8"),
    ],
)
def test_a_page_answers_errors_with_the_archives_html_page(client, path, status, words):
    response = send(client, "GET", path)
    assert response.status_code == status and response.mimetype == "text/html"
    assert words in response.get_data(as_text=True)

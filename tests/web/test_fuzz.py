"""Property-based: no request, however malformed, gets a 5xx or a page that is not the archive's.

Every route comes from app.url_map, so routes added later are fuzzed too. Requests are built
as a WSGI server hands them over (PATH_INFO as latin-1 decoded bytes, the raw QUERY_STRING),
which is how invalid UTF-8 and NUL bytes reach the app under gunicorn.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import quote, unquote_to_bytes, urlsplit

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from app import create_app
from tests.conftest import FIXTURE_CORPUS

FUZZ = settings(max_examples=250, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SITE_MARK = 'class="skip-link"'
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

ADVERSARIAL = ["..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%2F", "%00", "\x00", "<script>alert(1)</script>", "%0d%0aSet-Cookie:x=1",
               "\r\nLocation: //evil.example", "é", "%ff%fe", "%c0%ae", "%ed%a0%80", "‮", "a" * 3000, "-", "~", ";", "'\"", "{{7*7}}",
               "//evil.example", "\\\\evil.example", "0-999999999999", "5-2", "-1", "NaN", "*", "%25", "+", " "]


@pytest.fixture(scope="module")
def fixture_app():
    """The fixture corpus read in place: the app never writes, so no copy is needed."""
    return create_app({"TESTING": True, "CORPUS_DIR": str(FIXTURE_CORPUS)})


def known_values(app) -> list[str]:
    """Real slugs, passage keys, person slugs and static file names of this app's corpus."""
    archive = app.extensions["archive"]
    corpus = archive.corpus
    values = [article.slug for article in corpus.articles]
    values += [passage.key for article in corpus.articles for passage in article.passages][:40]
    values += [person.slug for person in corpus.people.persons]
    values += ["css/archive.css", "js/archive.js", "favicon.svg", "aaaaaaaa", "bbbbbbbb", "c2qkpdb5"]
    return values


def routes(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods)


def texts(app):
    return st.one_of(st.sampled_from(known_values(app)), st.sampled_from(ADVERSARIAL), st.text(max_size=40))


def encode_piece(text: str, raw: bool) -> str:
    """A path piece either percent-encoded whole (safe) or with only unprintable bytes encoded."""
    return quote(text, safe="") if not raw else quote(text, safe="/%.-~<>\"'{}*;+\\:@!$&()=,")


@st.composite
def paths(draw, app):
    rule = draw(st.sampled_from(routes(app)))
    raw = draw(st.booleans())
    path = ARGUMENT.sub(lambda _: encode_piece(draw(texts(app)), raw), rule)
    if draw(st.integers(0, 9)) == 0:
        path += encode_piece(draw(st.sampled_from(ADVERSARIAL)), raw)
    return path


QUERY_NAMES = ["q", "page", "sort", "hl", "person", "year", "outlet", "format", "x"]
QUERY_VALUES = ["drones", "Raisi", "1", "0", "-1", "2", "99999999999999999999", "date", "newest", "relevance", "0-10", "10-0",
                "3-999999", "a-b", "-", "ebrahim-raisi", "2022", "The Fixture Times", "%", "%zz", "%ff", "%00", "<b>x</b>", "*", "a*b*c*"]
HEADER_VALUES = ["gzip", "br, gzip;q=0", "*", "identity;q=0", '"x"', "*", 'W/"abc", "def"', "", "\x00", "ÿÿ", "a" * 2000,
                 "evil.example", "127.0.0.1:1", "[::1]", "exa mple", "example.org:notaport", "xn--zz"]


@st.composite
def query_strings(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY_NAMES), st.one_of(st.sampled_from(QUERY_VALUES), st.text(max_size=30))), max_size=4))
    return "&".join(f"{quote(name)}={draw(st.sampled_from([quote, lambda v: v]))(value)}" for name, value in pairs)


def headers():
    names = st.sampled_from(["HTTP_ACCEPT_ENCODING", "HTTP_IF_NONE_MATCH", "HTTP_HOST", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE"])
    values = st.one_of(st.sampled_from(HEADER_VALUES), st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=30))
    return st.dictionaries(names, values, max_size=3)


def send(app, path: str, query: str | bytes = "", environ: dict | None = None, method: str = "GET"):
    """The request a WSGI server would build: percent-decoded path bytes and the raw query bytes, as latin-1."""
    path_info = unquote_to_bytes(path).decode("latin-1")
    query_bytes = query if isinstance(query, bytes) else query.encode("utf-8", "surrogatepass")
    overrides = {"PATH_INFO": path_info, "QUERY_STRING": query_bytes.decode("latin-1"), "REQUEST_URI": path, **(environ or {})}
    environ = EnvironBuilder(method=method).get_environ() | overrides
    # run_wsgi_app, not the test client: the client's cookie jar parses the Host itself and
    # fails on hosts (e.g. "xn--zz") that the app must still answer.
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return Response(b"".join(body), status, headers)


def stays_on_site(location: str, host: str) -> bool:
    """A redirect is a path on this site, or an absolute URL back to the host asked for
    (werkzeug's own redirects, e.g. merging `//` in a path, are absolute)."""
    parts = urlsplit(location)
    return (not parts.scheme and not parts.netloc and location.startswith("/") and not location.startswith("//")) or parts.netloc == host


def text_of(response) -> str:
    """The body as a reader sees it: gzip or brotli undone when the answer was compressed."""
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding in ("gzip", "br"):
        body = gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)
    return body.decode("utf-8", "replace")


def assert_well_formed(response, context, host="localhost"):
    assert 200 <= response.status_code < 500, (response.status_code, context)
    location = response.headers.get("Location", "")
    assert "\r" not in location and "\n" not in location, context
    if response.status_code in (301, 302, 303, 307, 308):
        assert stays_on_site(location, host), (location, context)
    if response.status_code >= 400 and response.mimetype == "text/html":
        assert SITE_MARK in text_of(response), (response.status_code, context)


@pytest.mark.parametrize("which", ["real_app", "fixture_app"])
def test_every_route_answers_any_path_parameters_without_a_server_error(request, which):
    app = request.getfixturevalue(which)

    @FUZZ
    @given(paths(app))
    def check(path):
        assert_well_formed(send(app, path), path)

    check()


@pytest.mark.parametrize("which", ["real_app", "fixture_app"])
def test_every_route_answers_any_query_string_and_headers_without_a_server_error(request, which):
    app = request.getfixturevalue(which)

    @FUZZ
    @given(st.sampled_from(routes(app)), query_strings(), headers())
    def check(rule, query, environ):
        path = ARGUMENT.sub(lambda _: quote(known_values(app)[0], safe=""), rule)
        assert_well_formed(send(app, path, query, environ), (path, query, environ), environ.get("HTTP_HOST", "localhost"))

    check()


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=60), st.binary(max_size=60))
def test_arbitrary_path_and_query_bytes_never_make_a_server_error(real_app, path_bytes, query_bytes):
    path = "/" + quote(path_bytes, safe="/")
    query = query_bytes.replace(b"#", b"%23")
    assert_well_formed(send(real_app, path, query), (path, query))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]), st.sampled_from(["/", "/search", "/api/search", "/healthz"]))
def test_other_methods_get_the_archives_own_answer(real_app, method, path):
    assert_well_formed(send(real_app, path, "q=drones", method=method), (method, path))

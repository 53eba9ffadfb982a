"""A fixed table of attacks, each asserted: XSS, path traversal, header injection, open
redirects, oversized requests, and raw HTML in the corpus itself (query-parser abuse extends
the bad-input table of tests/test_search_pages.py).

Route-generic where it can be: every route in app.url_map gets the payloads, so routes added
later (the feed, the sitemap …) are attacked too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
from pathlib import Path
from urllib.parse import quote

import pytest

from app import create_app
from harness.server import serving
from tests.conftest import FIXTURE_CORPUS
from tests.web.test_fuzz import ARGUMENT, assert_well_formed, routes, send, stays_on_site, text_of

MOVED = "/articles/2022-02-25-drones-over-the-capital/p/aaaaaaaa"
SLUG = "2022-02-25-drones-over-the-capital"
SCRIPT = "<script>alert(1)</script>"
XSS_PAYLOADS = [SCRIPT, '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", "</title><script>alert(1)</script>",
                "javascript:alert(1)", "]]><script>alert(1)</script>"]
RAW_MARKUP = re.compile(r"<script>alert|<img src=x|<svg onload|(href|src|action)=[\"']?javascript:", re.IGNORECASE)


@pytest.fixture(scope="module")
def fixture_app():
    return create_app({"TESTING": True, "CORPUS_DIR": str(FIXTURE_CORPUS)})


def fill(rule: str, value: str) -> str:
    return ARGUMENT.sub(lambda _: quote(value, safe=""), rule)


# Reflected XSS -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_query_parameter_is_never_echoed_as_markup_by_any_route(fixture_app, payload):
    for rule in routes(fixture_app):
        path = fill(rule, SLUG)
        query = "&".join(f"{name}={quote(payload)}" for name in ("q", "hl", "person", "page", "sort", "year", "outlet"))
        response = send(fixture_app, path, query)
        assert not RAW_MARKUP.search(text_of(response)), (path, payload)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_path_parameter_is_never_echoed_as_markup_by_any_route(fixture_app, payload):
    for rule in routes(fixture_app):
        response = send(fixture_app, fill(rule, payload))
        assert not RAW_MARKUP.search(text_of(response)), (rule, payload)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_404_path_is_never_echoed_as_markup(fixture_app, payload):
    response = send(fixture_app, "/no/such/" + quote(payload, safe=""))
    assert response.status_code == 404 and not RAW_MARKUP.search(text_of(response))


def test_a_highlight_range_is_never_echoed_as_markup(fixture_app):
    for hl in (SCRIPT, f"0-5{SCRIPT}", '1-2"><b>'):
        response = send(fixture_app, MOVED.replace("aaaaaaaa", "c2qkpdb5"), "hl=" + quote(hl))
        page = text_of(response)
        assert response.status_code in (200, 400) and not RAW_MARKUP.search(page) and '"><b>' not in page


def test_json_answers_carry_the_query_as_data_that_no_browser_will_render(fixture_app):
    response = send(fixture_app, "/api/search", "q=" + quote(SCRIPT + " drones"))
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["query"] == SCRIPT + " drones"


# Stored XSS: the corpus is trusted, and still rendered safely --------------------------------

STORED = "<img src=x onerror=alert(1)> said <b>Raisi</b>."


@pytest.fixture
def corpus_with_raw_html(corpus_copy: Path) -> Path:
    """A capture and its curated edition that both carry raw HTML in a paragraph."""
    for name in ("originals/a.txt", f"articles/{SLUG}.md"):
        path = corpus_copy / name
        path.write_text(path.read_text("utf-8") + f"\n{STORED}\n", "utf-8")
    originals = corpus_copy / "originals"
    sums = [f"{hashlib.sha256((originals / name).read_bytes()).hexdigest()}  {name}" for name in ("a.txt", "b.txt")]
    (originals / "SHA256SUMS").write_text("\n".join(sums) + "\n", "utf-8")
    return corpus_copy


def test_raw_html_in_a_curated_markdown_file_is_escaped_on_every_page(corpus_with_raw_html):
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus_with_raw_html)})
    client = app.test_client()
    passage = next(p for p in app.extensions["archive"].corpus.article(SLUG).passages if "onerror" in p.text)
    for path in (f"/articles/{SLUG}", f"/articles/{SLUG}/p/{passage.key}", "/search?q=onerror", "/search?q=Raisi"):
        page = client.get(path).get_data(as_text=True)
        assert "<img src=x" not in page and "<b>Raisi</b>" not in page and "&lt;img" in page, path


# Path traversal ------------------------------------------------------------------------------

TRAVERSALS = ["..", "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5capp%5c__init__.py",
              "%252e%252e%252fetc%252fpasswd", "....//....//etc/passwd", "/etc/passwd", "%c0%ae%c0%ae/etc/passwd", "..;/app"]
SECRETS = re.compile(r"root:x?:0:0|def create_app|\[tool\.ruff\]|SHA256SUMS")


@pytest.mark.parametrize("traversal", TRAVERSALS)
def test_path_traversal_on_every_path_parameter_reads_nothing(fixture_app, traversal):
    for rule in routes(fixture_app):
        if ARGUMENT.search(rule):
            path = ARGUMENT.sub(lambda _, t=traversal: t, rule)
            response = send(fixture_app, path)
            assert response.status_code in (301, 302, 308, 404), (path, response.status_code)
            assert not SECRETS.search(text_of(response)), path


@pytest.mark.parametrize("path", ["/static/../app/__init__.py", "/static/%2e%2e/app/__init__.py", "/static/..%2fapp%2f__init__.py",
                                  "/static/..%5capp%5c__init__.py", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static//etc/passwd",
                                  "/static/css/../../pyproject.toml", "/static/%2e%2e/corpus/originals/SHA256SUMS"])
def test_path_traversal_on_static_files_reads_nothing(fixture_app, path):
    response = send(fixture_app, path)
    assert response.status_code in (301, 302, 308, 404) and not SECRETS.search(text_of(response))


# Header injection and open redirects ----------------------------------------------------------

INJECTIONS = ["%0d%0aSet-Cookie:%20stolen=1", "%0aLocation:%20https://evil.example", "%0d%0a%0d%0a<script>alert(1)</script>", "\r\nX-Injected: 1"]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_cr_lf_in_a_path_never_reaches_a_header(fixture_app, injection):
    for path in (MOVED + injection, f"/articles/{SLUG}{injection}/p/aaaaaaaa", "/" + injection, "//" + injection):
        response = send(fixture_app, path)
        assert "Set-Cookie" not in response.headers and "X-Injected" not in response.headers, path
        assert_well_formed(response, path)


def test_the_moved_passage_redirects_to_a_path_on_this_site(fixture_app):
    response = send(fixture_app, MOVED, "next=https://evil.example", {"HTTP_HOST": "evil.example"})
    location = response.headers["Location"]
    assert response.status_code == 301 and location.startswith("/articles/2022-02-25-drones-over-the-capital/p/c2qkpdb5?")
    assert stays_on_site(location, "localhost"), location


@pytest.mark.parametrize("path", ["//evil.example", "//evil.example/%2e%2e", "/\\evil.example", "/%2fevil.example", "///evil.example/",
                                  "/articles//evil.example", "/%5c%5cevil.example", "/search?q=x&next=//evil.example"])
def test_no_address_redirects_off_the_site(fixture_app, path):
    path, _, query = path.partition("?")
    response = send(fixture_app, path, query)
    assert response.status_code < 500
    if 300 <= response.status_code < 400:
        assert stays_on_site(response.headers["Location"], "localhost"), response.headers["Location"]


# Query-parser abuse (*, a*b*c*, deep brackets, many terms) is in tests/test_search_pages.py's
# BAD_INPUT table, each case answered within 2 s in HTML and JSON.


# Oversized requests, refused by gunicorn before the app sees them (and by Flask for bodies) ----


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log", FIXTURE_CORPUS) as server:
        yield server.port


def raw_exchange(port: int, request_bytes: bytes) -> bytes:
    """Send bytes as they are (no client library to tidy them) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused mid-upload: the answer may be waiting
            sock.sendall(request_bytes)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:  # the server answered and closed before reading all we sent
            assert chunks, "the connection was reset before any answer"
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


OVERSIZED = [
    ("a 10 KB request line", b"GET /search?q=" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", (414,)),
    ("80 header fields", b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(80)) + b"\r\n", (400, 431)),
    ("a 10 KB header field", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10_000 + b"\r\n\r\n", (400, 431)),
    ("a 1 MB body", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n" + b"a" * 1_000_000, (413,)),
]


@pytest.mark.parametrize(("what", "request_bytes", "statuses"), OVERSIZED, ids=[case[0] for case in OVERSIZED])
def test_oversized_requests_are_refused_under_gunicorn(gunicorn_port, what, request_bytes, statuses):
    assert status_of(raw_exchange(gunicorn_port, request_bytes)) in statuses, what


def test_cr_lf_in_a_raw_request_line_never_reaches_a_header_under_gunicorn(gunicorn_port):
    for path in (MOVED + "%0d%0aX-Injected:%201", MOVED + "%0aX-Injected:%201"):
        answer = raw_exchange(gunicorn_port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        head = answer.split(b"\r\n\r\n", 1)[0]
        assert status_of(answer) < 500 and b"\r\nX-Injected" not in head


def test_the_moved_passage_redirect_is_a_clean_header_under_gunicorn(gunicorn_port):
    answer = raw_exchange(gunicorn_port, f"GET {MOVED} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert status_of(answer) == 301 and "\r\nLocation: /articles/2022-02-25-drones-over-the-capital/p/c2qkpdb5\r\n" in head + "\r\n"


def test_json_error_for_an_unknown_person_is_data_without_markup(fixture_app):
    payload = "<img src=x onerror=alert(1)>"
    response = send(fixture_app, "/api/people/" + quote(payload, safe=""))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert "<" not in text_of(response) and payload in json.loads(response.get_data())["detail"]


MALFORMED_HEADERS = [b"Host: " + b"a" * 70 + b".example", b"Host: xn--zz", b"Host: [::1", b"Host: a b", b"If-None-Match: " + b'"x", ' * 200,
                     b"Accept-Encoding: " + b"gzip;q=" + b"9" * 300, b"Range: bytes=99999999999999999999-", b"Host: \xff\xfe"]


@pytest.mark.parametrize("header", MALFORMED_HEADERS, ids=[header[:30].decode("latin-1") for header in MALFORMED_HEADERS])
def test_a_malformed_header_is_never_a_server_error_under_gunicorn(gunicorn_port, header):
    for path in (b"/", b"/articles//2022-02-25-drones-over-the-capital", b"/static/css/archive.css"):
        answer = raw_exchange(gunicorn_port, b"GET " + path + b" HTTP/1.1\r\n" + header + b"\r\nConnection: close\r\n\r\n")
        assert status_of(answer) < 500, (header, path, answer[:200])

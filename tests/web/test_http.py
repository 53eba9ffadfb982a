"""HTTP for an immutable site: ETags and 304s, Cache-Control, compression, HEAD, 405, headers."""

import gzip
import os
import re

import brotli
import pytest

ARTICLE = "/articles/2022-02-25-iran-blames-nato-expansion"
ROUTES = {
    "home": "/",
    "article": ARTICLE,
    "passage": f"{ARTICLE}/p/gopmzmom",
    "highlight": f"{ARTICLE}/p/gopmzmom?hl=0-10",
    "original": f"{ARTICLE}/original",
    "capture": f"{ARTICLE}/capture",
    "bag": "/archive.zip",
    "timeline": "/timeline",
    "people": "/people",
    "person": "/people/ebrahim-raisi",
    "search": "/search?q=drones",
    "api search": "/api/search?q=drones",
    "api timeline": "/api/timeline",
    "api index": "/api",
    "feed": "/feed.atom",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "favicon": "/favicon.ico",
    "opensearch": "/opensearch.xml",
    "citation": f"{ARTICLE}/cite.json",
    "annotation": f"{ARTICLE}/p/gopmzmom/annotation.json",
    "quote check": "/quote?q=a%20serious%20threat%20to%20the%20stability",
    "api quote check": "/api/quote?q=a%20serious%20threat%20to%20the%20stability",
    "oembed": f"/oembed?url=http%3A%2F%2F127.0.0.1%3A8000{ARTICLE}/p/gopmzmom",
    "embed": f"{ARTICLE}/p/gopmzmom/embed",
}


def stylesheet(client) -> str:
    return re.search(r'href="(/static/css/archive\.[0-9a-f]{10}\.css)"', client.get("/").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("path", ROUTES.values(), ids=ROUTES.keys())
def test_a_second_request_with_if_none_match_gets_304(real_client, path):
    first = real_client.get(path)
    assert first.status_code == 200 and re.fullmatch(r'"[0-9a-f]{32}"', first.headers["ETag"])
    second = real_client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 304 and second.data == b""


def test_the_etag_is_the_same_from_every_app_built_on_the_corpus(real_app):
    from app import create_app
    from tests.conftest import REAL_CORPUS

    other = create_app({"TESTING": True, "CORPUS_DIR": str(REAL_CORPUS)}).test_client()
    assert other.get(ARTICLE).headers["ETag"] == real_app.test_client().get(ARTICLE).headers["ETag"]


def test_a_stale_etag_gets_the_full_page(real_client):
    assert real_client.get(ARTICLE, headers={"If-None-Match": '"0000"'}).status_code == 200


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/", "public, max-age=3600"),
        (ARTICLE, "public, max-age=3600"),
        ("/api/timeline", "public, max-age=3600"),
        ("/search?q=drones", "public, max-age=300"),
        ("/quote?q=drones%20from%20Iran", "public, max-age=300"),
        ("/api/quote?q=drones%20from%20Iran", "public, max-age=300"),
        (f"{ARTICLE}/p/gopmzmom/embed", "public, max-age=3600"),
        ("/articles/nothing", "public, max-age=300"),
        ("/healthz", "no-store"),
    ],
)
def test_cache_control_by_route_type(real_client, path, cache):
    assert real_client.get(path).headers["Cache-Control"].startswith(cache)


def test_static_files_have_content_hashed_names_and_are_immutable(real_client):
    response = real_client.get(stylesheet(real_client))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert real_client.get("/static/css/archive.css").status_code == 404


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [("gzip", "gzip", gzip.decompress), ("gzip, deflate, br", "br", brotli.decompress), ("br;q=0, gzip", "gzip", gzip.decompress)],
)
def test_compression_when_the_client_accepts_it(real_client, accept, encoding, decompress):
    plain = real_client.get(ARTICLE)
    packed = real_client.get(ARTICLE, headers={"Accept-Encoding": accept})
    assert packed.headers["Content-Encoding"] == encoding and "Accept-Encoding" in packed.headers["Vary"]
    assert decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Content-Encoding" not in plain.headers


def test_tiny_and_binary_responses_are_not_compressed(real_client):
    assert "Content-Encoding" not in real_client.get("/healthz", headers={"Accept-Encoding": "gzip"}).headers
    assert "Content-Encoding" not in real_client.get("/favicon.ico", headers={"Accept-Encoding": "gzip"}).headers


@pytest.mark.parametrize("path", ROUTES.values(), ids=ROUTES.keys())
def test_head_answers_like_get_without_a_body(real_client, path):
    head, get = real_client.head(path), real_client.get(path)
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("path", ["/", ARTICLE, "/api/timeline", "/search"])
def test_other_methods_get_405_with_allow(real_client, method, path):
    response = getattr(real_client, method)(path)
    assert response.status_code == 405 and set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


@pytest.mark.parametrize("path", [*ROUTES.values(), "/nothing", "/static/x.css", "/healthz"])
def test_security_headers_on_every_response(real_client, path):
    headers = real_client.get(path).headers
    policy = headers["Content-Security-Policy"]
    framed = path == ROUTES["embed"]  # the one page another site may frame (tests/web/test_embedding.py)
    assert "unsafe-inline" not in policy and "http" not in policy and ("frame-ancestors *" if framed else "frame-ancestors 'none'") in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] and headers["Permissions-Policy"]
    assert headers.get("X-Frame-Options") == (None if framed else "DENY") and "Set-Cookie" not in headers


@pytest.mark.parametrize("path", ["/search", "/", "/timeline", "/api/search", "/articles/2023-08-08-tokyo/p/djgoiuon"])
def test_a_query_that_is_not_utf8_is_refused_with_400_every_time(client, path):
    raw = {"QUERY_STRING": b"q=\x80drones&hl=1-2".decode("latin-1")}  # raw bytes, as a WSGI server hands them over
    for _ in range(2):
        response = client.get(path, environ_overrides=raw)
        assert response.status_code == 400 and "not UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/articles//2022-02-25-iran-blames-nato-expansion", "//timeline", "/people//ebrahim-raisi"])
def test_doubled_slashes_are_not_redirected_with_the_clients_host(real_client, path):
    response = real_client.get("/", headers={"Host": "evil.example"}, environ_overrides={"PATH_INFO": path})
    assert response.status_code in (200, 404) and "Location" not in response.headers


def test_last_modified_is_the_time_the_newest_corpus_file_changed(corpus_copy, tmp_path):
    from app import create_app

    for path in corpus_copy.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    os.utime(corpus_copy / "events.toml", (1_700_086_400.7, 1_700_086_400.7))
    client = create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy), "STATE_DIR": str(tmp_path / "state")}).test_client()
    for path in ("/", "/timeline", "/archive.zip", "/api/timeline"):
        assert client.get(path).headers["Last-Modified"] == "Wed, 15 Nov 2023 22:13:20 GMT", path


@pytest.mark.parametrize(("headers", "status"), [
    ({"If-Modified-Since": "{modified}"}, 304),
    ({"If-Modified-Since": "Sun, 06 Nov 2050 08:49:37 GMT"}, 304),
    ({"If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"}, 200),
    ({"If-Modified-Since": "not a date"}, 200),
    ({"If-Modified-Since": "{modified}", "If-None-Match": '"0000"'}, 200),  # If-None-Match decides when both are sent
])
@pytest.mark.parametrize("path", [ARTICLE, "/search?q=drones", "/api/timeline"])
def test_if_modified_since_is_answered_from_the_corpus_versions_time(real_client, path, headers, status):
    modified = real_client.get(path).headers["Last-Modified"]
    sent = {name: value.format(modified=modified) for name, value in headers.items()}
    for _ in range(2):  # rendered, then from the response cache
        assert real_client.get(path, headers=sent).status_code == status

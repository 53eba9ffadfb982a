"""Render once, serve bytes: what the per-worker response cache keeps, and what not."""

import tracemalloc

import pytest

from app.web.response_cache import ENTRY_OVERHEAD, ResponseCache, Stored, footprint

ARTICLE = "/articles/2023-08-08-tokyo"


def rendered(app, monkeypatch) -> list[str]:
    """Record every template the app renders from now on."""
    names: list[str] = []
    original = app.jinja_env.get_template

    def recording(name, *args, **kwargs):
        names.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", recording)
    return names


def test_a_repeated_request_is_served_without_rendering_again(app, client, monkeypatch):
    first = client.get(ARTICLE)
    names = rendered(app, monkeypatch)
    second = client.get(ARTICLE)
    assert names == [] and second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_kept_response_is_sent_before_flask_routes_it(app, client, monkeypatch):
    client.get(ARTICLE)
    monkeypatch.setattr(app, "dispatch_request", lambda: (_ for _ in ()).throw(AssertionError("Flask dispatched a kept URL")))
    assert client.get(ARTICLE).status_code == 200 and client.head(ARTICLE).data == b""
    assert client.head(ARTICLE).headers["Content-Length"] == str(len(client.get(ARTICLE).data))


def test_a_cached_response_still_answers_304(client):
    etag = client.get(ARTICLE).headers["ETag"]
    assert client.get(ARTICLE, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(ARTICLE, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_request_with_a_body_is_never_answered_from_the_cache(client):
    client.get(ARTICLE)
    assert client.get(ARTICLE, data=b"x" * 20_000).status_code == 413


def test_each_encoding_is_kept_apart(client):
    plain = client.get(ARTICLE)
    packed = client.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    smaller = client.get(ARTICLE, headers={"Accept-Encoding": "br"})
    assert client.get(ARTICLE).data == plain.data
    assert client.get(ARTICLE, headers={"Accept-Encoding": "gzip"}).data == packed.data != plain.data
    assert client.get(ARTICLE, headers={"Accept-Encoding": "br"}).data == smaller.data != packed.data


def test_each_app_has_its_own_cache(app, corpus_copy):
    from app import create_app

    other = create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy), "BASE_URL": "https://elsewhere.example"})
    app.test_client().get(ARTICLE)
    assert "https://elsewhere.example/articles/2023-08-08-tokyo" in other.test_client().get(ARTICLE).get_data(as_text=True)


def test_the_cache_drops_the_least_recently_used_past_its_budget():
    one = footprint(("a",), Stored(200, (), b"x" * 90))
    cache = ResponseCache(budget=one * 20)
    for name in "abc":
        cache.put((name, ""), Stored(200, (), b"x" * 90))
    cache.get(("a", ""))
    for name in "defghijklmnopqrstuvwxyz":
        cache.put((name, ""), Stored(200, (), b"x" * 90))
    assert cache.size <= one * 20 and cache.get(("b", "")) is None and cache.get(("z", "")) is not None


def test_a_response_too_large_for_the_budget_is_not_kept():
    cache = ResponseCache(budget=1600)
    cache.put(("big", ""), Stored(200, (), b"x" * 200))
    assert len(cache) == 0


def entry(number: int, query_bytes: int) -> tuple[tuple, Stored]:
    """A not-found for a URL with a long query string, headers as the app sends them."""
    headers = tuple((f"X-Header-{n}", f"value {number} {n}" * 4) for n in range(12))
    return (f"/api/nope{number}", f"q={number}" + "x" * query_bytes, "br"), Stored(404, headers, b"{}" * 100)


@pytest.mark.parametrize("query_bytes", [0, 7000])
def test_the_budget_counts_keys_headers_and_bodies_as_the_memory_they_take(query_bytes):
    """What the cache charges for its entries is at least what Python allocated for them."""
    made = [entry(number, query_bytes) for number in range(500)]
    cache = ResponseCache(budget=1 << 30)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for key, stored in made:
            cache.put(key, stored)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    made_alone = sum(footprint(key, stored) - ENTRY_OVERHEAD for key, stored in made)
    assert held + made_alone <= cache.size * 1.02, (held, made_alone, cache.size)
    assert cache.size <= (held + made_alone) * 1.2


def test_distinct_urls_with_long_query_strings_stay_within_the_small_budget_and_leave_the_pages_kept():
    cache = ResponseCache(budget=1 << 20, open_budget=256 << 10)
    cache.put(("/articles/a", "", None), Stored(200, (), b"page"))
    for number in range(2000):
        cache.put(*entry(number, 7000))
    assert cache.others.size <= 256 << 10 and cache.get(("/articles/a", "", None)) is not None
    assert cache.get(entry(1999, 7000)[0]) is not None and cache.get(entry(0, 7000)[0]) is None

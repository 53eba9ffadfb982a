"""Render once, serve bytes: what the per-worker response cache keeps, and what not."""

from app.web.response_cache import ResponseCache, Stored

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
    cache = ResponseCache(budget=1600)
    for name in "abc":
        cache.put((name,), Stored(200, (), b"x" * 90))
    cache.get(("a",))
    for name in "defghijklmnopqrs":
        cache.put((name,), Stored(200, (), b"x" * 90))
    assert cache.size <= 1600 and cache.get(("b",)) is None and cache.get(("s",)) is not None


def test_a_response_too_large_for_the_budget_is_not_kept():
    cache = ResponseCache(budget=1600)
    cache.put(("big",), Stored(200, (), b"x" * 200))
    assert len(cache) == 0

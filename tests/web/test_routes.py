"""The route table drives the rules, the URLs built, caching, error formats, /api, the sitemap
and robots.txt; and every passage URL, page or sub-resource, answers an old key alike."""

from __future__ import annotations

import re
from urllib.robotparser import RobotFileParser

import pytest
from flask import Flask

from app.corpus.grammar import PASSAGE_URL, passage_path
from app.state import CurrentPassage, MovedPassage, WithdrawnPassage
from app.web import routes
from app.web.routes import TABLE, Cache, Each, Kind, Route, Views, path

ARTICLE = "/articles/2022-02-25-drones-over-the-capital"
SUCCESSOR = "c2qkpdb5"
# Each resource of a passage, as a suffix of its URL.
PASSAGE_RESOURCES = ["", "/card.png", "/cite.json", "/annotation.json"]


def test_every_route_is_a_rule_of_the_app_with_its_name(app):
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules == {route.name: route.pattern for route in TABLE}


def test_a_route_without_a_view_stops_startup():
    served = Views()
    with pytest.raises(LookupError, match="routes without a view"):
        routes.register(Flask(__name__), served)


def test_a_view_for_a_route_not_in_the_table_is_refused():
    with pytest.raises(LookupError, match="no route named 'nowhere'"):
        Views().serve("nowhere")


def test_a_route_served_twice_is_refused():
    first, second = Views(), Views()
    first.serve("home")(lambda: "")
    second.serve("home")(lambda: "")
    with pytest.raises(LookupError, match="served by two views"):
        routes.register(Flask(__name__), first, second)


@pytest.mark.parametrize(("name", "values", "expected"), [
    ("home", {}, "/"),
    ("passage", {"slug": "2022-02-25-x", "key": "abcdefgh"}, "/articles/2022-02-25-x/p/abcdefgh"),
    ("timeline", {"person": "ebrahim-raisi"}, "/timeline?person=ebrahim-raisi"),
    ("search", {"q": "drones & oil", "page": "2", "sort": ""}, "/search?q=drones+%26+oil&page=2"),
    ("static_file", {"name": "css/archive.0123456789.css"}, "/static/css/archive.0123456789.css"),
    ("person", {"slug": "a/../b?c"}, "/people/a%2F..%2Fb%3Fc"),
])
def test_path_fills_the_pattern_quoted_and_puts_the_rest_in_the_query(name, values, expected):
    assert path(name, **values) == expected


def test_the_passage_route_is_the_lock_files_passage_url():
    built = path("passage", slug="2022-02-25-x", key="abcdefgh-2")
    assert built == passage_path("2022-02-25-x", "abcdefgh-2") and PASSAGE_URL.match(built)


@pytest.mark.parametrize("route", [r for r in TABLE if not r.crawl], ids=lambda r: r.name)
def test_robots_txt_disallows_each_route_the_table_keeps_from_robots(real_client, route: Route):
    robots = RobotFileParser()
    robots.parse(real_client.get("/robots.txt").get_data(as_text=True).splitlines())
    assert not robots.can_fetch("*", f"http://127.0.0.1:8000{route.pattern}?q=x")
    assert robots.can_fetch("*", "http://127.0.0.1:8000/timeline")


def test_the_sitemap_lists_each_kind_of_page_the_table_marks(real_client, real_corpus):
    sitemap = real_client.get("/sitemap.xml").get_data(as_text=True)
    article, person = real_corpus.articles[0], real_corpus.people.persons[0]
    values = {Each.SITE: {}, Each.PERSON: {"slug": person.slug}, Each.ARTICLE: {"slug": article.slug},
              Each.PASSAGE: {"slug": article.slug, "key": article.passages[0].key}}
    for route in TABLE:
        if route.sitemap is not None:
            assert f"{path(route.name, **values[route.sitemap])}</loc>" in sitemap, route.name


def test_api_lists_the_routes_the_table_describes_in_table_order(client):
    listed = [endpoint["path"].split("?")[0] for endpoint in client.get("/api").get_json()["endpoints"]]
    assert listed == [route.pattern for route in TABLE if route.api]


@pytest.mark.parametrize(("address", "cache"), [
    ("/", Cache.PAGE), ("/search?q=drones", Cache.SHORT), ("/api/search?q=drones", Cache.SHORT),
    ("/healthz", Cache.NO_STORE), ("/no-such-page", Cache.SHORT), (f"{ARTICLE}/p/bbbbbbbb", Cache.SHORT),
])
def test_cache_control_is_the_routes_class_and_short_for_errors(client, address, cache):
    assert client.get(address).headers["Cache-Control"] == cache.value


@pytest.mark.parametrize("route", [r for r in TABLE if "<" in r.pattern], ids=lambda r: r.name)
def test_each_route_answers_a_missing_thing_in_its_kind(client, route: Route):
    """A parameter that names nothing gets a 404 in JSON from a JSON route, in HTML from the others."""
    values = {name: "nothing-here" for name in re.findall(r"<(?:\w+:)?(\w+)>", route.pattern)}
    response = client.get(path(route.name, **values))
    assert response.status_code == 404
    assert response.mimetype == ("application/problem+json" if route.kind is Kind.JSON else "text/html")


@pytest.mark.parametrize("resource", PASSAGE_RESOURCES)
def test_a_moved_key_redirects_each_passage_resource_to_its_successors(client, resource):
    response = client.get(f"{ARTICLE}/p/aaaaaaaa{resource}?hl=0-10")
    assert response.status_code == 301
    assert response.headers["Location"] == f"{ARTICLE}/p/{SUCCESSOR}{resource}"
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_moved_keys_citation_keeps_the_access_date_but_not_the_highlight(client):
    response = client.get(f"{ARTICLE}/p/aaaaaaaa/cite.json?hl=0-10&accessed=2026-12-05")
    assert response.status_code == 301
    assert response.headers["Location"] == f"{ARTICLE}/p/{SUCCESSOR}/cite.json?accessed=2026-12-05"


@pytest.mark.parametrize("resource", PASSAGE_RESOURCES)
def test_a_withdrawn_key_is_gone_on_each_passage_resource(client, resource):
    response = client.get(f"{ARTICLE}/p/bbbbbbbb{resource}")
    assert response.status_code == 410
    if resource.endswith(".json"):
        assert response.mimetype == "application/problem+json"
        assert "withdrawn" in response.get_json()["detail"] and "share button" in response.get_json()["detail"]
    else:
        assert "Share this story" in response.get_data(as_text=True)


@pytest.mark.parametrize("resource", PASSAGE_RESOURCES)
def test_a_key_never_published_is_404_on_each_passage_resource(client, resource):
    assert client.get(f"{ARTICLE}/p/zzzzzzzz{resource}").status_code == 404


def test_the_archive_resolves_current_moved_and_withdrawn_keys(app):
    archive = app.extensions["archive"]
    slug = ARTICLE.rsplit("/", 1)[1]
    assert isinstance(archive.resolve_passage(slug, SUCCESSOR), CurrentPassage)
    assert archive.resolve_passage(slug, "aaaaaaaa") == MovedPassage(archive.article(slug), SUCCESSOR)
    assert isinstance(archive.resolve_passage(slug, "bbbbbbbb"), WithdrawnPassage)

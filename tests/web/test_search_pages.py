"""The search page, /api/search and /opensearch.xml over HTTP: results, bad input, JSON shape."""

import html
import random
import re
from urllib.parse import quote

import pytest
from markupsafe import escape

from app import create_app
from bench.abuse import PARSER_ABUSE
from tests.conftest import REAL_CORPUS
from tests.state.test_search_relevance import LAVROV_VISIT

BAD_INPUT = [
    # (query parameters, status, words the page must say)
    ({"q": '"political solution'}, 200, "quote mark had no partner"),
    ({"q": "(drones OR sanctions"}, 200, "brackets did not pair up"),
    ({"q": "drones)"}, 200, "brackets did not pair up"),
    ({"q": "x" * 10240}, 400, "10,240 characters"),
    ({"q": "drones\x00\x07\x1b[31m"}, 200, "passages in"),
    ({"q": "رئیسی"}, 200, "No passage matches"),
    ({"q": "\u202edrones\u202c"}, 200, "passages in"),
    ({"q": "*"}, 200, "other stars were ignored"),
    ({"q": "*stan"}, 200, "other stars were ignored"),
    ({"q": "dr*nes ?rones"}, 200, "other stars were ignored"),
    ({"q": "headline:Tokyo"}, 200, "named fields"),
    ({"q": "nosuchfield:drones"}, 200, "named fields"),
    ({"q": "drones", "page": "-1"}, 400, "not a page number"),
    ({"q": "drones", "page": "0"}, 400, "not a page number"),
    ({"q": "drones", "page": "two"}, 400, "not a page number"),
    ({"q": "drones", "page": str(10**9)}, 404, "There is no page 1000000000"),
    ({"q": "drones", "page": "9" * 5000}, 400, "not a page number"),
    ({"q": "drones", "sort": "random"}, 400, "not a way to sort"),
    ({"q": "drones", "year": "last"}, 400, "four digits"),
    ({"q": "drones", "outlet": "No Such Outlet"}, 200, "No passage matches"),
    ({"q": "-drones"}, 200, "Add a word to look for"),
    ({"q": "NOT"}, 200, "Search"),
    ({"q": "NOT Putin"}, 200, "Add a word to look for"),
    ({"q": "OR OR AND"}, 200, "Search"),
    ({"q": '""'}, 200, "Search"),
    ({"q": "()"}, 200, "Search"),
    ({"q": "[a TO z] {x} drones^9 drones~2 <b> \\ %"}, 200, "Search"),
    ({"q": "a" * 500}, 200, "No passage matches"),
    ({"q": "🚀 ☃"}, 200, "No passage matches"),
    ({"q": " OR ".join(["x"] * 120)}, 400, "596 characters"),
    ({"q": "a " * 3000}, 400, "6,000 characters"),
    # The parser's worst cases: how long each takes is measured by bench/abuse.py.
    *[({"q": query}, 200, "Search") for query in PARSER_ABUSE],
]


def bad_input_id(case):
    params, _, _ = case
    return repr(params)[:60]


@pytest.mark.parametrize(("params", "status", "says"), BAD_INPUT, ids=[bad_input_id(case) for case in BAD_INPUT])
def test_bad_input_gets_a_clear_page(real_client, params, status, says):
    response = real_client.get("/search", query_string=params)
    assert response.status_code == status
    assert says in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(("params", "status", "says"), BAD_INPUT, ids=[bad_input_id(case) for case in BAD_INPUT])
def test_bad_input_gets_a_clear_json_answer(real_client, params, status, says):
    response = real_client.get("/api/search", query_string=params)
    assert response.is_json
    if status >= 400:
        assert response.status_code == status and says in response.get_json()["detail"]
    elif response.status_code == 400:  # nothing left to search for: the API needs a query
        assert says in response.get_json()["detail"]
    else:
        assert response.status_code == 200


FUZZ_PIECES = ['"', "(", ")", "((", "))", "*", "?", "-", "+", ":", "^", "~", "[", "]", "{", "}", "\\", "/", "'", "’", "“", " ", "  ", "\n", "\t",
               "AND", "OR", "NOT", "NOT NOT", "ANDNOT", "ANDMAYBE", "TO", "*:*", "text:", "slug:", "drones", "Raisi", "Amir", "Abdollahian",
               "Amir Abdollahian", "Kan'ani", "pr*", "a", "s", "é", "ğ", "\u200f", "\x00", "رئیسی", "😀", "%", "&", "<", ">", "0", "2022", ",", "."]


def test_a_fuzzer_cannot_make_a_server_error(real_client):
    rng = random.Random(3)
    for _ in range(400):
        params = {"q": "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(1, 30)))}
        if rng.random() < 0.3:
            params["sort"] = rng.choice(["date", "newest"])
        for path in ("/search", "/api/search"):
            assert real_client.get(path, query_string=params).status_code < 500, (path, params)


def test_a_malformed_url_encoding_is_not_a_server_error(real_client):
    for raw in ("q=%ED%A0%80", "q=%FF%FE", "q=%", "q=drones&page=%00"):
        assert real_client.get("/search?" + raw).status_code < 500


def test_an_empty_query_shows_the_help_and_examples(real_client):
    response = real_client.get("/search?q=")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "How to search" in page and "role=\"alert\"" not in page


def test_every_example_in_the_help_finds_something(real_client):
    page = real_client.get("/search").get_data(as_text=True)
    examples = re.findall(r'<a href="(/search\?q=[^"]+)">', page)
    assert len(examples) >= 10
    for link in examples:
        assert "passage" in real_client.get(html.unescape(link)).get_data(as_text=True), link


def test_a_hit_shows_its_article_and_links_to_its_passage(real_client, real_corpus):
    page = real_client.get("/search?q=Lavrov").get_data(as_text=True)
    article = real_corpus.article(LAVROV_VISIT)
    passage = next(p for p in article.passages if p.text.startswith("During the meeting, Lavrov"))
    assert "2 passages in 1 article" in page
    assert f'href="/articles/{article.slug}#p-{passage.key}"' in page and f"¶{passage.number}<" in page
    assert escape(article.title) in page and escape(article.outlet) in page
    assert f'<time datetime="{article.published.iso}">{article.published.label}</time>' in page
    assert '<mark class="hit t0">Lavrov</mark>' in page


def test_hits_from_one_article_share_one_heading(real_client):
    page = real_client.get("/search?q=Lavrov").get_data(as_text=True)
    assert page.count('class="search-hit__article"') == 1 and page.count('class="search-hit"') == 1
    assert page.count('class="search-hit__passage"') == 2


def test_an_article_with_more_matching_passages_says_how_many_more(real_client):
    page = real_client.get("/search?q=sanctions").get_data(as_text=True)
    assert re.search(r"\d+ more passages? of this article match", page)


def test_the_page_offers_the_corrected_query_as_a_link(real_client):
    page = real_client.get("/search?q=Lavarov").get_data(as_text=True)
    assert 'Did you mean <a href="/search?q=Lavrov">Lavrov</a>?' in page


def test_the_page_says_when_another_spelling_matched(real_client):
    assert "Also matched: Raeisi" in real_client.get("/search?q=Raisi").get_data(as_text=True)


def test_the_page_says_when_not_every_word_matched(real_client):
    assert "No passage has all of your words" in real_client.get("/search?q=Lavrov+xyzzy").get_data(as_text=True)


def test_filters_sorting_and_pages_are_plain_links():
    one_a_page = create_app({"TESTING": True, "CORPUS_DIR": str(REAL_CORPUS), "SEARCH_PAGE_SIZE": "1"}).test_client()  # five pages of one
    page = one_a_page.get("/search?q=Iran&page=1").get_data(as_text=True)
    for link in ["/search?q=Iran&amp;outlet=Daily+Express", "/search?q=Iran&amp;year=2023", "/search?q=Iran&amp;person=Ebrahim+Raisi",
                 "/search?q=Iran&amp;sort=date", "/search?q=Iran&amp;sort=newest", 'rel="next" href="/search?q=Iran&amp;page=2"']:
        assert link in page
    second = one_a_page.get("/search?q=Iran&year=2023&sort=date&page=2").get_data(as_text=True)
    assert 'rel="prev" href="/search?q=Iran&amp;year=2023&amp;sort=date"' in second
    assert 'href="/search?q=Iran&amp;sort=date" aria-label="Remove the filter 2023"' in second
    assert "page 2 of 2" in second and second.count('class="search-hit"') == 1 and '<ol class="search-hits" start="2">' in second
    assert one_a_page.get("/api/search?q=Iran&page=2").get_json()["page_size"] == 1


def test_the_search_form_keeps_filters_and_order(real_client):
    page = real_client.get("/search?q=Iran&year=2023&sort=newest").get_data(as_text=True)
    assert '<input type="hidden" name="year" value="2023">' in page and '<input type="hidden" name="sort" value="newest">' in page


def test_the_query_is_escaped_wherever_it_is_shown(real_client):
    page = real_client.get("/search", query_string={"q": '<script>alert(1)</script> "drones'}).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_pages_are_not_indexed_by_robots(real_client):
    assert '<meta name="robots" content="noindex">' in real_client.get("/search?q=drones").get_data(as_text=True)


JSON_ARTICLE_KEYS = {"slug", "headline", "headline_supplied", "outlet", "published", "url", "score", "matching_passages", "hits"}
JSON_HIT_KEYS = {"key", "number", "url", "permalink", "score", "excerpt", "speakers"}


def test_the_json_api_answers_with_articles_their_hits_totals_and_the_correction(client):
    response = client.get("/api/search?q=denied+drones")
    body = response.get_json()
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert body["query"] == "denied drones" and body["corrected_query"] is None and body["total_hits"] == 1 and body["total_articles"] == 1
    assert body["page"] == 1 and body["pages"] == 1 and body["page_size"] == 10 and body["sort"] == "relevance" and body["filters"] == {}
    assert body["facets"]["year"] == [{"value": "2022", "count": 1}] and body["all_words_matched"] and not body["timed_out"]
    (article,) = body["articles"]
    assert set(article) == JSON_ARTICLE_KEYS and article["matching_passages"] == 1
    assert article["slug"] == "2022-02-25-drones-over-the-capital" and article["url"] == f"https://archive.example/articles/{article['slug']}"
    (hit,) = article["hits"]
    assert set(hit) == JSON_HIT_KEYS and hit["number"] == 2
    assert hit["permalink"] == f"https://archive.example/articles/{article['slug']}/p/{hit['key']}"
    assert hit["url"] == f"https://archive.example/articles/{article['slug']}#p-{hit['key']}"
    assert hit["excerpt"] == 'The ministry <mark class="hit t0">denied</mark> sending <mark class="hit t1">drones</mark>.'
    assert isinstance(hit["score"], float) and article["score"] == hit["score"]


def test_a_headline_match_finds_the_articles_passages_ranking_the_text_match_first(client):
    body = client.get("/api/search?q=drones").get_json()
    assert body["total_hits"] == 4
    best = max((hit for article in body["articles"] for hit in article["hits"]), key=lambda hit: hit["score"])
    assert best["number"] == 2


def test_the_json_api_offers_corrections_and_other_spellings(real_client):
    assert real_client.get("/api/search?q=sanctoins").get_json()["corrected_query"] == "sanctions"
    assert real_client.get("/api/search?q=Kyiv").get_json()["also_matched"] == ["Kiev"]


def test_the_json_api_needs_a_query(client):
    response = client.get("/api/search?q=+")
    assert response.status_code == 400 and "q" in response.get_json()["detail"]


def test_opensearch_description_lets_a_browser_search_the_archive(client):
    response = client.get("/opensearch.xml")
    body = response.get_data(as_text=True)
    assert response.mimetype == "application/opensearchdescription+xml"
    assert 'template="https://archive.example/search?q={searchTerms}"' in body and "<ShortName>" in body


@pytest.mark.parametrize("path", ["/", "/search", "/search?q=drones", f"/articles/{LAVROV_VISIT}"])
def test_every_page_links_the_opensearch_description(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    assert '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in page


@pytest.mark.parametrize("path", ["/search?q=" + quote("Raisi"), "/search", "/search?q=drones&page=-1"])
def test_search_pages_work_under_the_content_security_policy(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    assert " style=" not in page and "<style" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_json_hits_sorted_by_date_have_no_score(real_client):
    (article,) = real_client.get("/api/search?q=Lavrov&sort=date").get_json()["articles"]
    assert [hit["number"] for hit in article["hits"]] == [2, 12] and article["score"] is None
    assert all(hit["score"] is None for hit in article["hits"])


def test_a_search_stopped_by_the_time_limit_says_so_and_is_not_kept(corpus_copy, client):
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy), "SEARCH_TIME_LIMIT": "0"})  # out of time before any word is looked for
    stopped = app.test_client()
    response = stopped.get("/search?q=Raisi")
    assert response.status_code == 200 and "The search took too long and was stopped" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    api = stopped.get("/api/search?q=Raisi")
    assert api.get_json()["timed_out"] is True and api.headers["Cache-Control"] == "no-store"
    assert app.extensions["response_cache"].size == 0  # neither answer kept
    assert "took too long" not in client.get("/search?q=Raisi").get_data(as_text=True)


def test_a_supplied_headline_is_marked_in_the_results(real_client):
    assert "[headline supplied by the archive]" in real_client.get("/search?q=Kishida").get_data(as_text=True)


@pytest.mark.parametrize(("query", "said"), [("iran^999999", "Boosts"), ('"Iran Russia"~999999', "read as ~10")])
def test_a_capped_slop_or_dropped_boost_is_told_on_the_page_and_in_the_api(real_client, query, said):
    page = real_client.get("/search", query_string={"q": query}).get_data(as_text=True)
    answer = real_client.get("/api/search", query_string={"q": query}).json
    assert said in page and any(said in note for note in answer["notes"]) and answer["total_hits"] > 0

"""/quote and /api/quote over HTTP: the answer's shape, the page's words, bad input, and the
search page offering the check."""

import html
import re
from urllib.parse import quote

import pytest

SPAN = "including in the defence sector. But we won't help either of the sides involved in this war"


def test_the_api_answers_with_the_marked_permalink_source_similarity_and_differences(real_client):
    body = real_client.get("/api/quote", query_string={"q": "we will not help either of the sides in this war"}).get_json()
    match = body["matches"][0]
    assert match["permalink"].endswith("/p/egacyju7?hl=5-59") and match["outlet"] == "Daily Express"
    assert match["published"]["iso"] == "2022-07-14" and 0.8 <= match["similarity"] < 1 and match["speaker"] == "Hossein Amir-Abdollahian"
    assert {"kind": "insert", "quoted": "", "captured": "involved"} in match["differences"]
    assert body["threshold"] == 0.8 and body["quotation"] == "we will not help either of the sides in this war"


def test_a_marked_permalink_marks_exactly_the_matched_words(real_client):
    match = real_client.get("/api/quote", query_string={"q": SPAN}).get_json()["matches"][0]
    assert [part["number"] for part in match["passages"]] == [5, 6]
    for part in match["passages"]:
        page = html.unescape(real_client.get(part["permalink"]).get_data(as_text=True))
        assert f"<mark>{part['text']}</mark>" in page


def test_the_page_shows_differences_as_del_and_ins_and_links_the_marked_passages(real_client):
    page = real_client.get("/quote", query_string={"q": SPAN.replace("defence", "defense").replace("involved ", "")}).get_data(as_text=True)
    assert "<ins>involved</ins>" in page and "2 close match" not in page and "<strong>Hossein Amir-Abdollahian</strong>, in" in page
    assert 'href="/articles/2022-07-14-iran-turns-on-putin-war-must-be-stopped/p/' in page and "continues into" in page


def test_a_quotation_the_archive_does_not_hold_is_said_plainly(real_client):
    quotation = "Iran will never sell drones to Russia for use in Ukraine"
    assert real_client.get("/api/quote", query_string={"q": quotation}).get_json()["matches"] == []
    page = real_client.get("/quote", query_string={"q": quotation}).get_data(as_text=True)
    assert "No close match" in page and "quote-match" not in page


def test_the_page_without_a_quotation_is_the_form(real_client):
    response = real_client.get("/quote")
    assert response.status_code == 200 and 'name="q"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("quotation", "reason"), [
    ("", "Say which quotation"), (" ", "Paste the quotation"), ("a" * 2001, "2,001 characters"), ("!!! ... ???", "only punctuation"),
    ("Мы не будем помогать", "Latin alphabet"), ("\x00\x01", "Paste the quotation"),
])
def test_bad_input_is_a_400_problem_in_the_api_and_a_readable_page(real_client, quotation, reason):
    response = real_client.get("/api/quote", query_string={"q": quotation})
    assert response.status_code == 400 and response.mimetype == "application/problem+json" and reason in response.get_json()["detail"]
    if quotation:
        page = real_client.get("/quote", query_string={"q": quotation})
        assert page.status_code == 400 and page.mimetype == "text/html" and reason in html.unescape(page.get_data(as_text=True))


def test_the_quote_check_is_kept_out_of_robots_and_search_engines(real_client):
    assert "Disallow: /quote" in real_client.get("/robots.txt").get_data(as_text=True)
    assert '<meta name="robots" content="noindex">' in real_client.get("/quote?q=drones").get_data(as_text=True)


@pytest.mark.parametrize(("query", "offered"), [
    ("we won't help either of the sides involved in this war", True),  # more than eight words
    ('"we will send tanks"', True),  # quoted, found nowhere as a phrase
    ('"serious threat"', False),  # quoted, found
    ("drones Russia", False),
])
def test_the_search_page_offers_to_check_a_long_or_unfound_quotation(real_client, query, offered):
    page = real_client.get("/search?q=" + quote(query)).get_data(as_text=True)
    assert ("Check this as a quote" in page) == offered
    if offered:
        link = html.unescape(re.search(r'href="(/quote\?q=[^"]+)">Check this as a quote', page).group(1))
        assert real_client.get(link).status_code == 200

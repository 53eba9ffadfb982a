"""Embedding a passage: oEmbed discovery and the endpoint (oEmbed 1.0), the embed page, and
which pages another site may frame (only that one)."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

BASE = "http://127.0.0.1:8000"
PASSAGE = "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j"


def oembed(client, **params):
    return client.get("/oembed", query_string=params)


def test_every_passage_page_links_its_oembed(real_client, real_corpus):
    for passage in real_corpus.passages:
        path = f"/articles/{passage.slug}/p/{passage.key}"
        page = real_client.get(path).get_data(as_text=True)
        link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
        query = parse_qs(urlsplit(html.unescape(link.group(1))).query)
        assert query == {"url": [BASE + path], "format": ["json"]}
        assert real_client.get(html.unescape(link.group(1))).status_code == 200


def test_the_oembed_answer_has_every_field_of_a_rich_type(real_client):
    body = oembed(real_client, url=BASE + PASSAGE, format="json").get_json()
    assert body["type"] == "rich" and body["version"] == "1.0" and body["provider_name"] == "Iran on the War in Ukraine"
    assert body["provider_url"] == BASE + "/" and body["author_name"] == "Iran’s Foreign Ministry and Saeed Khatibzadeh"
    assert "¶6" in body["title"] and body["width"] == 550 and body["height"] > 100


class Embedded(HTMLParser):
    """The oEmbed html: its elements in order, and its text."""

    def __init__(self):
        super().__init__()
        self.tags, self.text, self.attributes = [], [], {}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.setdefault(tag, dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_the_oembed_html_is_a_blockquote_that_stands_alone_then_the_iframe(real_client, real_corpus):
    passage = real_corpus.article("2022-02-25-iran-blames-nato-expansion").passages[5]
    embedded = Embedded()
    embedded.feed(oembed(real_client, url=BASE + PASSAGE).get_json()["html"])
    text = "".join(embedded.text)
    assert embedded.tags[0] == "blockquote" and embedded.tags[-1] == "iframe" and "script" not in embedded.tags
    assert passage.text in text and "Young Bhartiya" in text and "25 February 2022" in text and BASE + PASSAGE in text
    assert "Saeed Khatibzadeh" in text
    assert embedded.attributes["iframe"]["src"] == BASE + PASSAGE + "/embed"


def test_the_author_of_a_passage_no_one_speaks_in_is_the_outlet(real_client, real_corpus):
    narrative = real_corpus.article("2022-07-14-iran-turns-on-putin-war-must-be-stopped").passages[11]  # ¶12: the outlet's own words
    assert real_corpus.statements.of(narrative) == ()
    body = oembed(real_client, url=f"{BASE}/articles/{narrative.slug}/p/{narrative.key}").get_json()
    assert body["author_name"] == "Daily Express"


@pytest.mark.parametrize(("maxwidth", "maxheight", "width"), [("300", None, 300), ("2000", None, 550), ("400", "150", 400)])
def test_the_size_keeps_within_maxwidth_and_maxheight(real_client, maxwidth, maxheight, width):
    params = {"url": BASE + PASSAGE, "maxwidth": maxwidth, **({"maxheight": maxheight} if maxheight else {})}
    body = oembed(real_client, **params).get_json()
    assert body["width"] == width and f'width="{width}"' in body["html"]
    assert body["height"] <= int(maxheight or 10**6)


def test_a_narrower_embed_is_taller(real_client):
    assert oembed(real_client, url=BASE + PASSAGE, maxwidth="250").get_json()["height"] > oembed(real_client, url=BASE + PASSAGE).get_json()["height"]


@pytest.mark.parametrize(("params", "status"), [
    ({"url": "https://example.com" + PASSAGE}, 404),
    ({"url": BASE + "/articles/2022-02-25-iran-blames-nato-expansion"}, 404),
    ({"url": BASE + "/articles/2022-02-25-iran-blames-nato-expansion/p/zzzzzzzz"}, 404),
    ({"url": BASE + "/articles/2099-01-01-nothing/p/zzzzzzzz"}, 404),
    ({"url": "javascript:alert(1)"}, 404),
    ({}, 404),
    ({"url": BASE + PASSAGE, "format": "xml"}, 501),
    ({"url": BASE + PASSAGE, "maxwidth": "wide"}, 400),
    ({"url": BASE + PASSAGE, "maxheight": "0"}, 400),
])
def test_what_the_oembed_cannot_answer_is_a_problem(real_client, params, status):
    response = oembed(real_client, **params)
    assert response.status_code == status and response.mimetype == "application/problem+json" and response.get_json()["detail"]


def test_the_embed_page_is_the_passage_alone_without_script(real_client, real_corpus):
    passage = real_corpus.article("2022-02-25-iran-blames-nato-expansion").passages[5]
    page = real_client.get(PASSAGE + "/embed").get_data(as_text=True)
    assert html.escape(passage.text, quote=False) in page and "<script" not in page and "site-header" not in page
    assert 'href="' + BASE + PASSAGE + '"' in page and "Young Bhartiya" in page
    assert "<strong>Iran’s Foreign Ministry and Saeed Khatibzadeh</strong>, in" in page


def test_only_the_embed_page_may_be_framed(real_client):
    embed = real_client.get(PASSAGE + "/embed")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"] and "X-Frame-Options" not in embed.headers
    assert "script-src 'none'" in embed.headers["Content-Security-Policy"]
    for path in ["/", PASSAGE, "/quote", "/search?q=drones", "/oembed?url=" + BASE + PASSAGE, "/api/quote?q=drones", PASSAGE + "/embe"]:
        response = real_client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"] and response.headers["X-Frame-Options"] == "DENY", path


FIXTURE = "https://archive.example/articles/2022-02-25-drones-over-the-capital/p/"


def test_a_moved_passage_embeds_its_successor_and_a_withdrawn_one_is_not_found(client):
    moved = client.get("/oembed", query_string={"url": FIXTURE + "aaaaaaaa"}).get_json()
    assert f'src="{FIXTURE}c2qkpdb5/embed"' in moved["html"]
    withdrawn = client.get("/oembed", query_string={"url": FIXTURE + "bbbbbbbb"})
    assert withdrawn.status_code == 404 and "withdrawn" in withdrawn.get_json()["detail"]


def test_the_embed_page_of_an_old_key_answers_as_the_passage_page_does(client):
    moved = client.get("/articles/2022-02-25-drones-over-the-capital/p/aaaaaaaa/embed")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/p/c2qkpdb5/embed")
    assert client.get("/articles/2022-02-25-drones-over-the-capital/p/bbbbbbbb/embed").status_code == 410

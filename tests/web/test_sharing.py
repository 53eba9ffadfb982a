"""Sharing and citing: highlighted parts of passages, previews on every page, citations,
feeds and sitemaps, Web Annotation targets."""

import html
import json
import re
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest

from app.web.highlight import read_highlight, sentences

SLUG = "2022-02-25-iran-blames-nato-expansion"
PASSAGE = f"/articles/{SLUG}/p/gopmzmom"
TEXT = "Iran’s Foreign Ministry stated that provocative moves by NATO, spearheaded by the US, have led to a situation"


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"no {name}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(
    ("value", "fits"),
    [("0-6", True), ("7-30", True), ("0-999", False), ("30-7", False), ("5-5", False), ("abc", False), ("-1-4", False),
     ("1-2-3", False), ("", None), ("99999999-1", False), ("٣-٥", False)],
)
def test_highlight_ranges(value, fits):
    highlight, notice = read_highlight(value, TEXT)
    if fits is None:
        assert highlight is None and notice is None
    else:
        assert (highlight is not None) == fits and (notice is None) == fits


def test_a_highlighted_part_is_marked_and_previewed(real_client):
    page = real_client.get(f"{PASSAGE}?hl=0-23").get_data(as_text=True)
    assert "<mark>Iran’s Foreign Ministry</mark> stated" in page
    assert meta(page, "property", "og:description") == "“Iran’s Foreign Ministry”"
    assert meta(page, "property", "og:url").endswith(f"{PASSAGE}?hl=0-23")
    assert '<link rel="canonical" href="http://127.0.0.1:8000' + PASSAGE + '">' in page


@pytest.mark.parametrize("value", ["9999-10000", "30-7", "garbage", "0-0"])
def test_a_range_that_does_not_fit_shows_the_passage_with_a_notice(real_client, value):
    response = real_client.get(f"{PASSAGE}?hl={value}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<mark>" not in page and 'class="notice"' in page
    assert meta(page, "property", "og:description").startswith("Iran’s Foreign Ministry stated")


def test_the_highlight_escapes_the_passage_text():
    from app.web.highlight import Highlight, marked

    assert str(marked("<b>x</b> & y", Highlight(3, 4))) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; y"


def test_each_sentence_has_its_own_plain_link(real_client, real_corpus):
    passage = real_corpus.article(SLUG).passages[5]
    page = real_client.get(f"/articles/{SLUG}/p/{passage.key}").get_data(as_text=True)
    parts = sentences(passage.text)
    assert len(parts) >= 2
    for part in parts:
        assert f'href="/articles/{SLUG}/p/{passage.key}?hl={part.param}"' in page
        assert real_client.get(f"/articles/{SLUG}/p/{passage.key}?hl={part.param}").get_data(as_text=True).count("<mark>") == 1


def test_sentence_ranges_cover_the_sentences_with_their_closing_quotes():
    text = "“It is wrong,” he said. They left. “Go.”"
    assert [text[h.start:h.end] for h in sentences(text)] == ["“It is wrong,” he said.", "They left.", "“Go.”"]


PAGES = ["/", f"/articles/{SLUG}", PASSAGE, "/timeline", "/people", "/people/ebrahim-raisi", "/search?q=drones"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_preview_tags_and_a_canonical_url(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    for attribute, name in [("property", "og:title"), ("property", "og:description"), ("property", "og:url"),
                            ("property", "og:type"), ("name", "twitter:card"), ("name", "twitter:title")]:
        assert meta(page, attribute, name)
    assert re.search(r'<link rel="canonical" href="http://127\.0\.0\.1:8000/[^"]*">', page)


@pytest.mark.parametrize("path", ["/nothing/%3Cb%3E", f"/articles/{SLUG}/p/zzzzzzzz"])
def test_error_pages_claim_no_canonical_url(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    assert 'rel="canonical"' not in page and 'property="og:url"' not in page and "og:title" in page


def test_the_base_url_setting_makes_links_absolute_behind_a_proxy(client):
    page = client.get("/articles/2023-08-08-tokyo").get_data(as_text=True)
    assert '<link rel="canonical" href="https://archive.example/articles/2023-08-08-tokyo">' in page


def test_article_pages_carry_news_article_json_ld_and_cite_as(real_client):
    page = real_client.get(f"/articles/{SLUG}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2022-02-25" and data["publisher"]["name"] == "Young Bhartiya"
    assert f'<link rel="cite-as" href="http://127.0.0.1:8000/articles/{SLUG}">' in page


def test_citations_name_outlet_headline_date_urls_and_access_date(real_client):
    page = real_client.get(PASSAGE).get_data(as_text=True)
    cite = html.unescape(re.sub(r"<[^>]+>", "", page[page.index('class="cite__text"'):page.index("</p>", page.index('class="cite__text"'))]))
    for part in ["“Iran Blames NATO Expansion for Russia’s Invasion of Ukraine.”", "Young Bhartiya", "25 February 2022", "¶1",
                 "http://www.youngbhartiya.com/article/", f"http://127.0.0.1:8000{PASSAGE}", "Accessed [date accessed]"]:
        assert part in cite, part
    assert "@online{2022-02-25-iran-blames-nato-expansion-p1," in html.unescape(page)


def test_a_supplied_headline_is_bracketed_in_citations(real_client):
    page = html.unescape(real_client.get("/articles/2023-08-08-amir-abdollahian-in-tokyo-nato-provocations").get_data(as_text=True))
    assert "[Amir-Abdollahian in Tokyo: NATO provocations “among the root causes of the war”] (headline supplied by the archive)" in page


def test_csl_json_names_the_passage_and_the_access_date(real_client):
    response = real_client.get(f"{PASSAGE}/cite.json?accessed=2026-11-25")
    record = json.loads(response.data)[0]
    assert response.mimetype == "application/vnd.citationstyles.csl+json" and "attachment" in response.headers["Content-Disposition"]
    assert record["title"].startswith("Iran Blames NATO") and record["container-title"] == "Young Bhartiya"
    assert record["issued"] == {"date-parts": [[2022, 2, 25]]} and record["note"] == "Passage ¶1. Said by Iran’s Foreign Ministry."
    assert record["accessed"] == {"date-parts": [[2026, 11, 25]]} and record["URL"] == f"http://127.0.0.1:8000{PASSAGE}"
    assert "accessed" not in json.loads(real_client.get(f"{PASSAGE}/cite.json?accessed=junk").data)[0]


def test_the_annotation_target_anchors_the_passage(real_client, real_corpus):
    article = real_corpus.article(SLUG)
    second = article.passages[1]
    data = json.loads(real_client.get(f"/articles/{SLUG}/p/{second.key}/annotation.json").data)
    quote, position = data["selector"]
    edition = "\n\n".join(p.text for p in article.passages)
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == second.text
    assert edition[position["start"]:position["end"]] == second.text
    assert edition[: position["start"]].endswith(quote["prefix"]) and edition[position["end"]:].startswith(quote["suffix"])
    assert f'rel="alternate" type="application/ld+json" href="/articles/{SLUG}/p/{second.key}/annotation.json"' in (
        real_client.get(f"/articles/{SLUG}/p/{second.key}").get_data(as_text=True))


def test_the_feed_is_valid_atom_with_every_article(real_client, real_corpus):
    root = ET.fromstring(real_client.get("/feed.atom").data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and len(entries) == len(real_corpus.articles)
    for entry in entries:
        for name in ("title", "id", "updated", "summary"):
            assert entry.find(f"a:{name}", ns).text
        path = entry.find("a:link[@rel='alternate']", ns).get("href").removeprefix("http://127.0.0.1:8000")
        assert real_client.get(path).status_code == 200


def test_the_sitemap_lists_every_page_and_each_answers_200(real_client, real_corpus):
    root = ET.fromstring(real_client.get("/sitemap.xml").data)
    locations = [loc.text.removeprefix("http://127.0.0.1:8000") for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert {"/", "/timeline", "/people"} <= set(locations)
    assert all(f"/articles/{p.slug}/p/{p.key}" in locations for p in real_corpus.passages)
    assert all(real_client.get(path).status_code == 200 for path in locations)


def test_the_sitemap_lists_only_pages_robots_txt_allows_and_none_that_says_noindex(real_client):
    robots = RobotFileParser()
    robots.parse(real_client.get("/robots.txt").get_data(as_text=True).splitlines())
    assert not robots.can_fetch("*", "http://127.0.0.1:8000/search?q=drones")
    root = ET.fromstring(real_client.get("/sitemap.xml").data)
    locations = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert [url for url in locations if not robots.can_fetch("*", url)] == []
    pages = [real_client.get(url.removeprefix("http://127.0.0.1:8000")).get_data(as_text=True) for url in locations]
    assert not any('<meta name="robots" content="noindex">' in page for page in pages)


def test_robots_names_the_sitemap(real_client):
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in real_client.get("/robots.txt").get_data(as_text=True)


def test_the_api_index_lists_endpoints_that_answer(real_client):
    endpoints = real_client.get("/api").get_json()["endpoints"]
    for endpoint in endpoints:
        path = endpoint["path"].replace("<query>", "drones").replace("<slug>/p/<key>", f"{SLUG}/p/gopmzmom")
        path = path.replace("/api/people/<slug>", "/api/people/ebrahim-raisi").replace("<slug>", SLUG)
        path = path.replace("<quotation>", "a serious threat").replace("<permalink>", f"http://127.0.0.1:8000/articles/{SLUG}/p/gopmzmom")
        assert real_client.get(path).status_code == 200, path

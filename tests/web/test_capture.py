"""The capture page: every line of every capture, with its anchor and its fate, from the
alignment the fidelity check made; and the links to it and to the Wayback Machine."""

import html
import re

import pytest

from app.model import summarise

EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"
HAUSATV = "2022-06-22-iran-president-us-nato-provocation-root-cause"
PRESS_MEDIA = "2023-02-25-interaction-with-russia-not-against-others"
LINE = re.compile(r'<li id="L(\d+)" class="capture-line[^"]*">(.*?)</li>', re.DOTALL)


def lines_of(client, slug: str) -> dict[int, str]:
    """Line number -> the HTML of its list item, from the capture page."""
    response = client.get(f"/articles/{slug}/capture")
    assert response.status_code == 200
    return {int(number): body for number, body in LINE.findall(response.get_data(as_text=True))}


def test_every_line_of_every_capture_has_its_anchor_text_and_fate(real_client, real_corpus):
    for article in real_corpus.articles:
        captured = article.capture.data.decode("utf-8").removesuffix("\n").split("\n")
        shown = lines_of(real_client, article.slug)
        assert list(shown) == list(range(1, len(captured) + 1)), article.slug
        for number, text in enumerate(captured, start=1):
            body = shown[number]
            if text.strip():
                assert 'class="capture-line__fate"' in body, (article.slug, number)
                visible = re.sub(r"<[^>]+>", "", body.split('class="capture-line__text">')[1].split("</span>")[0])
                assert html.unescape(visible) == text, (article.slug, number)
            else:
                assert "(blank)" in body and "capture-line__fate" not in body, (article.slug, number)


def test_every_passage_is_linked_from_each_of_its_lines(real_client, real_corpus):
    for article in real_corpus.articles:
        shown = lines_of(real_client, article.slug)
        for passage, (first, last) in article.alignment.passage_lines().items():
            link = f'href="/articles/{article.slug}/p/{article.passages[passage - 1].key}">¶{passage}</a>'
            assert all(link in shown[number] for number in range(first, last + 1)), (article.slug, passage)
        assert set(article.alignment.passage_lines()) == {p.number for p in article.passages}


def test_every_omitted_reason_is_shown_beside_its_line(real_client, real_corpus):
    for article in real_corpus.articles:
        shown = lines_of(real_client, article.slug)
        for omission in article.omitted:
            fate = html.unescape(re.sub(r"<[^>]+>", "", shown[omission.line].split('class="capture-line__fate"')[1]))
            assert f"left out: {omission.reason}" in fate.replace("Left out", "left out"), (article.slug, omission)


def test_a_part_left_out_is_marked_within_its_line(real_client):
    line = lines_of(real_client, PRESS_MEDIA)[26]
    assert '<del class="left-out-part">(Int’l Monitoring Desk)</del></span>' in line
    assert ">¶11</a>" in line and "left out: desk credit" in line and "capture-line--left-out" not in line


def test_joined_lines_show_one_passage_spanning_them(real_client):
    shown = lines_of(real_client, HAUSATV)
    assert "¶2</a>, lines 4–9" in shown[4]
    assert all("¶2</a>, continued" in shown[number] for number in range(5, 10))
    assert "The headline" in shown[1]


def test_the_summary_counts_lines_passages_and_reasons(real_client, real_corpus):
    page = real_client.get(f"/articles/{EXPRESS}/capture").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "What became of its 79 lines" in text
    assert "32 lines became the 32 passages of the edition" in text and "9 lines were left out" in text
    assert "“DON’T MISS” related-article links: lines 40, 41, 42, 43" in text
    assert '<a href="#L63">63</a>' in page


def test_the_summary_of_a_part_left_out(real_client):
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", real_client.get(f"/articles/{PRESS_MEDIA}/capture").get_data(as_text=True)))
    assert "desk credit: part of line 26" in text and "4 lines were left out" in text


def test_the_page_opens_with_the_capture_file_and_its_provenance(real_client, real_corpus):
    article = real_corpus.article(EXPRESS)
    page = real_client.get(f"/articles/{EXPRESS}/capture").get_data(as_text=True)
    assert article.capture.filename in page and article.capture.sha256 in page and f"{len(article.capture.data):,} bytes" in page
    assert f'href="/articles/{EXPRESS}/original"' in page and html.escape(article.url) in page


def test_the_capture_text_is_escaped(client):
    line = lines_of(client, "2022-02-25-drones-over-the-capital")[1]
    assert "&lt;script&gt;tracker()&lt;/script&gt;" in line and "<script>" not in line


def test_summarise_counts_the_fixture(app):
    article = app.extensions["archive"].corpus.article("2023-08-08-tokyo")
    summary = summarise(article.alignment.lines(article.capture.data))
    assert (summary.lines, summary.blank, summary.in_passages, summary.headline) == (5, 2, 2, 0)
    assert [(group.reason, group.lines, group.parts) for group in summary.left_out] == [("date ticker", (1,), ()), ("desk credit", (), (3,))]


def test_an_unknown_article_has_no_capture_page(real_client):
    response = real_client.get("/articles/2099-01-01-nothing/capture")
    assert response.status_code == 404 and "No such article" in response.get_data(as_text=True)


def test_the_article_links_to_its_capture_and_to_the_wayback_machine(real_client, real_corpus):
    for article in real_corpus.articles:
        page = real_client.get(f"/articles/{article.slug}").get_data(as_text=True)
        assert f'href="/articles/{article.slug}/capture"' in page
        assert f'href="https://web.archive.org/web/*/{html.escape(article.url)}"' in page


@pytest.mark.parametrize(("key", "place"), [("tdcashwm", "#L4\">lines 4–9 of"), ("tzfmhgra", "#L3\">line 3 of")])
def test_each_passage_links_to_its_place_in_the_capture(real_client, key, place):
    page = real_client.get(f"/articles/{HAUSATV}/p/{key}").get_data(as_text=True)
    assert f'href="/articles/{HAUSATV}/capture{place}' in page


def test_the_sitemap_lists_every_capture_page(real_client, real_corpus):
    sitemap = real_client.get("/sitemap.xml").get_data(as_text=True)
    assert all(f"/articles/{article.slug}/capture</loc>" in sitemap for article in real_corpus.articles)

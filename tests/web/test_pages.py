"""The pages, on the real corpus (integration) and on the fixture corpus (moves, tombstones)."""

import hashlib
import html
import itertools
import re

import pytest

from app.web.dated_text import DATE_PATTERN
from tests.conftest import REAL_CORPUS

SUPPLIED = "[headline supplied by the archive]"


def all_articles(corpus):
    return list(corpus.articles)


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"no {name} meta tag"
    return html.unescape(match.group(1))


def test_home_lists_every_article_in_date_order(real_client, real_corpus):
    page = real_client.get("/").get_data(as_text=True)
    positions = [page.index(f'href="/articles/{a.slug}"') for a in real_corpus.articles]
    assert positions == sorted(positions)
    for article in real_corpus.articles:
        assert html.escape(article.outlet) in page and html.escape(article.lede, quote=False) in page
        assert f'<time datetime="{article.published.iso}">{article.published.label}</time>' in page


def test_every_article_page_shows_its_source_and_numbered_passages(real_client, real_corpus):
    for article in real_corpus.articles:
        response = real_client.get(f"/articles/{article.slug}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert html.escape(article.url) in page and article.capture.sha256 in page
        assert f'href="/articles/{article.slug}/original"' in page
        for passage in article.passages:
            assert f'id="p-{passage.key}"' in page
            assert f'href="/articles/{article.slug}/p/{passage.key}"' in page and f"¶{passage.number}<" in page


def test_every_date_on_a_page_is_a_time_element(real_client, real_corpus):
    article = real_corpus.article("2022-07-14-iran-turns-on-putin-war-must-be-stopped")
    page = real_client.get(f"/articles/{article.slug}").get_data(as_text=True)
    for report in article.reports:
        assert f'<time datetime="{report.date.iso}">{report.date.label}</time>' in page


ARTICLE_TEXT = re.compile(
    "|".join([
        r"<head>.*?</head>", r"<time [^>]*>.*?</time>", r'<div class="passage" .*?</div>',
        r'<blockquote class="passage-quote".*?</blockquote>', r'<p class="lede">.*?</p>',
        r'<li class="passage-ref">.*?</li>', r'<details class="sentences">.*?</details>',
    ]),
    re.DOTALL,
)


def test_every_date_in_the_archives_own_words_is_a_time_element(real_client, real_corpus):
    """Dates outside <time> may appear only in the articles' own text (passages, ledes)."""
    paths = ["/"] + [f"/articles/{a.slug}" for a in real_corpus.articles]
    paths += [f"/articles/{a.slug}/p/{a.passages[0].key}" for a in real_corpus.articles]
    for path in paths:
        rest = ARTICLE_TEXT.sub(" ", real_client.get(path).get_data(as_text=True))
        rest = re.sub(r"<[^>]+>", " ", rest)
        assert not DATE_PATTERN.search(rest), (path, DATE_PATTERN.search(rest))


def test_every_passage_page_previews_the_passage(real_client, real_corpus):
    for article in real_corpus.articles:
        for passage in article.passages:
            path = f"/articles/{article.slug}/p/{passage.key}"
            response = real_client.get(path)
            page = response.get_data(as_text=True)
            assert response.status_code == 200, path
            assert meta(page, "property", "og:description") == passage.text
            assert meta(page, "name", "twitter:description") == passage.text
            assert article.title in meta(page, "property", "og:title")
            assert f'<link rel="canonical" href="http://127.0.0.1:8000{path}">' in page
            assert f'href="/articles/{article.slug}#p-{passage.key}"' in page
            assert f"¶{passage.number} of {len(article.passages)}" in page


def test_a_supplied_headline_is_marked_wherever_it_shows(real_client):
    slug = "2023-08-08-amir-abdollahian-in-tokyo-nato-provocations"
    for path in ["/", f"/articles/{slug}"]:
        assert SUPPLIED in real_client.get(path).get_data(as_text=True)
    passage_page = real_client.get(f"/articles/{slug}/p/vipuvezp").get_data(as_text=True)
    assert SUPPLIED in meta(passage_page, "property", "og:title")


# The five source captures and their SHA-256, pinned here rather than read from the corpus, so a
# capture that is changed, re-encoded or re-listed in SHA256SUMS fails this test loudly.
CAPTURES = {
    "000_7aa1e2b11d9b1c66.txt": "a4646b4e5cca099790cdc35c43ea394b9f8ba9035664cf0c4f76272740f37494",
    "001_7cff03987157c9ff.txt": "1c00086effbb27b6ce4a93627ef425cb6c9b070e6399ba76a2b2afa321f1a15a",
    "002_6b52e77a5b6936bc.txt": "c0272aa4f432394dd958271ff80b11f51f50c43c744ffcb99fe914aa5b35da03",
    "003_82a46db112b80e47.txt": "ff3a490327c2acb0faed12246cddb5b7dffec3e2ac37d8cc884d586517ac33e1",
    "004_30e032a2b5043f8a.txt": "dad42c69330f586d62f3672fe9f2fe9cdc4792567b042217a833f47e95fbefc1",
}


def test_the_corpus_keeps_every_seed_capture_and_lists_it_with_its_pinned_digest(real_corpus):
    listed = dict(reversed(line.split()) for line in (REAL_CORPUS / "originals" / "SHA256SUMS").read_text("utf-8").splitlines())
    assert listed == CAPTURES
    assert {a.capture.filename: a.capture.sha256 for a in real_corpus.articles} == CAPTURES


@pytest.mark.parametrize(("capture", "sha256"), CAPTURES.items())
def test_the_original_is_the_capture_byte_for_byte(real_client, real_corpus, capture, sha256):
    article = next(a for a in real_corpus.articles if a.capture.filename == capture)
    response = real_client.get(f"/articles/{article.slug}/original")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert hashlib.sha256(response.data).hexdigest() == sha256
    assert response.data == (REAL_CORPUS / "originals" / capture).read_bytes()


def test_articles_link_to_their_neighbours_by_date(real_client, real_corpus):
    first, second = real_corpus.articles[:2]
    page = real_client.get(f"/articles/{first.slug}").get_data(as_text=True)
    assert f'rel="next" href="/articles/{second.slug}"' in page and 'rel="prev"' not in page


def test_the_lock_file_lists_every_current_passage(real_corpus):
    current = {(p.slug, p.key) for p in real_corpus.passages}
    assert current <= real_corpus.permalinks.locked


def test_every_locked_url_still_resolves(real_client, real_corpus):
    for slug, key in sorted(real_corpus.permalinks.locked):
        response = real_client.get(f"/articles/{slug}/p/{key}", follow_redirects=True)
        assert response.status_code in (200, 410), (slug, key)


def test_a_moved_passage_answers_301_to_its_successor(client):
    response = client.get("/articles/2022-02-25-drones-over-the-capital/p/aaaaaaaa")
    assert response.status_code == 301
    assert response.headers["Location"] == "/articles/2022-02-25-drones-over-the-capital/p/c2qkpdb5"


def test_a_withdrawn_passage_keeps_a_tombstone(client):
    response = client.get("/articles/2022-02-25-drones-over-the-capital/p/bbbbbbbb")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Share this story" in page and "share button" in page and 'href="/articles/2022-02-25-drones-over-the-capital"' in page


def test_unknown_passage_key_is_404_linking_to_article(client):
    response = client.get("/articles/2022-02-25-drones-over-the-capital/p/zzzzzzzz")
    assert response.status_code == 404
    assert 'href="/articles/2022-02-25-drones-over-the-capital"' in response.get_data(as_text=True)


def test_unknown_slug_is_404_linking_home(client):
    response = client.get("/articles/2099-01-01-nothing")
    assert response.status_code == 404 and 'href="/"' in response.get_data(as_text=True)


def test_equal_passages_have_distinct_working_permalinks(client):
    for key in ("o4kfrxee", "o4kfrxee-2"):
        assert client.get(f"/articles/2022-02-25-drones-over-the-capital/p/{key}").status_code == 200


def test_writes_are_refused_with_allow(client):
    response = client.post("/articles/2023-08-08-tokyo")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_healthz_answers_ok(client):
    assert client.get("/healthz").data == b"ok\n"


PAGES = ["/", "/articles/2022-02-25-iran-blames-nato-expansion", "/articles/2022-02-25-iran-blames-nato-expansion/p/gopmzmom", "/nowhere"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_work_under_a_strict_content_security_policy(real_client, path):
    response = real_client.get(path)
    page = response.get_data(as_text=True)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "http" not in policy
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))", page), "inline script"
    assert " style=" not in page and "<style" not in page and " on" + "click=" not in page


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_elsewhere(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    loading = r'<(?:script|img|iframe|source)\b[^>]*>|<link\b[^>]*rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*>'
    tags = re.findall(loading, page)
    assert tags
    for tag in tags:
        reference = re.search(r'(?:src|href)="([^"]*)"', tag)
        if reference:
            assert reference.group(1).startswith("/") and not reference.group(1).startswith("//"), tag


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_semantic_and_skippable(real_client, path):
    page = real_client.get(path).get_data(as_text=True)
    assert '<html lang="en">' in page and '<main id="main"' in page and 'href="#main"' in page
    assert "<header" in page and "<footer" in page and 'role="search"' in page


@pytest.mark.parametrize("path", [*PAGES, "/timeline", "/people", "/people/ebrahim-raisi", "/search?q=drones", "/search"])
def test_headings_descend_one_level_at_a_time(real_client, path):
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", real_client.get(path).get_data(as_text=True))]
    assert levels and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels

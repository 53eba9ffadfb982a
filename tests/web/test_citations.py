"""Citations as the tools that read them see them: every CSL-JSON file against the official
CSL data schema, Chicago's punctuation after a headline, and the meta tags that Zotero's
"Embedded Metadata" translator and Google Scholar read from article and passage pages."""

import dataclasses
import html
import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from app.web.cite import Citable, chicago
from tests.conftest import TESTS

SCHEMA = json.loads((TESTS / "fixtures" / "csl" / "csl-data.json").read_text("utf-8"))
EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"
SUPPLIED = "2023-08-08-amir-abdollahian-in-tokyo-nato-provocations"
BASE = "http://127.0.0.1:8000"


def citations(corpus) -> list[str]:
    """The cite.json of every article and every passage."""
    return [f"/articles/{a.slug}/cite.json" for a in corpus.articles] + [f"/articles/{p.slug}/p/{p.key}/cite.json" for p in corpus.passages]


@pytest.mark.parametrize("accessed", ["", "?accessed=2026-11-25"])
def test_every_csl_json_passes_the_official_csl_data_schema(real_client, real_corpus, accessed):
    validator = jsonschema.Draft7Validator(SCHEMA)
    for path in citations(real_corpus):
        errors = [error.message for error in validator.iter_errors(real_client.get(path + accessed).get_json())]
        assert errors == [], path


def test_the_schema_refuses_a_label_the_item_does_not_have():
    """The copy of the schema is the strict one: `label` belongs to a citation, not to an item."""
    item = {"id": "x", "type": "article-newspaper", "label": "paragraph"}
    assert not jsonschema.Draft7Validator(SCHEMA).is_valid([item])


def test_a_passages_csl_json_names_its_paragraph_in_a_note_not_as_its_page(real_client, real_corpus):
    passage = real_corpus.article(EXPRESS).passages[2]
    record = real_client.get(f"/articles/{EXPRESS}/p/{passage.key}/cite.json").get_json()[0]
    assert record["note"] == "Passage ¶3." and "page" not in record and "label" not in record and "locator" not in record
    assert "note" not in real_client.get(f"/articles/{EXPRESS}/cite.json").get_json()[0]


@pytest.mark.parametrize(("title", "cited"), [
    ("Iran turns on Putin: 'We won't help'!", "“Iran turns on Putin: 'We won't help'!”"),
    ("Will Iran help?", "“Will Iran help?”"),
    ("He said “stop.”", "“He said “stop.””"),
    ("Iran blames NATO", "“Iran blames NATO.”"),
])
def test_a_headline_that_ends_a_sentence_gets_no_second_period(real_corpus, title, cited):
    item = Citable(dataclasses.replace(real_corpus.article(EXPRESS), title=title), "https://archive.example/x", "Archive")
    assert chicago(item).startswith(f"{cited} Daily Express, ")


def test_no_citation_on_any_page_puts_a_period_after_a_question_or_an_exclamation(real_client, real_corpus):
    pages = [f"/articles/{a.slug}" for a in real_corpus.articles] + [f"/articles/{p.slug}/p/{p.key}" for p in real_corpus.passages]
    for path in pages:
        page = real_client.get(path).get_data(as_text=True)
        cited = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<section class="cite".*?</section>', page, re.S).group(0)))
        assert "Chicago" in cited and not re.search(r"[!?]['’\"”]*\.", cited), path


# Zotero's "Embedded Metadata" translator --------------------------------------------------
# Its rules, as read in zotero/translators (Embedded Metadata.js, 2024-06-13, and the RDF.js
# it hands Dublin Core and Open Graph statements to, 2019-09-08):
# - Highwire `citation_*` tags are read by name: citation_title → title, citation_publication_date
#   or citation_date → date, citation_public_url → url, citation_language → language,
#   citation_firstpage(-citation_lastpage) → pages. These win over DC and Open Graph.
# - The item type: some Highwire tags force one (citation_journal_title → journalArticle,
#   citation_book_title → bookSection, citation_conference_title → conferencePaper,
#   citation_dissertation_institution → thesis, citation_technical_report_institution → report).
#   Otherwise the first of: an og:type that names a type ("website" → webpage, "book" → book),
#   a DC.type that names a Zotero item type, then guesses (citation_title → journalArticle,
#   og:type "article" → journalArticle).
# - publicationTitle: DC.source (after PRISM tags), else og:site_name for a newspaper article.
HIGHWIRE_FIELDS = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
                   "citation_public_url": "url", "citation_language": "language"}
HIGHWIRE_TYPES = {"citation_journal_title": "journalArticle", "citation_book_title": "bookSection",
                  "citation_inbook_title": "bookSection", "citation_conference_title": "conferencePaper",
                  "citation_conference": "conferencePaper", "citation_dissertation_institution": "thesis",
                  "citation_technical_report_institution": "report"}
OPEN_GRAPH_TYPES = {"website": "webpage", "book": "book"}
ZOTERO_TYPES = {"newspaperArticle", "magazineArticle", "journalArticle", "webpage", "blogPost", "report", "book"}


class HeadMeta(HTMLParser):
    """The <meta name|property content> pairs of a page, in order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("content") and (attributes.get("name") or attributes.get("property")):
            self.tags.append((attributes.get("name") or attributes["property"], attributes["content"]))


def zotero_item(page: str) -> dict:
    """What the translator makes of a page, by the rules above."""
    parser = HeadMeta()
    parser.feed(page)
    first = {}
    for name, content in parser.tags:
        first.setdefault(name, content)
    dc_type = first.get("DC.type") if first.get("DC.type") in ZOTERO_TYPES else None
    guess = "journalArticle" if "citation_title" in first or first.get("og:type") == "article" else None
    forced = next((kind for name, kind in HIGHWIRE_TYPES.items() if name in first), None)
    item = {"itemType": forced or OPEN_GRAPH_TYPES.get(first.get("og:type")) or dc_type or guess,
            "title": first.get("DC.title") or first.get("og:title"), "date": first.get("DC.date"), "language": first.get("DC.language")}
    item["publicationTitle"] = first.get("DC.source") or (first.get("og:site_name") if item["itemType"] == "newspaperArticle" else None)
    item.update({field: first[name] for name, field in HIGHWIRE_FIELDS.items() if name in first})
    if "citation_firstpage" in first:
        item["pages"] = "-".join(filter(None, [first["citation_firstpage"], first.get("citation_lastpage")]))
    return item


def test_zotero_saves_a_passage_page_as_a_newspaper_article_with_its_paragraph(real_client, real_corpus):
    passage = real_corpus.article(EXPRESS).passages[2]
    item = zotero_item(real_client.get(f"/articles/{EXPRESS}/p/{passage.key}").get_data(as_text=True))
    assert item == {"itemType": "newspaperArticle", "title": real_corpus.article(EXPRESS).title, "publicationTitle": "Daily Express",
                    "date": "2022/07/14", "url": f"{BASE}/articles/{EXPRESS}/p/{passage.key}", "language": "en", "pages": "¶3"}


def test_zotero_saves_an_article_page_as_a_newspaper_article(real_client):
    item = zotero_item(real_client.get("/articles/2022-06-22-iran-president-us-nato-provocation-root-cause").get_data(as_text=True))
    assert item["itemType"] == "newspaperArticle" and item["title"] == "Iran's president: US, NATO provocation root cause of Ukraine conflict"
    assert item["publicationTitle"] == "HausaTV (English service of Iran’s state broadcaster)" and item["date"] == "2022/06/22"
    assert "pages" not in item


def test_zotero_gets_a_supplied_headline_in_square_brackets(real_client, real_corpus):
    item = zotero_item(real_client.get(f"/articles/{SUPPLIED}").get_data(as_text=True))
    assert item["title"] == f"[{real_corpus.article(SUPPLIED).title}]"


def test_the_embedded_metadata_reader_would_see_a_journal_article_if_the_outlet_were_a_journal_title():
    """The reader above is strict enough to catch the tag that would spoil the item type."""
    page = ('<meta name="citation_title" content="T"><meta name="citation_journal_title" content="Daily Express">'
            '<meta name="DC.type" content="newspaperArticle">')
    assert zotero_item(page)["itemType"] == "journalArticle"


def test_scholar_finds_title_date_and_url_on_every_article_and_passage_page(real_client, real_corpus):
    pages = [f"/articles/{a.slug}" for a in real_corpus.articles] + [f"/articles/{p.slug}/p/{p.key}" for p in real_corpus.passages]
    for path in pages:
        item = zotero_item(real_client.get(path).get_data(as_text=True))
        assert item["title"] and re.fullmatch(r"\d{4}/\d{2}(/\d{2})?", item["date"]) and item["url"] == BASE + path, path

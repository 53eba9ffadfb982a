"""Who said it, as readers meet it: passage and article pages, people pages, cards, citations,
search (facet, filter, hits), the timeline and the API."""

import re

import pytest

from app.web import cards, cite

RAISI, AMIR_ABDOLLAHIAN = "ebrahim-raisi", "hossein-amir-abdollahian"
HAUSA = "2022-06-22-iran-president-us-nato-provocation-root-cause"
EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"


def passage_of(corpus, slug, number):
    return corpus.article(slug).passages[number - 1]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_passage_page_says_who_speaks_with_the_role_the_kind_and_the_evidence(real_client, real_corpus):
    passage = passage_of(real_corpus, EXPRESS, 6)
    page = real_client.get(f"/articles/{EXPRESS}/p/{passage.key}").get_data(as_text=True)
    said = page[page.index('<div class="said-by">'):page.index('<p class="source">')]
    assert "Said by Hossein Amir-Abdollahian, Iran’s foreign minister (quoted)" in text_of(said)
    assert f'href="/people/{AMIR_ABDOLLAHIAN}"' in said
    assert "continues the quotation opened in ¶5" in said and "<details" in said


def test_a_pronoun_links_to_the_narrative_passage_that_names_its_speaker(real_client, real_corpus):
    fourth, fifth = passage_of(real_corpus, EXPRESS, 4), passage_of(real_corpus, EXPRESS, 5)
    page = real_client.get(f"/articles/{EXPRESS}/p/{fifth.key}").get_data(as_text=True)
    evidence = page[page.index('<details class="said-by__evidence">'):page.index("</details>")]
    assert "“He” refers back to ¶4, which names Hossein Amir-Abdollahian (read ¶4)." in text_of(evidence)
    assert f'href="/articles/{EXPRESS}#p-{fourth.key}"' in evidence


def test_an_institution_speaks_without_a_link_and_a_narrative_passage_names_no_speaker(real_client, real_corpus):
    article = real_corpus.article("2022-02-25-iran-blames-nato-expansion")
    ministry = real_client.get(f"/articles/{article.slug}/p/{article.passages[0].key}").get_data(as_text=True)
    assert "Said by Iran’s Foreign Ministry (reported)" in text_of(ministry)
    express = real_corpus.article(EXPRESS)
    narrative = real_client.get(f"/articles/{EXPRESS}/p/{express.passages[11].key}").get_data(as_text=True)  # ¶12
    assert "said-by" not in narrative.split("<main", 1)[1].split('class="cite"', 1)[0]


def test_each_passage_in_its_article_says_who_speaks_with_the_evidence_on_hover(real_client):
    page = real_client.get(f"/articles/{HAUSA}").get_data(as_text=True)
    assert 'title="“the Iranian president” refers back to the speaker of ¶8">(quoted)' in page
    assert page.count('class="said-by"') == 9


def test_raisis_page_leads_with_the_three_hausatv_statements_that_do_not_name_him(real_client, real_corpus):
    page = real_client.get(f"/people/{RAISI}").get_data(as_text=True)
    said, named = page.split('id="named"', 1)
    said = said[said.index('id="said"'):]
    assert "He stressed the importance of ending the war in Ukraine" in said
    assert "He noted that constant meetings" in said and "the Iranian president said" in said
    assert "President Ebrahim Raisi met with President Putin in Turkmenistan" in named  # Express ¶25: named, not his words
    assert said.index("25 February 2022") < said.index("22 June 2022")


def test_amir_abdollahians_page_has_express_5_and_6_and_every_continued_quotation(real_client, real_corpus):
    page = real_client.get(f"/people/{AMIR_ABDOLLAHIAN}").get_data(as_text=True)
    said = page.split('id="named"', 1)[0]
    continued = [p for p in real_corpus.article(EXPRESS).passages if p.text.startswith("“")]
    for passage in [passage_of(real_corpus, EXPRESS, 5), *continued]:
        assert f'href="/articles/{EXPRESS}/p/{passage.key}"' in said


def test_the_api_gives_a_persons_statements_in_date_order_and_keeps_the_passages_naming_them(real_client, real_corpus):
    answer = real_client.get(f"/api/people/{RAISI}").get_json()
    assert answer["passages"] and set(answer["statements"][0]) == {"url", "kind", "evidence", "text"}
    ninth = passage_of(real_corpus, HAUSA, 9)
    (found,) = [s for s in answer["statements"] if s["url"].endswith(f"/articles/{HAUSA}/p/{ninth.key}")]
    assert found == {"url": found["url"], "kind": "quoted", "evidence": "“the Iranian president” refers back to the speaker of ¶8",
                     "text": ninth.text}
    dates = [s["url"].split("/articles/")[1][:10] for s in answer["statements"]]
    assert dates == sorted(dates)


def test_a_quote_card_has_an_attribution_line_and_no_second_opening_mark(real_corpus):
    article = real_corpus.article(EXPRESS)
    passage = passage_of(real_corpus, EXPRESS, 6)
    card = cards.passage_card(article, passage, passage.text, "Archive", real_corpus.statements.of(passage))
    assert card.attribution == "— Hossein Amir-Abdollahian, Iran’s foreign minister"
    assert passage.text.startswith("“") and card.body == passage.text[1:]


def test_a_card_with_an_attribution_is_drawn_differently(real_app, real_corpus):
    article = real_corpus.article(EXPRESS)
    passage = passage_of(real_corpus, EXPRESS, 6)
    fonts = cards.Fonts.from_assets(real_app.extensions["archive"].assets)
    said = cards.passage_card(article, passage, passage.text, "Archive", real_corpus.statements.of(passage))
    unsaid = cards.passage_card(article, passage, passage.text, "Archive")
    assert cards.draw(said, fonts) != cards.draw(unsaid, fonts)


def test_a_citation_names_the_speaker_quoted_in_the_article(real_corpus):
    passage = passage_of(real_corpus, EXPRESS, 6)
    item = cite.Citable(real_corpus.article(EXPRESS), "https://a.example/p", "Archive", passage, real_corpus.statements.of(passage))
    assert cite.chicago(item).startswith("Hossein Amir-Abdollahian, quoted in “Iran turns on Putin")
    assert "said by Hossein Amir-Abdollahian" in cite.bibtex(item)
    narrative = passage_of(real_corpus, EXPRESS, 11)
    assert cite.chicago(cite.Citable(real_corpus.article(EXPRESS), "https://a.example/p", "Archive", narrative)).startswith("“Iran turns")


TOKYO = "2023-08-08-amir-abdollahian-in-tokyo-nato-provocations"


def test_a_citation_of_a_passage_where_one_is_quoted_and_one_reported_says_which(real_corpus):
    passage = passage_of(real_corpus, TOKYO, 5)
    item = cite.Citable(real_corpus.article(TOKYO), "https://a.example/p", "Archive", passage, real_corpus.statements.of(passage))
    assert cite.chicago(item).startswith("Yoshimasa Hayashi, reported, and Hossein Amir-Abdollahian, quoted, in [Amir-Abdollahian in Tokyo")


def test_a_passages_csl_json_names_its_speakers_in_its_note(real_corpus):
    passage = passage_of(real_corpus, TOKYO, 5)
    item = cite.Citable(real_corpus.article(TOKYO), "https://a.example/p", "Archive", passage, real_corpus.statements.of(passage))
    assert cite.csl_json(item, None)["note"] == "Passage ¶5. Headline supplied by the archive. Said by Yoshimasa Hayashi and Hossein Amir-Abdollahian."
    narrative = cite.Citable(real_corpus.article(EXPRESS), "https://a.example/p", "Archive", passage_of(real_corpus, EXPRESS, 11))
    assert "Said by" not in cite.csl_json(narrative, None).get("note", "")


def test_the_passage_page_cites_the_speaker(real_client, real_corpus):
    passage = passage_of(real_corpus, HAUSA, 3)
    page = real_client.get(f"/articles/{HAUSA}/p/{passage.key}").get_data(as_text=True)
    assert "Ebrahim Raisi, reported in “Iran&#39;s president" in page


def test_search_has_a_said_by_facet_with_counts_and_filters_by_it(real_client):
    answer = real_client.get("/api/search?q=sanctions").get_json()
    facet = {value["value"]: value for value in answer["facets"]["said_by"]}
    assert facet[RAISI]["label"] == "Ebrahim Raisi" and facet[RAISI]["count"] >= 1
    narrowed = real_client.get(f"/api/search?q=sanctions&said-by={RAISI}").get_json()
    assert narrowed["total_hits"] == facet[RAISI]["count"] and narrowed["filters"] == {"said_by": RAISI}
    assert all(RAISI in [s["slug"] for s in hit["speakers"]] for article in narrowed["articles"] for hit in article["hits"])


def test_the_search_page_shows_the_facet_and_each_hits_speaker(real_client):
    page = real_client.get("/search?q=sanctions").get_data(as_text=True)
    assert f'href="/search?q=sanctions&amp;said-by={RAISI}">Ebrahim Raisi</a>' in page
    filtered = real_client.get(f"/search?q=sanctions&said-by={RAISI}").get_data(as_text=True)
    assert f'<input type="hidden" name="said-by" value="{RAISI}">' in filtered
    assert 'class="said-by">Said by <a href="/people/ebrahim-raisi">' in filtered
    summary = filtered[filtered.index('class="search-summary"'):filtered.index("</p>", filtered.index('class="search-summary"'))]
    assert "said by <strong>Ebrahim Raisi</strong>" in summary and RAISI not in summary.split("remove")[0].split("<strong>")[1]


@pytest.mark.parametrize("path", ["/api/search?q=war&said-by=nobody", "/search?q=war&said-by=nobody", "/search?said-by=nobody",
                                  "/api/search?q=war&said-by=Not%20A%20Slug"])
def test_an_unknown_said_by_is_a_400_not_an_empty_success(real_client, path):
    response = real_client.get(path)
    assert response.status_code == 400
    if path.startswith("/api"):
        assert response.mimetype == "application/problem+json" and "said-by" in response.get_json()["detail"]


def test_an_unknown_said_by_names_the_speakers_not_the_people_list(real_client):
    detail = real_client.get("/api/search?q=war&said-by=donald-trump").get_json()["detail"]
    assert "/api/people" not in detail and "said_by facet of /api/search" in detail
    assert "ebrahim-raisi" in detail and "iran-foreign-ministry" in detail and "donald-trump, " not in detail


def test_timeline_events_show_who_spoke_in_their_passages(real_client):
    page = real_client.get("/timeline").get_data(as_text=True)
    event = page[page.index('id="e-raisi-lavrov-tehran"'):]
    event = event[:event.index("</li>\n", event.index('class="passage-refs"'))]
    assert 'Said by <a href="/people/ebrahim-raisi">Ebrahim Raisi</a>, Iran’s president' in event


def test_the_people_page_and_api_count_where_each_speaks_and_where_each_is_named(real_client, real_corpus):
    listed = {p["slug"]: p for p in real_client.get("/api/people").get_json()["people"]}
    assert listed[RAISI]["statements"] == len(real_corpus.statements.said_by(RAISI)) == 10
    assert listed["donald-trump"]["statements"] == 0 and listed["donald-trump"]["passages"] == 1
    page = text_of(real_client.get("/people").get_data(as_text=True))
    assert f"says something in 10 passages · named in {listed[RAISI]['passages']}" in page

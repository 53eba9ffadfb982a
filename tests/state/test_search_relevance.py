"""Relevance on the real corpus: for each query, the passages a reader must see in the top 3."""

import pytest

from tests.state.conftest import find

NATO_EXPANSION = "2022-02-25-iran-blames-nato-expansion"
LAVROV_VISIT = "2022-06-22-iran-president-us-nato-provocation-root-cause"
WAR_MUST_STOP = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"
NOT_AGAINST_OTHERS = "2023-02-25-interaction-with-russia-not-against-others"
TOKYO = "2023-08-08-amir-abdollahian-in-tokyo-nato-provocations"

# (query, [(article, words from the passage that must be in the top 3)])
RELEVANCE = [
    ("Raisi Lavrov", [(LAVROV_VISIT, "Raeisi said in a meeting with visiting Russian Foreign Minister")]),
    ("drones", [(NOT_AGAINST_OTHERS, "has strongly rejected the allegations"), (WAR_MUST_STOP, "was supplying Russia with drones"),
                (TOKYO, "an allegation categorically rejected by Tehran")]),
    ('"political solution"', [(TOKYO, "focus on a political solution"), (NOT_AGAINST_OTHERS, "to find a political solution")]),
    ("Lavrov", [(LAVROV_VISIT, "Lavrov said Russia is keen")]),
    ("Khatibzadeh ceasefire", [(NATO_EXPANSION, "establish a ceasefire for immediate talks")]),
    ("evacuation", [(NATO_EXPANSION, "help with their evacuation"), (NATO_EXPANSION, "priority is to evacuate")]),
    ("Hayashi", [(TOKYO, "Japanese Foreign Minister Yoshimasa Hayashi urged Iran")]),
    ("Kishida", [(TOKYO, "also met with Prime Minister Fumio Kishida")]),
    ("Tokyo press conference", [(TOKYO, "at a press conference in the Japanese capital")]),
    ("JCPOA Vienna", [(NATO_EXPANSION, "nuclear negotiations in Vienna")]),
    ("Shanghai Cooperation Organization", [(LAVROV_VISIT, "membership in the Shanghai Cooperation Organization")]),
    ("Caspian Sea", [(LAVROV_VISIT, "Caspian Sea littoral states")]),
    ("Turkmenistan", [(WAR_MUST_STOP, "met with President Putin in Turkmenistan")]),
    ("Sullivan", [(WAR_MUST_STOP, "Jake Sullivan made public")]),
    ("Astana", [(WAR_MUST_STOP, "trilateral summit in Astana format")]),
    ("Biden Israel Saudi", [(WAR_MUST_STOP, "Joe Biden is on a trip to Israel")]),
    ("Kanani Sputnik", [(NOT_AGAINST_OTHERS, "Kanaani told Sputnik on Friday")]),
    ("Kyiv", [(LAVROV_VISIT, "following Kiev’s failure")]),
    ("Donbass", [(NATO_EXPANSION, "civilians in the Donbas republics")]),
    ("Lugansk", [(LAVROV_VISIT, "breakaway regions of Donetsk and Luhansk"), (NATO_EXPANSION, "the Luhansk People’s Republic")]),
    ('"February 2022"', [(TOKYO, "In February 2022, Russia launched")]),
    ("2018", [(LAVROV_VISIT, "re-imposed by the US in 2018")]),
    ("sanction Trump", [(WAR_MUST_STOP, "tough sanctions imposed on Iran by former President Donald Trump")]),
    ("defense collaboration", [(WAR_MUST_STOP, "including in the defence sector")]),
    ("Erdoğan", [(WAR_MUST_STOP, "Turkish President Recep Tayyip Erdogan")]),
    ("Warsaw Oman", [(TOKYO, "delegation in Warsaw, Poland")]),
    ('"special military operation"', [(TOKYO, "what it called a “Special Military Operation”"), (LAVROV_VISIT, "what he called a “special military operation”"),
                                      (NOT_AGAINST_OTHERS, "what it calls a special military operation")]),
    ("nuclear program peaceful", [(WAR_MUST_STOP, "nuclear programme is purely for peaceful civilian purposes")]),
    ("de-Nazify", [(LAVROV_VISIT, "to “de-Nazify” Ukraine"), (NOT_AGAINST_OTHERS, "to “de-Nazify” the ex-Soviet republic")]),
    ("Amirabdollahian Italy", [(WAR_MUST_STOP, "visit to Italy")]),
    ("Teheran Moscow ties", [(NATO_EXPANSION, "develop ties with Moscow")]),
    ("Kremlin", [(NATO_EXPANSION, "met with Putin at the Kremlin")]),
    ("weapons producers", [(TOKYO, "biggest arms producers and exporters")]),
]


def passage_with(corpus, slug: str, words: str):
    found = [p for p in corpus.article(slug).passages if words in p.text]
    assert len(found) == 1, f"{words!r} names {len(found)} passages of {slug}"
    return found[0]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[query for query, _ in RELEVANCE])
def test_the_passages_a_reader_needs_are_in_the_top_three(real_search_index, real_corpus, query, expected):
    top = [(hit.passage.slug, hit.passage.key) for hit in find(real_search_index, query).hits[:3]]
    for slug, words in expected:
        passage = passage_with(real_corpus, slug, words)
        assert (passage.slug, passage.key) in top, f"{query!r}: ¶{passage.number} of {slug} is not in the top 3"


def test_the_relevance_table_has_at_least_twenty_queries():
    assert len(RELEVANCE) >= 20

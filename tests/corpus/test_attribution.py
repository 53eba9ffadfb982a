"""The proposer: statements guessed from the words, checked against the curated table."""

import datetime as dt
from types import SimpleNamespace

import pytest

from app.corpus import load_corpus
from app.corpus.attribution import proposals_as_toml, propose_statements
from app.corpus.people import find_mentions
from app.corpus.problems import CorpusError
from app.corpus.todos import TODO
from app.model import FuzzyDate, Passage, Person
from bench.attribution import agreement

HAUSA = "2022-06-22-iran-president-us-nato-provocation-root-cause"
EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"


def _proposed(corpus, slug, number):
    return [(p.by, p.evidence, p.back) for p in propose_statements(corpus.article(slug), corpus.people)[number]]


def test_he_after_a_named_speaker_refers_back_and_a_title_fits_the_office(real_corpus):
    assert _proposed(real_corpus, HAUSA, 3) == [("ebrahim-raisi", "pronoun", 2)]
    assert _proposed(real_corpus, HAUSA, 9) == [("ebrahim-raisi", "title", 8)]


def test_he_after_a_narrative_passage_naming_the_speaker_refers_back_to_it(real_corpus):
    assert _proposed(real_corpus, EXPRESS, 4) == []
    assert _proposed(real_corpus, EXPRESS, 5) == [("hossein-amir-abdollahian", "pronoun", 4)]


def test_an_office_after_a_passage_naming_others_is_the_office_alone(real_corpus):
    assert _proposed(real_corpus, EXPRESS, 22) == [("hossein-amir-abdollahian", "role", None)]  # ¶21 names Putin and Erdogan


@pytest.mark.parametrize(("narrative", "expected"), [
    ("Raisi was asked about the talks.", ("raisi", "pronoun", 1)),
    ("Raisi met Putin in Tehran.", (TODO, "pronoun", 1)),
])
def test_he_after_a_narrative_passage_is_its_one_named_person_or_todo_among_several(narrative, expected):
    passages = tuple(Passage("2022-06-22-talks", key, n, text)
                     for n, (key, text) in enumerate([("passagea", narrative), ("passageb", "He said the talks went well.")], start=1))
    article = SimpleNamespace(slug="2022-06-22-talks", title="On the talks", passages=passages, published=FuzzyDate(dt.date(2022, 6, 22)))
    people = find_mentions((Person("raisi", "Ebrahim Raisi", "President", ("Raisi",)),
                            Person("putin", "Vladimir Putin", "President", ("Putin",))), (article,))
    assert [(p.by, p.evidence, p.back) for p in propose_statements(article, people)[2]] == [expected]


def test_a_paragraph_opening_with_a_quotation_mark_continues_an_open_quotation(real_corpus):
    assert _proposed(real_corpus, EXPRESS, 6) == [("hossein-amir-abdollahian", "continued", 5)]
    assert _proposed(real_corpus, EXPRESS, 32) == [("hossein-amir-abdollahian", "continued", 28)]


def test_a_narrative_passage_gets_no_statement(real_corpus):
    assert _proposed(real_corpus, EXPRESS, 11) == []


def test_every_curated_kind_of_evidence_is_counted_against_the_proposals(real_corpus):
    table, _, _ = agreement(real_corpus)
    assert sum(sum(counts.values()) for counts in table.values()) == sum(len(s) for s in real_corpus.statements.in_passage.values())
    for kind in ("continued", "pronoun", "title"):  # exact: the same passage pointed back to, too
        assert table[kind]["exact"] == sum(table[kind].values())


def test_proposals_are_written_as_one_table_a_passage(real_corpus):
    article = real_corpus.article(HAUSA)
    text = proposals_as_toml(article, propose_statements(article, real_corpus.people))
    assert text.count("[[passage]]") == len(article.passages)
    assert 'evidence = "title", words = "the Iranian president"' in text


def test_a_passage_with_no_speaker_found_is_narrative_only_if_nothing_in_it_may_speak(real_corpus):
    def tables(slug):
        article = real_corpus.article(slug)
        return {t.split(" ")[1]: t for t in proposals_as_toml(article, propose_statements(article, real_corpus.people)).split("\n\n")}
    assert tables(EXPRESS)["¶11"].endswith("said = []")  # "Iran is currently in talks …": no quotation, no verb of speech
    unsure = tables("2023-02-25-interaction-with-russia-not-against-others")["¶4"]  # "… according to Moscow … “de-Nazify” …"
    assert 'by = "TODO", kind = "TODO", evidence = "TODO"' in unsure


def test_a_todo_speaker_stops_startup_until_decided(corpus_copy):
    path = corpus_copy / "statements.toml"
    path.write_text(path.read_text("utf-8").replace('by = "ebrahim-raisi"', 'by = "TODO"'), "utf-8")
    with pytest.raises(CorpusError, match="TODO: decide who speaks"):
        load_corpus(corpus_copy)

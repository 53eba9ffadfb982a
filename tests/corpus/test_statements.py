"""Statements: every piece of evidence checked against the text, each failure named with its line."""

import datetime as dt
from types import SimpleNamespace

import pytest

from app.corpus import load_corpus
from app.corpus.evidence import quotation_open
from app.corpus.people import find_mentions, read_speakers
from app.corpus.problems import CorpusError, ProblemLog
from app.corpus.statements import read_statements, unattributed
from app.model import Aliases, FuzzyDate, Passage
from tests.conftest import edit

PEOPLE = """
[[person]]
slug = "raisi"
name = "Ebrahim Raisi"
role = "President of Iran"
names = ["Raisi"]
roles = [{ title = "Iran’s president", from = "2021-08-03", called = ["Iranian president"] }]

[[person]]
slug = "putin"
name = "Vladimir Putin"
role = "President of Russia"
names = ["Putin"]
roles = [{ title = "Russia’s president", from = "2012-05-07", called = ["Russian president"] }]

[[person]]
slug = "lavrov"
name = "Sergei Lavrov"
role = "Foreign Minister of Russia"
names = ["Lavrov"]

[[institution]]
slug = "ministry"
name = "Iran’s Foreign Ministry"
names = ["Foreign Ministry"]
"""
TEXTS = [
    "Raisi said the war must end.",                       # ¶1
    "He added: “We are ready to help.",                   # ¶2 opens a quotation, leaves it open
    "“Talks are the only way.”",                          # ¶3 continues it, closes it
    "“A new quotation,” the Iranian president said.",     # ¶4
    "Putin, meanwhile, said nothing new.",                # ¶5
    "The Foreign Ministry stated its view.",              # ¶6
    "Putin was asked about the talks.",                   # ¶7 narrative, naming Putin
    "He said: “We are ready.”",                           # ¶8 refers back to ¶7
    "Raisi met Putin in Tehran.",                         # ¶9 narrative, naming two
    "He told reporters the talks went well.",             # ¶10 refers back to ¶9
]
SLUG = "2022-06-22-talks"


def _article():
    passages = tuple(Passage(SLUG, f"passage{chr(96 + n)}", n, text) for n, text in enumerate(TEXTS, start=1))
    return SimpleNamespace(slug=SLUG, title="Raisi on the talks", title_supplied=False, passages=passages,
                           published=FuzzyDate(dt.date(2022, 6, 22)))


def _read(table: str) -> tuple[object, list[str]]:
    log = ProblemLog()
    article = _article()
    persons, institutions = read_speakers(PEOPLE, "people.toml", log, Aliases(()))
    people = find_mentions(persons, (article,), institutions)
    statements = read_statements(table, "statements.toml", log, (article,), people)
    return statements, [str(problem) for problem in log.problems]


def _table(number: int, *said: str) -> str:
    return f'[[passage]]\nurl = "/articles/{SLUG}/p/passage{chr(96 + number)}"\nsaid = [\n' + "".join(f"  {{ {s} }},\n" for s in said) + "]\n"


GOOD = "".join([
    _table(1, 'by = "raisi", kind = "reported", evidence = "named"'),
    _table(2, 'by = "raisi", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passagea"'),
    _table(3, 'by = "raisi", kind = "quoted", evidence = "continued", opened_in = "passageb"'),
    _table(4, 'by = "raisi", kind = "quoted", evidence = "title", words = "the Iranian president", refers_to = "passagec"'),
    _table(5, 'by = "putin", kind = "reported", evidence = "named"'),
    _table(6, 'by = "ministry", kind = "reported", evidence = "named"'),
])


def test_evidence_that_holds_gives_statements_in_passage_and_speaker_order():
    statements, problems = _read(GOOD)
    assert problems == []
    assert [s.passage.number for s in statements.said_by("raisi")] == [1, 2, 3, 4]
    continued = statements.said_by("raisi")[2]
    assert continued.evidence.text == "continues the quotation opened in ¶2"
    assert continued.speaker_label == "Ebrahim Raisi, Iran’s president"
    assert statements.said_by("ministry")[0].speaker.name == "Iran’s Foreign Ministry"
    assert statements.said_by("ministry")[0].role is None


def test_a_passage_with_an_empty_list_is_narrative_and_one_without_a_table_is_unattributed():
    statements, problems = _read(_table(5) + _table(1, 'by = "raisi", kind = "reported", evidence = "named"'))
    assert problems == []
    assert (SLUG, "passagee") in statements.narrative
    assert unattributed((_article(),), statements) == [f"/articles/{SLUG}/p/passage{chr(96 + n)}" for n in (2, 3, 4, 6, 7, 8, 9, 10)]


@pytest.mark.parametrize(
    ("tables", "words"),
    [
        (_table(5, 'by = "raisi", kind = "reported", evidence = "named"'), "the passage names no spelling of Ebrahim Raisi"),
        (_table(1, 'by = "nobody", kind = "reported", evidence = "named"'), "unknown speaker 'nobody'"),
        (_table(1, 'by = "raisi", kind = "said", evidence = "named"'), "kind must be one of quoted, reported"),
        (_table(1, 'by = "raisi", kind = "quoted", evidence = "named"'), "marked quoted, but the passage has no quotation mark"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "headline"').replace("passagea", "passagee").replace("raisi", "putin"),
         "the headline names no spelling of Vladimir Putin"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "named"')
         + _table(2, 'by = "raisi", kind = "quoted", evidence = "pronoun", words = "She", refers_to = "passagea"'), "“She” is not in the passage"),
        (_table(5, 'by = "putin", kind = "reported", evidence = "named"')
         + _table(6, 'by = "raisi", kind = "reported", evidence = "pronoun", words = "The", refers_to = "passagee"'),
         "refers back to ¶5, whose last statement is Vladimir Putin’s, not Ebrahim Raisi’s"),
        (_table(6, 'by = "ministry", kind = "reported", evidence = "named"')
         + _table(7, 'by = "raisi", kind = "reported", evidence = "pronoun", words = "was", refers_to = "passagef"'),
         "refers back to ¶6, whose last statement is Iran’s Foreign Ministry’s, not Ebrahim Raisi’s"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "named"')
         + _table(2, 'by = "raisi", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passagei"'),
         "refers back to passagei, but the nearest passage before that carries a statement or names a person is ¶1"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "pronoun", words = "Raisi", refers_to = "passagea"'),
         "no passage before it carries a statement or names a person"),
        (GOOD.replace('words = "the Iranian president", refers_to = "passagec"', 'words = "the Russian president", refers_to = "passagec"'),
         "“the Russian president” is not Ebrahim Raisi’s office on 2022-06-22"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "named"')
         + _table(3, 'by = "raisi", kind = "quoted", evidence = "continued", opened_in = "passagea"'),
         "the passage before carries no quotation of Ebrahim Raisi to continue"),
        (GOOD.replace('opened_in = "passageb"', 'opened_in = "passagea"'), "opened_in must be passageb (¶2, where the quotation opened)"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "named", words = "Putin"'), "“Putin” is not a spelling of Ebrahim Raisi"),
        (_table(1, 'by = "raisi", kind = "reported", evidence = "named"'), None),
    ],
)
def test_evidence_that_does_not_hold_is_a_problem_naming_the_passage(tables, words):
    _, problems = _read(tables)
    if words is None:
        assert problems == []
    else:
        assert any(words in problem for problem in problems), problems


def test_a_pronoun_refers_back_to_a_narrative_passage_that_names_the_speaker():
    statements, problems = _read(_table(5, 'by = "putin", kind = "reported", evidence = "named"') + _table(7)
                                 + _table(8, 'by = "putin", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passageg"'))
    assert problems == []
    (said,) = statements.of(_article().passages[7])
    assert said.evidence.back.number == 7
    assert said.evidence.text == "“He” refers back to ¶7, which names Vladimir Putin"


def test_a_pronoun_refers_back_past_a_narrative_passage_only_if_it_names_no_one():
    skipping = _table(5, 'by = "putin", kind = "reported", evidence = "named"') + _table(
        8, 'by = "putin", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passagee"')
    assert any("the nearest passage before that carries a statement or names a person is ¶7 (passageg)" in problem
               for problem in _read(skipping)[1])
    past_silence = _table(1, 'by = "raisi", kind = "reported", evidence = "named"') + _table(
        4, 'by = "raisi", kind = "quoted", evidence = "title", words = "the Iranian president", refers_to = "passagea"')
    assert _read(past_silence)[1] == []  # ¶2 and ¶3 carry no statement here and name no one


def test_a_pronoun_whose_antecedent_names_someone_else_is_a_problem_saying_whom():
    _, problems = _read(_table(8, 'by = "raisi", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passageg"'))
    assert any("¶8 (2022-06-22-talks), said by raisi: refers back to ¶7, which carries no statement and names Vladimir Putin, not Ebrahim Raisi" in problem
               for problem in problems), problems
    assert all(problem.startswith("statements.toml:") for problem in problems)


@pytest.mark.parametrize(("speaker", "problem"), [
    ("raisi", None),
    ("putin", None),
    ("lavrov", "refers back to ¶9, which carries no statement and names Ebrahim Raisi and Vladimir Putin; Sergei Lavrov is not among them"),
])
def test_an_antecedent_naming_several_people_offers_each_of_them_and_no_one_else(speaker, problem):
    table = _table(10, f'by = "{speaker}", kind = "reported", evidence = "pronoun", words = "He", refers_to = "passagei"')
    statements, problems = _read(table)
    if problem is None:
        assert problems == []
        assert statements.said_by(speaker)[0].evidence.back.number == 9
    else:
        assert len(problems) == 1 and problem in problems[0], problems


def test_an_antecedent_carrying_a_statement_offers_its_last_speaker_not_the_others_it_names():
    tables = (_table(9, 'by = "putin", kind = "reported", evidence = "named"')
              + _table(10, 'by = "raisi", kind = "reported", evidence = "pronoun", words = "He", refers_to = "passagei"'))
    _, problems = _read(tables)
    assert len(problems) == 1 and "refers back to ¶9, whose last statement is Vladimir Putin’s, not Ebrahim Raisi’s" in problems[0]


def test_a_continuation_after_a_closed_quotation_is_refused():
    tables = (_table(3, 'by = "raisi", kind = "quoted", evidence = "named"').replace('"named"', '"headline"')
              + _table(4, 'by = "raisi", kind = "quoted", evidence = "continued", opened_in = "passagec"'))
    _, problems = _read(tables)
    assert any("the quotation in ¶3 is closed at its end" in problem for problem in problems), problems


def test_a_role_named_alone_must_be_the_speakers_office_and_no_one_elses():
    fits = _table(4, 'by = "raisi", kind = "quoted", evidence = "role", words = "Iranian president"')
    assert _read(fits)[1] == []
    wrong = _table(4, 'by = "putin", kind = "quoted", evidence = "role", words = "Iranian president"')
    assert any("is not Vladimir Putin’s office" in problem for problem in _read(wrong)[1])


def test_a_table_for_an_unknown_passage_names_its_file_and_line():
    _, problems = _read(GOOD + '\n[[passage]]\nurl = "/articles/nowhere/p/abcdefgh"\nsaid = []\n')
    line = GOOD.count("\n") + 2  # after GOOD's lines and the blank one
    assert f"statements.toml:{line}: '/articles/nowhere/p/abcdefgh' is not a passage of the corpus" in problems


def test_a_dropped_table_does_not_shift_the_lines_of_the_tables_after_it():
    missing_said = f'[[passage]]\nurl = "/articles/{SLUG}/p/passagea"\n'
    _, problems = _read(missing_said + _table(5, 'by = "raisi", kind = "reported", evidence = "named"'))
    assert problems[0].startswith(f"statements.toml:1: passage '/articles/{SLUG}/p/passagea': missing field(s) ['said']"), problems
    assert problems[1].startswith("statements.toml:6: ¶5"), problems  # the `by` line of the second table


def test_a_failed_statement_is_one_problem_not_followed_by_its_pronoun():
    tables = (_table(1, 'by = "putin", kind = "reported", evidence = "named"')
              + _table(2, 'by = "putin", kind = "quoted", evidence = "pronoun", words = "He", refers_to = "passagea"'))
    _, problems = _read(tables)
    assert len(problems) == 1 and "the passage names no spelling of Vladimir Putin" in problems[0], problems


def test_a_continuation_of_a_failed_statement_says_so_rather_than_that_nothing_was_said():
    tables = (_table(2, 'by = "raisi", kind = "quoted", evidence = "pronoun", words = "She", refers_to = "passagea"')
              + _table(3, 'by = "raisi", kind = "quoted", evidence = "continued", opened_in = "passageb"'))
    _, problems = _read(tables)
    assert "continues ¶2, whose statement of Ebrahim Raisi failed its check (above)" in problems[-1], problems
    assert not any("carries no quotation" in problem for problem in problems)


@pytest.mark.parametrize(("statement", "words"), [
    ('by = "raisi", kind = "quoted", evidence = "title", words = 5, refers_to = "passagea"', "words must be text"),
    ('by = "raisi", kind = "quoted", evidence = "role", words = ["Iranian president"]', "words must be text"),
    ('by = 5, kind = "quoted", evidence = "named"', "by must be text"),
])
def test_a_field_of_the_wrong_type_is_a_problem_at_its_line(statement, words):
    _, problems = _read(_table(1, 'by = "raisi", kind = "reported", evidence = "named"') + _table(4, statement))
    assert len(problems) == 1 and problems[0].startswith("statements.toml:9: ¶4") and words in problems[0], problems


def test_a_broken_statement_table_stops_startup_with_its_line(corpus_copy):
    url = next(line for line in (corpus_copy / "permalinks.lock").read_text("utf-8").split("\n") if "tokyo" in line)
    (corpus_copy / "statements.toml").write_text(f'# who speaks\n[[passage]]\nurl = "{url}"\nsaid = [\n'
                                                 '  { by = "ebrahim-raisi", kind = "reported", evidence = "named" },\n]\n', "utf-8")
    with pytest.raises(CorpusError, match=r"corpus/statements.toml:5: ¶\d \(2023-08-08-tokyo\), said by ebrahim-raisi: the passage names no spelling"):
        load_corpus(corpus_copy)


def test_a_role_period_that_is_not_a_date_is_a_problem(corpus_copy):
    edit(corpus_copy / "people.toml", 'from = "2021-08-03"', 'from = "2021-13"')
    with pytest.raises(CorpusError, match="person 'ebrahim-raisi', role 'Iran’s president'"):
        load_corpus(corpus_copy)


def test_every_passage_of_the_real_corpus_is_attributed_or_narrative(real_corpus):
    assert unattributed(real_corpus.articles, real_corpus.statements) == []
    assert len(real_corpus.statements.in_passage) + len(real_corpus.statements.narrative) == 77


HAUSA = "2022-06-22-iran-president-us-nato-provocation-root-cause"
EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"


def test_raisi_said_the_three_hausatv_passages_his_name_is_not_in(real_corpus):
    said = {s.passage.number: s for s in real_corpus.statements.said_by("ebrahim-raisi") if s.passage.slug == HAUSA}
    assert {3, 8, 9} <= set(said)
    assert [said[n].evidence.kind for n in (3, 8, 9)] == ["pronoun", "pronoun", "title"]


def test_named_evidence_shows_the_spelling_that_speaks_where_the_passage_names_the_speaker_twice(real_corpus):
    """“Western countries have also accused Iran …; Tehran has strongly rejected the allegations”: Tehran speaks."""
    article = real_corpus.article("2023-02-25-interaction-with-russia-not-against-others")
    (said,) = real_corpus.statements.of(article.passages[4])
    assert (said.speaker.slug, said.evidence.words) == ("government-of-iran", "Tehran")


def test_express_5s_he_refers_back_to_the_narrative_passage_4_that_names_him(real_corpus):
    express = real_corpus.article(EXPRESS)
    (said,) = real_corpus.statements.of(express.passages[4])
    assert (said.evidence.kind, said.evidence.back.number) == ("pronoun", 4)
    assert real_corpus.statements.of(express.passages[3]) == ()
    assert said.evidence.text == "“He” refers back to ¶4, which names Hossein Amir-Abdollahian"


def test_amir_abdollahian_said_express_5_and_6_and_every_continued_quotation(real_corpus):
    said = [s for s in real_corpus.statements.said_by("hossein-amir-abdollahian") if s.passage.slug == EXPRESS]
    numbers = {s.passage.number for s in said}
    assert {5, 6} <= numbers
    opening = [p.number for p in real_corpus.article(EXPRESS).passages if p.text.startswith("“")]
    assert set(opening) <= numbers
    assert all(s.evidence.kind == "continued" for s in said if s.passage.number in opening)
    assert not any(s.passage.number == 25 for s in real_corpus.statements.said_by("ebrahim-raisi"))


def test_headline_evidence_is_refused_for_a_passage_that_names_someone():
    _, problems = _read(_table(1, 'by = "raisi", kind = "reported", evidence = "headline"'))
    assert len(problems) == 1 and "headline evidence is for a passage that names no one; this one names Ebrahim Raisi" in problems[0]


def test_headline_evidence_says_the_archive_supplied_the_attribution(real_corpus):
    tokyo = real_corpus.article("2023-08-08-amir-abdollahian-in-tokyo-nato-provocations")
    (first,) = real_corpus.statements.of(tokyo.passages[0])
    assert tokyo.title_supplied and first.evidence.kind == "headline"
    assert first.evidence.text.startswith("the capture names no one here")
    assert "the archive’s own attribution, in the headline it supplied (“Amir-Abdollahian”), not the capture’s" in first.evidence.text


@pytest.mark.parametrize(("text", "still_open"), [
    ("He added: “We are asking for a strong economic guarantee.", True),
    ("“… will be able to receive compensation.’’", False),  # Express ¶17 closes with two apostrophes
    ("“Talks are the only way.”", False),
    ('He said: "We are ready.', True),
    ('He said: "We are ready."', False),
])
def test_a_quotation_is_open_only_if_its_last_double_mark_opens_one(text, still_open):
    assert quotation_open(text) is still_open

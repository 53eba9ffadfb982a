"""The loader on the fixture corpus: what it builds, and every way a corpus can be broken."""

import os

import pytest

from app.corpus import load_corpus
from app.corpus.problems import CorpusError
from tests.conftest import FIXTURE_CORPUS, edit

DRONES = "articles/2022-02-25-drones-over-the-capital.md"
TOKYO = "articles/2023-08-08-tokyo.md"


def test_articles_are_in_publication_order_with_numbered_passages():
    corpus = load_corpus(FIXTURE_CORPUS)
    assert [a.slug for a in corpus.articles] == ["2022-02-25-drones-over-the-capital", "2023-08-08-tokyo"]
    assert [p.number for p in corpus.articles[0].passages] == [1, 2, 3, 4]


def test_a_supplied_headline_is_marked():
    corpus = load_corpus(FIXTURE_CORPUS)
    assert corpus.article("2023-08-08-tokyo").title_supplied
    assert not corpus.article("2022-02-25-drones-over-the-capital").title_supplied


def test_the_digest_changes_with_any_corpus_file(corpus_copy):
    before = load_corpus(corpus_copy).digest
    edit(corpus_copy / TOKYO, "Note: A fixture", "Note: A changed fixture")
    assert load_corpus(corpus_copy).digest != before


def test_the_corpus_objects_are_immutable():
    article = load_corpus(FIXTURE_CORPUS).articles[0]
    with pytest.raises(AttributeError):
        article.title = "changed"


def _break(corpus_copy, case):
    """Apply one breakage to the copy; return (file that must be named, words the message must hold)."""
    originals = corpus_copy / "originals"
    if case == "missing field":
        edit(corpus_copy / DRONES, "Outlet: The Fixture Times\n", "")
        return DRONES, "'outlet' is missing"
    if case == "unknown field":
        edit(corpus_copy / DRONES, "Language: en\n", "Language: en\nColour: blue\n")
        return DRONES + ":10", "unknown field 'colour'"
    if case == "bad date":
        edit(corpus_copy / DRONES, "Published: 2022-02-25", "Published: 2022-02-30")
        return DRONES + ":4", "not a real calendar date"
    if case == "checksum mismatch":
        with open(originals / "b.txt", "ab") as handle:
            handle.write(b"tampered\n")
        return "originals/b.txt", "checksum mismatch"
    if case == "capture not listed":
        (originals / "c.txt").write_text("stray", "utf-8")
        return "originals/c.txt", "not listed in SHA256SUMS"
    if case == "word changed":
        edit(corpus_copy / DRONES, "The ministry denied sending drones.", "The ministry denied sending any drones.")
        return DRONES, "paragraph 2 is not verbatim"
    if case == "line silently dropped":
        edit(corpus_copy / DRONES, "         line 8 — share button\n", "")
        return DRONES, "capture line 8 is neither in the edition nor listed as omitted"
    if case == "invalid utf-8":
        (corpus_copy / TOKYO).write_bytes((corpus_copy / TOKYO).read_bytes().replace(b"Fixture Daily", b"Fixture \xff Daily"))
        return TOKYO + ":3", "not valid UTF-8"
    if case == "duplicate capture":
        (corpus_copy / "articles/2022-02-25-copy.md").write_bytes((corpus_copy / DRONES).read_bytes())
        return DRONES, "uses capture a.txt, as corpus/articles/2022-02-25-copy.md does already"
    if case == "slug without date":
        os.rename(corpus_copy / TOKYO, corpus_copy / "articles/tokyo.md")
        return "articles/tokyo.md", "must be a slug"
    if case == "locked url no longer resolves":
        edit(corpus_copy / "permalinks.lock", "/p/k574xioe", "/p/k574xiox")
        return "permalinks.lock", "/articles/2023-08-08-tokyo/p/k574xiox was published and no longer resolves"
    if case == "moved key loops":
        edit(corpus_copy / "permalinks.toml", 'to = "c2qkpdb5"', 'to = "aaaaaaaa"')
        return "permalinks.toml", "does not lead to a current passage"
    if case == "bad lock line":
        edit(corpus_copy / "permalinks.lock", "# fixture lock", "/articles/Bad Slug/p/x")
        return "permalinks.lock:1", "not a passage URL"
    if case == "markdown list":
        edit(corpus_copy / TOKYO, "He called for", "- He called for")
        return TOKYO, "renders as more than one plain paragraph"
    if case == "bad omitted entry":
        edit(corpus_copy / DRONES, "         line 8 — share button", "         line eight: share button")
        return DRONES + ":11", "Omitted entries are `line N — reason`"
    if case == "bad report entry":
        edit(corpus_copy / DRONES, "Reports: 2022-02-24 — a call", "Reports: 24/2/2022 a call")
        return DRONES + ":7", "Reports entries are `YYYY-MM-DD — what happened`"
    if case == "tombstone of unknown article":
        edit(corpus_copy / "permalinks.toml", '[[withdrawn]]\narticle = "2022-02-25-drones-over-the-capital"', '[[withdrawn]]\narticle = "2022-02-25-gone"')
        return "permalinks.toml", "names an article that is not in the corpus"
    if case == "alias loop":
        (corpus_copy / "aliases.toml").write_text(
            '[[alias]]\nname = "Raisi"\nspellings = ["Raeisi"]\n\n[[alias]]\nname = "Raeisi"\nspellings = ["Raisi"]\n', "utf-8"
        )
        return "aliases.toml", "is a spelling of both"
    raise AssertionError(case)


CASES = [
    "missing field", "unknown field", "bad date", "checksum mismatch", "capture not listed", "word changed",
    "line silently dropped", "invalid utf-8", "duplicate capture", "slug without date", "locked url no longer resolves",
    "moved key loops", "bad lock line", "markdown list", "alias loop", "tombstone of unknown article", "bad omitted entry", "bad report entry",
]


@pytest.mark.parametrize("case", CASES)
def test_a_broken_corpus_names_the_file_and_the_problem(corpus_copy, case):
    place, words = _break(corpus_copy, case)
    with pytest.raises(CorpusError) as raised:
        load_corpus(corpus_copy)
    message = str(raised.value)
    assert f"corpus/{place}" in message and words in message, message


def test_every_problem_is_reported_at_once(corpus_copy):
    _break(corpus_copy, "missing field")
    _break(corpus_copy, "checksum mismatch")
    with pytest.raises(CorpusError) as raised:
        load_corpus(corpus_copy)
    message = str(raised.value)
    assert "'outlet' is missing" in message and "originals/b.txt: checksum mismatch" in message


def test_a_missing_corpus_folder_is_one_clear_problem(tmp_path):
    with pytest.raises(CorpusError, match="the corpus folder does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_an_unreadable_file_is_named(corpus_copy):
    if os.geteuid() == 0:
        (corpus_copy / TOKYO).unlink()
        (corpus_copy / TOKYO).mkdir()  # root reads anything: a folder in the file's place cannot be read either
    else:
        (corpus_copy / TOKYO).chmod(0)
    with pytest.raises(CorpusError, match=f"corpus/{TOKYO}: cannot be read"):
        load_corpus(corpus_copy)


def test_the_alias_table_groups_spellings_case_insensitively():
    aliases = load_corpus(FIXTURE_CORPUS).aliases
    assert aliases.group_of("RAEISI").name == "Raisi" and aliases.group_of("raisi").all_spellings == ("Raisi", "Raeisi")
    assert aliases.group_of("Putin") is None


def test_one_broken_article_gives_one_leading_message_and_its_consequences_in_one_line_under_it(corpus_copy):
    edit(corpus_copy / DRONES, "The ministry denied sending drones.", "The ministry denied sending any drones.")
    with pytest.raises(CorpusError) as raised:
        load_corpus(corpus_copy)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith(f"the corpus is broken: corpus/{DRONES}:15: paragraph 2 is not verbatim in the capture")
    assert lines[1:] == ["    ↳ 2 event(s) of corpus/events.toml cite its passages and are checked once it loads: the-call, before"]


def test_a_paragraph_not_verbatim_shows_the_first_differing_words_of_the_edition_and_the_capture(corpus_copy):
    edit(corpus_copy / DRONES, "The ministry denied sending drones.", "The ministry denied sending any drones.")
    with pytest.raises(CorpusError) as raised:
        load_corpus(corpus_copy)
    assert (f"corpus/{DRONES}:15: paragraph 2 is not verbatim in the capture: it differs from capture line "
            "6: the edition reads “… denied sending any drones.”, the capture “… denied sending drones.") in str(raised.value)


def test_the_markdown_line_named_is_the_line_of_the_paragraph_holding_the_difference(corpus_copy):
    edit(corpus_copy / DRONES, "The ministry denied sending drones.", "The ministry\ndenied sending any drones.")
    with pytest.raises(CorpusError, match=rf"{DRONES}:16: paragraph 2 is not verbatim"):
        load_corpus(corpus_copy)

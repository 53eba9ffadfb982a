"""An article whose header still says TODO is refused, one problem per place, saying what to decide."""

import pytest

from app.corpus import load_corpus
from app.corpus.problems import CorpusError
from app.corpus.todos import header_todos
from tests.conftest import edit

TOKYO = "articles/2023-08-08-tokyo.md"


def problems(corpus):
    with pytest.raises(CorpusError) as refused:
        load_corpus(corpus)
    return [str(problem) for problem in refused.value.problems]


def test_each_todo_in_a_header_is_one_problem_with_its_line(corpus_copy):
    edit(corpus_copy / TOKYO, "Outlet: Fixture Daily", "Outlet: TODO: the outlet's name")
    edit(corpus_copy / TOKYO, "line 3 “(Desk)” — desk credit", "line 3 “(Desk)” — TODO: a desk credit")
    assert problems(corpus_copy) == [
        "corpus/articles/2023-08-08-tokyo.md:3: Outlet: replace the TODO with the outlet's name",
        "corpus/articles/2023-08-08-tokyo.md:15: Omitted line 3 “(Desk)”: TODO (a desk credit): write why it is left out; "
        "or, if it is article text, delete the entry and put the text in its paragraph",
    ]


def test_a_bare_todo_asks_for_the_value(corpus_copy):
    edit(corpus_copy / TOKYO, "Language: en", "Language: TODO")
    assert problems(corpus_copy) == ["corpus/articles/2023-08-08-tokyo.md:12: Language: replace the TODO with its value"]


def test_todo_in_the_paragraphs_is_capture_text_not_a_marker():
    assert header_todos("Title: A list\nLanguage: en\n\nThe minister's TODO list was long.\n") == []


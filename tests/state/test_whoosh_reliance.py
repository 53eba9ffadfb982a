"""What the search package relies on beyond Whoosh's documented API (see its docstring): each
pinned here, so that a Whoosh release that changes it fails with a message saying what to change."""

from __future__ import annotations

import pickle

import pytest
from whoosh import query
from whoosh.analysis import RegexTokenizer
from whoosh.filedb.filestore import FileStorage, RamStorage

from app.model import Aliases
from app.state.search import analysis

TEXT = "Raisi spoke with Putin about NATO"


@pytest.fixture
def schema():
    return analysis.make_schema(Aliases(()))


def test_the_last_filter_of_an_analyzer_made_with_a_pipe_is_its_last_item(schema):
    for field in analysis.SEARCHED_FIELDS:
        assert isinstance(analysis.recorder(schema, field), analysis.Recorder), (
            "Whoosh's analyzer made with `|` no longer gives its filters by index: analysis.recorder() must find "
            "the Recorder another way (keep a reference to it when the schema is made)"
        )


def test_whooshs_writer_analyses_a_document_as_it_is_added_in_index_mode(schema):
    index = RamStorage().create_index(schema)
    recorder = analysis.recorder(schema, "text")
    recorder.start()
    writer = index.writer()
    writer.add_document(slug="s", key="k", text=TEXT, article="A headline")
    recorded = list(recorder.texts)
    writer.commit()
    assert recorded == [token.text for token in schema["text"].analyzer(TEXT)], (
        "Whoosh's writer no longer analyses a document within add_document(), in this process, with mode 'index': "
        "analysis.Recorder records nothing, and the postings arrays (postings.py) must be made from the tokens another way"
    )
    assert recorder.positions == list(range(len(recorded)))


def test_whoosh_pickles_the_schema_into_the_index_without_the_tokens_recorded(schema, tmp_path):
    recorder = analysis.recorder(schema, "text")
    recorder.start()
    recorder.texts.append("recorded")
    FileStorage(str(tmp_path)).create_index(schema)  # Whoosh pickles the schema into the index's table of contents
    saved = analysis.recorder(FileStorage(str(tmp_path)).open_index().schema, "text")
    assert saved.texts is None, (
        "the schema Whoosh saves with an index carries the tokens a Recorder holds: Whoosh no longer pickles it "
        "with __getstate__, and every shard would keep a copy of its tokens"
    )
    assert analysis.recorder(pickle.loads(pickle.dumps(schema)), "text").texts is None


def test_the_words_are_whooshs_regextokenizer_default():
    assert [t.text for t in RegexTokenizer()(TEXT + " 3.14 x_y")] == analysis.WORDS.findall(TEXT + " 3.14 x_y"), (
        "Whoosh's RegexTokenizer no longer splits words as analysis.WORD does: the archive keeps its own "
        "(its index does not change), but the tokenizer test compares it with Whoosh's chain"
    )


def test_bm25f_as_the_arrays_compute_it_is_whooshs(generated):
    """The arrays' scores re-derive Whoosh's BM25F (idf, average field length, scoring.bm25, the
    field lengths its reader keeps): test_search_engine compares every score; this one says what broke."""
    built = generated["one shard"]
    (shard,) = built.shards
    with shard.index.searcher() as searcher:
        whooshs = {hit.docnum: hit.score for hit in searcher.search(query.Term("text", "iran"), limit=None)}
    ours = dict(zip(*(array.tolist() for array in built.postings.of("text", "iran")), strict=True))
    assert whooshs and set(ours) == set(whooshs)
    assert [ours[n] for n in sorted(ours)] == pytest.approx([whooshs[n] for n in sorted(whooshs)], rel=1e-5), (
        "Whoosh's BM25F (its idf, its average field length, whoosh.scoring.bm25 or the field lengths its reader "
        "gives) is no longer what postings.py computes: the arrays' scores must follow it"
    )


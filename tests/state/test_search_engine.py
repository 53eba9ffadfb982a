"""The search engine against Whoosh itself: the index it writes, its tokenizer, and every match
and score its arrays give, compared with Whoosh's own searcher on one segment and several."""


import numpy as np
import pytest
from whoosh.qparser import AndGroup

from app.state.search import analysis, building, evaluation
from app.state.search.request import well_formed
from tests.state.conftest import find, indexed, several_segments


def test_the_index_folder_holds_the_index_and_its_vocabulary_only(tmp_path, real_corpus):
    """Whoosh's writer spills to a temporary folder inside the index's: none may be left behind."""
    index = indexed(real_corpus, tmp_path)
    assert index.doc_count == sum(len(article.passages) for article in real_corpus.articles)
    names = {path.name for path in tmp_path.iterdir()}
    assert building.VOCABULARY_FILE in names and not [name for name in names if name.endswith(".tmp")]
    assert all(path.is_file() for path in tmp_path.iterdir())


@pytest.mark.parametrize("options", [
    {"mode": "index", "positions": True, "chars": True},
    {"mode": "query", "positions": True, "chars": True},
    {"mode": "query", "positions": True, "chars": True, "removestops": False, "start_pos": 3, "start_char": 7},
    {"tokenize": False, "positions": True, "chars": True},
])
def test_the_one_loop_tokenizer_gives_the_tokens_of_whooshs_chain(real_corpus, options):
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.support.charset import accent_map

    chain = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter(stoplist=(), minsize=2, renumber=True) | StemFilter()
    samples = [p.text for p in real_corpus.passages] + [a.title for a in real_corpus.articles]
    samples += ["a", "", "I a b cd", "Tehran’s won't x-y ÉLYSÉE Kyiv’s 3.141 under_score", "  ا ب  مرحبا  ", "Crème brûlée, naïve café"]

    def tokens(analyzer, text):
        return [(t.text, t.pos, t.startchar, t.endchar, t.stopped) for t in analyzer(text, **options)]

    for text in samples:
        assert tokens(analysis.term_chain, text) == tokens(chain, text), text


def test_an_index_written_in_parallel_segments_finds_the_same(real_corpus, real_search_index, tmp_path, monkeypatch):
    several_segments(monkeypatch)
    index = indexed(real_corpus, tmp_path)
    assert len(list(index.index.reader().leaf_readers())) > 1
    with index.index.searcher() as searcher:
        for document, ordinal in enumerate(index.ordinal_of_document):
            _, passage = index.facets.entries[ordinal]
            assert searcher.stored_fields(document) == {"slug": passage.slug, "key": passage.key}
    for query in ("Raisi", "drones", '"political solution"', "NATO", "Iran Russia"):
        for sort in ("relevance", "date", "newest"):
            assert [hit.passage for hit in find(index, query, sort=sort).hits] == [hit.passage for hit in find(real_search_index, query, sort=sort).hits]


SET_QUERIES = [
    "Raisi", "drones", "Iran Russia", "Ukraine war", "sanctions -JCPOA", "drones OR weapons", '"political solution"',
    '"special military operation"', "provoc*", "Amir-Abdollahian", "Kiev", "NATO NOT expansion", "-Putin", "Putin -Putin",
    "a NOT b c", "(Raisi OR Putin) talks", "zzzz", "Iran AND (Russia OR Ukraine) -war", "Tehran’s", "pr*", '"NATO expansion" Raisi',
]


def whooshs_own(built, parsed) -> dict[int, float]:
    """What Whoosh's own searcher finds for `parsed`, every match with its BM25F score, by passage ordinal."""
    with built.index.searcher() as searcher:
        return {int(built.ordinal_of_document[hit.docnum]): hit.score for hit in searcher.search(parsed, limit=None)}


@pytest.mark.parametrize("segments", ["one segment", "several segments"])
def test_matches_and_scores_evaluated_as_arrays_are_whooshs(generated, segments):
    from whoosh.qparser import AndGroup, OrGroup

    built, found_some = generated[segments], 0
    for text in SET_QUERIES:
        for group in (AndGroup, OrGroup):
            parsed = evaluation.parse(built, well_formed(text), group)
            matched, scores = evaluation.Evaluation(built, float("inf")).matches(parsed)
            expected = whooshs_own(built, parsed)
            assert sorted(expected) == list(np.flatnonzero(matched)), (text, group)
            if '"' not in text and "’" not in text:  # a phrase scores as its words, not as Whoosh scores phrases
                assert scores[sorted(expected)] == pytest.approx([expected[o] for o in sorted(expected)], rel=1e-5), (text, group)
            found_some += bool(expected)
    assert found_some > len(SET_QUERIES)


@pytest.mark.parametrize("filters", [{"year": "2022"}, {"person": "Ebrahim Raisi", "outlet": "Synthetic Outlet 1"}, {"outlet": "Nobody"}])
def test_filters_keep_the_passages_with_their_values(generated, filters):
    built = generated["one segment"]
    kept = built.facets.kept(np.ones(len(built.facets), bool), filters)
    named_in = generated["corpus"].people.named_in
    for ordinal, (article, passage) in enumerate(built.facets.entries):
        values = {"year": str(article.published.value.year), "outlet": article.outlet,
                  "person": {person.name for person in named_in.get((passage.slug, passage.key), ())}}
        wanted = all(value in values[name] if name == "person" else value == values[name] for name, value in filters.items())
        assert kept[ordinal] == wanted


@pytest.mark.parametrize("segments", ["one segment", "several segments"])
def test_every_words_postings_are_its_whoosh_postings(generated, segments):
    built = generated[segments]
    with built.index.searcher() as searcher:
        terms = list(searcher.reader().all_terms())
        assert max(searcher.doc_frequency(field, text) for field, text in terms) > 3 * 128  # postings of several blocks
        for field, text in terms:
            if field in analysis.SEARCHED_FIELDS:
                whoosh_ordinals = sorted(built.ordinal_of_document[list(searcher.postings(field, text).all_ids())])
                assert list(built.postings.of(field, text.decode())[0]) == whoosh_ordinals, (field, text)


def test_a_phrase_with_slop_is_left_to_whooshs_matcher(generated):
    from whoosh import query

    built = generated["several segments"]
    parsed = query.Phrase("text", ["special", "oper"], slop=2)  # stems: "special military operation" matches
    matched, _ = evaluation.Evaluation(built, float("inf")).matches(parsed)
    assert list(np.flatnonzero(matched)) == sorted(whooshs_own(built, parsed)) != []


def test_a_search_past_its_deadline_stops_and_says_so(generated):
    evaluated = evaluation.Evaluation(generated["one segment"], deadline=0.0)
    matched, _ = evaluated.matches(evaluation.parse(generated["one segment"], "Iran", AndGroup))
    assert evaluated.timed_out and not matched.any()

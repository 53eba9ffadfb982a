"""The search engine against Whoosh itself: the index it writes, its tokenizer, and every match
and score its arrays give, written in one shard or several, compared with Whoosh's own searcher
over one index of every passage."""


import numpy as np
import pytest
from whoosh.qparser import AndGroup

from app.state.search import analysis, building, evaluation
from app.state.search.request import well_formed
from tests.state.conftest import DEFAULTS, SEVERAL_SHARDS, find, indexed


def test_the_index_folder_holds_the_index_and_its_vocabulary_only(tmp_path, real_corpus):
    """Whoosh's writer spills to a temporary folder inside the index's: none may be left behind."""
    index = indexed(real_corpus, tmp_path)
    assert index.doc_count == sum(len(article.passages) for article in real_corpus.articles)
    assert {path.name for path in tmp_path.iterdir() if path.is_dir()} == {building.SHARDS_FOLDER}
    assert (tmp_path / building.VOCABULARY_FILE).is_file()
    assert not [path for path in tmp_path.rglob("*") if path.name.endswith(".tmp") or (path.is_dir() and not any(path.iterdir()))]


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


def test_an_index_written_in_shards_finds_the_same(real_corpus, real_search_index, tmp_path):
    index = indexed(real_corpus, tmp_path, SEVERAL_SHARDS)
    assert len(index.shards) == 3 and len(real_search_index.shards) == 1
    assert [shard.first for shard in index.shards] == [first for first, _ in building.shard_bounds(len(index.facets), SEVERAL_SHARDS)]
    for shard in index.shards:
        with shard.index.searcher() as searcher:
            for document in range(shard.index.doc_count()):
                _, passage = index.facets.entries[shard.first + document]
                assert searcher.stored_fields(document) == {"slug": passage.slug, "key": passage.key}
    for query in ("Raisi", "drones", '"political solution"', "NATO", "Iran Russia"):
        for sort in ("relevance", "date", "newest"):
            assert [hit.passage for hit in find(index, query, sort=sort).hits] == [hit.passage for hit in find(real_search_index, query, sort=sort).hits]


SET_QUERIES = [
    "Raisi", "drones", "Iran Russia", "Ukraine war", "sanctions -JCPOA", "drones OR weapons", '"political solution"',
    '"special military operation"', "provoc*", "Amir-Abdollahian", "Kiev", "NATO NOT expansion", "-Putin", "Putin -Putin",
    "a NOT b c", "(Raisi OR Putin) talks", "zzzz", "Iran AND (Russia OR Ukraine) -war", "Tehran’s", "pr*", '"NATO expansion" Raisi',
]


def whooshs_own(generated, parsed) -> dict[int, float]:
    """What Whoosh's own searcher finds for `parsed` in one index of every passage (written in one
    shard, its document numbers are passage ordinals), every match with its BM25F score."""
    (shard,) = generated["one shard"].shards
    with shard.index.searcher() as searcher:
        return {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None)}


@pytest.mark.parametrize("shards", ["one shard", "several shards"])
def test_matches_and_scores_evaluated_as_arrays_are_whooshs(generated, shards):
    from whoosh.qparser import AndGroup, OrGroup

    built, found_some = generated[shards], 0
    for text in SET_QUERIES:
        for group in (AndGroup, OrGroup):
            parsed = evaluation.parse(built, well_formed(text), group, DEFAULTS.prefix_terms)
            matched, scores = evaluation.Evaluation(built, float("inf")).matches(parsed)
            expected = whooshs_own(generated, parsed)
            assert sorted(expected) == list(np.flatnonzero(matched)), (text, group)
            if '"' not in text and "’" not in text:  # a phrase scores as its words, not as Whoosh scores phrases
                assert scores[sorted(expected)] == pytest.approx([expected[o] for o in sorted(expected)], rel=1e-5), (text, group)
            found_some += bool(expected)
    assert found_some > len(SET_QUERIES)


@pytest.mark.parametrize("filters", [{"year": "2022"}, {"person": "Ebrahim Raisi", "outlet": "Synthetic Outlet 1"}, {"outlet": "Nobody"}])
def test_filters_keep_the_passages_with_their_values(generated, filters):
    built = generated["one shard"]
    kept = built.facets.kept(np.ones(len(built.facets), bool), filters)
    named_in = generated["corpus"].people.named_in
    for ordinal, (article, passage) in enumerate(built.facets.entries):
        values = {"year": str(article.published.value.year), "outlet": article.outlet,
                  "person": {person.name for person in named_in.get((passage.slug, passage.key), ())}}
        wanted = all(value in values[name] if name == "person" else value == values[name] for name, value in filters.items())
        assert kept[ordinal] == wanted


@pytest.mark.parametrize("shards", ["one shard", "several shards"])
def test_every_words_postings_are_its_whoosh_postings(generated, shards):
    built, whoosh_postings = generated[shards], {}
    for shard in built.shards:
        with shard.index.searcher() as searcher:
            for field, text in searcher.reader().all_terms():
                if field in analysis.SEARCHED_FIELDS:
                    found = [shard.first + document for document in searcher.postings(field, text).all_ids()]
                    whoosh_postings.setdefault((field, text.decode()), []).extend(found)
    assert max(map(len, whoosh_postings.values())) > 3 * 128  # postings of several blocks
    for (field, text), ordinals in whoosh_postings.items():
        assert list(built.postings.of(field, text)[0]) == ordinals, (field, text)
    assert sum(len(built.postings.words.terms[field]) for field in analysis.SEARCHED_FIELDS) == len(whoosh_postings)


def test_a_phrase_with_slop_is_left_to_whooshs_matcher(generated):
    from whoosh import query

    parsed = query.Phrase("text", ["special", "oper"], slop=2)  # stems: "special military operation" matches
    matched, _ = evaluation.Evaluation(generated["several shards"], float("inf")).matches(parsed)
    assert list(np.flatnonzero(matched)) == sorted(whooshs_own(generated, parsed)) != []


def test_a_search_past_its_deadline_stops_and_says_so(generated):
    evaluated = evaluation.Evaluation(generated["one shard"], deadline=0.0)
    matched, _ = evaluated.matches(evaluation.parse(generated["one shard"], "Iran", AndGroup, DEFAULTS.prefix_terms))
    assert evaluated.timed_out and not matched.any()


def test_the_schema_whoosh_saves_in_each_shard_keeps_none_of_the_tokens_recorded(generated):
    for shard in generated["several shards"].shards:
        saved = shard.index.schema  # read back from the shard's table of contents
        assert [analysis.recorder(saved, field).texts for field in analysis.SEARCHED_FIELDS] == [None, None]
        assert list(saved["text"].analyzer("Raisi spoke", mode="index")) != []

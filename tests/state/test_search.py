"""The search index and search(): analysis, aliases, syntax, corrections, filters, order, pages."""

import dataclasses
import re

import pytest

from app.corpus import load_corpus
from app.corpus.text import normalise
from app.state import search as search_module
from app.state.search import open_index, search, write_index
from app.state.search.request import BadSearch, read_request
from tests.conftest import FIXTURE_CORPUS, edit

LAVROV_VISIT = "2022-06-22-iran-president-us-nato-provocation-root-cause"


def indexed(corpus, folder):
    write_index(corpus, folder)
    return open_index(corpus, folder)


def find(index, query: str, **params):
    return search(index, read_request({"q": query, **params}))


def found_passages(index, query: str, **params) -> set[tuple[str, str]]:
    """Every passage the query finds, over all its pages."""
    first = find(index, query, **params)
    hits = list(first.hits)
    for page in range(2, first.pages + 1):
        hits += find(index, query, page=str(page), **params).hits
    return {(hit.passage.slug, hit.passage.key) for hit in hits}


def passages_containing(corpus, words: str) -> set[tuple[str, str]]:
    pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE)
    return {(p.slug, p.key) for p in corpus.passages if pattern.search(normalise(p.text).replace("’", "'"))}


def test_the_index_has_one_document_per_passage(real_search_index, real_corpus):
    assert real_search_index.doc_count == sum(len(article.passages) for article in real_corpus.articles)


def test_every_passage_is_findable_by_a_phrase_from_it(real_search_index, real_corpus):
    for passage in real_corpus.passages:
        words = re.sub(r"[\"“”*?()]", " ", passage.text).split()[:8]
        hits = find(real_search_index, '"' + " ".join(words) + '"').hits
        assert (passage.slug, passage.key) in {(h.passage.slug, h.passage.key) for h in hits}, passage.text[:60]


def test_raisi_finds_the_raeisi_passages_of_the_june_2022_meeting(real_search_index, real_corpus):
    raeisi = {(p.slug, p.key) for p in real_corpus.article(LAVROV_VISIT).passages if "Raeisi" in p.text}
    assert len(raeisi) >= 3 and raeisi <= found_passages(real_search_index, "Raisi")
    results = find(real_search_index, "Raisi", outlet=real_corpus.article(LAVROV_VISIT).outlet)
    assert all('<mark class="hit t0">Raeisi</mark>' in hit.excerpt for hit in results.hits)
    assert "Raeisi" in results.also_matched


def test_drones_lands_on_the_denials_of_2022_and_2023(real_search_index):
    top = find(real_search_index, "drones").hits[:3]
    assert {hit.article.published.value.year for hit in top} == {2022, 2023}
    assert any("rejected" in hit.passage.text for hit in top)


def test_a_phrase_finds_exactly_the_passages_with_that_phrase(real_search_index, real_corpus):
    expected = passages_containing(real_corpus, "political solution")
    assert len(expected) == 2 and found_passages(real_search_index, '"political solution"') == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [("Raisi", "Raeisi"), ("Amir-Abdollahian", "Amir Abdollahian"), ("Amir Abdollahian", "Amirabdollahian"), ("Abdollahian", "Amir-Abdollahian"),
     ("Kiev", "Kyiv"), ("Donbas", "Donbass"), ("Luhansk", "Lugansk"), ("Kanaani", "Kanani"), ("Kanaani", "Kan'ani"), ("defence", "defense"),
     ("programme", "program"), ("neighbouring", "neighboring"), ("Erdogan", "Erdoğan"), ("Tehran", "Teheran")],
)
def test_either_spelling_of_a_name_finds_the_same_passages(real_search_index, one, other):
    assert found_passages(real_search_index, one) == found_passages(real_search_index, other) != set()


@pytest.mark.parametrize(("query", "spelling"), [("Kyiv", "Kiev"), ("Raisi", "Raeisi"), ("Raeisi", "Raisi"), ("Amirabdollahian", "Amir Abdollahian")])
def test_the_results_say_which_other_spellings_matched(real_search_index, query, spelling):
    assert spelling in find(real_search_index, query).also_matched


def test_an_alias_added_to_the_corpus_is_searched_without_code(corpus_copy, tmp_path):
    edit(corpus_copy / "aliases.toml", '[[alias]]\nname = "Kyiv"', '[[alias]]\nname = "Hayashi"\nspellings = ["Hayasi"]\n\n[[alias]]\nname = "Kyiv"')
    index = indexed(load_corpus(corpus_copy), tmp_path / "index")
    assert [hit.passage.text for hit in find(index, "Hayasi").hits] == ["Iran’s foreign minister met Hayashi in Tokyo on Monday."]


@pytest.mark.parametrize(
    ("query", "same_as"),
    [("drone", "drones"), ("sanction", "sanctions"), ("NATO", "nato"), ("Tehran's", "Tehran’s"), ("“political solution”", '"political solution"'),
     ("won't help", "won’t help"), ("ERDOĞAN", "erdogan")],
)
def test_stems_case_accents_and_quote_marks_do_not_matter(real_search_index, query, same_as):
    assert found_passages(real_search_index, query) == found_passages(real_search_index, same_as) != set()


def test_passages_with_all_the_words_are_preferred(real_search_index):
    both = find(real_search_index, "Raisi Lavrov")
    assert both.all_words and both.total == 1


def test_a_missing_word_does_not_empty_the_page(real_search_index):
    results = find(real_search_index, "Raisi Lavrov xyzzy")
    assert not results.all_words and results.total > 1
    assert results.hits[0].passage.slug == LAVROV_VISIT  # the passage with two of the three words first


@pytest.mark.parametrize(
    ("query", "has", "lacks"),
    [("drones OR Kishida", ["Kishida", "drones"], []), ("drones -Sullivan", ["drones"], ["Sullivan"]), ("drones NOT Sullivan", ["drones"], ["Sullivan"]),
     ("(Kanaani OR Khatibzadeh) NATO", ["NATO"], []), ("provoc*", ["provoc"], [])],
)
def test_query_syntax_works_as_in_a_web_search_engine(real_search_index, query, has, lacks):
    hits = find(real_search_index, query).hits
    assert hits
    for hit in hits:
        text = hit.passage.text + hit.article.title
        assert any(word.casefold() in text.casefold() for word in has), text
        assert not any(word in hit.passage.text for word in lacks), text


@pytest.mark.parametrize("query", ["Raisi NOT Putin xyzzy", "Raisi -Putin xyzzy", "xyzzy NOT Putin Raisi", "Raisi NOT (Putin OR Kremlin) xyzzy",
                                   "Raisi (-Putin) xyzzy"])
def test_a_left_out_word_stays_out_when_not_every_word_matched(real_search_index, query):
    results = find(real_search_index, query)
    assert not results.all_words and results.total == 3
    assert all(re.search("Raisi|Raeisi", hit.passage.text) and "Putin" not in hit.passage.text for hit in results.hits)


@pytest.mark.parametrize("query", ["drones -Putin", "drones NOT Putin", "drones (-Putin)", "drones -(Putin OR Sullivan)", "drones NOT (Putin OR Sullivan)"])
def test_a_left_out_word_leaves_out_the_passages_that_have_it(real_search_index, real_corpus, query):
    unwanted = ["Putin", "Sullivan"] if "Sullivan" in query else ["Putin"]
    expected = passages_containing(real_corpus, "drones") - set().union(*(passages_containing(real_corpus, word) for word in unwanted))
    assert found_passages(real_search_index, query) == expected != set()


def test_or_finds_passages_with_either_word(real_search_index, real_corpus):
    either = passages_containing(real_corpus, "Kishida") | passages_containing(real_corpus, "Sullivan")
    assert found_passages(real_search_index, "Kishida OR Sullivan") == either


@pytest.mark.parametrize(("typo", "correction"), [("Abdolahian", "Abdollahian"), ("sanctoins", "sanctions"), ("Lavarov", "Lavrov"),
                                                  ("Lavarov visit", "Lavrov visit")])
def test_a_misspelled_query_offers_the_corrected_one(real_search_index, typo, correction):
    results = find(real_search_index, typo)
    assert results.corrected == correction
    assert find(real_search_index, correction).total > 0


@pytest.mark.parametrize("query", ["drones", "Raisi", "Amir Abdollahian", '"political solution"', "Ukraine war"])
def test_a_query_of_known_words_offers_no_correction(real_search_index, query):
    assert find(real_search_index, query).corrected is None


def test_results_count_hits_and_articles(real_search_index, real_corpus):
    results = find(real_search_index, "drones")
    assert results.total == len(passages_containing(real_corpus, "drones")) and results.articles == 3


def test_results_come_in_pages_of_ten(real_search_index):
    first, second = find(real_search_index, "Iran"), find(real_search_index, "Iran", page="2")
    assert first.pages >= 2 and len(first.hits) == 10
    assert not {h.passage.key for h in first.hits} & {h.passage.key for h in second.hits}


def test_a_page_past_the_last_is_not_found(real_search_index):
    with pytest.raises(BadSearch) as raised:
        find(real_search_index, "drones", page="2")
    assert raised.value.status == 404 and "1 page" in raised.value.message


@pytest.mark.parametrize(("sort", "newest_first"), [("date", False), ("newest", True)])
def test_results_can_be_ordered_by_date(real_search_index, sort, newest_first):
    hits = find(real_search_index, "sanctions", sort=sort).hits
    order = [(hit.article.published.value, hit.passage.number) for hit in hits]
    assert len(order) > 3 and order == sorted(order, reverse=newest_first)


@pytest.mark.parametrize(("name", "value"), [("outlet", "Daily Express"), ("year", "2023"), ("person", "Ebrahim Raisi")])
def test_a_filter_keeps_only_the_passages_with_its_value(real_search_index, name, value):
    everything = find(real_search_index, "Iran")
    counted = {facet.value: facet.count for facet in everything.facets[name]}
    narrowed = find(real_search_index, "Iran", **{name: value})
    assert narrowed.total == counted[value] < everything.total
    assert narrowed.facets[name] == everything.facets[name]  # the other values stay offered, with their counts


def test_a_filters_counts_are_among_the_hits_of_the_other_filters(real_search_index):
    in_2023 = find(real_search_index, "Iran", year="2023")
    assert {facet.value for facet in in_2023.facets["outlet"]} == {"Iran Daily", "Press Media of India"}
    assert sum(facet.count for facet in in_2023.facets["outlet"]) == in_2023.total
    both = find(real_search_index, "Iran", year="2023", outlet="Iran Daily")
    assert {facet.value: facet.count for facet in both.facets["year"]} == {"2023": both.total}
    assert {facet.value: facet.count for facet in both.facets["outlet"]} == {f.value: f.count for f in in_2023.facets["outlet"]}


def test_the_person_filter_counts_every_spelling_of_a_name(real_search_index, real_corpus):
    raisi = found_passages(real_search_index, "Iran", person="Ebrahim Raisi")
    assert any(key in raisi for key in passages_containing(real_corpus, "Raeisi"))


def test_year_counts_add_up_to_the_hits(real_search_index):
    results = find(real_search_index, "Ukraine")
    assert sum(facet.count for facet in results.facets["year"]) == results.total
    assert [facet.value for facet in results.facets["year"]] == ["2022", "2023"]


def test_excerpts_are_escaped_before_terms_are_marked(real_corpus, tmp_path):
    article = real_corpus.articles[0]
    hostile = dataclasses.replace(article.passages[0], text='<script>alert("drones")</script> & drones')
    corpus = dataclasses.replace(real_corpus, articles=(dataclasses.replace(article, passages=(hostile,)),), digest="test")
    excerpt = str(find(indexed(corpus, tmp_path), "drones").hits[0].excerpt)
    assert "<script" not in excerpt and "</script" not in excerpt and "&lt;/script&gt; &amp;" in excerpt
    assert '<mark class="hit t0">drones</mark>' in excerpt


def test_a_prefix_expands_to_a_bounded_number_of_words(real_search_index, monkeypatch):
    unbounded = find(real_search_index, "pr*").total
    monkeypatch.setattr(search_module, "MAX_PREFIX_TERMS", 1)
    assert 0 < find(real_search_index, "pr*").total < unbounded


def test_the_index_is_built_from_the_fixture_corpus_too(tmp_path):
    index = indexed(load_corpus(FIXTURE_CORPUS), tmp_path)
    assert index.doc_count == 6 and find(index, "Raeisi").total == 1


def test_a_long_passage_is_excerpted_around_its_matches_with_ellipses(real_search_index):
    hit = find(real_search_index, "credible guarantees lasting agreement").hits[0]
    plain = re.sub(r"<[^>]+>", "", str(hit.excerpt))
    assert len(hit.passage.text) > search_module.EXCERPT_CHARS and len(plain) < len(hit.passage.text)
    assert plain.startswith("… ") and re.search(r'<mark class="hit t\d">lasting</mark>', hit.excerpt)


def test_a_short_passage_is_shown_whole(real_search_index):
    hit = find(real_search_index, "Lavrov keen").hits[0]
    assert re.sub(r"<[^>]+>", "", str(hit.excerpt)) == hit.passage.text


def test_the_index_folder_holds_the_index_and_its_vocabulary_only(tmp_path, real_corpus):
    """Whoosh's writer spills to a temporary folder inside the index's: none may be left behind."""
    index = indexed(real_corpus, tmp_path)
    assert index.doc_count == sum(len(article.passages) for article in real_corpus.articles)
    names = {path.name for path in tmp_path.iterdir()}
    assert search_module.VOCABULARY_FILE in names and not [name for name in names if name.endswith(".tmp")]
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
        assert tokens(search_module._term_chain, text) == tokens(chain, text), text


def test_an_index_written_in_parallel_segments_keeps_passages_in_corpus_order(real_corpus, real_search_index, tmp_path, monkeypatch):
    monkeypatch.setattr(search_module, "INDEXING_PROCESSES", 3)
    monkeypatch.setattr(search_module, "PASSAGES_PER_SEGMENT", 10)
    index = indexed(real_corpus, tmp_path)
    assert len(index.index.reader().leaf_readers()) == 3
    searcher = index.searcher()
    for ordinal, (_, passage) in enumerate(index.facets.entries):
        assert searcher.stored_fields(ordinal) == {"slug": passage.slug, "key": passage.key}
    for query in ("Raisi", "drones", '"political solution"', "NATO", "Iran Russia"):
        for sort in ("relevance", "date", "newest"):
            assert [hit.passage for hit in find(index, query, sort=sort).hits] == [hit.passage for hit in find(real_search_index, query, sort=sort).hits]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A synthetic corpus of 40 articles (about 600 passages): common words fill several posting blocks."""
    from bench.generate_corpus import write_corpus

    corpus = load_corpus(write_corpus(40, tmp_path_factory.mktemp("generated")))
    one = indexed(corpus, tmp_path_factory.mktemp("one"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_module, "INDEXING_PROCESSES", 3)
        patch.setattr(search_module, "PASSAGES_PER_SEGMENT", 10)
        three = indexed(corpus, tmp_path_factory.mktemp("three"))
    assert len(three.index.reader().leaf_readers()) == 3
    return {"one segment": one, "three segments": three}


SET_QUERIES = [
    "Raisi", "drones", "Iran Russia", "Ukraine war", "sanctions -JCPOA", "drones OR weapons", '"political solution"',
    '"special military operation"', "provoc*", "Amir-Abdollahian", "Kiev", "NATO NOT expansion", "-Putin", "Putin -Putin",
    "a NOT b c", "(Raisi OR Putin) talks", "zzzz", "Iran AND (Russia OR Ukraine) -war", "Tehran’s", "pr*", '"NATO expansion" Raisi',
]


@pytest.mark.parametrize("segments", ["one segment", "three segments"])
def test_matches_evaluated_as_sets_are_whooshs_matches(generated, segments):
    from whoosh.qparser import AndGroup, OrGroup

    built = generated[segments]
    searcher, found_some = built.searcher(), 0
    for text in SET_QUERIES:
        for group in (AndGroup, OrGroup):
            parsed = search_module._parse(built, search_module.well_formed(text), group, searcher)
            for filters in ({}, {"year": "2022"}, {"person": "Ebrahim Raisi", "outlet": "Synthetic Outlet 1"}):
                filtered = search_module._filtered(parsed, filters)
                expected = sorted(filtered.matcher(searcher).all_ids())
                assert search_module._matching_ordinals(searcher, filtered, float("inf")) == (expected, False), (text, group, filters)
                found_some += bool(expected)
    assert found_some > len(SET_QUERIES) * 3


@pytest.mark.parametrize("segments", ["one segment", "three segments"])
def test_every_words_postings_read_by_blocks_are_its_documents(generated, segments):
    searcher = generated[segments].searcher()
    evaluation = search_module._SetEvaluation(searcher, float("inf"))
    terms = list(searcher.reader().all_terms())
    assert max(searcher.doc_frequency(fieldname, text) for fieldname, text in terms) > 3 * 128  # postings of several blocks
    for fieldname, text in terms:
        assert evaluation._postings(fieldname, text) == set(searcher.postings(fieldname, text).all_ids()), (fieldname, text)


def test_ranking_stops_at_its_deadline_by_the_clock_without_a_timer_thread(generated, monkeypatch):
    """Under gevent a timer thread is a greenlet that a running search never lets run: the deadline is read from the clock."""
    import threading
    import time

    def no_timer(*args, **kwargs):
        raise AssertionError("ranking started a timer thread")

    monkeypatch.setattr(threading, "Timer", no_timer)
    built = generated["three segments"]
    searcher = built.searcher()
    parsed = search_module._parse(built, search_module.well_formed("Iran OR Russia OR war"), search_module.OrGroup, searcher)
    assert search_module._ranked(searcher, parsed, 10, time.monotonic() - 1) == ([], True)
    ranked, timed_out = search_module._ranked(searcher, parsed, 10, float("inf"))
    assert len(ranked) == 10 and not timed_out
    assert [ordinal for ordinal, _ in ranked] == [hit.docnum for hit in searcher.search(parsed, limit=10)]

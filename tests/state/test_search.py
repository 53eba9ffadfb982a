"""The search index and search(): analysis, aliases, syntax, corrections, filters, order, pages."""

import dataclasses
import re

import pytest

from app.corpus import load_corpus
from app.corpus.text import normalise
from app.state.search import NoSuchPage, excerpts
from tests.conftest import FIXTURE_CORPUS, edit
from tests.state.conftest import DEFAULTS, find, indexed

LAVROV_VISIT = "2022-06-22-iran-president-us-nato-provocation-root-cause"


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


def test_results_come_in_pages_of_ten_articles(generated):
    built = generated["one shard"]
    first, second = find(built, "Iran"), find(built, "Iran", page="2")
    assert first.pages >= 2 and len(first.groups) == 10 and first.articles > 10
    assert not {g.article.slug for g in first.groups} & {g.article.slug for g in second.groups}


def test_each_article_is_listed_once_with_its_best_passages_in_passage_order(generated):
    results = find(generated["one shard"], "Iran")
    best = [group.score for group in results.groups]
    assert best == sorted(best, reverse=True)
    for group in results.groups:
        numbers = [hit.passage.number for hit in group.hits]
        assert numbers == sorted(numbers) and {hit.article.slug for hit in group.hits} == {group.article.slug}
        assert 1 <= len(group.hits) <= group.matched and group.score == max(hit.score for hit in group.hits)
    assert any(group.matched > len(group.hits) for group in results.groups)


def test_ordered_by_date_an_articles_passages_are_its_first_matches(generated):
    results = find(generated["one shard"], "Iran", sort="date")
    dates = [group.article.published.value for group in results.groups]
    assert dates == sorted(dates) and all(hit.score is None for hit in results.hits)


def test_a_page_past_the_last_is_not_found(real_search_index):
    with pytest.raises(NoSuchPage) as raised:
        find(real_search_index, "drones", page="2")
    assert "1 page" in raised.value.message


@pytest.mark.parametrize(("sort", "newest_first"), [("date", False), ("newest", True)])
def test_results_can_be_ordered_by_date(real_search_index, sort, newest_first):
    hits = find(real_search_index, "sanctions", sort=sort).hits
    order = [(hit.article.published.value.toordinal() * (-1 if newest_first else 1), hit.passage.number) for hit in hits]
    assert len(order) > 3 and order == sorted(order)  # articles by date, each one's passages in passage order


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


def test_a_prefix_expands_to_a_bounded_number_of_words(real_search_index):
    unbounded = find(real_search_index, "pr*").total
    assert 0 < find(real_search_index, "pr*", settings=dataclasses.replace(DEFAULTS, prefix_terms=1)).total < unbounded


def test_the_index_is_built_from_the_fixture_corpus_too(tmp_path):
    index = indexed(load_corpus(FIXTURE_CORPUS), tmp_path)
    assert index.doc_count == 6 and find(index, "Raeisi").total == 1


def test_a_long_passage_is_excerpted_around_its_matches_with_ellipses(real_search_index):
    hit = find(real_search_index, "credible guarantees lasting agreement").hits[0]
    plain = re.sub(r"<[^>]+>", "", str(hit.excerpt))
    assert len(hit.passage.text) > excerpts.EXCERPT_CHARS and len(plain) < len(hit.passage.text)
    assert plain.startswith("… ") and re.search(r'<mark class="hit t\d">lasting</mark>', hit.excerpt)


def test_a_short_passage_is_shown_whole(real_search_index):
    hit = find(real_search_index, "Lavrov keen").hits[0]
    assert re.sub(r"<[^>]+>", "", str(hit.excerpt)) == hit.passage.text

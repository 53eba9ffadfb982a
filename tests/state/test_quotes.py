"""The quote check on the real passages: how people actually quote, and what it says of a quotation
the archive does not hold."""

import pytest

from app.state.quoted_text import BadQuote, checked, fold, pieces
from app.state.quotes import THRESHOLD, check_quote
from tests.state.conftest import DEFAULTS

EXPRESS = "2022-07-14-iran-turns-on-putin-war-must-be-stopped"
NATO = "2022-02-25-iran-blames-nato-expansion"


def best(index, quotation):
    found = check_quote(index, DEFAULTS, quotation).matches
    assert found, f"no match for {quotation!r}"
    return found[0]


@pytest.mark.parametrize(("quotation", "slug", "number"), [
    ("But we won’t help either of the sides involved in this war", EXPRESS, 6),  # as printed
    ("but we wont help either of the sides in this war", EXPRESS, 6),  # dropped word, no apostrophe
    ("we won't help either side involved in this war", EXPRESS, 6),  # replaced words
    ("\"We have various types of collaboration with Russia, including in the defense sector\"", EXPRESS, 5),  # pasted marks, US spelling
    ("WE HAVE VARIOUS TYPES OF COLLABORATION WITH RUSSIA", EXPRESS, 5),  # case
    ("the expansion of the NATO is a serious threat […] in different regions", NATO, 3),  # a cut
    ("The expansion of the NATO is a serious threat to the stability … of independent countries", NATO, 3),
    ("expansion of NATO is a threat serious to the stability and security of independent countries", NATO, 3),  # swapped
])
def test_a_loose_quotation_finds_its_passage_first(real_search_index, quotation, slug, number):
    match = best(real_search_index, quotation)
    assert (match.parts[0].passage.slug, match.parts[0].passage.number) == (slug, number)
    assert match.similarity >= THRESHOLD


def test_a_quotation_across_two_passages_matches_both_in_order_with_their_spans(real_search_index, real_corpus):
    match = best(real_search_index, "including in the defence sector. But we won't help either of the sides involved in this war")
    assert [part.passage.number for part in match.parts] == [5, 6]
    fifth, sixth = match.parts
    assert fifth.passage.text[fifth.start:fifth.end] == "including in the defence sector"
    assert sixth.passage.text[sixth.start:sixth.end] == "But we won’t help either of the sides involved in this war"


def test_the_span_is_the_quoted_part_of_the_passage(real_search_index):
    match = best(real_search_index, "a serious threat to the stability and security")
    part = match.parts[0]
    assert part.passage.text[part.start:part.end] == "a serious threat to the stability and security"
    assert match.similarity == 1.0 and {change.kind for change in match.changes} == {"equal"}


def test_the_differences_say_what_was_dropped_added_and_replaced(real_search_index):
    match = best(real_search_index, "we will not help either of the sides in this war")
    changes = [(change.kind, change.quoted, change.captured) for change in match.changes if change.kind != "equal"]
    assert changes == [("replace", "will", "won’t"), ("delete", "not", ""), ("insert", "", "involved")]


def test_a_cut_is_shown_as_a_cut_not_as_missing_words(real_search_index):
    match = best(real_search_index, "The expansion of the NATO is a serious threat … in different regions")
    kinds = [change.kind for change in match.changes]
    assert kinds.count("cut") == 1 and "insert" not in kinds


@pytest.mark.parametrize("quotation", [
    "Iran will never sell drones to Russia for use in Ukraine",
    "Raisi told Putin that Iran will join the war on the side of Russia",
    "NATO must withdraw from Eastern Europe immediately, Amir-Abdollahian said",
    "The Islamic Republic condemns the Russian invasion in the strongest terms",
])
def test_a_quotation_the_archive_does_not_hold_has_no_close_match(real_search_index, quotation):
    assert check_quote(real_search_index, DEFAULTS, quotation).matches == ()


@pytest.mark.parametrize(("british", "american"), [("defence", "defense"), ("favours", "favors"), ("emphasised", "emphasized"),
                                                   ("centre", "center"), ("analyse", "analyze"), ("travelled", "traveled")])
def test_british_and_american_spellings_fold_to_one_word(british, american):
    assert fold(british) == fold(american)


def test_curly_and_straight_apostrophes_and_case_fold_to_one_word():
    assert fold("WON’T") == fold("won't") == "won't"


@pytest.mark.parametrize("cut", ["…", "...", "[...]", "[…]", "(...)", ". . ."])
def test_every_way_of_marking_a_cut_splits_the_quotation(cut):
    assert [[word.form for word in piece] for piece in pieces(f"one two {cut} three")] == [["one", "two"], ["three"]]


@pytest.mark.parametrize(("quotation", "reason"), [
    ("", "Paste the quotation"), ("   \t", "Paste the quotation"), ("x" * 2001, "2,001 characters"),
    ("?!… — “”", "only punctuation"), ("Мы не будем помогать ни одной из сторон", "not in the Latin alphabet"),
    ("我们不会帮助任何一方", "not in the Latin alphabet"),
])
def test_a_quotation_that_cannot_be_read_says_why(quotation, reason):
    with pytest.raises(BadQuote, match=reason):
        checked(quotation)

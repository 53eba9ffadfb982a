"""The line classifier's signs of furniture (app/corpus/lines.py, furniture.py), each with
article sentences that look like it and must stay text. The texts are made up here, not
taken from the labelled fixtures, so these tests pin kinds of furniture, not phrases."""

import pytest

from app.corpus.lines import classify

TITLE = "Armenia and Iran open a new border crossing"
LEAD = "Officials from both countries opened the crossing at Agarak on Monday, the ministry said."


def furniture_lines(*lines: str) -> dict[int, str]:
    """The kinds of furniture found in a page of one line a block: the title, a lead, then these lines."""
    text = "\n\n".join([TITLE, LEAD, *lines]) + "\n"
    classified = classify(text, TITLE, 1)
    return {(number - 5) // 2 + 1: verdict.kind for number, verdict in classified.furniture.items() if number > 3}


@pytest.mark.parametrize("line", [
    "Like · Share on Telegram · Print · Send",
    "This blog uses cookies so that we can count our readers.",
    "Want the weekly digest? We send it straight to your inbox on Sundays.",
    "This page is an archived copy of the Caucasus Post, saved in March.",
    "Cached copy: the page may have changed since.",
    "Everything on this site is for information purposes only.",
    "Disclosure: the author holds no shares in any company named here.",
    "Have your say: all comments are reviewed before they appear.",
    "Got a tip? Write to desk@example.org",
    "Gohar Sargsyan and Ali Tavakoli contributed additional reporting.",
    "Watch: trucks queue at the Agarak crossing 03:41",
    "Trucks queue at the crossing on Monday. (Press Office Photo)",
    "Related story Armenia's trade with Iran grows",
    "See more on Armenia",
])
def test_a_line_with_a_sign_of_furniture_is_proposed_alone(line):
    assert furniture_lines(line).keys() == {1}


@pytest.mark.parametrize("line", [
    "The ministry uses cookies as an example of the goods that cross the border every day.",
    "Related talks between the two sides began in Yerevan a year ago, the ministry said.",
    "Related: the customs union said last week that the crossing would open in spring.",
    "Iran says the trade is for peaceful purposes, officials said.",
    "The agreement was published on the ministry's site on Tuesday.",
    "Kyiv, Moscow and Tehran all said the crossing was none of their business.",
    "Mr Sargsyan said he would email the figures to the ministry once the count was done.",
])
def test_article_sentences_that_look_like_furniture_stay_text(line):
    assert furniture_lines(line) == {}


def test_a_bio_goes_on_in_a_sentence_that_begins_with_a_pronoun():
    text = (f"{TITLE}\nBy Gohar Sargsyan\n\n{LEAD}\n\nGohar Sargsyan writes about the South Caucasus for the paper.\n"
            "She previously reported from Tbilisi.\n")
    assert {number: verdict.kind for number, verdict in classify(text, TITLE, 1).furniture.items()} == {
        2: "byline", 6: "bio", 7: "bio"}


def test_a_sentence_about_someone_the_page_names_nowhere_else_is_no_bio():
    text = f"{TITLE}\n\n{LEAD}\n\nAni Petrosyan writes about the crossing in her new book.\nShe says it will change the region.\n"
    assert classify(text, TITLE, 1).furniture == {}


def test_the_rest_of_a_furniture_sentence_the_page_wrapped_is_furniture_too():
    text = (f"{TITLE}\n\nOfficials from both countries opened the crossing at Agarak on\nMonday, the ministry said in a "
            "statement.\nThe crossing will be open\nday and night, it added.\n\nThis article is republished from the "
            "Caucasus Post under a Creative\nCommons licence. Read the original.\n")
    classified = classify(text, TITLE, 1)
    assert sorted(classified.furniture) == [8, 9] and classified.paragraphs == ((3, 4), (5, 6))


def test_the_standfirst_under_the_headline_is_text_though_it_has_no_full_stop():
    text = f"{TITLE}\nThe crossing will let trucks avoid a long detour through Georgia\nBy Gohar Sargsyan\n\n{LEAD}\n"
    classified = classify(text, TITLE, 1)
    assert classified.paragraphs[0] == (2,) and classified.furniture[3].kind == "byline"


def test_a_line_under_the_headline_that_names_and_dates_is_no_standfirst():
    text = f"{TITLE}\nGohar Sargsyan, South Caucasus Correspondent, Yerevan\n\n{LEAD}\n"
    assert 2 in classify(text, TITLE, 1).furniture


def test_a_wrapped_line_a_pull_quote_repeats_stays_text():
    text = (f"{TITLE}\n\nOfficials from both countries opened the crossing at Agarak on\nMonday. Trucks had waited at the "
            "border since the\nearly morning hours.\n\nTrucks had waited at the border since the early morning hours\n")
    classified = classify(text, TITLE, 1)
    assert classified.paragraphs == ((3, 4, 5),) and list(classified.furniture) == [7]


def test_a_page_with_long_unwrapped_sentences_is_not_taken_for_hard_wrapped():
    long = ("Officials from both countries opened the crossing at Agarak on Monday, and said that it would stay open day "
            "and night for trucks.")
    text = f"{TITLE}\nShare this page on Facebook, Telegram or by email\n{long}\n{long.replace('Monday', 'Tuesday')}\n"
    classified = classify(text, TITLE, 1)
    assert classified.paragraphs == ((3,), (4,)) and classified.furniture[2].kind == "share"

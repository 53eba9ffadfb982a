"""Reading a search request: the query cleaned for the parser, with a note for each change."""

import pytest

from app.state.search.request import BadSearch, clean_query, read_request, well_formed


@pytest.mark.parametrize(
    ("typed", "cleaned", "noted"),
    [
        ("drones", "drones", None),
        ("  drones \t sanctions ", "drones sanctions", None),
        ("“political solution”", '"political solution"', None),
        ('"political solution', "political solution", "quote mark"),
        ("(drones OR sanctions", "drones OR sanctions", "brackets"),
        ("drones)", "drones", "brackets"),
        ("*", "", "star"),
        ("*stan sanct*", "stan sanct*", "star"),
        ("d*", "d", "star"),
        ("is Iran sending drones?", "is Iran sending drones", None),
        ("headline:Tokyo", "headline Tokyo", "named fields"),
        ("drones\x00\x1b\u202e", "drones", None),
        ("-drones", "-drones", "Add a word"),
        ("NOT Putin", "NOT Putin", "Add a word"),
        ('"Iran Russia"~3', '"Iran Russia"~3', None),
        ('"Iran Russia"~999999', '"Iran Russia"~10', "~999999 was read as ~10"),
        ("iran~999999", "iran", "phrase’s slop"),
        ('"Iran Russia"~ war', '"Iran Russia" war', "phrase’s slop"),
        ("iran^999999", "iran", "Boosts"),
        ('"nato expansion"^0.5 (Iran Russia)^3', '"nato expansion" (Iran Russia)', "Boosts"),
    ],
)
def test_a_query_is_cleaned_and_each_change_is_noted(typed, cleaned, noted):
    text, notes = clean_query(typed)
    assert text == cleaned
    assert any(noted in note for note in notes) if noted else notes == []


@pytest.mark.parametrize(
    ("query", "parsed"),
    [
        ("drones -Putin", "drones NOT Putin"),
        ("drones -(Putin OR Sullivan)", "drones NOT (Putin OR Sullivan)"),
        ('-"special operation" war', 'NOT "special operation" war'),
        ("+drones +Raisi", "drones Raisi"),
        ("Amir-Abdollahian", "Amir-Abdollahian"),
        ("drones OR", "drones"),
        ("OR AND drones AND", "drones"),
        ("NOT NOT drones", "NOT drones"),
        ("drones (NOT) ()", "drones"),
        ("drones & ~ ^", "drones"),
        ("(drones OR) Raisi", "(drones) Raisi"),
        ("-NOT drones +OR", "drones"),
    ],
)
def test_operators_reach_the_parser_only_where_they_join_words(query, parsed):
    assert well_formed(query) == parsed


@pytest.mark.parametrize(
    ("args", "message"),
    [({"q": "x" * 501}, "501 characters"), ({"q": "drones", "page": "-1"}, "not a page number"), ({"q": "drones", "page": "1e9"}, "not a page number"),
     ({"q": "drones", "sort": "best"}, "not a way to sort"), ({"q": "drones", "year": "22"}, "four digits")],
)
def test_an_unreadable_request_is_refused_with_the_reason(args, message):
    with pytest.raises(BadSearch) as raised:
        read_request(args)
    assert message in raised.value.message


def test_a_request_gives_its_url_parameters_without_defaults():
    request = read_request({"q": "drones", "page": "2", "sort": "relevance", "year": "2023", "outlet": " "})
    assert request.params() == {"q": "drones", "year": "2023", "page": "2"}

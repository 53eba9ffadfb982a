import pytest

from app.corpus.dates import parse_fuzzy_date


@pytest.mark.parametrize(
    ("text", "precision", "label", "iso"),
    [
        ("2022-02-24", "day", "24 February 2022", "2022-02-24"),
        ("2022-06-22", "approximate", "c. 22 June 2022", "2022-06-22"),
        ("2022-01", "day", "January 2022", "2022-01"),
    ],
)
def test_dates_show_their_precision(text, precision, label, iso):
    date = parse_fuzzy_date(text, precision)
    assert (date.label, date.iso) == (label, iso)


@pytest.mark.parametrize("text", ["2022-02-30", "25/02/2022", "2022-2-5", "yesterday"])
def test_bad_dates_are_refused_with_the_reason(text):
    with pytest.raises(ValueError, match=repr(text)):
        parse_fuzzy_date(text)


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="precision"):
        parse_fuzzy_date("2022-02-24", "roughly")

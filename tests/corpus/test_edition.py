from app.corpus.edition import check_edition
from app.model import Omission

CAPTURE = "Furniture\nHeadline\n\nOne two\nthree. Four five.\n\nSix seven. (Desk)\n"


def test_a_faithful_edition_has_no_problems():
    problems = check_edition(
        CAPTURE, ["One two three. Four five.", "Six seven."], "Headline",
        [Omission(1, "furniture"), Omission(5 + 2, "desk credit", "(Desk)")],
    )
    assert problems == []


def test_a_changed_word_is_reported_with_the_difference():
    problems = check_edition(CAPTURE, ["One two three. Four fiv.", "Six seven. (Desk)"], "Headline", [Omission(1, "f")])
    assert any("paragraph 1 is not verbatim" in p for p in problems)


def test_paragraphs_must_follow_the_capture_order():
    problems = check_edition(CAPTURE, ["Six seven. (Desk)", "One two three. Four five."], "Headline", [Omission(1, "f")])
    assert any("paragraph 2" in p for p in problems)


def test_a_silently_dropped_line_is_reported():
    problems = check_edition(CAPTURE, ["One two three. Four five."], "Headline", [Omission(1, "f")])
    assert problems == ["capture line 7 is neither in the edition nor listed as omitted: “Six seven. (Desk)”"]


def test_part_of_a_word_is_not_a_match():
    problems = check_edition("Catalogue\n", ["Cat"], None, [])
    assert any("not verbatim" in p for p in problems)


def test_an_omitted_line_that_is_also_in_the_edition_is_reported():
    problems = check_edition(CAPTURE, ["One two three. Four five.", "Six seven. (Desk)"], "Headline", [Omission(1, "f"), Omission(7, "x")])
    assert any("listed as omitted but is in paragraph 2" in p for p in problems)


def test_a_headline_not_in_the_capture_must_be_marked_supplied():
    problems = check_edition(CAPTURE, ["One two three. Four five.", "Six seven. (Desk)"], "Invented", [Omission(1, "f"), Omission(2, "h")])
    assert any("Title-Supplied" in p for p in problems)

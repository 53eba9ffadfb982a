from app.corpus.edition import check_edition
from app.model import HEADLINE, Omission

CAPTURE = "Furniture\nHeadline\n\nOne two\nthree. Four five.\n\nSix seven. (Desk)\n"


def test_a_faithful_edition_has_no_problems():
    problems, _ = check_edition(
        CAPTURE, ["One two three. Four five.", "Six seven."], "Headline",
        [Omission(1, "furniture"), Omission(5 + 2, "desk credit", "(Desk)")],
    )
    assert problems == []


def test_a_changed_word_is_reported_with_the_difference():
    problems, _ = check_edition(CAPTURE, ["One two three. Four fiv.", "Six seven. (Desk)"], "Headline", [Omission(1, "f")])
    assert any("paragraph 1 is not verbatim" in str(p) for p in problems)


def test_paragraphs_must_follow_the_capture_order():
    problems, _ = check_edition(CAPTURE, ["Six seven. (Desk)", "One two three. Four five."], "Headline", [Omission(1, "f")])
    assert any("paragraph 2" in str(p) for p in problems)


def test_a_silently_dropped_line_is_reported():
    problems, _ = check_edition(CAPTURE, ["One two three. Four five."], "Headline", [Omission(1, "f")])
    assert [str(p) for p in problems] == ["capture line 7 is neither in the edition nor listed as omitted: “Six seven. (Desk)”"]


def test_part_of_a_word_is_not_a_match():
    problems, _ = check_edition("Catalogue\n", ["Cat"], None, [])
    assert any("not verbatim" in str(p) for p in problems)


def test_an_omitted_line_that_is_also_in_the_edition_is_reported():
    problems, _ = check_edition(CAPTURE, ["One two three. Four five.", "Six seven. (Desk)"], "Headline", [Omission(1, "f"), Omission(7, "x")])
    assert any("listed as omitted but is in paragraph 2" in str(p) for p in problems)


def test_a_headline_not_in_the_capture_must_be_marked_supplied():
    problems, _ = check_edition(CAPTURE, ["One two three. Four five.", "Six seven. (Desk)"], "Invented", [Omission(1, "f"), Omission(2, "h")])
    assert any("Title-Supplied" in str(p) for p in problems)


def _faithful():
    problems, alignment = check_edition(
        CAPTURE, ["One two three. Four five.", "Six seven."], "Headline",
        [Omission(1, "furniture"), Omission(7, "desk credit", "(Desk)")],
    )
    assert problems == []
    return alignment


def test_the_alignment_gives_each_line_its_fate():
    assert _faithful().pieces == (
        (1, 0, 9, "furniture"),
        (2, 0, 8, HEADLINE),
        (4, 0, 7, 1),
        (5, 0, 17, 1),
        (7, 0, 10, 2),
        (7, 11, 17, "desk credit"),
    )


def test_a_passage_over_several_lines_spans_them():
    assert _faithful().passage_lines() == {1: (4, 5), 2: (7, 7)}


def test_offsets_are_in_the_raw_line_whitespace_and_all():
    problems, alignment = check_edition("  One\u00a0 two   three \n", ["One two three"], None, [])
    assert problems == [] and alignment.pieces == ((1, 2, 18, 1),)


def test_lines_show_every_line_of_the_capture_with_its_parts():
    lines = _faithful().lines(CAPTURE.encode())
    assert [line.number for line in lines] == [1, 2, 3, 4, 5, 6, 7]
    assert [line.blank for line in lines] == [False, False, True, False, False, True, False]
    desk = lines[6]
    assert [(part.text, part.passage, part.left_out) for part in desk.parts] == [
        ("Six seven.", 2, None), (" ", None, None), ("(Desk)", None, "desk credit"),
    ]
    assert lines[1].fates[0].headline and "".join(part.text for part in desk.parts) == "Six seven. (Desk)"


def test_a_part_after_irregular_whitespace_is_cut_where_it_lies():
    problems, alignment = check_edition("A  b.\t\t(Desk)  \n", ["A b."], None, [Omission(1, "credit", "(Desk)")])
    assert problems == [] and alignment.pieces == ((1, 0, 5, 1), (1, 7, 13, "credit"))

"""The draft proposer: capture text and header values in, an edition file's text out."""

import pytest

from app.corpus.draft import DraftError, propose_draft
from app.corpus.text import plain_text, render_paragraph
from app.corpus.todos import header_todos
from tests.conftest import TESTS

CAPTURE = (TESTS / "fixtures" / "captures" / "furniture_and_hard_wrap.txt").read_text("utf-8")
TITLE = "Pomegranate exporters meet in Isfahan"
EVERY_VALUE = {
    "title": TITLE, "title-supplied": "no", "outlet": "Fixture Trade News", "url": "https://example.org/pomegranates",
    "published": "2024-01-11", "published-precision": "day", "published-basis": "printed",
    "published-evidence": "The capture prints “Thursday, January 11 2024” (line 2).",
    "reports": ["2024-01-10 — exporters meet in Isfahan “on Wednesday”"], "captured": "2024-01-12", "language": "en",
}


def draft(capture=CAPTURE, **values):
    return propose_draft(capture, "capture.txt", {**EVERY_VALUE, **values})


def test_hard_wrapped_lines_are_joined_until_a_line_ends_a_sentence():
    assert draft().paragraphs[:2] == (
        "Pomegranate exporters from Iran and Armenia met in Isfahan on Wednesday to discuss tariffs, shipping routes "
        "and the cold-chain warehouses that the two sides plan to build.",
        "The talks ended without a signed agreement, the organisers said.",
    )


def test_a_trailing_agency_credit_is_proposed_as_a_partial_omission():
    result = draft()
    assert result.paragraphs[2] == "“We hope to double the trade within three years,” one exporter said."
    assert [(o.line, o.part) for o in result.omissions if o.part] == [(13, "(Agencies)")]


@pytest.mark.parametrize(("line", "why"), [
    (1, "a menu"),
    (2, "a date line"),
    (6, "a byline"),
    (15, "share buttons"),
    (16, "it repeats the headline"),
    (18, "the heading of a “Read more” box"),
    (19, "in the “Read more” box"),
    (20, "in the “Read more” box"),
    (22, "an invitation to comment"),
])
def test_furniture_lines_are_proposed_for_leaving_out_with_a_todo_reason(line, why):
    reasons = {omission.line: omission.reason for omission in draft().omissions if omission.part is None}
    assert reasons[line].startswith(f"TODO: {why}")


def test_the_headline_line_is_neither_a_paragraph_nor_omitted():
    result = draft()
    assert 4 not in {omission.line for omission in result.omissions}
    assert TITLE not in result.paragraphs


def test_with_every_header_value_given_only_omission_reasons_are_todo():
    todos = header_todos(draft().text)
    assert len(todos) == len(draft().omissions) == 10
    assert all(what.startswith("Omitted line ") for _, what in todos)


def test_every_header_value_not_given_is_todo_with_a_hint():
    result = propose_draft(CAPTURE, "capture.txt", {"title": TITLE, "published": "2024-01-11"})
    assert "Outlet: TODO: the outlet that published the article" in result.text
    assert "Title-Supplied: TODO: yes if you wrote the Title, no if it is a line of the capture (the Title is capture line 4: no?)" in result.text
    assert "Published-Evidence: TODO: the words the Published date rests on, and where they are " \
           "(the capture has a date line: line 2 “Thursday, January 11 2024”)" in result.text
    assert "Capture: capture.txt" in result.text


def test_the_slug_is_the_published_date_and_the_title_words():
    assert draft().slug == "2024-01-11-pomegranate-exporters-meet-isfahan"
    assert draft(title="Iran's president: US, NATO provocation root cause of Ukraine conflict").slug == \
        "2024-01-11-iran-president-us-nato-provocation-root"


def test_one_paragraph_a_line_stays_one_paragraph_a_line():
    capture = "First sentence here, and it is long enough.\nSecond one follows on its own line.\n"
    assert draft(capture).paragraphs == ("First sentence here, and it is long enough.", "Second one follows on its own line.")


@pytest.mark.parametrize("text", [
    "1. The first point is a number, not a list item in this article.",
    "Prices rose *sharply*, said [the ministry] of trade_and_industry.",
    "Inflation was < 40 % & profits > 3 %, and &amp; is text.",
])
def test_markdown_in_a_capture_is_escaped_so_the_reader_sees_the_capture_text(text):
    source = draft(text).text.split("\n\n", 1)[1].strip()
    assert plain_text(render_paragraph(source)) == text


@pytest.mark.parametrize(("values", "message"), [
    ({"published": "2024-02-30"}, "--published: '2024-02-30' is not a real calendar date"),
    ({"published": "yesterday"}, "--published: 'yesterday' is not a date in the form YYYY-MM-DD"),
    ({"captured": "12/01/2024"}, "--captured: '12/01/2024' is not a date"),
    ({"published": None}, "give --published YYYY-MM-DD"),
])
def test_a_date_that_does_not_parse_is_refused(values, message):
    with pytest.raises(DraftError) as refused:
        draft(**values)
    assert message in str(refused.value)


def test_an_empty_capture_is_refused():
    with pytest.raises(DraftError, match=r"capture\.txt is empty"):
        draft(" \n\n\t\n")


def test_a_capture_with_crlf_line_ends_drafts_the_same_paragraphs():
    assert draft(CAPTURE.replace("\n", "\r\n")).paragraphs == draft().paragraphs


FURNITURE_IN_A_ROW = """Iran and Russia agree to finish a rail link

The two countries signed an agreement on Monday to finish a railway
between Rasht and Astara, officials said.
Read more: Iran's trade with Russia doubles
Read more: Caspian ports see record traffic
© 2024 Fixture Wire. All rights reserved.
"""


def test_consecutive_furniture_lines_and_a_copyright_line_are_separate_omissions_not_a_paragraph():
    result = draft(FURNITURE_IN_A_ROW, title="Iran and Russia agree to finish a rail link")
    assert result.paragraphs == ("The two countries signed an agreement on Monday to finish a railway between Rasht and Astara, "
                                 "officials said.",)
    reasons = {omission.line: omission.reason for omission in result.omissions}
    assert sorted(reasons) == [5, 6, 7]
    assert reasons[5] == reasons[6] == "TODO: a link to another article" and reasons[7] == "TODO: a copyright line"


@pytest.mark.parametrize("line", [
    "Read more about it in the report, which the ministry published on Monday.",
    "“We will not accept this,” he said.",
    "The talks will resume on Friday.",
    "Comments by the minister were welcomed in Kyiv on Tuesday.",
])
def test_article_lines_that_look_like_furniture_stay_paragraphs(line):
    capture = f"Some headline here\n\nThe first paragraph says what happened, in a sentence of its own.\n{line}\n"
    assert draft(capture, title="Some headline here").paragraphs[-1] == line


def test_of_a_line_and_its_pull_quote_repeating_it_word_for_word_the_later_is_left_out():
    sentence = "The story of how that happened says a lot about Iran's foreign policy."
    capture = f"Some headline here\n\nThe first paragraph says what happened, in a sentence.\n{sentence}\n{sentence}\n"
    result = draft(capture, title="Some headline here")
    assert result.paragraphs[-1] == sentence and [omission.line for omission in result.omissions] == [5]

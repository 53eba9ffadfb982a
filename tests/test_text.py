import pytest

from app.text import normalise, plain_text, render_paragraph


def test_normalise_folds_line_breaks_and_no_break_spaces():
    assert normalise(" a\u00a0 b\n c\t") == "a b c"


def test_raw_html_in_markdown_is_escaped_not_passed_through():
    html = render_paragraph('Hello <script>alert("x")</script> <b onclick="y">bold</b>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b" not in html


@pytest.mark.parametrize("source", ["# A heading", "1. a list", "- a list", "> a quote", "one\n\ntwo"])
def test_markdown_that_is_not_one_paragraph_is_refused(source):
    assert render_paragraph(source) is None


def test_plain_text_is_what_a_reader_sees():
    assert plain_text(render_paragraph("He said *no* &amp; [left](http://x)")) == "He said no & left"

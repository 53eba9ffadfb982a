import re
import sys

import pytest

from app.corpus.text import normalise, plain_text, render_markdown, render_paragraph


def test_normalise_folds_line_breaks_and_no_break_spaces():
    assert normalise(" a\u00a0 b\n c\t") == "a b c"


def test_normalise_folds_exactly_what_a_regular_expression_calls_whitespace():
    every_character = "".join(map(chr, range(sys.maxunicode + 1))).replace("x", "")
    assert normalise(f"x{every_character}x") == re.sub(r"\s+", " ", f"x{every_character}x").strip()


def test_raw_html_in_markdown_is_escaped_not_passed_through():
    html = render_paragraph('Hello <script>alert("x")</script> <b onclick="y">bold</b>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b" not in html


@pytest.mark.parametrize("source", ["# A heading", "1. a list", "- a list", "> a quote", "one\n\ntwo"])
def test_markdown_that_is_not_one_paragraph_is_refused(source):
    assert render_paragraph(source) is None


def test_plain_text_is_what_a_reader_sees():
    assert plain_text(render_paragraph("He said *no* &amp; [left](http://x)")) == "He said no & left"


PLAIN_OR_NOT = [
    "A plain sentence, with (brackets), dashes - and numbers 1. 2. 3.",
    "AT&T and R&D", "AT&amp;T", "&#8212; an entity", "1. a list", "1) a list", "- a list", "+ a list", "# heading",
    "> quote", "    indented code", "a *star* here", "a_b_c", "`code`", "[link](http://x)", "<b>html</b>", "back\\slash",
    "Two\nlines", "=== underline", "“Quotes” and ‘apostrophes’ and it's", "100% sure!", "a | b",
]


@pytest.mark.parametrize("source", PLAIN_OR_NOT)
def test_the_plain_text_fast_path_renders_as_markdown_does(source):
    rendered = render_paragraph(source)
    slow = render_markdown(source)
    if rendered is None:
        assert not slow.startswith("<p>") or slow.count("<p>") > 1
    else:
        assert plain_text(rendered) == plain_text(slow.removeprefix("<p>").removesuffix("</p>"))


def test_every_real_paragraph_renders_as_markdown_would(real_corpus):
    for passage in real_corpus.passages:
        slow = render_markdown(passage.text)
        assert plain_text(passage.html) == plain_text(slow) == passage.text

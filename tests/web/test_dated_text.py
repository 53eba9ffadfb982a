import pytest

from app.web.dated_text import mark_dates


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("on 24 February 2023.", 'on <time datetime="2023-02-24">24 February 2023</time>.'),
        ("in January 2022", 'in <time datetime="2022-01">January 2022</time>'),
        ("“February 25, 2022”", '“<time datetime="2022-02-25">February 25, 2022</time>”'),
        (
            "visit of 22–23 June 2022",
            'visit of <time datetime="2022-06-22">22</time>–<time datetime="2022-06-23">23 June 2022</time>',
        ),
        ("no date here, 2018 alone", "no date here, 2018 alone"),
        ("31 February 2022", "31 February 2022"),
    ],
)
def test_dates_in_prose_become_time_elements(text, html):
    assert mark_dates(text) == html


def test_the_text_is_escaped_before_it_is_marked_up():
    assert mark_dates("<b>1 May 2022</b>") == '&lt;b&gt;<time datetime="2022-05-01">1 May 2022</time>&lt;/b&gt;'

import re

from app.corpus.permalinks import assign_keys, passage_key


def test_key_is_short_lowercase_and_url_safe():
    assert re.fullmatch(r"[a-z2-7]{8}", passage_key("Any passage at all."))


def test_key_ignores_whitespace_differences():
    assert passage_key("a  b\nc\u00a0d") == passage_key("a b c d")


def test_key_depends_on_the_text_not_the_position():
    before = assign_keys(["First.", "Second.", "Third."])
    after = assign_keys(["First.", "Inserted.", "Second.", "Third."])
    assert before[1:] == after[2:] and before[0] == after[0]


def test_equal_passages_in_one_article_get_distinct_deterministic_keys():
    keys = assign_keys(["Same.", "Other.", "Same.", "Same."])
    base = passage_key("Same.")
    assert keys == [base, passage_key("Other."), f"{base}-2", f"{base}-3"]

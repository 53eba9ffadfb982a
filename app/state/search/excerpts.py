"""What a reader sees of a hit: its excerpt with the searched words marked, and the messages about
the query beside the results (did you mean, other spellings matched). Whoosh's highlighter marks the
words with the index's own analyzer, so a word marked is a word that matched.
"""

from __future__ import annotations

import difflib
import html
import re
from itertools import pairwise

from markupsafe import Markup, escape
from whoosh import highlight

from app.model import Passage
from app.state.search.analysis import spelling_chain
from app.state.search.request import query_words

EXCERPT_CHARS = 360


class ExcerptFormatter(highlight.HtmlFormatter):
    """Whoosh's escaping HTML formatter, with “…” wherever the excerpt leaves text out."""

    def format(self, fragments, replace=False):
        if not fragments:  # the passage matched by its headline only
            return ""
        text, position, parts = fragments[0].text, 0, []
        for fragment in fragments:
            parts.append("… " if fragment.startchar > position else html.escape(text[position:fragment.startchar], quote=False))
            parts.append(self.format_fragment(fragment, replace=replace))
            position = fragment.endchar
        rest = text[position:]
        parts.append(" …" if re.search(r"\w", rest) else html.escape(rest, quote=False))
        return "".join(parts)


def excerpt(passage: Passage, words: frozenset[str], analyzer, formatter: ExcerptFormatter) -> Markup:
    """The passage with `words` marked: a short passage whole, a long one by the words around its matches."""
    whole = len(passage.text) <= EXCERPT_CHARS
    fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=EXCERPT_CHARS, surround=100)
    marked = highlight.highlight(passage.text, words, analyzer, fragmenter, formatter, top=2)
    return Markup(marked) if marked else escape(opening(passage.text))  # HtmlFormatter escapes the text


def opening(text: str, length: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def corrected(text: str, analyzer, postings, vocabulary: dict[str, frozenset[str]]) -> str | None:
    """The query with each word the index does not know replaced by the nearest word it does."""
    fixed, changed = text, False
    for word in dict.fromkeys(query_words(text)):
        if any(postings.doc_frequency("text", token.text) for token in analyzer(word)):
            continue
        folded = "".join(t.text for t in spelling_chain(word))
        known = vocabulary.get(folded[:1], frozenset())
        if folded in known:
            continue
        close = difflib.get_close_matches(folded, sorted(known), n=1, cutoff=0.8)
        if close:
            suggestion = close[0].capitalize() if word[:1].isupper() else close[0]
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, fixed)
            changed = True
    return fixed if changed else None


def also_matched(text: str, aliases, passages: list[Passage]) -> tuple[str, ...]:
    """Other spellings of the names searched for that `passages` contain."""
    typed = text.casefold()
    words = list(query_words(text))
    candidates = words + [f"{a} {b}" for a, b in pairwise(words)]
    groups = {group for word in candidates if (group := aliases.group_of(word.replace("’", "'"))) is not None}
    found = []
    for group in sorted(groups, key=lambda g: g.name):
        for spelling in group.all_spellings:
            pattern = re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)", re.IGNORECASE)
            if spelling.casefold() not in typed and any(pattern.search(passage.text) for passage in passages):
                found.append(spelling)
    return tuple(found)

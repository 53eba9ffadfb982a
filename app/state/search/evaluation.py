"""A query's matches and their scores: Whoosh's parser reads the query, arrays evaluate it.

The parsed query is a tree of Whoosh query objects. Each word (a Term) is its postings (postings.py);
and, or and not are array operations over every passage at once: a boolean array says which
passages match, a float array what each scores, summed as Whoosh's matchers sum their children's
BM25F scores. So the whole match set, its counts and its ranking cost a few array passes, whatever
the number of matches. A phrase is where its pairs of words (kept with their positions) line up,
and scores as its words do. Anything else the parser could make (a phrase with slop, `"a b"~3`)
is left to Whoosh's own matcher, which steps through its matches in Python, stopped at the deadline.
"""

from __future__ import annotations

import time
from itertools import islice

import numpy as np
from whoosh import query
from whoosh.qparser import MultifieldParser, OrGroup, plugins

from app.state.search.analysis import SEARCHED_FIELDS


def parse(built, text: str, group, prefix_terms: int) -> query.Query:
    """`text` as Whoosh's parser reads it into a query on the searched fields, words joined by `group`
    (AndGroup or OrGroup), with the archive's readings of `-word` and `word*` (at most `prefix_terms`
    words) applied."""
    parser = MultifieldParser(list(SEARCHED_FIELDS), built.schema, group=group)
    for plugin in (plugins.FieldsPlugin, plugins.SingleQuotePlugin, plugins.RangePlugin, plugins.BoostPlugin, plugins.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parsed = headlines_not_excluded(parser.parse(text))
    return bounded_prefixes(nots_left_out(parsed) if group is OrGroup else parsed, built.postings, prefix_terms)


def headlines_not_excluded(parsed: query.Query) -> query.Query:
    """`-Putin` leaves out passages that name Putin, not every passage under a headline that does."""
    if isinstance(parsed, query.Not):
        text_only = parsed.query.accept(lambda leaf: query.NullQuery if getattr(leaf, "fieldname", None) == "article" else leaf)
        return query.Not(text_only.normalize())
    return parsed.apply(headlines_not_excluded)


def nots_left_out(parsed: query.Query) -> query.Query:
    """`a NOT b c` read as any of a, c without b: an Or would take `NOT b` as one more alternative
    (every passage without b)."""
    parsed = parsed.apply(nots_left_out)
    if not isinstance(parsed, query.Or) or not any(isinstance(child, query.Not) for child in parsed.subqueries):
        return parsed
    wanted = [child for child in parsed.subqueries if not isinstance(child, query.Not)]
    unwanted = [child for child in parsed.subqueries if isinstance(child, query.Not)]
    return query.And([query.Or(wanted) if wanted else query.NullQuery, *unwanted])


def bounded_prefixes(parsed: query.Query, postings, limit: int) -> query.Query:
    """A prefix stands for the words it begins, at most `limit` of them (the first in order)."""
    if isinstance(parsed, query.Prefix):
        words = postings.with_prefix(parsed.fieldname, parsed.text, limit)
        return query.Or([query.Term(parsed.fieldname, word) for word in words]) if words else query.NullQuery
    return parsed.apply(lambda child: bounded_prefixes(child, postings, limit))


class Evaluation:
    """Evaluates queries over one index before a deadline; `timed_out` says if one was cut short."""

    def __init__(self, built, deadline: float):
        self.built, self.deadline, self.timed_out = built, deadline, False
        self.size = len(built.facets)

    def matches(self, parsed: query.Query) -> tuple[np.ndarray, np.ndarray]:
        """Which passages `parsed` matches (booleans by ordinal) and their scores (0 where none).
        Past the deadline, what is left of the query matches nothing: the search shows what it found."""
        if time.monotonic() >= self.deadline:  # at the deadline already: a limit of 0 stops every search
            self.timed_out = True
            return self._nothing()
        matched, scores = self._evaluated(parsed)
        if parsed.boost != 1:
            scores = scores * parsed.boost
        return matched, scores

    def _evaluated(self, parsed: query.Query) -> tuple[np.ndarray, np.ndarray]:
        kind = type(parsed)
        if parsed is query.NullQuery:
            return self._nothing()
        if kind is query.Term:
            return self._term(parsed.fieldname, parsed.text)
        if kind is query.Or and not parsed.minmatch:
            return self._union([self.matches(child) for child in parsed.subqueries])
        if kind is query.And:
            return self._intersection([self.matches(child) for child in parsed.subqueries])
        if kind is query.AndNot:
            return self._intersection([self.matches(parsed.a)], left_out=self.matches(parsed.b)[0])
        if kind is query.AndMaybe:
            (required, scores), (_, extra) = self.matches(parsed.a), self.matches(parsed.b)
            return required, np.where(required, scores + extra, 0.0)
        if kind is query.Not:  # Whoosh's matcher for it scores 1 wherever it matches
            return ~self.matches(parsed.query)[0], np.ones(self.size)
        if kind is query.Phrase and parsed.slop == 1 and len(parsed.words) > 1:
            return self._phrase(parsed)
        return self._stepped(parsed)

    def _nothing(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.size, bool), np.zeros(self.size)

    def _term(self, field: str, text) -> tuple[np.ndarray, np.ndarray]:
        ordinals, scores = self.built.postings.of(field, text)
        matched, scored = self._nothing()
        matched[ordinals], scored[ordinals] = True, scores
        return matched, scored

    def _union(self, parts: list) -> tuple[np.ndarray, np.ndarray]:
        if not parts:
            return self._nothing()
        return np.logical_or.reduce([m for m, _ in parts]), np.add.reduce([s for _, s in parts])

    def _intersection(self, parts: list, left_out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        matched = np.logical_and.reduce([m for m, _ in parts])
        if left_out is not None:
            matched &= ~left_out
        return matched, np.where(matched, np.add.reduce([s for _, s in parts]), 0.0)

    def _phrase(self, parsed: query.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """Passages with the phrase's words one after another; each scores as the words in it."""
        matched = np.zeros(self.size, bool)
        matched[self.built.postings.phrase(parsed.fieldname, list(parsed.words))] = True
        return matched, np.where(matched, np.add.reduce([self._term(parsed.fieldname, word)[1] for word in parsed.words]), 0.0)

    def _stepped(self, parsed: query.Query) -> tuple[np.ndarray, np.ndarray]:
        """A phrase (or any query arrays cannot say): Whoosh's matcher finds its passages, among
        those with all its words; each scores as the words in it."""
        found: list[int] = []
        for shard in self.built.shards:
            with shard.index.searcher() as searcher:
                documents = parsed.matcher(searcher).all_ids()
                while not self.timed_out and (chunk := list(islice(documents, 4096))):
                    found.extend(document + shard.first for document in chunk)
                    self.timed_out = time.monotonic() >= self.deadline
        matched = np.zeros(self.size, bool)
        matched[np.array(found, np.int64)] = True
        words = [self._term(field, text)[1] for field, text in parsed.iter_all_terms(phrases=True)]
        return matched, np.where(matched, np.add.reduce(words) if words else 0.0, 0.0)


def searched_words(parsed: query.Query, postings) -> frozenset[str]:
    """The words of the text field the query looks for that the corpus has: what excerpts mark."""
    return frozenset(text for field, text in parsed.iter_all_terms(phrases=True) if field == "text" and postings.doc_frequency(field, text))

"""Search filters and their counts, and each passage's article, over passages numbered in corpus order.

A passage's ordinal is its place in the corpus (publication order, then passage order), so
ordinals in order are also the results sorted by date, oldest first, and an article's passages
are consecutive ordinals. Matches are boolean arrays indexed by ordinal (evaluation.py); here a
filter is one more such array, and each filter's counts one `numpy.bincount` over the value codes
of the passages kept: no Python loop over the matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.model import Article, Corpus, Passage
from app.state.search.request import FILTERS, BadSearch


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""  # how a reader sees the value, if not as itself (a speaker's name for their slug)

    @property
    def shown(self) -> str:
        return self.label or self.value


class PassageFacets:
    """For each ordinal: its article and passage, its article's number, and its value of every filter."""

    def __init__(self, corpus: Corpus):
        self.entries: list[tuple[Article, Passage]] = [(a, p) for a in corpus.articles for p in a.passages]
        self.articles = corpus.articles
        passages_of = np.array([len(article.passages) for article in corpus.articles], np.int64)
        self.article_of = np.repeat(np.arange(len(corpus.articles), dtype=np.int32), passages_of)
        self._single = {  # filter -> (its values, each ordinal's value code), coded once per article
            name: (names, np.repeat(codes, passages_of))
            for name, (names, codes) in (("outlet", _coded([article.outlet for article in corpus.articles])),
                                         ("year", _coded([str(article.published.value.year) for article in corpus.articles])))
        }
        named_in, said = corpus.people.named_in, corpus.statements
        self._several = {  # filter -> (its values, and for each (passage, value) pair: the ordinal, the value code)
            "person": _pairs([(ordinal, person.name) for ordinal, (_, p) in enumerate(self.entries)
                              for person in named_in.get((p.slug, p.key), ())]),
            "said_by": _pairs([(ordinal, speaker.slug) for ordinal, (_, p) in enumerate(self.entries) for speaker in said.speakers_of(p)]),
        }
        self.speakers = {speaker.slug: speaker.name for statements in said.by_speaker.values() for speaker in {s.speaker for s in statements}}

    def __len__(self) -> int:
        return len(self.entries)

    def having(self, name: str, value: str) -> np.ndarray:
        """Which passages have `value` for the filter `name`, as a boolean array by ordinal."""
        if name in self._several:
            names, ordinals, codes = self._several[name]
            chosen = np.zeros(len(self), bool)
            if value in names:
                chosen[ordinals[codes == names.index(value)]] = True
            return chosen
        names, codes = self._single[name]
        return codes == names.index(value) if value in names else np.zeros(len(self), bool)

    def kept(self, matched: np.ndarray, filters: dict[str, str]) -> np.ndarray:
        """`matched` narrowed to the passages that have every filter's value."""
        for name, value in filters.items():
            matched = matched & self.having(name, value)
        return matched

    def counts(self, matched: np.ndarray, filters: dict[str, str]) -> dict[str, tuple[FacetValue, ...]]:
        """Each filter's values with their number of passages among `matched` kept by the other
        filters in use, so the reader sees what choosing another value would find."""
        counts = {}
        for name in FILTERS:
            among = self.kept(matched, {n: v for n, v in filters.items() if n != name})
            if name in self._several:
                names, ordinals, codes = self._several[name]
                found = np.bincount(codes[among[ordinals]], minlength=len(names))
            else:
                names, codes = self._single[name]
                found = np.bincount(codes[among], minlength=len(names))
            labels = self.speakers if name == "said_by" else {}
            pairs = [(value, int(count)) for value, count in zip(names, found, strict=True) if count and value]
            pairs.sort(key=_order(name, labels))
            counts[name] = tuple(FacetValue(value, count, labels.get(value, "")) for value, count in pairs)
        return counts

    def check(self, filters: dict[str, str]) -> None:
        """A `said-by` that names no speaker is the reader's mistake, not an empty result."""
        slug = filters.get("said_by")
        if slug and slug not in self.speakers:
            raise BadSearch(f"No one with the slug “{slug[:60]}” speaks in the archive; said-by takes "
                            f"the slug of one who does: {', '.join(sorted(self.speakers))} (the said_by facet of "
                            "/api/search lists them with their names).")


def _order(name: str, labels: dict[str, str]):
    """How a facet's values are listed: years in order; others by count, then as the reader sees them."""
    if name == "year":
        return lambda item: item[0]
    return lambda item: (-item[1], labels.get(item[0], item[0]))


def _pairs(pairs: list[tuple[int, str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    names, codes = _coded([value for _, value in pairs])
    return names, np.fromiter((ordinal for ordinal, _ in pairs), np.int32, len(pairs)), codes


def _coded(values: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct values, and each value's index among them."""
    names = sorted(set(values))
    index = {name: code for code, name in enumerate(names)}
    return names, np.fromiter((index[value] for value in values), np.int32, len(values))

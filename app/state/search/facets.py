"""Search filters and their counts, over passages numbered in corpus order.

The index holds one document per passage, added in corpus order (publication order), so a
document's number is its passage's ordinal. Filtering the matched ordinals by year, outlet or
person, and counting each filter's values, is then done here with list comprehensions and Counters:
a few quick passes over plain lists, where the search engine's collector spent several
microseconds of Python per matched passage. Ordinals in order are also the results sorted
by date, oldest first.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import chain

from app.model import Article, Corpus, Passage
from app.state.search.request import FILTERS


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


class PassageFacets:
    """For each ordinal: its article and passage, and its value of every filter."""

    def __init__(self, corpus: Corpus):
        self.entries: tuple[tuple[Article, Passage], ...] = tuple((a, p) for a in corpus.articles for p in a.passages)
        named_in = corpus.people.named_in
        self._article = array("I", (number for number, article in enumerate(corpus.articles) for _ in article.passages))
        self._values = {
            "outlet": [article.outlet for article, _ in self.entries],
            "year": [str(article.published.value.year) for article, _ in self.entries],
            "person": [tuple(p.name for p in named_in.get((p.slug, p.key), ())) for _, p in self.entries],
        }

    def __len__(self) -> int:
        return len(self.entries)

    def index_values(self, ordinal: int) -> dict[str, str]:
        """The filter values to index for a passage (persons comma-separated)."""
        return {name: ",".join(values[ordinal]) if name == "person" else values[ordinal] for name, values in self._values.items()}

    def kept(self, ordinals: list[int], filters: dict[str, str]) -> list[int]:
        """The ordinals that have every filter's value, in the same order."""
        for name, value in filters.items():
            values = self._values[name]
            if name == "person":
                ordinals = [ordinal for ordinal in ordinals if value in values[ordinal]]
            else:
                ordinals = [ordinal for ordinal in ordinals if values[ordinal] == value]
        return ordinals

    def counts(self, ordinals: list[int], filters: dict[str, str]) -> dict[str, tuple[FacetValue, ...]]:
        """Each filter's values with their number of passages among `ordinals` kept by the other
        filters in use, so the reader sees what choosing another value would find."""
        kept = self.kept(ordinals, filters)
        counts = {}
        for name in FILTERS:
            among = self.kept(ordinals, {n: v for n, v in filters.items() if n != name}) if name in filters else kept
            values = self._values[name]
            found = Counter(chain.from_iterable(map(values.__getitem__, among))) if name == "person" else Counter(map(values.__getitem__, among))
            ordered = sorted(found.items(), key=(lambda item: item[0]) if name == "year" else (lambda item: (-item[1], item[0])))
            counts[name] = tuple(FacetValue(value, count) for value, count in ordered if value)
        return counts

    def articles_among(self, ordinals: list[int]) -> int:
        return len(set(map(self._article.__getitem__, ordinals)))

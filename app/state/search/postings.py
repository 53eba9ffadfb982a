"""Every term's postings as numpy arrays: which passages (by ordinal) hold it, and how much each
scores for it, kept beside the Whoosh index and memory-mapped by every worker.

They are made from the very tuples Whoosh's writer indexes (`FieldType.index()`: term, frequency,
weight), so a term's passages are its Whoosh postings, and the score stored with each is Whoosh's
own BM25F for that term in that passage (`whoosh.scoring.bm25`, Whoosh's idf, its average field
length and its one-byte field lengths). A query is then evaluated with array operations
(evaluation.py) instead of stepping Whoosh's matchers through every match in Python.

Saved with `allow_pickle=False` and opened with `mmap_mode="r"`: the pages are the kernel's page
cache, shared by every worker, never copied into a process.
"""

from __future__ import annotations

import bisect
import json
from array import array
from pathlib import Path

import numpy as np
from whoosh import fields, scoring
from whoosh.util.numeric import byte_to_length, length_to_byte

from app.state.search.analysis import SEARCHED_FIELDS
from app.state.search.facets import PassageFacets

TERMS_FILE = "terms.json"
ARRAYS = ("offsets", "ordinals", "scores")


class Postings:
    """The terms of the searched fields and, for each, its passages in order with their scores."""

    def __init__(self, folder: Path):
        self.terms: dict[str, list[str]] = json.loads((folder / TERMS_FILE).read_text("utf-8"))  # field -> its terms, sorted
        self.first = {}  # field -> the number of its first term
        number = 0
        for field in SEARCHED_FIELDS:
            self.first[field], number = number, number + len(self.terms[field])
        self.offsets, self.ordinals, self.scores = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS)

    def _number(self, field: str, text: str) -> int | None:
        terms = self.terms.get(field, ())
        place = bisect.bisect_left(terms, text)
        return self.first[field] + place if place < len(terms) and terms[place] == text else None

    def of(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding the term, in order, and the term's score in each."""
        number = self._number(field, text)
        if number is None:
            return self.ordinals[:0], self.scores[:0]
        start, end = self.offsets[number], self.offsets[number + 1]
        return self.ordinals[start:end], self.scores[start:end]

    def doc_frequency(self, field: str, text: str) -> int:
        return len(self.of(field, text)[0])

    def with_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to `limit` terms of the field starting with `prefix`, in order."""
        terms = self.terms.get(field, ())
        place, found = bisect.bisect_left(terms, prefix), []
        while place < len(terms) and terms[place].startswith(prefix) and len(found) < limit:
            found.append(terms[place])
            place += 1
        return found


def write_postings(schema: fields.Schema, facets: PassageFacets, folder: Path) -> None:
    """Analyse every passage as Whoosh's writer does and save the postings of the searched fields."""
    numbers: dict[tuple[str, str], int] = {}
    term_of, ordinal_of, frequency, weight = array("I"), array("I"), array("I"), array("f")
    for ordinal, (article, passage) in enumerate(facets.entries):
        for field, value in (("text", passage.text), ("article", article.title)):
            for term, freq, term_weight, _ in schema[field].index(value):
                term_of.append(numbers.setdefault((field, term.decode("utf-8")), len(numbers)))
                ordinal_of.append(ordinal)
                frequency.append(freq)
                weight.append(term_weight)
    term_of, ordinal_of = np.frombuffer(term_of, np.uint32), np.frombuffer(ordinal_of, np.uint32)
    keys = sorted(numbers, key=lambda key: (SEARCHED_FIELDS.index(key[0]), key[1]))
    renumbered = np.empty(len(keys), np.int64)
    renumbered[[numbers[key] for key in keys]] = np.arange(len(keys))
    term_of = renumbered[term_of]
    scores = _bm25f(keys, term_of, ordinal_of, np.frombuffer(frequency, np.uint32), np.frombuffer(weight, np.float32), len(facets))
    order = np.argsort(term_of, kind="stable")  # passages were added in order: each term's stay so
    offsets = np.searchsorted(term_of[order], np.arange(len(keys) + 1))
    np.save(folder / "offsets.npy", offsets.astype(np.int64), allow_pickle=False)
    np.save(folder / "ordinals.npy", ordinal_of[order].astype(np.int32), allow_pickle=False)
    np.save(folder / "scores.npy", scores[order].astype(np.float32), allow_pickle=False)
    terms = {field: [text for name, text in keys if name == field] for field in SEARCHED_FIELDS}
    (folder / TERMS_FILE).write_text(json.dumps(terms, ensure_ascii=False), "utf-8")


def _bm25f(keys, term_of, ordinal_of, frequency, weight, passages: int) -> np.ndarray:
    """Whoosh's BM25F score of each posting, as its searcher computes it for a Term query."""
    model = scoring.BM25F()
    field_number = np.array([SEARCHED_FIELDS.index(field) for field, _ in keys], np.int8)[term_of]
    document_frequency = np.bincount(term_of, minlength=len(keys))
    idf = np.log(passages / (document_frequency + 1)) + 1  # Whoosh's WeightingModel.idf()
    scores = np.empty(len(term_of), np.float64)
    for number in range(len(SEARCHED_FIELDS)):
        chosen = field_number == number
        exact = np.bincount(ordinal_of[chosen], weights=frequency[chosen], minlength=passages)
        average = exact.sum() / passages or 1  # Whoosh's avg_field_length(), from exact lengths
        stored = _as_whoosh_stores(exact)
        scores[chosen] = scoring.bm25(idf[term_of[chosen]], weight[chosen], stored[ordinal_of[chosen]], average, model.B, model.K1)
    return scores


def _as_whoosh_stores(lengths: np.ndarray) -> np.ndarray:
    """Field lengths as Whoosh keeps them: in one byte each, so approximately."""
    distinct, where = np.unique(lengths.astype(np.int64), return_inverse=True)
    kept = np.array([byte_to_length(length_to_byte(int(length))) if length else 0 for length in distinct], np.float64)
    return kept[where]

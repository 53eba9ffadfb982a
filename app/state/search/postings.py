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
from itertools import pairwise
from pathlib import Path

import numpy as np
from whoosh import fields, scoring
from whoosh.util.numeric import byte_to_length, length_to_byte

from app.state.search.analysis import SEARCHED_FIELDS
from app.state.search.facets import PassageFacets

ARRAYS = ("ordinals", "scores", "occurrences")
POSITION_BITS = 20  # a pair's occurrence is ordinal << POSITION_BITS | position: passages are far shorter


class Table:
    """Terms of the searched fields, each with a slice of `values` (saved as <name>.*)."""

    def __init__(self, folder: Path, name: str):
        self.terms: dict[str, list[str]] = json.loads((folder / f"{name}.terms.json").read_text("utf-8"))  # field -> its terms, sorted
        self.first, number = {}, 0  # field -> the number of its first term
        for field in SEARCHED_FIELDS:
            self.first[field], number = number, number + len(self.terms[field])
        self.offsets = np.load(folder / f"{name}.offsets.npy", mmap_mode="r")

    def bounds(self, field: str, text: str) -> tuple[int, int]:
        """Where the term's values are (an empty slice for a term the corpus does not have)."""
        terms = self.terms.get(field, ())
        place = bisect.bisect_left(terms, text)
        if place == len(terms) or terms[place] != text:
            return 0, 0
        number = self.first[field] + place
        return int(self.offsets[number]), int(self.offsets[number + 1])


class Postings:
    """Words: for each, its passages in order with its score in each. Pairs of words one after the
    other: for each, where it occurs (ordinal and position), so that a phrase is an intersection."""

    def __init__(self, folder: Path):
        self.words, self.pairs = Table(folder, "words"), Table(folder, "pairs")
        self.ordinals, self.scores, self.occurrences = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS)

    def of(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding the word, in order, and the word's score in each."""
        start, end = self.words.bounds(field, text)
        return self.ordinals[start:end], self.scores[start:end]

    def doc_frequency(self, field: str, text: str) -> int:
        start, end = self.words.bounds(field, text)
        return end - start

    def with_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to `limit` words of the field starting with `prefix`, in order."""
        terms = self.words.terms.get(field, ())
        place, found = bisect.bisect_left(terms, prefix), []
        while place < len(terms) and terms[place].startswith(prefix) and len(found) < limit:
            found.append(terms[place])
            place += 1
        return found

    def phrase(self, field: str, words: list[str]) -> np.ndarray:
        """The passages (ordinals, in order) where `words` (two or more) come one after another."""
        starts = None
        for offset, pair in enumerate(pairwise(words)):
            begin, end = self.pairs.bounds(field, " ".join(pair))
            here = self.occurrences[begin:end] - offset  # where the phrase would start
            starts = here if starts is None else np.intersect1d(starts, here, assume_unique=True)
        return np.unique(starts >> POSITION_BITS).astype(np.int32)


def write_postings(schema: fields.Schema, facets: PassageFacets, folder: Path) -> None:
    """Analyse every passage as Whoosh's writer does (the field's analyzer in index mode, and its
    format's weights) and save the postings of the searched fields and of their pairs of words."""
    words, pairs = _Collected(), _Collected()
    frequency, weight = array("I"), array("f")
    headline: tuple = (None, [])
    for ordinal, (article, passage) in enumerate(facets.entries):
        if headline[0] is not article:  # an article's passages come one after another: its headline is analysed once
            headline = (article, _tokens(schema, "article", article.title))
        for field, tokens in (("text", _tokens(schema, "text", passage.text)), ("article", headline[1])):
            positions: dict[str, list[int]] = {}
            for text, position in tokens:
                positions.setdefault(text, []).append(position)
            for text, found in positions.items():
                words.add((field, text), ordinal)
                frequency.append(len(found))
                weight.append(len(found) * schema[field].format.field_boost)  # the analyzer gives every token a boost of 1
            for (first, position), (second, following) in pairwise(tokens):
                if following == position + 1:
                    pairs.add((field, f"{first} {second}"), ordinal << POSITION_BITS | position)
    term_of, ordinal_of = words.numbered(), np.frombuffer(words.values, np.uint64).astype(np.int64)
    scores = _bm25f(words.keys, term_of, ordinal_of, np.frombuffer(frequency, np.uint32), np.frombuffer(weight, np.float32), len(facets))
    order = words.save(folder, "words", term_of)
    np.save(folder / "ordinals.npy", ordinal_of[order].astype(np.int32), allow_pickle=False)
    np.save(folder / "scores.npy", scores[order].astype(np.float32), allow_pickle=False)
    order = pairs.save(folder, "pairs", pairs.numbered())
    np.save(folder / "occurrences.npy", np.frombuffer(pairs.values, np.uint64).astype(np.int64)[order], allow_pickle=False)


def _tokens(schema: fields.Schema, field: str, value: str) -> list[tuple[str, int]]:
    """The field's terms in `value` with their positions, as Whoosh's writer analyses it."""
    return [(token.text, token.pos) for token in schema[field].analyzer(value, positions=True, boosts=True, mode="index")]


class _Collected:
    """Terms as they are met, numbered, and one value for each time one is met."""

    def __init__(self):
        self.numbers: dict[tuple[str, str], int] = {}
        self.term_of, self.values = array("I"), array("Q")

    def add(self, key: tuple[str, str], value: int) -> None:
        self.term_of.append(self.numbers.setdefault(key, len(self.numbers)))
        self.values.append(value)

    @property
    def keys(self) -> list[tuple[str, str]]:
        return sorted(self.numbers, key=lambda key: (SEARCHED_FIELDS.index(key[0]), key[1]))

    def numbered(self) -> np.ndarray:
        """Each value's term, numbered in the order of `keys`."""
        keys = self.keys
        renumbered = np.empty(len(keys), np.int64)
        renumbered[[self.numbers[key] for key in keys]] = np.arange(len(keys))
        return renumbered[np.frombuffer(self.term_of, np.uint32)]

    def save(self, folder: Path, name: str, term_of: np.ndarray) -> np.ndarray:
        """Saves the terms and where each one's values start; returns the values' order, by term
        (values were added in order, and stay so within a term)."""
        keys = self.keys
        order = np.argsort(term_of, kind="stable")
        np.save(folder / f"{name}.offsets.npy", np.searchsorted(term_of[order], np.arange(len(keys) + 1)).astype(np.int64), allow_pickle=False)
        terms = {field: [text for key_field, text in keys if key_field == field] for field in SEARCHED_FIELDS}
        (folder / f"{name}.terms.json").write_text(json.dumps(terms, ensure_ascii=False), "utf-8")
        return order


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

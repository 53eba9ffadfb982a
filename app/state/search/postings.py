"""Every term's postings as numpy arrays: which passages (by ordinal) hold it, and how much each
scores for it, kept beside the Whoosh index and memory-mapped by every worker.

They are made from the very tokens Whoosh's writer indexes (kept as it indexes them by the
analyzer's last filter, analysis.Recorder), in each shard's process, then joined: so a term's
passages are its Whoosh postings, and the score stored with each is Whoosh's own BM25F for that
term in that passage over the whole corpus (`whoosh.scoring.bm25`, Whoosh's idf, its average field
length and the field lengths its reader gives, which it keeps in one byte each). A query is then evaluated with array operations
(evaluation.py) instead of stepping Whoosh's matchers through every match in Python.

Saved with `allow_pickle=False` and opened with `mmap_mode="r"`: the pages are the kernel's page
cache, shared by every worker, never copied into a process.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from whoosh import scoring

from app.state.search.analysis import SEARCHED_FIELDS

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


@dataclass
class Tokens:
    """One field's tokens in a shard, in the order Whoosh's writer indexed them: each one's term
    and position, and the passage (ordinal) it is in."""

    terms: list[str]
    positions: np.ndarray
    ordinals: np.ndarray


@dataclass
class ShardPostings:
    """A shard's postings, its terms numbered its own way: words (field and text) with each posting's
    term, passage and frequency; pairs of words with each occurrence's pair, passage and position;
    and each field's length in each passage as Whoosh's reader gives it (approximate: see BM25F)."""

    words: list[tuple[str, str]]
    word_of: np.ndarray
    ordinals: np.ndarray
    frequencies: np.ndarray
    pairs: list[tuple[str, str]]
    pair_of: np.ndarray
    occurrences: np.ndarray
    field_lengths: dict[str, np.ndarray]


def shard_postings(fields_tokens: dict[str, Tokens], field_lengths: dict[str, np.ndarray]) -> ShardPostings:
    """The postings of the tokens of a shard's fields, in whole-array operations."""
    words, pairs, parts = [], [], []
    for field, tokens in fields_tokens.items():
        numbers: dict[str, int] = {}
        term_of = np.fromiter((numbers.setdefault(text, len(numbers)) for text in tokens.terms), np.int64, len(tokens.terms))
        texts = list(numbers)
        posting, frequency = np.unique(term_of << 32 | tokens.ordinals, return_counts=True)  # by term, then passage
        following = (tokens.ordinals[1:] == tokens.ordinals[:-1]) & (tokens.positions[1:] == tokens.positions[:-1] + 1)
        pair, pair_of = np.unique(term_of[:-1][following] << 32 | term_of[1:][following], return_inverse=True)
        occurrence = tokens.ordinals[:-1][following].astype(np.int64) << POSITION_BITS | tokens.positions[:-1][following]
        parts.append(((posting >> 32) + len(words), posting & 0xFFFFFFFF, frequency, pair_of + len(pairs), occurrence))
        words += [(field, text) for text in texts]
        pairs += [(field, f"{texts[first]} {texts[second]}") for first, second in zip((pair >> 32).tolist(), (pair & 0xFFFFFFFF).tolist(), strict=True)]
    word_of, ordinals, frequencies, pair_of, occurrences = (np.concatenate(column) for column in zip(*parts, strict=True))
    return ShardPostings(words, word_of, ordinals.astype(np.int32), frequencies.astype(np.uint32), pairs, pair_of, occurrences, field_lengths)


def write_postings(shards: list[ShardPostings], passages: int, boosts: dict[str, float], folder: Path) -> None:
    """The shards' postings joined (shards are consecutive passages, in order), each word posting
    scored with Whoosh's BM25F over all `passages`, saved in `folder`."""
    words, word_of = _numbered([(shard.words, shard.word_of) for shard in shards])
    ordinals = np.concatenate([shard.ordinals for shard in shards])
    frequencies = np.concatenate([shard.frequencies for shard in shards])
    weights = frequencies * np.array([boosts[field] for field, _ in words])[word_of]  # each token has a boost of 1
    kept_lengths = {field: np.concatenate([shard.field_lengths[field] for shard in shards]) for field in SEARCHED_FIELDS}
    scores = _bm25f(words, word_of, ordinals, frequencies, weights, kept_lengths)
    order = _save_table(folder, "words", words, word_of)
    np.save(folder / "ordinals.npy", ordinals[order], allow_pickle=False)
    np.save(folder / "scores.npy", scores[order].astype(np.float32), allow_pickle=False)
    pairs, pair_of = _numbered([(shard.pairs, shard.pair_of) for shard in shards])
    order = _save_table(folder, "pairs", pairs, pair_of)
    np.save(folder / "occurrences.npy", np.concatenate([shard.occurrences for shard in shards])[order], allow_pickle=False)


def _numbered(shards: list[tuple[list[tuple[str, str]], np.ndarray]]) -> tuple[list[tuple[str, str]], np.ndarray]:
    """All shards' terms in order (by field, then text), and each value's term numbered so."""
    keys = sorted({key for terms, _ in shards for key in terms}, key=lambda key: (SEARCHED_FIELDS.index(key[0]), key[1]))
    number = {key: n for n, key in enumerate(keys)}
    return keys, np.concatenate([np.array([number[key] for key in terms], np.int64)[term_of] for terms, term_of in shards])


def _save_table(folder: Path, name: str, keys: list[tuple[str, str]], term_of: np.ndarray) -> np.ndarray:
    """Saves the terms and where each one's values start; returns the values' order, by term
    (values come in passage order, and stay so within a term)."""
    order = np.argsort(term_of, kind="stable")
    np.save(folder / f"{name}.offsets.npy", np.searchsorted(term_of[order], np.arange(len(keys) + 1)).astype(np.int64), allow_pickle=False)
    terms = {field: [text for key_field, text in keys if key_field == field] for field in SEARCHED_FIELDS}
    (folder / f"{name}.terms.json").write_text(json.dumps(terms, ensure_ascii=False), "utf-8")
    return order


def _bm25f(keys, term_of, ordinal_of, frequency, weight, kept_lengths: dict[str, np.ndarray]) -> np.ndarray:
    """Whoosh's BM25F score of each posting, as its searcher computes it for a Term query: the
    average field length from the exact lengths, each passage's own from the length Whoosh kept."""
    model, passages = scoring.BM25F(), len(kept_lengths[SEARCHED_FIELDS[0]])
    field_number = np.array([SEARCHED_FIELDS.index(field) for field, _ in keys], np.int8)[term_of]
    document_frequency = np.bincount(term_of, minlength=len(keys))
    idf = np.log(passages / (document_frequency + 1)) + 1  # Whoosh's WeightingModel.idf()
    scores = np.empty(len(term_of), np.float64)
    for number in range(len(SEARCHED_FIELDS)):
        chosen = field_number == number
        exact = np.bincount(ordinal_of[chosen], weights=frequency[chosen], minlength=passages)
        average = exact.sum() / passages or 1  # Whoosh's avg_field_length(), from exact lengths
        kept = kept_lengths[SEARCHED_FIELDS[number]]
        scores[chosen] = scoring.bm25(idf[term_of[chosen]], weight[chosen], kept[ordinal_of[chosen]], average, model.B, model.K1)
    return scores

"""“Also reported in”: for each passage, passages of other articles that report the same thing.

TF-IDF vectors over the passages' words (spelling variants folded through the alias
table, plurals folded), compared by cosine similarity, computed once at startup. Only
pairs above THRESHOLD are kept; tests on the real corpus fix that threshold between the
pairs that must link (the drone denials, the NATO passages) and ones that must not.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from app.corpus.aliases import Aliases
from app.corpus.text import sentence_spans
from app.model import Corpus, Passage

THRESHOLD = 0.18
LIMIT = 3
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    """
    a about after again against all also an and any are as at be because been before being between both but by
    can could did do does during each either even for from further had has have having he her him his how i if
    in into is it its itself just may me more most mr ms must my no nor not now of off on once only or other
    our out over own said same say says she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom why will
    with would you your according reported press tv told stated added noted
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@dataclass(frozen=True, slots=True)
class Related:
    passage: Passage
    score: float


_SUFFIXES = ("ations", "ation", "atives", "ative", "ings", "ing", "ed", "s")


@functools.cache  # a corpus has far fewer distinct words than words
def _fold(word: str) -> str:
    """A crude stem: provocation(s), provocative and provoc- are one term; drones is drone."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _alias_pattern(aliases: Aliases) -> tuple[re.Pattern | None, dict[str, str]]:
    canonical = {s.casefold(): g.name.casefold().replace("-", "") for g in aliases.groups for s in g.all_spellings}
    if not canonical:
        return None, canonical
    alternatives = "|".join(re.escape(s) for s in sorted(canonical, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), canonical


def _names(corpus: Corpus) -> frozenset[str]:
    """Words of people's names: who is named says little about *what* is reported."""
    words = set()
    for person in corpus.people.persons:
        for spelling in (person.name, *person.spellings):
            words.update(_WORD.findall(spelling.casefold().replace("-", "")))
            words.update(_WORD.findall(spelling.casefold()))
    return frozenset(words)


def terms(text: str, aliases_pattern, canonical: dict[str, str], ignored: frozenset[str] = frozenset()) -> Counter:
    text = text.casefold().replace("’", "'")
    if aliases_pattern is not None:
        text = aliases_pattern.sub(lambda match: canonical[match[0]], text)
    text = re.sub(r"'s\b", "", text)
    return Counter(
        _fold(word) for word in _WORD.findall(text) if word not in _STOPWORDS and word not in ignored and not word.isdigit()
    )


MIN_TERMS = 4  # shorter sentences match too easily to mean "the same thing"
MIN_SHARED = 2  # nor does one rare word in common
MAX_POSTINGS = 60  # at most this many sentences share a term that is followed


def related_passages(corpus: Corpus) -> dict[tuple[str, str], tuple[Related, ...]]:
    """Up to LIMIT passages of other articles per passage, best first, above THRESHOLD.

    Two passages are as similar as their most similar pair of sentences: a passage often
    reports several things, and "also reported in" is about one of them.
    """
    passages = [passage for article in corpus.articles for passage in article.passages]
    pattern, canonical = _alias_pattern(corpus.aliases)
    names = _names(corpus)
    owners, counts = [], []
    for index, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            sentence = passage.text[start:end]
            count = terms(sentence, pattern, canonical, names)
            if sum(count.values()) >= MIN_TERMS:
                owners.append(index)
                counts.append(count)
    best = _best_pairs(_tf_idf(counts), owners, passages)
    return {
        (passages[index].slug, passages[index].key): tuple(
            Related(passages[other], round(score, 3)) for other, score in sorted(scores.items(), key=lambda kv: -kv[1])[:LIMIT]
        )
        for index, scores in best.items()
    }


def _best_pairs(vectors: list[dict[str, float]], owners: list[int], passages: list[Passage]) -> dict[int, dict[int, float]]:
    """For each passage, its best sentence-pair score with each passage of another article."""
    postings = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((index, weight))
    # A term in very many sentences adds little to a score and costs a pass over all of them:
    # only rarer terms are followed, so the work grows with the corpus, not with its square.
    informative = min(max(20, len(vectors) // 20), MAX_POSTINGS)
    best: dict[int, dict[int, float]] = defaultdict(dict)
    for index, vector in enumerate(vectors):
        scores, shared = Counter(), Counter()
        for term, weight in vector.items():
            if len(postings[term]) <= informative:
                for other, other_weight in postings[term]:
                    scores[other] += weight * other_weight
                    shared[other] += 1
        own = owners[index]
        for other, score in scores.items():
            theirs = owners[other]
            if score >= THRESHOLD and shared[other] >= MIN_SHARED and passages[theirs].slug != passages[own].slug:
                best[own][theirs] = max(score, best[own].get(theirs, 0.0))
    return best


def _tf_idf(counts: list[Counter]) -> list[dict[str, float]]:
    frequency = Counter(term for count in counts for term in count)
    total = len(counts)
    vectors = []
    for count in counts:
        vector = {term: (1 + math.log(n)) * math.log(1 + total / frequency[term]) for term, n in count.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({term: w / norm for term, w in vector.items()})
    return vectors

"""The quote check: a reader's quotation against the passages, closest first, with the span each
matches and the word-level differences.

Candidates come from the search index (the passages that score best for the quotation's longest
words); each candidate, alone and joined with its neighbours (a quotation continued from ¶5 into
¶6), is aligned with rapidfuzz: fuzz.partial_ratio_alignment over the words, each word written as
one character, finds the span, Levenshtein.opcodes over the words gives the differences, and
fuzz.ratio over the folded text of the span gives the similarity. A quotation cut with "…" is
aligned piece by piece, in order. Both sides are folded first (quoted_text.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from app.model import Article, Passage
from app.state import quoted_text
from app.state.quoted_text import Word
from app.state.search import SearchIndex, SearchSettings, best_passages

CANDIDATES = 12  # passages taken from the index; each is also tried with its neighbours
QUERY_WORDS = 16  # the quotation's longest distinct words make the candidates' query
THRESHOLD = 0.80  # below it, no match: chosen from bench/quotes.py (see bench/RESULTS.md)
SHOWN = 5
_SLACK = 3  # words around the span partial_ratio found, at the least, for dropped or added words


@dataclass(frozen=True)
class Part:
    """The part of one passage a match covers: characters start to end of its text."""

    article: Article
    passage: Passage
    start: int
    end: int


@dataclass(frozen=True)
class Change:
    """One step of the word-level difference: "equal", "delete" (quoted, not in the capture),
    "insert" (in the capture, not quoted), "replace" (both), or "cut" (the reader's "…")."""

    kind: str
    quoted: str
    captured: str


@dataclass(frozen=True)
class QuoteMatch:
    parts: tuple[Part, ...]  # one passage, or two consecutive ones
    similarity: float  # 0..1
    changes: tuple[Change, ...]

    @property
    def article(self) -> Article:
        return self.parts[0].article


@dataclass(frozen=True)
class QuoteCheck:
    quotation: str
    matches: tuple[QuoteMatch, ...]  # at least THRESHOLD similar, best first; empty: no close match


@dataclass(frozen=True)
class _Unit:
    """The text a quotation is aligned with: one passage or two consecutive ones, word by word."""

    parts: tuple[tuple[Article, Passage], ...]
    words: list[Word]
    owner: list[int]  # for each word, the index of its part


def check_quote(index: SearchIndex, settings: SearchSettings, quotation: str, threshold: float = THRESHOLD) -> QuoteCheck:
    """The passages closest to `quotation`, at least `threshold` similar; BadQuote if it cannot be
    read (quoted_text.checked)."""
    text = quoted_text.checked(quotation)
    pieces = quoted_text.pieces(text)
    if not pieces:
        return QuoteCheck(text, ())
    quoted = [word for piece in pieces for word in piece]
    query = sorted({w.form.replace("'", " ").split()[0] for w in quoted}, key=lambda form: (-len(form), form))[:QUERY_WORDS]
    found: dict[tuple[str, str, int], QuoteMatch] = {}
    for unit in _units(best_passages(index, query, CANDIDATES, settings)):
        aligned = _aligned(pieces, unit)
        if aligned and aligned[1] >= threshold:
            spans, similarity = aligned
            match = QuoteMatch(_parts(unit, spans[0][0], spans[-1][1]), similarity, _differences(pieces, spans, text, unit))
            first = match.parts[0]
            key = (first.passage.slug, first.passage.key, first.start)
            if key not in found or found[key].similarity < match.similarity:
                found[key] = match
    ranked = sorted(found.values(), key=lambda m: (-m.similarity, len(m.parts), m.parts[0].passage.slug, m.parts[0].passage.number))
    return QuoteCheck(text, tuple(_distinct(ranked))[:SHOWN])


def _distinct(ranked: list[QuoteMatch]):
    """Each passage in one match only: its best."""
    seen: set[tuple[str, str]] = set()
    for match in ranked:
        keys = {(part.passage.slug, part.passage.key) for part in match.parts}
        if not keys & seen:
            seen |= keys
            yield match


def _units(candidates: list[tuple[Article, Passage]]):
    """Each candidate alone, and joined with the passage before it and the one after it."""
    done: set[tuple[str, tuple[int, ...]]] = set()
    for article, passage in candidates:
        index = passage.number - 1
        for numbers in ((index,), (index, index + 1), (index - 1, index)):
            if min(numbers) < 0 or max(numbers) >= len(article.passages) or (article.slug, numbers) in done:
                continue
            done.add((article.slug, numbers))
            yield _unit(article, [article.passages[number] for number in numbers])


def _unit(article: Article, passages: list[Passage]) -> _Unit:
    found, owner = [], []
    for number, passage in enumerate(passages):
        read = quoted_text.words(passage.text)
        found += read
        owner += [number] * len(read)
    return _Unit(tuple((article, passage) for passage in passages), found, owner)


def _aligned(pieces: list[list[Word]], unit: _Unit) -> tuple[list[tuple[int, int]], float] | None:
    """The span of `unit`'s words each of the quotation's pieces fits, in order, and the similarity
    (each piece's, weighted by its length); None if a piece is not found."""
    letters = _Letters()
    captured = letters.line(unit.words)
    spans, scores, after = [], [], 0
    for piece in pieces:
        span = _span(letters.line(piece), captured, after)
        if span is None:
            return None
        scores.append((fuzz.ratio(_text(piece), _text(unit.words[span[0]:span[1]])) / 100, len(_text(piece))))
        spans.append(span)
        after = span[1]
    return spans, round(sum(score * weight for score, weight in scores) / sum(weight for _, weight in scores), 3)


def _differences(pieces: list[list[Word]], spans: list[tuple[int, int]], quotation: str, unit: _Unit) -> tuple[Change, ...]:
    """Each piece's differences from its span, a cut between pieces (worked out for a match only)."""
    changes: list[Change] = []
    for number, (piece, span) in enumerate(zip(pieces, spans, strict=True)):
        if number:
            changes.append(Change("cut", "…", ""))
        changes += _changes(piece, span, quotation, unit)
    return tuple(changes)


def _span(quoted: str, captured: str, after: int) -> tuple[int, int] | None:
    """Where the quoted words best fit in the captured words from word `after` on: partial_ratio
    gives a window as long as the quotation, widened a little (for a word or two added or replaced)
    and widened by as much as may be missing (the window is shorter at an end of the text, and a
    fifth of the words may have been dropped); in each, the words at its ends that the quotation
    does not have are left out, and the span more like the quotation is kept."""
    rest = captured[after:]
    if not rest or not quoted:
        return None
    found = fuzz.partial_ratio_alignment(quoted, rest)
    if found is None or found.score == 0:
        return None
    missing = len(quoted) // 5 + max(0, len(quoted) - (found.dest_end - found.dest_start))
    spans = [_trimmed(quoted, rest, found.dest_start - slack, found.dest_end + slack) for slack in (_SLACK, _SLACK + missing)]
    start, end = max((span for span in spans if span), key=lambda span: fuzz.ratio(quoted, rest[span[0]:span[1]]), default=(0, 0))
    return (after + start, after + end) if end > start else None


def _trimmed(quoted: str, rest: str, start: int, end: int) -> tuple[int, int] | None:
    """The window start..end of `rest` without the words at its ends that the quotation lacks (by
    Indel's alignment, which keeps every word the two share: Levenshtein's may trade a shared
    last word for a replacement)."""
    start, end = max(0, start), min(len(rest), end)
    ops = list(Indel.opcodes(quoted, rest[start:end]))
    while ops and ops[0].tag == "insert":
        ops.pop(0)
    while ops and ops[-1].tag == "insert":
        ops.pop()
    return (start + ops[0].dest_start, start + ops[-1].dest_end) if ops else None


def _changes(piece: list[Word], span: tuple[int, int], quotation: str, unit: _Unit) -> list[Change]:
    """The word-level differences between a piece as quoted and the span (of the unit's words) as
    captured, each side in its own words and punctuation."""
    letters, (first, last) = _Letters(), span
    changes = []
    for op in Levenshtein.opcodes(letters.line(piece), letters.line(unit.words[first:last])):
        quoted = _original(quotation, piece[op.src_start:op.src_end])
        captured = _captured(unit, first + op.dest_start, first + op.dest_end)
        changes.append(Change(op.tag, quoted, captured))
    return changes


def _captured(unit: _Unit, start: int, end: int) -> str:
    """The unit's words start..end as its passages write them (punctuation between them kept)."""
    return " ".join(passage.text[first.start:last.end] for _, passage, first, last in _runs(unit, start, end))


def _original(text: str, found: list[Word]) -> str:
    return text[found[0].start:found[-1].end] if found else ""


def _parts(unit: _Unit, start: int, end: int) -> tuple[Part, ...]:
    """The span of words start..end as a part of each passage it covers (character offsets)."""
    return tuple(Part(article, passage, first.start, last.end) for article, passage, first, last in _runs(unit, start, end))


def _runs(unit: _Unit, start: int, end: int):
    """(article, passage, first word, last word) of each passage the unit's words start..end touch."""
    for number, (article, passage) in enumerate(unit.parts):
        mine = [word for word, owner in zip(unit.words[start:end], unit.owner[start:end], strict=True) if owner == number]
        if mine:
            yield article, passage, mine[0], mine[-1]


def _text(found: list[Word]) -> str:
    return " ".join(word.form for word in found)


class _Letters:
    """Words written as one character each (from the Private Use Area), so that rapidfuzz's
    string scorers compare word sequences: an alignment or an edit is then a word's."""

    def __init__(self):
        self.letters: dict[str, str] = {}

    def line(self, found: list[Word]) -> str:
        return "".join(self.letters.setdefault(word.form, chr(0xF0000 + len(self.letters))) for word in found)

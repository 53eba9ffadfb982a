"""Every line of a capture classified, before any paragraph is made: article text, the
headline, or furniture with its kind and reason; and the article lines grouped into paragraphs.

Classifying first is what keeps two consecutive furniture lines (“Read more: …” twice) from
being joined as if they were one hard-wrapped sentence: a line with a mark of furniture
(furniture.marked) is decided alone; so is a line in a box of links under a box heading, and
a pull quote that repeats words of the article, and a caption above an image credit. Only
the lines left are grouped into flows: a line that does not end a sentence runs on into the
next when that goes on in lower case, or, on a page that hard-wraps its sentences, when it is
long or a sentence broken off. A flow of several lines that never ends a sentence was no
wrapped sentence and is split back into its lines. What is then short and not a sentence,
or bears a weaker sign (furniture.unmarked), is furniture, one omission per line; every
other flow is a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from app.corpus import furniture
from app.corpus.furniture import Furniture

# A page breaking this many sentences across lines is hard-wrapped; there, a line at least
# WRAPPED_CHARS long that does not end a sentence was wrapped by the page, not ended.
WRAPPED_BREAKS = 2
WRAPPED_CHARS = 40
# A line in a box of links is a headline, not this many words of a sentence.
BOX_ITEM_WORDS = 16
# A caption above an image credit is a sentence at most this long.
CAPTION_WORDS = 25
HEADLINE = Furniture("headline", "")


@dataclass(frozen=True)
class Classified:
    """The capture's lines by number (stripped), the furniture among them, the headline's
    number, and the article lines as paragraphs (each a list of line numbers)."""

    lines: dict[int, str]
    furniture: dict[int, Furniture]
    headline: int | None
    paragraphs: tuple[tuple[int, ...], ...]


def classify(text: str, title: str | None, headline: int | None) -> Classified:
    """Classify each non-blank line of a capture; `headline` is the number of the line the Title is."""
    blocks = _blocks(text.split("\n"))
    lines = {number: line for block in blocks for number, line in block}
    found: dict[int, Furniture] = {}
    paragraphs: list[tuple[int, ...]] = []
    wrapped, elsewhere = _hard_wrapped(blocks), _Elsewhere(lines)
    for block in blocks:
        candidates = _alone(block, title, headline, found, elsewhere)
        for flow in _flows(candidates, wrapped):
            for part in _sentences_or_lines(flow):
                verdict = furniture.unmarked(" ".join(line for _, line in part))
                if verdict is None:
                    paragraphs.append(tuple(number for number, _ in part))
                else:
                    found.update((number, verdict) for number, _ in part)
    return Classified(lines, found, headline, tuple(paragraphs))


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its number."""
    blocks, block = [], []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line.strip()))
        elif block:
            blocks.append(block)
            block = []
    return [*blocks, block] if block else blocks


def _hard_wrapped(blocks: list[list[tuple[int, str]]]) -> bool:
    """Whether the page breaks its sentences across lines: at least WRAPPED_BREAKS lines that
    do not end a sentence go on in the next line of their block in lower case, or are long
    and end on a lower-case word or a comma."""
    breaks = sum(_broken(line, following) for block in blocks for (_, line), (_, following) in pairwise(block))
    return breaks >= WRAPPED_BREAKS


def _broken(line: str, following: str) -> bool:
    if furniture.ends_sentence(line):
        return False
    return following[:1].islower() or (len(line) >= WRAPPED_CHARS and (line[-1] == "," or line.split()[-1][:1].islower()))


class _Elsewhere:
    """The capture folded into one string, to ask whether a line's words appear in another line."""

    def __init__(self, lines: dict[int, str]):
        folded = {number: furniture.fold(line) for number, line in lines.items()}
        self.copies: dict[str, list[int]] = {}  # a line's text, folded: the lines that have it
        for number, text in folded.items():
            self.copies.setdefault(text, []).append(number)
        self.folded = folded
        self.spans, pieces, offset = {}, [], 0
        for number, text in folded.items():
            self.spans[number] = (offset, offset + len(text))
            pieces.append(text)
            offset += len(text) + 1
        self.whole = " ".join(pieces)  # a quotation wrapped across lines is found too

    def repeats(self, number: int, line: str) -> bool:
        """Whether every piece of the line is found outside it: a pull quote. Of two equal
        lines, the first is the article's and the later one repeats it."""
        pieces = furniture.quote_pieces(line)
        copies = self.copies[self.folded[number]]
        if len(copies) > 1 and copies[0] == number:
            return False
        return bool(pieces) and all(self._outside(piece, number) for piece in pieces)

    def _outside(self, piece: str, number: int) -> bool:
        start, end = self.spans[number]
        position = self.whole.find(piece)
        while position != -1 and position < end and position + len(piece) > start:
            position = self.whole.find(piece, position + 1)
        return position != -1


def _alone(block, title, headline, found, elsewhere: _Elsewhere) -> list[list[tuple[int, str]]]:
    """Decide the lines of one block that can be decided alone; the rest, in runs between them."""
    runs: list[list[tuple[int, str]]] = [[]]
    box = None
    for index, (number, line) in enumerate(block):
        verdict = HEADLINE if number == headline else furniture.marked(line, title)
        if verdict is None and _captioned(block, index, title) and len(line.split()) <= CAPTION_WORDS:
            verdict = Furniture("caption", "a photo caption: an image credit follows it")
        if verdict is None and box and not _sentence_of(line, BOX_ITEM_WORDS):
            verdict = Furniture("related", f"in the “{box}” box of links to other articles")
        if verdict is None and elsewhere.repeats(number, line):
            verdict = Furniture("pullquote", "a pull quote: it repeats words of the article")
        if verdict is None:
            runs[-1].append((number, line))
            box = None if _sentence_of(line, BOX_ITEM_WORDS) else box
            continue
        if verdict is not HEADLINE:
            found[number] = verdict
        box = box or furniture.box_heading(line)
        runs.append([])
    return [run for run in runs if run]


def _captioned(block: list[tuple[int, str]], index: int, title: str | None) -> bool:
    """Whether this line and an image credit after it are a block of their own: a caption.
    (Inside a block of text, the line before a credit is as often the article's.)"""
    if len(block) != 2 or index != 0:
        return False
    verdict = furniture.marked(block[1][1], title)
    return verdict is not None and verdict.kind == "credit"


def _sentence_of(line: str, words: int) -> bool:
    return furniture.ends_sentence(line) and len(line.split()) > words


def _flows(runs: list[list[tuple[int, str]]], wrapped: bool) -> list[list[tuple[int, str]]]:
    """Each run cut into flows: a line runs on into the next only if it looks wrapped."""
    flows = []
    for run in runs:
        flow: list[tuple[int, str]] = []
        for index, (number, line) in enumerate(run):
            flow.append((number, line))
            following = run[index + 1][1] if index + 1 < len(run) else None
            if following is None or not _runs_on(line, following, wrapped):
                flows.append(flow)
                flow = []
    return flows


def _sentences_or_lines(flow: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A flow of several lines that never ends a sentence was not one wrapped sentence (a box
    heading and its links, a list): its lines are judged one by one."""
    if len(flow) == 1 or furniture.ends_sentence(flow[-1][1]) or furniture.trailing_credit(flow[-1][1]):
        return [flow]
    return [[line] for line in flow]


def _runs_on(line: str, following: str, wrapped: bool) -> bool:
    """A line runs on if the next goes on in lower case; on a hard-wrapped page also if it is
    long, or a sentence broken off (a comma in it, or it ends on a lower-case word) with no
    sign of furniture."""
    if furniture.ends_sentence(line) or furniture.trailing_credit(line):
        return False
    if following[:1].islower():
        return True
    if not wrapped:
        return False
    if len(line) >= WRAPPED_CHARS:
        return True
    sign = furniture.unmarked(line)
    broken_off = "," in line or line.split()[-1][:1].islower()
    return broken_off and (sign is None or sign.kind == "short")

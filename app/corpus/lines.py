"""Every line of a capture classified, before any paragraph is made: article text, the
headline, or furniture with its kind and reason; and the article lines grouped into paragraphs.

Classifying first is what keeps two consecutive furniture lines (“Read more: …” twice) from
being joined as if they were one hard-wrapped sentence: a line with a mark of furniture
(furniture.marked) is decided alone; so is a line in a box of links under a box heading, a
pull quote that repeats words of the article, a caption above an image credit, and a line
saying who a person is whom the page names elsewhere (the author's bio). Only
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
# A sentence on one line this long is evidence that the page does not wrap: a wrapping page breaks it.
UNWRAPPED_CHARS = 120
# A standfirst under the headline is a sentence of at least this many words, full stop or not.
STANDFIRST_WORDS = 8
# A line in a box of links is a headline, not this many words of a sentence.
BOX_ITEM_WORDS = 16
# A caption above an image credit is a sentence at most this long.
CAPTION_WORDS = 25
HEADLINE = Furniture("headline", "")
# How a bio's next sentence names the person it goes on about.
_PRONOUNS = frozenset({"He", "She", "They", "His", "Her", "Their"})


@dataclass(frozen=True)
class Classified:
    """The capture's lines by number (stripped), the furniture among them, and the article
    lines as paragraphs (each a list of line numbers)."""

    lines: dict[int, str]
    furniture: dict[int, Furniture]
    paragraphs: tuple[tuple[int, ...], ...]


def classify(text: str, title: str | None, headline: int | None) -> Classified:
    """Classify each non-blank line of a capture; `headline` is the number of the line the Title is."""
    blocks = _blocks(text.split("\n"))
    lines = {number: line for block in blocks for number, line in block}
    found: dict[int, Furniture] = {}
    paragraphs: list[tuple[int, ...]] = []
    wrapped = _hard_wrapped(blocks)
    context = (_Box(), _Elsewhere(lines), wrapped)
    standfirst = next((number for number in lines if headline is not None and number > headline), None)
    for block in blocks:
        candidates = _alone(block, title, headline, found, context)
        for flow in _flows(candidates, wrapped):
            if flow[0][0] == standfirst and _standfirst(flow):
                paragraphs.append(tuple(number for number, _ in flow))
                continue
            for part in _sentences_or_lines(flow):
                verdict = furniture.unmarked(" ".join(line for _, line in part))
                if verdict is None or (part[0][0] == standfirst and _standfirst(part)):
                    paragraphs.append(tuple(number for number, _ in part))
                else:
                    found.update((number, verdict) for number, _ in part)
    return Classified(lines, found, tuple(paragraphs))


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


def _standfirst(flow: list[tuple[int, str]]) -> bool:
    """Whether the text right under the headline is its standfirst: prose (most words in lower
    case, unlike a name, a title or a date) of STANDFIRST_WORDS or more, with no sign of
    furniture but its missing full stop."""
    text = " ".join(line for _, line in flow)
    verdict, words = furniture.unmarked(text), text.split()
    return (len(words) >= STANDFIRST_WORDS and 2 * sum(word[:1].islower() for word in words) >= len(words)
            and (verdict is None or verdict.kind == "short"))


def _hard_wrapped(blocks: list[list[tuple[int, str]]]) -> bool:
    """Whether the page breaks its sentences across lines: at least WRAPPED_BREAKS lines that
    do not end a sentence go on in the next line of their block in lower case, or are long
    and end on a lower-case word or a comma (furniture, such as a “READ MORE:” link, is no
    evidence); WRAPPED_BREAKS more for each sentence longer than UNWRAPPED_CHARS left on one
    line, which a page that wraps breaks (a page may leave its lead unwrapped, not its text)."""
    unwrapped = sum(len(line) > UNWRAPPED_CHARS and furniture.ends_sentence(line) for block in blocks for _, line in block)
    breaks = sum(_broken(line, following) for block in blocks for (_, line), (_, following) in pairwise(block))
    return breaks >= WRAPPED_BREAKS * (1 + unwrapped)


def _broken(line: str, following: str) -> bool:
    if furniture.ends_sentence(line) or furniture.marked(line, None):
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

    def names_the_author(self, number: int, line: str) -> bool:
        """Whether the line says who someone is (furniture.biography) whom another line names
        too, as a byline does: a bio. Who an article quotes is named in the same line."""
        name = furniture.biography(line)
        return name is not None and self._outside(furniture.fold(name), number)

    def _outside(self, piece: str, number: int) -> bool:
        start, end = self.spans[number]
        position = self.whole.find(piece)
        while position != -1 and position < end and position + len(piece) > start:
            position = self.whole.find(piece, position + 1)
        return position != -1


class _Box:
    """The box of links being read (“Check Also”, “READ MORE”), by its heading's name: it goes
    on line after line until article text resumes, and across a blank line into a block of one
    line (links set apart by blank lines), not into a block of several (wrapped text)."""

    def __init__(self) -> None:
        self.name: str | None = None

    def enter(self, block: list[tuple[int, str]]) -> None:
        if len(block) > 1:
            self.name = None

    def item(self, line: str) -> Furniture | None:
        if self.name is None or _ends_box(line):
            return None
        return Furniture("related", f"in the “{self.name}” box of links to other articles")

    def read(self, line: str, verdict: Furniture | None) -> None:
        """After a line is decided: article text closes the box, a box heading opens one."""
        if verdict is None:
            self.name = None if _ends_box(line) else self.name
        else:
            self.name = self.name or furniture.box_heading(line)


def _alone(block, title, headline, found, context: tuple[_Box, _Elsewhere, bool]) -> list[list[tuple[int, str]]]:
    """Decide the lines of one block that can be decided alone; the rest, in runs between them."""
    runs: list[list[tuple[int, str]]] = [[]]
    box, elsewhere, wrapped = context
    box.enter(block)
    for index, (number, line) in enumerate(block):
        verdict = HEADLINE if number == headline else furniture.marked(line, title)
        verdict = verdict or _goes_on(block, index, found, wrapped)
        if verdict is None and _captioned(block, index, title) and len(line.split()) <= CAPTION_WORDS:
            verdict = Furniture("caption", "a photo caption: an image credit follows it")
        verdict = verdict or box.item(line)
        if verdict is None and elsewhere.names_the_author(number, line):
            verdict = Furniture("bio", "an author's biography: it says who a person named elsewhere on the page is")
        if verdict is None and not _continued(block, index, wrapped) and elsewhere.repeats(number, line):
            verdict = Furniture("pullquote", "a pull quote: it repeats words of the article")
        box.read(line, verdict)
        if verdict is None:
            runs[-1].append((number, line))
            continue
        if verdict is not HEADLINE:
            found[number] = verdict
        runs.append([])
    return [run for run in runs if run]


def _goes_on(block: list[tuple[int, str]], index: int, found: dict[int, Furniture], wrapped: bool) -> Furniture | None:
    """The verdict of the line before, if this line goes on with it: the rest of a furniture
    sentence the page wrapped, or a bio's next sentence about the same person (“She …”)."""
    if index == 0 or block[index - 1][0] not in found:
        return None
    (number, previous), line = block[index - 1], block[index][1]
    if _broken_sentence(previous) and _runs_on(previous, line, wrapped):
        return found[number]
    return found[number] if found[number].kind == "bio" and line.split()[0] in _PRONOUNS else None


def _broken_sentence(line: str) -> bool:
    """Whether a line is a sentence broken off by the page's wrapping: STANDFIRST_WORDS or more,
    ending on a word (a date, a credit in brackets or a label ends otherwise)."""
    return len(line.split()) >= STANDFIRST_WORDS and line[-1].isalpha()


def _captioned(block: list[tuple[int, str]], index: int, title: str | None) -> bool:
    """Whether this line and an image credit after it are a block of their own: a caption.
    (Inside a block of text, the line before a credit is as often the article's.)"""
    if len(block) != 2 or index != 0:
        return False
    verdict = furniture.marked(block[1][1], title)
    return verdict is not None and verdict.kind == "credit"


def _ends_box(line: str) -> bool:
    """Whether a line is article text again after a box of links: a sentence longer than a
    headline (not a teaser cut off with “…”), or one ending on a full stop, which a headline
    never does."""
    return furniture.full_stop(line) or (_sentence_of(line, BOX_ITEM_WORDS) and not furniture.cut_off(line))


def _continued(block: list[tuple[int, str]], index: int, wrapped: bool) -> bool:
    """Whether the next line goes on in lower case, or the line before runs on into this one:
    the line is part of a wrapped sentence, which a pull quote, set apart from the text, never is."""
    following = index + 1 < len(block) and block[index + 1][1][:1].islower()
    return following or (index > 0 and _runs_on(block[index - 1][1], block[index][1], wrapped))


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

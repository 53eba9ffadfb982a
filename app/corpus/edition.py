"""The curated edition against its capture: every paragraph verbatim, every line accounted for.

A paragraph is faithful when its plain text appears in the capture, in order and as whole
words, with only whitespace differing. A capture is accounted for when each of its
non-blank lines is covered by a paragraph, by the capture's own headline, or by an
omission the curator listed with a reason.

Checking finds where each paragraph, the headline and each omission lie in the capture:
that alignment is kept (app.model.Alignment), and the capture page shows it line by line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.corpus.text import normalise
from app.model import HEADLINE, Alignment, Fate, Omission

_WORD = re.compile(r"\S+")
_SHOWN = 6  # words shown of each side where a paragraph differs from its capture


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    end: int
    text: str
    raw: str

    def raw_offset(self, offset: int) -> int:
        """Where the character at `offset` of the normalised line lies in the raw line."""
        if offset <= self.start:
            return len(self.raw) - len(self.raw.lstrip())
        if offset >= self.end:
            return len(self.raw.rstrip())
        position = self.start
        for word in _WORD.finditer(self.raw):
            if offset <= position + len(word[0]):
                return word.start() + offset - position
            position += len(word[0]) + 1
        return len(self.raw.rstrip())


@dataclass(frozen=True)
class _Covered:
    """Capture text some part of the edition accounts for, in offsets of the joined capture."""

    start: int
    end: int
    what: str  # for the curator's messages: "paragraph 3", "the headline"
    fate: Fate


class _Capture:
    """The capture as one whitespace-normalised string, remembering where each line lies."""

    def __init__(self, text: str):
        self.lines: list[_Line] = []
        pieces: list[str] = []
        offset = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            line = normalise(raw)
            if line:
                self.lines.append(_Line(number, offset, offset + len(line), line, raw))
                pieces.append(line)
                offset += len(line) + 1
        self.joined = " ".join(pieces)
        self.by_number = {line.number: line for line in self.lines}

    def find_words(self, text: str, start: int) -> int:
        """Offset of `text` at or after `start`, beginning and ending on word boundaries."""
        position = self.joined.find(text, start)
        while position != -1:
            end = position + len(text)
            before_ok = position == 0 or self.joined[position - 1] == " "
            after_ok = end == len(self.joined) or self.joined[end] == " "
            if before_ok and after_ok:
                return position
            position = self.joined.find(text, position + 1)
        return -1

    def line_at(self, offset: int) -> int:
        return next(line.number for line in self.lines if line.start <= offset <= line.end)


@dataclass(frozen=True)
class EditionProblem:
    """One fidelity problem: the curator's message, and the paragraph it is about (its number
    and the word where it first differs from the capture, for the Markdown file's line), if any."""

    message: str
    paragraph: int | None = None
    word: int = 0

    def __str__(self) -> str:
        return self.message


def _capture_words(capture: _Capture) -> tuple[list[str], list[int]]:
    words = [(match[0], match.start()) for match in _WORD.finditer(capture.joined)]
    return [word for word, _ in words], [offset for _, offset in words]


def _not_verbatim(capture: _Capture, number: int, paragraph: str, cursor: int) -> tuple[EditionProblem, tuple[int, int]]:
    """Where a paragraph stops matching the capture, shown as the first differing words of each;
    and the span of the capture it stands for (its lines are not reported again as left out)."""
    ours = paragraph.split()
    theirs, offsets = _capture_words(capture)
    anchor = _anchor(ours, theirs)
    if anchor is None:
        return EditionProblem(f"paragraph {number} is not verbatim in the capture: none of its words is in the capture", number), (0, 0)
    differs = next((index for index, word in enumerate(ours) if not 0 <= anchor + index < len(theirs)
                    or theirs[anchor + index] != word), len(ours))
    at = min(max(anchor + differs, 0), len(theirs) - 1)
    start = offsets[max(anchor, 0)]
    end = offsets[min(anchor + len(ours), len(theirs)) - 1] + len(theirs[min(anchor + len(ours), len(theirs)) - 1])
    if differs == len(ours):
        where = capture.line_at(start)
        message = (f"paragraph {number} is in the capture at line {where}, but not after the paragraph before it: "
                   "keep the capture's order" if start < cursor else
                   f"paragraph {number} is not verbatim in the capture: it ends inside a word of capture line {where}")
        return EditionProblem(message, number), (start, end)
    shown = _words(ours, differs), _words(theirs, anchor + differs)
    message = (f"paragraph {number} is not verbatim in the capture: it differs from capture line "
               f"{capture.line_at(offsets[at])}: the edition reads “{shown[0]}”, the capture “{shown[1]}”")
    return EditionProblem(message, number, differs), (start, end)


def _anchor(ours: list[str], theirs: list[str]) -> int | None:
    """Where in the capture's words the paragraph's first word belongs: the longest run of
    words both share places it, and the earliest run placed near it fixes its start (a word
    added or dropped shifts the runs after it)."""
    blocks = [block for block in SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks() if block.size]
    if not blocks:
        return None
    longest = max(blocks, key=lambda block: block.size)
    near = [block for block in blocks if abs((block.b - block.a) - (longest.b - longest.a)) <= len(ours)]
    first = min(near, key=lambda block: block.a)
    return first.b - first.a


def _words(words: list[str], index: int) -> str:
    """A few words from `index`, with two before it for context."""
    before = "… " if index > 2 else ""
    after = " …" if index + _SHOWN < len(words) else ""
    return before + " ".join(words[max(0, index - 2) : max(0, index + _SHOWN)]) + after


def check_edition(
    capture_text: str,
    paragraphs: list[str],
    headline: str | None,
    omissions: list[Omission],
) -> tuple[list[EditionProblem], Alignment]:
    """Every fidelity problem of one article, as messages (none: faithful), and where each
    part of the capture went."""
    capture = _Capture(capture_text)
    problems: list[EditionProblem] = []
    covered: list[_Covered] = []
    excused: list[_Covered] = []  # what a paragraph that is not verbatim stands for
    cursor = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        position = capture.find_words(paragraph, cursor)
        if position == -1:
            problem, (start, end) = _not_verbatim(capture, number, paragraph, cursor)
            problems.append(problem)
            excused.append(_Covered(start, end, f"paragraph {number}", number))
            continue
        covered.append(_Covered(position, position + len(paragraph), f"paragraph {number}", number))
        cursor = position + len(paragraph)
    problems += map(EditionProblem, _cover_headline(capture, headline, covered))
    problems += map(EditionProblem, _cover_omissions(capture, omissions, covered))
    problems += map(EditionProblem, _uncovered_lines(capture, covered + excused))
    return problems, _alignment(capture, covered)


def _cover_headline(capture: _Capture, headline: str | None, covered: list[_Covered]) -> list[str]:
    if headline is None:
        return []
    wanted = normalise(headline)
    line = next((line for line in capture.lines if line.text == wanted), None)
    if line is None:
        return ["the Title is not a line of the capture: copy it exactly, or mark it Title-Supplied: yes"]
    covered.append(_Covered(line.start, line.end, "the headline", HEADLINE))
    return []


def _cover_omissions(capture: _Capture, omissions: list[Omission], covered: list[_Covered]) -> list[str]:
    problems = []
    for omission in omissions:
        line = capture.by_number.get(omission.line)
        if line is None:
            problems.append(f"Omitted names line {omission.line}, which is blank or not in the capture")
            continue
        start, end = line.start, line.end
        if omission.part is not None:
            offset = line.text.find(normalise(omission.part))
            if offset == -1:
                problems.append(f"Omitted part “{omission.part}” is not on capture line {omission.line}")
                continue
            start, end = line.start + offset, line.start + offset + len(normalise(omission.part))
        clash = next((span.what for span in covered if span.start < end and start < span.end), None)
        if clash:
            problems.append(f"capture line {omission.line} is listed as omitted but is in {clash}")
        covered.append(_Covered(start, end, f"omission of line {omission.line}", omission.reason))
    return problems


def _uncovered_lines(capture: _Capture, covered: list[_Covered]) -> list[str]:
    spans = sorted((span.start, span.end) for span in covered)
    problems = []
    for line in capture.lines:
        leftover, position = [], line.start
        for start, end in spans:
            if end <= position or start >= line.end:
                continue
            leftover.append(capture.joined[position:max(position, start)])
            position = max(position, end)
        leftover.append(capture.joined[position : line.end])
        text = normalise(" ".join(leftover))
        if text:
            problems.append(f"capture line {line.number} is neither in the edition nor listed as omitted: “{text[:60]}”")
    return problems


def _alignment(capture: _Capture, covered: list[_Covered]) -> Alignment:
    """Each covered span cut at line ends, in offsets of the raw capture lines, in line order."""
    starts = [line.start for line in capture.lines]
    pieces = []
    for span in covered:
        for line in capture.lines[max(0, bisect.bisect_right(starts, span.start) - 1) : bisect.bisect_left(starts, span.end)]:
            start, end = max(span.start, line.start), min(span.end, line.end)
            if start < end:
                pieces.append((line.number, line.raw_offset(start), line.raw_offset(end), span.fate))
    return Alignment(tuple(sorted(pieces, key=lambda piece: piece[:2])))

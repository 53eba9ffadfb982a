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

from app.corpus.text import normalise
from app.model import HEADLINE, Alignment, Fate, Omission

_WORD = re.compile(r"\S+")


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


def _first_difference(capture: _Capture, paragraph: str, start: int) -> str:
    """Describe where a paragraph stops matching the capture, for the curator's message."""
    opening = paragraph[:40]
    position = capture.joined.find(opening, start)
    if position == -1:
        return f"its opening “{opening}…” is not in the capture after the previous paragraph"
    for index, char in enumerate(paragraph):
        theirs = capture.joined[position + index : position + index + 1]
        if char != theirs:
            ours = paragraph[max(0, index - 20) : index + 20]
            shown = capture.joined[position + max(0, index - 20) : position + index + 20]
            return f"it differs from capture line {capture.line_at(position + index)}: edition “…{ours}…”, capture “…{shown}…”"
    return "it runs past the end of a capture sentence"


def check_edition(
    capture_text: str,
    paragraphs: list[str],
    headline: str | None,
    omissions: list[Omission],
) -> tuple[list[str], Alignment]:
    """Every fidelity problem of one article, as messages (none: faithful), and where each
    part of the capture went."""
    capture = _Capture(capture_text)
    problems: list[str] = []
    covered: list[_Covered] = []
    cursor = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        position = capture.find_words(paragraph, cursor)
        if position == -1:
            problems.append(f"paragraph {number} is not verbatim in the capture: {_first_difference(capture, paragraph, cursor)}")
            continue
        covered.append(_Covered(position, position + len(paragraph), f"paragraph {number}", number))
        cursor = position + len(paragraph)
    problems += _cover_headline(capture, headline, covered)
    problems += _cover_omissions(capture, omissions, covered)
    problems += _uncovered_lines(capture, covered)
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

"""The curated edition against its capture: every paragraph verbatim, every line accounted for.

A paragraph is faithful when its plain text appears in the capture, in order and as whole
words, with only whitespace differing. A capture is accounted for when each of its
non-blank lines is covered by a paragraph, by the capture's own headline, or by an
omission the curator listed with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.corpus.text import normalise
from app.model import Omission


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    end: int
    text: str


class _Capture:
    """The capture as one whitespace-normalised string, remembering where each line lies."""

    def __init__(self, text: str):
        self.lines: list[_Line] = []
        pieces: list[str] = []
        offset = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            line = normalise(raw)
            if line:
                self.lines.append(_Line(number, offset, offset + len(line), line))
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
) -> list[str]:
    """Every fidelity problem of one article, as messages; an empty list means faithful."""
    capture = _Capture(capture_text)
    problems: list[str] = []
    covered: list[tuple[int, int, str]] = []
    cursor = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        position = capture.find_words(paragraph, cursor)
        if position == -1:
            problems.append(f"paragraph {number} is not verbatim in the capture: {_first_difference(capture, paragraph, cursor)}")
            continue
        covered.append((position, position + len(paragraph), f"paragraph {number}"))
        cursor = position + len(paragraph)
    problems += _cover_headline(capture, headline, covered)
    problems += _cover_omissions(capture, omissions, covered)
    problems += _uncovered_lines(capture, covered)
    return problems


def _cover_headline(capture: _Capture, headline: str | None, covered: list) -> list[str]:
    if headline is None:
        return []
    wanted = normalise(headline)
    line = next((line for line in capture.lines if line.text == wanted), None)
    if line is None:
        return ["the Title is not a line of the capture: copy it exactly, or mark it Title-Supplied: yes"]
    covered.append((line.start, line.end, "the headline"))
    return []


def _cover_omissions(capture: _Capture, omissions: list[Omission], covered: list) -> list[str]:
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
        clash = next((what for a, b, what in covered if a < end and start < b), None)
        if clash:
            problems.append(f"capture line {omission.line} is listed as omitted but is in {clash}")
        covered.append((start, end, f"omission of line {omission.line}"))
    return problems


def _uncovered_lines(capture: _Capture, covered: list) -> list[str]:
    spans = sorted((start, end) for start, end, _ in covered)
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

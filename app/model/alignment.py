"""The capture line by line: where each piece of it went in the edition (Alignment), and
each line with its fate (CaptureLine), for the capture page.

Each Article holds its Alignment; the capture page shows its lines. Imports nothing of the app.
"""

from __future__ import annotations

from dataclasses import dataclass

# What became of a piece of a capture line: the number of the passage it is in (1, 2 …),
# HEADLINE, or the reason it was left out (a str).
Fate = int | str
HEADLINE = 0


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where every non-blank piece of the capture went, as the fidelity check found it
    (app.corpus.edition): the one computation behind both the startup check and the
    capture page.

    Each piece is (line number, start, end, fate), start and end being character offsets in
    that line of the capture. They are plain tuples, not dataclasses: a large corpus has
    hundreds of thousands of them, and a restart unpickles tuples many times faster
    (bench/RESULTS.md, "The bag and the capture alignment").
    """

    pieces: tuple[tuple[int, int, int, Fate], ...]

    def passage_lines(self) -> dict[int, tuple[int, int]]:
        """Each passage's first and last capture line."""
        spans: dict[int, tuple[int, int]] = {}
        for line, _, _, fate in self.pieces:
            if isinstance(fate, int) and fate != HEADLINE:
                spans[fate] = (spans.get(fate, (line, line))[0], line)
        return spans

    def lines(self, capture: bytes) -> tuple[CaptureLine, ...]:
        """Every line of the capture, blank ones too, numbered as `Omitted` numbers them (a
        final newline ends the last line), cut into its pieces and their fates."""
        text = capture.decode("utf-8")
        texts = text.removesuffix("\n").split("\n") if text else []
        by_line: dict[int, list[tuple[int, int, Fate]]] = {}
        for line, start, end, fate in self.pieces:
            by_line.setdefault(line, []).append((start, end, fate))
        return tuple(
            CaptureLine(number, _line_parts(text, by_line.get(number, ())))
            for number, text in enumerate(texts, start=1)
        )


def _line_parts(text: str, pieces) -> tuple[LinePart, ...]:
    """The line cut at its pieces' edges; the whitespace between pieces has no fate."""
    parts, position = [], 0
    for start, end, fate in pieces:
        if start > position:
            parts.append(LinePart(text[position:start]))
        parts.append(LinePart(text[start:end], fate))
        position = end
    if position < len(text):
        parts.append(LinePart(text[position:]))
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class LinePart:
    """A piece of a capture line and its fate (None: whitespace around the other pieces)."""

    text: str
    fate: Fate | None = None

    @property
    def passage(self) -> int | None:
        """The number of the passage this text is in."""
        return self.fate if isinstance(self.fate, int) and self.fate != HEADLINE else None

    @property
    def headline(self) -> bool:
        return self.fate == HEADLINE

    @property
    def left_out(self) -> str | None:
        """Why this text was left out of the edition, if it was."""
        return self.fate if isinstance(self.fate, str) else None


@dataclass(frozen=True, slots=True)
class CaptureLine:
    """One line of a capture, numbered as `Omitted` numbers it, with what became of each part."""

    number: int
    parts: tuple[LinePart, ...]

    @property
    def anchor(self) -> str:
        return f"L{self.number}"

    @property
    def blank(self) -> bool:
        return all(part.fate is None for part in self.parts)

    @property
    def fates(self) -> tuple[LinePart, ...]:
        """The parts that went somewhere: into a passage, the headline, or left out."""
        return tuple(part for part in self.parts if part.fate is not None)

    @property
    def left_out(self) -> str | None:
        """Why the line was left out, if all of it was (a part left out is in `fates`)."""
        reasons = {part.left_out for part in self.fates}
        return reasons.pop() if len(reasons) == 1 and None not in reasons else None


@dataclass(frozen=True)
class LeftOut:
    """Capture lines left out for one reason: whole lines, and lines only part of which was."""

    reason: str
    lines: tuple[int, ...]
    parts: tuple[int, ...]


@dataclass(frozen=True)
class CaptureSummary:
    """What became of a capture's lines, counted."""

    lines: int
    blank: int
    in_passages: int  # lines with text of a passage
    headline: int
    left_out: tuple[LeftOut, ...]  # in the order each reason first appears

    @property
    def lines_left_out(self) -> int:
        return sum(len(group.lines) for group in self.left_out)


def summarise(lines: tuple[CaptureLine, ...]) -> CaptureSummary:
    groups: dict[str, tuple[list[int], list[int]]] = {}  # reason -> (whole lines, lines in part)
    for line in lines:
        for part in line.fates:
            if part.left_out is not None:
                numbers = groups.setdefault(part.left_out, ([], []))[0 if line.left_out else 1]
                if line.number not in numbers[-1:]:
                    numbers.append(line.number)
    return CaptureSummary(
        lines=len(lines),
        blank=sum(line.blank for line in lines),
        in_passages=sum(any(part.passage for part in line.fates) for line in lines),
        headline=sum(any(part.headline for part in line.fates) for line in lines),
        left_out=tuple(LeftOut(reason, tuple(whole), tuple(part)) for reason, (whole, part) in groups.items()),
    )

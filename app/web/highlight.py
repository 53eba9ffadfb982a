"""A highlighted part of a passage, addressed by character offsets: `?hl=<start>-<end>`.

Offsets count characters (code points) of the passage's plain, whitespace-normalised text,
end exclusive, so `hl=0-10` is its first ten characters. A range that does not fit shows
the passage unmarked with a notice, never an error: a shared link should still land.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.corpus.text import sentence_spans

_RANGE = re.compile(r"\A([0-9]{1,7})-([0-9]{1,7})\Z")


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int

    @property
    def param(self) -> str:
        return f"{self.start}-{self.end}"


def read_highlight(value: str | None, text: str) -> tuple[Highlight | None, str | None]:
    """The range asked for and a notice for the reader if it cannot be shown."""
    if value is None or value == "":
        return None, None
    match = _RANGE.match(value)
    if match is None:
        return None, "The link asks to highlight a part of this passage in a form the archive does not read, so the whole passage is shown."
    start, end = int(match[1]), int(match[2])
    if not start < end <= len(text):
        return None, (f"The link asks to highlight characters {start}–{end}, which do not fit this passage "
                      f"({len(text)} characters), so the whole passage is shown.")
    return Highlight(start, end), None


def marked(text: str, highlight: Highlight) -> Markup:
    """The passage's text, escaped, with the highlighted part in <mark>."""
    before, part, after = text[: highlight.start], text[highlight.start : highlight.end], text[highlight.end :]
    return Markup(f"{escape(before)}<mark>{escape(part)}</mark>{escape(after)}")


def sentences(text: str) -> list[Highlight]:
    """One range a sentence, for a plain link to each."""
    return [Highlight(start, end) for start, end in sentence_spans(text)]

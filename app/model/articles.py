"""Articles as the corpus holds them: dates, passages, captures, omissions, the article itself.

There is one Passage per paragraph, so hundreds of thousands of them in a large corpus: the
classes made by the thousand have slots, so that no object carries a dictionary of its own
(bench/RESULTS.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.model.alignment import Alignment


@dataclass(frozen=True, order=True, slots=True)
class FuzzyDate:
    """A calendar date and how precisely it is known (day, month, approximate); orders by date."""

    value: dt.date
    precision: str = "day"

    @property
    def iso(self) -> str:
        """The `datetime` attribute of a <time> element: YYYY-MM-DD, or YYYY-MM for a month."""
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        return self.value.isoformat()

    @property
    def label(self) -> str:
        """How a reader sees it: '24 February 2022', 'January 2022', 'c. 22 June 2022'."""
        month_year = self.value.strftime("%B %Y")
        if self.precision == "month":
            return month_year
        day = f"{self.value.day} {month_year}"
        return f"c. {day}" if self.precision == "approximate" else day



SUPPLIED_MARK = "[headline supplied by the archive]"


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph of the edition, addressed by a key derived from its text."""

    slug: str
    key: str
    number: int
    text: str
    formatted: Markup | None = None  # its HTML, if more than the text escaped (emphasis, a link): rarely

    @property
    def html(self) -> Markup:
        return self.formatted if self.formatted is not None else escape(self.text)

    @property
    def anchor(self) -> str:
        return f"p-{self.key}"


@dataclass(frozen=True, slots=True)
class Report:
    """An event the article reports, with its date as the text lets us know it."""

    date: FuzzyDate
    what: str


@dataclass(frozen=True, slots=True)
class Capture:
    """A source capture, kept byte for byte."""

    filename: str
    sha256: str
    data: bytes


@dataclass(frozen=True)
class Omission:
    """Capture text left out of the edition: a whole line, or one part of it, and why."""

    line: int
    reason: str
    part: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A curated article: its metadata, its capture, and its passages in order."""

    slug: str
    title: str
    title_supplied: bool
    outlet: str
    url: str
    published: FuzzyDate
    published_basis: str
    published_evidence: str
    reports: tuple[Report, ...]
    capture: Capture
    captured: dt.date | None
    language: str
    note: str | None
    omitted: tuple[Omission, ...]
    passages: tuple[Passage, ...]
    source_file: str
    alignment: Alignment  # where each piece of the capture went: app.alignment

    @property
    def headline(self) -> str:
        """The headline as plain text, marked where the archive supplied it (the capture has none)."""
        return f"{self.title} {SUPPLIED_MARK}" if self.title_supplied else self.title

    @property
    def lede(self) -> str:
        """The first sentence of the first passage: a one-line summary in the article's words."""
        first = self.passages[0].text
        match = re.match(r"(.{40,}?[.!?][”’\"']?)\s", first)
        return match.group(1) if match else first

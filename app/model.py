"""The archive's plain data: Passage, Report, Capture, Article, Corpus (frozen dataclasses).

There is one Passage per paragraph, so at 10,000 articles 150,000 of them: the classes made
by the thousand have slots, which halves their memory (no dictionary per object)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .aliases import Aliases
from .dates import FuzzyDate
from .edition import Omission
from .permalinks import Permalinks

if TYPE_CHECKING:  # people and timeline refer back to Article and Passage
    from .people import People
    from .timeline import Timeline


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

    @property
    def lede(self) -> str:
        """The first sentence of the first passage: a one-line summary in the article's words."""
        first = self.passages[0].text
        match = re.match(r"(.{40,}?[.!?][”’\"']?)\s", first)
        return match.group(1) if match else first


@dataclass(frozen=True)
class Corpus:
    """The whole corpus, articles in publication order; `digest` identifies this version."""

    articles: tuple[Article, ...]
    permalinks: Permalinks
    aliases: Aliases
    people: People
    timeline: Timeline
    digest: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {article.slug: article for article in self.articles})
        object.__setattr__(self, "_position", {article.slug: i for i, article in enumerate(self.articles)})

    def article(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        """The articles published just before and just after this one."""
        index = self._position[article.slug]
        before = self.articles[index - 1] if index > 0 else None
        after = self.articles[index + 1] if index + 1 < len(self.articles) else None
        return before, after

    @property
    def passages(self):
        return (passage for article in self.articles for passage in article.passages)

"""The archive's plain data: every frozen dataclass of the corpus, and nothing else.

Readers (app.corpus) make these, the state (app.state) computes from them, the web layer
renders them. This module imports nothing of the app: it is the bottom of every import.

There is one Passage per paragraph, so at 10,000 articles 150,000 of them: the classes made
by the thousand have slots, which halves their memory (no dictionary per object).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from app.alignment import Alignment

# Dates ------------------------------------------------------------------------------------


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


# Articles ---------------------------------------------------------------------------------


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
    def lede(self) -> str:
        """The first sentence of the first passage: a one-line summary in the article's words."""
        first = self.passages[0].text
        match = re.match(r"(.{40,}?[.!?][”’\"']?)\s", first)
        return match.group(1) if match else first


# Permalinks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Withdrawn:
    """A tombstone: a passage taken out of the edition, with its last text and why."""

    slug: str
    key: str
    text: str
    reason: str
    date: dt.date


@dataclass(frozen=True)
class Permalinks:
    """Every published passage URL and where each old one leads now."""

    locked: frozenset[tuple[str, str]]
    successor: dict[tuple[str, str], str] = field(default_factory=dict)
    withdrawn: dict[tuple[str, str], Withdrawn] = field(default_factory=dict)

    def unlocked(self, current: set[tuple[str, str]]) -> list[tuple[str, str]]:
        """Current passages not yet in the lock file (`flask lock` adds them)."""
        return sorted(current - self.locked)


# Names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AliasGroup:
    """The archive's spelling of a name and the other spellings of it."""

    name: str
    spellings: tuple[str, ...]

    @property
    def all_spellings(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


@dataclass(frozen=True)
class Aliases:
    groups: tuple[AliasGroup, ...]

    def __post_init__(self) -> None:
        index = {spelling.casefold(): group for group in self.groups for spelling in group.all_spellings}
        object.__setattr__(self, "_by_spelling", index)

    def group_of(self, spelling: str) -> AliasGroup | None:
        """The group a spelling belongs to (case-insensitive), or None."""
        return self._by_spelling.get(spelling.casefold())


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    role: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class People:
    """Everyone, in file order, and who is named in which passage."""

    persons: tuple[Person, ...]
    mentions: dict[str, tuple[Passage, ...]]  # person slug -> passages, in date order
    named_in: dict[tuple[str, str], tuple[Person, ...]]  # (article slug, key) -> persons

    def person(self, slug: str) -> Person | None:
        return next((person for person in self.persons if person.slug == slug), None)


# The timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """Something that happened, or an article's publication (`article` is then set)."""

    id: str
    date: FuzzyDate
    basis: str
    basis_note: str
    title: str
    summary: str
    people: tuple[Person, ...]
    passages: tuple[Passage, ...]
    position: int  # in events.toml: the curator's order for events of the same day
    context: bool = False
    article: Article | None = None

    @property
    def anchor(self) -> str:
        return f"e-{self.id}"


@dataclass(frozen=True)
class Month:
    label: str
    iso: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Timeline:
    """Context events (before the start) and the timeline proper, both in date order."""

    context: tuple[Event, ...]
    events: tuple[Event, ...]

    def involving(self, person: Person | None, mentioned_in: set[str]) -> tuple[Event, ...]:
        """Events with this person, and publications of articles that name them."""
        if person is None:
            return self.events
        return tuple(
            event for event in self.events
            if person in event.people or (event.article is not None and event.article.slug in mentioned_in)
        )

    def with_person(self, person: Person) -> tuple[Event, ...]:
        """Every event, context included, in which this person takes part."""
        return tuple(event for event in self.context + self.events if person in event.people)

    @staticmethod
    def by_year_and_month(events: tuple[Event, ...]) -> list[tuple[int, list[Month]]]:
        years = []
        for year, in_year in itertools.groupby(events, key=lambda event: event.date.value.year):
            months = [
                Month(group[0].date.value.strftime("%B %Y"), group[0].date.value.strftime("%Y-%m"), tuple(group))
                for group in (list(g) for _, g in itertools.groupby(in_year, key=lambda event: event.date.value.month))
            ]
            years.append((year, months))
        return years


# The whole corpus -------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """The whole corpus, articles in publication order; `digest` identifies this version, made of `files`."""

    articles: tuple[Article, ...]
    permalinks: Permalinks
    aliases: Aliases
    people: People
    timeline: Timeline
    digest: str
    files: tuple[tuple[str, str], ...]  # every file it was read from (path in the folder, SHA-256)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {article.slug: article for article in self.articles})
        object.__setattr__(self, "_position", {article.slug: i for i, article in enumerate(self.articles)})

    def article(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    @property
    def articles_by_slug(self) -> dict[str, Article]:
        return self._by_slug

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        """The articles published just before and just after this one."""
        index = self._position[article.slug]
        before = self.articles[index - 1] if index > 0 else None
        after = self.articles[index + 1] if index + 1 < len(self.articles) else None
        return before, after

    @property
    def passages(self):
        return (passage for article in self.articles for passage in article.passages)

"""The timeline: events with their dates, people and cited passages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from app.model.articles import Article, FuzzyDate, Passage
from app.model.names import Person


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

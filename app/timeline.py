"""The timeline (`corpus/events.toml`): events with their dates, bases and cited passages.

Event ids are the curator's and never derived from titles, so editing a title moves no
link. Each article's publication joins the timeline from the article's own metadata.
Every cited passage, date and person is checked at startup.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from dataclasses import dataclass

from .dates import FuzzyDate, parse_fuzzy_date
from .errors import ProblemLog
from .model import Article, Passage
from .people import Person

EVENTS_FILE = "events.toml"
BASES = ("printed", "inferred", "reported")
_ID = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
_CITATION = re.compile(r"\A/articles/(?P<slug>[a-z0-9-]+)/p/(?P<key>[a-z2-7]{8}(?:-\d+)?)\Z")
_REQUIRED = {"id", "date", "basis", "basis_note", "title", "summary", "people", "passages"}
_OPTIONAL = {"precision", "context"}


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


def read_timeline(text: str, file: str, log: ProblemLog, articles: tuple[Article, ...], persons: tuple[Person, ...]) -> Timeline:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        log.add(file, f"not valid TOML: {error}")
        return Timeline((), ())
    passages = {(p.slug, p.key): p for article in articles for p in article.passages}
    people = {person.slug: person for person in persons}
    events, seen = [], set()
    for entry in data.get("event", []):
        event = _read_event(entry, file, log, passages, people, position=len(events))
        if event is None:
            continue
        if event.id in seen:
            log.add(file, f"event {event.id!r}: the id is used twice")
        seen.add(event.id)
        events.append(event)
    events += [_publication(article, position=len(events) + i) for i, article in enumerate(articles)]
    ordered = sorted(events, key=lambda event: (event.date.value, event.position))
    return Timeline(tuple(e for e in ordered if e.context), tuple(e for e in ordered if not e.context))


def _read_event(entry: dict, file: str, log: ProblemLog, passages: dict, people: dict, position: int) -> Event | None:
    name = f"event {entry.get('id', entry.get('title', '?'))!r}"
    problems = []
    missing, unknown = _REQUIRED - set(entry), set(entry) - _REQUIRED - _OPTIONAL
    if missing or unknown:
        problems.append(f"missing field(s) {sorted(missing)}, unknown field(s) {sorted(unknown)}")
    elif not _ID.match(entry["id"]):
        problems.append("the id must be lower-case words joined by hyphens")
    else:
        date = _date(entry, problems)
        if entry["basis"] not in BASES:
            problems.append(f"basis must be one of {', '.join(BASES)}, not {entry['basis']!r}")
        cited = _citations(entry["passages"], passages, problems)
        involved = [people.get(slug) for slug in entry["people"]]
        problems += [f"unknown person {slug!r} (not in people.toml)" for slug, p in zip(entry["people"], involved, strict=True) if p is None]
    for problem in problems:
        log.add(file, f"{name}: {problem}")
    if problems:
        return None
    return Event(entry["id"], date, entry["basis"], entry["basis_note"], entry["title"], entry["summary"],
                 tuple(involved), cited, position, bool(entry.get("context", False)))


def _date(entry: dict, problems: list[str]) -> FuzzyDate | None:
    try:
        return parse_fuzzy_date(str(entry["date"]), entry.get("precision", "day"))
    except ValueError as error:
        problems.append(str(error))
        return None


def _citations(urls: list[str], passages: dict, problems: list[str]) -> tuple[Passage, ...]:
    cited = []
    for url in urls:
        match = _CITATION.match(url)
        passage = passages.get((match["slug"], match["key"])) if match else None
        if passage is None:
            problems.append(f"cites {url!r}, which is not a passage of the corpus")
        else:
            cited.append(passage)
    if not urls:
        problems.append("cites no passage")
    return tuple(cited)


def _publication(article: Article, position: int) -> Event:
    return Event(
        id=f"published-{article.slug}",
        date=article.published,
        basis=article.published_basis,
        basis_note=article.published_evidence,
        title=f"{article.outlet} publishes “{article.title}”" + (" [headline supplied by the archive]" if article.title_supplied else ""),
        summary=article.lede,
        people=(),
        passages=(),
        position=position,
        article=article,
    )


@dataclass(frozen=True)
class Mark:
    event: Event
    x: float


@dataclass(frozen=True)
class Tick:
    """A month on the axis; `year` is set where a year begins (and on the first month)."""

    label: str
    x: float
    major: bool
    year: str | None


@dataclass(frozen=True)
class Overview:
    """The whole span on one axis, for a server-drawn SVG: x runs from LEFT to RIGHT."""

    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    start: FuzzyDate
    end: FuzzyDate


LEFT, RIGHT = 14.0, 626.0


def overview(timeline: Timeline) -> Overview | None:
    """Events placed by date between the first day of the first month and the last day of the last."""
    events = timeline.context + timeline.events
    if not events:
        return None
    first = min(event.date.value for event in events).replace(day=1)
    last_month = max(event.date.value for event in events).replace(day=1)
    end = (last_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    span = (end - first).days

    def place(day: dt.date) -> float:
        return round(LEFT + (RIGHT - LEFT) * (day - first).days / span, 1)

    months, month = [], first
    while month < end:
        year = month.strftime("%Y") if month.month == 1 or month == first else None
        months.append(Tick(month.strftime("%b")[0], place(month), month.month == 1, year))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    marks = tuple(Mark(event, place(event.date.value)) for event in events)
    return Overview(marks, tuple(months), FuzzyDate(first, "month"), FuzzyDate(last_month, "month"))

"""The timeline's overview: every event placed on one axis by date, for a server-drawn SVG.

Geometry for the picture only: the events themselves are the corpus's (app.model.Timeline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.model import Event, FuzzyDate, Timeline


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

"""Dates as the archive knows them: a day, a month, or an approximate day, shown as such."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "approximate")
_ISO_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_ISO_MONTH = re.compile(r"\A\d{4}-\d{2}\Z")


@dataclass(frozen=True, order=True, slots=True)
class FuzzyDate:
    """A calendar date and how precisely it is known; orders by date."""

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


def parse_fuzzy_date(text: str, precision: str = "day") -> FuzzyDate:
    """Read 'YYYY-MM-DD' (or 'YYYY-MM', which is month precision); ValueError says why not."""
    text = text.strip()
    if precision not in PRECISIONS:
        raise ValueError(f"unknown date precision {precision!r}; use one of {', '.join(PRECISIONS)}")
    if _ISO_MONTH.match(text):
        return FuzzyDate(dt.date.fromisoformat(text + "-01"), "month")
    if not _ISO_DAY.match(text):
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD (or YYYY-MM)")
    try:
        return FuzzyDate(dt.date.fromisoformat(text), precision)
    except ValueError:
        raise ValueError(f"{text!r} is not a real calendar date") from None

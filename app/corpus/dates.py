"""Reading dates as the corpus writes them: a day, a month, or an approximate day (FuzzyDate, in app.model)."""

from __future__ import annotations

import datetime as dt
import re

from app.model import FuzzyDate

PRECISIONS = ("day", "month", "approximate")
_ISO_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_ISO_MONTH = re.compile(r"\A\d{4}-\d{2}\Z")


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

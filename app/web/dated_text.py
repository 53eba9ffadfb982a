"""The archive's own prose with its dates marked up: each date in a <time datetime> element.

Curated notes say things like “22–23 June 2022” or “February 25, 2022”; readers and
machines should see those as dates, as they do the dates in the page's own fields.
The text is escaped first and marked up second, so the result is safe to render.
"""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup, escape

MONTHS = {name: number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1
)}
_MONTH = "|".join(MONTHS)
DATE_PATTERN = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:–(?P<to>\d{{1,2}}))? )?(?P<month>{_MONTH})(?: (?P<us_day>\d{{1,2}}),)? (?P<year>\d{{4}})"
)


def _time(iso: str, label: str) -> str:
    return f'<time datetime="{iso}">{label}</time>'


def _replace(match: re.Match) -> str:
    year, month = int(match["year"]), MONTHS[match["month"]]
    day = match["day"] or match["us_day"]
    if day is None:
        return _time(f"{year:04d}-{month:02d}", match[0])
    try:
        start = dt.date(year, month, int(day))
        end = dt.date(year, month, int(match["to"])) if match["to"] else None
    except ValueError:
        return match[0]
    if end is None:
        return _time(start.isoformat(), match[0])
    rest = match[0][match[0].index("–") + 1 :]
    return f"{_time(start.isoformat(), match['day'])}–{_time(end.isoformat(), rest)}"


def mark_dates(text: str) -> Markup:
    """Escape `text`, then wrap every date in it in a <time> element."""
    return Markup(DATE_PATTERN.sub(_replace, str(escape(text))))

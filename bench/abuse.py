"""Seconds the archive takes to answer the query parser's worst cases: each query sent to /search
on the real corpus through Flask's test client three times, the slowest of the three kept.

The tests (tests/web/test_search_pages.py, which read PARSER_ABUSE from here) check that each gets
a clear page; how long that takes is measured here and not asserted there, since a duration in a
test fails on a busy machine and passes on a quiet one. The search's own bound is its time limit
(ARCHIVE_SEARCH_TIME_LIMIT); this says how far below it these queries stay.

    .venv/bin/python -m bench.abuse
"""

from __future__ import annotations

import tempfile
import time

from app import create_app
from harness.server import ROOT

PARSER_ABUSE = [
    # Wildcards, deep brackets, many terms (the 500-character cap bounds "thousands").
    "a*b*c*",
    "*a*b*c*d*e*f*g*",
    "(" * 240 + "drones" + ")" * 240,
    "((a OR (b AND (c OR (d" * 20,
    " ".join(f"w{n}*" for n in range(100)),
    '"' * 499,
    "NOT " * 120,
    "~" * 500,
    "a" * 499 + "*",
    "x* " * 160,
]
RUNS = 3


def slowest(client, query: str) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get("/search", query_string={"q": query})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (query[:40], response.status_code)
    return max(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as state:
        app = create_app({"CORPUS_DIR": str(ROOT / "corpus"), "STATE_DIR": state})
        client = app.test_client()
        app.extensions["response_cache"].budget = 0  # every request answered afresh, none from the response cache
        measured = sorted(((slowest(client, query), query) for query in PARSER_ABUSE), reverse=True)
    print(f"{'seconds':>8}  query (first 50 characters)")
    for seconds, query in measured:
        print(f"{seconds:8.3f}  {query[:50]!r}")
    print(f"slowest {measured[0][0]:.3f} s of {len(PARSER_ABUSE)} queries ({RUNS} runs each); the time limit is "
          f"{app.extensions['archive'].search_settings.time_limit_seconds:g} s")


if __name__ == "__main__":
    main()

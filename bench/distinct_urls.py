"""Memory under distinct URLs: a worker's growth after 100,000 requests that no cache has seen.

    .venv/bin/python -m bench.distinct_urls [--requests 100000] [--connections 32]

gunicorn as `make run` starts it, with one worker (so that it answers every request), is sent
`--requests` GETs, each to a URL of its own: a not-found with a query string of about 7 KB
(`/api/nope?…`, the request that grew each worker by 220 MB when the response cache counted
bodies alone), a page with a query string it ignores, and a not-found path. The worker's
resident memory is read after a warm-up of WARM_UP such requests and at the end; the target is a
growth of at most BOUND_MIB (the response cache keeps 8 MB of such answers: app/web/http.py).
Prints the figures; exits non-zero past the bound or on any 5xx or unanswered request.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.fetch import fetch
from bench.load import rss_mib
from harness.server import ROOT, free_port, start, wait_until_healthy, worker_pids

BOUND_MIB = 16
WARM_UP = 300  # compiles the templates and the error pages; far from filling the cache
ARTICLE = "/articles/2022-02-25-iran-blames-nato-expansion"


def distinct_url(number: int) -> str:
    kind = number % 3
    if kind == 0:
        return f"/api/nope?n={number}&" + "x" * 7000
    if kind == 1:
        return f"{ARTICLE}?n={number}"
    return f"/nope-{number}"


async def send(port: int, numbers: range, connections: int, statuses: Counter) -> None:
    queue = iter(numbers)

    async def client() -> None:
        for number in queue:
            try:
                status, _, _ = await asyncio.wait_for(fetch(port, distinct_url(number)), 30)
            except (TimeoutError, OSError, ValueError) as error:
                statuses[type(error).__name__] += 1
                continue
            statuses[status] += 1

    await asyncio.gather(*(client() for _ in range(connections)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    statuses: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="archive-distinct-") as folder, open(Path(folder) / "gunicorn.log", "wb") as log:
        port = free_port()
        gunicorn = start(ROOT / "corpus", port, log, ARCHIVE_WORKERS="1")
        try:
            wait_until_healthy(port, gunicorn)
            (worker,) = worker_pids(gunicorn.pid)
            asyncio.run(send(port, range(WARM_UP), args.connections, statuses))
            before = rss_mib(worker)
            asyncio.run(send(port, range(WARM_UP, WARM_UP + args.requests), args.connections, statuses))
            after = rss_mib(worker)
            replaced = worker not in worker_pids(gunicorn.pid)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=60)
    growth = after - before
    failures = sum(count for status, count in statuses.items() if not isinstance(status, int) or status >= 500)
    print(f"{args.requests:,} requests to distinct URLs after a warm-up of {WARM_UP:,}, one worker: RSS {before:.1f} MiB -> {after:.1f} MiB, "
          f"growth {growth:+.1f} MiB (bound {BOUND_MIB} MiB: {'held' if growth <= BOUND_MIB and not replaced else 'EXCEEDED'}); "
          f"answers {dict(sorted((str(k), v) for k, v in statuses.items()))}; worker replaced: {replaced}")
    return 1 if growth > BOUND_MIB or failures or replaced else 0


if __name__ == "__main__":
    sys.exit(main())

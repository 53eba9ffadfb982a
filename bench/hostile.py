"""Hostile clients: each sends, as fast as it is answered, distinct expensive requests (a search of
60 prefix terms, which no cache has seen, or a passage's card with a `?hl=` range never asked for
before), while ordinary readers ask for pages and a monitor asks for /healthz.

Each hostile client is a reader of its own (a distinct X-Forwarded-For, which the server under
test trusts from 127.0.0.1): the worst case for a per-address rate, so the worker's own bound
on running work is what must hold. What is measured: the ordinary pages' latency (p99 under
100 ms wanted), /healthz's slowest answer (under 1 s wanted), and what the hostile clients got:
200, or 429/503 with Retry-After, quickly; any other status (a 500, a 503 without Retry-After)
or no answer is a failure.

Used by `bench/load.py --hostile N [N ...]`.
"""

from __future__ import annotations

import asyncio
import random
import string
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.fetch import fetch, timed_fetch

REQUEST_TIMEOUT = 30
HEALTH_EVERY = 0.2  # seconds between the monitor's requests


@dataclass
class HostileTally:
    statuses: Counter = field(default_factory=Counter)
    refusal_seconds: list[float] = field(default_factory=list)  # how long a 429 or 503 took
    failures: list[str] = field(default_factory=list)


def expensive_url(rng: random.Random, passages: list[str], lengths: dict[str, int]) -> str:
    """A search of 60 prefixes (and a word of its own, so that it is distinct) or a card of a new range."""
    if rng.random() < 0.5:
        prefixes = " ".join(rng.choice(string.ascii_lowercase) + rng.choice(string.ascii_lowercase) + "*" for _ in range(60))
        where = "/api/search" if rng.random() < 0.5 else "/search"
        return f"{where}?q={prefixes.replace(' ', '+').replace('*', '%2A')}+{rng.getrandbits(40):x}"
    passage = rng.choice(passages)
    start = rng.randrange(max(1, lengths[passage] - 20))
    return f"{passage}/card.png?hl={start}-{min(lengths[passage], start + rng.randrange(5, 200))}"


async def hostile_client(port: int, number: int, passages: list[str], lengths: dict[str, int], tally: HostileTally, stop: asyncio.Event) -> None:
    rng, address = random.Random(number), f"198.18.{number // 250}.{number % 250 + 1}"
    while not stop.is_set():
        path = expensive_url(rng, passages, lengths)
        answer = await timed_fetch(port, path, address, tally.failures, REQUEST_TIMEOUT)
        if answer is None:
            continue
        status, _, headers, seconds = answer
        tally.statuses[status] += 1
        if status in (429, 503):
            tally.refusal_seconds.append(seconds)
            if not headers.get("retry-after", "").isdigit():
                tally.failures.append(f"{path[:80]}: {status} without Retry-After")
        elif status != 200:
            tally.failures.append(f"{path[:80]}: HTTP {status}")


async def health_monitor(port: int, seconds: list[float], failures: list[str], stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, _, _ = await asyncio.wait_for(fetch(port, "/healthz"), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, ValueError) as error:
            failures.append(f"/healthz: {type(error).__name__}")
            continue
        seconds.append(time.perf_counter() - started)
        if status != 200:
            failures.append(f"/healthz: HTTP {status}")
        await asyncio.sleep(HEALTH_EVERY)


class HostileClients:
    """An async context manager: `count` hostile clients and the /healthz monitor run inside it."""

    def __init__(self, port: int, count: int, corpus):
        self.port, self.count = port, count
        self.passages = [f"/articles/{p.slug}/p/{p.key}" for article in corpus.articles for p in article.passages]
        self.lengths = {f"/articles/{p.slug}/p/{p.key}": len(p.text) for article in corpus.articles for p in article.passages}
        self.tally, self.health, self.health_failures = HostileTally(), [], []
        self.stop, self.tasks = asyncio.Event(), []

    async def __aenter__(self) -> HostileClients:
        self.tasks = [asyncio.create_task(hostile_client(self.port, n, self.passages, self.lengths, self.tally, self.stop)) for n in range(self.count)]
        self.tasks.append(asyncio.create_task(health_monitor(self.port, self.health, self.health_failures, self.stop)))
        return self

    async def __aexit__(self, *_) -> None:
        self.stop.set()
        await asyncio.gather(*self.tasks)

    def report(self, percentile) -> list[str]:
        statuses = ", ".join(f"{count} × {status}" for status, count in sorted(self.tally.statuses.items()))
        refusals = self.tally.refusal_seconds
        return [f"Hostile clients' answers: {statuses or 'none'}; 429/503 answered in p50 {percentile(refusals, 0.5) * 1000:.1f} ms, "
                f"p99 {percentile(refusals, 0.99) * 1000:.1f} ms; **{len(self.tally.failures)} failures** (another status, "
                "no Retry-After, no answer).",
                f"/healthz every {HEALTH_EVERY:g} s: {len(self.health)} answers, p50 {percentile(self.health, 0.5) * 1000:.1f} ms, "
                f"**slowest {max(self.health, default=float('nan')) * 1000:.1f} ms**, {len(self.health_failures)} failures."]

    @property
    def failures(self) -> list[str]:
        return self.tally.failures + self.health_failures

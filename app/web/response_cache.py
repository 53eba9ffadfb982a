"""Render once, serve bytes: finished responses kept per worker, bounded by the memory they hold.

The archive is immutable, so a response depends only on its URL and whether the client
takes gzip; after the first request for it, the same bytes are sent again without
routing, rendering or compressing.

Each entry is charged for all it holds: its key (the path and a query string of up to about
8 KB), its headers (each a tuple of two strings), its body and the objects around them
(footprint()), so that a budget is the memory it allows, not the bodies alone. Two budgets
split the entries: one for 200 answers to URLs without a query string (there are as many as
the archive has pages, so a crawl of every page is kept), one, smaller, for everything else
(searches, not-founds, query strings: as many as clients care to invent, so that 100,000
distinct URLs cannot push out the pages or grow a worker past the small budget). Within
each, the least recently used entries go first.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

# An OrderedDict's entry: its slot in the hash table and its link in the order (measured with
# tracemalloc in tests/web/test_response_cache.py).
ENTRY_OVERHEAD = 160


@dataclass(frozen=True, slots=True)
class Stored:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def footprint(key: tuple, stored: Stored) -> int:
    """The bytes an entry holds in memory: its key and its parts, the Stored, its headers and
    their strings, its body, and its place in the cache."""
    objects = [key, *key, stored, stored.headers, *stored.headers, *(text for pair in stored.headers for text in pair), stored.body]
    return ENTRY_OVERHEAD + sum(sys.getsizeof(part) for part in objects)


class LeastRecentlyUsed:
    """Entries up to `budget` bytes of footprint; none larger than a sixteenth of it."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict[tuple, tuple[Stored, int]] = OrderedDict()

    def get(self, key: tuple) -> Stored | None:
        found = self.entries.get(key)
        if found is None:
            return None
        self.entries.move_to_end(key)
        return found[0]

    def put(self, key: tuple, stored: Stored) -> None:
        cost = footprint(key, stored)
        if cost > self.budget // 16 or key in self.entries:
            return
        self.entries[key] = (stored, cost)
        self.size += cost
        while self.size > self.budget:
            _, (_, evicted) = self.entries.popitem(last=False)
            self.size -= evicted


class ResponseCache:
    """Kept responses: `budget` bytes for 200 answers to URLs without a query string,
    `open_budget` for the rest (see the module's docstring)."""

    def __init__(self, budget: int, open_budget: int | None = None):
        self.pages = LeastRecentlyUsed(budget)
        self.others = LeastRecentlyUsed(budget if open_budget is None else open_budget)
        self._lock = Lock()

    def get(self, key: tuple) -> Stored | None:
        with self._lock:
            return self.pages.get(key) or self.others.get(key)

    def put(self, key: tuple, stored: Stored) -> None:
        """`key` is (path, query string, encoding): a page is an answer 200 without a query string."""
        with self._lock:
            (self.pages if stored.status == 200 and not key[1] else self.others).put(key, stored)

    @property
    def size(self) -> int:
        return self.pages.size + self.others.size

    def __len__(self) -> int:
        return len(self.pages.entries) + len(self.others.entries)

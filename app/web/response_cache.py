"""Render once, serve bytes: finished responses kept per worker, bounded by their size.

The archive is immutable, so a response depends only on its URL and whether the client
takes gzip; after the first request for it, the same bytes are sent again without
routing, rendering or compressing. The least recently used entries go first once the
cache holds `budget` bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock


@dataclass(frozen=True)
class Stored:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResponseCache:
    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple, Stored] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> Stored | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is not None:
                self._entries.move_to_end(key)
            return stored

    def put(self, key: tuple, stored: Stored) -> None:
        if len(stored.body) > self.budget // 16:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = stored
            self.size += len(stored.body)
            while self.size > self.budget:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)

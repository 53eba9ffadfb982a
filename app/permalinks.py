"""Passage keys, the lock file of published URLs, and what became of passages that changed.

A key is derived from the passage's own whitespace-normalised text, so it does not move
when other paragraphs change. `corpus/permalinks.lock` lists every passage URL ever
published; `corpus/permalinks.toml` is an append-only record of keys that moved to a
successor ([[moved]]) or were withdrawn with a tombstone ([[withdrawn]]). Startup fails
if any locked URL would no longer resolve.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, field

from .errors import ProblemLog
from .text import normalise

LOCK_FILE = "permalinks.lock"
HISTORY_FILE = "permalinks.toml"
_KEY_LENGTH = 8
_LOCKED_URL = re.compile(r"\A/articles/(?P<slug>[a-z0-9-]+)/p/(?P<key>[a-z2-7]{8}(?:-\d+)?)\Z")


def passage_key(text: str) -> str:
    """A short, lower-case, URL-safe digest of the passage's normalised text."""
    digest = hashlib.sha256(normalise(text).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:_KEY_LENGTH]


def assign_keys(texts: list[str]) -> list[str]:
    """Keys for one article's passages; the n-th repeat of a text gets `<key>-<n>`."""
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        key = passage_key(text)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def passage_path(slug: str, key: str) -> str:
    """The published form of a passage URL, as the lock file lists it."""
    return f"/articles/{slug}/p/{key}"


@dataclass(frozen=True)
class Withdrawn:
    """A tombstone: a passage taken out of the edition, with its last text and why."""

    slug: str
    key: str
    text: str
    reason: str
    date: dt.date


@dataclass(frozen=True)
class Permalinks:
    """Every published passage URL and where each old one leads now."""

    locked: frozenset[tuple[str, str]]
    successor: dict[tuple[str, str], str] = field(default_factory=dict)
    withdrawn: dict[tuple[str, str], Withdrawn] = field(default_factory=dict)

    def unlocked(self, current: set[tuple[str, str]]) -> list[tuple[str, str]]:
        """Current passages not yet in the lock file (`flask lock` adds them)."""
        return sorted(current - self.locked)


def read_lock(text: str, file: str, log: ProblemLog) -> frozenset[tuple[str, str]]:
    locked = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LOCKED_URL.match(line)
        if match is None:
            log.add(file, f"not a passage URL of the form /articles/<slug>/p/<key>: {line!r}", number)
            continue
        locked.add((match["slug"], match["key"]))
    return frozenset(locked)


def read_history(text: str, file: str, log: ProblemLog) -> tuple[list[dict], list[Withdrawn]]:
    """The [[moved]] and [[withdrawn]] tables of permalinks.toml, checked for shape."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        log.add(file, f"not valid TOML: {error}")
        return [], []
    unknown = set(data) - {"moved", "withdrawn"}
    if unknown:
        log.add(file, f"unknown table(s) {', '.join(sorted(unknown))}; only [[moved]] and [[withdrawn]] are allowed")
    moved = [entry for entry in data.get("moved", []) if _has_fields(entry, "moved", ("article", "from", "to", "date", "reason"), file, log)]
    withdrawn = [
        Withdrawn(entry["article"], entry["key"], entry["text"], entry["reason"], entry["date"])
        for entry in data.get("withdrawn", [])
        if _has_fields(entry, "withdrawn", ("article", "key", "text", "reason", "date"), file, log)
    ]
    return moved, withdrawn


def _has_fields(entry: dict, table: str, names: tuple[str, ...], file: str, log: ProblemLog) -> bool:
    missing = [name for name in names if name not in entry]
    extra = sorted(set(entry) - set(names))
    if missing or extra:
        log.add(file, f"a [[{table}]] entry {entry!r} must have exactly the fields {', '.join(names)}")
        return False
    return True


def build_permalinks(
    locked: frozenset[tuple[str, str]],
    moved: list[dict],
    withdrawn: list[Withdrawn],
    current: set[tuple[str, str]],
    file: str,
    log: ProblemLog,
) -> Permalinks:
    """Resolve moved chains to their final current key and check every locked URL resolves."""
    step = {(entry["article"], entry["from"]): entry["to"] for entry in moved}
    successor = {}
    for (slug, old), _ in step.items():
        final = _follow(slug, old, step, current)
        if final is None:
            log.add(file, f"[[moved]] from {passage_path(slug, old)} does not lead to a current passage (or loops)")
        elif (slug, old) in current:
            log.add(file, f"[[moved]] from {passage_path(slug, old)}, but that passage is still in the edition")
        else:
            successor[(slug, old)] = final
    tombstones = {}
    slugs = {slug for slug, _ in current}
    for stone in withdrawn:
        if stone.slug not in slugs:
            log.add(file, f"[[withdrawn]] {passage_path(stone.slug, stone.key)} names an article that is not in the corpus")
        elif (stone.slug, stone.key) in current:
            log.add(file, f"[[withdrawn]] {passage_path(stone.slug, stone.key)} is still in the edition")
        tombstones[(stone.slug, stone.key)] = stone
    for slug, key in sorted(locked - current - set(successor) - set(tombstones)):
        log.add(
            file.replace(HISTORY_FILE, LOCK_FILE),
            f"{passage_path(slug, key)} was published and no longer resolves: add a [[moved]] entry "
            f"to its successor or a [[withdrawn]] tombstone in {HISTORY_FILE}",
        )
    return Permalinks(locked, successor, tombstones)


def _follow(slug: str, key: str, step: dict, current: set) -> str | None:
    seen = set()
    while (slug, key) not in current:
        if key in seen or (slug, key) not in step:
            return None
        seen.add(key)
        key = step[(slug, key)]
    return key

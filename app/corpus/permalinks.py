"""Passage keys, the lock file of published URLs, and what became of passages that changed.

A key is derived from the passage's own whitespace-normalised text, so it does not move
when other paragraphs change. `corpus/permalinks.lock` lists every passage URL ever
published; `corpus/permalinks.toml` is an append-only record of keys that moved to a
successor ([[moved]]) or were withdrawn with a tombstone ([[withdrawn]]). Startup fails
if any locked URL would no longer resolve.
"""

from __future__ import annotations

import base64
import hashlib

from app.corpus.grammar import KEY_LENGTH, PASSAGE_URL, Table, passage_path, read_tables
from app.corpus.problems import ProblemLog
from app.corpus.text import normalise
from app.model import Permalinks, Withdrawn

LOCK_FILE = "permalinks.lock"
HISTORY_FILE = "permalinks.toml"
MOVED = Table("moved", ("article", "from", "to", "date", "reason"))
WITHDRAWN = Table("withdrawn", ("article", "key", "text", "reason", "date"))


def passage_key(text: str) -> str:
    """A short, lower-case, URL-safe digest of the passage's normalised text."""
    digest = hashlib.sha256(normalise(text).encode("utf-8")).digest()
    return base64.b32encode(digest[:-(-KEY_LENGTH * 5 // 8)]).decode("ascii").lower()[:KEY_LENGTH]  # 5 bits a letter


def assign_keys(texts: list[str]) -> list[str]:
    """Keys for one article's passages; the n-th repeat of a text gets `<key>-<n>`."""
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        key = passage_key(text)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def read_lock(text: str, file: str, log: ProblemLog) -> frozenset[tuple[str, str]]:
    locked = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PASSAGE_URL.match(line)
        if match is None:
            log.add(file, f"not a passage URL of the form /articles/<slug>/p/<key>: {line!r}", number)
            continue
        locked.add((match["slug"], match["key"]))
    return frozenset(locked)


def read_history(text: str, file: str, log: ProblemLog) -> tuple[list[dict], list[Withdrawn]]:
    """The [[moved]] and [[withdrawn]] tables of permalinks.toml, checked for shape."""
    tables = read_tables(text, file, log, MOVED, WITHDRAWN)
    withdrawn = [Withdrawn(e["article"], e["key"], e["text"], e["reason"], e["date"]) for e in tables["withdrawn"]]
    return tables["moved"], withdrawn


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

"""People (`corpus/people.toml`) and the passages that name them.

A person is named by the spellings in `names`, each widened by the alias table, matched
as whole words; so a passage that says "Raeisi" counts for Ebrahim Raisi.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from .aliases import Aliases
from .errors import ProblemLog

PEOPLE_FILE = "people.toml"
_SLUG = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
_FIELDS = {"slug", "name", "role", "names"}


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    role: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class People:
    """Everyone, in file order, and who is named in which passage."""

    persons: tuple[Person, ...]
    mentions: dict[str, tuple]  # person slug -> passages, in date order
    named_in: dict[tuple[str, str], tuple[Person, ...]]  # (article slug, key) -> persons

    def person(self, slug: str) -> Person | None:
        return next((person for person in self.persons if person.slug == slug), None)


def read_people(text: str, file: str, log: ProblemLog, aliases: Aliases) -> tuple[Person, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        log.add(file, f"not valid TOML: {error}")
        return ()
    persons, seen = [], set()
    for entry in data.get("person", []):
        label = entry.get("slug", entry.get("name", "?"))
        if set(entry) != _FIELDS:
            log.add(file, f"person {label!r} must have exactly the fields {', '.join(sorted(_FIELDS))}")
            continue
        if not _SLUG.match(entry["slug"]) or entry["slug"] in seen:
            log.add(file, f"person {label!r}: the slug must be unique, lower-case words joined by hyphens")
            continue
        seen.add(entry["slug"])
        persons.append(Person(entry["slug"], entry["name"], entry["role"], _spellings(entry["names"], aliases)))
    return tuple(persons)


def _spellings(names: list[str], aliases: Aliases) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        group = aliases.group_of(name)
        for spelling in group.all_spellings if group else (name,):
            if spelling not in found:
                found.append(spelling)
    return tuple(found)


def find_mentions(persons: tuple[Person, ...], articles) -> People:
    """Scan every passage once with one pattern of all spellings, longest first."""
    owner = {spelling: person for person in persons for spelling in person.spellings}
    if not owner:
        return People(persons, {person.slug: () for person in persons}, {})
    alternatives = "|".join(re.escape(spelling) for spelling in sorted(owner, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    mentions: dict[str, list] = {person.slug: [] for person in persons}
    named_in = {}
    for article in articles:
        for passage in article.passages:
            named = tuple(dict.fromkeys(owner[match] for match in pattern.findall(passage.text)))
            if named:
                named_in[(passage.slug, passage.key)] = named
            for person in named:
                mentions[person.slug].append(passage)
    return People(persons, {slug: tuple(found) for slug, found in mentions.items()}, named_in)

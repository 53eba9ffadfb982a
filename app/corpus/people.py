"""People (`corpus/people.toml`) and the passages that name them.

A person is named by the spellings in `names`, each widened by the alias table, matched
as whole words; so a passage that says "Raeisi" counts for Ebrahim Raisi.
"""

from __future__ import annotations

import re

from app.corpus.grammar import NAME_SLUG, Table, read_tables
from app.corpus.problems import ProblemLog
from app.model import Aliases, Article, People, Person

PEOPLE_FILE = "people.toml"
PERSON = Table("person", ("slug", "name", "role", "names"))


def read_people(text: str, file: str, log: ProblemLog, aliases: Aliases) -> tuple[Person, ...]:
    persons, seen = [], set()
    for entry in read_tables(text, file, log, PERSON)["person"]:
        if not NAME_SLUG.match(entry["slug"]) or entry["slug"] in seen:
            log.add(file, f"person {entry['slug']!r}: the slug must be unique, lower-case words joined by hyphens")
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


def find_mentions(persons: tuple[Person, ...], articles: tuple[Article, ...]) -> People:
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

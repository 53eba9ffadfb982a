"""People and institutions (`corpus/people.toml`), and the passages that name them.

A person is named by the spellings in `names`, each widened by the alias table, matched
as whole words; so a passage that says "Raeisi" counts for Ebrahim Raisi. A person's `roles`
are the offices held and when: a statement's title ("the Iranian president") is checked
against the role its speaker held on the article's date. An `[[institution]]` is a body
that speaks as itself (a ministry); it has names but no roles.
"""

from __future__ import annotations

import datetime as dt
import re

from app.corpus.dates import parse_fuzzy_date
from app.corpus.grammar import NAME_SLUG, Table, read_located
from app.corpus.problems import ProblemLog
from app.model import Aliases, Article, Institution, People, Person, Role

PEOPLE_FILE = "people.toml"
PERSON = Table("person", ("slug", "name", "role", "names"), ("roles",))
INSTITUTION = Table("institution", ("slug", "name", "names"))
ROLE_FIELDS = {"title", "from", "until", "called"}


def read_people(text: str, file: str, log: ProblemLog, aliases: Aliases) -> tuple[Person, ...]:
    return read_speakers(text, file, log, aliases)[0]


def read_speakers(text: str, file: str, log: ProblemLog, aliases: Aliases) -> tuple[tuple[Person, ...], tuple[Institution, ...]]:
    """The people and the institutions; a slug is unique across both (a statement names either).
    Each problem names the line of its entry's table."""
    tables = read_located(text, file, log, PERSON, INSTITUTION)
    persons, institutions, seen = [], [], set()
    for kind, entries in (("person", tables["person"]), ("institution", tables["institution"])):
        for line, entry in entries:
            problem = log.at(file, line)
            if not isinstance(entry["slug"], str) or not NAME_SLUG.match(entry["slug"]) or entry["slug"] in seen:
                problem(f"{kind} {entry['slug']!r}: the slug must be unique, lower-case words joined by hyphens")
                continue
            seen.add(entry["slug"])
            if not _texts(entry, ("name", "role"), ("names",), f"{kind} {entry['slug']!r}", problem):
                continue
            spellings = _spellings(entry["names"], aliases)
            if kind == "institution":
                institutions.append(Institution(entry["slug"], entry["name"], spellings))
            else:
                roles = tuple(_roles(entry, problem))
                persons.append(Person(entry["slug"], entry["name"], entry["role"], spellings, roles))
    return tuple(persons), tuple(institutions)


def _texts(entry: dict, texts: tuple[str, ...], lists: tuple[str, ...], where: str, problem) -> bool:
    """Whether each field of `texts` is text and each of `lists` a list of texts (a bare string would
    be read as its characters)."""
    wrong = [f"`{field}` must be text, not {entry[field]!r}" for field in texts
             if field in entry and not isinstance(entry[field], str)]
    wrong += [f"`{field}` must be a list of texts, not {entry[field]!r}" for field in lists
              if field in entry and not (isinstance(entry[field], list) and all(isinstance(v, str) for v in entry[field]))]
    for message in wrong:
        problem(f"{where}: {message}")
    return not wrong


def _roles(entry: dict, problem):
    if not isinstance(entry.get("roles", []), list):
        problem(f"person {entry['slug']!r}: `roles` must be a list of tables, not {entry['roles']!r}")
        return
    for role in entry.get("roles", []):
        where = f"person {entry['slug']!r}, role {role.get('title', '?') if isinstance(role, dict) else role!r}"
        if not isinstance(role, dict) or "title" not in role or set(role) - ROLE_FIELDS:
            problem(f"{where}: a role is a table with a title and may have from, until and called")
            continue
        if not _texts(role, ("title",), ("called",), where, problem):
            continue
        try:
            start, end = _day(role.get("from")), _day(role.get("until"))
        except ValueError as error:
            problem(f"{where}: {error}")
            continue
        yield Role(role["title"], start, end, tuple(role.get("called", ())))


def _day(value) -> dt.date | None:
    """A role's `from` or `until`: a day, or a month (its first day). The period is half-open, so a
    successor's `from` may equal a predecessor's `until` and one day has one holder."""
    return None if value is None else parse_fuzzy_date(str(value)).value


def _spellings(names: list[str], aliases: Aliases) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        group = aliases.group_of(name)
        for spelling in group.all_spellings if group else (name,):
            if spelling not in found:
                found.append(spelling)
    return tuple(found)


def names_pattern(spellings) -> re.Pattern:
    """One pattern matching any of the spellings as whole words, longest first."""
    alternatives = "|".join(re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_mentions(persons: tuple[Person, ...], articles: tuple[Article, ...], institutions: tuple[Institution, ...] = ()) -> People:
    """Scan every passage once with one pattern of all spellings, longest first."""
    owner = {spelling: person for person in persons for spelling in person.spellings}
    if not owner:
        return People(persons, {person.slug: () for person in persons}, {}, institutions)
    pattern = names_pattern(owner)
    mentions: dict[str, list] = {person.slug: [] for person in persons}
    named_in = {}
    for article in articles:
        for passage in article.passages:
            named = tuple(dict.fromkeys(owner[match] for match in pattern.findall(passage.text)))
            if named:
                named_in[(passage.slug, passage.key)] = named
            for person in named:
                mentions[person.slug].append(passage)
    return People(persons, {slug: tuple(found) for slug, found in mentions.items()}, named_in, institutions)

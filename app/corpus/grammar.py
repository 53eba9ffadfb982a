"""The corpus's small languages, each defined once: the patterns of slugs, passage keys,
passage URLs and SHA256SUMS lines, the date bases, and the reader of TOML tables with its field check.

Every reader that needs one of these takes it from here, so a slug means the same thing in
an article's file name, in events.toml and in the lock file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import NamedTuple

from app.corpus.problems import ProblemLog

# An article's slug: its published date, then lower-case words ("2022-02-25-iran-blames-nato").
ARTICLE_SLUG = re.compile(r"\A\d{4}-\d{2}-\d{2}(-[a-z0-9]+)+\Z")
# A slug or id chosen by the curator: lower-case words joined by hyphens.
NAME_SLUG = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
# A passage key: 8 base-32 characters of a digest, and `-<n>` for the n-th repeat of a text.
KEY_LENGTH = 8
PASSAGE_KEY = rf"[a-z2-7]{{{KEY_LENGTH}}}(?:-\d+)?"
# A passage URL as the lock file and events.toml write it, in the route table's notation
# (app/web/routes.py serves it from this declaration), and as a pattern to read it.
PASSAGE_ROUTE = "/articles/<slug>/p/<key>"
PASSAGE_URL = re.compile(
    r"\A" + PASSAGE_ROUTE.replace("<slug>", "(?P<slug>[a-z0-9-]+)").replace("<key>", f"(?P<key>{PASSAGE_KEY})") + r"\Z"
)
# What a date rests on: words printed in the capture, an inference from its text, outside reports.
BASES = ("printed", "inferred", "reported")
# A line of SHA256SUMS as `sha256sum` writes it: the hex digest, a space, a space or `*`
# (text or binary mode), the file name.
SHA256SUMS_LINE = re.compile(r"(?P<sha256>[0-9a-f]{64}) [ *](?P<name>\S+)")


def passage_path(slug: str, key: str) -> str:
    """The published form of a passage URL, as the lock file lists it."""
    return PASSAGE_ROUTE.replace("<slug>", slug).replace("<key>", key)


@dataclass(frozen=True)
class Table:
    """An array of tables (`[[name]]`) and the fields each entry has."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


class Located(NamedTuple):
    """An entry of an array of tables and the line its `[[name]]` header is on (None if written inline)."""

    line: int | None
    entry: dict


def read_tables(text: str, file: str, log: ProblemLog, *tables: Table) -> dict[str, list[dict]]:
    """The entries of each of `tables` in a TOML file, without their lines (read_located says more)."""
    return {name: [found.entry for found in located] for name, located in read_located(text, file, log, *tables).items()}


def read_located(text: str, file: str, log: ProblemLog, *tables: Table) -> dict[str, list[Located]]:
    """The entries of each of `tables` in a TOML file, each with its line. An entry with a missing or
    unknown field is logged at its line and left out, and so is a table that is not one of `tables`;
    invalid TOML is logged and reads as no entries. Lines are counted over every entry, the left-out
    ones too, so a dropped entry does not shift the lines of those after it."""
    found: dict[str, list[Located]] = {table.name: [] for table in tables}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        log.add(file, f"not valid TOML: {error}")
        return found
    unknown = sorted(set(data) - set(found))
    if unknown:
        allowed = " and ".join(f"[[{table.name}]]" for table in tables)
        log.add(file, f"unknown table(s) {', '.join(unknown)}; only {allowed} {'is' if len(tables) == 1 else 'are'} allowed")
    for table in tables:
        entries = data.get(table.name, [])
        if not isinstance(entries, list):
            log.add(file, f"{table.name} must be an array of tables, written [[{table.name}]]")
            continue
        lines = header_lines(text, table.name)
        located = [Located(lines[index] if index < len(lines) else None, entry) for index, entry in enumerate(entries)]
        found[table.name] = [each for each in located if _has_fields(each, table, file, log)]
    return found


def header_lines(text: str, name: str) -> list[int]:
    """The line of each `[[name]]` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [number for number, line in enumerate(text.split("\n"), start=1) if header.match(line)]


def _has_fields(located: Located, table: Table, file: str, log: ProblemLog) -> bool:
    entry = located.entry
    if not isinstance(entry, dict):
        log.add(file, f"a [[{table.name}]] entry must be a table, not {entry!r}", located.line)
        return False
    missing = [name for name in table.required if name not in entry]
    unknown = sorted(set(entry) - set(table.required) - set(table.optional))
    if not missing and not unknown:
        return True
    label = next((entry[field] for field in ("id", "slug", "name", "article", "url") if field in entry), "?")
    optional = f" (and may have {', '.join(table.optional)})" if table.optional else ""
    log.add(file, f"{table.name} {label!r}: missing field(s) {missing}, unknown field(s) {unknown}; "
                  f"a [[{table.name}]] entry has the fields {', '.join(table.required)}{optional}", located.line)
    return False

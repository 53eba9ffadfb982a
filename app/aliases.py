"""The alias table (`corpus/aliases.toml`): spellings that name the same person or place.

One home for spelling variants: search expands a query term to its group, people pages
count a mention in any spelling. A spelling may belong to one group only; a table where a
spelling leads to two names (a loop, or a clash) is refused at startup.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from .errors import ProblemLog

ALIASES_FILE = "aliases.toml"


@dataclass(frozen=True)
class AliasGroup:
    """The archive's spelling of a name and the other spellings of it."""

    name: str
    spellings: tuple[str, ...]

    @property
    def all_spellings(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


@dataclass(frozen=True)
class Aliases:
    groups: tuple[AliasGroup, ...]

    def __post_init__(self) -> None:
        index = {spelling.casefold(): group for group in self.groups for spelling in group.all_spellings}
        object.__setattr__(self, "_by_spelling", index)

    def group_of(self, spelling: str) -> AliasGroup | None:
        """The group a spelling belongs to (case-insensitive), or None."""
        return self._by_spelling.get(spelling.casefold())


def read_aliases(text: str, file: str, log: ProblemLog) -> Aliases:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        log.add(file, f"not valid TOML: {error}")
        return Aliases(())
    groups, owner = [], {}
    for entry in data.get("alias", []):
        if set(entry) != {"name", "spellings"} or not isinstance(entry["spellings"], list):
            log.add(file, f"an [[alias]] entry must have exactly `name` and a list of `spellings`: {entry!r}")
            continue
        group = AliasGroup(entry["name"], tuple(entry["spellings"]))
        for spelling in group.all_spellings:
            earlier = owner.get(spelling.casefold())
            if earlier is not None:
                log.add(file, f"“{spelling}” is a spelling of both “{earlier}” and “{group.name}” (an alias loop): keep it in one group")
            owner[spelling.casefold()] = group.name
        groups.append(group)
    unknown = set(data) - {"alias"}
    if unknown:
        log.add(file, f"unknown table(s) {', '.join(sorted(unknown))}; only [[alias]] is allowed")
    return Aliases(tuple(groups))

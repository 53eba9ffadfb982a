"""Names: the alias table's spelling groups, and the people the articles name.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model.articles import Passage


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
    mentions: dict[str, tuple[Passage, ...]]  # person slug -> passages, in date order
    named_in: dict[tuple[str, str], tuple[Person, ...]]  # (article slug, key) -> persons

    def person(self, slug: str) -> Person | None:
        return next((person for person in self.persons if person.slug == slug), None)

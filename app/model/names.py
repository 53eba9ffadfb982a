"""Names: the alias table's spelling groups, the people the articles name with their roles
over time, and the institutions that speak in them.
"""

from __future__ import annotations

import datetime as dt
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
class Role:
    """An office held for a half-open period, `start` up to `end` (None: before or after what the archive knows),
    with the phrases an article may use for its holder ("the Iranian president")."""

    title: str
    start: dt.date | None
    end: dt.date | None
    called: tuple[str, ...]

    def held_on(self, day: dt.date) -> bool:
        """From `start` up to, not including, `end`: the day a successor takes office is theirs alone."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def fits(self, words: str) -> bool:
        """Whether `words` ("the Iranian President", "Iran’s foreign minister") name this role."""
        wanted = _phrase(words)
        return any(_phrase(phrase) == wanted for phrase in (self.title, *self.called))


def _phrase(words: str) -> str:
    """A role phrase compared without case, a leading article or the kind of apostrophe."""
    folded = " ".join(words.replace("’", "'").casefold().split())
    return folded.removeprefix("the ")


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    role: str
    spellings: tuple[str, ...]
    roles: tuple[Role, ...] = ()

    has_page = True  # a person has a page of what they said; an institution has none

    def role_on(self, day: dt.date) -> Role | None:
        """The role this person held on a day (an article's date), if the archive knows one."""
        return next((role for role in self.roles if role.held_on(day)), None)


@dataclass(frozen=True)
class Institution:
    """A body that speaks as itself ("Iran’s Foreign Ministry stated"), not through a person."""

    slug: str
    name: str
    spellings: tuple[str, ...]

    has_page = False

    def role_on(self, day: dt.date) -> Role | None:  # an institution holds no office; a speaker of either kind answers
        return None


@dataclass(frozen=True)
class People:
    """Everyone, in file order, and who is named in which passage."""

    persons: tuple[Person, ...]
    mentions: dict[str, tuple[Passage, ...]]  # person slug -> passages, in date order
    named_in: dict[tuple[str, str], tuple[Person, ...]]  # (article slug, key) -> persons
    institutions: tuple[Institution, ...] = ()

    def person(self, slug: str) -> Person | None:
        return next((person for person in self.persons if person.slug == slug), None)

    def speaker(self, slug: str) -> Person | Institution | None:
        """A person or an institution: whoever a statement may be said by."""
        return self.person(slug) or next((body for body in self.institutions if body.slug == slug), None)

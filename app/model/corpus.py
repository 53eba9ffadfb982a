"""The whole corpus, and the record of its published passage URLs (permalinks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.model.articles import Article
from app.model.names import Aliases, People
from app.model.statements import Statements
from app.model.timeline import Timeline


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



@dataclass(frozen=True)
class Corpus:
    """The whole corpus, articles in publication order; `digest` identifies this version, made of `files`."""

    articles: tuple[Article, ...]
    permalinks: Permalinks
    aliases: Aliases
    people: People
    timeline: Timeline
    digest: str
    files: tuple[tuple[str, str], ...]  # every file it was read from (path in the folder, SHA-256)
    statements: Statements = field(default_factory=Statements)  # who speaks in which passage

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {article.slug: article for article in self.articles})
        object.__setattr__(self, "_position", {article.slug: i for i, article in enumerate(self.articles)})

    def article(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    @property
    def articles_by_slug(self) -> dict[str, Article]:
        return self._by_slug

    def neighbours(self, article: Article) -> tuple[Article | None, Article | None]:
        """The articles published just before and just after this one."""
        index = self._position[article.slug]
        before = self.articles[index - 1] if index > 0 else None
        after = self.articles[index + 1] if index + 1 < len(self.articles) else None
        return before, after

    @property
    def passages(self):
        return (passage for article in self.articles for passage in article.passages)

"""The archive state: everything computed from the corpus once, before the first request,
and the lookups a request makes in it (each raising a typed NotInArchive the web layer answers)."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app.corpus import text
from app.model import Article, Corpus, Passage, Person, Withdrawn
from app.settings import PROJECT_ROOT
from app.state import plan, quotes, search, store
from app.state.assets import Assets, load_assets
from app.state.bag import Bag
from app.state.held_files import HeldFiles
from app.state.related import Related
from app.state.search.request import SearchRequest


class NotInArchive(Exception):
    """What a URL names is not in the archive; `detail` says what was asked for. (Not
    Werkzeug's NotFound: the web layer's error path turns this into a 404.)"""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class ArticleNotFound(NotInArchive):
    def __init__(self, slug: str):
        super().__init__(f"There is no article with the slug {slug!r}.")


class PassageNotFound(NotInArchive):
    """The article exists but no passage, current or former, has this key."""

    def __init__(self, article: Article, key: str):
        super().__init__(f"The article {article.slug!r} has no passage with the key {key!r}.")
        self.article = article


class PersonNotFound(NotInArchive):
    def __init__(self, slug: str):
        super().__init__(f"There is no person with the slug {slug!r}.")


@dataclass(frozen=True)
class CurrentPassage:
    """A key of the edition as it is now."""

    article: Article
    passage: Passage


@dataclass(frozen=True)
class MovedPassage:
    """An old key whose passage was corrected: `key` is its current successor's."""

    article: Article
    key: str


@dataclass(frozen=True)
class WithdrawnPassage:
    """A key whose passage left the edition: its tombstone keeps the last text and why."""

    article: Article
    stone: Withdrawn


ResolvedPassage = CurrentPassage | MovedPassage | WithdrawnPassage


@dataclass(frozen=True)
class Archive:
    """What a request may look up; never changed after startup."""

    corpus: Corpus
    base_url: str
    site_name: str
    related: dict[tuple[str, str], tuple[Related, ...]]
    search_index: search.SearchIndex
    search_settings: search.SearchSettings
    assets: Assets
    bag: Bag
    modified: dt.datetime  # when the newest of the corpus's files last changed: every answer's Last-Modified
    files: HeldFiles  # the state's files, held open: files.check() before reading them (held_files.py)

    def article(self, slug: str) -> Article:
        found = self.corpus.article(slug)
        if found is None:
            raise ArticleNotFound(slug)
        return found

    def resolve_passage(self, slug: str, key: str) -> ResolvedPassage:
        """What a passage key names: a current passage, a moved one (its successor's key) or a
        withdrawn one (its tombstone), since a published passage URL is never taken back; a key
        never published is PassageNotFound. Every passage URL, the page and each of its
        sub-resources, asks this and nothing else."""
        article = self.article(slug)
        found = next((passage for passage in article.passages if passage.key == key), None)
        if found is not None:
            return CurrentPassage(article, found)
        permalinks = self.corpus.permalinks
        if (slug, key) in permalinks.successor:
            return MovedPassage(article, permalinks.successor[slug, key])
        if (slug, key) in permalinks.withdrawn:
            return WithdrawnPassage(article, permalinks.withdrawn[slug, key])
        raise PassageNotFound(article, key)

    def person(self, slug: str) -> Person:
        found = self.corpus.people.person(slug)
        if found is None:
            raise PersonNotFound(slug)
        return found

    def source_of(self, passage: Passage) -> Article:
        """The article a passage belongs to."""
        return self.corpus.article(passage.slug)

    def people_in(self, passage: Passage) -> tuple[Person, ...]:
        return self.corpus.people.named_in.get((passage.slug, passage.key), ())

    def related_to(self, passage: Passage) -> tuple[Related, ...]:
        return self.related.get((passage.slug, passage.key), ())

    def search(self, request: SearchRequest) -> search.SearchResults:
        """The results of a search, with the app's search settings."""
        return search.search(self.search_index, request, self.search_settings)

    def check_quote(self, quotation: str) -> quotes.QuoteCheck:
        """The passages closest to a reader's quotation (quotes.py); BadQuote if it cannot be read."""
        return quotes.check_quote(self.search_index, self.search_settings, quotation)

    def url(self, path: str) -> str:
        """The public URL of a path, from the configured BASE_URL (right behind a proxy)."""
        return self.base_url + path


def build_archive(config) -> Archive:
    """The archive for the configured corpus, built once per corpus version and kept (store.py),
    as plan.py sets out."""
    corpus_dir, site_name = Path(config["CORPUS_DIR"]), config["SITE_NAME"]
    settings = search.SearchSettings.from_config(config)
    # The site's name is in the bag's bag-info.txt: a state built under another name is not used.
    builder = f"Python {sys.version}, {search.ENGINE}, {text.RENDERER}, site name {site_name!r}"
    state, files = store.load_or_build(
        Path(config["STATE_DIR"]), corpus_dir, builder,
        build=partial(plan.build_state, site_name=site_name, settings=settings), load=plan.load_state,
    )
    return Archive(
        corpus=state.corpus, base_url=config["BASE_URL"].rstrip("/"), site_name=site_name, related=state.related,
        search_index=state.search_index, search_settings=settings, assets=load_assets(PROJECT_ROOT / "static"), bag=state.bag,
        modified=state.modified, files=files,
    )

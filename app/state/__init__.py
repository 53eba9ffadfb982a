"""The archive state: everything computed from the corpus once, before the first request,
and the lookups a request makes in it (each raising a typed NotInArchive the web layer answers)."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from app.corpus import load_corpus, text
from app.model import Article, Corpus, Passage, Person, Withdrawn
from app.settings import PROJECT_ROOT
from app.state import search, store
from app.state.assets import Assets, load_assets
from app.state.bag import BAG_FILE, Bag, bag_name, write_bag
from app.state.held_files import HeldFiles
from app.state.related import Related, related_passages

log = logging.getLogger("archive")


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

    def url(self, path: str) -> str:
        """The public URL of a path, from the configured BASE_URL (right behind a proxy)."""
        return self.base_url + path


STATE_FILE = "state.pickle"
SEARCH_FOLDER = "search"


def build_archive(config) -> Archive:
    """The archive for the configured corpus, built once per corpus version and kept (store.py)."""
    corpus_dir, site_name = Path(config["CORPUS_DIR"]), config["SITE_NAME"]
    # The site's name is in the bag's bag-info.txt: a state built under another name is not used.
    builder = f"Python {sys.version}, {search.ENGINE}, {text.RENDERER}, site name {site_name!r}"
    (corpus, related, search_index, bag, modified), files = store.load_or_build(
        Path(config["STATE_DIR"]), corpus_dir, builder, build=partial(_build_state, site_name=site_name), load=_load_state,
    )
    return Archive(
        corpus=corpus, base_url=config["BASE_URL"].rstrip("/"), site_name=site_name, related=related, search_index=search_index,
        assets=load_assets(PROJECT_ROOT / "static"), bag=bag, modified=modified, files=files,
    )


def _build_state(corpus_dir: Path, folder: Path, site_name: str) -> None:
    """Validates the corpus and writes into `folder` all that is computed from it: the search
    index (by child processes, on the other cores) while this process finds related passages
    and writes the bag."""
    with _timed("corpus loaded and checked"):
        corpus = load_corpus(corpus_dir)
    with _timed(f"{sum(len(a.passages) for a in corpus.articles)} passages indexed for search"):
        related, bag_sha256 = search.write_index(corpus, folder / SEARCH_FOLDER, meanwhile=partial(_related_and_bag, corpus, corpus_dir, site_name, folder))
    with (folder / STATE_FILE).open("wb") as state:
        pickle.dump((corpus, related, bag_sha256, corpus_modified(corpus_dir, corpus)), state, protocol=pickle.HIGHEST_PROTOCOL)


def corpus_modified(corpus_dir: Path, corpus: Corpus) -> dt.datetime:
    """The time of this corpus version: when the newest of its files last changed, in whole
    seconds (as HTTP dates go). A new version is a file changed later, so its time is later."""
    newest = max(os.stat(corpus_dir / name).st_mtime for name, _ in corpus.files)
    return dt.datetime.fromtimestamp(int(newest), dt.UTC)


def _load_state(folder: Path) -> tuple[Corpus, dict, search.SearchIndex, Bag, dt.datetime]:
    with _collector_paused(), (folder / STATE_FILE).open("rb") as state:  # streamed: the bytes are never all in memory
        corpus, related, bag_sha256, modified = pickle.load(state)
        bag = Bag(folder / BAG_FILE, bag_name(corpus), (folder / BAG_FILE).stat().st_size, bag_sha256)
        return corpus, related, search.open_index(corpus, folder / SEARCH_FOLDER), bag, modified


def _related_and_bag(corpus: Corpus, corpus_dir: Path, site_name: str, folder: Path) -> tuple[dict, str]:
    with _timed("related passages found"):
        related = related_passages(corpus)
    with _timed("bag written"):
        return related, write_bag(corpus, corpus_dir, site_name, folder / BAG_FILE)


@contextmanager
def _collector_paused():
    """The objects loaded live as long as the process: the cyclic collector's passes over them as
    they are made, and over them again as the index is opened, find nothing and took most of the
    time at 10,000 articles (bench/RESULTS.md). (The server pauses it for all of its start: wsgi.py.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _timed(what: str):
    started = time.perf_counter()
    yield
    log.info("%s in %.0f ms", what, (time.perf_counter() - started) * 1000)

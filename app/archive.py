"""The archive state: everything computed from the corpus once, before the first request."""

from __future__ import annotations

import logging
import pickle
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from . import search, state_store, text
from .assets import Assets, load_assets
from .corpus import load_corpus
from .forked import in_child
from .model import Corpus
from .related import Related, related_passages
from .settings import PROJECT_ROOT

log = logging.getLogger("archive")


@dataclass(frozen=True)
class Archive:
    """What a request may look up; never changed after startup."""

    corpus: Corpus
    base_url: str
    related: dict[tuple[str, str], tuple[Related, ...]]
    search_index: search.SearchIndex
    assets: Assets


STATE_FILE = "state.pickle"
SEARCH_FOLDER = "search"


def build_archive(config) -> Archive:
    """The archive for the configured corpus, built once per corpus version and kept (state_store)."""
    corpus_dir = Path(config["CORPUS_DIR"])
    builder = f"Python {sys.version}, {search.ENGINE}, {text.RENDERER}"
    corpus, related, search_index = state_store.load_or_build(
        Path(config["STATE_DIR"]), corpus_dir, builder, build=_build_state, load=_load_state,
    )
    return Archive(
        corpus=corpus, base_url=config["BASE_URL"].rstrip("/"), related=related, search_index=search_index,
        assets=load_assets(PROJECT_ROOT / "static"),
    )


def _build_state(corpus_dir: Path, folder: Path) -> None:
    """Validates the corpus and writes into `folder` all that is computed from it: the search
    index (in a second child, on the other core) while this process finds related passages."""
    with _timed("corpus loaded and checked"):
        corpus = load_corpus(corpus_dir)
    with _timed(f"{sum(len(a.passages) for a in corpus.articles)} passages indexed for search"):
        indexing = in_child(search.write_index, corpus, folder / SEARCH_FOLDER)
        with _timed("related passages found"):
            related = related_passages(corpus)
        indexing.result()
    with (folder / STATE_FILE).open("wb") as state:
        pickle.dump((corpus, related), state, protocol=pickle.HIGHEST_PROTOCOL)


def _load_state(folder: Path) -> tuple[Corpus, dict, search.SearchIndex]:
    with (folder / STATE_FILE).open("rb") as state:  # streamed: the bytes are never all in memory
        corpus, related = pickle.load(state)
    return corpus, related, search.open_index(corpus, folder / SEARCH_FOLDER)


@contextmanager
def _timed(what: str):
    started = time.perf_counter()
    yield
    log.info("%s in %.0f ms", what, (time.perf_counter() - started) * 1000)


def current_archive() -> Archive:
    """The one accessor for the built state of the running app."""
    return current_app.extensions["archive"]

"""The archive state: everything computed from the corpus once, before the first request."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import current_app

from .assets import Assets, load_assets
from .corpus import load_corpus
from .model import Corpus
from .related import Related, related_passages
from .search import SearchIndex, build_index
from .settings import PROJECT_ROOT

log = logging.getLogger("archive")


@dataclass(frozen=True)
class Archive:
    """What a request may look up; never changed after startup."""

    corpus: Corpus
    base_url: str
    related: dict[tuple[str, str], tuple[Related, ...]]
    search_index: SearchIndex
    assets: Assets


def build_archive(config) -> Archive:
    started = time.perf_counter()
    corpus = load_corpus(config["CORPUS_DIR"])
    passages = sum(len(article.passages) for article in corpus.articles)
    log.info(
        "corpus %s: %d articles, %d passages, loaded in %.0f ms",
        corpus.digest[:12], len(corpus.articles), passages, (time.perf_counter() - started) * 1000,
    )
    started = time.perf_counter()
    search_index = build_index(corpus)
    log.info("search index: %d passages indexed in %.0f ms", search_index.doc_count, (time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    related = related_passages(corpus)
    log.info("related passages: %d linked in %.0f ms", len(related), (time.perf_counter() - started) * 1000)
    return Archive(
        corpus=corpus, base_url=config["BASE_URL"].rstrip("/"), related=related, search_index=search_index,
        assets=load_assets(PROJECT_ROOT / "static"),
    )


def current_archive() -> Archive:
    """The one accessor for the built state of the running app."""
    return current_app.extensions["archive"]

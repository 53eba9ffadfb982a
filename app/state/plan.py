"""The state build's plan: gather, then write, as Pelican reads every file before it writes any.

Each step, with what it takes and what it gives. Gather and write run once per corpus version, in
a child process of the server, into a new state folder (store.load_or_build); read runs at every start.

    gather   load_corpus(corpus_dir)                      -> Corpus, every file read and checked
    write    search.writing_index(corpus, search folder)  -> the index, by child processes (one a shard),
             and meanwhile in this process:
               related_passages(corpus)                   -> Related, each passage's related passages
               write_bag(corpus, corpus_dir, name, file)  -> the bag's SHA-256 (archive.zip written)
             corpus_modified(corpus_dir, corpus)          -> the corpus version's time (Last-Modified)
             Computed(corpus, related, bag's SHA-256, time) -> state.pickle
    read     load_state(folder)                           -> State, what a server holds (every start)

The index is the long step and is written on the other cores; related passages and the bag are
what this process does meanwhile: the `with` block of build_state() is the one place where steps run
side by side.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import pickle
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.corpus import load_corpus
from app.model import Corpus
from app.state import search
from app.state.bag import BAG_FILE, Bag, bag_name, write_bag
from app.state.related import Related, related_passages

log = logging.getLogger("archive")

STATE_FILE = "state.pickle"
SEARCH_FOLDER = "search"
RelatedTable = dict[tuple[str, str], tuple[Related, ...]]  # (slug, key) -> that passage's related passages


@dataclass(frozen=True)
class Computed:
    """What the build computes in its own process and keeps in STATE_FILE."""

    corpus: Corpus
    related: RelatedTable
    bag_sha256: str
    modified: dt.datetime  # corpus_modified()


@dataclass(frozen=True)
class State:
    """The built state as a server holds it: read back from its folder."""

    corpus: Corpus
    related: RelatedTable
    search_index: search.SearchIndex
    bag: Bag
    modified: dt.datetime


def build_state(corpus_dir: Path, folder: Path, site_name: str, settings: search.SearchSettings) -> None:
    """Gathers the corpus, then writes into `folder` all that is computed from it (the module's plan)."""
    with _timed("corpus loaded and checked"):
        corpus = load_corpus(corpus_dir)
    passages = sum(len(article.passages) for article in corpus.articles)
    with _timed(f"{passages} passages indexed for search"), search.writing_index(corpus, folder / SEARCH_FOLDER, settings):
        with _timed("related passages found"):
            related = related_passages(corpus)
        with _timed("bag written"):
            bag_sha256 = write_bag(corpus, corpus_dir, site_name, folder / BAG_FILE)
    with (folder / STATE_FILE).open("wb") as state:
        pickle.dump(Computed(corpus, related, bag_sha256, corpus_modified(corpus_dir, corpus)), state, protocol=pickle.HIGHEST_PROTOCOL)


def corpus_modified(corpus_dir: Path, corpus: Corpus) -> dt.datetime:
    """The time of this corpus version: when the newest of its files last changed, in whole
    seconds (as HTTP dates go). A new version is a file changed later, so its time is later."""
    newest = max(os.stat(corpus_dir / name).st_mtime for name, _ in corpus.files)
    return dt.datetime.fromtimestamp(int(newest), dt.UTC)


def load_state(folder: Path) -> State:
    with _collector_paused(), (folder / STATE_FILE).open("rb") as state:  # streamed: the bytes are never all in memory
        computed: Computed = pickle.load(state)
        bag = Bag(folder / BAG_FILE, bag_name(computed.corpus), (folder / BAG_FILE).stat().st_size, computed.bag_sha256)
        return State(computed.corpus, computed.related, search.open_index(computed.corpus, folder / SEARCH_FOLDER), bag, computed.modified)


@contextmanager
def _collector_paused():
    """The objects loaded live as long as the process: the cyclic collector's passes over them as
    they are made, and over them again as the index is opened, would find nothing, and for a
    large corpus they were most of the time (bench/RESULTS.md). (The server pauses it for all of its start: wsgi.py.)"""
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

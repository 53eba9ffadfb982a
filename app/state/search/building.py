"""The search index on disk: write_index() builds it once per corpus version, open_index() reads it.

A folder holds Whoosh's index in shards (one document per passage, its slug and key stored), the
postings arrays evaluation reads (postings.py), and the vocabulary did-you-mean reads.

How many processes build it, and why. Whoosh indexes in pure Python, one core per process, and an
index takes one writer at a time. So the passages are cut into consecutive shards, one per core
(with SearchSettings.shard_passages at least in each), and each shard is a Whoosh index written by
a child process of its own (forked.in_child), while the calling process does its own work
meanwhile: writing_index() is a `with` block whose body runs as the shards are written (the state
build's plan, app/state/plan.py, finds related passages there). Written by one writer, a shard's documents are numbered in
the order they were added: a passage's ordinal is its shard's first ordinal plus its document
number there. Each passage is analysed once: as Whoosh's writer indexes it, the analyzer's last
filter (analysis.Recorder) keeps its tokens, and the child returns its shard's postings made from
them; the calling process joins them and scores them over all passages.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import whoosh
from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from app.corpus.aliases import Aliases
from app.model import Corpus
from app.state.forked import in_child
from app.state.search.analysis import SEARCHED_FIELDS, joins, make_schema, recorder, vocabulary
from app.state.search.facets import PassageFacets
from app.state.search.postings import Postings, ShardPostings, Tokens, shard_postings, write_postings
from app.state.search.settings import SearchSettings

log = logging.getLogger("archive")
ENGINE = f"Whoosh {'.'.join(map(str, whoosh.__version__))} with numpy {np.__version__}"
VOCABULARY_FILE = "vocabulary.pickle"
SHARDS_FOLDER = "shards"
# Whoosh's writer sorts postings in memory up to this size and spills the rest to disk, one
# pickle per posting: at its default (128 MB) a shard of a large corpus spills nearly all of them,
# and writing them back costs more than the memory (bench/RESULTS.md). Each shard's writer has
# this much; it ends when the shard is written.
WRITER_MEMORY_MB = 1024


@dataclass(frozen=True)
class Shard:
    """A Whoosh index of consecutive passages, the first of them `first`."""

    index: Index
    first: int


@dataclass(frozen=True)
class SearchIndex:
    """The built index and everything search() reads beside it; never changed after startup."""

    shards: tuple[Shard, ...]
    schema: fields.Schema
    postings: Postings
    facets: PassageFacets
    aliases: Aliases
    vocabulary: dict[str, frozenset[str]]
    joins: tuple

    @property
    def doc_count(self) -> int:
        return sum(shard.index.doc_count() for shard in self.shards)


def shard_bounds(passages: int, settings: SearchSettings) -> list[tuple[int, int]]:
    """Consecutive ranges of passage ordinals, one for each writer (fewer for fewer passages)."""
    count = max(1, min(settings.writers, passages // settings.shard_passages))
    return list(pairwise(passages * number // count for number in range(count + 1)))


@contextmanager
def writing_index(corpus: Corpus, folder: Path, settings: SearchSettings) -> Iterator[None]:
    """Indexes every passage of `corpus` into `folder`: the shards are written by child processes
    while the `with` block runs in this one; its end waits for them and joins their postings. If the
    block fails, the children are waited for and nothing more is written."""
    schema, facets = make_schema(corpus.aliases), PassageFacets(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    writing = [in_child(_write_shard, schema, facets, bounds, _shard_folder(folder, number))
               for number, bounds in enumerate(shard_bounds(len(facets), settings))]
    try:
        yield
        (folder / VOCABULARY_FILE).write_bytes(pickle.dumps(vocabulary(corpus), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        shards = [shard.result() for shard in writing]
    started = time.perf_counter()
    write_postings(shards, len(facets), {field: schema[field].format.field_boost for field in SEARCHED_FIELDS}, folder)
    log.info("postings of %d shards joined and scored in %.0f ms", len(shards), (time.perf_counter() - started) * 1000)


def write_index(corpus: Corpus, folder: Path, settings: SearchSettings) -> None:
    """The index of `corpus` written into `folder`, with nothing else to do meanwhile."""
    with writing_index(corpus, folder, settings):
        pass


def _shard_folder(folder: Path, number: int) -> Path:
    return folder / SHARDS_FOLDER / f"{number:03d}"


def _write_shard(schema: fields.Schema, facets: PassageFacets, bounds: tuple[int, int], folder: Path) -> ShardPostings:
    """Writes the passages of `bounds` as a Whoosh index in `folder`; returns their postings."""
    started = time.perf_counter()
    folder.mkdir(parents=True)
    index = FileStorage(str(folder)).create_index(schema)
    recorders = {field: recorder(schema, field) for field in SEARCHED_FIELDS}
    ends: dict[str, list[int]] = {field: [] for field in SEARCHED_FIELDS}  # where each passage's tokens end
    for field in SEARCHED_FIELDS:
        recorders[field].start()
    writer = index.writer(limitmb=WRITER_MEMORY_MB, compound=False)  # a compound file is copied into memory by each reader
    try:
        for article, passage in facets.entries[bounds[0]:bounds[1]]:
            writer.add_document(slug=passage.slug, key=passage.key, text=passage.text, article=article.title)
            for field in SEARCHED_FIELDS:
                ends[field].append(len(recorders[field].texts))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ordinals = np.arange(*bounds)
    with index.reader() as reader:  # each field's length as Whoosh keeps it, which its BM25F reads
        lengths = {field: np.array([reader.doc_field_length(document, field) for document in range(len(ordinals))], np.float64)
                   for field in SEARCHED_FIELDS}
    postings = shard_postings({
        field: Tokens(recorders[field].texts, np.array(recorders[field].positions, np.int64), np.repeat(ordinals, np.diff(ends[field], prepend=0)))
        for field in SEARCHED_FIELDS
    }, lengths)
    log.info("shard %s (passages %d to %d) written in %.0f ms", folder.name, *bounds, (time.perf_counter() - started) * 1000)
    return postings


def open_index(corpus: Corpus, folder: Path) -> SearchIndex:
    """The index write_index() wrote into `folder` for this corpus."""
    facets, shards, first = PassageFacets(corpus), [], 0
    for path in sorted((folder / SHARDS_FOLDER).iterdir()):
        shards.append(Shard(FileStorage(str(path)).open_index(), first))
        first += shards[-1].index.doc_count()
    if first != len(facets):
        raise ValueError(f"the index has {first} documents for {len(facets)} passages")
    for shard in shards:
        _check_numbering(shard, facets)
    vocabulary_ = pickle.loads((folder / VOCABULARY_FILE).read_bytes())
    return SearchIndex(tuple(shards), make_schema(corpus.aliases), Postings(folder), facets, corpus.aliases, vocabulary_, joins(corpus.aliases))


def _check_numbering(shard: Shard, facets: PassageFacets) -> None:
    """Documents are their passages, numbered from the shard's first (checked every 1,000th and the last)."""
    count = shard.index.doc_count()
    with shard.index.searcher() as searcher:
        for document in {*range(0, count, 1000), count - 1} if count else ():
            _, passage = facets.entries[shard.first + document]
            if searcher.stored_fields(document) != {"slug": passage.slug, "key": passage.key}:
                raise ValueError(f"the index's document {shard.first + document} is not passage {passage.slug}#{passage.key}")

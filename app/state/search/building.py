"""The search index on disk: write_index() builds it once per corpus version, open_index() reads it.

A folder holds Whoosh's index (one document per passage, its slug and key stored), the postings
arrays evaluation reads (postings.py), each Whoosh document's passage ordinal, and the vocabulary
did-you-mean reads.

How many processes build it, and why. write_index() runs in a child of the state build (store.py
builds in a child so the server never keeps the memory building takes; the build runs this in a
further child so that related passages are found meanwhile in its own process). Here:
- Whoosh's public multiprocessing writer (`index.writer(procs=N, multisegment=True)`) indexes on
  every core: Whoosh indexes in pure Python, one core per process. Each of its N processes writes
  one segment; batches of passages go to whichever process is free, so Whoosh's document numbers
  are not passage ordinals: the ordinal of each document is read back from its stored slug and key.
- One more child analyses the passages for the postings arrays, in parallel with Whoosh's.
On two cores that is four busy processes for a moment (related passages, the postings, Whoosh's
two writers): the work is the same, spread on both cores until the slowest ends.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import whoosh
from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from app.corpus.aliases import Aliases
from app.model import Corpus
from app.state.forked import in_child
from app.state.search.analysis import joins, make_schema, vocabulary
from app.state.search.facets import PassageFacets
from app.state.search.postings import Postings, write_postings

ENGINE = f"Whoosh {'.'.join(map(str, whoosh.__version__))} with numpy {np.__version__}"
VOCABULARY_FILE = "vocabulary.pickle"
ORDINALS_FILE = "document_ordinals.npy"
INDEXING_PROCESSES = 2  # this machine's cores; more processes than cores only take turns
PASSAGES_PER_BATCH = 1000  # Whoosh's writer hands passages to its processes in batches of this many
# Whoosh's writer sorts postings in memory up to this size and spills the rest to disk, one
# pickle per posting: at its default 128 MB, 1,000 articles spilled every posting (bench/RESULTS.md).
# Each of its processes has this much; they end when the index is written.
WRITER_MEMORY_MB = 1024


@dataclass(frozen=True)
class SearchIndex:
    """The built index and everything search() reads beside it; never changed after startup."""

    index: Index
    schema: fields.Schema
    postings: Postings
    ordinal_of_document: np.ndarray  # Whoosh's document number -> passage ordinal
    facets: PassageFacets
    aliases: Aliases
    vocabulary: dict[str, frozenset[str]]
    joins: tuple

    @property
    def doc_count(self) -> int:
        return self.index.doc_count()


def write_index(corpus: Corpus, folder: Path) -> None:
    """Index every passage of `corpus` into `folder` (see the module's docstring for the processes)."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = make_schema(corpus.aliases)
    index = FileStorage(str(folder)).create_index(schema)
    facets = PassageFacets(corpus)
    postings = in_child(write_postings, schema, facets, folder)
    procs = INDEXING_PROCESSES if len(facets) > PASSAGES_PER_BATCH else 1  # with one batch, one process
    writer = index.writer(procs=procs, batchsize=PASSAGES_PER_BATCH, multisegment=True, limitmb=WRITER_MEMORY_MB)
    try:
        for article, passage in facets.entries:
            writer.add_document(slug=passage.slug, key=passage.key, text=passage.text, article=article.title)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    postings.result()
    np.save(folder / ORDINALS_FILE, _ordinals_of_documents(index, facets), allow_pickle=False)
    (folder / VOCABULARY_FILE).write_bytes(pickle.dumps(vocabulary(corpus), protocol=pickle.HIGHEST_PROTOCOL))


def _ordinals_of_documents(index: Index, facets: PassageFacets) -> np.ndarray:
    ordinal_of = {(passage.slug, passage.key): ordinal for ordinal, (_, passage) in enumerate(facets.entries)}
    with index.reader() as reader:
        found = np.fromiter((ordinal_of[stored["slug"], stored["key"]] for stored in reader.all_stored_fields()), np.int32)
    if len(found) != len(facets) or len(np.unique(found)) != len(facets):
        raise ValueError(f"the index's {len(found)} documents are not the corpus's {len(facets)} passages")
    return found


def open_index(corpus: Corpus, folder: Path) -> SearchIndex:
    """The index write_index() wrote into `folder` for this corpus."""
    index = FileStorage(str(folder)).open_index()
    facets = PassageFacets(corpus)
    ordinals = np.load(folder / ORDINALS_FILE, mmap_mode="r")
    if index.doc_count() != len(facets) or len(ordinals) != len(facets):
        raise ValueError(f"the index has {index.doc_count()} documents for {len(facets)} passages")
    with index.searcher() as searcher:
        for document in {*range(0, len(facets), 1000), len(facets) - 1} if len(facets) else ():
            _, passage = facets.entries[ordinals[document]]
            if searcher.stored_fields(document) != {"slug": passage.slug, "key": passage.key}:
                raise ValueError(f"the index's document {document} is not passage {passage.slug}#{passage.key}")
    vocabulary_ = pickle.loads((folder / VOCABULARY_FILE).read_bytes())
    return SearchIndex(index, index.schema, Postings(folder), ordinals, facets, corpus.aliases, vocabulary_, joins(corpus.aliases))

"""Fixtures of the state tests: a synthetic corpus indexed in one shard and in several."""

from __future__ import annotations

import pytest

from app.corpus import load_corpus
from app.state.search import building, open_index, search, write_index
from app.state.search.request import read_request


def find(index, query: str, **params):
    return search(index, read_request({"q": query, **params}))


def indexed(corpus, folder):
    write_index(corpus, folder)
    return open_index(corpus, folder)


def several_shards(patch):
    patch.setattr(building, "WRITERS", 3)
    patch.setattr(building, "SHARD_PASSAGES", 10)


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """A synthetic corpus of 40 articles (about 600 passages): common words fill several posting blocks."""
    from bench.generate_corpus import write_corpus

    corpus = load_corpus(write_corpus(40, tmp_path_factory.mktemp("generated")))
    one = indexed(corpus, tmp_path_factory.mktemp("one"))
    with pytest.MonkeyPatch.context() as patch:
        several_shards(patch)
        several = indexed(corpus, tmp_path_factory.mktemp("several"))
    assert len(one.shards) == 1 and len(several.shards) == 3
    return {"one shard": one, "several shards": several, "corpus": corpus}

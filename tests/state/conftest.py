"""Fixtures of the state tests: a synthetic corpus indexed in one shard and in several."""

from __future__ import annotations

import dataclasses

import pytest

from app import settings
from app.corpus import load_corpus
from app.state.search import SearchSettings, open_index, search, write_index
from app.state.search.request import read_request

DEFAULTS = SearchSettings.from_config(settings.read(settings.defaults()))  # as an app with no setting changed has them
SEVERAL_SHARDS = dataclasses.replace(DEFAULTS, writers=3, shard_passages=10)


def find(index, query: str, settings: SearchSettings = DEFAULTS, **params):
    return search(index, read_request({"q": query, **params}), settings)


def indexed(corpus, folder, settings: SearchSettings = DEFAULTS):
    write_index(corpus, folder, settings)
    return open_index(corpus, folder)


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """A synthetic corpus of 40 articles (about 600 passages): common words fill several posting blocks."""
    from bench.generate_corpus import write_corpus

    corpus = load_corpus(write_corpus(40, tmp_path_factory.mktemp("generated")))
    one = indexed(corpus, tmp_path_factory.mktemp("one"))
    several = indexed(corpus, tmp_path_factory.mktemp("several"), SEVERAL_SHARDS)
    assert len(one.shards) == 1 and len(several.shards) == 3
    return {"one shard": one, "several shards": several, "corpus": corpus}

"""Fixtures: apps on the tiny fixture corpus (a fresh copy per test) and on the real corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURE_CORPUS = TESTS / "fixtures" / "corpus"
REAL_CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session", autouse=True)
def state_dir(tmp_path_factory) -> Path:
    """The folder every app of the session keeps its built state in (not the repository's var/);
    and a per-client burst of searches and cards that the tests, thousands of requests from one
    address, do not exhaust (the rate limit is tested with its own, in tests/web/test_admission.py)."""
    folder = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARCHIVE_STATE_DIR", str(folder))
        patch.setenv("ARCHIVE_EXPENSIVE_BURST", "1000000")
        yield folder


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private, editable copy of the fixture corpus."""
    return Path(shutil.copytree(FIXTURE_CORPUS, tmp_path / "corpus"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a corpus file; the test fails if the piece is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def app(corpus_copy):
    return create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy), "BASE_URL": "https://archive.example"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_app():
    return create_app({"TESTING": True, "CORPUS_DIR": str(REAL_CORPUS)})


@pytest.fixture
def real_client(real_app):
    return real_app.test_client()


@pytest.fixture(scope="session")
def real_corpus(real_app):
    return real_app.extensions["archive"].corpus


@pytest.fixture(scope="session")
def real_search_index(real_app):
    return real_app.extensions["archive"].search_index

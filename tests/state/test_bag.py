"""The archive as a BagIt bag: valid by the Library of Congress's own validator, every corpus
file byte for byte, and the same bytes every time it is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import bagit
import pytest

from app.corpus import load_corpus
from app.corpus.problems import CorpusError
from app.state.bag import TIMESTAMP, bag_name, write_bag
from tests.conftest import FIXTURE_CORPUS, edit

SITE = "Test Archive"


def unzip(zipped: Path, into: Path) -> Path:
    with zipfile.ZipFile(zipped) as bag:
        bag.extractall(into)
    return into


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """(corpus, the zip, the bag unzipped)."""
    folder = tmp_path_factory.mktemp("bag")
    corpus = load_corpus(FIXTURE_CORPUS)
    write_bag(corpus, FIXTURE_CORPUS, SITE, folder / "archive.zip")
    return corpus, folder / "archive.zip", unzip(folder / "archive.zip", folder / "unzipped") / bag_name(corpus)


def test_the_bag_validates_with_the_library_of_congress_bagit_package(written):
    _, _, folder = written
    bag = bagit.Bag(str(folder))
    bag.validate()
    assert bag.version_info == (1, 0) and bag.algorithms == ["sha256"]


def test_the_payload_is_every_corpus_file_byte_for_byte(written):
    corpus, _, folder = written
    payload = sorted(path.relative_to(folder / "data").as_posix() for path in (folder / "data").rglob("*") if path.is_file())
    assert payload == sorted(name for name, _ in corpus.files)
    assert {"originals/a.txt", "originals/b.txt", "originals/SHA256SUMS", "articles/2023-08-08-tokyo.md", "events.toml",
            "people.toml", "aliases.toml", "permalinks.lock", "permalinks.toml"} <= set(payload)
    for name in payload:
        assert (folder / "data" / name).read_bytes() == (FIXTURE_CORPUS / name).read_bytes(), name


def test_bag_info_names_the_archive_its_digest_and_counts_the_files(written):
    corpus, _, folder = written
    info = bagit.Bag(str(folder)).info
    assert info["Source-Organization"] == SITE and info["External-Description"].startswith(f"{SITE}: 2 news articles")
    assert info["External-Identifier"] == f"corpus sha256:{corpus.digest}"
    octets = sum(len((FIXTURE_CORPUS / name).read_bytes()) for name, _ in corpus.files)
    assert info["Payload-Oxum"] == f"{octets}.{len(corpus.files)}"


def test_the_zip_is_the_same_bytes_every_time_with_fixed_timestamps(written, tmp_path):
    corpus, first, _ = written
    again = tmp_path / "again.zip"
    write_bag(corpus, FIXTURE_CORPUS, SITE, again)
    assert again.read_bytes() == first.read_bytes()
    with zipfile.ZipFile(first) as bag:
        assert {entry.date_time for entry in bag.infolist()} == {TIMESTAMP}
        assert all(entry.filename.startswith(f"{bag_name(corpus)}/") for entry in bag.infolist())


def test_a_corpus_file_changed_since_loading_stops_the_build(corpus_copy, tmp_path):
    corpus = load_corpus(corpus_copy)
    edit(corpus_copy / "events.toml", "[[event]]", "[[event]]\n")
    with pytest.raises(CorpusError, match=r"corpus/events\.toml: changed while the archive was being built"):
        write_bag(corpus, corpus_copy, SITE, tmp_path / "archive.zip")


def test_a_damaged_capture_in_the_bag_fails_validation(written, tmp_path):
    _, zipped, _ = written
    folder = unzip(zipped, tmp_path) / bag_name(load_corpus(FIXTURE_CORPUS))
    with (folder / "data" / "originals" / "a.txt").open("ab") as capture:
        capture.write(b"x")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(folder)).validate()

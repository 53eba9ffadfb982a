"""/archive.zip over HTTP: the bag built with the state, with a stable ETag, HEAD, 304 and
Range answered correctly, and never a 5xx."""

import io
import zipfile

import pytest

from app import create_app
from tests.conftest import REAL_CORPUS


def test_the_archive_is_a_zip_of_the_bag_with_every_capture_byte_for_byte(real_client, real_corpus):
    response = real_client.get("/archive.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="archive-{real_corpus.digest[:12]}.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as bag:
        root = f"archive-{real_corpus.digest[:12]}"
        for article in real_corpus.articles:
            assert bag.read(f"{root}/data/originals/{article.capture.filename}") == (REAL_CORPUS / "originals" / article.capture.filename).read_bytes()
        assert {f"{root}/bagit.txt", f"{root}/bag-info.txt", f"{root}/manifest-sha256.txt", f"{root}/tagmanifest-sha256.txt"} <= set(bag.namelist())


def test_two_builds_of_the_state_send_the_same_bytes_and_etag(real_client, tmp_path):
    other = create_app({"TESTING": True, "CORPUS_DIR": str(REAL_CORPUS), "STATE_DIR": str(tmp_path / "state")}).test_client()
    first, second = real_client.get("/archive.zip"), other.get("/archive.zip")
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]


def test_if_none_match_gets_304_and_head_no_body(real_client):
    etag = real_client.get("/archive.zip").headers["ETag"]
    assert real_client.get("/archive.zip", headers={"If-None-Match": etag}).status_code == 304
    head = real_client.head("/archive.zip")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == etag and int(head.headers["Content-Length"]) > 0


def test_a_range_gets_those_bytes(real_client):
    whole = real_client.get("/archive.zip").data
    part = real_client.get("/archive.zip", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    tail = real_client.get("/archive.zip", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == whole[-10:]


@pytest.mark.parametrize(("header", "status"), [
    ("bytes=999999999-", 416), ("bytes=5-2", 200), ("lines=1-2", 200), ("bytes=", 200), ("bytes=0-1,5-6", 200), ("\x00", 200),
])
def test_a_range_it_cannot_answer_is_416_or_ignored_never_5xx(real_client, header, status):
    response = real_client.get("/archive.zip", headers={"Range": header})
    assert response.status_code == status
    if status == 416:
        assert response.headers["Content-Range"].startswith("bytes */") and "text/html" in response.content_type


def test_a_suffix_longer_than_the_file_gets_the_whole_file_as_206(real_client):
    whole = real_client.get("/archive.zip").data
    tail = real_client.get("/archive.zip", headers={"Range": f"bytes=-{len(whole) * 100}"})
    assert tail.status_code == 206 and tail.data == whole
    assert tail.headers["Content-Range"] == f"bytes 0-{len(whole) - 1}/{len(whole)}"


@pytest.mark.parametrize("condition", ["If-None-Match", "If-Modified-Since"])
def test_a_range_with_a_condition_that_holds_gets_304(real_client, condition):
    first = real_client.get("/archive.zip")
    value = first.headers["ETag"] if condition == "If-None-Match" else first.headers["Last-Modified"]
    answer = real_client.get("/archive.zip", headers={"Range": "bytes=0-99", condition: value})
    assert answer.status_code == 304 and answer.data == b""


def test_a_range_with_a_stale_etag_gets_its_bytes(real_client):
    answer = real_client.get("/archive.zip", headers={"Range": "bytes=0-99", "If-None-Match": '"0000"'})
    assert answer.status_code == 206 and len(answer.data) == 100

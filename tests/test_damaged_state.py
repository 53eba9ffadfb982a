"""A state damaged under a running server (gunicorn as `make run` starts it) never gives an answer a
cache could keep: what reads the state answers 503 no-store, /healthz turns unhealthy, the log
names the file, no worker dies, and a restart builds the state again."""

from __future__ import annotations

import http.client
import os
import shutil
import stat
from pathlib import Path

import pytest

from harness.server import serving
from tests.conftest import FIXTURE_CORPUS

READERS = ["/search?q=sanctions", "/api/search?q=Tokyo", "/archive.zip"]


def state_folder(state_dir: Path) -> Path:
    (folder,) = [path for path in state_dir.iterdir() if path.is_dir()]
    return folder


def request(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def truncate(folder: Path) -> str:
    with (folder / "search/ordinals.npy").open("r+b") as file:
        file.truncate(200)
    return "search/ordinals.npy"


def overwrite_in_place(folder: Path) -> str:
    """The same size, other bytes: only its times tell."""
    path = folder / "search/scores.npy"
    data = bytearray(path.read_bytes())
    data[-64:] = bytes(64)
    with path.open("r+b") as file:
        file.write(data)
    return "search/scores.npy"


def replace(folder: Path) -> str:
    path = folder / "archive.zip"
    other = folder / "archive.zip.new"
    other.write_bytes(b"PK" + bytes(100))
    os.replace(other, path)
    return "archive.zip was replaced"


def remove_folder(folder: Path) -> str:
    shutil.rmtree(folder)
    return "was removed"


@pytest.mark.parametrize("damage", [truncate, overwrite_in_place, replace, remove_folder], ids=lambda damage: damage.__name__)
def test_a_state_damaged_under_the_server_answers_503_no_store_until_a_restart_builds_it_again(tmp_path, damage):
    state_dir, log = tmp_path / "state", tmp_path / "gunicorn.log"
    with serving(log, FIXTURE_CORPUS, ARCHIVE_STATE_DIR=str(state_dir)) as server:
        assert request(server.port, "/search?q=drones")[0] == 200
        folder = state_folder(state_dir)
        assert all(not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) for path in folder.rglob("*") if path.is_file())
        damaged = damage(folder)
        for _ in range(3):  # each worker, whichever answers
            for path in READERS:
                status, headers, body = request(server.port, path)
                assert status == 503 and headers["cache-control"] == "no-store" and body, (path, status, headers)
                assert "restarted" in body.decode("utf-8", "replace"), path
            assert request(server.port, "/archive.zip", "HEAD")[0] == 503
            status, headers, body = request(server.port, "/healthz")
            assert status == 503 and headers["cache-control"] == "no-store" and body.startswith(b"unhealthy")
            assert request(server.port, "/timeline")[0] == 200  # what was loaded into memory is still whole
    text = log.read_text("utf-8", "replace")
    assert f"state damaged: the state file {state_dir}" in text and damaged in text.split("state damaged:", 1)[1].splitlines()[0]
    assert "SIGBUS" not in text and "Error handling request" not in text and text.count("Booting worker") == 2  # none died
    with serving(tmp_path / "restarted.log", FIXTURE_CORPUS, ARCHIVE_STATE_DIR=str(state_dir)) as server:
        assert all(request(server.port, path)[0] == 200 for path in [*READERS, "/healthz"])

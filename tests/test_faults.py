"""Faults, under gunicorn exactly as `make run` starts it: a broken corpus never serves, a
killed worker is replaced without failing the other worker's requests, SIGTERM drains, and
the port opens only once the corpus and the index are built."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from harness.server import free_port, port_is_open, serving, start, worker_pids
from tests.conftest import ROOT, edit

DRONES = "articles/2022-02-25-drones-over-the-capital.md"


def missing_folder(corpus: Path) -> Path:
    return corpus.parent / "no-such-corpus"


def unreadable_capture(corpus: Path) -> Path:
    # A folder where the file should be: permission bits would not stop root, which CI may run as.
    (corpus / "originals/b.txt").unlink()
    (corpus / "originals/b.txt").mkdir()
    return corpus


def checksum_mismatch(corpus: Path) -> Path:
    capture = corpus / "originals/a.txt"
    capture.write_bytes(capture.read_bytes().replace(b"serious threat", b"serious threats"))
    return corpus


def edition_off_its_capture(corpus: Path) -> Path:
    edit(corpus / DRONES, "denied sending drones", "denied sending missiles")
    return corpus


def timeline_cites_a_missing_passage(corpus: Path) -> Path:
    edit(corpus / "events.toml", "p/c2qkpdb5", "p/zzzzzzzz")
    return corpus


def alias_loop(corpus: Path) -> Path:
    aliases = corpus / "aliases.toml"
    aliases.write_text(aliases.read_text("utf-8") + '\n[[alias]]\nname = "Kiev"\nspellings = ["Kyiv"]\n', "utf-8")
    return corpus


STARTUP_FAULTS = [
    # (how the corpus is broken, the file named, the words that say what is wrong)
    (missing_folder, "no-such-corpus", "the corpus folder does not exist"),
    (unreadable_capture, "corpus/originals/b.txt", "cannot be read"),
    (checksum_mismatch, "corpus/originals/a.txt", "checksum mismatch"),
    (edition_off_its_capture, f"corpus/{DRONES}", "is not verbatim in the capture"),
    (timeline_cites_a_missing_passage, "corpus/events.toml", "p/zzzzzzzz', which is not a passage of the corpus"),
    (alias_loop, "corpus/aliases.toml", "(an alias loop)"),
]


@pytest.mark.parametrize(("breaks", "file", "problem"), STARTUP_FAULTS, ids=[case[0].__name__ for case in STARTUP_FAULTS])
def test_a_startup_fault_stops_gunicorn_naming_file_and_problem_and_never_serves(corpus_copy, tmp_path, breaks, file, problem):
    corpus, port = breaks(corpus_copy), free_port()
    with open(tmp_path / "gunicorn.log", "wb") as log:
        process = start(corpus, port, log)
        served = False
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            served = served or port_is_open(port)
            time.sleep(0.02)
        assert process.wait(timeout=5) != 0
    output = (tmp_path / "gunicorn.log").read_text("utf-8")
    assert not served and "Traceback" not in output
    assert any(file in line and problem in line for line in output.splitlines()), output


@pytest.fixture
def gunicorn(tmp_path):
    """The real corpus under gunicorn (two workers): the process and its port."""
    with serving(tmp_path / "gunicorn.log") as server:
        yield server.process, server.port


def get(port: int, path: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        response.read()
        return response.status


LOAD_PATHS = ["/search?q=Raisi+NATO", "/timeline", "/api/search?q=sanctions", "/", "/people"]
ANSWERS_WAITED = 60  # seconds at most for the answers a test waits for: a deadline to fail by, not a measure


class Load:
    """`clients` threads requesting LOAD_PATHS one after another until stopped, counting the answers
    (200) and keeping the failures; wait_for() blocks until a number of answers has come."""

    def __init__(self, port: int, clients: int = 4):
        self.port, self.answered, self.failures = port, 0, []
        self.changed, self.stopping = threading.Condition(), threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(number,)) for number in range(clients)]
        for thread in self.threads:
            thread.start()

    def client(self, number: int) -> None:
        while not self.stopping.is_set():
            path = LOAD_PATHS[number % len(LOAD_PATHS)]
            number += 1
            try:
                status = get(self.port, path)
            except (OSError, http.client.HTTPException) as error:
                status = error
            with self.changed:
                if status == 200:
                    self.answered += 1
                else:
                    self.failures.append(f"{path}: {status}")
                self.changed.notify_all()

    def wait_for(self, answers: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.answered >= answers, ANSWERS_WAITED), f"{self.answered} answers, not {answers}"

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def wait_for_workers(master: int, count: int, gone: int | None = None, seconds: float = 20) -> set[int]:
    """The master's workers, once there are `count` of them and `gone` is not among them."""
    deadline = time.monotonic() + seconds
    while len(pids := worker_pids(master)) != count or gone in pids:
        assert time.monotonic() < deadline, f"gunicorn has workers {pids}, not {count}"
        time.sleep(0.05)
    return pids


def test_a_killed_worker_is_replaced_and_only_its_own_requests_can_fail(gunicorn):
    process, port = gunicorn
    victim = min(wait_for_workers(process.pid, 2))
    load = Load(port)
    try:
        load.wait_for(20)  # every client at work
        os.kill(victim, signal.SIGKILL)
        assert victim not in wait_for_workers(process.pid, 2, gone=victim)
        with load.changed:
            answered_when_replaced = load.answered
        load.wait_for(answered_when_replaced + 40)  # and served again, by both workers
    finally:
        load.stop()
    # A gevent worker serves several connections at once: only those it held when killed may be lost,
    # at most one a client (each of the 4 waits for its answer before asking again).
    assert len(load.failures) <= 4, load.failures
    assert get(port, "/healthz") == 200


ESTABLISHED, LISTENING = 0x01, 0x0A  # states of a socket in /proc/net/tcp


def tcp_sockets(port: int) -> dict[tuple[int, int], int]:
    """The sockets of the server's side of `port`, by (remote port, state): their inodes. A connection
    still in the listen queue has inode 0: the kernel gives it one when a process accepts it."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port:
            found[int(fields[2].split(":")[1], 16), int(fields[3], 16)] = int(fields[9])
    return found


def sockets_held(pid: int) -> set[int]:
    """The inodes of the sockets process `pid` holds open."""
    held = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            if (target := os.readlink(descriptor)).startswith("socket:["):
                held.add(int(target[8:-1]))
    return held


def wait_until(condition, what: str, seconds: float = 30) -> None:
    """Polls `condition` until it holds; the deadline is only there to fail by."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.01)


def test_sigterm_lets_a_request_in_flight_finish_before_gunicorn_exits(gunicorn):
    process, port = gunicorn
    workers = wait_for_workers(process.pid, 2)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /search?q=drones HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")  # headers not finished: in flight
        mine = sock.getsockname()[1]
        wait_until(lambda: tcp_sockets(port).get((mine, ESTABLISHED)), "accepted by a worker")
        listener, connection = tcp_sockets(port)[0, LISTENING], tcp_sockets(port)[mine, ESTABLISHED]
        (holder,) = (pid for pid in workers if connection in sockets_held(pid))
        process.send_signal(signal.SIGTERM)
        wait_until(lambda: listener not in sockets_held(holder), "stopped listening in the worker holding the request")
        assert process.poll() is None, "gunicorn exited with a request in flight"
        sock.sendall(b"\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and answer.rstrip().endswith(b"</html>")
    assert process.wait(timeout=30) == 0


def test_the_port_opens_only_once_the_state_is_ready(tmp_path):
    """The state (corpus, index, related passages), built or read from the state folder."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = start(ROOT / "corpus", port, log)
        try:
            deadline = time.monotonic() + 30
            while not port_is_open(port):
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn never opened its port"
                time.sleep(0.01)
            built_before_listening = log_path.read_text("utf-8")
            assert get(port, "/healthz") == 200
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert re.search(r"archive INFO state \w{12} ready in", built_before_listening)
    assert "Listening at" not in built_before_listening.split(" ready in ")[0]

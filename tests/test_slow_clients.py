"""Slow and idle clients cannot stop the archive as `make run` and the Docker image start it.

Two sync workers were stopped by four connections that each sent half a request line; here a
few hundred such connections, and others that trickle headers, send nothing or never read, stay
open while ordinary requests are answered, and the waits on a client end when gunicorn.conf.py
says they do. How fast the ordinary requests are answered meanwhile is measured by
`bench.load --slow-clients`, not asserted here.
"""

import asyncio
import runpy
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.fetch import fetch
from bench.slow_clients import SlowClients
from harness.server import serving
from tests.conftest import ROOT

SETTINGS = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
SLOW_CONNECTIONS = 400
ORDINARY = ["/healthz", "/", "/timeline", "/people", "/search?q=drones", "/api/timeline"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("slow") / "gunicorn.log") as running:
        yield running


ANSWER_WAITED = 10  # seconds at most for an ordinary answer: a deadline to fail by; the latencies are bench.load's


async def ordinary_requests_among_slow_ones(port: int, rounds: int) -> tuple[int, list[str], int]:
    """How many ordinary requests were answered while SLOW_CONNECTIONS were held, the failures, and the fewest held."""
    answered, failures = 0, []
    async with SlowClients(port, SLOW_CONNECTIONS) as slow:
        for path in ORDINARY * rounds:
            try:
                status, _, _ = await asyncio.wait_for(fetch(port, path), ANSWER_WAITED)
            except (TimeoutError, OSError) as error:
                failures.append(f"{path}: {type(error).__name__}")
                break
            if status != 200:
                failures.append(f"{path}: HTTP {status}")
            answered += 1
    return answered, failures, slow.tally.lowest_open


def test_hundreds_of_slow_idle_and_non_reading_connections_leave_ordinary_requests_answered(server):
    # In a thread of its own: the browser tests' Playwright leaves an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        answered, failures, lowest_open = thread.submit(asyncio.run, ordinary_requests_among_slow_ones(server.port, rounds=20)).result()
    assert not failures, failures[:5]
    assert answered == len(ORDINARY) * 20
    assert lowest_open >= SLOW_CONNECTIONS * 0.9, f"only {lowest_open} slow connections were open at one point"


def seconds_until_closed(port: int, sent: bytes) -> float:
    """Seconds until the server closes the connection; the socket's own timeout (KEEPALIVE + 10 s) fails the test if it never does."""
    with socket.create_connection(("127.0.0.1", port), timeout=SETTINGS["KEEPALIVE"] + 10) as sock:
        sock.sendall(sent)
        started = time.monotonic()
        while sock.recv(65536):
            pass
        return time.monotonic() - started


# Closed, and not before the limit: a busy machine can only make it later, so no upper bound is asserted.
@pytest.mark.parametrize("sent", [b"", b"GET /timel", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"], ids=["idle", "half a line", "headers unfinished"])
def test_a_connection_that_does_not_send_a_whole_request_is_closed_after_the_keepalive_limit(server, sent):
    assert SETTINGS["keepalive"] == SETTINGS["KEEPALIVE"] == 5
    assert seconds_until_closed(server.port, sent) > SETTINGS["KEEPALIVE"] - 0.5


def test_an_idle_kept_alive_connection_is_closed_after_the_keepalive_limit(server):
    assert seconds_until_closed(server.port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") > SETTINGS["KEEPALIVE"] - 0.5

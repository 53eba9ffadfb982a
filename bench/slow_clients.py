"""Slow and idle clients: connections that cost a client nothing and can cost a server a worker.

Four kinds, in turn, all on 127.0.0.1:
- `half-line`: sends half a request line and waits (what stopped two sync workers for 20 s);
- `trickle`: sends a request's headers one byte a second and never ends them (slowloris);
- `idle`: connects and sends nothing;
- `non-reading`: asks for the timeline ten times in one write, with a small receive window, and
  never reads an answer (held until the end: whether the server let it go cannot be seen
  without reading).
A connection the server closes is opened again at once, so that `count` stay open or trying,
as an attacker's would. `SlowClients` is an async context manager: the connections are open
(or refused) on entry and closed on exit; `report()` says how many were open at the lowest
point and after how long the server closed each kind.

Used by `bench/load.py --slow-clients N` and by tests/test_slow_clients.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import statistics
import time
from dataclasses import dataclass, field

KINDS = ("half-line", "trickle", "idle", "non-reading")
TRICKLE = b"GET /timeline HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + b"s" * 4000
RECEIVE_WINDOW = 4096  # bytes: the non-reading client's socket buffer, so the server's writes stall


def allow_open_files(count: int) -> None:
    """Raise this process's open-file limit towards its hard limit: each connection is a file."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 256 if hard == resource.RLIM_INFINITY else min(hard, count + 256)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@dataclass
class SlowTally:
    open: int = 0
    lowest_open: int | None = None
    refused: int = 0
    closed_after: dict[str, list[float]] = field(default_factory=dict)


class SlowClients:
    def __init__(self, port: int, count: int):
        self.port, self.count, self.tally = port, count, SlowTally()
        self.tasks: list[asyncio.Task] = []
        self.connected = asyncio.Event()
        self.started = 0

    async def __aenter__(self) -> SlowClients:
        allow_open_files(self.count)
        self.tasks = [asyncio.create_task(self._hold(KINDS[number % len(KINDS)])) for number in range(self.count)]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.connected.wait(), 30)
        self.tally.lowest_open = self.tally.open
        self.tasks.append(asyncio.create_task(self._watch()))
        return self

    async def __aexit__(self, *_) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _watch(self) -> None:
        """The fewest slow connections open at any moment (sampled every 0.1 s) while in use."""
        while True:
            self.tally.lowest_open = min(self.tally.lowest_open, self.tally.open)
            await asyncio.sleep(0.1)

    async def _hold(self, kind: str) -> None:
        """One slow connection of `kind`, opened again each time the server closes it."""
        first = True
        while True:
            sock = socket.socket()
            sock.setblocking(False)
            if kind == "non-reading":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_WINDOW)
            try:
                await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", self.port))
            except OSError:
                self.tally.refused += 1
                sock.close()
                await asyncio.sleep(0.5)
                continue
            self.tally.open += 1
            if first:
                first = False
                self.started += 1
                if self.started == self.count:
                    self.connected.set()
            opened = time.monotonic()
            try:
                await _behave(kind, sock)
                self.tally.closed_after.setdefault(kind, []).append(time.monotonic() - opened)
            finally:
                self.tally.open -= 1
                sock.close()

    def report(self) -> list[str]:
        lines = [f"{self.count} slow connections ({', '.join(KINDS)}, in turn); at the lowest point {self.tally.lowest_open} were open; "
                 f"{self.tally.refused} connection attempts refused.", "",
                 "| kind | closed by the server | median seconds open |", "|---|---:|---:|"]
        for kind in KINDS:
            times = self.tally.closed_after.get(kind, [])
            lines.append(f"| {kind} | {len(times)} | {statistics.median(times):.1f} |" if times else f"| {kind} | 0 | – |")
        return lines


async def _behave(kind: str, sock: socket.socket) -> None:
    """Do what `kind` does until the server closes the connection."""
    loop = asyncio.get_running_loop()
    if kind == "half-line":
        await loop.sock_sendall(sock, b"GET /time")
    elif kind == "non-reading":
        await loop.sock_sendall(sock, b"GET /timeline HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 10)
        await asyncio.Event().wait()  # never reads; held until the load is over
    elif kind == "trickle":
        for byte in TRICKLE:
            try:
                await loop.sock_sendall(sock, bytes([byte]))
            except OSError:
                return
            await asyncio.sleep(1)
    await _until_closed_reading(sock)


async def _until_closed_reading(sock: socket.socket) -> None:
    """Read (anything the server sends, such as an error page) until it closes the connection."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(OSError):
        while await loop.sock_recv(sock, 65536):
            pass

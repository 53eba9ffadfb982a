"""The archive under gunicorn exactly as `make run` (and the Docker image) starts it,
for tests and benchmarks that talk to a real server over HTTP on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_command_from_makefile(root: Path = ROOT) -> list[str]:
    makefile = (root / "Makefile").read_text("utf-8")
    line = re.search(r"^run:.*\n\t(.+)$", makefile, re.MULTILINE).group(1)
    return shlex.split(line.replace("$(BIN)/", ""))


def start(corpus, port: int, log, root: Path = ROOT, **environment: str) -> subprocess.Popen:
    """gunicorn as `make run` starts it (in `root`, this checkout unless another is named); its
    output goes to `log` (a pipe could fill and block it)."""
    env = {**os.environ, "ARCHIVE_BIND": f"127.0.0.1:{port}", "ARCHIVE_CORPUS": str(corpus), **environment}
    command = run_command_from_makefile(root)
    command[0] = os.path.join(os.path.dirname(sys.executable), command[0])
    return subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def worker_pids(master_pid: int) -> set[int]:
    """The master's children (its workers), read from /proc (Linux)."""
    with open(f"/proc/{master_pid}/task/{master_pid}/children") as file:
        return {int(pid) for pid in file.read().split()}


def wait_until_healthy(port: int, process: subprocess.Popen, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                return response.status
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not become healthy")


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(log_path: Path, corpus: Path = ROOT / "corpus", **environment: str) -> Iterator[Server]:
    """gunicorn on `corpus`, healthy, on a free port; SIGTERM at the end unless the test stopped it."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = start(corpus, port, log, **environment)
        try:
            wait_until_healthy(port, process)
            yield Server(process, port)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)

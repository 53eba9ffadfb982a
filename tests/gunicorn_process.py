"""Starting the archive under gunicorn exactly as `make run` does, for end-to-end tests and bench/load.py."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_command_from_makefile() -> list[str]:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    line = re.search(r"^run:.*\n\t(.+)$", makefile, re.MULTILINE).group(1)
    return shlex.split(line.replace("$(BIN)/", ""))


def start(corpus, port, log, **env):
    """gunicorn as `make run` starts it; its output goes to `log` (a pipe could fill and block it)."""
    env = {**os.environ, "ARCHIVE_BIND": f"127.0.0.1:{port}", "ARCHIVE_CORPUS": str(corpus), **env}
    command = run_command_from_makefile()
    command[0] = os.path.join(os.path.dirname(sys.executable), command[0])
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until_healthy(port, process, seconds=30):
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


@contextmanager
def serving(corpus, log_path: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    """gunicorn on `corpus`, healthy, on a free port; SIGTERM at the end unless the test stopped it."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = start(corpus, port, log)
        try:
            wait_until_healthy(port, process)
            yield process, port
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def worker_pids(master_pid: int) -> set[int]:
    """The master's children (its workers), read from /proc (Linux)."""
    children = f"/proc/{master_pid}/task/{master_pid}/children"
    with open(children) as file:
        return {int(pid) for pid in file.read().split()}

"""End to end: the archive under gunicorn exactly as `make run` and the Docker image start it."""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import ROOT, edit


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_command_from_makefile() -> list[str]:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    line = re.search(r"^run:.*\n\t(.+)$", makefile, re.MULTILINE).group(1)
    return shlex.split(line.replace("$(BIN)/", ""))


def start(corpus, port, log):
    """gunicorn as `make run` starts it; its output goes to `log` (a pipe could fill and block it)."""
    env = {**os.environ, "ARCHIVE_BIND": f"127.0.0.1:{port}", "ARCHIVE_CORPUS": str(corpus)}
    command = run_command_from_makefile()
    command[0] = os.path.join(os.path.dirname(os.sys.executable), command[0])
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


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


@pytest.fixture
def served(tmp_path):
    port = free_port()
    with open(tmp_path / "gunicorn.log", "wb") as log:
        process = start(ROOT / "corpus", port, log)
        wait_until_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_make_run_serves_every_article_over_http(served):
    with urllib.request.urlopen(served + "/", timeout=5) as response:
        home = response.read().decode()
    slugs = re.findall(r'href="/articles/([a-z0-9-]+)"', home)
    assert len(set(slugs)) == 5
    for slug in set(slugs):
        with urllib.request.urlopen(f"{served}/articles/{slug}", timeout=5) as response:
            assert response.status == 200 and "Content-Security-Policy" in response.headers


def test_a_broken_corpus_stops_gunicorn_with_one_message(corpus_copy, tmp_path):
    edit(corpus_copy / "articles/2023-08-08-tokyo.md", "Outlet: Fixture Daily\n", "")
    with open(tmp_path / "gunicorn.log", "wb") as log:
        process = start(corpus_copy, free_port(), log)
        assert process.wait(timeout=30) != 0
    stderr = (tmp_path / "gunicorn.log").read_text("utf-8")
    assert "refusing to start" in stderr and "corpus/articles/2023-08-08-tokyo.md: the required field 'outlet'" in stderr
    assert "Traceback" not in stderr


def test_the_docker_image_runs_the_make_run_command():
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert command == run_command_from_makefile()
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile and re.search(r"^USER \d+", dockerfile, re.MULTILINE)

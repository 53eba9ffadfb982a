"""End to end: the archive under gunicorn exactly as `make run` and the Docker image start it."""

import contextlib
import json
import re
import signal
import urllib.request

import pytest

from harness.server import free_port, run_command_from_makefile, serving, start
from tests.conftest import ROOT, edit


@pytest.fixture
def served(tmp_path):
    with serving(tmp_path / "gunicorn.log") as server:
        yield server.url
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0


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


def test_a_graceful_stop_leaves_no_traceback_in_the_log(tmp_path):
    """A worker exits on SIGTERM without "Exception ignored in: <function _removeHandlerRef …>" (see
    app/wsgi.py). One worker, so that the one that answered is the one that stops (gunicorn.conf.py's
    post_fork ends a worker still booting at once, without its exit path)."""
    with serving(tmp_path / "gunicorn.log", ARCHIVE_WORKERS="1") as server:
        with urllib.request.urlopen(server.url + "/", timeout=5) as response:
            assert response.status == 200
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0
    log = (tmp_path / "gunicorn.log").read_text("utf-8")
    assert log.count("Worker exiting") == 1 and "Shutting down: Master" in log
    assert "Traceback" not in log and "Exception ignored" not in log


def test_two_servers_of_one_user_both_serve_and_open_no_control_socket(tmp_path):
    """gunicorn 27's control socket is one path per user: the archive opens none, so a second server
    takes nothing from the first, and a user without a writable home logs no error about it."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(serving(tmp_path / f"gunicorn-{n}.log", **environment)) for n in (1, 2)]
        for server in servers:
            with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
                assert response.status == 200
    assert not list(home.rglob("*")), "a server wrote into the user's home"
    for n in (1, 2):
        log = (tmp_path / f"gunicorn-{n}.log").read_text("utf-8")
        assert "ontrol socket" not in log and "Control server" not in log and "Permission denied" not in log

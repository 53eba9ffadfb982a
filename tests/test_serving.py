"""End to end: the archive under gunicorn exactly as `make run` and the Docker image start it."""

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

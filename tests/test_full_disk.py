"""A state that does not fit on its device stops startup with one line saying so and how much is
needed, and leaves nothing behind: on a small tmpfs (mounting it takes root, as in CI), and with
the short write numpy reports without an errno."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.state.forked import out_of_space
from tests.conftest import REAL_CORPUS, ROOT

SIZE = "200k"  # the real corpus's state takes about 400 KB


@contextlib.contextmanager
def small_filesystem(where: Path):
    assert os.geteuid() == 0, "this test mounts a small tmpfs: run it as root, as `make test` in CI does"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_a_full_disk_stops_startup_with_one_line_saying_how_much_is_needed_and_leaves_nothing(tmp_path):
    with small_filesystem(tmp_path / "small") as small:
        state = small / "state"
        environment = {**os.environ, "ARCHIVE_CORPUS": str(REAL_CORPUS), "ARCHIVE_STATE_DIR": str(state)}
        started = subprocess.run([sys.executable, "-c", "import app.wsgi"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
        assert started.returncode == 1
        refusals = [line for line in started.stderr.splitlines() if "refusing to start" in line]
        assert len(refusals) == 1 and "Traceback" not in started.stderr, started.stderr[-3000:]
        assert re.fullmatch(rf"archive: refusing to start: no space left on device while writing the state to {re.escape(str(state))} "
                            r"\(it needs about \d+ MB\)", refusals[0]), refusals[0]
        assert list(state.iterdir()) == []


@pytest.mark.parametrize(("error", "short"), [
    (OSError(28, "No space left on device"), True),
    (OSError(122, "Disk quota exceeded"), True),
    (OSError("3189 requested and 3056 written"), True),
    (OSError(13, "Permission denied"), False),
    (ValueError("3189 requested and 3056 written"), False),
])
def test_what_counts_as_out_of_space(error, short):
    assert out_of_space(error) is short

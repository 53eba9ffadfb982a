"""What a new user meets: the Python check of `make run`, the README's supported versions, the
Dockerfile as deploy/smoke reads it, and the smoke catching a lock that misses a package."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
from types import SimpleNamespace

from tests.conftest import ROOT


def load_smoke() -> SimpleNamespace:
    """deploy/smoke's functions (a script without .py), without running it."""
    return SimpleNamespace(**runpy.run_path(str(ROOT / "deploy" / "smoke"), run_name="smoke"))


def supported_pythons() -> list[str]:
    return re.search(r"^SUPPORTED_PYTHONS := (.+)$", (ROOT / "Makefile").read_text("utf-8"), re.MULTILINE).group(1).split()


def test_make_run_with_an_unsupported_python_stops_with_one_line_naming_both_versions(tmp_path):
    python = tmp_path / "python3"
    python.write_text("#!/bin/sh\necho 3.9\n")  # answers the version question as a Python 3.9 would
    python.chmod(0o755)
    result = subprocess.run(["make", "-s", "run", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and not (tmp_path / "venv").exists()
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{python} is Python 3.9; the archive needs Python {', '.join(supported_pythons())}" in result.stderr


def test_the_readme_states_the_supported_pythons_of_the_makefile():
    run_it = (ROOT / "README.md").read_text("utf-8").split("## Run it", 1)[1].split("\n## ", 1)[0]
    *first, last = supported_pythons()
    assert f"Python {', '.join(first)} or {last} (the versions tested" in run_it
    assert re.search(rf"^FROM python:{first[0] if first else last}-", (ROOT / "Dockerfile").read_text("utf-8"), re.MULTILINE)


def test_the_smoke_reads_the_dockerfiles_pip_line_copies_user_health_check_and_command():
    smoke = load_smoke()
    image = smoke.read_dockerfile(ROOT / "Dockerfile")
    assert smoke.pip_line(image) == ["pip", "install", "--disable-pip-version-check", "--require-hashes", "-r", "requirements.txt"]
    assert ("requirements.txt", ".") in image.copies and ("app/", "app/") in image.copies and ("corpus/", "corpus/") in image.copies
    assert image.user == "10001" and image.workdir == "/srv/archive" and image.env["ARCHIVE_BIND"] == "0.0.0.0:8000"
    assert image.healthcheck[0] == "python" and "http://127.0.0.1:8000/healthz" in image.healthcheck[-1]
    assert image.cmd == ["gunicorn", "--config", "gunicorn.conf.py"]
    assert smoke.other_steps(image) == ["mkdir -p var/state", "chown -R 10001 var", "chmod 700 var/state"]


def test_the_smoke_fails_naming_the_module_a_lock_misses(tmp_path):
    """What happened before the locks: gunicorn's gevent worker imports packaging, which
    requirements.txt did not have. In a clone whose lock lacks it, `make run` must fail, saying so."""
    clone = tmp_path / "archive"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    lock = clone / "requirements.txt"
    text = lock.read_text("utf-8")
    without = re.sub(r"^packaging==.*\n(?:    .*\n)*", "", text, flags=re.MULTILINE)
    assert without != text and "packaging==" not in without
    lock.write_text(without, "utf-8")
    git = ["git", "-C", str(clone), "-c", "user.name=smoke", "-c", "user.email=smoke@localhost"]
    subprocess.run([*git, "commit", "--quiet", "-am", "packaging left out of the lock"], check=True)
    smoke = [str(clone / "deploy" / "smoke"), "--steps", "1"]
    result = subprocess.run(smoke, capture_output=True, text=True, check=False, timeout=600, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 1
    assert "1. make run FAILED" in result.stdout and "ModuleNotFoundError: No module named 'packaging'" in result.stdout

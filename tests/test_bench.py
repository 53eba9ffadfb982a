"""The load script keeps working: a short, small run against gunicorn (nginx is left to `make load`)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_a_short_load_run_reports_zero_errors_and_no_leak(tmp_path):
    results = tmp_path / "RESULTS-load.md"
    command = [sys.executable, "-m", "bench.load", "--seconds", "1", "--connections", "4", "--max-requests", "200", "--no-nginx", "--results", str(results)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    figures = results.read_text("utf-8")
    assert "**0 errors**" in figures and "(held)" in figures
    assert all(f"| {kind} |" in figures for kind in ("home", "article", "passage", "timeline", "search", "api"))

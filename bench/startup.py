"""Startup: wall time from starting gunicorn as `make run` does to the first 200 from /healthz,
first with an empty state folder (the state is built: where the time goes, and the build's
peak memory) and then again with the state it kept (a restart); for the restart, the peak
resident memory of the master and of each worker, and the whole tree's proportional memory
(pages the workers share with the master counted once); for the real corpus and synthetic ones.

    .venv/bin/python -m bench.generate_corpus 1000 10000     # once
    .venv/bin/python -m bench.startup [real] [1000] [10000]   # prints a table
"""

from __future__ import annotations

import re
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.server import ROOT, free_port, start, wait_until_healthy, worker_pids


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process has had, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size: shared (copy-on-write) pages counted once across the tree."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"Pss:\s+(\d+) kB", rollup).group(1)) / 1024


STEPS = {"load": r"corpus loaded and checked", "index": r"passages indexed for search", "related": r"related passages found",
         "build": r"built"}


def measure(corpus: Path, state: Path, log_path: Path) -> dict:
    port = free_port()
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = start(corpus, port, log, ARCHIVE_STATE_DIR=str(state))
        try:
            wait_until_healthy(port, process, seconds=900)
            ready = time.perf_counter() - started
            workers = sorted(worker_pids(process.pid))
            rss = {"master": peak_rss_mb(process.pid), "workers": [peak_rss_mb(w) for w in workers],
                   "tree_pss": pss_mb(process.pid) + sum(pss_mb(w) for w in workers)}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    text = log_path.read_text("utf-8")
    steps = {name: int(match.group(1)) / 1000 for name, words in STEPS.items()
             if (match := re.search(rf"{words} in (\d+) ms", text))}
    if match := re.search(r"peak memory (\d+) MB", text):
        steps["build peak"] = int(match.group(1))
    return {"ready_s": ready, "rss": rss, "steps": steps}


def main(names: list[str]) -> None:
    print(f"{'corpus':>8} {'start':>8} {'first start (build: load, index ∥ related, peak)':>50} {'restart':>8} "
          f"{'master MB':>10} {'worker MB':>10} {'tree PSS MB':>12}")
    for name in names:
        folder = ROOT / "corpus" if name == "real" else ROOT / "bench" / "corpora" / name
        if not folder.is_dir():
            sys.exit(f"{folder} is missing: run .venv/bin/python -m bench.generate_corpus {name}")
        with tempfile.TemporaryDirectory() as scratch:
            state = Path(scratch) / "state"
            first = measure(folder, state, Path(scratch) / "first.log")
            again = measure(folder, state, Path(scratch) / "restart.log")
        steps, rss = first["steps"], again["rss"]
        build = (f"{steps.get('build', 0):.1f}s: {steps.get('load', 0):.1f}s, {steps.get('index', 0):.1f}s ∥ "
                 f"{steps.get('related', 0):.1f}s, {steps.get('build peak', 0):.0f} MB")
        print(f"{name:>8} {first['ready_s']:>7.2f}s {build:>50} {again['ready_s']:>7.2f}s "
              f"{rss['master']:>10.0f} {max(rss['workers']):>10.0f} {rss['tree_pss']:>12.0f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000"])

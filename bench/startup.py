"""Startup: wall time from starting gunicorn as `make run` does to the first 200 from /healthz,
the peak resident memory of the master and of each worker, and the whole tree's
proportional memory (pages the workers share with the master counted once), for the real
corpus and synthetic ones.

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


def measure(corpus: Path) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch, open(Path(scratch) / "log", "wb") as log:
        started = time.perf_counter()
        process = start(corpus, port, log)
        try:
            wait_until_healthy(port, process, seconds=900)
            ready = time.perf_counter() - started
            workers = sorted(worker_pids(process.pid))
            rss = {"master": peak_rss_mb(process.pid), "workers": [peak_rss_mb(w) for w in workers],
                   "tree_pss": pss_mb(process.pid) + sum(pss_mb(w) for w in workers)}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        timings = re.findall(rb"(corpus|search index|related passages)[^\n]*?in (\d+) ms", (Path(scratch) / "log").read_bytes())
    return {"ready_s": ready, "rss": rss, "steps": {name.decode(): int(ms) for name, ms in timings}}


def main(names: list[str]) -> None:
    print(f"{'corpus':>8} {'ready (s)':>10} {'load':>8} {'index':>8} {'related':>8} {'master MB':>10} {'worker MB':>10} {'tree PSS MB':>12}")
    for name in names:
        folder = ROOT / "corpus" if name == "real" else ROOT / "bench" / "corpora" / name
        if not folder.is_dir():
            sys.exit(f"{folder} is missing: run .venv/bin/python -m bench.generate_corpus {name}")
        result = measure(folder)
        rss, steps = result["rss"], result["steps"]
        print(f"{name:>8} {result['ready_s']:>10.2f} {steps.get('corpus', 0) / 1000:>7.1f}s {steps.get('search index', 0) / 1000:>7.1f}s "
              f"{steps.get('related passages', 0) / 1000:>7.1f}s {rss['master']:>10.0f} {max(rss['workers']):>10.0f} {rss['tree_pss']:>12.0f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000"])

"""Startup: wall time from starting gunicorn as `make run` does to the first 200 from /healthz,
first with an empty state folder (the state is built: where the time goes, and the build's
peak memory) and then again with the state it kept (a restart); for the restart, the peak
resident memory of the master and of each worker, and the whole tree's proportional memory
(pages the workers share with the master counted once); for the real corpus and synthetic ones.

With `--reference REV`, the code of that commit (checked out in a temporary git worktree and
run with this .venv) is measured the same way in the same run, before this code: on a shared
machine whose speed changes from day to day, targets set on another day are read as ratios.

    .venv/bin/python -m bench.generate_corpus 1000 10000     # once
    .venv/bin/python -m bench.startup [--reference REV] [real] [1000] [10000]   # prints a table
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from harness.server import ROOT, free_port, start, wait_until_healthy, worker_pids


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


def measure(corpus: Path, state: Path, log_path: Path, root: Path) -> dict:
    port = free_port()
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = start(corpus, port, log, root=root, ARCHIVE_STATE_DIR=str(state))
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


@contextlib.contextmanager
def checked_out(revision: str) -> Iterator[Path]:
    """The code of `revision` in a temporary git worktree of this repository."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "reference"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(folder), revision], check=True)
        try:
            yield folder
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=True)


def row(label: str, name: str, folder: Path, root: Path) -> tuple[float, float]:
    """Prints one line of the table: a first start and a restart of the code in `root`."""
    with tempfile.TemporaryDirectory() as scratch:
        state = Path(scratch) / "state"
        first = measure(folder, state, Path(scratch) / "first.log", root)
        again = measure(folder, state, Path(scratch) / "restart.log", root)
    steps, rss = first["steps"], again["rss"]
    build = (f"{steps.get('build', 0):.1f}s: {steps.get('load', 0):.1f}s, {steps.get('index', 0):.1f}s ∥ "
             f"{steps.get('related', 0):.1f}s, {steps.get('build peak', 0):.0f} MB")
    print(f"{label:>10} {name:>8} {first['ready_s']:>7.2f}s {build:>50} {again['ready_s']:>7.2f}s "
          f"{rss['master']:>10.0f} {max(rss['workers']):>10.0f} {rss['tree_pss']:>12.0f}", flush=True)
    return first["ready_s"], again["ready_s"]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--reference", metavar="REV", help="also measure the code of this commit, in the same run")
    options.add_argument("names", nargs="*", default=["real", "1000", "10000"])
    arguments = options.parse_args()
    folders = {name: ROOT / "corpus" if name == "real" else ROOT / "bench" / "corpora" / name for name in arguments.names}
    for name, folder in folders.items():
        if not folder.is_dir():
            raise SystemExit(f"{folder} is missing: run .venv/bin/python -m bench.generate_corpus {name}")
    print(f"{'code':>10} {'corpus':>8} {'start':>8} {'first start (build: load, index ∥ related, peak)':>50} {'restart':>8} "
          f"{'master MB':>10} {'worker MB':>10} {'tree PSS MB':>12}")
    with contextlib.ExitStack() as stack:
        reference = stack.enter_context(checked_out(arguments.reference)) if arguments.reference else None
        for name, folder in folders.items():
            if reference is None:
                row("this", name, folder, ROOT)
                continue
            theirs = row(arguments.reference[:10], name, folder, reference)
            ours = row("this", name, folder, ROOT)
            print(f"{'ratio':>10} {name:>8} {ours[0] / theirs[0]:>7.2f}x {'':>50} {ours[1] / theirs[1]:>7.2f}x")


if __name__ == "__main__":
    main()

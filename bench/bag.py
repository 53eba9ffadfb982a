"""The bag and the capture alignment at scale: what they add to building and to restarting.

    .venv/bin/python -m bench.generate_corpus 1000 10000     # once
    .venv/bin/python -m bench.bag [real] [1000] [10000]       # prints a table

For each corpus: the time to write the zipped bag (as the state build does, beside the search
index), its size against the bytes bagged, and the time to hash it (what the state folder's
manifest check adds to every restart). Then the alignment every Article keeps: its pieces,
the time to unpickle them all (a restart does), and the time to unpickle the same as
CaptureLine dataclasses, the shape the capture page gets, which is why they are kept as tuples.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import tempfile
import time
from pathlib import Path

from app.corpus import load_corpus
from app.state.bag import write_bag
from bench.generate_corpus import corpus_folder


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def hash_file(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def measure(folder: Path) -> dict:
    corpus = load_corpus(folder)
    with tempfile.TemporaryDirectory() as scratch:
        zipped = Path(scratch) / "archive.zip"
        _, writing = timed(write_bag, corpus, folder, "Bench", zipped)
        _, hashing = timed(hash_file, zipped)
        size = zipped.stat().st_size
    bagged = sum((folder / name).stat().st_size for name, _ in corpus.files)
    alignments = pickle.dumps([article.alignment for article in corpus.articles], protocol=pickle.HIGHEST_PROTOCOL)
    lines = pickle.dumps([article.alignment.lines(article.capture.data) for article in corpus.articles], protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "files": len(corpus.files), "bagged": bagged, "zip": size, "write": writing, "hash": hashing,
        "pieces": sum(len(article.alignment.pieces) for article in corpus.articles),
        "tuples": timed(pickle.loads, alignments)[1], "tuples_mb": len(alignments) / 1e6,
        "dataclasses": timed(pickle.loads, lines)[1],
    }


def main(names: list[str]) -> None:
    print(f"{'corpus':>8} {'files':>7} {'bagged MB':>10} {'zip MB':>7} {'write s':>8} {'hash s':>7} "
          f"{'pieces':>8} {'unpickle tuples s':>18} {'as CaptureLines s':>18}")
    for name in names:
        m = measure(corpus_folder(name))
        print(f"{name:>8} {m['files']:>7} {m['bagged'] / 1e6:>10.1f} {m['zip'] / 1e6:>7.1f} {m['write']:>8.2f} {m['hash']:>7.2f} "
              f"{m['pieces']:>8} {m['tuples']:>11.2f} ({m['tuples_mb']:.1f} MB) {m['dataclasses']:>18.2f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000"])

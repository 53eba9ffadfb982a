"""Synthetic corpora for the benchmarks: N articles of about 15 passages each, made by
recombining the real captures' sentences, written as a complete, valid corpus folder.

    .venv/bin/python -m bench.generate_corpus 1000 10000      # -> bench/corpora/1000/, bench/corpora/10000/

Each article has a capture (with page furniture the edition omits, as the real ones do),
a curated edition that passes every fidelity check, and locked permalinks; people and
aliases are the real ones, and a few events cite synthetic passages. Deterministic: the
same N gives the same bytes. Serve one with ARCHIVE_CORPUS=bench/corpora/1000 make run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import sys
from pathlib import Path

from app.corpus import load_corpus
from app.corpus.grammar import passage_path
from app.corpus.permalinks import assign_keys
from app.corpus.text import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "corpora"
START, DAYS = dt.date(2022, 2, 24), 550


def real_sentences() -> list[str]:
    corpus = load_corpus(ROOT / "corpus")
    return [p.text[a:b] for p in corpus.passages for a, b in sentence_spans(p.text) if len(p.text[a:b]) > 30]


def article(number: int, sentences: list[str], rng: random.Random) -> tuple[str, str, list[str], str, dt.date]:
    """(slug, capture text, paragraphs, headline, date) of synthetic article `number`."""
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    paragraphs = [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(rng.randint(12, 18))]
    headline = f"Synthetic report {number}: " + " ".join(paragraphs[0].split()[:6]).strip("“”\"',.")
    lines = ["<!-- page furniture -->", headline, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines += ["Share this story"]
    return f"{published.isoformat()}-synthetic-{number:05d}", "\n".join(lines) + "\n", paragraphs, headline, published


def write_corpus(count: int, out: Path = OUT) -> Path:
    folder = out / str(count)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "originals").mkdir(parents=True)
    (folder / "articles").mkdir()
    rng = random.Random(count)
    sentences = real_sentences()
    sums, lock, first_passages = [], [], []
    for number in range(count):
        slug, capture, paragraphs, headline, published = article(number, sentences, rng)
        name = f"synthetic_{number:05d}.txt"
        data = capture.encode("utf-8")
        (folder / "originals" / name).write_bytes(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
        last_line = capture.count("\n")
        header = (
            f"Title: {headline}\nOutlet: Synthetic Outlet {number % 7}\nUrl: https://example.org/{slug}\n"
            f"Published: {published.isoformat()}\nPublished-Basis: printed\nPublished-Evidence: Synthetic.\n"
            f"Reports: {published.isoformat()} — a synthetic event\nCapture: {name}\nLanguage: en\n"
            f"Omitted: line 1 — page furniture\n         line {last_line} — share button\n"
        )
        (folder / "articles" / f"{slug}.md").write_text(header + "\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
        keys = assign_keys(paragraphs)
        lock += [passage_path(slug, key) for key in keys]
        first_passages.append(passage_path(slug, keys[0]))
    (folder / "originals" / "SHA256SUMS").write_text("\n".join(sums) + "\n", "utf-8")
    (folder / "permalinks.lock").write_text("\n".join(lock) + "\n", "utf-8")
    for name in ("aliases.toml", "people.toml"):
        shutil.copy(ROOT / "corpus" / name, folder / name)
    events = [
        f'[[event]]\nid = "synthetic-{i}"\ndate = "2022-03-0{i + 1}"\nbasis = "reported"\nbasis_note = "Synthetic."\n'
        f'title = "Synthetic event {i}"\nsummary = "A synthetic event."\npeople = ["ebrahim-raisi"]\npassages = ["{first_passages[i]}"]\n'
        for i in range(min(3, count))
    ]
    (folder / "events.toml").write_text("\n".join(events), "utf-8")
    return folder


def corpus_folder(name: str) -> Path:
    """The real corpus ("real") or a synthetic one by its size; exits saying how to make a missing one."""
    folder = ROOT / "corpus" if name == "real" else OUT / name
    if not folder.is_dir():
        sys.exit(f"{folder} is missing: run .venv/bin/python -m bench.generate_corpus {name}")
    return folder


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000]:
        print(f"wrote {write_corpus(count)}")

"""Search latency: 30 realistic queries, top 10 with highlighted excerpts, through the
archive's search (Whoosh) and through SQLite FTS5 (porter tokenizer, snippet()) over the
same passages, in the same run. The archive's index is the app's own (built, or reused, as a
start of the server does).

    .venv/bin/python -m bench.search [real] [1000] [10000]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time

from app import create_app
from app.state.search import search
from app.state.search.request import read_request
from tests.server import ROOT

STATE_DIR = ROOT / "bench" / "out" / "state"  # the index the app builds, kept as the app keeps it

# (archive query, FTS5 query, filters): words, phrases, names, spellings, prefixes, filters.
QUERIES = [
    ("drones", "drones", {}), ("sanctions", "sanctions", {}), ("NATO", "NATO", {}), ("Raisi", "Raisi", {}),
    ("Raeisi", "Raeisi", {}), ("Lavrov", "Lavrov", {}), ("Kanaani", "Kanaani", {}), ("Putin Raisi", "Putin Raisi", {}),
    ('"political solution"', '"political solution"', {}), ('"special military operation"', '"special military operation"', {}),
    ("nuclear deal", "nuclear deal", {}), ("JCPOA", "JCPOA", {}), ("ceasefire", "ceasefire", {}), ("Tokyo", "Tokyo", {}),
    ("drones OR weapons", "drones OR weapons", {}), ("sanctions -JCPOA", "sanctions NOT JCPOA", {}), ("provoc*", "provoc*", {}),
    ("Amir-Abdollahian", '"Amir Abdollahian"', {}), ("Kyiv", "Kyiv", {}), ("evacuation Iranians", "evacuation Iranians", {}),
    ("defence cooperation", "defence cooperation", {}), ("Biden Saudi", "Biden Saudi", {}), ("Erdogan summit", "Erdogan summit", {}),
    ("root causes war", "root causes war", {}), ("Iran", "Iran", {}), ("Ukraine war", "Ukraine war", {}),
    ("drones", "drones", {"year": "2023"}), ("NATO", "NATO", {"year": "2022"}), ("Iran Russia", "Iran Russia", {"year": "2022"}),
    ("Kishida Hayashi", "Kishida Hayashi", {}),
]


def fts5(corpus) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, year UNINDEXED, slug UNINDEXED, key UNINDEXED, tokenize='porter')")
    db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)",
                   [(p.text, str(a.published.value.year), p.slug, p.key) for a in corpus.articles for p in a.passages])
    return db


def fts5_search(db, query: str, filters: dict) -> list:
    where, args = "passages MATCH ?", [query]
    if "year" in filters:
        where, args = where + " AND year = ?", [*args, filters["year"]]
    sql = f"SELECT slug, key, snippet(passages, 0, '<mark>', '</mark>', '…', 24) FROM passages WHERE {where} ORDER BY rank LIMIT 10"
    return db.execute(sql, args).fetchall()


def timed(run) -> list[float]:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, round(share * (len(values) - 1)))]


def main(names: list[str]) -> None:
    print(f"{'corpus':>8} {'passages':>9} {'archive p50':>12} {'p95':>7} {'FTS5 p50':>9} {'p95':>7} {'p95 ratio':>10}")
    for name in names:
        folder = ROOT / "corpus" if name == "real" else ROOT / "bench" / "corpora" / name
        archive = create_app({"CORPUS_DIR": str(folder), "STATE_DIR": str(STATE_DIR)}).extensions["archive"]
        corpus, index, db = archive.corpus, archive.search_index, fts5(archive.corpus)
        ours, theirs = [], []
        for query, fts_query, filters in QUERIES:
            request = read_request({"q": query, **filters})
            ours += timed(lambda request=request, index=index: search(index, request))
            theirs += timed(lambda q=fts_query, f=filters, db=db: fts5_search(db, q, f))
        count = sum(len(a.passages) for a in corpus.articles)
        p95, fts_p95 = percentile(ours, 0.95), percentile(theirs, 0.95)
        print(f"{name:>8} {count:>9,} {statistics.median(ours):>10.1f}ms {p95:>5.1f}ms {statistics.median(theirs):>7.2f}ms "
              f"{fts_p95:>5.2f}ms {p95 / fts_p95:>9.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000"])

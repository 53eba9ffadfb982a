"""Search latency: 30 realistic queries through the archive's search (every match counted,
filters counted, a page of 10 articles with up to 3 highlighted excerpts each) and through SQLite
FTS5 (porter tokenizer, counting its matches, then its top 10 by bm25 with snippet()) over the
same passages, in the same run. The archive's index is the app's own (built, or reused, as a
start of the server does).

Ranking quality: for each query, how many of the archive's 10 best passages are among Whoosh's
own top 10 (its searcher's BM25F scores of every match, over the same passages written as one
Whoosh index by one writer, so that its statistics are of the whole corpus), and whether the two
top-10 score lists are the same (passages of equal score may come in another order: Whoosh breaks ties by its
document number, the archive by corpus order). Queries whose top 10 differ are listed.

    .venv/bin/python -m bench.search [real] [1000] [10000]
"""

from __future__ import annotations

import dataclasses
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from whoosh.qparser import AndGroup, OrGroup

from app import create_app
from app.state.search import SearchSettings, evaluation, open_index, write_index
from app.state.search.request import read_request, well_formed
from harness.server import ROOT

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


def fts5_search(db, query: str, filters: dict) -> tuple[int, list]:
    where, args = "passages MATCH ?", [query]
    if "year" in filters:
        where, args = where + " AND year = ?", [*args, filters["year"]]
    (count,) = db.execute(f"SELECT count(*) FROM passages WHERE {where}", args).fetchone()
    sql = f"SELECT slug, key, snippet(passages, 0, '<mark>', '</mark>', '…', 24) FROM passages WHERE {where} ORDER BY rank LIMIT 10"
    return count, db.execute(sql, args).fetchall()


def one_index(corpus, folder: Path, settings: SearchSettings):
    """Every passage in one Whoosh index, written in one shard: its document numbers are passage ordinals."""
    write_index(corpus, folder, dataclasses.replace(settings, writers=1))
    (shard,) = open_index(corpus, folder).shards
    return shard.index


def top_ten_agreement(index, reference, request, settings: SearchSettings) -> tuple[int, int, bool, bool]:
    """How many of the archive's 10 best passages (fewer if fewer match) Whoosh's own BM25F ranking
    of every match puts in its top 10, out of how many; whether both have the same ten scores; and
    whether Whoosh's top-10 collector (limit=10) missed some of its own ten best."""
    parsed = evaluation.parse(index, well_formed(request.query), AndGroup, settings.prefix_terms)
    matched, scores = evaluation.Evaluation(index, float("inf")).matches(parsed)
    if not matched.any():
        parsed = evaluation.parse(index, well_formed(request.query), OrGroup, settings.prefix_terms)
        matched, scores = evaluation.Evaluation(index, float("inf")).matches(parsed)
    kept = np.flatnonzero(index.facets.kept(matched, request.filters))
    ours = kept[np.argsort(-scores[kept], kind="stable")[:10]]
    with reference.searcher() as searcher:
        every = searcher.search(parsed, limit=None, filter=set(kept.tolist()))
        theirs = {hit.docnum: hit.score for hit in every[:10]}
        collected = [hit.score for hit in searcher.search(parsed, limit=10, filter=set(kept.tolist()))]
    same_scores = np.allclose(sorted(scores[ours], reverse=True), sorted(theirs.values(), reverse=True), rtol=1e-4)
    whooshs_top_ten_short = not np.allclose(sorted(collected, reverse=True), sorted(theirs.values(), reverse=True), rtol=1e-4)
    return len(set(ours.tolist()) & set(theirs)), len(ours), bool(same_scores), whooshs_top_ten_short


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
    print(f"{'corpus':>8} {'passages':>9} {'archive p50':>12} {'p95':>7} {'FTS5 p50':>9} {'p95':>7} {'p95 ratio':>10} "
          f"{'broadest':>16} {'top 10 as Whoosh':>16}")
    for name in names:
        folder = ROOT / "corpus" if name == "real" else ROOT / "bench" / "corpora" / name
        archive = create_app({"CORPUS_DIR": str(folder), "STATE_DIR": str(STATE_DIR)}).extensions["archive"]
        corpus, index, db = archive.corpus, archive.search_index, fts5(archive.corpus)
        with tempfile.TemporaryDirectory() as scratch:
            reference = one_index(corpus, Path(scratch), archive.search_settings)
            ours, theirs, by_query, agreement, differing, missed = [], [], {}, [], [], []
            for query, fts_query, filters in QUERIES:
                request = read_request({"q": query, **filters})
                by_query[query, tuple(filters.items())] = timed(lambda request=request, archive=archive: archive.search(request))
                ours += by_query[query, tuple(filters.items())]
                theirs += timed(lambda q=fts_query, f=filters, db=db: fts5_search(db, q, f))
                agreeing, out_of, same_scores, short = top_ten_agreement(index, reference, request, archive.search_settings)
                agreement.append((agreeing, out_of))
                if short:
                    missed.append(query)
                if agreeing < out_of:
                    differing.append(f"{query} {filters or ''}: {agreeing}/{out_of}{', same scores (ties)' if same_scores else ', other scores'}")
            count = sum(len(a.passages) for a in corpus.articles)
            p95, fts_p95 = percentile(ours, 0.95), percentile(theirs, 0.95)
            broadest = max(((statistics.median(times), query) for (query, filters), times in by_query.items() if " " not in query and not filters))
            print(f"{name:>8} {count:>9,} {statistics.median(ours):>10.1f}ms {p95:>5.1f}ms {statistics.median(theirs):>7.2f}ms "
                  f"{fts_p95:>5.2f}ms {p95 / fts_p95:>9.1f}x {broadest[1]:>7} {broadest[0]:>6.1f}ms "
                  f"{sum(a for a, _ in agreement) / max(1, sum(n for _, n in agreement)):>16.0%}")
            for line in differing:
                print(f"{'':>10}top 10 differs: {line}")
            if missed:
                print(f"{'':>10}Whoosh's limit=10 collector missed some of its own ten best for: {', '.join(missed)}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "1000", "10000"])

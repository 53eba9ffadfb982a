"""The proposer (app/corpus/attribution.py) against the curated statements of the real corpus:
per kind of evidence, how many curated statements it proposes with the same speaker, evidence,
kind and passage pointed back to (a pronoun's antecedent, where a quotation opened), with the
same speaker only, or misses; and what it proposes beyond the table.

    .venv/bin/python -m bench.attribution
"""

from __future__ import annotations

from collections import Counter

from app.corpus import load_corpus
from app.corpus.attribution import propose_statements
from app.model import EVIDENCE, Corpus, Statement
from app.settings import PROJECT_ROOT


def agreement(corpus: Corpus) -> tuple[dict[str, Counter], int, int]:
    """Per curated evidence kind: exact, speaker only, missed; then extra proposals and TODOs."""
    table = {kind: Counter() for kind in EVIDENCE}
    extra = unsure = 0
    for article in corpus.articles:
        proposed = propose_statements(article, corpus.people)
        for passage in article.passages:
            guesses = {p.by: p for p in proposed[passage.number]}
            unsure += sum(p.unsure for p in proposed[passage.number])
            curated = corpus.statements.of(passage)
            for statement in curated:
                guess = guesses.get(statement.speaker.slug)
                same = guess is not None and (guess.evidence, guess.kind, guess.back) == _curated(statement)
                table[statement.evidence.kind]["exact" if same else "speaker" if guess else "missed"] += 1
            extra += len(set(guesses) - {s.speaker.slug for s in curated})
    return table, extra, unsure


def _curated(statement: Statement) -> tuple[str, str, int | None]:
    """The curated evidence as a proposal writes it: kind of evidence, kind, number of the passage pointed back to."""
    back = statement.evidence.back
    return statement.evidence.kind, statement.kind, back.number if back else None


def main() -> None:
    table, extra, unsure = agreement(load_corpus(PROJECT_ROOT / "corpus"))
    print("| evidence | curated | same speaker, evidence, kind and passage pointed back to | same speaker only | missed |")
    print("|---|---:|---:|---:|---:|")
    totals = Counter()
    for kind, counts in table.items():
        curated = sum(counts.values())
        totals.update(counts)
        print(f"| {kind} | {curated} | {counts['exact']} | {counts['speaker']} | {counts['missed']} |")
    print(f"| all | {sum(totals.values())} | {totals['exact']} | {totals['speaker']} | {totals['missed']} |")
    print(f"\nproposed beyond the curated table: {extra} (of which TODO: {unsure})")


if __name__ == "__main__":
    main()

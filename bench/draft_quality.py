"""How good is `flask --app app draft`? Draft each real capture into a temporary corpus, with
every header value its curated edition has, and compare the draft with the curated edition.

    .venv/bin/python -m bench.draft_quality

Per article: the curated paragraphs the draft proposed exactly (same text), the curated
omissions it proposed (same line, same part), the lines it proposed to leave out that the
curator kept, the paragraphs it proposed that the curator did not write, and whether the
draft passes the fidelity check once its omission TODOs are given reasons. Then the same
classifier on the labelled fixture captures of outlets it was not written from (bench/furniture.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.cli import write_draft
from app.corpus import load_corpus
from app.corpus.edition import check_edition
from app.corpus.text import normalise
from app.model import Article, Omission
from bench import furniture

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT / "corpus"
COLUMNS = ("article", "curated ¶", "proposed exactly", "curated omissions", "proposed", "omitted but kept",
           "extra ¶", "faithful once decided")


def header_values(article: Article) -> dict:
    """Every header value of a curated article, as `draft`'s options would give them."""
    values = {
        "title": article.title, "title-supplied": "yes" if article.title_supplied else "no",
        "outlet": article.outlet, "url": article.url, "published": article.published.iso,
        "published-precision": article.published.precision, "published-basis": article.published_basis,
        "published-evidence": article.published_evidence, "language": article.language,
        "reports": [f"{report.date.iso} — {report.what}" for report in article.reports],
        "captured": article.captured.isoformat() if article.captured else None, "note": article.note,
    }
    return {key: value for key, value in values.items() if value}


def compare(article: Article, corpus: Path) -> tuple:
    """One row of the table: the draft of this article's capture against its curated edition."""
    draft, _ = write_draft(corpus, REAL_CORPUS / "originals" / article.capture.filename, header_values(article))
    curated = [passage.text for passage in article.passages]
    proposed = [normalise(text) for text in draft.paragraphs]
    wanted = {_place(omission) for omission in article.omitted}
    offered = {_place(omission) for omission in draft.omissions}
    curated_lines = {omission.line for omission in article.omitted}
    kept = {line for line, part in offered if part is None and line not in curated_lines}
    decided = [Omission(omission.line, "decided", omission.part) for omission in draft.omissions]
    headline = None if article.title_supplied else article.title
    problems, _ = check_edition(article.capture.data.decode("utf-8"), proposed, headline, decided)
    faithful = not problems
    return (article.slug, len(curated), sum(text in proposed for text in curated), len(wanted), len(wanted & offered),
            len(kept), sum(text not in curated for text in proposed), "yes" if faithful else "no")


def _place(omission: Omission) -> tuple[int, str | None]:
    return omission.line, normalise(omission.part) if omission.part else None


def table() -> str:
    articles = load_corpus(REAL_CORPUS).articles
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for article in articles:
            corpus = Path(folder) / article.slug
            (corpus / "originals").mkdir(parents=True)
            (corpus / "articles").mkdir()
            rows.append(compare(article, corpus))
    totals = ["all five", *(sum(row[i] for row in rows) for i in range(1, 7)), f"{sum(row[7] == 'yes' for row in rows)} of 5"]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    lines += ["| " + " | ".join(f"`{cell}`" if index == 0 else str(cell) for index, cell in enumerate(row)) + " |"
              for row in [*rows, totals]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
    print()
    print(furniture.report(furniture.labelled_set()))

"""Cards: time to draw each link-preview card and its size, and what the cards add to a page.

    .venv/bin/python -m bench.cards                  # the real corpus
    .venv/bin/python -m bench.cards bench/corpora/1000   # a generated one (bench.generate_corpus)

Draws the card of every passage (and of every article, and the archive's) in one process, as
a worker does on first requests: the fonts are opened once, each size's character advances
measured once, so the first card costs more than the rest (printed apart). Then, through the
app: a card's first request against a repeated one (the response cache's), and the bytes the
card and citation tags add to a passage page, raw and compressed. The page does not load the
card (no <img>): only link-preview bots fetch it, so it adds no request to a reader's page.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import time
from pathlib import Path

import brotli

from app import create_app
from app.web import cards

TARGET_MS, TARGET_BYTES = 100, 150_000
ADDED = re.compile(r'<meta (property="og:image[^"]*"|name="twitter:image[^"]*"|name="citation_[^"]+"|name="DC\.[^"]+")[^>]*>\n'
                   r'|<link rel="schema\.DC"[^>]*>\n')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(card: cards.Card, fonts: cards.Fonts) -> tuple[float, int]:
    started = time.perf_counter()
    size = len(cards.draw(card, fonts))
    return (time.perf_counter() - started) * 1000, size


def draw_all(app) -> None:
    archive = app.extensions["archive"]
    fonts = cards.Fonts.from_assets(archive.assets)
    site = archive.site_name
    passages = [cards.passage_card(article, passage, passage.text, site) for article in archive.corpus.articles for passage in article.passages]
    first_ms, _ = timed(passages[0], fonts)
    rows = {
        "passages": [timed(card, fonts) for card in passages],
        "articles": [timed(cards.article_card(article, site), fonts) for article in archive.corpus.articles],
        "archive": [timed(cards.site_card(archive.corpus, site), fonts)],
    }
    print(f"first card of the process (fonts opened, advances measured): {first_ms:.1f} ms")
    print(f"{'cards':10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50 KB':>8} {'p95 KB':>8} {'max KB':>8}")
    for name, results in rows.items():
        times, sizes = [t for t, _ in results], [s / 1000 for _, s in results]
        print(f"{name:10} {len(results):>6} {statistics.median(times):>8.1f} {percentile(times, 0.95):>8.1f} {max(times):>8.1f} "
              f"{statistics.median(sizes):>8.1f} {percentile(sizes, 0.95):>8.1f} {max(sizes):>8.1f}")
    worst_ms, worst_bytes = max(t for r in rows.values() for t, _ in r), max(s for r in rows.values() for _, s in r)
    print(f"targets: under {TARGET_MS} ms a card {'✓' if worst_ms < TARGET_MS else '✗'}, "
          f"under {TARGET_BYTES // 1000} KB a card {'✓' if worst_bytes < TARGET_BYTES else '✗'}")


def through_the_app(app) -> None:
    client = app.test_client()
    article = app.extensions["archive"].corpus.articles[0]
    path = f"/articles/{article.slug}/p/{article.passages[0].key}"
    started = time.perf_counter()
    client.get(f"{path}/card.png")
    drawn = time.perf_counter()
    client.get(f"{path}/card.png")
    kept = time.perf_counter()
    print(f"{path}/card.png: first request {(drawn - started) * 1000:.1f} ms, repeated {(kept - drawn) * 1000:.2f} ms (the response cache)")
    print(f"{'passage page':22} {'raw':>8} {'gzip':>8} {'brotli':>8}")
    sizes = {encoding: len(client.get(path, headers={"Accept-Encoding": encoding} if encoding else {}).data) for encoding in (None, "gzip", "br")}
    page = client.get(path).get_data(as_text=True)
    without = ADDED.sub("", page)
    lean = {None: len(without.encode()), **{encoding: len(compress(without, encoding)) for encoding in ("gzip", "br")}}
    print(f"{'with the new tags':22} " + " ".join(f"{sizes[e]:>8,}" for e in (None, "gzip", "br")))
    print(f"{'without them':22} " + " ".join(f"{lean[e]:>8,}" for e in (None, "gzip", "br")))
    print(f"{'added':22} " + " ".join(f"{sizes[e] - lean[e]:>8,}" for e in (None, "gzip", "br")) + "  bytes; the card itself: 0 (a page does not load it)")


def compress(text: str, encoding: str) -> bytes:
    """As http.py compresses a page."""
    body = text.encode()
    return brotli.compress(body, quality=9) if encoding == "br" else gzip.compress(body, compresslevel=6, mtime=0)


def main() -> None:
    config = {"TESTING": True}
    if len(sys.argv) > 1:
        config["CORPUS_DIR"] = str(Path(sys.argv[1]).resolve())
    app = create_app(config)
    draw_all(app)
    through_the_app(app)


if __name__ == "__main__":
    main()

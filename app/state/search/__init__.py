"""Full-text search: write_index() and open_index() (building.py), and search(), which answers a
request with its results grouped by article.

The package, by job: analysis.py (how text becomes terms: the Whoosh schema and analyzer),
building.py (the index on disk and the processes that build it), postings.py (the postings arrays
beside Whoosh's index), evaluation.py (a query's matches and scores), facets.py (filters and
their counts), excerpts.py (what a hit shows), request.py (the URL's parameters), settings.py (the
app's settings search and writing are given). Nothing outside this package imports Whoosh.

Whoosh is used through its documented API, with these exceptions, each pinned by a test that
fails saying what changed if a Whoosh release changes it (tests/state/test_whoosh_reliance.py):
analysis.Recorder relies on when and how Whoosh's writer calls the analyzer, on an analyzer's
filters being its items, and on Whoosh pickling the schema with __getstate__; the postings
arrays' scores re-derive Whoosh's BM25F (its idf, its average field length, `scoring.bm25`), and
a test compares every match's score with Whoosh's own searcher.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from markupsafe import Markup
from whoosh import query
from whoosh.qparser import AndGroup, OrGroup

from app.model import Article, Passage
from app.state.search import excerpts
from app.state.search.building import ENGINE, SearchIndex, open_index, write_index, writing_index
from app.state.search.evaluation import Evaluation, parse, searched_words
from app.state.search.facets import FacetValue
from app.state.search.request import BadSearch, SearchRequest, looks_for_something, well_formed
from app.state.search.settings import SearchSettings

__all__ = [
    "ENGINE", "ArticleHits", "NoSuchPage", "SearchHit", "SearchIndex", "SearchResults", "SearchSettings", "best_passages",
    "open_index", "search", "write_index", "writing_index",
]

PASSAGES_SHOWN = 3  # of each article's matching passages: its best ones, in passage order


class NoSuchPage(BadSearch):
    """A page past the last one of these results."""


@dataclass(frozen=True)
class SearchHit:
    """One passage found: where it is, how well it matched, and its excerpt with marked terms."""

    article: Article
    passage: Passage
    score: float | None
    excerpt: Markup


@dataclass(frozen=True)
class ArticleHits:
    """One article among the results: its passages shown (in passage order) and how many matched."""

    article: Article
    hits: tuple[SearchHit, ...]
    matched: int
    score: float | None  # its best passage's


@dataclass(frozen=True)
class SearchResults:
    """A page of results and everything the page says about them."""

    request: SearchRequest
    groups: tuple[ArticleHits, ...]
    total: int
    articles: int
    pages: int
    page_size: int  # articles a page: what the page numbering and /api/search's page_size read
    all_words: bool
    corrected: str | None
    also_matched: tuple[str, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    timed_out: bool

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        """The passages shown on this page: best first, or in the order asked for."""
        shown = [hit for group in self.groups for hit in group.hits]
        if self.request.sort != "relevance":
            return tuple(shown)
        return tuple(sorted(shown, key=lambda hit: -hit.score))


def search(built: SearchIndex, request: SearchRequest, settings: SearchSettings) -> SearchResults:
    """Answer `request`; NoSuchPage if it asks for a page past the last one."""
    built.facets.check(request.filters)
    evaluation = Evaluation(built, deadline=time.monotonic() + settings.time_limit_seconds)
    searched = well_formed(_joined(built, request.query))
    every_word, any_word = (parse(built, searched, group, settings.prefix_terms) for group in (AndGroup, OrGroup))
    chosen, all_words = query.NullQuery, True
    matched, scores = evaluation.matches(chosen)
    if looks_for_something(request.query):
        chosen, (matched, scores) = every_word, evaluation.matches(every_word)
        all_words = every_word == any_word or bool(matched.any())
        if not all_words:
            chosen, (matched, scores) = any_word, evaluation.matches(any_word)
    found = np.flatnonzero(built.facets.kept(matched, request.filters))
    article_of = built.facets.article_of[found]
    starts = np.flatnonzero(np.diff(article_of, prepend=-1)) if len(found) else np.zeros(0, np.int64)
    size = settings.page_size
    pages = max(1, -(-len(starts) // size))
    if request.page > pages:
        raise NoSuchPage(f"There is no page {request.page}: these results have {pages} page{'s' if pages > 1 else ''}.")
    order = _article_order(request.sort, scores[found], starts)
    on_page = order[(request.page - 1) * size:request.page * size]
    bounds = np.append(starts, len(found))
    words, formatter = searched_words(chosen, built.postings), excerpts.ExcerptFormatter(tagname="mark", classname="hit", termclass="t")
    ranked = request.sort == "relevance"
    groups = tuple(_group(built, found[bounds[g]:bounds[g + 1]], scores, ranked, words, formatter) for g in on_page)
    return SearchResults(
        request=request, groups=groups, total=len(found), articles=len(starts), pages=pages, page_size=size, all_words=all_words,
        corrected=excerpts.corrected(request.query, built.schema["text"].analyzer, built.postings, built.vocabulary),
        also_matched=excerpts.also_matched(request.query, built.aliases, [hit.passage for group in groups for hit in group.hits]),
        facets=built.facets.counts(matched, request.filters), timed_out=evaluation.timed_out,
    )


def best_passages(built: SearchIndex, words: list[str], limit: int, settings: SearchSettings) -> list[tuple[Article, Passage]]:
    """The `limit` passages that score best for any of `words` (plain words, no operators), best
    first: candidates for a caller that compares them more closely (the quote check)."""
    wanted = " ".join(word.lower() for word in words if word.isalnum())
    if not wanted:
        return []
    evaluation = Evaluation(built, deadline=time.monotonic() + settings.time_limit_seconds)
    matched, scores = evaluation.matches(parse(built, wanted, OrGroup, settings.prefix_terms))
    found = np.flatnonzero(matched)
    if len(found) > limit:  # the best `limit` chosen first: sorting every match costs most at 10,000 articles
        found = found[np.argpartition(-scores[found], limit - 1)[:limit]]
    best = found[np.lexsort((found, -scores[found]))]
    return [built.facets.entries[ordinal] for ordinal in best.tolist()]


def _joined(built: SearchIndex, text: str) -> str:
    for pattern, joined in built.joins:
        text = pattern.sub(joined, text)
    return text


def _article_order(sort: str, scores: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The order of the articles found (numbered by `starts`, their first passages among the hits):
    by their best passage's score, or by date (ordinals are in publication order)."""
    if sort == "relevance" and len(starts):
        return np.argsort(-np.maximum.reduceat(scores, starts), kind="stable")
    numbers = np.arange(len(starts))
    return numbers[::-1] if sort == "newest" else numbers


def _group(built: SearchIndex, ordinals: np.ndarray, scores: np.ndarray, ranked: bool, words, formatter) -> ArticleHits:
    """An article's hits: its best PASSAGES_SHOWN passages (its first, by date), in passage order."""
    shown = np.sort(ordinals[np.argsort(-scores[ordinals], kind="stable")[:PASSAGES_SHOWN]]) if ranked else ordinals[:PASSAGES_SHOWN]
    analyzer = built.schema["text"].analyzer
    hits = []
    for ordinal in shown.tolist():
        article, passage = built.facets.entries[ordinal]
        score = round(float(scores[ordinal]), 4) if ranked else None
        hits.append(SearchHit(article, passage, score, excerpts.excerpt(passage, words, analyzer, formatter)))
    best = round(float(scores[ordinals].max()), 4) if ranked else None
    return ArticleHits(hits[0].article, tuple(hits), len(ordinals), best)

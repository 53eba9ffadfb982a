"""The JSON routes (/api/…): the archive's data for programs. Thin, like the HTML views."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from . import urls
from .archive import current_archive
from .search import PAGE_SIZE, SearchHit, SearchResults, search
from .search_request import BadSearch, read_request

api = Blueprint("api", __name__, url_prefix="/api")


@api.errorhandler(BadSearch)
def bad_search(error: BadSearch):
    return jsonify(error=error.message), error.status


@api.route("/search")
def search_json():
    wanted = read_request(request.args)
    if not wanted.query:
        raise BadSearch(" ".join(["Say what to search for in the `q` parameter, for example /api/search?q=drones.", *wanted.notes]))
    return jsonify(_results(search(current_archive().search_index, wanted)))


def _results(results: SearchResults) -> dict:
    wanted = results.request
    return {
        "query": wanted.query,
        "corrected_query": results.corrected,
        "all_words_matched": results.all_words,
        "also_matched": list(results.also_matched),
        "notes": list(wanted.notes),
        "sort": wanted.sort,
        "filters": wanted.filters,
        "total_hits": results.total,
        "total_articles": results.articles,
        "page": wanted.page,
        "pages": results.pages,
        "page_size": PAGE_SIZE,
        "timed_out": results.timed_out,
        "facets": {name: [{"value": v.value, "count": v.count} for v in values] for name, values in results.facets.items()},
        "hits": [_hit(hit) for hit in results.hits],
    }


def _hit(hit: SearchHit) -> dict:
    base = current_archive().base_url
    return {
        "slug": hit.article.slug,
        "key": hit.passage.key,
        "number": hit.passage.number,
        "headline": hit.article.title,
        "headline_supplied": hit.article.title_supplied,
        "outlet": hit.article.outlet,
        "published": hit.article.published.iso,
        "url": urls.absolute(base, urls.passage_in_context(hit.passage)),
        "permalink": urls.absolute(base, urls.passage_permalink(hit.passage)),
        "score": hit.score,
        "excerpt": str(hit.excerpt),
    }

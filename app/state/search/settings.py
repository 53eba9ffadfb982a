"""SearchSettings: what search and the index's writing are told by the app's settings (app/settings.py).

Passed to search() and write_index() rather than kept as module constants, so that an app made
with other settings (a test's, say) searches with them, and every page and answer reads the
page size from the results it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchSettings:
    page_size: int  # articles a page
    time_limit_seconds: float  # past it a search stops and says so
    prefix_terms: int  # the most words a prefix stands for
    writers: int  # processes writing the index's shards
    shard_passages: int  # the fewest passages a shard holds

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> SearchSettings:
        """From the app's settings, as app.settings.read() gives them."""
        return cls(
            page_size=config["SEARCH_PAGE_SIZE"],
            time_limit_seconds=config["SEARCH_TIME_LIMIT"],
            prefix_terms=config["SEARCH_PREFIX_TERMS"],
            writers=config["INDEX_WRITERS"],
            shard_passages=config["INDEX_SHARD_PASSAGES"],
        )

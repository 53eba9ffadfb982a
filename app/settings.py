"""Every setting the archive reads: declared once, with its environment variable, default and help.

The README documents each one (a test checks it), and nothing else reads the environment. A value
comes as text (the environment, the defaults) or from a test's config; read() turns each into
what the code uses, once, and a value it cannot use stops startup naming the variable.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.corpus.problems import StartupError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingError(StartupError):
    """A setting's value cannot be used; the message names its variable and what it may be."""


def whole_number(text: str) -> int:
    if not (text.strip().isascii() and text.strip().isdigit()) or int(text) < 1:
        raise ValueError("a whole number of at least 1")
    return int(text)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValueError("a number of seconds, 0 or more")
    return value


def rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ValueError("a number of requests a second, above 0")
    return value


def addresses(text: str) -> frozenset[str]:
    """IP addresses, comma-separated (a typo would silently trust no one, or ignore everyone)."""
    try:
        return frozenset(str(ipaddress.ip_address(part.strip())) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValueError("IP addresses, comma-separated (such as 127.0.0.1, ::1)") from None


def processes(text: str) -> int:
    """`auto`: one per core this process may use (read when the app is made, not at import)."""
    if text == "auto":
        return len(os.sched_getaffinity(0))
    try:
        return whole_number(text)
    except ValueError:
        raise ValueError("auto or a whole number of at least 1") from None


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str
    read: Callable[[str], object] = str  # the text to the value the code uses; ValueError if it cannot be one


SETTINGS = (
    Setting(
        "CORPUS_DIR",
        "ARCHIVE_CORPUS",
        str(PROJECT_ROOT / "corpus"),
        "Folder holding the corpus (originals/, articles/, permalinks.lock …). Defaults to the repository's corpus/.",
    ),
    Setting(
        "STATE_DIR",
        "ARCHIVE_STATE_DIR",
        str(PROJECT_ROOT / "var" / "state"),
        "Folder where the state built from the corpus (search index, passages, related passages) is kept, "
        "one subfolder per corpus version, so a restart with an unchanged corpus reads it instead of building it again. "
        "Only the archive's user may write it. Defaults to var/state/ in the repository.",
    ),
    Setting(
        "SITE_NAME",
        "ARCHIVE_SITE_NAME",
        "Iran on the War in Ukraine",
        "The archive's name: in every page's title and header, link previews, the feed and citations.",
    ),
    Setting(
        "SITE_SHORT_NAME",
        "ARCHIVE_SITE_SHORT_NAME",
        "Iran on Ukraine",
        "The archive's name in at most 16 characters, as a browser lists it among its search engines (OpenSearch's ShortName).",
    ),
    Setting(
        "SITE_DESCRIPTION",
        "ARCHIVE_SITE_DESCRIPTION",
        "What Iran’s leaders said about Russia’s war on Ukraine, 2022–2023: "
        "the captured articles, a curated edition and a permanent link to every passage.",
        "What the archive holds, in a sentence: the description of every page that has none of its own (and of its link previews).",
    ),
    Setting(
        "BASE_URL",
        "ARCHIVE_BASE_URL",
        "http://127.0.0.1:8000",
        "Absolute URL the archive is published at, without a trailing slash; used for canonical links, "
        "link previews, feeds and citations. Set it to the public URL when serving behind a proxy or CDN.",
    ),
    Setting(
        "SEARCH_PAGE_SIZE",
        "ARCHIVE_SEARCH_PAGE_SIZE",
        "10",
        "Articles on a page of search results, on /search and /api/search alike.",
        whole_number,
    ),
    Setting(
        "SEARCH_TIME_LIMIT",
        "ARCHIVE_SEARCH_TIME_LIMIT",
        "2",
        "Seconds a search may take: past them it shows what it found, says it was stopped, and its answer is not cached. "
        "0 stops every search before it looks.",
        seconds,
    ),
    Setting(
        "SEARCH_PREFIX_TERMS",
        "ARCHIVE_SEARCH_PREFIX_TERMS",
        "100",
        "The most words a prefix such as provoc* stands for: the first ones in alphabetical order.",
        whole_number,
    ),
    Setting(
        "INDEX_WRITERS",
        "ARCHIVE_INDEX_WRITERS",
        "auto",
        "Processes writing the search index's shards when the state is built; auto is one per core the archive may use.",
        processes,
    ),
    Setting(
        "INDEX_SHARD_PASSAGES",
        "ARCHIVE_INDEX_SHARD_PASSAGES",
        "5000",
        "The fewest passages a shard of the search index holds: a smaller corpus is written by fewer processes, "
        "since starting one costs more than it saves.",
        whole_number,
    ),
    Setting(
        "TRUSTED_PROXIES",
        "ARCHIVE_TRUSTED_PROXIES",
        "",
        "Addresses of the proxies in front of the archive (comma-separated, e.g. 127.0.0.1 for nginx on the same machine), "
        "whose X-Forwarded-For names the client; from any other address the header is ignored and the connection's address "
        "is the client's. Empty by default: no proxy is trusted.",
        addresses,
    ),
    Setting(
        "EXPENSIVE_RATE",
        "ARCHIVE_EXPENSIVE_RATE",
        "5",
        "Searches and cards each client (by address) may ask for a second, on average, from each worker; past it the "
        "answer is 429 with Retry-After.",
        rate,
    ),
    Setting(
        "EXPENSIVE_BURST",
        "ARCHIVE_EXPENSIVE_BURST",
        "20",
        "How many searches and cards a client may ask for at once, before ARCHIVE_EXPENSIVE_RATE applies.",
        whole_number,
    ),
)


def defaults() -> dict[str, str]:
    return {setting.name: setting.default for setting in SETTINGS}


def from_environment() -> dict[str, str]:
    return {setting.name: os.environ[setting.env] for setting in SETTINGS if os.environ.get(setting.env)}


def read(config: Mapping[str, object]) -> dict[str, object]:
    """Every setting's value in `config`, as the code uses it; SettingError for one it cannot use."""
    values = {}
    for setting in SETTINGS:
        text = str(config[setting.name])
        try:
            values[setting.name] = setting.read(text)
        except ValueError as error:
            raise SettingError(f"{setting.env}={text!r} cannot be used: it must be {error}") from None
    return values

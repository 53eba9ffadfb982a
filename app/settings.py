"""Every setting the archive reads: declared once, with its environment variable and help.

The README documents each one (a test checks it), and nothing else reads the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


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
        "TRUSTED_PROXIES",
        "ARCHIVE_TRUSTED_PROXIES",
        "",
        "Addresses of the proxies in front of the archive (comma-separated, e.g. 127.0.0.1 for nginx on the same machine), "
        "whose X-Forwarded-For names the client; from any other address the header is ignored and the connection's address "
        "is the client's. Empty by default: no proxy is trusted.",
    ),
    Setting(
        "EXPENSIVE_RATE",
        "ARCHIVE_EXPENSIVE_RATE",
        "5",
        "Searches and cards each client (by address) may ask for a second, on average, from each worker; past it the "
        "answer is 429 with Retry-After.",
    ),
    Setting(
        "EXPENSIVE_BURST",
        "ARCHIVE_EXPENSIVE_BURST",
        "20",
        "How many searches and cards a client may ask for at once, before ARCHIVE_EXPENSIVE_RATE applies.",
    ),
)


def defaults() -> dict[str, str]:
    return {setting.name: setting.default for setting in SETTINGS}


def from_environment() -> dict[str, str]:
    return {setting.name: os.environ[setting.env] for setting in SETTINGS if os.environ.get(setting.env)}

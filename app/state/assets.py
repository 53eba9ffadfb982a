"""Static files under content-hashed names, read once at startup and served from memory.

`static/css/archive.css` is published as `css/archive.<hash>.css` under the static route: its
URL changes when its bytes do, so it can be cached for a year as immutable.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

_HASH_LENGTH = 10


@dataclass(frozen=True)
class Asset:
    name: str  # the published, hashed name, e.g. css/archive.0123456789.css
    data: bytes
    mimetype: str


@dataclass(frozen=True)
class Assets:
    by_source: dict[str, Asset]
    by_name: dict[str, Asset]

    def published_name(self, source: str) -> str:
        """The hashed name of a file under static/ (the route table gives its URL); a missing
        file is a bug, so it raises."""
        return self.by_source[source].name

    def lookup(self, name: str) -> Asset | None:
        return self.by_name.get(name)


def load_assets(folder: Path) -> Assets:
    by_source, by_name = {}, {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        source = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:_HASH_LENGTH]
        stem, dot, suffix = source.rpartition(".")
        name = f"{stem}.{digest}.{suffix}" if dot else f"{source}.{digest}"
        mimetype = mimetypes.guess_type(source)[0] or "application/octet-stream"
        asset = Asset(name, data, mimetype)
        by_source[source] = by_name[name] = asset
    return Assets(by_source, by_name)

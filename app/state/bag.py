"""The whole archive as one BagIt bag (RFC 8493), zipped: what an archivist takes away.

Under data/ the bag holds every file the corpus was read from (Corpus.files), byte for byte:
the captures with their SHA256SUMS (originals/), the edition (articles/), the events, the
people, the aliases and the permalinks lock and history. manifest-sha256.txt lists each with
its SHA-256, tagmanifest-sha256.txt the tag files, and bag-info.txt names the archive and
the corpus digest and counts the files (Payload-Oxum: bytes.files).

It is written once per corpus version, with the rest of the state (app.state.store), and
served from that file. The zip is deterministic: its entries in a fixed order, each with the
same timestamp and permissions, deflated at a fixed level; so one corpus gives one file, one
ETag and the same bytes from every worker.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.corpus import read_corpus_file
from app.model import Corpus

BAG_FILE = "archive.zip"
TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no time of building leaks into the bytes
PERMISSIONS = 0o644 << 16  # rw-r--r--, in the zip's Unix attribute field
# The fastest deflate: higher levels save a few per cent of a zip of mostly text, for much more of
# every build's time (the figures: bench/RESULTS.md, "The bag and the capture alignment").
LEVEL = 1
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


@dataclass(frozen=True)
class Bag:
    """The zipped bag in the state folder: where it is, and what a download is told."""

    path: Path
    name: str  # its folder inside the zip, and the name the download is saved under
    size: int
    sha256: str

    @property
    def etag(self) -> str:
        return self.sha256[:32]


def bag_name(corpus: Corpus) -> str:
    return f"archive-{corpus.digest[:12]}"


def write_bag(corpus: Corpus, corpus_dir: Path, site_name: str, target: Path) -> str:
    """Writes the zipped bag of `corpus` (read again from `corpus_dir`) to `target`; its SHA-256."""
    root = bag_name(corpus)
    listed, octets = [], 0
    with zipfile.ZipFile(target, "w") as bag:
        _add(bag, f"{root}/bagit.txt", BAGIT_TXT)
        for name, sha256 in corpus.files:
            data = read_corpus_file(corpus_dir, name, sha256)
            _add(bag, f"{root}/data/{name}", data)
            listed.append((sha256, f"data/{name}"))
            octets += len(data)
        tags = {
            "bag-info.txt": _bag_info(corpus, site_name, octets),
            "manifest-sha256.txt": _manifest(listed),
        }
        tags["tagmanifest-sha256.txt"] = _manifest(
            [(hashlib.sha256(data).hexdigest(), name) for name, data in [("bagit.txt", BAGIT_TXT), *tags.items()]]
        )
        for name, data in tags.items():
            _add(bag, f"{root}/{name}", data)
    with target.open("rb") as written:
        return hashlib.file_digest(written, "sha256").hexdigest()


def _add(bag: zipfile.ZipFile, name: str, data: bytes) -> None:
    entry = zipfile.ZipInfo(name, date_time=TIMESTAMP)
    entry.create_system = 3  # Unix, wherever it is built, so that the permissions below are read
    entry.external_attr = PERMISSIONS
    bag.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)


def _bag_info(corpus: Corpus, site_name: str, octets: int) -> bytes:
    name = " ".join(site_name.split())  # a tag value is one line
    fields = [
        ("Source-Organization", name),
        ("External-Description", f"{name}: {len(corpus.articles)} news articles, each as captured (data/originals/, byte for byte) "
                                 "and as a curated edition (data/articles/), with the timeline's events, the people named, "
                                 "their aliases and every published passage URL (data/permalinks.lock)."),
        ("External-Identifier", f"corpus sha256:{corpus.digest}"),
        ("Payload-Oxum", f"{octets}.{len(corpus.files)}"),
    ]
    return "".join(f"{label}: {value}\n" for label, value in fields).encode("utf-8")


def _manifest(entries: list[tuple[str, str]]) -> bytes:
    """`sha256  path` lines; a path's %, CR and LF percent-encoded (RFC 8493, 2.1.3)."""
    encode = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
    return "".join(f"{sha256}  {path.translate(encode)}\n" for sha256, path in entries).encode("utf-8")

"""The SHA-256 of files as they were last read, with what stat() said of them then, so that a
start does not read the whole corpus again to name its state folder (git's index does the same).

A file is read again unless its size, modification and change times and inode are all as
recorded. Its change time (ctime) cannot be set back by any tool that copies or touches it, and
a file that had changed less than SETTLED_NS (or the `settled_ns` given) before it was hashed is
hashed again the next time:
it could have changed again within one tick of the file system's clock and look the same.
The record is a JSON file beside the state folders, written whole and renamed into place; a
record that cannot be read or written is only a slower start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

SETTLED_NS = 2_000_000_000


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class FileHashes:
    """SHA-256 by (absolute) path, read from and saved to `record`; `read` lists the files it had to read."""

    def __init__(self, record: Path, settled_ns: int = SETTLED_NS):
        self.record, self.settled_ns = record, settled_ns
        self.known: dict[str, list] = {}
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            self.known = dict(json.loads(record.read_text("utf-8")))
        self.seen: dict[str, list] = {}
        self.read: list[str] = []

    def sha256(self, path: str) -> str:
        status = os.stat(path)
        signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
        match self.known.get(path):
            case [recorded, str(sha256)] if recorded == signature:
                pass
            case _:
                sha256 = file_sha256(path)
                self.read.append(path)
        if time.time_ns() - status.st_ctime_ns > self.settled_ns:
            self.seen[path] = [signature, sha256]
        return sha256

    def save(self) -> None:
        """Records the files hashed or confirmed since this record was read (others are forgotten)."""
        with contextlib.suppress(OSError):
            descriptor, temporary = tempfile.mkstemp(prefix=".file-hashes-", dir=self.record.parent)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                    json.dump(self.seen, file)
                os.replace(temporary, self.record)
            finally:
                Path(temporary).unlink(missing_ok=True)

"""The state's files held open from the moment they were checked against the manifest, so that
a file changed, shrunk, replaced or removed under a running server is noticed before it is read.

The state is read in place: the search postings are memory-mapped, Whoosh opens its files
when it searches, the bag is sent from its file. A file truncated under a mapping kills the
process that touches the lost pages (SIGBUS), and one overwritten in place gives other
answers with nothing in the log. So each file is opened once, when the state is opened, and
hashed through that descriptor against the manifest; what fstat() says of it then (size,
modification and change times: writing, truncating, chmod and unlinking all move the change
time) is kept. check() compares what fstat() says now, and that the path still names the same
file (a replaced or removed one does not): a few microseconds a file, before a request
reads the state and again before its answer is kept. The first difference found is logged
with the file's name, and the state stays damaged for this process: only a restart, which
checks the manifest again and builds the state afresh, makes it whole.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("archive")
MANIFEST = "MANIFEST.sha256"
CHUNK = 1 << 20


class StateDamaged(Exception):
    """A state file is not as it was checked; `path` names it, `what` says how it differs."""

    def __init__(self, path: Path, what: str):
        super().__init__(f"the state file {path} {what} since it was checked: restart the archive to build the state again")
        self.path, self.what = path, what


@dataclass(frozen=True)
class Held:
    path: Path
    descriptor: int
    size: int
    modified_ns: int
    changed_ns: int
    inode: int


class HeldFiles:
    """Every file of a state folder, checked and held open (see the module's docstring)."""

    def __init__(self, files: dict[str, Held]):
        self.files = files
        self.damage: StateDamaged | None = None

    @classmethod
    def checked(cls, folder: Path) -> HeldFiles:
        """Opens every file the manifest lists, each hashed through its descriptor; ValueError
        if the folder's files or their contents differ from the manifest."""
        expected = dict(line.split("  ", 1)[::-1] for line in (folder / MANIFEST).read_text("utf-8").splitlines())
        found = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MANIFEST}
        if set(found) != set(expected):
            raise ValueError(f"its files differ from its manifest: {sorted(set(found) ^ set(expected))[:3]}")
        held = cls({})
        try:
            for name, path in found.items():
                held.files[name] = _held(path)
                if _sha256(held.files[name].descriptor) != expected[name]:
                    raise ValueError(f"{name} differs from its manifest")
        except BaseException:
            held.close()
            raise
        return held

    def check(self) -> None:
        """StateDamaged if any file is not as it was checked (and from then on)."""
        if self.damage is None:
            for held in self.files.values():
                what = _difference(held)
                if what:
                    self.damage = StateDamaged(held.path, what)
                    log.error("state damaged: %s", self.damage)
                    break
        if self.damage is not None:
            raise self.damage

    def descriptor(self, name: str) -> int:
        return self.files[name].descriptor

    def close(self) -> None:
        for held in self.files.values():
            os.close(held.descriptor)
        self.files = {}


def _held(path: Path) -> Held:
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    seen = os.fstat(descriptor)
    return Held(path, descriptor, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns, seen.st_ino)


def _sha256(descriptor: int) -> str:
    digest, offset = hashlib.sha256(), 0
    while data := os.pread(descriptor, CHUNK, offset):
        digest.update(data)
        offset += len(data)
    return digest.hexdigest()


def _difference(held: Held) -> str | None:
    """How the file differs from when it was checked, or None."""
    try:
        named = os.stat(held.path).st_ino
    except OSError:
        return "was removed"
    if named != held.inode:
        return "was replaced by another file"
    now = os.fstat(held.descriptor)
    if now.st_size != held.size:
        return f"has {now.st_size:,} bytes instead of {held.size:,}"
    if (now.st_mtime_ns, now.st_ctime_ns) != (held.modified_ns, held.changed_ns):
        return "was written or had its permissions changed"
    return None

"""The archive's built state kept on disk, one folder per corpus version, so that a restart with
an unchanged corpus reads what an earlier start built instead of building it again.

A folder is named by the SHA-256 of every file in the corpus folder (name and bytes), of the
code that builds the state and of the engine beneath it: it is never used for another corpus,
nor by other code; a file unchanged since the last start is not read again to name it
(file_hashes.py). It is built under a temporary name in a child process, given a manifest of
its files' SHA-256 and renamed into place only when complete (a rename is atomic; if another
process got there first, its folder is used). A folder that fails its manifest or cannot be read
is logged, removed and built again. Its files are written read-only (0444), and are held open
from the moment they are checked against the manifest (held_files.py), so that one changed under
a running server is noticed. The state is read with pickle, which can run code: the folder is
created private to the archive's user (0700) and must stay so.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from app.corpus.problems import StartupError
from app.state.file_hashes import SETTLED_NS, FileHashes, file_sha256
from app.state.forked import in_child, out_of_space
from app.state.held_files import MANIFEST, HeldFiles

log = logging.getLogger("archive")
State = TypeVar("State")

HASHES_FILE = "file-hashes.json"  # beside the state folders: see file_hashes.py
KEPT = 3  # state folders kept: those of the most recently used corpus versions
BUILDING = ".building-"
ABANDONED_AFTER_SECONDS = 24 * 3600  # a temporary folder this old was left by a build that died
CODE = Path(__file__).resolve().parent.parent  # the app package: every module of it
STATE_BYTES_PER_CORPUS_BYTE = 6  # the real corpus: 68 KB of files, a state of 391 KB


class StateFolderError(StartupError):
    """The state folder cannot be created or written."""


class Loaded(NamedTuple, Generic[State]):
    """The state as `load` made it, and its files, checked and held open."""

    state: State
    files: HeldFiles


def load_or_build(state_dir: Path, corpus_dir: Path, builder: str, build: Callable[[Path, Path], None],
                  load: Callable[[Path], State], settled_ns: int = SETTLED_NS) -> Loaded[State]:
    """The state for the corpus in `corpus_dir`: `load`ed from its folder in `state_dir`, after
    `build(corpus_dir, folder)` has written it there (in a child process) if no usable folder exists.
    `builder` names what builds it beyond this code (the engine and its version); `settled_ns`, when
    a file's hash is kept for the next start (file_hashes.py)."""
    started = time.perf_counter()
    hashes = FileHashes(state_dir / HASHES_FILE, settled_ns)
    folder = state_dir / source_key(corpus_dir, builder, hashes)
    state = _loaded(folder, load) if folder.is_dir() else None
    if state is None:
        _build_into(state_dir, folder, partial(build, corpus_dir), corpus_dir)
        files = HeldFiles.checked(folder)
        state = Loaded(load(folder), files)
    with contextlib.suppress(OSError):  # a state folder mounted read-only is still read
        os.utime(folder)  # the most recently used folders are the ones kept
    hashes.save()
    log.info("state %s ready in %.0f ms (%s; %d files read to name it, the others unchanged since the last start)",
             folder.name[:12], (time.perf_counter() - started) * 1000, folder, len(hashes.read))
    return state


def source_key(corpus_dir: Path, builder: str, hashes: FileHashes) -> str:
    """SHA-256 of the corpus folder's files and of the code that builds from them (each file's
    own SHA-256 as `hashes` knows it, or reads it)."""
    combined = hashlib.sha256(builder.encode())
    for root, label, suffix in ((corpus_dir.resolve(), "corpus", ""), (CODE, "code", ".py")):
        for name, path in _files_under(root, suffix):
            combined.update(f"{label}/{name}\0{hashes.sha256(path)}\n".encode())
    return combined.hexdigest()


def _files_under(root: Path, suffix: str) -> list[tuple[str, str]]:
    """Every file under `root` whose name ends with `suffix`: its path from `root`, and its whole
    path (strings, not Paths: this runs over every file at every start, and for a large corpus
    pathlib's objects cost more than the rest of it; bench/RESULTS.md)."""
    found = []
    for folder, _, names in os.walk(root, followlinks=True):  # a linked folder is read as the corpus's own
        within = os.path.relpath(folder, root)
        prefix = "" if within == "." else within.replace(os.sep, "/") + "/"
        found += [(prefix + name, os.path.join(folder, name)) for name in names if name.endswith(suffix)]
    return sorted(found)


def _loaded(folder: Path, load: Callable[[Path], State]) -> Loaded[State] | None:
    files = None
    try:
        files = HeldFiles.checked(folder)
        return Loaded(load(folder), files)
    except Exception as error:  # an unpickler can raise anything: never serve such a state, build it again
        log.warning("state %s is unusable (%s: %s); building it again", folder.name[:12], type(error).__name__, error)
        if files is not None:
            files.close()
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _build_into(state_dir: Path, folder: Path, build: Callable[[Path], None], corpus_dir: Path) -> None:
    try:
        state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=BUILDING, dir=state_dir))
    except OSError as error:
        raise StateFolderError(
            f"cannot write the built state to {state_dir} ({error.strerror}): "
            "set ARCHIVE_STATE_DIR to a folder the archive's user may write"
        ) from None
    try:
        started = time.perf_counter()
        with _space_checked(state_dir, corpus_dir):
            in_child(build, temporary).result()
            log.info("state %s built in %.0f ms by a child process (peak memory %.0f MB)", folder.name[:12],
                     (time.perf_counter() - started) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            _read_only(temporary)
            write_manifest(temporary)
        try:
            temporary.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
            log.info("state %s was built meanwhile by another process: using that one", folder.name[:12])
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    _prune(state_dir)


@contextlib.contextmanager
def _space_checked(state_dir: Path, corpus_dir: Path):
    """A write that fails for want of space (ENOSPC, or a short write, which numpy reports without
    an errno) stops startup with one line saying so and how much is needed; the caller removes
    what was written."""
    try:
        yield
    except OSError as error:
        if not out_of_space(error):
            raise
        corpus_bytes = sum(os.path.getsize(path) for _, path in _files_under(corpus_dir.resolve(), ""))
        needed = math.ceil(corpus_bytes * STATE_BYTES_PER_CORPUS_BYTE / 1e6)
        raise StateFolderError(f"no space left on device while writing the state to {state_dir} (it needs about {needed} MB)") from None


def write_manifest(folder: Path) -> None:
    """Lists the SHA-256 of every file in `folder`, checked before the folder is used (HeldFiles.checked)."""
    lines = [f"{file_sha256(path)}  {name}" for name, path in _files(folder)]
    manifest = folder / MANIFEST
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    manifest.chmod(0o444)


def _read_only(folder: Path) -> None:
    """Nothing writes a state once built: its files are made read-only, so that a mistaken write
    by hand or by a program fails instead of changing what a running server reads."""
    for _, path in _files(folder):
        path.chmod(0o444)


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path.relative_to(folder).as_posix(), path


def _prune(state_dir: Path) -> None:
    """Removes all but the KEPT most recently used states, and builds abandoned long ago; leaves
    alone whatever else is in the folder (a file, a link) and what it cannot look at."""
    states, now = [], time.time()
    for entry in state_dir.iterdir():
        try:
            age = now - entry.lstat().st_mtime
        except OSError:  # removed meanwhile by another process
            continue
        if entry.is_symlink() or not entry.is_dir():
            continue
        if entry.name.startswith(BUILDING):
            if age > ABANDONED_AFTER_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        else:
            states.append((age, entry))
    for _, entry in sorted(states)[KEPT:]:
        shutil.rmtree(entry, ignore_errors=True)

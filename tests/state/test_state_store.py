"""The built state kept on disk: built once per corpus version, reused, never used for another
corpus or code, rebuilt when damaged, written atomically, shared by the workers."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from app import create_app
from app.corpus.problems import CorpusError, Problem
from app.state import store as state_store
from app.state.file_hashes import FileHashes
from app.state.forked import ChildFailed, in_child
from app.state.search.request import read_request
from harness.server import serving
from tests.conftest import edit

BUILDER = "test builder 1"


def build_counting(corpus_dir: Path, folder: Path) -> None:
    """A stand-in build: copies the corpus's one file and notes, outside the folder, that it ran."""
    with (corpus_dir.parent / "builds").open("a") as builds:
        builds.write(f"{os.getpid()}\n")
    (folder / "copy").write_bytes((corpus_dir / "text").read_bytes())
    (folder / "nested").mkdir()
    (folder / "nested" / "part").write_text("part")


def load_copy(folder: Path) -> str:
    return (folder / "copy").read_text()


def key_of(corpus_dir: Path) -> str:
    """The name of the corpus's state folder, every file read afresh."""
    return state_store.source_key(corpus_dir, BUILDER, FileHashes(corpus_dir.parent / "no record"))


def folders(state: Path) -> list[Path]:
    """The state folders (beside them is the record of file hashes)."""
    return [path for path in state.iterdir() if path.is_dir()]


def builds(corpus_dir: Path) -> int:
    counted = corpus_dir.parent / "builds"
    return len(counted.read_text().split()) if counted.exists() else 0


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "text").write_text("first version")
    return folder


def load_or_build(state: Path, corpus_dir: Path, builder: str = BUILDER, build=build_counting, **options) -> str:
    return state_store.load_or_build(state, corpus_dir, builder, build=build, load=load_copy, **options).state


def test_the_state_is_built_once_in_a_child_then_read(tmp_path, corpus_dir):
    state = tmp_path / "state"
    assert load_or_build(state, corpus_dir) == "first version"
    assert load_or_build(state, corpus_dir) == "first version"
    assert builds(corpus_dir) == 1
    assert int((corpus_dir.parent / "builds").read_text()) != os.getpid()
    [folder] = folders(state)
    assert folder.name == key_of(corpus_dir) and (state.stat().st_mode & 0o777) == 0o700
    assert sorted(p.name for p in folder.rglob("*")) == ["MANIFEST.sha256", "copy", "nested", "part"]


def test_a_changed_corpus_is_never_served_an_old_state(tmp_path, corpus_dir):
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)
    (corpus_dir / "text").write_text("second version")
    assert load_or_build(state, corpus_dir) == "second version"
    (corpus_dir / "new file").write_text("")  # a file the build never reads still changes the key
    load_or_build(state, corpus_dir)
    assert builds(corpus_dir) == 3


def test_other_code_or_engine_builds_its_own_state(tmp_path, corpus_dir):
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)
    load_or_build(state, corpus_dir, builder="test builder 2")
    assert builds(corpus_dir) == 2 and len(folders(state)) == 2


@pytest.mark.parametrize("damage", ["changed", "removed", "added", "manifest removed"])
def test_a_damaged_state_is_removed_and_built_again(tmp_path, corpus_dir, caplog, damage):
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)
    folder = state / key_of(corpus_dir)
    if damage == "changed":
        (folder / "nested" / "part").write_text("tampered")
    elif damage == "removed":
        (folder / "copy").unlink()
    elif damage == "added":
        (folder / "stray").write_text("")
    else:
        (folder / state_store.MANIFEST).unlink()
    assert load_or_build(state, corpus_dir) == "first version"
    assert builds(corpus_dir) == 2 and "is unusable" in caplog.text and "building it again" in caplog.text
    assert (folder / "nested" / "part").read_text() == "part"


def test_a_state_that_cannot_be_loaded_is_built_again(tmp_path, corpus_dir, caplog):
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)
    calls = []

    def load_failing_once(folder):
        calls.append(folder)
        if len(calls) == 1:
            raise EOFError("Ran out of input")
        return load_copy(folder)

    assert state_store.load_or_build(state, corpus_dir, BUILDER, build=build_counting, load=load_failing_once).state == "first version"
    assert builds(corpus_dir) == 2 and "EOFError: Ran out of input" in caplog.text


def broken_corpus(corpus_dir: Path, folder: Path) -> None:
    (folder / "half written").write_text("")
    raise CorpusError([Problem("corpus/articles/x.md", "no title", 3), Problem("corpus/events.toml", "bad date")])


def test_a_broken_corpus_found_in_the_child_is_the_same_error_here_and_leaves_nothing(tmp_path, corpus_dir):
    state = tmp_path / "state"
    with pytest.raises(CorpusError) as raised:
        load_or_build(state, corpus_dir, build=broken_corpus)
    assert raised.value.problems == (Problem("corpus/articles/x.md", "no title", 3), Problem("corpus/events.toml", "bad date"))
    assert str(raised.value).startswith("the corpus has 2 problems:")
    assert list(state.iterdir()) == []


def dies(corpus_dir: Path, folder: Path) -> None:
    os._exit(9)


def test_a_child_that_dies_is_an_error_naming_it(tmp_path, corpus_dir):
    with pytest.raises(ChildFailed, match=r"'dies' ended without an answer \(exit code 9\)"):
        load_or_build(tmp_path / "state", corpus_dir, build=dies)
    assert list((tmp_path / "state").iterdir()) == []


def test_an_unwritable_state_folder_stops_startup_with_one_message(tmp_path, corpus_dir):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    with pytest.raises(state_store.StateFolderError, match=re.escape(f"cannot write the built state to {blocker / 'state'}") + ".*ARCHIVE_STATE_DIR"):
        load_or_build(blocker / "state", corpus_dir)


def test_a_state_finished_first_by_another_process_is_used(tmp_path, corpus_dir):
    state = tmp_path / "state"
    key = key_of(corpus_dir)

    def raced(corpus_dir, folder):
        build_counting(corpus_dir, folder)
        shutil.copytree(folder, state / key)  # the other process renames its folder into place first
        (state / key / "copy").write_text("theirs")
        state_store.write_manifest(state / key)

    assert load_or_build(state, corpus_dir, build=raced) == "theirs"
    assert [p.name for p in folders(state)] == [key]


def test_only_the_most_recently_used_states_are_kept(tmp_path, corpus_dir):
    state = tmp_path / "state"
    state.mkdir()
    (state / "README").write_text("not a state")
    (state / "dangling").symlink_to(tmp_path / "nowhere")
    abandoned = state / f"{state_store.BUILDING}old"
    abandoned.mkdir()
    os.utime(abandoned, (0, 0))
    for version in range(state_store.KEPT + 2):
        (corpus_dir / "text").write_text(f"version {version}")
        load_or_build(state, corpus_dir)
    folders = [p for p in state.iterdir() if p.is_dir() and not p.is_symlink()]
    assert len(folders) == state_store.KEPT and not abandoned.exists()
    assert (state / key_of(corpus_dir)).is_dir()
    assert (state / "README").read_text() == "not a state" and (state / "dangling").is_symlink()


def hayasi(archive) -> int:
    return archive.search(read_request({"q": "Hayasi"})).total


def test_the_apps_state_survives_the_round_trip(tmp_path, corpus_copy):
    config = {"CORPUS_DIR": str(corpus_copy), "STATE_DIR": str(tmp_path / "state")}
    built, read = (create_app(config).extensions["archive"] for _ in range(2))
    assert read.corpus == built.corpus and read.related == built.related
    assert read.search_index.doc_count == built.search_index.doc_count == 6 and hayasi(read) == 0
    edit(corpus_copy / "aliases.toml", '[[alias]]\nname = "Kyiv"', '[[alias]]\nname = "Hayashi"\nspellings = ["Hayasi"]\n\n[[alias]]\nname = "Kyiv"')
    changed = create_app(config).extensions["archive"]
    assert changed.corpus.digest != built.corpus.digest and hayasi(changed) == 1


def test_gunicorn_builds_once_then_restarts_from_the_kept_state(tmp_path, corpus_copy):
    environment = {"ARCHIVE_STATE_DIR": str(tmp_path / "state"), "ARCHIVE_WORKERS": "2"}
    with serving(tmp_path / "first.log", corpus_copy, **environment):
        pass
    with serving(tmp_path / "second.log", corpus_copy, **environment):
        pass
    first, second = ((tmp_path / name).read_text("utf-8") for name in ("first.log", "second.log"))
    assert re.search(r"6 passages indexed for search in \d+ ms", first) and "corpus loaded and checked" in first
    assert "indexed" not in second and "loaded and checked" not in second and re.search(r"state \w{12} ready in", second)
    assert len(folders(tmp_path / "state")) == 1  # one state, read by both workers


def a_build_failing_while_its_child_waits(release, told: Path):
    """A build that starts a child and fails. The child waits for `release`, then writes into the
    build's folder and tells `told` whether it could (the folder is removed once the build has ended)."""
    def build(corpus_dir: Path, folder: Path) -> None:
        def child() -> None:
            release.wait()
            try:
                (folder / "child finished").write_text("")
                told.write_text("the build's folder was there")
            except FileNotFoundError:
                told.write_text("the build's folder was already removed")

        in_child(child)
        (told.parent / "build pid").write_text(str(os.getpid()))
        raise ValueError("the build failed")

    return build


def release_once_the_build_waits_or_is_removed(state: Path, pid_file: Path, release) -> None:
    """Releases the child once the build's process is blocked waiting for its children (the kernel
    says so in /proc/<pid>/wchan), or once its folder is gone (it did not wait: the test fails)."""
    while not pid_file.exists():
        threading.Event().wait(0.01)
    wchan = Path(f"/proc/{pid_file.read_text()}/wchan")
    for _ in range(3000):  # at most about 30 s, should the kernel never say so
        waiting = wchan.exists() and wchan.read_text() == "do_wait"
        if waiting or not list(state.glob(f"{state_store.BUILDING}*")):
            break
        threading.Event().wait(0.01)
    release.set()


def test_a_failed_build_ends_only_once_its_children_have(tmp_path, corpus_dir):
    state, told, release = tmp_path / "state", tmp_path / "told", multiprocessing.get_context("fork").Event()
    watcher = threading.Thread(target=release_once_the_build_waits_or_is_removed, args=(state, tmp_path / "build pid", release))
    watcher.start()
    try:
        with pytest.raises(ValueError, match="the build failed"):
            load_or_build(state, corpus_dir, build=a_build_failing_while_its_child_waits(release, told))
    finally:
        release.set()
        watcher.join()
    assert told.read_text() == "the build's folder was there"


def test_a_state_folder_that_cannot_be_written_is_still_read(tmp_path, corpus_dir, monkeypatch):
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)

    def read_only(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    # A fault of the system, not a setting: root (as tests may run) passes permission bits, and a
    # read-only mount needs privileges a test does not have.
    monkeypatch.setattr(state_store.os, "utime", read_only)
    assert load_or_build(state, corpus_dir) == "first version" and builds(corpus_dir) == 1


def files_read(caplog) -> int:
    """How many files the last load_or_build() read to name the state (from its log)."""
    return int(re.findall(r"; (\d+) files read to name it", caplog.text)[-1])


def test_a_file_changed_in_place_with_its_times_put_back_is_read_again(tmp_path, corpus_dir):
    state = tmp_path / "state"
    assert load_or_build(state, corpus_dir, settled_ns=0) == "first version"  # every file hashed counts as settled
    text = corpus_dir / "text"
    before = text.stat()
    text.write_text("other version")  # the same size
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert text.stat().st_size == before.st_size and text.stat().st_mtime_ns == before.st_mtime_ns
    assert load_or_build(state, corpus_dir, settled_ns=0) == "other version"


def test_a_settled_file_is_not_read_again_and_a_fresh_one_is(tmp_path, corpus_dir, caplog):
    caplog.set_level(logging.INFO, logger="archive")
    state = tmp_path / "state"
    load_or_build(state, corpus_dir)
    every_file = files_read(caplog)
    assert every_file > 1  # the corpus's file and the code's
    load_or_build(state, corpus_dir)
    assert 1 <= files_read(caplog) < every_file  # the text, written just now: it could change again unseen within a tick of the clock
    load_or_build(state, corpus_dir, settled_ns=0)
    assert load_or_build(state, corpus_dir, settled_ns=0) == "first version"
    assert files_read(caplog) == 0


@pytest.mark.parametrize("record", ["", "not json", "[1, 2]", '{"x": 3}', '{"/a": [[1, 2, 3, 4], 5]}'])
def test_an_unreadable_record_of_hashes_only_means_reading_the_files(tmp_path, corpus_dir, record):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / state_store.HASHES_FILE).write_text(record)
    assert load_or_build(state, corpus_dir) == "first version"
    assert load_or_build(state, corpus_dir) == "first version" and builds(corpus_dir) == 1


def test_a_change_inside_a_linked_folder_of_the_corpus_changes_its_state(tmp_path, corpus_dir):
    elsewhere = tmp_path / "captures kept elsewhere"
    elsewhere.mkdir()
    (elsewhere / "capture").write_text("first capture")
    (corpus_dir / "originals").symlink_to(elsewhere, target_is_directory=True)
    before = key_of(corpus_dir)
    (elsewhere / "capture").write_text("other capture")
    assert key_of(corpus_dir) != before

"""The state's files held open from their check against the manifest: each change seen, and named."""

import os

import pytest

from app.state.held_files import HeldFiles, StateDamaged
from app.state.store import write_manifest


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "postings").write_bytes(b"x" * 1000)
    (tmp_path / "bag").write_bytes(b"y" * 10)
    write_manifest(tmp_path)
    return tmp_path


def test_files_that_differ_from_the_manifest_are_not_opened(folder):
    os.chmod(folder / "bag", 0o644)
    (folder / "bag").write_bytes(b"z" * 10)
    with pytest.raises(ValueError, match="bag differs from its manifest"):
        HeldFiles.checked(folder)


@pytest.mark.parametrize(("damage", "said"), [
    (lambda path: os.truncate(path, 10), "has 10 bytes instead of 1,000"),
    (lambda path: os.chmod(path, 0o644), "was written or had its permissions changed"),
    (lambda path: os.unlink(path), "was removed"),
    (lambda path: (path.with_name("new").write_bytes(b"x" * 1000), os.replace(path.with_name("new"), path)), "was replaced"),
])
def test_a_change_after_the_check_is_named_and_stays_until_a_restart(folder, damage, said):
    held = HeldFiles.checked(folder)
    held.check()
    damage(folder / "index" / "postings")
    for _ in range(2):
        with pytest.raises(StateDamaged, match=said) as raised:
            held.check()
        assert "index/postings" in str(raised.value)

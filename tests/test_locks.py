"""The requirement locks agree with the .in files they are compiled from (`make lock`), and
deploy/locks.py tells an up-to-date venv from one that needs an install.

The closure is computed from the metadata of the packages installed here (the dev venv, in step
with requirements-dev.txt), so the test needs no network: every package the locked packages
require, with the extras asked for (gunicorn[gevent]), must be locked, and nothing else."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from deploy.locks import Pin, lock_digest, normalise, out_of_step, read_lock
from tests.conftest import ROOT

LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}


def direct_requirements(path: Path) -> list[Requirement]:
    """The requirements of a .in file, following its -r includes (a -c constraint adds none)."""
    found = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += direct_requirements(path.parent / line.removeprefix("-r ").strip())
        elif line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def marker_holds(marker: Marker | None, extra: str = "") -> bool:
    return marker is None or marker.evaluate({"extra": extra})


def closure(requirements: list[Requirement], lock: dict[str, Pin]) -> tuple[set[str], list[str]]:
    """Every package these requirements need here, and the problems found on the way: one not
    locked, locked at a version a requirement excludes, or installed at another version."""
    needed: set[str] = set()
    problems: list[str] = []
    expanded: set[tuple[str, frozenset[str]]] = set()
    pending = [(requirement, "the .in file") for requirement in requirements if marker_holds(requirement.marker)]
    while pending:
        requirement, wanted_by = pending.pop()
        name = normalise(requirement.name)
        needed.add(name)
        pin = lock.get(name)
        if pin is None:
            problems.append(f"{name} (required by {wanted_by}) is not in the lock")
            continue
        if not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{name} {pin.version} does not satisfy {requirement} (required by {wanted_by})")
        if metadata.version(name) != pin.version:
            problems.append(f"{name} is installed at {metadata.version(name)}, locked at {pin.version}: run make dev-deps")
            continue
        if (name, frozenset(requirement.extras)) in expanded:
            continue
        expanded.add((name, frozenset(requirement.extras)))
        extras = ["", *sorted(requirement.extras)]
        dependencies = map(Requirement, metadata.requires(name) or [])
        pending += [(dependency, name) for dependency in dependencies if any(marker_holds(dependency.marker, extra) for extra in extras)]
    return needed, problems


@pytest.mark.parametrize("source, lock", LOCKS.items())
def test_a_lock_holds_exactly_what_its_in_file_needs_at_versions_it_allows(source, lock):
    pins = read_lock(ROOT / lock)
    needed, problems = closure(direct_requirements(ROOT / source), pins)
    assert problems == [], "run make lock"
    applicable = {name for name, pin in pins.items() if not pin.marker or Marker(pin.marker).evaluate()}
    assert applicable - needed == set(), f"{lock} pins packages nothing in {source} needs: run make lock"


@pytest.mark.parametrize("lock", LOCKS.values())
def test_every_locked_package_carries_hashes(lock):
    pins = read_lock(ROOT / lock)
    assert len(pins) > 10
    assert [name for name, pin in pins.items() if not pin.hashes or not all(h.startswith("sha256:") for h in pin.hashes)] == []


def test_the_dev_lock_has_every_runtime_package_at_the_same_version_and_hashes():
    runtime, dev = read_lock(ROOT / "requirements.txt"), read_lock(ROOT / "requirements-dev.txt")
    differing = [name for name, pin in runtime.items() if name not in dev or (dev[name].version, dev[name].hashes) != (pin.version, pin.hashes)]
    assert differing == []


def test_gunicorn_is_locked_with_what_its_gevent_worker_imports():
    """What broke `make run` on a fresh machine: gunicorn's gevent worker imports packaging,
    which gunicorn requires only under its gevent extra."""
    assert Requirement("gunicorn[gevent]==27.0.1").name in {r.name for r in direct_requirements(ROOT / "requirements.in")}
    assert "packaging" in read_lock(ROOT / "requirements.txt")


@pytest.fixture
def lock(tmp_path) -> Path:
    """A lock pinning one package installed here, at its installed version."""
    path = tmp_path / "requirements.txt"
    path.write_text(f"packaging=={metadata.version('packaging')} \\\n    --hash=sha256:{'0' * 64}\n", "utf-8")
    return path


def test_a_venv_is_in_step_when_its_stamp_holds_the_lock_digest_and_every_pin_is_installed(lock, tmp_path):
    stamp = tmp_path / ".run-deps"
    assert out_of_step(lock, stamp) == "no complete install recorded yet"
    stamp.write_text(lock_digest(lock) + "\n")
    assert out_of_step(lock, stamp) is None


def test_a_changed_lock_needs_an_install(lock, tmp_path):
    stamp = tmp_path / ".run-deps"
    stamp.write_text(lock_digest(lock) + "\n")
    lock.write_text(lock.read_text() + "# a comment\n")
    assert out_of_step(lock, stamp) == f"{lock} has changed since the last install"


@pytest.mark.parametrize(
    "pinned, reason",
    [
        ("archive-no-such-package==1.0", "archive-no-such-package is not installed"),
        ("packaging==0.1", "packaging is {installed}, {lock} pins 0.1"),
    ],
)
def test_a_missing_or_other_version_of_a_pinned_package_needs_an_install(tmp_path, pinned, reason):
    lock, stamp = tmp_path / "requirements.txt", tmp_path / ".run-deps"
    lock.write_text(f"{pinned} \\\n    --hash=sha256:{'0' * 64}\n")
    stamp.write_text(lock_digest(lock) + "\n")
    assert out_of_step(lock, stamp) == reason.format(installed=metadata.version("packaging"), lock=lock)


def test_a_pin_whose_marker_excludes_this_interpreter_is_not_required(tmp_path):
    lock, stamp = tmp_path / "requirements.txt", tmp_path / ".run-deps"
    lock.write_text("archive-no-such-package==1.0 ; sys_platform == 'no-such-platform' \\\n    --hash=sha256:" + "0" * 64 + "\n")
    stamp.write_text(lock_digest(lock) + "\n")
    assert out_of_step(lock, stamp) is None
